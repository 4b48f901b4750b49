// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QWebSocket>
#include <QtGlobal>

#include <memory>
#include <utility>

namespace Metaverse
{

// The open sockets of a hub, each hub with its own connection type: who owns them, their ids,
// and which of them were written this event-loop turn. A hub writes to a socket at once but
// flushes every written socket together from the event loop, so a burst of events costs one
// system call per socket, not one per frame. Inline and not virtual: it is on the send path.
template<typename Connection>
class ConnectionRegistry
{
public:
    using Map = QHash<Connection *, std::shared_ptr<Connection>>;

    ~ConnectionRegistry() { clear(); }

    // A new id, unique per registry.
    quint64 nextId() { return m_nextId++; }
    Connection *add(std::shared_ptr<Connection> connection)
    {
        Connection *raw = connection.get();
        m_connections.insert(raw, std::move(connection));
        return raw;
    }
    // Forgets the connection (which deletes it); false when it was not here.
    bool remove(Connection *connection)
    {
        m_dirty.remove(connection);
        return m_connections.remove(connection) > 0;
    }
    void clear()
    {
        m_dirty.clear();
        m_connections.clear();
    }
    [[nodiscard]] bool contains(Connection *connection) const { return m_connections.contains(connection); }
    [[nodiscard]] std::weak_ptr<Connection> weak(Connection *connection) const
    {
        return m_connections.value(connection);
    }
    [[nodiscard]] qsizetype size() const { return m_connections.size(); }
    [[nodiscard]] typename Map::const_iterator begin() const { return m_connections.cbegin(); }
    [[nodiscard]] typename Map::const_iterator end() const { return m_connections.cend(); }

    // Records that the connection was written to; true when the caller must queue the flush
    // (the first one this turn).
    [[nodiscard]] bool markDirty(Connection *connection)
    {
        m_dirty.insert(connection);
        return !std::exchange(m_flushQueued, true);
    }
    // The connections to flush now; the next markDirty() queues a new flush.
    [[nodiscard]] QSet<Connection *> takeDirty()
    {
        m_flushQueued = false;
        return std::exchange(m_dirty, {});
    }

private:
    Map m_connections;
    QSet<Connection *> m_dirty;
    bool m_flushQueued = false;
    quint64 m_nextId = 1;
};

// What the heartbeat does to each socket (every WS_HEARTBEAT_MS, the same rules in both hubs):
// one not heard from (no message, no pong) within WS_IDLE_TIMEOUT_MS is dropped; one that has
// not identified itself (joined a space, authenticated to chat) in time is closed with 1008;
// every other one is pinged. Collected first, because closing can report the disconnect
// synchronously, which changes the registry.
template<typename Connection>
struct HeartbeatSweep {
    QList<Connection *> idle;
    QList<QPointer<QWebSocket>> unidentified;
};

// `skip(c)`: sockets left alone; `unidentified(c)`: whether it has yet to identify itself.
// Connections need `lastSeenMs`, `connectedMs` and `socket`.
template<typename Connection, typename Skip, typename Unidentified>
HeartbeatSweep<Connection> sweepHeartbeat(const ConnectionRegistry<Connection> &connections, qint64 now,
    qint64 idleTimeoutMs, qint64 identifyTimeoutMs, Skip skip, Unidentified unidentified)
{
    HeartbeatSweep<Connection> sweep;
    for (const auto &connection : connections) {
        if (skip(*connection)) {
            continue;
        }
        if (now - connection->lastSeenMs > idleTimeoutMs) {
            sweep.idle.append(connection.get());
        } else if (unidentified(*connection) &&
            now - connection->connectedMs > std::min<qint64>(identifyTimeoutMs, idleTimeoutMs)) {
            sweep.unidentified.append(connection->socket);
        } else {
            connection->socket->ping();
        }
    }
    return sweep;
}

// Closes, with 1008 and `reason`, the sockets a sweep found unidentified that are still there.
inline void closeUnidentified(const QList<QPointer<QWebSocket>> &sockets, const QString &reason)
{
    for (const auto &socket : sockets) {
        if (socket) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, reason);
        }
    }
}

} // namespace Metaverse
