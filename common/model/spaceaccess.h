// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/space.h"
#include "model/user.h"

#include <QList>

#include <optional>

namespace Metaverse
{

// A user's standing in a space they do not own.
enum class Membership {
    None, // not a member
    Member, // a member who may look but not edit
    Editor, // a member with the edit right (SpaceMember::canEdit)
};

// Who may do what in a space: the one rule, enforced by the server (SpaceService) and shown by
// the client (edit mode, the member panel).
//   read   = an Admin, the owner, a member, or anyone for a template;
//   edit   = an Admin, the owner, or a member with the edit right (templates: Admins only);
//   manage = an Admin or the owner (rename, delete, members; templates: Admins only).
// `space` may be a summary (no elements are needed).
//
// Adopting it: ask needsMembership() first; when it says false, pass Membership::None and save
// the lookup (the server's membership query, the client's GET /space/:id/members).
namespace SpaceAccess
{
// Whether the user's membership can change any answer below (not for Admins, owners or templates).
[[nodiscard]] bool needsMembership(const User &user, const Space &space);
[[nodiscard]] bool canRead(const User &user, const Space &space, Membership membership);
[[nodiscard]] bool canEdit(const User &user, const Space &space, Membership membership);
[[nodiscard]] bool canManage(const User &user, const Space &space);
// How the user comes to see the space, for the space list: "template", "owner", "editor",
// "member" or "admin" (an Admin who is neither owner nor member); empty when they may not read it.
[[nodiscard]] QString accessName(const User &user, const Space &space, Membership membership);

// The membership a member list gives `userId` (None when they are not on it).
[[nodiscard]] Membership membershipIn(const QList<SpaceMember> &members, const QString &userId);
// The membership a stored row gives: nothing is no member, else whether they may edit.
[[nodiscard]] Membership membershipFrom(const std::optional<bool> &canEdit);
} // namespace SpaceAccess

} // namespace Metaverse
