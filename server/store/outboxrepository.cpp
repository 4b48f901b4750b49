// SPDX-License-Identifier: GPL-3.0-or-later
#include "outboxrepository.h"

#include <QVariant>

namespace Metaverse
{

namespace
{
// The key of the advisory lock the relay holds on PostgreSQL (any fixed number): "outb".
constexpr qint64 RelayLock = 0x6f757462;
} // namespace

Status OutboxRepository::append(
    const QString &eventId, const QByteArray &topic, const QString &key, const QByteArray &body, qint64 createdAt)
{
    return m_db.run(QStringLiteral("INSERT INTO event_outbox (event_id, topic, event_key, body, created_at) "
                                   "VALUES (?, ?, ?, ?, ?)"),
        {eventId, QString::fromLatin1(topic), key, QString::fromUtf8(body), createdAt});
}

Result<QList<OutboxRow>> OutboxRepository::pending(qint64 afterSeq, int limit)
{
    return m_db.fetchAll<OutboxRow>(QStringLiteral("SELECT seq, event_id, topic, event_key, body FROM event_outbox "
                                                   "WHERE delivered_at IS NULL AND seq > ? ORDER BY seq LIMIT ?"),
        {afterSeq, limit}, [](const QSqlQuery &q) {
            return OutboxRow{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString().toLatin1(),
                q.value(3).toString().toUtf8(), q.value(4).toString().toUtf8()};
        });
}

Status OutboxRepository::markDelivered(const QList<qint64> &seqs, qint64 now)
{
    Transaction tx(m_db);
    if (!tx.isActive()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    for (const qint64 seq : seqs) {
        if (auto status = m_db.run(
                QStringLiteral("UPDATE event_outbox SET delivered_at = ? WHERE seq = ? AND delivered_at IS NULL"),
                {now, seq});
            !status) {
            return status;
        }
    }
    return tx.commit();
}

Result<qint64> OutboxRepository::backlog()
{
    auto count = m_db.fetchOne<qint64>(QStringLiteral("SELECT COUNT(*) FROM event_outbox WHERE delivered_at IS NULL"),
        {}, [](const QSqlQuery &q) { return q.value(0).toLongLong(); });
    if (!count) {
        return count.error();
    }
    return count->value_or(0);
}

Result<qint64> OutboxRepository::pruneDelivered(qint64 before)
{
    auto q =
        m_db.prepare(QStringLiteral("DELETE FROM event_outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?"));
    q->addBindValue(before);
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    return qint64(q->numRowsAffected());
}

Result<qint64> OutboxRepository::dropOldestPending(qint64 keep)
{
    auto q = m_db.prepare(
        QStringLiteral("DELETE FROM event_outbox WHERE delivered_at IS NULL AND seq <= (SELECT seq FROM event_outbox "
                       "WHERE delivered_at IS NULL ORDER BY seq DESC LIMIT 1 OFFSET ?)"));
    q->addBindValue(keep);
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    return qint64(q->numRowsAffected());
}

Result<bool> OutboxRepository::tryRelayLock()
{
    if (m_db.dialect() == SqlDialect::SQLite) {
        return true;
    }
    auto locked = m_db.fetchOne<bool>(QStringLiteral("SELECT pg_try_advisory_lock(?)"), {RelayLock},
        [](const QSqlQuery &q) { return q.value(0).toBool(); });
    if (!locked) {
        return locked.error();
    }
    return locked->value_or(false);
}

} // namespace Metaverse
