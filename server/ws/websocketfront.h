// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QWebSocket>

#include <functional>
#include <memory>

class QTcpServer;
class QWebSocketServer;

namespace Metaverse
{

// What the space and chat sockets share: a dedicated listening port, deferred aborts and the
// abuse counter. Each hub keeps its own protocol, rooms and queues.

// Listens on a dedicated WebSocket port and hands every upgraded socket to `adopt`, with the TCP
// socket under it (owned by the QWebSocket; QWebSocket does not expose it) for hubs that write
// prebuilt frames to it directly. Uses its own QTcpServer so accepted sockets get TCP_NODELAY
// before the handshake: small frames must not wait for the peer's delayed ACK of the previous one
// (a 40 ms stall per frame otherwise).
class WebSocketListener : public QObject
{
    Q_OBJECT
public:
    using Adopt = std::function<void(std::unique_ptr<QWebSocket>, QTcpSocket *tcp)>;

    WebSocketListener(QString serverName, Adopt adopt, QObject *parent = nullptr);
    ~WebSocketListener() override;

    Result<quint16> listen(const QHostAddress &address, quint16 port);

private:
    Adopt m_adopt;
    QHash<QString, QPointer<QTcpSocket>> m_handshaking; // accepted, not yet upgraded; by peer
    std::unique_ptr<QTcpServer> m_listener; // after m_handshaking: its sockets report their end there
    std::unique_ptr<QWebSocketServer> m_server;
};

// Aborts the socket from the event loop. QWebSocket::abort() emits `disconnected` synchronously,
// and hubs change their rooms in that handler: never abort in the middle of an iteration or a
// broadcast. A socket deleted meanwhile cancels the call.
void abortLater(QWebSocket *socket);

// Counts broken rules of one connection within a sliding minute; past `limit` the connection is
// abusive (the hubs close it with 1008).
class AbuseCounter
{
public:
    static constexpr int DefaultLimit = 20;
    // Records one offence at `nowMs`; true when this one crossed the limit.
    bool record(qint64 nowMs, int limit = DefaultLimit)
    {
        if (nowMs - m_windowStartMs > 60000) {
            m_windowStartMs = nowMs;
            m_count = 0;
        }
        return ++m_count > limit;
    }

private:
    int m_count = 0;
    qint64 m_windowStartMs = 0;
};

} // namespace Metaverse
