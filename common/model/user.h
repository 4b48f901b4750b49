// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "json.h"

#include <QString>

#include <optional>

namespace Metaverse
{

enum class Role { User, Admin };

QString roleName(Role role); // "User" | "Admin"
// Accepts "user"/"admin" in any case.
std::optional<Role> parseRole(const QString &value);

struct User {
    QString id;
    QString username;
    Role role = Role::User;
    QString avatarId; // empty when none chosen

    [[nodiscard]] bool isAdmin() const { return role == Role::Admin; }
    bool operator==(const User &) const = default;
};

// {id, username, role, avatarId}
QJsonObject toJson(const User &user);
template<>
Result<User> fromJson<User>(const QJsonValue &value);

} // namespace Metaverse
