// SPDX-License-Identifier: GPL-3.0-or-later
#include "websocketfront.h"

#include <QPointer>
#include <QTcpServer>
#include <QWebSocketServer>

namespace Metaverse
{

WebSocketListener::WebSocketListener(QString serverName, Adopt adopt, QObject *parent)
    : QObject(parent)
    , m_adopt(std::move(adopt))
    , m_server(std::make_unique<QWebSocketServer>(serverName, QWebSocketServer::NonSecureMode))
{
    connect(m_server.get(), &QWebSocketServer::newConnection, this, [this] {
        while (auto *socket = m_server->nextPendingConnection()) {
            m_adopt(std::unique_ptr<QWebSocket>(socket));
        }
    });
}

WebSocketListener::~WebSocketListener() = default;

Result<quint16> WebSocketListener::listen(const QHostAddress &address, quint16 port)
{
    m_listener = std::make_unique<QTcpServer>();
    m_listener->setListenBacklogSize(1024);
    if (!m_listener->listen(address, port)) {
        return Error::unavailable(QStringLiteral("Cannot listen on %1:%2: %3")
                                      .arg(address.toString())
                                      .arg(port)
                                      .arg(m_listener->errorString()));
    }
    connect(m_listener.get(), &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_listener->nextPendingConnection()) {
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            m_server->handleConnection(socket);
        }
    });
    return m_listener->serverPort();
}

void abortLater(QWebSocket *socket)
{
    QPointer<QWebSocket> guarded(socket);
    QMetaObject::invokeMethod(
        socket,
        [guarded] {
            if (guarded) {
                guarded->abort();
            }
        },
        Qt::QueuedConnection);
}

} // namespace Metaverse
