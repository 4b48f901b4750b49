// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "protocol/chat.h"

#include <QList>
#include <QObject>
#include <QWebSocket>

#include <functional>
#include <optional>

namespace Metaverse::Test
{

// A real QWebSocket client of the chat protocol for tests: it records every message it receives
// and waits for the ones a test expects.
class ChatClient : public QObject
{
    Q_OBJECT
public:
    explicit ChatClient(QObject *parent = nullptr);

    // Opens the socket; with a token, authenticates by `Authorization: Bearer` on the upgrade.
    bool open(const QUrl &url, const QByteArray &bearer = {}, int timeoutMs = 5000);
    void send(const ChatProtocol::ClientMessage &message);
    void sendRaw(const QString &text) { m_socket.sendTextMessage(text); }
    // Sends `auth` and waits for `authenticated`.
    bool authenticate(const QByteArray &token);
    // Opens and authenticates by message.
    bool connectAs(const QUrl &url, const QByteArray &token);
    // Joins and waits for room-joined.
    std::optional<ChatProtocol::RoomJoined> join(const QString &roomId, int timeoutMs = 5000);
    // Sends with a fresh clientMsgId and waits for the echo; nullopt on an error or timeout.
    std::optional<Message> say(const QString &roomId, const QString &text, int timeoutMs = 5000);

    // Waits until a received message (not yet consumed) satisfies `match`; consumes and returns it.
    template<typename T>
    std::optional<T> waitFor(const std::function<bool(const T &)> &match = {}, int timeoutMs = 5000)
    {
        std::optional<T> found;
        waitUntil(
            [&] {
                for (qsizetype i = 0; i < m_received.size(); ++i) {
                    if (const auto *m = std::get_if<T>(&m_received.at(i)); m && (!match || match(*m))) {
                        found = *m;
                        m_received.removeAt(i);
                        return true;
                    }
                }
                return false;
            },
            timeoutMs);
        return found;
    }
    // True when nothing of type T (matching) arrives within `ms`.
    template<typename T>
    bool quietFor(int ms, const std::function<bool(const T &)> &match = {})
    {
        return !waitFor<T>(match, ms).has_value();
    }
    bool waitForDisconnect(int timeoutMs = 5000);
    void clear() { m_received.clear(); }

    [[nodiscard]] const QList<ChatProtocol::ServerMessage> &received() const { return m_received; }
    [[nodiscard]] bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    [[nodiscard]] QWebSocketProtocol::CloseCode closeCode() const { return m_socket.closeCode(); }
    [[nodiscard]] QString userId() const { return m_userId; }
    [[nodiscard]] int undecodable() const { return m_undecodable; }
    QWebSocket &socket() { return m_socket; }

private:
    bool waitUntil(const std::function<bool()> &condition, int timeoutMs);

    QWebSocket m_socket;
    QList<ChatProtocol::ServerMessage> m_received;
    QString m_userId;
    int m_undecodable = 0;
    int m_nextClientMsgId = 1;
};

} // namespace Metaverse::Test
