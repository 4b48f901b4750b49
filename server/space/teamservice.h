// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/user.h"
#include "protocol/teams.h"
#include "store/teamrepository.h"

#include <QObject>

#include <functional>

namespace Metaverse
{

class Database;
class EventBus;
class SpaceService;

// WebSocket close codes of the space socket when a user's access to a space ends (websocket.md).
namespace AccessCloseCode
{
inline constexpr int Revoked = 4003; // removed from the space, or banned
inline constexpr int Kicked = 4006; // kicked: may rejoin after KICK_COOLDOWN_SECONDS
} // namespace AccessCloseCode

// A page of every space, for Admins.
struct SpacePage {
    QList<Rest::SpaceListing> spaces;
    qint64 total = 0;
};

// Who may join a space with whom: sharing (user search, invite links, members) and moderation
// (kicks, bans, chat mutes, the audit log) of spaces. Managing is for the space's owner and
// Admins (SpaceAccess::canManage); a moderator never acts on the owner, an owner never on an
// Admin. Every change to members, invites, bans, kicks and mutes writes an audit entry in the
// same transaction. When a user's access to a space ends (removed, banned, kicked) accessRevoked
// tells the hubs, which close their sockets there on every instance.
class TeamService : public QObject
{
    Q_OBJECT
public:
    TeamService(
        const Database &db, EventBus &events, SpaceService &spaces, int kickCooldownSeconds, QObject *parent = nullptr);

    Result<QList<Rest::UserMatch>> searchUsers(const QString &prefix);
    // GET /space/all: what the caller sees, with owners and the caller's access.
    Result<QList<Rest::SpaceListing>> visibleSpaces(const User &caller);
    // Every space (no templates), for Admins (the route checks the role).
    Result<SpacePage> allSpaces(const User &caller, int page, int pageSize);

    Result<Rest::InviteCreated> createInvite(
        const User &caller, const QString &spaceId, const Rest::CreateInviteRequest &request);
    Result<QList<Rest::Invite>> invites(const User &caller, const QString &spaceId);
    Status revokeInvite(const User &caller, const QString &spaceId, const QString &inviteId);
    // Makes the caller a member (once); the space's id. NoSuchLink for an unknown token, Gone for
    // an expired, used-up or revoked one, Forbidden for a banned caller.
    Result<QString> acceptInvite(const User &caller, const QString &token);

    // Members, as SpaceService has them, plus the ban rule, the audit log and revocation.
    Result<SpaceMember> addMember(const User &caller, const QString &spaceId, const QString &username, bool canEdit);
    Status removeMember(const User &caller, const QString &spaceId, const QString &userId);

    Status kick(const User &caller, const QString &spaceId, const QString &userId);
    Status ban(const User &caller, const QString &spaceId, const QString &userId, const QString &reason);
    Status unban(const User &caller, const QString &spaceId, const QString &userId);
    Result<QList<Rest::Ban>> bans(const User &caller, const QString &spaceId);
    Status mute(const User &caller, const QString &spaceId, const QString &userId, int minutes);
    Status unmute(const User &caller, const QString &spaceId, const QString &userId);
    Result<QList<Rest::Mute>> mutes(const User &caller, const QString &spaceId);
    Result<QList<Rest::AuditEntry>> audit(const User &caller, const QString &spaceId, const Rest::AuditQuery &query);

    // Whether the user may join the space's socket now: not banned, no kick cooldown running.
    Status admission(const User &user, const QString &spaceId);
    // Whether the user may chat in the rooms of the space now: not muted (ChatService asks).
    Status chatAllowed(const User &user, const QString &spaceId);

    // The SHA-256 (hex) under which an invite's token is stored.
    static QByteArray hashToken(const QString &token);

    // Runs `change` and writes its audit entry and domain event in one transaction: all are stored or
    // none. Other services' moderation (ChatService's message deletion) goes through it too.
    Status audited(const AuditRecord &record, const std::function<Status(TeamRepository &)> &change);

Q_SIGNALS:
    // The user's access to the space ended: close their sockets there with `closeCode`.
    void accessRevoked(const QString &spaceId, const QString &userId, int closeCode, const QString &reason);

private:
    // The space (not a template) if the caller may manage it.
    Result<Space> managed(const User &caller, const QString &spaceId);
    // The user a moderator acts on: exists, is not the owner, not the moderator, and not an Admin
    // unless the moderator is one.
    Result<User> moderatable(const User &caller, const Space &space, const QString &userId);

    const Database &m_db;
    EventBus &m_events;
    SpaceService &m_spaces;
    int m_kickCooldownSeconds;
};

} // namespace Metaverse
