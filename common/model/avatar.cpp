// SPDX-License-Identifier: GPL-3.0-or-later
#include "avatar.h"

namespace Metaverse
{

QJsonObject toJson(const Avatar &avatar)
{
    return {{QStringLiteral("id"), avatar.id}, {QStringLiteral("name"), avatar.name},
        {QStringLiteral("imageurl"), avatar.imageUrl}};
}

template<>
Result<Avatar> fromJson<Avatar>(const QJsonValue &value)
{
    JsonReader in(value);
    Avatar avatar;
    avatar.id = in.string({"id"});
    avatar.name = in.optionalString({"name"}).value_or(QString());
    avatar.imageUrl = in.string({"imageurl", "imageUrl"});
    return in.finish(avatar);
}

} // namespace Metaverse
