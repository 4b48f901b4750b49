// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcpproxy.h"

#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace Metaverse::Test
{

class TcpProxyWorker : public QObject
{
public:
    TcpProxyWorker(QHostAddress targetHost, quint16 targetPort)
        : m_targetHost(std::move(targetHost))
        , m_targetPort(targetPort)
    {
    }

    bool resume()
    {
        if (m_server) {
            return true;
        }
        m_server = new QTcpServer(this);
        if (!m_server->listen(QHostAddress::LocalHost, m_port)) {
            delete m_server;
            m_server = nullptr;
            return false;
        }
        m_port = m_server->serverPort();
        connect(m_server, &QTcpServer::newConnection, this, &TcpProxyWorker::accept);
        return true;
    }

    void cutOff()
    {
        delete m_server;
        m_server = nullptr;
        for (const auto &socket : std::as_const(m_sockets)) {
            if (socket) {
                socket->abort();
                socket->deleteLater();
            }
        }
        m_sockets.clear();
    }

    quint16 m_port = 0;
    bool m_frozen = false;

private:
    void accept()
    {
        while (QTcpSocket *client = m_server->nextPendingConnection()) {
            auto *upstream = new QTcpSocket(this);
            client->setParent(this);
            m_sockets.append(client);
            m_sockets.append(upstream);
            const auto pipe = [this](QTcpSocket *from, QTcpSocket *to) {
                connect(from, &QTcpSocket::readyRead, to, [this, from, to] {
                    if (!m_frozen) {
                        to->write(from->readAll());
                    }
                });
                connect(from, &QTcpSocket::disconnected, to, [to] { to->disconnectFromHost(); });
            };
            pipe(client, upstream);
            pipe(upstream, client);
            upstream->connectToHost(m_targetHost, m_targetPort);
        }
    }

    QHostAddress m_targetHost;
    quint16 m_targetPort;
    QTcpServer *m_server = nullptr;
    QList<QPointer<QTcpSocket>> m_sockets;
};

TcpProxy::TcpProxy(const QHostAddress &targetHost, quint16 targetPort)
    : m_worker(new TcpProxyWorker(targetHost, targetPort))
{
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

TcpProxy::~TcpProxy()
{
    cutOff();
    m_thread.quit();
    m_thread.wait();
}

bool TcpProxy::start()
{
    return resume();
}

quint16 TcpProxy::port() const
{
    return m_worker->m_port;
}

void TcpProxy::cutOff()
{
    QMetaObject::invokeMethod(
        m_worker, [this] { m_worker->cutOff(); }, Qt::BlockingQueuedConnection);
}

void TcpProxy::setFrozen(bool frozen)
{
    QMetaObject::invokeMethod(
        m_worker, [this, frozen] { m_worker->m_frozen = frozen; }, Qt::BlockingQueuedConnection);
}

bool TcpProxy::resume()
{
    bool ok = false;
    QMetaObject::invokeMethod(
        m_worker, [this, &ok] { ok = m_worker->resume(); }, Qt::BlockingQueuedConnection);
    return ok;
}

} // namespace Metaverse::Test
