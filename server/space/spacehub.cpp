// SPDX-License-Identifier: GPL-3.0-or-later
#include "spacehub.h"

#include "auth/accountservice.h"
#include "bus/redisclient.h"
#include "http/metrics.h"
#include "logging.h"
#include "spaceservice.h"
#include "ws/abortlater.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QUuid>
#include <QVarLengthArray>
#include <QWebSocketServer>

#include <cerrno>
#include <sys/socket.h>
#include <sys/uio.h>

namespace Metaverse
{

using namespace SpaceProtocol;

namespace
{
// Nothing but a join is accepted for this long after connecting.
constexpr int JoinTimeoutMs = 15000;
// Frames queue in the socket up to this many bytes before coalescing starts.
constexpr qint64 SoftQueueBytes = 256 * 1024;
// Qt refuses (close 1009) anything larger outright; between MaxFrameBytes and this, an error.
constexpr quint64 HardFrameBytes = 64 * 1024;
// At most this many frames per sendmsg().
constexpr int MaxIovecs = 64;
// A socket cut off for being too slow gets this long to take what is queued and its close frame.
constexpr int SlowCloseGraceMs = 2000;

// A server-to-client WebSocket text frame as it goes on the wire. Server frames are not masked,
// so every receiver of an event gets the same bytes: they are encoded once and shared
// (QByteArray is implicitly shared) by every queue they sit in.
struct WireFrame {
    QByteArray bytes; // header + UTF-8 payload
    qsizetype headerSize = 0;

    [[nodiscard]] qsizetype size() const { return bytes.size(); }
    [[nodiscard]] bool isEmpty() const { return bytes.isEmpty(); }
};

// Starts a frame for a payload of `payloadSize` bytes (RFC 6455 5.2: FIN, text, no mask); the
// caller appends exactly that many payload bytes.
WireFrame startFrame(qsizetype payloadSize)
{
    WireFrame frame;
    frame.bytes.reserve(payloadSize + 10);
    frame.bytes.append(char(0x81));
    if (payloadSize < 126) {
        frame.bytes.append(char(payloadSize));
    } else if (payloadSize <= 0xffff) {
        frame.bytes.append(char(126));
        frame.bytes.append(char((payloadSize >> 8) & 0xff));
        frame.bytes.append(char(payloadSize & 0xff));
    } else {
        frame.bytes.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8) {
            frame.bytes.append(char((quint64(payloadSize) >> shift) & 0xff));
        }
    }
    frame.headerSize = frame.bytes.size();
    return frame;
}

WireFrame makeFrame(const QByteArray &payload)
{
    WireFrame frame = startFrame(payload.size());
    frame.bytes.append(payload);
    return frame;
}

// Bytes to send: a whole frame, or a piece of one (a header, or a range of a shared batch frame
// a receiver gets most but not all of). Pieces point into shared buffers: nothing is copied
// unless the kernel refuses it.
struct Chunk {
    QByteArray data;
    qsizetype offset = 0;
    qsizetype length = 0;
    bool frameEnd = true; // the last chunk of its frame

    Chunk() = default;
    explicit Chunk(const WireFrame &frame)
        : data(frame.bytes)
        , length(frame.bytes.size())
    {
    }
    Chunk(QByteArray bytes, qsizetype from, qsizetype size)
        : data(std::move(bytes))
        , offset(from)
        , length(size)
    {
    }
    [[nodiscard]] const char *begin() const { return data.constData() + offset; }
    // A copy of [skip, length) unless that is all of `data`.
    [[nodiscard]] QByteArray bytes(qsizetype skip = 0) const
    {
        return offset + skip == 0 && length == data.size() ? data : data.sliced(offset + skip, length - skip);
    }
};

// One entry of a space's batch: an encoded seed-dialect message and the connection whose own
// event it is (it must not get it back; 0 for none).
struct BatchItem {
    QByteArray message;
    quint64 origin = 0;
    qint64 cell = -1; // a user-move: the area cell of the new position; -1: for everyone
};

// Coalescing keys: a newer event of the kind replaces a queued older one of the same user.
QString moveKey(const QString &userId)
{
    return QStringLiteral("move:") + userId;
}
QString statusKey(const QString &userId)
{
    return QStringLiteral("status:") + userId;
}
// A user left: in a coalescing index (key -> queued item), their later events must queue after
// the leave instead of replacing an item from before it in place.
void forgetUser(QHash<QString, qsizetype> &index, const QString &userId)
{
    index.remove(moveKey(userId));
    index.remove(statusKey(userId));
}

// Area-of-interest cells: a tile's cell as (column << 32 | row); two cells are near when they
// touch (the 3x3 block around a client's cell).
bool cellsNear(qint64 a, qint64 b)
{
    const qint64 dx = (a >> 32) - (b >> 32);
    const qint64 dy = (a & 0xffffffff) - (b & 0xffffffff);
    return dx >= -1 && dx <= 1 && dy >= -1 && dy <= 1;
}
} // namespace

// One space socket: its dialect, who it is once joined, and its outgoing queues.
class SpaceConnection
{
public:
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
    [[nodiscard]] Presence presence() const { return Presence{user.id, user.username, avatarUrl, position, status}; }

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
    void flush()
    {
        // The TCP socket's state covers the WebSocket's (QWebSocket closes it right after a close
        // frame); QWebSocket::state() costs more than it looks when asked 40,000 times a second.
        if (!isWritable() || (tcp ? tcp->state() : socket->state()) != QAbstractSocket::ConnectedState) {
            clearStaged();
            return;
        }
        if (staged.isEmpty()) {
            return;
        }
        if (!tcp) {
            // Only whole frames are staged for these (see flushBatches).
            for (const auto &chunk : std::as_const(staged)) {
                const auto *header = reinterpret_cast<const uchar *>(chunk.begin());
                const qsizetype lengthCode = header[1] & 0x7f;
                const qsizetype headerSize = lengthCode == 127 ? 10 : lengthCode == 126 ? 4 : 2;
                socket->sendTextMessage(QString::fromUtf8(chunk.begin() + headerSize, chunk.length - headerSize));
            }
            socket->flush();
            clearStaged();
            return;
        }
        qsizetype next = 0; // first chunk not completely written
        qsizetype offset = 0; // bytes of it already written
        bool midFrame = false; // a frame has been written in part
        if (tcp->bytesToWrite() == 0) {
            const int fd = int(tcp->socketDescriptor());
            while (next < staged.size()) {
                iovec iov[MaxIovecs];
                int count = 0;
                qint64 total = 0;
                for (qsizetype i = next; i < staged.size() && count < MaxIovecs; ++i, ++count) {
                    const qsizetype skip = i == next ? offset : 0;
                    iov[count].iov_base = const_cast<char *>(staged.at(i).begin() + skip);
                    iov[count].iov_len = size_t(staged.at(i).length - skip);
                    total += qint64(iov[count].iov_len);
                }
                msghdr message{};
                message.msg_iov = iov;
                message.msg_iovlen = size_t(count);
                const ssize_t written = ::sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (written <= 0) {
                    if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                        clearStaged(); // the connection is broken; Qt reports it on its side
                        return;
                    }
                    break;
                }
                qint64 left = written;
                while (left > 0) {
                    const qint64 rest = staged.at(next).length - offset;
                    if (left >= rest) {
                        left -= rest;
                        midFrame = !staged.at(next).frameEnd;
                        ++next;
                        offset = 0;
                    } else {
                        offset += left;
                        midFrame = true;
                        left = 0;
                    }
                }
                if (written < total) {
                    break; // the kernel's buffer is full
                }
            }
        } else if (batch) {
            return; // behind what Qt holds; tried again when that drained, or at the next tick
        }
        qsizetype end = staged.size();
        if (batch) {
            end = next;
            if (midFrame) {
                while (end < staged.size() && !staged.at(end).frameEnd) {
                    ++end;
                }
                end = std::min(end + 1, staged.size());
            }
        }
        for (qsizetype i = next; i < end; ++i) {
            tcp->write(staged.at(i).bytes(i == next ? offset : 0));
        }
        if (end == staged.size()) {
            clearStaged();
            return;
        }
        for (qsizetype i = 0; i < end; ++i) {
            stagedBytes -= staged.at(i).length;
        }
        staged.remove(0, end);
    }
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
    std::optional<Dialect> dialect;
    User user;
    QString spaceId;
    Point position;
    QString avatarUrl;
    UserStatus status = UserStatus::Available;
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

// The events of one batch tick of a space, for its batching sockets. Encoded once; every
// batching socket that was in the room for the whole tick and caused none of them gets the
// very same frame.
struct RoomBatch {
    QList<BatchItem> items;
    QHash<QString, qsizetype> index; // coalescing key -> item
    qsizetype sealed = 0; // items before this are not replaced in place (a socket joined after them)
    qint64 bytes = 0;

    void add(const QByteArray &message, quint64 origin, const QString &coalesceKey, qint64 cell)
    {
        if (!coalesceKey.isEmpty()) {
            const auto it = index.find(coalesceKey);
            if (it != index.end() && *it >= sealed) {
                BatchItem &item = items[*it];
                bytes += message.size() - item.message.size();
                item = BatchItem{message, origin, cell};
                return;
            }
            index.insert(coalesceKey, items.size());
        }
        bytes += message.size();
        items.append(BatchItem{message, origin, cell});
    }
    void clear()
    {
        items.clear();
        index.clear();
        sealed = 0;
        bytes = 0;
    }
};

struct SpaceRoom {
    Space space; // as loaded, elements kept current
    Occupancy occupancy{Size{}};
    QHash<QString, SpaceConnection *> users; // local users by user id
    QHash<QString, SpaceConnection *> direct; // those that do not batch: a broadcast writes to each
    QHash<QString, Presence> remote; // users on other instances (with Redis)
    RoomBatch batch;
    int batching = 0; // batching sockets among `users`
    int interested = 0; // those of them with an area of interest
    int personalWaiting = 0; // batching sockets with personal messages for the next tick
    // Area of interest: users who moved since their position last went to everyone, by user id;
    // each is reported at its slot tick (slots spread the reports over WS_INTEREST_FAR_MS).
    struct FarUpdate {
        Point position;
        quint64 origin = 0; // the mover's connection (0: another instance's user)
        quint64 slot = 0;
    };
    QHash<QString, FarUpdate> far;

    void add(SpaceConnection *connection)
    {
        users.insert(connection->user.id, connection);
        if (connection->batch) {
            ++batching;
            interested += connection->interest ? 1 : 0;
            // It knows the room as of now (space-joined): the tick's earlier items are not for it.
            connection->batchFrom = batch.items.size();
            batch.sealed = batch.items.size();
        } else {
            direct.insert(connection->user.id, connection);
        }
    }
    void remove(SpaceConnection *connection)
    {
        if (users.value(connection->user.id) != connection) {
            return;
        }
        users.remove(connection->user.id);
        if (connection->batch) {
            --batching;
            interested -= connection->interest ? 1 : 0;
        } else {
            direct.remove(connection->user.id);
        }
    }
};

// A batch frame of one tick: all of a space's items, or those for one area cell. Each entry is
// an item of the room's batch (its index there; far-user positions come after the items) and
// where it sits in the frame.
struct SharedBatch {
    struct Entry {
        qsizetype index = 0;
        qsizetype offset = 0;
        qsizetype size = 0;
    };
    WireFrame frame;
    QList<Entry> entries;
};

const QByteArray BatchHead = QByteArrayLiteral("{\"type\":\"batch\",\"data\":[");
const QByteArray BatchTail = QByteArrayLiteral("]}");
const QByteArray Comma = QByteArrayLiteral(",");

// `selected`: (index, message) in order.
SharedBatch buildBatch(const QList<std::pair<qsizetype, const QByteArray *>> &selected)
{
    qsizetype itemBytes = 0;
    for (const auto &[index, message] : selected) {
        itemBytes += message->size();
    }
    SharedBatch batch;
    batch.frame =
        startFrame(BatchHead.size() + itemBytes + std::max<qsizetype>(selected.size() - 1, 0) + BatchTail.size());
    batch.frame.bytes.append(BatchHead);
    batch.entries.reserve(selected.size());
    for (qsizetype i = 0; i < selected.size(); ++i) {
        if (i > 0) {
            batch.frame.bytes.append(',');
        }
        const auto &[index, message] = selected.at(i);
        batch.entries.append(SharedBatch::Entry{index, batch.frame.bytes.size(), message->size()});
        batch.frame.bytes.append(*message);
    }
    batch.frame.bytes.append(BatchTail);
    return batch;
}

// Bytes [from, from + length) of the entry with `index` are left out (a receiver's own entry in
// the tick's user-positions, with one comma).
struct EntryCut {
    qsizetype index = -1;
    qsizetype from = 0;
    qsizetype length = 0;
};

// The frame of a receiver that gets the entries with an index from `from` on except `skip`
// (sorted) and `cut`, with its personal messages merged in at their places: pieces of the shared
// frame plus its own header, commas and personal messages. Empty when there is nothing for it.
QList<Chunk> personalBatch(const SharedBatch &shared, qsizetype from, const QVarLengthArray<qsizetype, 4> &skip,
    const QList<std::pair<qsizetype, QByteArray>> &personal, EntryCut cut = {})
{
    QList<Chunk> pieces;
    qsizetype payloadSize = 0;
    bool first = true;
    const auto add = [&](Chunk piece) {
        payloadSize += piece.length;
        pieces.append(std::move(piece));
    };
    const auto separate = [&] {
        if (!first) {
            add(Chunk(Comma, 0, 1));
        }
        first = false;
    };
    qsizetype runStart = -1; // consecutive entries [runStart, runEnd] go as one piece
    qsizetype runEnd = -1;
    const auto closeRun = [&] {
        if (runStart >= 0) {
            const auto &begin = shared.entries.at(runStart);
            const auto &end = shared.entries.at(runEnd);
            add(Chunk(shared.frame.bytes, begin.offset, end.offset + end.size - begin.offset));
            runStart = runEnd = -1;
        }
    };
    qsizetype p = 0;
    qsizetype s = 0;
    for (qsizetype k = 0; k < shared.entries.size(); ++k) {
        const qsizetype i = shared.entries.at(k).index;
        if (i < from) {
            closeRun();
            continue;
        }
        for (; p < personal.size() && personal.at(p).first <= i; ++p) {
            closeRun();
            separate();
            add(Chunk(personal.at(p).second, 0, personal.at(p).second.size()));
        }
        while (s < skip.size() && skip[s] < i) {
            ++s;
        }
        if (s < skip.size() && skip[s] == i) {
            closeRun();
            continue;
        }
        if (i == cut.index) {
            closeRun();
            separate();
            const auto &entry = shared.entries.at(k);
            add(Chunk(shared.frame.bytes, entry.offset, cut.from));
            add(Chunk(shared.frame.bytes, entry.offset + cut.from + cut.length, entry.size - cut.from - cut.length));
            continue;
        }
        if (runStart < 0) {
            separate();
            runStart = k;
        }
        runEnd = k;
    }
    closeRun();
    for (; p < personal.size(); ++p) {
        separate();
        add(Chunk(personal.at(p).second, 0, personal.at(p).second.size()));
    }
    if (pieces.isEmpty()) {
        return {};
    }
    const qsizetype headerSize = shared.frame.headerSize;
    const WireFrame header = startFrame(BatchHead.size() + payloadSize + BatchTail.size());
    QList<Chunk> chunks;
    chunks.reserve(pieces.size() + 3);
    chunks.append(Chunk(header.bytes, 0, header.bytes.size()));
    chunks.append(Chunk(shared.frame.bytes, headerSize, BatchHead.size()));
    chunks.append(pieces);
    chunks.append(Chunk(shared.frame.bytes, shared.frame.bytes.size() - BatchTail.size(), BatchTail.size()));
    for (qsizetype i = 0; i + 1 < chunks.size(); ++i) {
        chunks[i].frameEnd = false;
    }
    return chunks;
}

// The chunks as one contiguous frame (for sockets written through QWebSocket).
WireFrame materialize(const QList<Chunk> &chunks)
{
    WireFrame frame;
    qsizetype size = 0;
    for (const auto &chunk : chunks) {
        size += chunk.length;
    }
    frame.bytes.reserve(size);
    for (const auto &chunk : chunks) {
        frame.bytes.append(chunk.begin(), chunk.length);
    }
    return frame;
}

SpaceHub::SpaceHub(
    const Config &config, AccountService &accounts, SpaceService &spaces, Metrics &metrics, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_accounts(accounts)
    , m_spaces(spaces)
    , m_metrics(metrics)
    , m_messageLimiter(config.rateLimitWs)
    , m_moveLimiter(config.moveRateLimit * 60, config.moveRateLimit)
{
    m_clock.start();
    connect(&m_spaces, &SpaceService::elementPlaced, this, &SpaceHub::onElementPlaced);
    connect(&m_spaces, &SpaceService::elementMoved, this, &SpaceHub::onElementMoved);
    connect(&m_spaces, &SpaceService::elementRemoved, this, &SpaceHub::onElementRemoved);
    connect(&m_spaces, &SpaceService::spaceDeleted, this, &SpaceHub::onSpaceDeleted);
    connect(&m_heartbeat, &QTimer::timeout, this, &SpaceHub::heartbeat);
    m_heartbeat.start(std::max(50, std::min(m_config.wsHeartbeatMs, m_config.wsIdleTimeoutMs / 3)));
    connect(&m_batchTimer, &QTimer::timeout, this, &SpaceHub::flushBatches);
    m_batchTimer.start(m_config.wsBatchMs);

    m_metrics.addGauge(QStringLiteral("metaverse_space_sockets"), QStringLiteral("Open space WebSockets."),
        [this] { return double(m_connections.size()); });
    m_metrics.addGauge(QStringLiteral("metaverse_space_rooms"), QStringLiteral("Spaces with someone in them."),
        [this] { return double(m_rooms.size()); });
    m_metrics.describeCounter(
        QStringLiteral("metaverse_space_messages_total"), QStringLiteral("Space socket messages received."));
    m_metrics.describeCounter(QStringLiteral("metaverse_space_rejected_total"),
        QStringLiteral("Space socket messages refused (malformed, not allowed, rate limited)."));
    m_metrics.describeCounter(
        QStringLiteral("metaverse_space_moves_rejected_total"), QStringLiteral("Illegal or too fast moves."));
    m_metrics.describeCounter(QStringLiteral("metaverse_space_slow_consumers_total"),
        QStringLiteral("Space sockets disconnected for falling too far behind."));
}

SpaceHub::~SpaceHub()
{
    // Rooms hold raw pointers into connections: drop them first.
    m_rooms.clear();
    m_connections.clear();
}

Result<quint16> SpaceHub::listen(const QHostAddress &address, quint16 port)
{
    // The listener hands over the TCP socket too, so frames can be written to it directly.
    m_listener = std::make_unique<WebSocketListener>(QStringLiteral("metaverse-space"),
        [this](std::unique_ptr<QWebSocket> socket, QTcpSocket *tcp) { adopt(socket.release(), tcp); });
    return m_listener->listen(address, port);
}

void SpaceHub::adopt(std::unique_ptr<QWebSocket> owned)
{
    adopt(owned.release(), nullptr);
}

void SpaceHub::adopt(QWebSocket *socket, QTcpSocket *tcp)
{
    socket->setParent(nullptr);
    socket->setMaxAllowedIncomingMessageSize(HardFrameBytes);
    socket->setMaxAllowedIncomingFrameSize(HardFrameBytes);
    auto connection = std::make_shared<SpaceConnection>(socket, tcp, m_nextConnectionId++);
    connection->connectedMs = connection->lastSeenMs = m_clock.elapsed();
    SpaceConnection *raw = connection.get();
    m_connections.insert(raw, connection);

    connect(socket, &QWebSocket::textMessageReceived, socket, [this, raw](const QString &text) { onText(raw, text); });
    connect(socket, &QWebSocket::binaryMessageReceived, socket, [this, raw](const QByteArray &) { onBinary(raw); });
    connect(socket, &QWebSocket::pong, socket,
        [this, raw](quint64, const QByteArray &) { raw->lastSeenMs = m_clock.elapsed(); });
    connect(socket, &QWebSocket::bytesWritten, socket, [this, raw](qint64) {
        raw->unsentBytes = raw->socket->bytesToWrite();
        if (raw->batch ? raw->unsentBytes == 0 && !raw->staged.isEmpty()
                       : raw->unsentBytes < SoftQueueBytes / 2 && raw->stagePending()) {
            markDirty(raw);
        }
    });
    connect(socket, &QWebSocket::disconnected, this, [this, raw] { onClosed(raw); });
}

void SpaceHub::onClosed(SpaceConnection *connection)
{
    const auto it = m_connections.find(connection);
    if (it == m_connections.end()) {
        return;
    }
    leaveRoom(connection);
    m_dirty.remove(connection);
    m_behind.remove(connection);
    m_messageLimiter.forget(connection->key);
    m_moveLimiter.forget(connection->key);
    m_connections.erase(it); // deletes the connection; its socket goes with deleteLater()
}

void SpaceHub::onBinary(SpaceConnection *connection)
{
    connection->lastSeenMs = m_clock.elapsed();
    reject(connection, ErrorCodes::BadMessage, QStringLiteral("Binary frames are not part of this protocol"));
}

void SpaceHub::onText(SpaceConnection *connection, const QString &text)
{
    connection->lastSeenMs = m_clock.elapsed();
    m_metrics.increment(QStringLiteral("metaverse_space_messages_total"));
    if (m_messageLimiter.acquire(connection->key)) {
        reject(connection, ErrorCodes::RateLimited, QStringLiteral("Too many messages; slow down"));
        return;
    }
    const QByteArray frame = text.toUtf8();
    if (frame.size() > MaxFrameBytes) {
        reject(connection, ErrorCodes::TooLarge, QStringLiteral("Frames are limited to %1 bytes").arg(MaxFrameBytes));
        return;
    }
    auto decoded = decodeClient(frame, connection->dialect);
    if (!decoded) {
        reject(connection, ErrorCodes::BadMessage, decoded.error().message);
        return;
    }
    if (!connection->dialect) {
        connection->dialect = decoded->dialect;
    }
    const auto &message = decoded->message;
    if (const auto *joinMessage = std::get_if<Join>(&message)) {
        join(m_connections.value(connection), *joinMessage);
        return;
    }
    if (std::holds_alternative<Ping>(message)) {
        if (auto pong = encodeServer(Pong{}, *connection->dialect)) {
            sendTo(connection, *pong);
        }
        return;
    }
    if (!connection->isJoined()) {
        reject(connection, ErrorCodes::NotJoined, QStringLiteral("Join a space first"));
        return;
    }
    std::visit(
        [&](const auto &m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, Leave>) {
                leaveRoom(connection);
                closeSocket(connection, QWebSocketProtocol::CloseCodeNormal, QStringLiteral("left the space"));
            } else if constexpr (std::is_same_v<T, Move> || std::is_same_v<T, PlaceElement> ||
                std::is_same_v<T, MoveElement> || std::is_same_v<T, RemoveElement> || std::is_same_v<T, SetStatus>) {
                handle(connection, m);
            }
        },
        message);
}

void SpaceHub::reject(SpaceConnection *connection, const QString &code, const QString &message, bool abusive)
{
    m_metrics.increment(QStringLiteral("metaverse_space_rejected_total"));
    if (connection->dialect.value_or(Dialect::Seed) == Dialect::Seed) {
        if (auto error = encodeServer(ErrorMessage{code, message}, Dialect::Seed)) {
            sendTo(connection, *error);
        }
    }
    if (!abusive) {
        return;
    }
    if (connection->abuse.record(m_clock.elapsed())) {
        qCInfo(lcSpace) << "closing an abusive space socket of user" << connection->user.id;
        closeSocket(
            connection, QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many invalid messages"));
    }
}

void SpaceHub::rejectError(SpaceConnection *connection, const Error &error)
{
    switch (error.code) {
    case ErrorCode::NotFound:
        reject(connection, ErrorCodes::NotFound, error.message, false);
        return;
    case ErrorCode::Forbidden:
    case ErrorCode::Unauthenticated:
        reject(connection, ErrorCodes::Forbidden, error.message, false);
        return;
    case ErrorCode::Unavailable:
    case ErrorCode::Internal:
        reject(connection, ErrorCodes::Unavailable, error.message, false);
        return;
    default:
        reject(connection, ErrorCodes::Invalid, error.message, false);
        return;
    }
}

QCoro::Task<> SpaceHub::join(std::weak_ptr<SpaceConnection> weak, Join join)
{
    SpaceConnection *connection = weak.lock().get();
    if (!connection) {
        co_return;
    }
    if (connection->isJoined() || connection->joining) {
        reject(connection, ErrorCodes::AlreadyJoined, QStringLiteral("This socket is already in a space"));
        co_return;
    }
    auto user = m_accounts.authenticate(join.token.toUtf8());
    if (!user) {
        reject(connection, ErrorCodes::Unauthorized, user.error().message);
        co_return;
    }
    std::shared_ptr<SpaceRoom> room = m_rooms.value(join.spaceId);
    if (room) {
        auto readable = m_spaces.readableSummary(*user, join.spaceId);
        if (!readable) {
            reject(connection,
                readable.error().code == ErrorCode::NotFound ? ErrorCodes::NotFound : ErrorCodes::Forbidden,
                readable.error().message);
            co_return;
        }
    } else {
        auto space = m_spaces.get(*user, join.spaceId);
        if (!space) {
            reject(connection, space.error().code == ErrorCode::NotFound ? ErrorCodes::NotFound : ErrorCodes::Forbidden,
                space.error().message);
            co_return;
        }
        if (m_redis) {
            // Who is on other instances: subscribe first, then read, so no event falls in between.
            m_redis->subscribe("space:" + join.spaceId.toUtf8());
            connection->joining = true;
            auto loading = loadRemotePresence(join.spaceId);
            auto remote = co_await loading;
            connection = weak.lock().get();
            if (!connection) {
                co_return;
            }
            connection->joining = false;
            room = m_rooms.value(join.spaceId); // someone else may have loaded it meanwhile
            if (!room) {
                room = std::make_shared<SpaceRoom>();
                room->remote = std::move(remote);
            }
        } else {
            room = std::make_shared<SpaceRoom>();
        }
        if (!m_rooms.contains(join.spaceId)) {
            room->space = std::move(space).value();
            room->occupancy = Occupancy(room->space.size);
            for (const auto &placed : std::as_const(room->space.elements)) {
                if (placed.element.isStatic) {
                    room->occupancy.block(placed.footprint());
                }
            }
            m_rooms.insert(join.spaceId, room);
        }
    }

    // One connection per user per space: a second one replaces the first.
    if (SpaceConnection *previous = room->users.value(user->id)) {
        leaveRoom(previous);
        closeSocket(previous, SpaceCloseCode::Replaced, QStringLiteral("replaced by a new connection"));
    }
    room->remote.remove(user->id); // replaced on another instance: that one closes its socket
    const auto spawn = room->occupancy.findSpawn(*QRandomGenerator::global());
    if (!spawn) {
        reject(connection, ErrorCodes::Unavailable, QStringLiteral("The space has no free tile"), false);
        co_return;
    }
    connection->user = *user;
    connection->spaceId = join.spaceId;
    connection->position = *spawn;
    connection->batch = join.batch && connection->dialect == Dialect::Seed;
    connection->interest = connection->batch && join.interest;
    connection->avatarUrl = m_accounts.avatarUrl(*user);
    connection->status = join.status; // always available in the lineage dialect

    Joined joined{user->id, *spawn, {}};
    for (const SpaceConnection *other : std::as_const(room->users)) {
        joined.users.append(other->presence());
    }
    for (const Presence &other : std::as_const(room->remote)) {
        joined.users.append(other);
    }
    room->add(connection);
    // space-joined goes out at once, batching or not; the batch starts after it.
    if (auto frame = encodeServer(joined, *connection->dialect)) {
        sendTo(connection, *frame, true);
    }
    const UserJoined announced{connection->presence()};
    broadcast(*room, announced, connection);
    publish(join.spaceId, announced);
    storePresence(join.spaceId, *connection);
    qCDebug(lcSpace) << "user" << user->id << "joined space" << join.spaceId;
}

void SpaceHub::handle(SpaceConnection *connection, const Move &move)
{
    auto room = m_rooms.value(connection->spaceId);
    const auto rejectMove = [&] {
        m_metrics.increment(QStringLiteral("metaverse_space_moves_rejected_total"));
        if (auto frame = encodeServer(MoveRejected{connection->position}, *connection->dialect)) {
            sendTo(connection, *frame);
        }
    };
    if (!room || (m_config.moveRateLimit > 0 && m_moveLimiter.acquire(connection->key))) {
        rejectMove();
        return;
    }
    if (!room->occupancy.isLegalMove(connection->position, move.to)) {
        rejectMove();
        return;
    }
    connection->position = move.to;
    connection->presenceDirty = true;
    const UserMoved moved{connection->user.id, move.to};
    broadcast(*room, moved, connection, moveKey(connection->user.id));
    publish(connection->spaceId, moved);
}

void SpaceHub::handle(SpaceConnection *connection, const PlaceElement &place)
{
    auto placed = m_spaces.placeElement(connection->user, {connection->spaceId, place.elementId, place.position});
    if (!placed) {
        rejectError(connection, placed.error());
    }
    // Success is announced to everyone, the sender included, by onElementPlaced.
}

void SpaceHub::handle(SpaceConnection *connection, const MoveElement &move)
{
    auto moved = m_spaces.moveElement(connection->user, move.id, move.position, connection->spaceId);
    if (!moved) {
        rejectError(connection, moved.error());
    }
}

void SpaceHub::handle(SpaceConnection *connection, const RemoveElement &remove)
{
    if (auto status = m_spaces.removeElement(connection->user, remove.id, connection->spaceId); !status) {
        rejectError(connection, status.error());
    }
}

void SpaceHub::handle(SpaceConnection *connection, const SetStatus &status)
{
    // No echo: the sender knows its status (as it knows its moves). An unchanged status is no news.
    if (status.status == connection->status) {
        return;
    }
    const auto room = m_rooms.value(connection->spaceId);
    if (!room) {
        return;
    }
    connection->status = status.status;
    const StatusChanged changed{connection->user.id, status.status};
    broadcast(*room, changed, connection, statusKey(connection->user.id));
    // Stored at once (not with the next refresh, as moves are), before the event goes out: a
    // joiner on another instance reads it.
    storePresence(connection->spaceId, *connection);
    publish(connection->spaceId, changed);
}

void SpaceHub::leaveRoom(SpaceConnection *connection)
{
    if (!connection->isJoined()) {
        return;
    }
    const QString spaceId = std::exchange(connection->spaceId, QString());
    const std::shared_ptr<SpaceRoom> room = m_rooms.value(spaceId);
    if (!room) {
        return;
    }
    if (room->users.value(connection->user.id) == connection) {
        room->remove(connection);
        broadcast(*room, UserLeft{connection->user.id}, connection);
        publish(spaceId, UserLeft{connection->user.id});
        removePresence(spaceId, connection->user.id);
    }
    if (room->users.isEmpty() && m_rooms.value(spaceId) == room) {
        m_rooms.remove(spaceId);
        if (m_redis) {
            m_redis->unsubscribe("space:" + spaceId.toUtf8());
        }
    }
}

void SpaceHub::broadcast(
    SpaceRoom &room, const ServerMessage &message, const SpaceConnection *except, const QString &coalesceKey)
{
    // Encoded once per dialect, however many receive it.
    std::optional<QByteArray> seedMessage;
    std::optional<WireFrame> seedFrame;
    std::optional<WireFrame> lineageFrame;
    bool seedEncoded = false;
    bool lineageEncoded = false;
    const auto encodeSeed = [&] {
        if (!seedEncoded) {
            seedEncoded = true;
            if (auto object = encodeServer(message, Dialect::Seed)) {
                seedMessage = toFrame(*object);
            }
        }
    };
    if (room.batching > 0) {
        // Batching sockets get it with the room's next batch frame; a move only in the frames
        // of the cells near it (area of interest), and its user's position later in the others.
        encodeSeed();
        const quint64 origin = except ? except->id : 0;
        qint64 cell = -1;
        if (const auto *moved = std::get_if<UserMoved>(&message)) {
            cell = cellOf(moved->position);
            if (room.interested > 0) {
                room.far.insert(moved->userId,
                    SpaceRoom::FarUpdate{moved->position, origin, qHash(moved->userId) % quint64(farTicks())});
            }
        } else if (const auto *left = std::get_if<UserLeft>(&message)) {
            room.far.remove(left->userId);
            forgetUser(room.batch.index, left->userId);
        }
        if (seedMessage) {
            room.batch.add(*seedMessage, origin, coalesceKey, cell);
        }
    }
    const auto *left = std::get_if<UserLeft>(&message);
    QList<SpaceConnection *> tooSlow;
    for (SpaceConnection *receiver : std::as_const(room.direct)) {
        if (left && !receiver->pendingIndex.isEmpty()) {
            // Same for a receiver that is behind: what follows a leave is queued after it.
            forgetUser(receiver->pendingIndex, left->userId);
        }
        if (receiver == except || !receiver->isWritable()) {
            continue;
        }
        const bool seed = receiver->dialect == Dialect::Seed;
        std::optional<WireFrame> &frame = seed ? seedFrame : lineageFrame;
        if (seed) {
            if (!seedFrame && !seedEncoded) {
                encodeSeed();
            }
            if (!seedFrame && seedMessage) {
                seedFrame = makeFrame(*seedMessage);
            }
        } else if (!lineageEncoded) {
            lineageEncoded = true;
            if (auto object = encodeServer(message, Dialect::Lineage)) {
                lineageFrame = makeFrame(toFrame(*object));
            }
        }
        if (!frame) {
            continue;
        }
        if (receiver->send(*frame, coalesceKey)) {
            markDirty(receiver);
        } else if (receiver->backlogBytes() > m_config.wsMaxQueueBytes) {
            tooSlow.append(receiver);
        }
    }
    for (SpaceConnection *slow : std::as_const(tooSlow)) {
        dropSlow(slow);
    }
}

void SpaceHub::sendTo(SpaceConnection *connection, const QJsonObject &message, bool immediate)
{
    if (!connection->isWritable()) {
        return;
    }
    const QByteArray payload = toFrame(message);
    if (connection->batch && !immediate) {
        // Into its next batch, after what the room had until now.
        if (const auto room = m_rooms.value(connection->spaceId);
            room && room->users.value(connection->user.id) == connection) {
            if (connection->personal.isEmpty()) {
                ++room->personalWaiting;
            }
            connection->personal.append({room->batch.items.size(), payload});
            connection->personalBytes += payload.size();
            return;
        }
    }
    if (connection->send(makeFrame(payload), {})) {
        markDirty(connection);
    }
}

void SpaceHub::closeSocket(SpaceConnection *connection, int code, const QString &reason)
{
    // Nothing may follow the close frame; close() can report the disconnect synchronously, so
    // the connection is not touched afterwards.
    connection->closeSent = true;
    connection->clearQueues();
    connection->socket->close(QWebSocketProtocol::CloseCode(code), reason);
}

void SpaceHub::markDirty(SpaceConnection *connection)
{
    m_dirty.insert(connection);
    if (!m_flushQueued) {
        m_flushQueued = true;
        QMetaObject::invokeMethod(this, &SpaceHub::flushDirty, Qt::QueuedConnection);
    }
}

void SpaceHub::flushDirty()
{
    m_flushQueued = false;
    const auto dirty = std::exchange(m_dirty, {});
    for (SpaceConnection *connection : dirty) {
        if (!m_connections.contains(connection) || connection->closing) {
            continue; // gone since
        }
        connection->flush();
        connection->unsentBytes = connection->socket->bytesToWrite();
        if (connection->batch && !connection->staged.isEmpty()) {
            m_behind.insert(connection); // tried again at the next tick
        } else {
            m_behind.remove(connection);
        }
        if (connection->backlogBytes() > m_config.wsMaxQueueBytes) {
            dropSlow(connection);
        }
    }
}

void SpaceHub::dropSlow(SpaceConnection *connection)
{
    if (connection->closing) {
        return;
    }
    m_metrics.increment(QStringLiteral("metaverse_space_slow_consumers_total"));
    qCInfo(lcSpace) << "disconnecting a slow space socket of user" << connection->user.id;
    // Nothing more is queued for it from now on; what it has not taken stays bounded by
    // WS_MAX_QUEUE_BYTES. From the event loop (never inside a broadcast): it leaves the room,
    // then gets close code 4008 behind what is already on its way; a reader that does not take
    // even that within SlowCloseGraceMs is aborted.
    connection->closing = true;
    connection->clearQueues();
    std::weak_ptr<SpaceConnection> weak = m_connections.value(connection);
    QMetaObject::invokeMethod(
        this,
        [this, weak] {
            const auto slow = weak.lock();
            if (!slow) {
                return;
            }
            leaveRoom(slow.get());
            QPointer<QWebSocket> socket(slow->socket);
            QTimer::singleShot(SlowCloseGraceMs, socket, [socket] {
                if (socket) {
                    socket->abort();
                }
            });
            slow->closeSent = true;
            slow->socket->close(QWebSocketProtocol::CloseCode(SpaceCloseCode::TooSlow),
                QStringLiteral("too far behind: more than WS_MAX_QUEUE_BYTES unread"));
        },
        Qt::QueuedConnection);
}

void SpaceHub::drop(SpaceConnection *connection)
{
    // Aborting emits `disconnected` synchronously, and its handler changes rooms and
    // connections: never do that in the middle of a broadcast. Stop writing now, abort from the
    // event loop (a deleted socket cancels the call).
    if (connection->closing) {
        return;
    }
    connection->closing = true;
    connection->clearQueues();
    abortLater(connection->socket);
}

qint64 SpaceHub::cellOf(Point position) const
{
    const int size = std::max(1, m_config.wsInterestCell);
    return (qint64(position.x / size) << 32) | qint64(position.y / size);
}

int SpaceHub::farTicks() const
{
    return std::max(1, (m_config.wsInterestFarMs + m_config.wsBatchMs - 1) / std::max(1, m_config.wsBatchMs));
}

void SpaceHub::flushBatches()
{
    const quint64 tick = m_batchTick++;
    // Batching sockets with frames the kernel did not take: another try.
    for (SpaceConnection *connection : std::as_const(m_behind)) {
        markDirty(connection);
    }
    for (const auto &room : std::as_const(m_rooms)) {
        RoomBatch &batch = room->batch;
        if (room->batching == 0) {
            batch.clear();
            room->far.clear();
            room->personalWaiting = 0;
            continue;
        }
        if (room->interested == 0) {
            room->far.clear();
        }
        // Area of interest: the positions of users whose slot this tick is, as one user-positions
        // entry for everyone with an area (after the tick's items: its index is items.size()).
        // Where each user's entry sits in it, so that a receiver's own is cut out.
        QByteArray positions;
        QHash<quint64, std::pair<qsizetype, qsizetype>> ownPosition; // origin -> (offset, size) in `positions`
        qsizetype positionCount = 0;
        if (room->interested > 0 && !room->far.isEmpty()) {
            const quint64 slot = tick % quint64(farTicks());
            for (auto it = room->far.begin(); it != room->far.end();) {
                if (it->slot != slot) {
                    ++it;
                    continue;
                }
                positions.append(positionCount == 0 ? PositionsHead : Comma);
                const QByteArray entry = encodePositionEntry(it.key(), it->position);
                if (it->origin != 0) {
                    ownPosition.insert(it->origin, {positions.size(), entry.size()});
                }
                positions.append(entry);
                ++positionCount;
                it = room->far.erase(it);
            }
            if (positionCount > 0) {
                positions.append(PositionsTail);
            }
        }
        if (batch.items.isEmpty() && positionCount == 0 && room->personalWaiting == 0) {
            continue;
        }
        // A socket's own events (its moves, its join) are not sent back to it: which items are whose.
        QHash<quint64, QVarLengthArray<qsizetype, 4>> own;
        for (qsizetype i = 0; i < batch.items.size(); ++i) {
            if (const quint64 origin = batch.items.at(i).origin) {
                own[origin].append(i);
            }
        }
        // Encoded once; the same bytes for every socket that gets all of it, and pieces of it for
        // the others. Sockets with an area of interest share one frame per cell they are in.
        std::optional<SharedBatch> whole;
        QHash<qint64, SharedBatch> areas;
        const auto frameFor = [&](const SpaceConnection *receiver) -> const SharedBatch & {
            QList<std::pair<qsizetype, const QByteArray *>> selected;
            if (!receiver->interest) {
                if (!whole) {
                    selected.reserve(batch.items.size());
                    for (qsizetype i = 0; i < batch.items.size(); ++i) {
                        selected.append({i, &batch.items.at(i).message});
                    }
                    whole = buildBatch(selected);
                }
                return *whole;
            }
            const qint64 cell = cellOf(receiver->position);
            auto it = areas.find(cell);
            if (it == areas.end()) {
                for (qsizetype i = 0; i < batch.items.size(); ++i) {
                    const BatchItem &item = batch.items.at(i);
                    if (item.cell < 0 || cellsNear(item.cell, cell)) {
                        selected.append({i, &item.message});
                    }
                }
                // Also of users in this area: a client that walked in after their last move
                // got that move nowhere else.
                if (positionCount > 0) {
                    selected.append({batch.items.size(), &positions});
                }
                it = areas.insert(cell, buildBatch(selected));
            }
            return *it;
        };
        for (SpaceConnection *receiver : std::as_const(room->users)) {
            if (!receiver->batch) {
                continue;
            }
            const SharedBatch &shared = frameFor(receiver);
            const auto ownItems = own.constFind(receiver->id);
            QVarLengthArray<qsizetype, 4> skip;
            if (ownItems != own.cend()) {
                skip = *ownItems;
            }
            EntryCut cut;
            if (const auto mine = ownPosition.constFind(receiver->id);
                receiver->interest && mine != ownPosition.cend()) {
                if (positionCount == 1) {
                    skip.append(batch.items.size()); // its own position only: none of it
                } else {
                    // With the comma before it, or after it when it comes first.
                    const auto [offset, size] = *mine;
                    const bool first = offset == PositionsHead.size();
                    cut = EntryCut{batch.items.size(), first ? offset : offset - 1, size + 1};
                }
            }
            const bool asIs =
                receiver->batchFrom == 0 && skip.isEmpty() && cut.index < 0 && receiver->personal.isEmpty();
            QList<Chunk> chunks;
            if (!asIs) {
                chunks = personalBatch(shared, receiver->batchFrom, skip, receiver->personal, cut);
            }
            receiver->batchFrom = 0;
            receiver->personal.clear();
            receiver->personalBytes = 0;
            if (!receiver->isWritable() || (asIs && shared.entries.isEmpty()) || (!asIs && chunks.isEmpty())) {
                continue;
            }
            if (asIs) {
                receiver->stage(shared.frame);
            } else if (receiver->tcp) {
                receiver->stage(chunks);
            } else {
                receiver->stage(materialize(chunks));
            }
            markDirty(receiver);
        }
        batch.clear();
        room->personalWaiting = 0;
    }
}

void SpaceHub::heartbeat()
{
    const qint64 now = m_clock.elapsed();
    if (m_redis && now - m_lastPresenceRefreshMs >= std::min<qint64>(m_config.wsHeartbeatMs, presenceTtlMs() / 3)) {
        m_lastPresenceRefreshMs = now;
        refreshPresence();
    }
    // Collect first: closing can report the disconnect synchronously, which erases connections.
    QList<SpaceConnection *> dead;
    QList<QPointer<QWebSocket>> neverJoined;
    for (const auto &connection : std::as_const(m_connections)) {
        if (now - connection->lastSeenMs > m_config.wsIdleTimeoutMs) {
            dead.append(connection.get());
        } else if (!connection->isJoined() && !connection->joining &&
            now - connection->connectedMs > std::min<qint64>(JoinTimeoutMs, m_config.wsIdleTimeoutMs)) {
            neverJoined.append(connection->socket);
        } else {
            connection->socket->ping();
        }
    }
    for (SpaceConnection *connection : std::as_const(dead)) {
        qCInfo(lcSpace) << "reaping an unresponsive space socket of user" << connection->user.id;
        drop(connection);
    }
    for (const auto &socket : std::as_const(neverJoined)) {
        if (socket) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("join a space first"));
        }
    }
}

void SpaceHub::onElementPlaced(const QString &spaceId, const SpaceElement &placed)
{
    publish(spaceId, ElementPlaced{placed});
    if (const auto room = m_rooms.value(spaceId)) {
        applyPlaced(*room, placed);
    }
}

void SpaceHub::onElementMoved(const QString &spaceId, const SpaceElement &placed, Point)
{
    publish(spaceId, ElementMoved{placed.id, placed.position});
    if (const auto room = m_rooms.value(spaceId)) {
        applyMoved(*room, placed.id, placed.position);
    }
}

void SpaceHub::onElementRemoved(const QString &spaceId, const SpaceElement &placed)
{
    publish(spaceId, ElementRemoved{placed.id});
    if (const auto room = m_rooms.value(spaceId)) {
        applyRemoved(*room, placed.id);
    }
}

void SpaceHub::applyPlaced(SpaceRoom &room, const SpaceElement &placed)
{
    room.space.elements.append(placed);
    if (placed.element.isStatic) {
        room.occupancy.block(placed.footprint());
    }
    broadcast(room, ElementPlaced{placed}, nullptr);
}

void SpaceHub::applyMoved(SpaceRoom &room, const QString &placedId, Point position)
{
    for (auto &element : room.space.elements) {
        if (element.id == placedId) {
            if (element.element.isStatic) { // never through the API, but keep the grid honest
                room.occupancy.unblock(element.footprint());
                room.occupancy.block(element.element.footprintAt(position));
            }
            element.position = position;
        }
    }
    broadcast(room, ElementMoved{placedId, position}, nullptr, QStringLiteral("element:") + placedId);
}

void SpaceHub::applyRemoved(SpaceRoom &room, const QString &placedId)
{
    for (const auto &element : std::as_const(room.space.elements)) {
        if (element.id == placedId && element.element.isStatic) {
            room.occupancy.unblock(element.footprint());
        }
    }
    room.space.elements.removeIf([&](const SpaceElement &e) { return e.id == placedId; });
    broadcast(room, ElementRemoved{placedId}, nullptr);
}

void SpaceHub::onSpaceDeleted(const QString &spaceId)
{
    publishDeleted(spaceId);
    closeRoom(spaceId);
}

void SpaceHub::closeRoom(const QString &spaceId)
{
    const auto room = m_rooms.take(spaceId);
    if (!room) {
        return;
    }
    if (m_redis) {
        m_redis->unsubscribe("space:" + spaceId.toUtf8());
    }
    for (SpaceConnection *connection : std::as_const(room->users)) {
        connection->spaceId.clear();
        closeSocket(connection, SpaceCloseCode::SpaceDeleted, QStringLiteral("the space was deleted"));
    }
}

// --- Redis: cross-instance fan-out and presence ---------------------------------------------

namespace
{
QByteArray channelOf(const QString &spaceId)
{
    return "space:" + spaceId.toUtf8();
}
QByteArray usersKey(const QString &spaceId)
{
    return "space:" + spaceId.toUtf8() + ":users";
}
QByteArray presenceKey(const QString &spaceId)
{
    return "space:" + spaceId.toUtf8() + ":presence";
}
const QByteArray ActiveUsersKey = QByteArrayLiteral("activeUsers");

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

void SpaceHub::setRedis(RedisClient *redis)
{
    m_redis = redis;
    m_instanceId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    connect(redis, &RedisClient::message, this, &SpaceHub::onRedisMessage);
    connect(redis, &RedisClient::connectedChanged, this, &SpaceHub::onRedisConnectedChanged);
}

qint64 SpaceHub::presenceTtlMs() const
{
    return std::max<qint64>(3LL * m_config.wsHeartbeatMs, 3000);
}

void SpaceHub::publish(const QString &spaceId, const ServerMessage &message)
{
    if (!m_redis || !m_redis->isConnected()) {
        return; // local delivery goes on; other instances catch up when Redis returns
    }
    const auto encoded = encodeServer(message, Dialect::Seed);
    if (!encoded) {
        return;
    }
    m_redis->publish(channelOf(spaceId),
        toFrame(QJsonObject{{QStringLiteral("origin"), m_instanceId}, {QStringLiteral("message"), *encoded}}));
}

void SpaceHub::publishDeleted(const QString &spaceId)
{
    if (m_redis && m_redis->isConnected()) {
        m_redis->publish(channelOf(spaceId),
            toFrame(QJsonObject{{QStringLiteral("origin"), m_instanceId}, {QStringLiteral("deleted"), true}}));
    }
}

void SpaceHub::onRedisMessage(const QByteArray &channel, const QByteArray &payload)
{
    if (!channel.startsWith("space:")) {
        return;
    }
    const QString spaceId = QString::fromUtf8(channel.mid(6));
    const auto room = m_rooms.value(spaceId);
    if (!room) {
        return;
    }
    const auto envelope = QJsonDocument::fromJson(payload).object();
    if (envelope.value(QStringLiteral("origin")).toString() == m_instanceId) {
        return;
    }
    if (envelope.value(QStringLiteral("deleted")).toBool()) {
        closeRoom(spaceId);
        return;
    }
    auto message = decodeServer(envelope.value(QStringLiteral("message")).toObject(), Dialect::Seed);
    if (!message) {
        qCWarning(lcSpace) << "ignoring a malformed event from another instance:" << message.error().message;
        return;
    }
    std::visit(
        [&](const auto &m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, UserJoined>) {
                // The same user joined on another instance: that connection replaces ours.
                if (SpaceConnection *local = room->users.value(m.user.userId)) {
                    room->remove(local);
                    local->spaceId.clear();
                    broadcast(*room, UserLeft{m.user.userId}, local);
                    closeSocket(local, SpaceCloseCode::Replaced, QStringLiteral("replaced by a new connection"));
                }
                room->remote.insert(m.user.userId, m.user);
                broadcast(*room, m, nullptr);
            } else if constexpr (std::is_same_v<T, UserMoved>) {
                if (const auto it = room->remote.find(m.userId); it != room->remote.end()) {
                    it->position = m.position;
                    broadcast(*room, m, nullptr, moveKey(m.userId));
                }
            } else if constexpr (std::is_same_v<T, UserLeft>) {
                if (room->remote.remove(m.userId) > 0) {
                    broadcast(*room, m, nullptr);
                }
            } else if constexpr (std::is_same_v<T, StatusChanged>) {
                if (const auto it = room->remote.find(m.userId); it != room->remote.end() && it->status != m.status) {
                    it->status = m.status;
                    broadcast(*room, m, nullptr, statusKey(m.userId));
                }
            } else if constexpr (std::is_same_v<T, ElementPlaced>) {
                applyPlaced(*room, m.placed);
            } else if constexpr (std::is_same_v<T, ElementMoved>) {
                applyMoved(*room, m.id, m.position);
            } else if constexpr (std::is_same_v<T, ElementRemoved>) {
                applyRemoved(*room, m.id);
            }
        },
        *message);
}

void SpaceHub::storePresence(const QString &spaceId, const SpaceConnection &connection)
{
    if (!m_redis || !m_redis->isConnected()) {
        return;
    }
    const QByteArray score = QByteArray::number(nowMs());
    const QByteArray userId = connection.user.id.toUtf8();
    auto presence = *encodeServer(UserJoined{connection.presence()}, Dialect::Seed);
    presence.insert(QStringLiteral("instance"), m_instanceId);
    m_redis->send({"ZADD", ActiveUsersKey, score, userId});
    m_redis->send({"ZADD", usersKey(spaceId), score, userId});
    m_redis->send({"HSET", presenceKey(spaceId), userId, toFrame(presence)});
}

void SpaceHub::removePresence(const QString &spaceId, const QString &userId)
{
    if (!m_redis || !m_redis->isConnected()) {
        return;
    }
    m_redis->send({"ZREM", ActiveUsersKey, userId.toUtf8()});
    m_redis->send({"ZREM", usersKey(spaceId), userId.toUtf8()});
    m_redis->send({"HDEL", presenceKey(spaceId), userId.toUtf8()});
}

QCoro::Task<QHash<QString, Presence>> SpaceHub::loadRemotePresence(QString spaceId)
{
    QHash<QString, Presence> remote;
    QPointer<SpaceHub> self(this);
    if (!m_redis || !m_redis->isConnected()) {
        co_return remote;
    }
    auto listing =
        m_redis->command({"ZRANGEBYSCORE", usersKey(spaceId), QByteArray::number(nowMs() - presenceTtlMs()), "+inf"});
    auto users = co_await listing;
    if (!self || !m_redis || !users || users->type != RedisReply::Type::Array || users->elements.isEmpty()) {
        co_return remote;
    }
    QList<QByteArray> args{"HMGET", presenceKey(spaceId)};
    for (const auto &user : std::as_const(users->elements)) {
        args.append(user.string);
    }
    auto fetching = m_redis->command(args);
    auto presences = co_await fetching;
    if (!self || !presences || presences->type != RedisReply::Type::Array) {
        co_return remote;
    }
    for (const auto &entry : std::as_const(presences->elements)) {
        if (entry.type != RedisReply::Type::String) {
            continue;
        }
        const auto object = QJsonDocument::fromJson(entry.string).object();
        if (object.value(QStringLiteral("instance")).toString() == m_instanceId) {
            continue; // ours: we know them better
        }
        auto joined = decodeServer(object, Dialect::Seed);
        if (joined && std::holds_alternative<UserJoined>(*joined)) {
            const auto &presence = std::get<UserJoined>(*joined).user;
            remote.insert(presence.userId, presence);
        }
    }
    co_return remote;
}

QCoro::Task<> SpaceHub::reconcile(QString spaceId)
{
    QPointer<SpaceHub> self(this);
    // Statuses as events left them before the read: one that an event changes meanwhile is newer
    // than what the read returns.
    QHash<QString, UserStatus> statusesBefore;
    if (const auto room = m_rooms.value(spaceId)) {
        for (auto it = room->remote.cbegin(); it != room->remote.cend(); ++it) {
            statusesBefore.insert(it.key(), it->status);
        }
    }
    auto loading = loadRemotePresence(spaceId);
    auto live = co_await loading;
    if (!self || !m_redis || !m_redis->isConnected()) {
        co_return;
    }
    const auto room = m_rooms.value(spaceId);
    if (!room) {
        co_return;
    }
    // Users whose instance stopped refreshing them (it crashed, or Redis lost the events).
    for (auto it = room->remote.begin(); it != room->remote.end();) {
        if (!live.contains(it.key())) {
            const QString userId = it.key();
            it = room->remote.erase(it);
            broadcast(*room, UserLeft{userId}, nullptr);
        } else {
            ++it;
        }
    }
    for (auto it = live.cbegin(); it != live.cend(); ++it) {
        if (const auto known = room->remote.find(it.key()); known != room->remote.end()) {
            // A status change whose event was lost (Redis was down): the stored presence is current.
            const auto before = statusesBefore.constFind(it.key());
            if (known->status != it->status && before != statusesBefore.cend() && *before == known->status) {
                known->status = it->status;
                broadcast(*room, StatusChanged{it.key(), it->status}, nullptr, statusKey(it.key()));
            }
        } else if (!room->users.contains(it.key())) {
            room->remote.insert(it.key(), *it);
            broadcast(*room, UserJoined{*it}, nullptr);
        }
    }
    // Forget what expired, so Redis does not grow with crashed instances' users.
    const QByteArray cutoff = "(" + QByteArray::number(nowMs() - presenceTtlMs());
    auto expiring = m_redis->command({"ZRANGEBYSCORE", usersKey(spaceId), "-inf", cutoff});
    auto expired = co_await expiring;
    if (!self || !m_redis || !expired || expired->type != RedisReply::Type::Array || expired->elements.isEmpty()) {
        co_return;
    }
    QList<QByteArray> hdel{"HDEL", presenceKey(spaceId)};
    for (const auto &user : std::as_const(expired->elements)) {
        hdel.append(user.string);
    }
    m_redis->send(hdel);
    m_redis->send({"ZREMRANGEBYSCORE", usersKey(spaceId), "-inf", cutoff});
    m_redis->send({"ZREMRANGEBYSCORE", ActiveUsersKey, "-inf", cutoff});
}

void SpaceHub::refreshPresence()
{
    if (!m_redis || !m_redis->isConnected()) {
        return;
    }
    const QByteArray score = QByteArray::number(nowMs());
    QList<QByteArray> active{"ZADD", ActiveUsersKey};
    for (auto it = m_rooms.cbegin(); it != m_rooms.cend(); ++it) {
        if (it.value()->users.isEmpty()) {
            continue;
        }
        QList<QByteArray> scores{"ZADD", usersKey(it.key())};
        for (SpaceConnection *connection : std::as_const(it.value()->users)) {
            scores << score << connection->user.id.toUtf8();
            active << score << connection->user.id.toUtf8();
            if (connection->presenceDirty) {
                connection->presenceDirty = false;
                storePresence(it.key(), *connection);
            }
        }
        m_redis->send(scores);
        reconcile(it.key());
    }
    if (active.size() > 2) {
        m_redis->send(active);
    }
}

void SpaceHub::onRedisConnectedChanged(bool connected)
{
    if (!connected) {
        qCWarning(lcSpace) << "Redis is unreachable: delivering within this instance only";
        return;
    }
    qCInfo(lcSpace) << "Redis is back: announcing local presence again";
    for (auto it = m_rooms.cbegin(); it != m_rooms.cend(); ++it) {
        for (SpaceConnection *connection : std::as_const(it.value()->users)) {
            storePresence(it.key(), *connection);
            publish(it.key(), UserJoined{connection->presence()});
        }
        reconcile(it.key());
    }
}

} // namespace Metaverse
