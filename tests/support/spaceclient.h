// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "protocol/space.h"

#include <QList>
#include <QObject>
#include <QTcpSocket>
#include <QWebSocket>

#include <functional>

namespace Metaverse::Test
{

// A real QWebSocket client of the space protocol for tests: it records every message it
// receives (batches unpacked) and waits for the ones a test expects.
class SpaceClient : public QObject
{
    Q_OBJECT
public:
    explicit SpaceClient(SpaceProtocol::Dialect dialect, QObject *parent = nullptr);

    bool open(const QUrl &url, int timeoutMs = 5000);
    void send(const SpaceProtocol::ClientMessage &message);
    void sendRaw(const QString &text) { m_socket.sendTextMessage(text); }
    void sendBinary(const QByteArray &bytes) { m_socket.sendBinaryMessage(bytes); }
    // Joins and waits for space-joined; returns false on an error or timeout.
    bool join(const QString &spaceId, const QByteArray &token, bool batch = false,
        SpaceProtocol::UserStatus status = SpaceProtocol::UserStatus::Available, bool interest = false);

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
    // The next message, whatever it is.
    std::optional<SpaceProtocol::ServerMessage> next(int timeoutMs = 5000);
    bool waitForDisconnect(int timeoutMs = 5000);
    void clear() { m_received.clear(); }

    [[nodiscard]] const QList<SpaceProtocol::ServerMessage> &received() const { return m_received; }
    [[nodiscard]] int batchFrames() const { return m_batchFrames; }
    // The text of every batch frame received, as it arrived (not consumed by waitFor/next).
    [[nodiscard]] const QList<QByteArray> &rawBatches() const { return m_rawBatches; }
    void clearRawBatches() { m_rawBatches.clear(); }
    [[nodiscard]] int undecodable() const { return m_undecodable; }
    [[nodiscard]] bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    [[nodiscard]] QWebSocketProtocol::CloseCode closeCode() const { return m_socket.closeCode(); }
    [[nodiscard]] QString closeReason() const { return m_socket.closeReason(); }
    [[nodiscard]] QString userId() const { return m_userId; }
    [[nodiscard]] Point position() const { return m_position; }
    void setPosition(Point p) { m_position = p; }
    QWebSocket &socket() { return m_socket; }

private:
    bool waitUntil(const std::function<bool()> &condition, int timeoutMs);

    SpaceProtocol::Dialect m_dialect;
    QWebSocket m_socket;
    QList<SpaceProtocol::ServerMessage> m_received;
    int m_batchFrames = 0;
    QList<QByteArray> m_rawBatches;
    int m_undecodable = 0;
    QString m_userId;
    Point m_position;
};

// A minimal WebSocket client on a raw TCP socket, for what QWebSocket will not do: stay silent
// (never answer pings) or stop reading. Sends masked text frames; reads nothing unless asked.
class RawWebSocket
{
public:
    bool open(quint16 port, const QByteArray &path = "/", int receiveBufferBytes = 0);
    void sendText(const QByteArray &payload);
    bool waitForDisconnect(int timeoutMs);
    // Starts reading at full speed and returns the code of the close frame the server sends,
    // once everything before it was read; nothing when the connection ends without one. (Not for
    // a socket opened with a small receive buffer: its TCP window reopens only in a trickle.)
    std::optional<int> readUntilClose(int timeoutMs);
    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
};

} // namespace Metaverse::Test
