// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "json.h"

namespace Metaverse
{

struct Avatar {
    QString id;
    QString name;
    QString imageUrl;
    bool retired = false; // out of the library; users who chose it keep it (not in the JSON)
    bool operator==(const Avatar &) const = default;
};

// {id, name, imageurl}
QJsonObject toJson(const Avatar &avatar);
template<>
Result<Avatar> fromJson<Avatar>(const QJsonValue &value);

} // namespace Metaverse
