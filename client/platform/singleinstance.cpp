// SPDX-License-Identifier: GPL-3.0-or-later
#include "singleinstance.h"

#include "logging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLocalSocket>
#include <QStandardPaths>

namespace Metaverse
{

namespace
{
// A link is one line of UTF-8; anything longer than this is not one.
constexpr qint64 MaxLinkBytes = 4096;
} // namespace

SingleInstance::SingleInstance(const QString &settingsFile, QObject *parent)
    : QObject(parent)
{
    const auto key = settingsFile.isEmpty() ? QStringLiteral("native") : QFileInfo(settingsFile).absoluteFilePath();
    const auto hash = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    auto dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty()) {
        dir = QDir::tempPath();
    }
    m_path = QDir(dir).filePath(QStringLiteral("metaverse-%1.socket").arg(QString::fromLatin1(hash)));
}

SingleInstance::~SingleInstance() = default;

bool SingleInstance::forward(const QString &link, int timeoutMs) const
{
    QLocalSocket socket;
    socket.connectToServer(m_path);
    if (!socket.waitForConnected(timeoutMs)) {
        return false;
    }
    socket.write(link.toUtf8() + '\n');
    if (!socket.waitForBytesWritten(timeoutMs)) {
        return false;
    }
    // The running app closes the connection once it has read the line.
    socket.waitForDisconnected(timeoutMs);
    qCInfo(lcClient) << "handed the link to the running app";
    return true;
}

bool SingleInstance::listen()
{
    m_server = std::make_unique<QLocalServer>();
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server.get(), &QLocalServer::newConnection, this, &SingleInstance::onConnection);
    if (m_server->listen(m_path)) {
        return true;
    }
    // Nobody answered forward(): a socket left by an app that crashed.
    QLocalServer::removeServer(m_path);
    if (m_server->listen(m_path)) {
        return true;
    }
    qCWarning(lcClient) << "cannot take links from other processes:" << m_server->errorString();
    m_server.reset();
    return false;
}

void SingleInstance::onConnection()
{
    while (auto *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (!socket->canReadLine()) {
                if (socket->bytesAvailable() > MaxLinkBytes) {
                    socket->abort();
                }
                return;
            }
            const auto line = QString::fromUtf8(socket->readLine(MaxLinkBytes)).trimmed();
            socket->disconnectFromServer();
            if (!line.isEmpty()) {
                Q_EMIT linkReceived(line);
            }
        });
    }
}

} // namespace Metaverse
