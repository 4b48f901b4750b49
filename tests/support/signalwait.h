// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QEventLoop>
#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>

namespace Metaverse::Test
{

// Waits, with the event loop running, until `condition` holds: it is checked at the start and
// again each time one of the watched signals fires, never on a timer. False when `timeoutMs`
// passes first. Watch every signal that can change the condition (a received message, a
// disconnect, readyRead, ...); the condition is checked once more when the time runs out.
// Once it returned true it is never called again, so a condition may consume what it found.
//
//     SignalWait wait([&] { return !queue.isEmpty(); });
//     wait.on(&socket, &QWebSocket::textMessageReceived).on(&socket, &QWebSocket::disconnected);
//     if (!wait.until(5000)) ...
class SignalWait
{
public:
    explicit SignalWait(std::function<bool()> condition)
        : m_condition(std::move(condition))
    {
    }
    ~SignalWait()
    {
        for (const auto &connection : std::as_const(m_connections)) {
            QObject::disconnect(connection);
        }
    }
    SignalWait(const SignalWait &) = delete;
    SignalWait &operator=(const SignalWait &) = delete;

    template<typename Sender, typename Signal>
    SignalWait &on(const Sender *sender, Signal signal)
    {
        m_connections.append(QObject::connect(sender, signal, &m_loop, [this] {
            if (!m_met && m_condition()) {
                m_met = true;
                m_loop.quit(); // exec() returns once the event being handled is done
            }
        }));
        return *this;
    }

    bool until(int timeoutMs)
    {
        m_met = m_condition();
        if (m_met) {
            return true;
        }
        QTimer deadline;
        deadline.setSingleShot(true);
        deadline.setTimerType(Qt::PreciseTimer);
        QObject::connect(&deadline, &QTimer::timeout, &m_loop, &QEventLoop::quit);
        deadline.start(timeoutMs);
        m_loop.exec();
        if (!m_met) {
            m_met = m_condition(); // the last word, once the time ran out
        }
        return m_met;
    }

private:
    std::function<bool()> m_condition;
    bool m_met = false;
    QEventLoop m_loop;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace Metaverse::Test
