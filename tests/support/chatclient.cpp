// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatclient.h"

#include "signalwait.h"

#include <QNetworkRequest>
#include <QSignalSpy>
#include <QUuid>

namespace Metaverse::Test
{

using namespace ChatProtocol;

ChatClient::ChatClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        auto message = decodeServer(text.toUtf8());
        if (!message) {
            ++m_undecodable;
            return;
        }
        if (const auto *authenticated = std::get_if<Authenticated>(&*message)) {
            m_userId = authenticated->user.userId;
        }
        m_received.append(*message);
    });
}

bool ChatClient::open(const QUrl &url, const QByteArray &bearer, int timeoutMs)
{
    QSignalSpy connected(&m_socket, &QWebSocket::connected);
    QNetworkRequest request(url);
    if (!bearer.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + bearer);
    }
    m_socket.open(request);
    return connected.wait(timeoutMs);
}

void ChatClient::send(const ClientMessage &message)
{
    m_socket.sendTextMessage(QString::fromUtf8(toFrame(encodeClient(message))));
}

bool ChatClient::authenticate(const QByteArray &token)
{
    send(Auth{QString::fromLatin1(token)});
    return waitFor<Authenticated>().has_value();
}

bool ChatClient::connectAs(const QUrl &url, const QByteArray &token)
{
    return open(url) && authenticate(token);
}

std::optional<RoomJoined> ChatClient::join(const QString &roomId, int timeoutMs)
{
    send(JoinRoom{roomId});
    return waitFor<RoomJoined>([&](const RoomJoined &j) { return j.roomId == roomId; }, timeoutMs);
}

std::optional<Message> ChatClient::say(const QString &roomId, const QString &text, int timeoutMs)
{
    const QString clientMsgId =
        QStringLiteral("c%1-%2").arg(m_nextClientMsgId++).arg(QUuid::createUuid().toString(QUuid::Id128).left(12));
    send(SendMessage{roomId, text, clientMsgId});
    const auto echo =
        waitFor<MessageReceived>([&](const MessageReceived &m) { return m.clientMsgId == clientMsgId; }, timeoutMs);
    if (!echo) {
        return std::nullopt;
    }
    return echo->message;
}

bool ChatClient::waitForDisconnect(int timeoutMs)
{
    return waitUntil([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}

bool ChatClient::waitUntil(const std::function<bool()> &condition, int timeoutMs)
{
    // Every message arrives through textMessageReceived (recorded by the handler connected
    // first, in the constructor); a close changes the state.
    SignalWait wait(condition);
    wait.on(&m_socket, &QWebSocket::textMessageReceived).on(&m_socket, &QWebSocket::stateChanged);
    return wait.until(timeoutMs);
}

} // namespace Metaverse::Test
