// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamservice.h"

#include "events/eventbus.h"

#include "model/spaceaccess.h"
#include "space/spaceservice.h"
#include "store/spacerepository.h"
#include "store/userrepository.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace Metaverse
{

namespace
{
Rest::SpaceListing listing(const User &viewer, const SpaceListRow &row)
{
    const auto access = SpaceAccess::accessName(viewer, row.space, SpaceAccess::membershipFrom(row.canEdit));
    return Rest::SpaceListing{row.space, row.ownerName, access};
}

Error unavailable()
{
    return Error::unavailable(QStringLiteral("The database is unavailable"));
}

QString newToken()
{
    QByteArray random(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(
        reinterpret_cast<quint32 *>(random.data()), reinterpret_cast<quint32 *>(random.data() + random.size()));
    return QString::fromLatin1(random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// The domain event of an audited change; none for members (SpaceService publishes theirs).
std::optional<DomainEvent> eventOf(const AuditRecord &record)
{
    static const QHash<QString, EventType> moderation{{QStringLiteral("kick"), EventType::ModerationKicked},
        {QStringLiteral("ban"), EventType::ModerationBanned}, {QStringLiteral("unban"), EventType::ModerationUnbanned},
        {QStringLiteral("mute"), EventType::ModerationMuted}, {QStringLiteral("unmute"), EventType::ModerationUnmuted}};
    if (record.action == QLatin1String("invite.revoke")) {
        return Events::invite(EventType::InviteRevoked, record.actorId, record.spaceId,
            record.detail.value(QStringLiteral("inviteId")).toString());
    }
    const auto type = moderation.constFind(record.action);
    if (type == moderation.cend()) {
        return std::nullopt;
    }
    return Events::moderation(*type, record.actorId, record.spaceId, record.targetUserId, record.detail);
}
} // namespace

TeamService::TeamService(
    const Database &db, EventBus &events, SpaceService &spaces, int kickCooldownSeconds, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_events(events)
    , m_spaces(spaces)
    , m_kickCooldownSeconds(kickCooldownSeconds)
{
}

QByteArray TeamService::hashToken(const QString &token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex();
}

Result<Space> TeamService::managed(const User &caller, const QString &spaceId)
{
    auto space = m_spaces.manageableSummary(caller, spaceId);
    if (space && space->isTemplate) {
        return Error::forbidden(QStringLiteral("Templates have no members"));
    }
    return space;
}

Result<User> TeamService::moderatable(const User &caller, const Space &space, const QString &userId)
{
    auto user = UserRepository(m_db).find(userId);
    if (!user) {
        return user.error();
    }
    if (!user->has_value()) {
        return Error::field(QStringLiteral("userId"), QStringLiteral("names no account"));
    }
    if (userId == caller.id) {
        return Error::field(QStringLiteral("userId"), QStringLiteral("is you"));
    }
    if (userId == space.creatorId) {
        return Error::forbidden(QStringLiteral("The owner of a space cannot be moderated in it"));
    }
    if ((*user)->isAdmin() && !caller.isAdmin()) {
        return Error::forbidden(QStringLiteral("Only an Admin may moderate an Admin"));
    }
    return **user;
}

Status TeamService::audited(const AuditRecord &record, const std::function<Status(TeamRepository &)> &change)
{
    EventTransaction tx(m_events);
    if (!tx.isActive()) {
        return unavailable();
    }
    TeamRepository teams(m_db);
    if (auto status = change(teams); !status) {
        return status;
    }
    if (auto status = teams.addAudit(record); !status) {
        return status;
    }
    if (auto event = eventOf(record)) {
        if (auto status = tx.add(std::move(*event)); !status) {
            return status;
        }
    }
    return tx.commit();
}

Result<QList<Rest::UserMatch>> TeamService::searchUsers(const QString &prefix)
{
    return TeamRepository(m_db).searchUsers(prefix.toLower(), Rest::UserSearchMaxResults);
}

Result<QList<Rest::SpaceListing>> TeamService::visibleSpaces(const User &caller)
{
    auto rows = TeamRepository(m_db).visibleSpaces(caller.id);
    if (!rows) {
        return rows.error();
    }
    QList<Rest::SpaceListing> result;
    result.reserve(rows->size());
    for (const auto &row : std::as_const(*rows)) {
        result.append(listing(caller, row));
    }
    return result;
}

Result<SpacePage> TeamService::allSpaces(const User &caller, int page, int pageSize)
{
    TeamRepository teams(m_db);
    auto total = teams.countSpaces();
    if (!total) {
        return total.error();
    }
    auto rows = teams.allSpaces(pageSize, (page - 1) * pageSize);
    if (!rows) {
        return rows.error();
    }
    SpacePage result{{}, *total};
    for (const auto &row : std::as_const(*rows)) {
        result.spaces.append(listing(caller, row));
    }
    return result;
}

Result<Rest::InviteCreated> TeamService::createInvite(
    const User &caller, const QString &spaceId, const Rest::CreateInviteRequest &request)
{
    auto space = managed(caller, spaceId);
    if (!space) {
        return space.error();
    }
    const auto now = QDateTime::currentDateTimeUtc();
    Rest::Invite invite{newId(), spaceId, request.canEdit, now.addSecs(qint64(request.expiresInHours) * 3600),
        request.maxUses, 0, caller.id, now};
    const QString token = newToken();
    EventTransaction tx(m_events);
    if (!tx.isActive()) {
        return unavailable();
    }
    TeamRepository teams(m_db);
    if (auto status = teams.insertInvite(invite, hashToken(token)); !status) {
        return status.error();
    }
    QJsonObject detail{{QStringLiteral("inviteId"), invite.id}, {QStringLiteral("canEdit"), request.canEdit},
        {QStringLiteral("expiresInHours"), request.expiresInHours},
        {QStringLiteral("maxUses"), request.maxUses ? QJsonValue(*request.maxUses) : QJsonValue()}};
    if (auto status = teams.addAudit({spaceId, caller.id, QStringLiteral("invite.create"), {}, detail}); !status) {
        return status.error();
    }
    if (auto status = tx.add(Events::invite(EventType::InviteCreated, caller.id, spaceId, invite.id, detail));
        !status) {
        return status.error();
    }
    if (auto status = tx.commit(); !status) {
        return status.error();
    }
    return Rest::InviteCreated{invite.id, token};
}

Result<QList<Rest::Invite>> TeamService::invites(const User &caller, const QString &spaceId)
{
    if (auto space = managed(caller, spaceId); !space) {
        return space.error();
    }
    return TeamRepository(m_db).invites(spaceId);
}

Status TeamService::revokeInvite(const User &caller, const QString &spaceId, const QString &inviteId)
{
    if (auto space = managed(caller, spaceId); !space) {
        return space.error();
    }
    return audited({spaceId, caller.id, QStringLiteral("invite.revoke"), {}, {{QStringLiteral("inviteId"), inviteId}}},
        [&](TeamRepository &teams) { return teams.revokeInvite(spaceId, inviteId); });
}

Result<QString> TeamService::acceptInvite(const User &caller, const QString &token)
{
    TeamRepository teams(m_db);
    auto found = teams.findInvite(hashToken(token));
    if (!found) {
        return found.error();
    }
    if (!found->has_value()) {
        return Error::noSuchLink(QStringLiteral("This invite link is not valid: check that it was copied whole"));
    }
    const StoredInvite &stored = **found;
    const QString spaceId = stored.invite.spaceId;
    const qint64 now = TeamRepository::nowMs();
    if (stored.revoked) {
        return Error::gone(QStringLiteral("This invite link was revoked"));
    }
    if (stored.invite.expiresAt.toMSecsSinceEpoch() <= now) {
        return Error::gone(QStringLiteral("This invite link has expired"));
    }
    auto space = SpaceRepository(m_db).findSummary(spaceId);
    if (!space) {
        return space.error();
    }
    if (!space->has_value()) {
        return Error::gone(QStringLiteral("The space of this invite link was deleted"));
    }
    if ((*space)->creatorId == caller.id) {
        return spaceId; // the owner needs no membership
    }
    auto banned = teams.isBanned(spaceId, caller.id);
    if (!banned) {
        return banned.error();
    }
    if (*banned) {
        return Error::forbidden(QStringLiteral("You are banned from this space"));
    }
    EventTransaction tx(m_events);
    if (!tx.isActive()) {
        return unavailable();
    }
    auto membership = SpaceRepository(m_db).membership(spaceId, caller.id);
    if (!membership) {
        return membership.error();
    }
    if (membership->has_value()) {
        return spaceId; // already a member: no second use
    }
    if (auto quota = m_spaces.checkMemberQuota(spaceId); !quota) {
        return quota.error();
    }
    auto consumed = teams.consumeInvite(stored.invite.id, now);
    if (!consumed) {
        return consumed.error();
    }
    if (!*consumed) {
        return Error::gone(QStringLiteral("This invite link has been used up"));
    }
    // Added concurrently by another request: the unique key refuses, nothing is committed.
    if (auto status = SpaceRepository(m_db).insertMember(spaceId, caller.id, stored.invite.canEdit); !status) {
        if (status.error().code == ErrorCode::Conflict) {
            return spaceId;
        }
        return status.error();
    }
    if (auto status = teams.addAudit({spaceId, caller.id, QStringLiteral("invite.accept"), caller.id,
            {{QStringLiteral("inviteId"), stored.invite.id}, {QStringLiteral("canEdit"), stored.invite.canEdit}}});
        !status) {
        return status.error();
    }
    if (auto status =
            tx.add(Events::memberAdded(caller.id, spaceId, caller.id, stored.invite.canEdit, stored.invite.id));
        !status) {
        return status.error();
    }
    if (auto status = tx.commit(); !status) {
        return status.error();
    }
    return spaceId;
}

Result<SpaceMember> TeamService::addMember(
    const User &caller, const QString &spaceId, const QString &username, bool canEdit)
{
    auto space = managed(caller, spaceId);
    if (!space) {
        return space.error();
    }
    auto user = UserRepository(m_db).findByUsername(username);
    if (!user) {
        return user.error();
    }
    TeamRepository teams(m_db);
    if (user->has_value()) {
        auto banned = teams.isBanned(spaceId, (*user)->id);
        if (!banned) {
            return banned.error();
        }
        if (*banned) {
            return Error::field(QStringLiteral("username"), QStringLiteral("is banned from this space; unban first"));
        }
    }
    EventTransaction tx(m_events);
    if (!tx.isActive()) {
        return unavailable();
    }
    auto member = m_spaces.addMember(caller, spaceId, username, canEdit);
    if (!member) {
        return member;
    }
    if (auto status = teams.addAudit(
            {spaceId, caller.id, QStringLiteral("member.add"), member->userId, {{QStringLiteral("canEdit"), canEdit}}});
        !status) {
        return status.error();
    }
    if (auto status = tx.commit(); !status) {
        return status.error();
    }
    return member;
}

Status TeamService::removeMember(const User &caller, const QString &spaceId, const QString &userId)
{
    if (auto status = audited({spaceId, caller.id, QStringLiteral("member.remove"), userId, {}},
            [&](TeamRepository &) { return m_spaces.removeMember(caller, spaceId, userId); });
        !status) {
        return status;
    }
    Q_EMIT accessRevoked(spaceId, userId, AccessCloseCode::Revoked, QStringLiteral("removed from the space"));
    return {};
}

Status TeamService::kick(const User &caller, const QString &spaceId, const QString &userId)
{
    auto space = managed(caller, spaceId);
    if (!space) {
        return space.error();
    }
    if (auto target = moderatable(caller, *space, userId); !target) {
        return target.error();
    }
    const qint64 until = TeamRepository::nowMs() + qint64(m_kickCooldownSeconds) * 1000;
    if (auto status = audited({spaceId, caller.id, QStringLiteral("kick"), userId,
                                  {{QStringLiteral("cooldownSeconds"), m_kickCooldownSeconds}}},
            [&](TeamRepository &teams) { return teams.setTimeout(Timeout::Kick, spaceId, userId, until, caller.id); });
        !status) {
        return status;
    }
    Q_EMIT accessRevoked(spaceId, userId, AccessCloseCode::Kicked,
        QStringLiteral("kicked from the space; you may rejoin in %1 s").arg(m_kickCooldownSeconds));
    return {};
}

Status TeamService::ban(const User &caller, const QString &spaceId, const QString &userId, const QString &reason)
{
    auto space = managed(caller, spaceId);
    if (!space) {
        return space.error();
    }
    if (auto target = moderatable(caller, *space, userId); !target) {
        return target.error();
    }
    if (auto status = audited({spaceId, caller.id, QStringLiteral("ban"), userId, {{QStringLiteral("reason"), reason}}},
            [&](TeamRepository &teams) -> Status {
                if (auto removed = SpaceRepository(m_db).removeMember(spaceId, userId);
                    !removed && removed.error().code != ErrorCode::NotFound) {
                    return removed;
                }
                return teams.insertBan(spaceId, userId, reason, caller.id);
            });
        !status) {
        return status;
    }
    Q_EMIT accessRevoked(spaceId, userId, AccessCloseCode::Revoked, QStringLiteral("banned from the space"));
    return {};
}

Status TeamService::unban(const User &caller, const QString &spaceId, const QString &userId)
{
    if (auto space = managed(caller, spaceId); !space) {
        return space.error();
    }
    return audited({spaceId, caller.id, QStringLiteral("unban"), userId, {}},
        [&](TeamRepository &teams) { return teams.removeBan(spaceId, userId); });
}

Result<QList<Rest::Ban>> TeamService::bans(const User &caller, const QString &spaceId)
{
    if (auto space = managed(caller, spaceId); !space) {
        return space.error();
    }
    return TeamRepository(m_db).bans(spaceId);
}

Status TeamService::mute(const User &caller, const QString &spaceId, const QString &userId, int minutes)
{
    auto space = managed(caller, spaceId);
    if (!space) {
        return space.error();
    }
    if (auto target = moderatable(caller, *space, userId); !target) {
        return target.error();
    }
    const qint64 until = TeamRepository::nowMs() + qint64(minutes) * 60 * 1000;
    return audited({spaceId, caller.id, QStringLiteral("mute"), userId, {{QStringLiteral("minutes"), minutes}}},
        [&](TeamRepository &teams) { return teams.setTimeout(Timeout::Mute, spaceId, userId, until, caller.id); });
}

Status TeamService::unmute(const User &caller, const QString &spaceId, const QString &userId)
{
    if (auto space = managed(caller, spaceId); !space) {
        return space.error();
    }
    return audited({spaceId, caller.id, QStringLiteral("unmute"), userId, {}}, [&](TeamRepository &teams) {
        return teams.clearTimeout(Timeout::Mute, spaceId, userId, TeamRepository::nowMs());
    });
}

Result<QList<Rest::Mute>> TeamService::mutes(const User &caller, const QString &spaceId)
{
    if (auto space = managed(caller, spaceId); !space) {
        return space.error();
    }
    return TeamRepository(m_db).mutes(spaceId, TeamRepository::nowMs());
}

Result<QList<Rest::AuditEntry>> TeamService::audit(
    const User &caller, const QString &spaceId, const Rest::AuditQuery &query)
{
    if (auto space = managed(caller, spaceId); !space) {
        return space.error();
    }
    return TeamRepository(m_db).audit(spaceId, query.before, query.limit);
}

Status TeamService::admission(const User &user, const QString &spaceId)
{
    TeamRepository teams(m_db);
    auto banned = teams.isBanned(spaceId, user.id);
    if (!banned) {
        return banned.error();
    }
    if (*banned) {
        return Error::forbidden(QStringLiteral("You are banned from this space"));
    }
    auto kicked = teams.timeoutUntil(Timeout::Kick, spaceId, user.id, TeamRepository::nowMs());
    if (!kicked) {
        return kicked.error();
    }
    if (kicked->has_value()) {
        const qint64 seconds = (**kicked - TeamRepository::nowMs() + 999) / 1000;
        return Error::forbidden(QStringLiteral("You were kicked from this space; you may rejoin in %1 s").arg(seconds));
    }
    return {};
}

Status TeamService::chatAllowed(const User &user, const QString &spaceId)
{
    auto muted = TeamRepository(m_db).timeoutUntil(Timeout::Mute, spaceId, user.id, TeamRepository::nowMs());
    if (!muted) {
        return muted.error();
    }
    if (muted->has_value()) {
        const auto until = QDateTime::fromMSecsSinceEpoch(**muted, Qt::UTC);
        return Error::muted(QStringLiteral("You are muted in this space until %1").arg(until.toString(Qt::ISODate)));
    }
    return {};
}

} // namespace Metaverse
