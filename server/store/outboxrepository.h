// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"

namespace Metaverse
{

// One event waiting in the outbox (or delivered, until pruned).
struct OutboxRow {
    qint64 seq = 0; // the order of the outbox: the order of the writes
    QString eventId;
    QByteArray topic;
    QByteArray key;
    QByteArray body; // the event's JSON
};

// The transactional outbox (migration 0009): append() runs inside the caller's transaction, next
// to the change it describes. Times are milliseconds since the epoch.
class OutboxRepository
{
public:
    explicit OutboxRepository(const Database &db)
        : m_db(db)
    {
    }

    Status append(
        const QString &eventId, const QByteArray &topic, const QString &key, const QByteArray &body, qint64 createdAt);
    // Undelivered rows after `afterSeq`, oldest first, at most `limit`.
    Result<QList<OutboxRow>> pending(qint64 afterSeq, int limit);
    // Marks the rows delivered, in one transaction.
    Status markDelivered(const QList<qint64> &seqs, qint64 now);
    // Rows not yet delivered.
    Result<qint64> backlog();
    // Deletes rows delivered before `before`; how many.
    Result<qint64> pruneDelivered(qint64 before);
    // Deletes the oldest undelivered rows beyond the newest `keep`; how many.
    Result<qint64> dropOldestPending(qint64 keep);
    // Whether this connection drains the outbox: on PostgreSQL one connection of all instances
    // holds a session advisory lock (the holder's repeated calls succeed; a new connection takes
    // it once the old one is gone); SQLite has one server.
    Result<bool> tryRelayLock();

private:
    const Database &m_db;
};

} // namespace Metaverse
