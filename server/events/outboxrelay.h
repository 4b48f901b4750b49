// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QSet>
#include <QTimer>

namespace Metaverse
{

class Database;
class EventBus;
class KafkaProducer;
struct DomainEvent;

// Drains the transactional outbox into Kafka, at least once and in order per key: undelivered rows
// go to the producer in seq order (librdkafka's idempotent producer keeps the order per partition,
// and a key always maps to one partition); a row is marked delivered only after Kafka acknowledged
// it, so a crash resends it with the same event id. A broker outage only stops the drain (the
// producer waits for the broker, never fails a message for it) and the outbox grows until the
// broker is back. Delivered rows are pruned after the retention time, and an undeliverable backlog
// beyond maxBacklog loses its oldest rows, with a warning.
//
// On PostgreSQL, several instances share one outbox: the relay holding the advisory lock drains
// it; the others wait for it.
//
// Presence events (best-effort) go straight to the producer, never through the outbox.
class OutboxRelay : public QObject
{
    Q_OBJECT
public:
    struct Options {
        int window = 1000; // rows handed to the producer and not yet acknowledged, at most
        int batchMs = 5; // the events of this long are read, and marked delivered, together
        int pollMs = 1000; // looks for rows of other instances (and retries) this often
        qint64 maxBacklog = 1000000; // undelivered rows kept at most
        qint64 retentionMs = 3600 * 1000; // delivered rows are kept this long
        int pruneMs = 60 * 1000; // prunes this often
    };

    OutboxRelay(const Database &db, EventBus &bus, KafkaProducer &producer, Options options, QObject *parent = nullptr);

    // Starts draining (and pruning) from the event loop.
    void start();
    // Undelivered events dropped by the backlog cap since the start.
    [[nodiscard]] quint64 droppedEvents() const { return m_dropped; }
    // Events Kafka acknowledged since the start (outbox and presence).
    [[nodiscard]] quint64 deliveredEvents() const { return m_deliveredCount; }

private:
    void drainSoon();
    void drain();
    void onDelivered(quint64 token);
    void onFailed(quint64 token, const QString &reason);
    void recordDelivered();
    void prune();
    void sendTransient(const DomainEvent &event);

    const Database &m_db;
    KafkaProducer &m_producer;
    Options m_options;
    QTimer m_batch;
    QTimer m_mark;
    QTimer m_poll;
    QTimer m_pruneTimer;
    QSet<qint64> m_inFlight;
    QList<qint64> m_acknowledged; // delivered, not yet marked in the outbox
    qint64 m_cursor = 0; // the last seq handed to the producer; 0 when nothing is in flight
    quint64 m_dropped = 0;
    quint64 m_deliveredCount = 0;
};

} // namespace Metaverse
