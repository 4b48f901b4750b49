// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventbus.h"

#include "store/outboxrepository.h"

namespace Metaverse
{

EventBus::EventBus(const Database &db, QObject *parent)
    : QObject(parent)
    , m_db(db)
{
}

void EventBus::publishTransient(const DomainEvent &event)
{
    Q_ASSERT(!Events::isDurable(event.type));
    Q_EMIT published(event);
}

Status EventBus::stage(DomainEvent event)
{
    Q_ASSERT(m_depth > 0 && Events::isDurable(event.type));
    if (m_outbox) {
        if (auto status = OutboxRepository(m_db).append(
                event.id, Events::topic(event.type), event.key, toWire(event), event.time.toMSecsSinceEpoch());
            !status) {
            return status;
        }
    }
    m_staged.append(std::move(event));
    return {};
}

void EventBus::leave(bool committed)
{
    m_failed = m_failed || !committed;
    if (--m_depth > 0) {
        return;
    }
    const auto staged = std::exchange(m_staged, {});
    const bool failed = std::exchange(m_failed, false);
    if (failed || staged.isEmpty()) {
        return;
    }
    for (const auto &event : staged) {
        Q_EMIT published(event);
    }
    if (m_outbox) {
        Q_EMIT outboxChanged();
    }
}

EventTransaction::EventTransaction(EventBus &bus)
    : m_bus(bus)
    , m_tx(bus.m_db)
{
    m_bus.enter();
}

EventTransaction::~EventTransaction()
{
    if (!m_left) {
        m_bus.leave(false);
    }
}

Status EventTransaction::add(DomainEvent event)
{
    if (!m_tx.isActive()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    return m_bus.stage(std::move(event));
}

Status EventTransaction::commit()
{
    auto status = m_tx.commit();
    m_left = true;
    m_bus.leave(status.has_value());
    return status;
}

} // namespace Metaverse
