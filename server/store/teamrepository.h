// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"
#include "protocol/teams.h"

#include <optional>

namespace Metaverse
{

// A space as the space lists show it: its owner's name and the viewer's membership.
struct SpaceListRow {
    Space space;
    QString ownerName;
    std::optional<bool> canEdit; // the viewer's membership (nullopt: none)
};

// A stored invite with what accepting it needs.
struct StoredInvite {
    Rest::Invite invite;
    bool revoked = false;
};

// A timed restriction of a user in a space (space_timeouts.kind).
enum class Timeout { Kick, Mute };

// One audit log line to write.
struct AuditRecord {
    QString spaceId;
    QString actorId;
    QString action;
    QString targetUserId;
    QJsonObject detail;
};

// Sharing and moderation: user search, space lists with owners, invites, bans, timed kicks and
// mutes, and the audit log (migration 0004). Times are milliseconds since the epoch.
class TeamRepository
{
public:
    explicit TeamRepository(const Database &db)
        : m_db(db)
    {
    }

    static qint64 nowMs();

    // At most `limit` users whose lower-cased name starts with `lowerPrefix`, by name. Uses an index
    // on lower(username) on both dialects (a range on SQLite, LIKE with text_pattern_ops on PostgreSQL).
    Result<QList<Rest::UserMatch>> searchUsers(const QString &lowerPrefix, int limit);

    // The user's own spaces, the spaces they are a member of, and every template.
    Result<QList<SpaceListRow>> visibleSpaces(const QString &userId);
    // Every space that is not a template, newest first, a page of them; and how many there are.
    Result<QList<SpaceListRow>> allSpaces(int limit, int offset);
    Result<qint64> countSpaces();

    Status insertInvite(const Rest::Invite &invite, const QByteArray &tokenHash);
    Result<QList<Rest::Invite>> invites(const QString &spaceId);
    // Marks an invite of the space revoked; NotFound when there is none (or it was revoked).
    Status revokeInvite(const QString &spaceId, const QString &inviteId);
    Result<std::optional<StoredInvite>> findInvite(const QByteArray &tokenHash);
    // Counts one use if the invite is live (not revoked, not expired, uses left), in one UPDATE;
    // false when it was not.
    Result<bool> consumeInvite(const QString &inviteId, qint64 now);

    Status insertBan(const QString &spaceId, const QString &userId, const QString &reason, const QString &by);
    // NotFound when the user was not banned.
    Status removeBan(const QString &spaceId, const QString &userId);
    Result<QList<Rest::Ban>> bans(const QString &spaceId);
    Result<bool> isBanned(const QString &spaceId, const QString &userId);

    Status setTimeout(Timeout kind, const QString &spaceId, const QString &userId, qint64 until, const QString &by);
    // NotFound when there was no live one.
    Status clearTimeout(Timeout kind, const QString &spaceId, const QString &userId, qint64 now);
    // When the user's live restriction of `kind` ends, if they have one.
    Result<std::optional<qint64>> timeoutUntil(Timeout kind, const QString &spaceId, const QString &userId, qint64 now);
    Result<QList<Rest::Mute>> mutes(const QString &spaceId, qint64 now);

    Status addAudit(const AuditRecord &record);
    // Entries newest first, before the entry `beforeId` (empty: the newest); NotFound for an
    // unknown `beforeId`.
    Result<QList<Rest::AuditEntry>> audit(const QString &spaceId, const QString &beforeId, int limit);

private:
    const Database &m_db;
};

} // namespace Metaverse
