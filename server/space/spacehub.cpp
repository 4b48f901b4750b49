// SPDX-License-Identifier: GPL-3.0-or-later
// About 820 lines, one class: SpaceHub is the space socket's protocol engine (join, moves, edits,
// fan-out, and applying what other instances send). What splits off cleanly lives beside it:
// the per-socket queues (spaceconnection), batching and area of interest (roombatch), Redis
// keys (spacepresence), the frame writer (ws/wireframe) and what both hubs share (ws/).
#include "spacehub.h"

#include "auth/accountservice.h"
#include "bus/redisclient.h"
#include "http/metrics.h"
#include "logging.h"
#include "spaceconnection.h"
#include "spaceroom.h"
#include "spaceservice.h"
#include "teamservice.h"
#include "ws/abortlater.h"
#include "ws/sessionclose.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QVarLengthArray>
#include <QWebSocketServer>

namespace Metaverse
{

using namespace SpaceProtocol;

namespace
{
// Nothing but a join is accepted for this long after connecting.
constexpr int JoinTimeoutMs = 15000;
// Qt refuses (close 1009) anything larger outright; between MaxFrameBytes and this, an error.
constexpr quint64 HardFrameBytes = 64 * 1024;
// A socket cut off for being too slow gets this long to take what is queued and its close frame.
constexpr int SlowCloseGraceMs = 2000;
} // namespace

SpaceHub::SpaceHub(
    const Config &config, AccountService &accounts, SpaceService &spaces, Metrics &metrics, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_accounts(accounts)
    , m_spaces(spaces)
    , m_metrics(metrics)
    , m_caps({config.wsMaxConnections, config.wsMaxConnectionsPerAddress, 0, // one per space and user: join
          config.trustedProxies})
    , m_messageLimiter(config.rateLimitWs)
    , m_moveLimiter(config.moveRateLimit * 60, config.moveRateLimit)
    , m_area{std::max(1, config.wsInterestCell),
          std::max(1, (config.wsInterestFarMs + config.wsBatchMs - 1) / std::max(1, config.wsBatchMs))}
    , m_presence(config.wsHeartbeatMs)
{
    m_clock.start();
    connect(&m_spaces, &SpaceService::elementPlaced, this, &SpaceHub::onElementPlaced);
    connect(&m_spaces, &SpaceService::elementMoved, this, &SpaceHub::onElementMoved);
    connect(&m_spaces, &SpaceService::elementRemoved, this, &SpaceHub::onElementRemoved);
    connect(&m_spaces, &SpaceService::spaceDeleted, this, &SpaceHub::onSpaceDeleted);
    connect(&m_accounts, &AccountService::sessionsEnded, this, [this](const QString &userId, const QString &sessionId) {
        closeUserSockets(userId, sessionId, SessionCloseCode::Ended, QStringLiteral("session ended"));
    });
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
    return m_listener->listen(address, port, m_config.tls);
}

void SpaceHub::adopt(std::unique_ptr<QWebSocket> owned)
{
    adopt(owned.release(), nullptr);
}

void SpaceHub::adopt(QWebSocket *socket, QTcpSocket *tcp)
{
    socket->setParent(nullptr);
    const QHostAddress peer = socket->peerAddress();
    if (!m_caps.admit(peer)) {
        closeRefused(socket);
        return;
    }
    socket->setMaxAllowedIncomingMessageSize(HardFrameBytes);
    socket->setMaxAllowedIncomingFrameSize(HardFrameBytes);
    auto connection = std::make_shared<SpaceConnection>(socket, tcp, m_connections.nextId());
    connection->peer = peer;
    connection->connectedMs = connection->lastSeenMs = m_clock.elapsed();
    SpaceConnection *raw = m_connections.add(std::move(connection));

    connect(socket, &QWebSocket::textMessageReceived, socket, [this, raw](const QString &text) { onText(raw, text); });
    connect(socket, &QWebSocket::binaryMessageReceived, socket, [this, raw](const QByteArray &) { onBinary(raw); });
    connect(socket, &QWebSocket::pong, socket,
        [this, raw](quint64, const QByteArray &) { raw->lastSeenMs = m_clock.elapsed(); });
    connect(socket, &QWebSocket::bytesWritten, socket, [this, raw](qint64) {
        raw->unsentBytes = raw->socket->bytesToWrite();
        if (raw->batch ? raw->unsentBytes == 0 && !raw->staged.isEmpty()
                       : raw->unsentBytes < SpaceConnection::SoftQueueBytes / 2 && raw->stagePending()) {
            markDirty(raw);
        }
    });
    connect(socket, &QWebSocket::disconnected, this, [this, raw] { onClosed(raw); });
}

void SpaceHub::onClosed(SpaceConnection *connection)
{
    if (!m_connections.contains(connection)) {
        return;
    }
    leaveRoom(connection);
    m_behind.remove(connection);
    m_caps.release(connection->peer);
    m_messageLimiter.forget(connection->key);
    m_moveLimiter.forget(connection->key);
    m_connections.remove(connection); // deletes the connection; its socket goes with deleteLater()
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
    if (closeIfSessionOver(connection)) {
        return;
    }
    if (m_messageLimiter.acquire(connection->isJoined() ? userLimiterKey(connection->user.id) : connection->key)) {
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
        join(m_connections.weak(connection), *joinMessage);
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
    auto authenticated = m_accounts.authenticate(join.token.toUtf8());
    if (!authenticated) {
        reject(connection, ErrorCodes::Unauthorized, authenticated.error().message);
        co_return;
    }
    const User *user = &authenticated->user;
    std::shared_ptr<SpaceRoom> room = m_rooms.value(join.spaceId);
    std::optional<int> maxUsers;
    if (room) {
        auto readable = m_spaces.readableSummary(*user, join.spaceId);
        if (!readable) {
            reject(connection,
                readable.error().code == ErrorCode::NotFound ? ErrorCodes::NotFound : ErrorCodes::Forbidden,
                readable.error().message);
            co_return;
        }
        maxUsers = readable->maxUsers;
        if (m_admission) {
            if (auto admitted = m_admission(*user, join.spaceId); !admitted) {
                rejectError(connection, admitted.error());
                co_return;
            }
        }
    } else {
        auto space = m_spaces.get(*user, join.spaceId);
        if (!space) {
            reject(connection, space.error().code == ErrorCode::NotFound ? ErrorCodes::NotFound : ErrorCodes::Forbidden,
                space.error().message);
            co_return;
        }
        maxUsers = space->maxUsers;
        if (m_admission) {
            if (auto admitted = m_admission(*user, join.spaceId); !admitted) {
                rejectError(connection, admitted.error());
                co_return;
            }
        }
        if (m_presence.isEnabled()) {
            // Who is on other instances: subscribe first, then read, so no event falls in between.
            m_presence.subscribe(join.spaceId);
            connection->joining = true;
            auto loading = m_presence.load(join.spaceId, this);
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
            room->layout = SpaceLayout(*space);
            m_rooms.insert(join.spaceId, room);
        }
    }

    // Capacity: everyone in the space on every instance, not counting this user's own connection
    // (which the new one replaces).
    if (maxUsers) {
        const qsizetype present = room->users.size() + room->remote.size() -
            ((room->users.contains(user->id) || room->remote.contains(user->id)) ? 1 : 0);
        if (present >= *maxUsers) {
            // Seed clients learn why and may try again; lineage clients have no error message: their
            // socket is closed with 4009.
            reject(connection, ErrorCodes::SpaceFull,
                QStringLiteral("The space is full (%1 users at most)").arg(*maxUsers), false);
            if (connection->dialect == Dialect::Lineage) {
                closeSocket(connection, SpaceCloseCode::SpaceFull, QStringLiteral("the space is full"));
            }
            co_return;
        }
    }
    // One connection per user per space: a second one replaces the first.
    if (SpaceConnection *previous = room->users.value(user->id)) {
        leaveRoom(previous);
        closeSocket(previous, SpaceCloseCode::Replaced, QStringLiteral("replaced by a new connection"));
    }
    room->remote.remove(user->id); // replaced on another instance: that one closes its socket
    const auto spawn = room->layout.occupancy().findSpawn(*QRandomGenerator::global());
    if (!spawn) {
        reject(connection, ErrorCodes::Unavailable, QStringLiteral("The space has no free tile"), false);
        co_return;
    }
    connection->user = *user;
    connection->token = authenticated->claims;
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
    // The other instances first: the presence is on its way to Redis before the joiner hears
    // space-joined, so someone who joins elsewhere right after reads it (tst_scaleout).
    const UserJoined announced{connection->presence()};
    m_presence.store(join.spaceId, connection->presence());
    m_presence.publish(join.spaceId, announced);
    // space-joined goes out at once, batching or not; the batch starts after it.
    if (auto frame = encodeServer(joined, *connection->dialect)) {
        sendTo(connection, *frame, true);
    }
    broadcast(*room, announced, connection);
    qCDebug(lcSpace) << "user" << user->id << "joined space" << join.spaceId;
    Q_EMIT userJoined(join.spaceId, user->id);
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
    if (!room->layout.occupancy().isLegalMove(connection->position, move.to)) {
        rejectMove();
        return;
    }
    connection->position = move.to;
    connection->presenceDirty = true;
    const UserMoved moved{connection->user.id, move.to};
    broadcast(*room, moved, connection, moveKey(connection->user.id));
    m_presence.publish(connection->spaceId, moved);
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
    m_presence.store(connection->spaceId, connection->presence());
    m_presence.publish(connection->spaceId, changed);
    Q_EMIT userStatusChanged(connection->spaceId, connection->user.id, statusName(status.status));
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
        m_presence.publish(spaceId, UserLeft{connection->user.id});
        m_presence.remove(spaceId, connection->user.id);
        Q_EMIT userLeft(spaceId, connection->user.id);
    }
    if (room->users.isEmpty() && m_rooms.value(spaceId) == room) {
        m_rooms.remove(spaceId);
        m_presence.unsubscribe(spaceId);
    }
}

bool SpaceHub::closeIfSessionOver(SpaceConnection *connection)
{
    if (!connection->isJoined() || !connection->isWritable()) {
        return false;
    }
    const auto close = sessionClose(m_accounts.sessionState(connection->token));
    if (!close) {
        return false;
    }
    leaveRoom(connection);
    closeSocket(connection, close->code, close->reason);
    return true;
}

void SpaceHub::closeUserSockets(const QString &userId, const QString &sessionId, int code, const QString &reason)
{
    QList<std::shared_ptr<SpaceConnection>> sockets;
    for (const auto &connection : m_connections) {
        if (connection->isJoined() && connection->user.id == userId && connection->isWritable() &&
            (sessionId.isEmpty() || connection->token.sessionId == sessionId)) {
            sockets.append(connection);
        }
    }
    for (const auto &connection : std::as_const(sockets)) {
        leaveRoom(connection.get());
        closeSocket(connection.get(), code, reason);
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
        queueForBatch(
            room, message, seedMessage ? &*seedMessage : nullptr, except ? except->id : 0, coalesceKey, m_area);
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
    if (m_connections.markDirty(connection)) {
        QMetaObject::invokeMethod(this, &SpaceHub::flushDirty, Qt::QueuedConnection);
    }
}

void SpaceHub::flushDirty()
{
    const auto dirty = m_connections.takeDirty();
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
    std::weak_ptr<SpaceConnection> weak = m_connections.weak(connection);
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

void SpaceHub::flushBatches()
{
    const quint64 tick = m_batchTick++;
    // Batching sockets with frames the kernel did not take: another try.
    for (SpaceConnection *connection : std::as_const(m_behind)) {
        markDirty(connection);
    }
    for (const auto &room : std::as_const(m_rooms)) {
        m_staged.clear();
        flushRoomBatch(*room, tick, m_area, m_staged);
        for (SpaceConnection *receiver : std::as_const(m_staged)) {
            markDirty(receiver);
        }
    }
}

void SpaceHub::heartbeat()
{
    const qint64 now = m_clock.elapsed();
    if (m_presence.refreshDue(now)) {
        refreshPresence();
    }
    const auto sweep = sweepHeartbeat(
        m_connections, now, m_config.wsIdleTimeoutMs, JoinTimeoutMs, [](const SpaceConnection &) { return false; },
        [](const SpaceConnection &c) { return !c.isJoined() && !c.joining; });
    for (SpaceConnection *connection : sweep.idle) {
        qCInfo(lcSpace) << "reaping an unresponsive space socket of user" << connection->user.id;
        drop(connection);
    }
    closeUnidentified(sweep.unidentified, QStringLiteral("join a space first"));
    // Sessions that ended unseen (an expired token, a change heard while Redis was away).
    QList<std::shared_ptr<SpaceConnection>> joined;
    for (const auto &connection : m_connections) {
        if (connection->isJoined()) {
            joined.append(connection);
        }
    }
    for (const auto &connection : std::as_const(joined)) {
        closeIfSessionOver(connection.get());
    }
}

void SpaceHub::onElementPlaced(const QString &spaceId, const SpaceElement &placed)
{
    m_presence.publish(spaceId, ElementPlaced{placed});
    if (const auto room = m_rooms.value(spaceId)) {
        applyPlaced(*room, placed);
    }
}

void SpaceHub::onElementMoved(const QString &spaceId, const SpaceElement &placed, Point)
{
    m_presence.publish(spaceId, ElementMoved{placed.id, placed.position});
    if (const auto room = m_rooms.value(spaceId)) {
        applyMoved(*room, placed.id, placed.position);
    }
}

void SpaceHub::onElementRemoved(const QString &spaceId, const SpaceElement &placed)
{
    m_presence.publish(spaceId, ElementRemoved{placed.id});
    if (const auto room = m_rooms.value(spaceId)) {
        applyRemoved(*room, placed.id);
    }
}

void SpaceHub::applyPlaced(SpaceRoom &room, const SpaceElement &placed)
{
    room.layout.place(placed);
    broadcast(room, ElementPlaced{placed}, nullptr);
}

void SpaceHub::applyMoved(SpaceRoom &room, const QString &placedId, Point position)
{
    room.layout.move(placedId, position);
    broadcast(room, ElementMoved{placedId, position}, nullptr, QStringLiteral("element:") + placedId);
}

void SpaceHub::applyRemoved(SpaceRoom &room, const QString &placedId)
{
    room.layout.remove(placedId);
    broadcast(room, ElementRemoved{placedId}, nullptr);
}

void SpaceHub::onSpaceDeleted(const QString &spaceId)
{
    m_presence.publishDeleted(spaceId);
    closeRoom(spaceId);
}

void SpaceHub::revokeAccess(const QString &spaceId, const QString &userId, int closeCode, const QString &reason)
{
    m_presence.publishRevoked(spaceId, userId, closeCode, reason);
    closeUser(spaceId, userId, closeCode, reason);
}

void SpaceHub::closeUser(const QString &spaceId, const QString &userId, int closeCode, const QString &reason)
{
    const auto room = m_rooms.value(spaceId);
    if (!room) {
        return;
    }
    if (SpaceConnection *connection = room->users.value(userId)) {
        leaveRoom(connection);
        closeSocket(connection, closeCode, reason);
    }
}

void SpaceHub::closeRoom(const QString &spaceId)
{
    const auto room = m_rooms.take(spaceId);
    if (!room) {
        return;
    }
    m_presence.unsubscribe(spaceId);
    for (SpaceConnection *connection : std::as_const(room->users)) {
        connection->spaceId.clear();
        closeSocket(connection, SpaceCloseCode::SpaceDeleted, QStringLiteral("the space was deleted"));
    }
}

// --- Redis: cross-instance fan-out and presence ---------------------------------------------

void SpaceHub::setRedis(RedisClient *redis)
{
    m_presence.setClient(redis);
    connect(redis, &RedisClient::message, this, &SpaceHub::onRedisMessage);
    connect(redis, &RedisClient::connectedChanged, this, &SpaceHub::onRedisConnectedChanged);
}

void SpaceHub::onRedisMessage(const QByteArray &channel, const QByteArray &payload)
{
    const auto event = m_presence.foreignEvent(channel, payload);
    if (!event) {
        return;
    }
    const QString &spaceId = event->spaceId;
    const QJsonObject &envelope = event->envelope;
    const auto room = m_rooms.value(spaceId);
    if (!room) {
        return;
    }
    if (envelope.value(QStringLiteral("deleted")).toBool()) {
        closeRoom(spaceId);
        return;
    }
    if (const auto revoked = envelope.value(QStringLiteral("revoked")).toString(); !revoked.isEmpty()) {
        closeUser(spaceId, revoked, envelope.value(QStringLiteral("code")).toInt(AccessCloseCode::Revoked),
            envelope.value(QStringLiteral("reason")).toString());
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
    auto loading = m_presence.load(spaceId, this);
    auto live = co_await loading;
    if (!self || !m_presence.isUp()) {
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
    auto forgetting = m_presence.forgetExpired(spaceId, self.data());
    co_await forgetting;
}

void SpaceHub::refreshPresence()
{
    if (!m_presence.isUp()) {
        return;
    }
    QStringList active;
    for (auto it = m_rooms.cbegin(); it != m_rooms.cend(); ++it) {
        if (it.value()->users.isEmpty()) {
            continue;
        }
        for (SpaceConnection *connection : std::as_const(it.value()->users)) {
            active.append(connection->user.id);
            if (connection->presenceDirty) {
                connection->presenceDirty = false;
                m_presence.store(it.key(), connection->presence());
            }
        }
        m_presence.refreshRoom(it.key(), it.value()->users.keys());
        reconcile(it.key());
    }
    m_presence.refreshActive(active);
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
            m_presence.store(it.key(), connection->presence());
            m_presence.publish(it.key(), UserJoined{connection->presence()});
        }
        reconcile(it.key());
    }
}

} // namespace Metaverse
