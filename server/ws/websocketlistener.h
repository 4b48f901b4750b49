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

} // namespace Metaverse
