// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QWebSocket>

#include <functional>
#include <memory>
#include <optional>

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

    // With tls, the port speaks WSS only (QSslServer: the TLS handshake, then the WebSocket one),
    // and `adopt` gets no TCP socket: every frame goes through the QWebSocket (and so TLS).
    Result<quint16> listen(const QHostAddress &address, quint16 port, std::optional<QSslConfiguration> tls = {});

private:
    Adopt m_adopt;
    bool m_tls = false; // hubs get no TCP socket then: their direct writes would bypass TLS
    QHash<QString, QPointer<QTcpSocket>> m_handshaking; // accepted, not yet upgraded; by peer
    std::unique_ptr<QTcpServer> m_listener; // after m_handshaking: its sockets report their end there
    std::unique_ptr<QWebSocketServer> m_server;
};

} // namespace Metaverse
