// SPDX-License-Identifier: GPL-3.0-or-later
#include "spacehub.h"

#include "auth/accountservice.h"
#include "http/metrics.h"
#include "logging.h"
#include "spaceservice.h"

#include <QRandomGenerator>
#include <QWebSocketServer>

namespace Metaverse
{

using namespace SpaceProtocol;

namespace
{
// A joined socket that breaks this many rules within a minute is closed with 1008.
constexpr int AbuseLimit = 20;
// Nothing but a join is accepted for this long after connecting.
constexpr int JoinTimeoutMs = 15000;
// Frames queue in the socket up to this many bytes before coalescing starts.
constexpr qint64 SoftQueueBytes = 256 * 1024;
// Qt refuses (close 1009) anything larger outright; between MaxFrameBytes and this, an error.
constexpr quint64 HardFrameBytes = 64 * 1024;
} // namespace

// One space socket: its dialect, who it is once joined, and its outgoing queue.
class SpaceConnection
{
public:
    SpaceConnection(QWebSocket *webSocket, QString limiterKey)
        : socket(webSocket)
        , key(std::move(limiterKey))
    {
    }
    ~SpaceConnection()
    {
        if (socket) {
            socket->disconnect();
            socket->abort();
            socket->deleteLater(); // may be inside one of its own signals
        }
    }
    SpaceConnection(const SpaceConnection &) = delete;
    SpaceConnection &operator=(const SpaceConnection &) = delete;

    [[nodiscard]] bool isJoined() const { return !spaceId.isEmpty(); }

    // Sends now, or queues when the client is behind (coalescing by key: latest wins), or batches.
    void send(const QByteArray &frame, const QString &coalesceKey)
    {
        if (closing) {
            return;
        }
        if (batch || !pending.isEmpty() || socket->bytesToWrite() > SoftQueueBytes) {
            enqueue(frame, coalesceKey);
            return;
        }
        write(frame);
    }
    // Hands the frame to the kernel at once, so bytesToWrite() is what the client has not taken
    // (Qt would otherwise buffer everything written in one event-loop turn).
    void write(const QByteArray &frame)
    {
        socket->sendTextMessage(QString::fromUtf8(frame));
        socket->flush();
    }
    void enqueue(const QByteArray &frame, const QString &coalesceKey)
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
    // Writes what is queued: as one batch frame for batching clients, else one by one.
    void flush()
    {
        if (pending.isEmpty()) {
            return;
        }
        if (batch) {
            QByteArray frame = QByteArrayLiteral("{\"type\":\"batch\",\"data\":[");
            frame.reserve(pendingBytes + pending.size() + 32);
            for (qsizetype i = 0; i < pending.size(); ++i) {
                if (i > 0) {
                    frame.append(',');
                }
                frame.append(pending.at(i));
            }
            frame.append("]}");
            write(frame);
        } else {
            for (const auto &frame : std::as_const(pending)) {
                write(frame);
            }
        }
        pending.clear();
        pendingIndex.clear();
        pendingBytes = 0;
    }
    [[nodiscard]] qint64 backlogBytes() const { return socket->bytesToWrite() + pendingBytes; }

    QWebSocket *socket;
    QString key; // unique per connection, for rate limiting
    std::optional<Dialect> dialect;
    User user;
    QString spaceId;
    Point position;
    QString avatarUrl;
    bool batch = false;
    qint64 lastSeenMs = 0;
    qint64 connectedMs = 0;
    int abuse = 0;
    qint64 abuseWindowStartMs = 0;
    bool closing = false; // dropped; the socket is aborted from the event loop
    QList<QByteArray> pending;
    QHash<QString, qsizetype> pendingIndex;
    qint64 pendingBytes = 0;
};

struct SpaceRoom {
    Space space; // as loaded, elements kept current
    Occupancy occupancy{Size{}};
    QHash<QString, SpaceConnection *> users; // by user id
};

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
    m_server = std::make_unique<QWebSocketServer>(QStringLiteral("metaverse-space"), QWebSocketServer::NonSecureMode);
    if (!m_server->listen(address, port)) {
        return Error::unavailable(QStringLiteral("Cannot listen on %1:%2: %3")
                                      .arg(address.toString())
                                      .arg(port)
                                      .arg(m_server->errorString()));
    }
    connect(m_server.get(), &QWebSocketServer::newConnection, this, [this] {
        while (auto *socket = m_server->nextPendingConnection()) {
            adopt(std::unique_ptr<QWebSocket>(socket));
        }
    });
    return m_server->serverPort();
}

void SpaceHub::adopt(std::unique_ptr<QWebSocket> owned)
{
    QWebSocket *socket = owned.release();
    socket->setParent(nullptr);
    socket->setMaxAllowedIncomingMessageSize(HardFrameBytes);
    socket->setMaxAllowedIncomingFrameSize(HardFrameBytes);
    auto connection = std::make_shared<SpaceConnection>(socket, QStringLiteral("ws:%1").arg(m_nextConnectionId++));
    connection->connectedMs = connection->lastSeenMs = m_clock.elapsed();
    SpaceConnection *raw = connection.get();
    m_connections.insert(raw, connection);

    connect(socket, &QWebSocket::textMessageReceived, socket, [this, raw](const QString &text) { onText(raw, text); });
    connect(socket, &QWebSocket::binaryMessageReceived, socket, [this, raw](const QByteArray &) { onBinary(raw); });
    connect(socket, &QWebSocket::pong, socket,
        [this, raw](quint64, const QByteArray &) { raw->lastSeenMs = m_clock.elapsed(); });
    connect(socket, &QWebSocket::bytesWritten, socket, [raw](qint64) {
        if (!raw->batch && raw->socket->bytesToWrite() < SoftQueueBytes / 2) {
            raw->flush();
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
    if (const auto *join = std::get_if<Join>(&message)) {
        handle(connection, *join);
        return;
    }
    if (std::holds_alternative<Ping>(message)) {
        if (auto pong = encodeServer(Pong{}, *connection->dialect)) {
            connection->send(toFrame(*pong), {});
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
                connection->socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("left the space"));
            } else if constexpr (std::is_same_v<T, Move> || std::is_same_v<T, PlaceElement> ||
                std::is_same_v<T, MoveElement> || std::is_same_v<T, RemoveElement>) {
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
            connection->send(toFrame(*error), {});
        }
    }
    if (!abusive) {
        return;
    }
    const qint64 now = m_clock.elapsed();
    if (now - connection->abuseWindowStartMs > 60000) {
        connection->abuseWindowStartMs = now;
        connection->abuse = 0;
    }
    if (++connection->abuse > AbuseLimit) {
        qCInfo(lcSpace) << "closing an abusive space socket of user" << connection->user.id;
        connection->socket->close(
            QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many invalid messages"));
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

void SpaceHub::handle(SpaceConnection *connection, const Join &join)
{
    if (connection->isJoined()) {
        reject(connection, ErrorCodes::AlreadyJoined, QStringLiteral("This socket is already in a space"));
        return;
    }
    auto user = m_accounts.authenticate(join.token.toUtf8());
    if (!user) {
        reject(connection, ErrorCodes::Unauthorized, user.error().message);
        return;
    }
    std::shared_ptr<SpaceRoom> room = m_rooms.value(join.spaceId);
    if (room) {
        auto readable = m_spaces.readableSummary(*user, join.spaceId);
        if (!readable) {
            reject(connection,
                readable.error().code == ErrorCode::NotFound ? ErrorCodes::NotFound : ErrorCodes::Forbidden,
                readable.error().message);
            return;
        }
    } else {
        auto space = m_spaces.get(*user, join.spaceId);
        if (!space) {
            reject(connection, space.error().code == ErrorCode::NotFound ? ErrorCodes::NotFound : ErrorCodes::Forbidden,
                space.error().message);
            return;
        }
        room = std::make_shared<SpaceRoom>();
        room->space = std::move(space).value();
        room->occupancy = Occupancy(room->space.size);
        for (const auto &placed : std::as_const(room->space.elements)) {
            if (placed.element.isStatic) {
                room->occupancy.block(placed.footprint());
            }
        }
        m_rooms.insert(join.spaceId, room);
    }

    // One connection per user per space: a second one replaces the first.
    if (SpaceConnection *previous = room->users.value(user->id)) {
        leaveRoom(previous);
        previous->socket->close(
            QWebSocketProtocol::CloseCode(SpaceCloseCode::Replaced), QStringLiteral("replaced by a new connection"));
    }
    const auto spawn = room->occupancy.findSpawn(*QRandomGenerator::global());
    if (!spawn) {
        reject(connection, ErrorCodes::Unavailable, QStringLiteral("The space has no free tile"), false);
        return;
    }
    connection->user = *user;
    connection->spaceId = join.spaceId;
    connection->position = *spawn;
    connection->batch = join.batch && connection->dialect == Dialect::Seed;
    connection->avatarUrl = m_accounts.avatarUrl(*user);

    Joined joined{user->id, *spawn, {}};
    for (const SpaceConnection *other : std::as_const(room->users)) {
        joined.users.append(Presence{other->user.id, other->user.username, other->avatarUrl, other->position});
    }
    room->users.insert(user->id, connection);
    if (auto frame = encodeServer(joined, *connection->dialect)) {
        connection->send(toFrame(*frame), {});
    }
    broadcast(*room, UserJoined{Presence{user->id, user->username, connection->avatarUrl, *spawn}}, connection);
    qCDebug(lcSpace) << "user" << user->id << "joined space" << join.spaceId;
}

void SpaceHub::handle(SpaceConnection *connection, const Move &move)
{
    auto room = m_rooms.value(connection->spaceId);
    const auto rejectMove = [&] {
        m_metrics.increment(QStringLiteral("metaverse_space_moves_rejected_total"));
        if (auto frame = encodeServer(MoveRejected{connection->position}, *connection->dialect)) {
            connection->send(toFrame(*frame), {});
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
    broadcast(
        *room, UserMoved{connection->user.id, move.to}, connection, QStringLiteral("move:") + connection->user.id);
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
        room->users.remove(connection->user.id);
        broadcast(*room, UserLeft{connection->user.id}, connection);
    }
    if (room->users.isEmpty() && m_rooms.value(spaceId) == room) {
        m_rooms.remove(spaceId);
    }
}

void SpaceHub::broadcast(
    SpaceRoom &room, const ServerMessage &message, const SpaceConnection *except, const QString &coalesceKey)
{
    // Encoded once per dialect, however many receive it.
    std::optional<QByteArray> seedFrame;
    std::optional<QByteArray> lineageFrame;
    bool seedEncoded = false;
    bool lineageEncoded = false;
    QList<SpaceConnection *> tooSlow;
    for (SpaceConnection *receiver : std::as_const(room.users)) {
        if (receiver == except || receiver->closing) {
            continue;
        }
        const bool seed = receiver->dialect == Dialect::Seed;
        auto &frame = seed ? seedFrame : lineageFrame;
        bool &encoded = seed ? seedEncoded : lineageEncoded;
        if (!encoded) {
            encoded = true;
            if (auto object = encodeServer(message, seed ? Dialect::Seed : Dialect::Lineage)) {
                frame = toFrame(*object);
            }
        }
        if (!frame) {
            continue;
        }
        receiver->send(*frame, coalesceKey);
        if (receiver->backlogBytes() > m_config.wsMaxQueueBytes) {
            tooSlow.append(receiver);
        }
    }
    for (SpaceConnection *slow : std::as_const(tooSlow)) {
        if (!slow->closing) {
            m_metrics.increment(QStringLiteral("metaverse_space_slow_consumers_total"));
            qCInfo(lcSpace) << "disconnecting a slow space socket of user" << slow->user.id;
            drop(slow);
        }
    }
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
    connection->pending.clear();
    connection->pendingIndex.clear();
    connection->pendingBytes = 0;
    QPointer<QWebSocket> socket(connection->socket);
    QMetaObject::invokeMethod(
        connection->socket,
        [socket] {
            if (socket) {
                socket->abort();
            }
        },
        Qt::QueuedConnection);
}

void SpaceHub::flushBatches()
{
    for (const auto &connection : std::as_const(m_connections)) {
        if (connection->batch) {
            connection->flush();
        }
    }
}

void SpaceHub::heartbeat()
{
    const qint64 now = m_clock.elapsed();
    QList<SpaceConnection *> dead;
    for (const auto &connection : std::as_const(m_connections)) {
        if (now - connection->lastSeenMs > m_config.wsIdleTimeoutMs) {
            dead.append(connection.get());
        } else if (!connection->isJoined() && now - connection->connectedMs > JoinTimeoutMs) {
            connection->socket->close(
                QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("join a space first"));
        } else {
            connection->socket->ping();
        }
    }
    for (SpaceConnection *connection : std::as_const(dead)) {
        qCInfo(lcSpace) << "reaping an unresponsive space socket of user" << connection->user.id;
        drop(connection);
    }
}

void SpaceHub::onElementPlaced(const QString &spaceId, const SpaceElement &placed)
{
    const auto room = m_rooms.value(spaceId);
    if (!room) {
        return;
    }
    room->space.elements.append(placed);
    if (placed.element.isStatic) {
        room->occupancy.block(placed.footprint());
    }
    broadcast(*room, ElementPlaced{placed}, nullptr);
}

void SpaceHub::onElementMoved(const QString &spaceId, const SpaceElement &placed, Point from)
{
    const auto room = m_rooms.value(spaceId);
    if (!room) {
        return;
    }
    for (auto &element : room->space.elements) {
        if (element.id == placed.id) {
            element.position = placed.position;
        }
    }
    if (placed.element.isStatic) {
        room->occupancy.unblock(placed.element.footprintAt(from));
        room->occupancy.block(placed.footprint());
    }
    broadcast(*room, ElementMoved{placed.id, placed.position}, nullptr, QStringLiteral("element:") + placed.id);
}

void SpaceHub::onElementRemoved(const QString &spaceId, const SpaceElement &placed)
{
    const auto room = m_rooms.value(spaceId);
    if (!room) {
        return;
    }
    room->space.elements.removeIf([&](const SpaceElement &e) { return e.id == placed.id; });
    if (placed.element.isStatic) {
        room->occupancy.unblock(placed.footprint());
    }
    broadcast(*room, ElementRemoved{placed.id}, nullptr);
}

void SpaceHub::onSpaceDeleted(const QString &spaceId)
{
    const auto room = m_rooms.take(spaceId);
    if (!room) {
        return;
    }
    for (SpaceConnection *connection : std::as_const(room->users)) {
        connection->spaceId.clear();
        connection->socket->close(
            QWebSocketProtocol::CloseCode(SpaceCloseCode::SpaceDeleted), QStringLiteral("the space was deleted"));
    }
}

} // namespace Metaverse
