// SPDX-License-Identifier: GPL-3.0-or-later
#include "spaceclient.h"

#include "signalwait.h"

#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QSignalSpy>

#include <sys/socket.h>

namespace Metaverse::Test
{

using namespace SpaceProtocol;

SpaceClient::SpaceClient(Dialect dialect, QObject *parent)
    : QObject(parent)
    , m_dialect(dialect)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        const QByteArray frame = text.toUtf8();
        if (m_dialect == Dialect::Seed && frame.startsWith("{\"type\":\"batch\"")) {
            ++m_batchFrames;
            m_rawBatches.append(frame);
        }
        auto messages = decodeServerFrame(frame, m_dialect);
        if (!messages) {
            ++m_undecodable;
            return;
        }
        for (const auto &m : std::as_const(*messages)) {
            if (const auto *joined = std::get_if<Joined>(&m)) {
                m_userId = joined->userId;
                m_position = joined->position;
            } else if (const auto *rejected = std::get_if<MoveRejected>(&m)) {
                m_position = rejected->position;
            }
            m_received.append(m);
        }
    });
}

bool SpaceClient::open(const QUrl &url, int timeoutMs)
{
    QSignalSpy connected(&m_socket, &QWebSocket::connected);
    m_socket.open(url);
    return connected.wait(timeoutMs);
}

void SpaceClient::send(const ClientMessage &message)
{
    if (const auto *move = std::get_if<Move>(&message)) {
        m_position = move->to; // optimistic; a move-rejected corrects it
    }
    m_socket.sendTextMessage(QString::fromUtf8(toFrame(encodeClient(message, m_dialect))));
}

bool SpaceClient::join(const QString &spaceId, const QByteArray &token, bool batch, UserStatus status, bool interest)
{
    send(Join{spaceId, QString::fromLatin1(token), batch, status, interest});
    return waitFor<Joined>().has_value();
}

std::optional<ServerMessage> SpaceClient::next(int timeoutMs)
{
    if (!waitUntil([this] { return !m_received.isEmpty(); }, timeoutMs)) {
        return std::nullopt;
    }
    return m_received.takeFirst();
}

bool SpaceClient::waitForDisconnect(int timeoutMs)
{
    return waitUntil([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}

bool SpaceClient::waitUntil(const std::function<bool()> &condition, int timeoutMs)
{
    // Every message arrives through textMessageReceived (recorded by the handler connected
    // first, in the constructor); a close changes the state.
    SignalWait wait(condition);
    wait.on(&m_socket, &QWebSocket::textMessageReceived).on(&m_socket, &QWebSocket::stateChanged);
    return wait.until(timeoutMs);
}

bool RawWebSocket::open(quint16 port, const QByteArray &path, int receiveBufferBytes)
{
    if (receiveBufferBytes > 0) {
        // A slow reader: Qt stops pulling from the kernel when its own buffer is full, and the
        // small kernel buffer closes the TCP window.
        m_socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, receiveBufferBytes);
        m_socket.setReadBufferSize(receiveBufferBytes);
    }
    // The server runs on this thread: wait with the event loop running, never with waitFor*().
    QSignalSpy connected(&m_socket, &QTcpSocket::connected);
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    if (!connected.wait(5000)) {
        return false;
    }
    if (receiveBufferBytes > 0) {
        const int size = receiveBufferBytes;
        ::setsockopt(int(m_socket.socketDescriptor()), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    }
    QByteArray key(16, Qt::Uninitialized);
    for (auto &c : key) {
        c = char(QRandomGenerator::global()->bounded(256));
    }
    m_socket.write("GET " + path +
        " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " +
        key.toBase64() + "\r\n\r\n");
    QByteArray response;
    SignalWait handshake([&] {
        // Read only the handshake; frames after it stay unread in the socket.
        while (!response.contains("\r\n\r\n") && m_socket.bytesAvailable() > 0) {
            char c = 0;
            m_socket.getChar(&c);
            response.append(c);
        }
        return response.contains("\r\n\r\n") || m_socket.state() == QAbstractSocket::UnconnectedState;
    });
    handshake.on(&m_socket, &QTcpSocket::readyRead).on(&m_socket, &QTcpSocket::stateChanged);
    handshake.until(5000);
    if (!response.startsWith("HTTP/1.1 101")) {
        qWarning() << "WebSocket handshake failed:" << response.left(200);
        return false;
    }
    return true;
}

void RawWebSocket::sendText(const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x81)); // FIN + text
    const quint32 mask = QRandomGenerator::global()->generate();
    if (payload.size() < 126) {
        frame.append(char(0x80 | payload.size()));
    } else {
        frame.append(char(0x80 | 126));
        frame.append(char((payload.size() >> 8) & 0xff));
        frame.append(char(payload.size() & 0xff));
    }
    const char maskBytes[4] = {char(mask >> 24), char(mask >> 16), char(mask >> 8), char(mask)};
    frame.append(maskBytes, 4);
    for (qsizetype i = 0; i < payload.size(); ++i) {
        frame.append(char(payload.at(i) ^ maskBytes[i % 4]));
    }
    m_socket.write(frame);
    m_socket.flush();
}

std::optional<int> RawWebSocket::readUntilClose(int timeoutMs)
{
    m_socket.setReadBufferSize(0);
    QByteArray buffer;
    qsizetype at = 0; // start of the first unread frame
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        buffer.remove(0, at);
        at = 0;
        buffer.append(m_socket.readAll());
        // Server frames are not masked: 2 header bytes, 2 or 8 more for long payloads.
        while (buffer.size() - at >= 2) {
            const auto byte = [&](qsizetype i) { return qint64(uchar(buffer.at(at + i))); };
            const auto opcode = byte(0) & 0x0f;
            const qsizetype lengthCode = byte(1) & 0x7f;
            const qsizetype header = lengthCode == 127 ? 10 : lengthCode == 126 ? 4 : 2;
            if (buffer.size() - at < header) {
                break;
            }
            qint64 length = lengthCode;
            if (lengthCode == 126) {
                length = (byte(2) << 8) | byte(3);
            } else if (lengthCode == 127) {
                length = 0;
                for (int i = 2; i < 10; ++i) {
                    length = (length << 8) | byte(i);
                }
            }
            if (buffer.size() - at < header + length) {
                break;
            }
            if (opcode == 0x8) {
                return length >= 2 ? int((byte(header) << 8) | byte(header + 1)) : 1005;
            }
            at += header + length;
        }
        if (m_socket.state() == QAbstractSocket::UnconnectedState && m_socket.bytesAvailable() == 0) {
            return std::nullopt;
        }
        SignalWait more(
            [this] { return m_socket.bytesAvailable() > 0 || m_socket.state() == QAbstractSocket::UnconnectedState; });
        more.on(&m_socket, &QTcpSocket::readyRead).on(&m_socket, &QTcpSocket::stateChanged);
        more.until(int(std::max<qint64>(0, deadline.remainingTime())));
    }
    return std::nullopt;
}

bool RawWebSocket::waitForDisconnect(int timeoutMs)
{
    SignalWait wait([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; });
    wait.on(&m_socket, &QTcpSocket::stateChanged);
    return wait.until(timeoutMs);
}

} // namespace Metaverse::Test
