// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/domainevent.h"
#include "store/database.h"

#include <QObject>

#include <type_traits>

namespace Metaverse
{

// The one place the services publish their domain events to (docs/events.md).
//
// Durable events travel inside an EventTransaction: with the outbox on (an event stream is
// configured), each is written to the outbox in the same database transaction as the change it
// describes, and once the outermost EventTransaction has committed the bus announces them
// (published, outboxChanged). A rollback drops them: an event is announced if and only if its
// change is stored. Presence events are best-effort: publishTransient() announces them at once
// and they never touch the database.
class EventBus : public QObject
{
    Q_OBJECT
public:
    explicit EventBus(const Database &db, QObject *parent = nullptr);

    // On when the server streams events (KAFKA_BROKERS): durable events then go to the outbox.
    void setOutboxEnabled(bool enabled) { m_outbox = enabled; }
    [[nodiscard]] bool isOutboxEnabled() const { return m_outbox; }

    void publishTransient(const DomainEvent &event);

    // Runs `change` and, when it succeeds, adds the event `describe` makes from its result (no
    // argument for a Status) in one EventTransaction: the common shape of a service's write.
    template<typename Change, typename Describe>
    auto record(Change &&change, Describe &&describe) -> std::invoke_result_t<Change>;

Q_SIGNALS:
    // Every event, once its change is committed (durable) or at once (presence).
    void published(const DomainEvent &event);
    // Durable events were committed to the outbox (only with the outbox on).
    void outboxChanged();

private:
    friend class EventTransaction;
    Status stage(DomainEvent event);
    void enter() { ++m_depth; }
    void leave(bool committed);

    const Database &m_db;
    bool m_outbox = false;
    int m_depth = 0;
    bool m_failed = false;
    QList<DomainEvent> m_staged;
};

// A database transaction that carries domain events (nests like Transaction: only the outermost
// one commits). add() writes a durable event to the outbox inside the transaction; the events are
// announced after the outermost commit, and dropped when it rolls back.
class EventTransaction
{
public:
    explicit EventTransaction(EventBus &bus);
    ~EventTransaction();
    EventTransaction(const EventTransaction &) = delete;
    EventTransaction &operator=(const EventTransaction &) = delete;

    [[nodiscard]] bool isActive() const { return m_tx.isActive(); }
    Status add(DomainEvent event);
    Status commit();

private:
    EventBus &m_bus;
    Transaction m_tx;
    bool m_left = false;
};

template<typename Change, typename Describe>
auto EventBus::record(Change &&change, Describe &&describe) -> std::invoke_result_t<Change>
{
    using R = std::invoke_result_t<Change>;
    EventTransaction tx(*this);
    if (!tx.isActive()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    R result = change();
    if (!result) {
        return result;
    }
    DomainEvent event = [&] {
        if constexpr (std::is_same_v<R, Status>) {
            return describe();
        } else {
            return describe(*result);
        }
    }();
    if (auto status = tx.add(std::move(event)); !status) {
        return std::move(status).error();
    }
    if (auto status = tx.commit(); !status) {
        return std::move(status).error();
    }
    return result;
}

} // namespace Metaverse
