// SPDX-License-Identifier: GPL-3.0-or-later
#include "outboxrelay.h"

#include "bus/kafkaproducer.h"
#include "events/eventbus.h"
#include "events/logging.h"
#include "store/outboxrepository.h"

#include <QDateTime>

namespace Metaverse
{

namespace
{
// Presence events are dropped rather than queued without end while Kafka is away.
constexpr qint64 MaxTransientInFlight = 10000;
// Token of best-effort events in the producer's reports (outbox rows use their seq, from 1).
constexpr quint64 TransientToken = 0;
} // namespace

OutboxRelay::OutboxRelay(const Database &db, EventBus &bus, KafkaProducer &producer, Options options, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_producer(producer)
    , m_options(options)
{
    connect(&bus, &EventBus::outboxChanged, this, &OutboxRelay::drainSoon);
    connect(&bus, &EventBus::published, this, [this](const DomainEvent &event) {
        if (!Events::isDurable(event.type)) {
            sendTransient(event);
        }
    });
    connect(&m_producer, &KafkaProducer::delivered, this, &OutboxRelay::onDelivered);
    connect(&m_producer, &KafkaProducer::failed, this, &OutboxRelay::onFailed);
    connect(&m_producer, &KafkaProducer::upChanged, this, [this](bool up) {
        if (up) {
            drainSoon();
        }
    });
    // The changes of a few milliseconds share one read of the outbox and one mark transaction.
    m_batch.setSingleShot(true);
    m_batch.setInterval(m_options.batchMs);
    connect(&m_batch, &QTimer::timeout, this, &OutboxRelay::drain);
    connect(&m_poll, &QTimer::timeout, this, &OutboxRelay::drain);
    connect(&m_pruneTimer, &QTimer::timeout, this, &OutboxRelay::prune);
    m_mark.setSingleShot(true);
    m_mark.setInterval(m_options.batchMs);
    connect(&m_mark, &QTimer::timeout, this, &OutboxRelay::recordDelivered);
}

void OutboxRelay::start()
{
    m_poll.start(m_options.pollMs);
    m_pruneTimer.start(m_options.pruneMs);
    prune();
    drainSoon();
}

void OutboxRelay::drainSoon()
{
    if (!m_batch.isActive()) {
        m_batch.start();
    }
}

void OutboxRelay::drain()
{
    m_batch.stop();
    OutboxRepository outbox(m_db);
    // Asked on every round, not remembered: a connection the database layer replaced after any
    // failure (of this relay or of a service on the same thread) no longer holds the lock.
    if (auto leader = outbox.tryRelayLock(); !leader || !*leader) {
        return; // another instance drains (or the database is away): the poll tries again
    }
    while (m_inFlight.size() < m_options.window) {
        auto rows = outbox.pending(m_cursor, int(m_options.window - m_inFlight.size()));
        if (!rows) {
            return;
        }
        if (rows->isEmpty()) {
            return;
        }
        for (const auto &row : std::as_const(*rows)) {
            if (auto status = m_producer.produce(row.topic, row.key, row.body, quint64(row.seq)); !status) {
                qCWarning(lcEvents).noquote() << "cannot hand events to Kafka now:" << status.error().message;
                return; // the poll tries again from m_cursor
            }
            m_inFlight.insert(row.seq);
            m_cursor = row.seq;
        }
    }
}

void OutboxRelay::onDelivered(quint64 token)
{
    ++m_deliveredCount;
    if (token == TransientToken || !m_inFlight.contains(qint64(token))) {
        return;
    }
    m_acknowledged.append(qint64(token));
    if (!m_mark.isActive()) {
        m_mark.start();
    }
}

void OutboxRelay::onFailed(quint64 token, const QString &reason)
{
    if (token == TransientToken) {
        return;
    }
    qCWarning(lcEvents).noquote() << "Kafka refused outbox event" << token << "(it is sent again):" << reason;
    m_inFlight.remove(qint64(token));
    if (m_inFlight.isEmpty()) {
        m_cursor = 0;
    }
}

void OutboxRelay::recordDelivered()
{
    const auto seqs = std::exchange(m_acknowledged, {});
    if (seqs.isEmpty()) {
        return;
    }
    if (auto status = OutboxRepository(m_db).markDelivered(seqs, QDateTime::currentMSecsSinceEpoch()); !status) {
        // Still undelivered in the outbox: sent again later, with the same event ids.
        qCWarning(lcEvents).noquote() << "cannot mark delivered events:" << status.error().message;
    }
    for (const qint64 seq : seqs) {
        m_inFlight.remove(seq);
    }
    if (m_inFlight.isEmpty()) {
        m_cursor = 0; // from the start again: rows committed late by other instances, failed ones
    }
    drainSoon();
}

void OutboxRelay::prune()
{
    OutboxRepository outbox(m_db);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (auto pruned = outbox.pruneDelivered(now - m_options.retentionMs); pruned && *pruned > 0) {
        qCDebug(lcEvents) << "pruned" << *pruned << "delivered outbox rows";
    }
    auto backlog = outbox.backlog();
    if (!backlog || *backlog <= m_options.maxBacklog) {
        return;
    }
    auto dropped = outbox.dropOldestPending(m_options.maxBacklog);
    if (dropped && *dropped > 0) {
        m_dropped += quint64(*dropped);
        qCWarning(lcEvents).noquote() << QStringLiteral(
            "the event outbox held %1 undelivered events, more than OUTBOX_MAX_BACKLOG (%2): the "
            "oldest %3 were dropped and will never reach Kafka. Check that Kafka is reachable.")
                                             .arg(*backlog)
                                             .arg(m_options.maxBacklog)
                                             .arg(*dropped);
    }
}

void OutboxRelay::sendTransient(const DomainEvent &event)
{
    if (!m_producer.isUp() || m_producer.inFlight() > MaxTransientInFlight) {
        return; // best-effort: presence is not worth a backlog
    }
    if (auto status = m_producer.produce(Events::topic(event.type), event.key.toUtf8(), toWire(event), TransientToken);
        !status) {
        qCDebug(lcEvents).noquote() << "presence event not sent:" << status.error().message;
    }
}

} // namespace Metaverse
