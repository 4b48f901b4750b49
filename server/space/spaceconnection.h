// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/jwt.h"
#include "model/user.h"
#include "protocol/space.h"
#include "ws/abusecounter.h"
#include "ws/wireframe.h"

#include <QHash>
#include <QList>
#include <QPointer>
#include <QTcpSocket>
#include <QWebSocket>

#include <optional>
#include <utility>

namespace Metaverse
{

// One space socket: its dialect, who it is once joined, and its outgoing queues.
class SpaceConnection
{
public:
    // Frames queue in the socket up to this many bytes before coalescing starts.
    static constexpr qint64 SoftQueueBytes = 256 * 1024;

    SpaceConnection(QWebSocket *webSocket, QTcpSocket *tcpSocket, quint64 connectionId)
        : socket(webSocket)
        , tcp(tcpSocket)
        , id(connectionId)
        , key(QStringLiteral("ws:%1").arg(connectionId))
    {
    }
    ~SpaceConnection()
    {
        if (socket) {
            socket->disconnect();
            socket->abort();
            socket->deleteLater(); // may be inside one of its own signals; takes its TCP socket along
        }
    }
    SpaceConnection(const SpaceConnection &) = delete;
    SpaceConnection &operator=(const SpaceConnection &) = delete;

    [[nodiscard]] bool isJoined() const { return !spaceId.isEmpty(); }
    [[nodiscard]] bool isWritable() const { return !closing && !closeSent; }
    // This user as the others see them.
    [[nodiscard]] SpaceProtocol::Presence presence() const
    {
        return SpaceProtocol::Presence{user.id, user.username, avatarUrl, position, status};
    }

    // Stages the frame for this turn's flush (true), or queues it when the client is behind
    // (coalescing by key: latest wins; false). The hub flushes staged sockets once per
    // event-loop turn, so a burst of events costs one system call per socket, not per frame.
    bool send(const WireFrame &frame, const QString &coalesceKey)
    {
        if (!isWritable()) {
            return false;
        }
        if (!pending.isEmpty() || unsentBytes > SoftQueueBytes) {
            enqueue(frame, coalesceKey);
            return false;
        }
        stage(frame);
        return true;
    }
    void stage(const WireFrame &frame)
    {
        staged.append(Chunk(frame));
        stagedBytes += frame.size();
    }
    void stage(const QList<Chunk> &chunks)
    {
        for (const auto &chunk : chunks) {
            staged.append(chunk);
            stagedBytes += chunk.length;
        }
    }
    void enqueue(const WireFrame &frame, const QString &coalesceKey)
    {
        if (!coalesceKey.isEmpty()) {
            if (const auto it = pendingIndex.constFind(coalesceKey); it != pendingIndex.constEnd()) {
                pendingBytes += frame.size() - pending[*it].size();
                pending[*it] = frame;
                return;
            }
            pendingIndex.insert(coalesceKey, pending.size());
        }
        pendingBytes += frame.size();
        pending.append(frame);
    }
    // Stages what was queued while the client was behind; true when there was something.
    bool stagePending()
    {
        if (pending.isEmpty() || !isWritable()) {
            return false;
        }
        for (const auto &frame : std::as_const(pending)) {
            stage(frame);
        }
        pending.clear();
        pendingIndex.clear();
        pendingBytes = 0;
        return true;
    }
    // Hands the staged frames to the kernel. With the TCP socket known and Qt's own buffer empty
    // (the normal case) that is one sendmsg() straight from the shared frames: no copy, no write
    // notifier. What the kernel does not take goes through Qt's buffer, in order, except for
    // batching sockets: their whole frames wait here as references to the space's shared frames
    // (a client that falls behind costs no copies), and only the rest of a frame the kernel took
    // a part of goes to Qt's buffer, so that a control frame Qt writes (a pong) never lands
    // inside one of ours. Qt appends QByteArrays of 4 KiB and more without copying them.
    void flush();
    void clearStaged()
    {
        staged.clear();
        stagedBytes = 0;
    }
    void clearQueues()
    {
        clearStaged();
        pending.clear();
        pendingIndex.clear();
        pendingBytes = 0;
        personal.clear();
        personalBytes = 0;
    }
    // What the client has not taken: refused by the kernel at the last flush, plus queued here.
    [[nodiscard]] qint64 backlogBytes() const { return unsentBytes + pendingBytes + stagedBytes + personalBytes; }

    QWebSocket *socket;
    // The socket under `socket` when it came through our own listener: frames are then written
    // to it directly (shared bytes, no UTF-16 round trip). Sockets upgraded on the HTTP port are
    // written through QWebSocket.
    QPointer<QTcpSocket> tcp;
    quint64 id; // unique per connection
    QString key; // for rate limiting
    std::optional<SpaceProtocol::Dialect> dialect;
    QHostAddress peer; // the client's address, for the per-address cap
    User user;
    TokenClaims token; // of the token it joined with: the session must stay valid
    QString spaceId;
    Point position;
    QString avatarUrl;
    SpaceProtocol::UserStatus status = SpaceProtocol::UserStatus::Available;
    bool batch = false;
    bool interest = false; // batching with an area of interest
    qint64 lastSeenMs = 0;
    qint64 connectedMs = 0;
    AbuseCounter abuse;
    bool closing = false; // dropped; the socket is aborted from the event loop
    bool closeSent = false; // closed with a close frame: nothing may follow it
    bool joining = false; // a join is being processed
    bool presenceDirty = false; // position changed since Redis last heard it
    // To send at the hub's next flush; for a batching socket also the whole frames the kernel did
    // not take yet.
    QList<Chunk> staged;
    qint64 stagedBytes = 0;
    QList<WireFrame> pending; // queued while behind, coalesced by key
    QHash<QString, qsizetype> pendingIndex;
    qint64 pendingBytes = 0;
    qint64 unsentBytes = 0; // bytesToWrite() after the last flush
    // Batching: items of the room's batch before this index are not for this socket (it joined
    // after them), and its own messages (errors, pongs, rejected moves) go into its next batch
    // after the room's items [0, first).
    qsizetype batchFrom = 0;
    QList<std::pair<qsizetype, QByteArray>> personal;
    qint64 personalBytes = 0;
};

} // namespace Metaverse
