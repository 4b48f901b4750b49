// SPDX-License-Identifier: GPL-3.0-or-later
#include "websocketlistener.h"

#include <QPointer>
#include <QSslServer>
#include <QTcpServer>
#include <QWebSocketServer>

namespace Metaverse
{

namespace
{
QString peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString() + QLatin1Char('|') + QString::number(port);
}
} // namespace

WebSocketListener::WebSocketListener(QString serverName, Adopt adopt, QObject *parent)
    : QObject(parent)
    , m_adopt(std::move(adopt))
    , m_server(std::make_unique<QWebSocketServer>(serverName, QWebSocketServer::NonSecureMode))
{
    connect(m_server.get(), &QWebSocketServer::newConnection, this, [this] {
        while (auto *socket = m_server->nextPendingConnection()) {
            const auto tcp = m_handshaking.take(peerKey(socket->peerAddress(), socket->peerPort()));
            m_adopt(std::unique_ptr<QWebSocket>(socket), m_tls ? nullptr : tcp.data());
        }
    });
}

WebSocketListener::~WebSocketListener() = default;

Result<quint16> WebSocketListener::listen(
    const QHostAddress &address, quint16 port, std::optional<QSslConfiguration> tls)
{
    m_tls = tls.has_value();
    if (tls) {
        auto secure = std::make_unique<QSslServer>();
        secure->setSslConfiguration(*tls);
        m_listener = std::move(secure);
    } else {
        m_listener = std::make_unique<QTcpServer>();
    }
    m_listener->setListenBacklogSize(1024);
    if (!m_listener->listen(address, port)) {
        return Error::unavailable(QStringLiteral("Cannot listen on %1:%2: %3")
                                      .arg(address.toString())
                                      .arg(port)
                                      .arg(m_listener->errorString()));
    }
    // pendingConnectionAvailable, not newConnection: QSslServer (6.4) queues a socket only once its
    // handshake is done, after newConnection has fired for the accept.
    connect(m_listener.get(), &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_listener->nextPendingConnection()) {
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            const QString peer = peerKey(socket->peerAddress(), socket->peerPort());
            m_handshaking.insert(peer, socket);
            // A failed or abandoned handshake: QWebSocketServer deletes the socket.
            connect(socket, &QObject::destroyed, this, [this, peer] {
                if (const auto it = m_handshaking.constFind(peer); it != m_handshaking.cend() && it->isNull()) {
                    m_handshaking.erase(it);
                }
            });
            m_server->handleConnection(socket);
        }
    });
    return m_listener->serverPort();
}

} // namespace Metaverse
