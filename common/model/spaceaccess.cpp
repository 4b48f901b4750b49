// SPDX-License-Identifier: GPL-3.0-or-later
#include "spaceaccess.h"

namespace Metaverse
{

namespace
{
bool owns(const User &user, const Space &space)
{
    return !space.isTemplate && !user.id.isEmpty() && space.creatorId == user.id;
}
} // namespace

bool SpaceAccess::needsMembership(const User &user, const Space &space)
{
    return !user.isAdmin() && !space.isTemplate && !owns(user, space);
}

bool SpaceAccess::canRead(const User &user, const Space &space, Membership membership)
{
    return user.isAdmin() || space.isTemplate || owns(user, space) || membership != Membership::None;
}

bool SpaceAccess::canEdit(const User &user, const Space &space, Membership membership)
{
    if (user.isAdmin()) {
        return true;
    }
    if (space.isTemplate) {
        return false;
    }
    return owns(user, space) || membership == Membership::Editor;
}

bool SpaceAccess::canManage(const User &user, const Space &space)
{
    return user.isAdmin() || owns(user, space);
}

QString SpaceAccess::accessName(const User &user, const Space &space, Membership membership)
{
    if (space.isTemplate) {
        return QStringLiteral("template");
    }
    if (owns(user, space)) {
        return QStringLiteral("owner");
    }
    if (membership != Membership::None) {
        return membership == Membership::Editor ? QStringLiteral("editor") : QStringLiteral("member");
    }
    return user.isAdmin() ? QStringLiteral("admin") : QString();
}

Membership SpaceAccess::membershipIn(const QList<SpaceMember> &members, const QString &userId)
{
    for (const auto &member : members) {
        if (member.userId == userId) {
            return member.canEdit ? Membership::Editor : Membership::Member;
        }
    }
    return Membership::None;
}

Membership SpaceAccess::membershipFrom(const std::optional<bool> &canEdit)
{
    if (!canEdit) {
        return Membership::None;
    }
    return *canEdit ? Membership::Editor : Membership::Member;
}

} // namespace Metaverse
