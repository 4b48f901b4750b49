// SPDX-License-Identifier: GPL-3.0-or-later
#include "user.h"

namespace Metaverse
{

QString roleName(Role role)
{
    return role == Role::Admin ? QStringLiteral("Admin") : QStringLiteral("User");
}

std::optional<Role> parseRole(const QString &value)
{
    if (value.compare(QLatin1String("admin"), Qt::CaseInsensitive) == 0) {
        return Role::Admin;
    }
    if (value.compare(QLatin1String("user"), Qt::CaseInsensitive) == 0) {
        return Role::User;
    }
    return std::nullopt;
}

QJsonObject toJson(const User &user)
{
    return {{QStringLiteral("id"), user.id}, {QStringLiteral("username"), user.username},
        {QStringLiteral("role"), roleName(user.role)},
        {QStringLiteral("avatarId"), user.avatarId.isEmpty() ? QJsonValue() : QJsonValue(user.avatarId)}};
}

template<>
Result<User> fromJson<User>(const QJsonValue &value)
{
    JsonReader in(value);
    User user;
    user.id = in.string({"id"});
    user.username = in.string({"username"});
    const auto role = parseRole(in.string({"role"}));
    if (!role) {
        in.fail(QStringLiteral("role"), QStringLiteral("must be \"User\" or \"Admin\""));
    }
    user.role = role.value_or(Role::User);
    user.avatarId = in.optionalString({"avatarId"}).value_or(QString());
    return in.finish(user);
}

} // namespace Metaverse
