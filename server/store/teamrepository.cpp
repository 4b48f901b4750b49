// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamrepository.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QVariant>

namespace Metaverse
{

namespace
{
QDateTime fromMs(const QVariant &value)
{
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QString timeoutKind(Timeout kind)
{
    return kind == Timeout::Kick ? QStringLiteral("kick") : QStringLiteral("mute");
}

// Columns: the space (8 + max_users), the owner's name, the viewer's can_edit (NULL: no member).
const auto ListColumns = QStringLiteral("s.id, s.name, s.width, s.height, s.thumbnail, s.creator_id, s.is_template, "
                                        "s.revision, s.max_users, o.username");

SpaceListRow readRow(const QSqlQuery &q, bool withMembership)
{
    SpaceListRow row;
    Space &space = row.space;
    space.id = q.value(0).toString();
    space.name = q.value(1).toString();
    space.size = {q.value(2).toInt(), q.value(3).toInt()};
    space.thumbnail = q.value(4).toString();
    space.creatorId = q.value(5).toString();
    space.isTemplate = q.value(6).toBool();
    space.revision = q.value(7).toLongLong();
    if (!q.value(8).isNull()) {
        space.maxUsers = q.value(8).toInt();
    }
    row.ownerName = space.isTemplate ? QString() : q.value(9).toString();
    if (withMembership && !q.value(10).isNull()) {
        row.canEdit = q.value(10).toBool();
    }
    return row;
}

const auto InviteColumns =
    QStringLiteral("id, space_id, can_edit, expires_at, max_uses, uses, created_by, created_at, revoked");

StoredInvite readInvite(const QSqlQuery &q)
{
    StoredInvite stored;
    Rest::Invite &invite = stored.invite;
    invite.id = q.value(0).toString();
    invite.spaceId = q.value(1).toString();
    invite.canEdit = q.value(2).toBool();
    invite.expiresAt = fromMs(q.value(3));
    if (!q.value(4).isNull()) {
        invite.maxUses = q.value(4).toInt();
    }
    invite.uses = q.value(5).toInt();
    invite.createdBy = q.value(6).toString();
    invite.createdAt = fromMs(q.value(7));
    stored.revoked = q.value(8).toBool();
    return stored;
}
} // namespace

qint64 TeamRepository::nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

Result<QList<Rest::UserMatch>> TeamRepository::searchUsers(const QString &lowerPrefix, int limit)
{
    const auto read = [](const QSqlQuery &q) {
        return Rest::UserMatch{
            q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()};
    };
    const auto select =
        QStringLiteral("SELECT u.id, u.username, u.avatar_id, a.image_url FROM users u LEFT JOIN avatars a ON a.id = "
                       "u.avatar_id WHERE %1 ORDER BY lower(u.username) LIMIT ?");
    if (m_db.dialect() == SqlDialect::PostgreSQL) {
        QString pattern = lowerPrefix;
        pattern.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('%'), QLatin1String("\\%"))
            .replace(QLatin1Char('_'), QLatin1String("\\_"));
        return m_db.fetchAll<Rest::UserMatch>(select.arg(QStringLiteral("lower(u.username) LIKE ? ESCAPE '\\'")),
            {QString(pattern + QLatin1Char('%')), limit}, read);
    }
    // SQLite compares text bytewise (UTF-8 order is code point order): every name starting with
    // the prefix lies in [prefix, prefix + U+10FFFF), a range the index on lower(username) serves.
    return m_db.fetchAll<Rest::UserMatch>(
        select.arg(QStringLiteral("lower(u.username) >= ? AND lower(u.username) < ?")),
        {lowerPrefix, QString(lowerPrefix + QString::fromUcs4(U"\U0010FFFF")), limit}, read);
}

Result<QList<SpaceListRow>> TeamRepository::visibleSpaces(const QString &userId)
{
    return m_db.fetchAll<SpaceListRow>(
        QStringLiteral("SELECT %1, m.can_edit FROM spaces s LEFT JOIN users o ON o.id = s.creator_id "
                       "LEFT JOIN space_members m ON m.space_id = s.id AND m.user_id = ? "
                       "WHERE s.is_template = ? OR s.creator_id = ? OR m.user_id IS NOT NULL "
                       "ORDER BY s.is_template, s.created_at DESC, s.id")
            .arg(ListColumns),
        {userId, true, userId}, [](const QSqlQuery &q) { return readRow(q, true); });
}

Result<QList<SpaceListRow>> TeamRepository::allSpaces(int limit, int offset)
{
    return m_db.fetchAll<SpaceListRow>(
        QStringLiteral("SELECT %1 FROM spaces s LEFT JOIN users o ON o.id = s.creator_id WHERE s.is_template = ? "
                       "ORDER BY s.created_at DESC, s.id LIMIT ? OFFSET ?")
            .arg(ListColumns),
        {false, limit, offset}, [](const QSqlQuery &q) { return readRow(q, false); });
}

Result<qint64> TeamRepository::countSpaces()
{
    auto n = m_db.fetchOne<qint64>(QStringLiteral("SELECT COUNT(*) FROM spaces WHERE is_template = ?"), {false},
        [](const QSqlQuery &q) { return q.value(0).toLongLong(); });
    if (!n) {
        return n.error();
    }
    return n->value_or(0);
}

Status TeamRepository::insertInvite(const Rest::Invite &invite, const QByteArray &tokenHash)
{
    return m_db.run(QStringLiteral("INSERT INTO space_invites (id, space_id, token_hash, can_edit, expires_at, "
                                   "max_uses, uses, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)"),
        {invite.id, invite.spaceId, QString::fromLatin1(tokenHash), invite.canEdit,
            invite.expiresAt.toMSecsSinceEpoch(),
            invite.maxUses ? QVariant(*invite.maxUses) : QVariant(QMetaType(QMetaType::Int)),
            nullableText(invite.createdBy), invite.createdAt.toMSecsSinceEpoch()});
}

Result<QList<Rest::Invite>> TeamRepository::invites(const QString &spaceId)
{
    return m_db.fetchAll<Rest::Invite>(
        QStringLiteral("SELECT %1 FROM space_invites WHERE space_id = ? AND revoked = ? ORDER BY created_at DESC, id")
            .arg(InviteColumns),
        {spaceId, false}, [](const QSqlQuery &q) { return readInvite(q).invite; });
}

Status TeamRepository::revokeInvite(const QString &spaceId, const QString &inviteId)
{
    auto q = m_db.prepare(
        QStringLiteral("UPDATE space_invites SET revoked = ? WHERE id = ? AND space_id = ? AND revoked = ?"));
    q->addBindValue(true);
    q->addBindValue(inviteId);
    q->addBindValue(spaceId);
    q->addBindValue(false);
    if (auto status = m_db.exec(*q); !status) {
        return status;
    }
    if (q->numRowsAffected() == 0) {
        return Error::notFound(QStringLiteral("No invite with id %1 in this space").arg(inviteId));
    }
    return {};
}

Result<std::optional<StoredInvite>> TeamRepository::findInvite(const QByteArray &tokenHash)
{
    return m_db.fetchOne<StoredInvite>(
        QStringLiteral("SELECT %1 FROM space_invites WHERE token_hash = ?").arg(InviteColumns),
        {QString::fromLatin1(tokenHash)}, readInvite);
}

Result<bool> TeamRepository::consumeInvite(const QString &inviteId, qint64 now)
{
    auto q = m_db.prepare(QStringLiteral("UPDATE space_invites SET uses = uses + 1 WHERE id = ? AND revoked = ? AND "
                                         "expires_at > ? AND (max_uses IS NULL OR uses < max_uses)"));
    q->addBindValue(inviteId);
    q->addBindValue(false);
    q->addBindValue(now);
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    return q->numRowsAffected() == 1;
}

Status TeamRepository::insertBan(
    const QString &spaceId, const QString &userId, const QString &reason, const QString &by)
{
    return m_db.run(QStringLiteral("INSERT INTO space_bans (space_id, user_id, reason, banned_by, created_at) VALUES "
                                   "(?, ?, ?, ?, ?) ON CONFLICT (space_id, user_id) DO UPDATE SET reason = "
                                   "excluded.reason, banned_by = excluded.banned_by"),
        {spaceId, userId, reason.isEmpty() ? QStringLiteral("") : reason, nullableText(by), nowMs()});
}

Status TeamRepository::removeBan(const QString &spaceId, const QString &userId)
{
    auto q = m_db.prepare(QStringLiteral("DELETE FROM space_bans WHERE space_id = ? AND user_id = ?"));
    q->addBindValue(spaceId);
    q->addBindValue(userId);
    if (auto status = m_db.exec(*q); !status) {
        return status;
    }
    if (q->numRowsAffected() == 0) {
        return Error::notFound(QStringLiteral("That user is not banned from this space"));
    }
    return {};
}

Result<QList<Rest::Ban>> TeamRepository::bans(const QString &spaceId)
{
    return m_db.fetchAll<Rest::Ban>(
        QStringLiteral("SELECT b.user_id, u.username, b.reason, b.banned_by, b.created_at FROM space_bans b JOIN "
                       "users u ON u.id = b.user_id WHERE b.space_id = ? ORDER BY b.created_at DESC, b.user_id"),
        {spaceId}, [](const QSqlQuery &q) {
            return Rest::Ban{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                fromMs(q.value(4))};
        });
}

Result<bool> TeamRepository::isBanned(const QString &spaceId, const QString &userId)
{
    auto row = m_db.fetchOne<bool>(QStringLiteral("SELECT 1 FROM space_bans WHERE space_id = ? AND user_id = ?"),
        {spaceId, userId}, [](const QSqlQuery &) { return true; });
    if (!row) {
        return row.error();
    }
    return row->has_value();
}

Status TeamRepository::setTimeout(
    Timeout kind, const QString &spaceId, const QString &userId, qint64 until, const QString &by)
{
    return m_db.run(QStringLiteral("INSERT INTO space_timeouts (space_id, user_id, kind, until, created_by, "
                                   "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (space_id, user_id, kind) DO "
                                   "UPDATE SET until = excluded.until, created_by = excluded.created_by, "
                                   "created_at = excluded.created_at"),
        {spaceId, userId, timeoutKind(kind), until, nullableText(by), nowMs()});
}

Status TeamRepository::clearTimeout(Timeout kind, const QString &spaceId, const QString &userId, qint64 now)
{
    auto q = m_db.prepare(
        QStringLiteral("DELETE FROM space_timeouts WHERE space_id = ? AND user_id = ? AND kind = ? AND until > ?"));
    q->addBindValue(spaceId);
    q->addBindValue(userId);
    q->addBindValue(timeoutKind(kind));
    q->addBindValue(now);
    if (auto status = m_db.exec(*q); !status) {
        return status;
    }
    if (q->numRowsAffected() == 0) {
        return Error::notFound(QStringLiteral("That user has no such restriction in this space"));
    }
    return {};
}

Result<std::optional<qint64>> TeamRepository::timeoutUntil(
    Timeout kind, const QString &spaceId, const QString &userId, qint64 now)
{
    return m_db.fetchOne<qint64>(
        QStringLiteral(
            "SELECT until FROM space_timeouts WHERE space_id = ? AND user_id = ? AND kind = ? AND until > ?"),
        {spaceId, userId, timeoutKind(kind), now}, [](const QSqlQuery &q) { return q.value(0).toLongLong(); });
}

Result<QList<Rest::Mute>> TeamRepository::mutes(const QString &spaceId, qint64 now)
{
    return m_db.fetchAll<Rest::Mute>(
        QStringLiteral("SELECT t.user_id, u.username, t.until, t.created_by FROM space_timeouts t JOIN users u ON "
                       "u.id = t.user_id WHERE t.space_id = ? AND t.kind = ? AND t.until > ? ORDER BY t.until, "
                       "t.user_id"),
        {spaceId, timeoutKind(Timeout::Mute), now}, [](const QSqlQuery &q) {
            return Rest::Mute{q.value(0).toString(), q.value(1).toString(), fromMs(q.value(2)), q.value(3).toString()};
        });
}

Status TeamRepository::addAudit(const AuditRecord &record)
{
    return m_db.run(QStringLiteral("INSERT INTO audit_log (id, space_id, actor_id, action, target_user_id, detail, "
                                   "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
        {newId(), record.spaceId, nullableText(record.actorId), record.action, nullableText(record.targetUserId),
            QString::fromUtf8(QJsonDocument(record.detail).toJson(QJsonDocument::Compact)), nowMs()});
}

Result<QList<Rest::AuditEntry>> TeamRepository::audit(const QString &spaceId, const QString &beforeId, int limit)
{
    qint64 beforeSeq = std::numeric_limits<qint64>::max();
    if (!beforeId.isEmpty()) {
        auto seq = m_db.fetchOne<qint64>(QStringLiteral("SELECT seq FROM audit_log WHERE space_id = ? AND id = ?"),
            {spaceId, beforeId}, [](const QSqlQuery &q) { return q.value(0).toLongLong(); });
        if (!seq) {
            return seq.error();
        }
        if (!seq->has_value()) {
            return Error::field(QStringLiteral("before"), QStringLiteral("names no entry of this space's audit log"));
        }
        beforeSeq = **seq;
    }
    return m_db.fetchAll<Rest::AuditEntry>(
        QStringLiteral("SELECT l.id, l.actor_id, a.username, l.action, l.target_user_id, t.username, l.detail, "
                       "l.created_at FROM audit_log l LEFT JOIN users a ON a.id = l.actor_id LEFT JOIN users t ON "
                       "t.id = l.target_user_id WHERE l.space_id = ? AND l.seq < ? ORDER BY l.seq DESC LIMIT ?"),
        {spaceId, beforeSeq, limit}, [](const QSqlQuery &q) {
            return Rest::AuditEntry{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                q.value(3).toString(), q.value(4).toString(), q.value(5).toString(),
                QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object(), fromMs(q.value(7))};
        });
}

} // namespace Metaverse
