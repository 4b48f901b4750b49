// SPDX-License-Identifier: GPL-3.0-or-later
#include "chathub.h"
#include "units.h"

#include "auth/accountservice.h"
#include "bus/redisclient.h"
#include "chatconnection.h"
#include "chatroomstate.h"
#include "chatservice.h"
#include "http/metrics.h"
#include "logging.h"
#include "space/spaceservice.h"
#include "ws/abortlater.h"
#include "ws/abusecounter.h"
#include "ws/sessionclose.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace Metaverse
{

using namespace ChatProtocol;

namespace
{
// Nothing but `auth` (or a ping) is accepted for this long after connecting without a token.
constexpr int AuthTimeoutMs = 15000;
// Qt refuses (close 1009) anything larger outright; between MaxFrameBytes and this, an error.
constexpr quint64 HardFrameBytes = 64 * KiB;
// One `typing` per user and room is passed on per interval; the rest are dropped quietly.
constexpr qint64 TypingIntervalMs = 1000;

const QString DeletedReason = QStringLiteral("deleted");
const QString RemovedReason = QStringLiteral("removed");
const QString RevokedReason = QStringLiteral("revoked"); // no longer allowed in the room's space

QString frameOf(const ServerMessage &message)
{
    return QString::fromUtf8(toFrame(encodeServer(message)));
}
} // namespace

ChatHub::ChatHub(const Config &config, AccountService &accounts, ChatService &chat, SpaceService &spaces,
    Metrics &metrics, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_accounts(accounts)
    , m_chat(chat)
    , m_metrics(metrics)
    , m_caps({config.wsMaxConnections, config.wsMaxConnectionsPerAddress, config.chatMaxSocketsPerUser,
          config.trustedProxies})
    , m_messageLimiter(config.rateLimitWs)
    , m_presence(config.wsHeartbeatMs)
    , m_history(chat, metrics, m_presence.redis())
{
    m_clock.start();
    connect(&m_chat, &ChatService::messageStored, this, &ChatHub::onMessageStored);
    connect(&m_chat, &ChatService::messageDeleted, this, &ChatHub::onMessageDeleted);
    connect(&m_chat, &ChatService::roomDeleted, this, &ChatHub::onRoomDeleted);
    connect(&m_chat, &ChatService::roomsChangedFor, this, [this](const QStringList &userIds) {
        m_presence.publishControl({{QStringLiteral("roomsChangedFor"), QJsonArray::fromStringList(userIds)}});
        roomsChangedFor(userIds);
    });
    connect(&m_chat, &ChatService::spaceRoomsChanged, this, [this](const QString &spaceId) {
        m_presence.publishControl({{QStringLiteral("spaceRoomsChanged"), spaceId}});
        spaceRoomsChanged(spaceId);
    });
    connect(&m_chat, &ChatService::memberRemoved, this, &ChatHub::onMemberRemoved);
    connect(&spaces, &SpaceService::spaceDeleted, this, &ChatHub::onSpaceDeleted);
    connect(&m_accounts, &AccountService::sessionsEnded, this, [this](const QString &userId, const QString &sessionId) {
        closeUserSockets(userId, sessionId, SessionCloseCode::Ended, QStringLiteral("session ended"));
    });
    connect(&m_heartbeat, &QTimer::timeout, this, &ChatHub::heartbeat);
    m_heartbeat.start(std::max(50, std::min(m_config.wsHeartbeatMs, m_config.wsIdleTimeoutMs / 3)));

    m_metrics.addGauge(QStringLiteral("metaverse_chat_sockets"), QStringLiteral("Open chat WebSockets."),
        [this] { return double(m_connections.size()); });
    m_metrics.addGauge(QStringLiteral("metaverse_chat_rooms"), QStringLiteral("Chat rooms with someone in them."),
        [this] { return double(m_rooms.size()); });
    m_metrics.describeCounter(
        QStringLiteral("metaverse_chat_frames_total"), QStringLiteral("Chat socket messages received."));
    m_metrics.describeCounter(QStringLiteral("metaverse_chat_rejected_total"),
        QStringLiteral("Chat socket messages refused (malformed, not allowed, rate limited)."));
    m_metrics.describeCounter(QStringLiteral("metaverse_chat_history_cache_misses_total"),
        QStringLiteral("room-joined histories read from the database instead of the Redis cache."));
    m_metrics.describeCounter(QStringLiteral("metaverse_chat_slow_consumers_total"),
        QStringLiteral("Chat sockets disconnected for falling too far behind."));
}

ChatHub::~ChatHub()
{
    // Rooms hold raw pointers into connections: drop them first.
    m_rooms.clear();
    m_connections.clear();
}

Result<quint16> ChatHub::listen(const QHostAddress &address, quint16 port)
{
    m_listener = std::make_unique<WebSocketListener>(QStringLiteral("metaverse-chat"),
        [this](std::unique_ptr<QWebSocket> socket, QTcpSocket *) { adopt(std::move(socket)); });
    return m_listener->listen(address, port, m_config.tls);
}

void ChatHub::adopt(std::unique_ptr<QWebSocket> owned)
{
    QWebSocket *socket = owned.release();
    socket->setParent(nullptr);
    const QHostAddress peer = socket->peerAddress();
    if (!m_caps.admit(peer)) {
        closeRefused(socket);
        return;
    }
    socket->setMaxAllowedIncomingMessageSize(HardFrameBytes);
    socket->setMaxAllowedIncomingFrameSize(HardFrameBytes);
    auto connection = std::make_shared<ChatConnection>(socket, QStringLiteral("chat:%1").arg(m_connections.nextId()));
    connection->connectedMs = connection->lastSeenMs = m_clock.elapsed();
    connection->peer = peer;
    ChatConnection *raw = m_connections.add(std::move(connection));

    connect(socket, &QWebSocket::textMessageReceived, socket, [this, raw](const QString &text) { onText(raw, text); });
    connect(socket, &QWebSocket::binaryMessageReceived, socket, [this, raw](const QByteArray &) {
        raw->lastSeenMs = m_clock.elapsed();
        reject(
            raw, {ErrorCodes::BadMessage, QStringLiteral("Binary frames are not part of this protocol"), {}, {}}, true);
    });
    connect(socket, &QWebSocket::pong, socket,
        [this, raw](quint64, const QByteArray &) { raw->lastSeenMs = m_clock.elapsed(); });
    connect(socket, &QWebSocket::disconnected, this, [this, raw] { onClosed(raw); });

    // `Authorization: Bearer` on the upgrade request authenticates at once.
    const QByteArray authorization = socket->request().rawHeader("Authorization");
    if (authorization.startsWith("Bearer ")) {
        authenticate(raw, authorization.mid(7).trimmed());
    }
}

void ChatHub::onClosed(ChatConnection *connection)
{
    if (!m_connections.contains(connection)) {
        return;
    }
    const auto rooms = connection->rooms;
    for (const QString &roomId : rooms) {
        leave(connection, roomId);
    }
    m_caps.release(connection->peer);
    if (connection->isAuthenticated()) {
        m_caps.releaseUser(connection->user.id);
    }
    m_messageLimiter.forget(connection->key);
    m_connections.remove(connection); // deletes the connection; its socket goes with deleteLater()
}

void ChatHub::onText(ChatConnection *connection, const QString &text)
{
    connection->lastSeenMs = m_clock.elapsed();
    if (connection->closing) {
        return;
    }
    m_metrics.increment(QStringLiteral("metaverse_chat_frames_total"));
    if (closeIfSessionOver(connection)) {
        return;
    }
    if (m_messageLimiter.acquire(
            connection->isAuthenticated() ? userLimiterKey(connection->user.id) : connection->key)) {
        reject(connection, {ErrorCodes::RateLimited, QStringLiteral("Too many messages; slow down"), {}, {}}, true);
        return;
    }
    const QByteArray frame = text.toUtf8();
    if (frame.size() > MaxFrameBytes) {
        reject(connection,
            {ErrorCodes::TooLarge, QStringLiteral("Frames are limited to %1 bytes").arg(MaxFrameBytes), {}, {}}, true);
        return;
    }
    auto decoded = decodeClient(frame);
    if (const auto *failure = std::get_if<DecodeFailure>(&decoded)) {
        // A known message with a bad field is a client's mistake; garbage is abuse.
        const bool fieldError = std::any_of(failure->error.fields.cbegin(), failure->error.fields.cend(),
            [](const FieldError &f) { return f.field.startsWith(QLatin1String("data")); });
        reject(connection,
            {fieldError ? ErrorCodes::Invalid : ErrorCodes::BadMessage, failure->error.message, failure->roomId,
                failure->clientMsgId},
            !fieldError);
        return;
    }
    const auto &message = std::get<ClientMessage>(decoded);
    if (const auto *auth = std::get_if<Auth>(&message)) {
        if (connection->isAuthenticated()) {
            reject(connection,
                {ErrorCodes::AlreadyAuthenticated, QStringLiteral("This socket is already authenticated"), {}, {}},
                false);
            return;
        }
        authenticate(connection, auth->token.toUtf8());
        return;
    }
    if (std::holds_alternative<Ping>(message)) {
        sendTo(connection, Pong{});
        return;
    }
    if (!connection->isAuthenticated()) {
        reject(connection, {ErrorCodes::NotAuthenticated, QStringLiteral("Authenticate first"), {}, {}}, true);
        return;
    }
    std::visit(
        [&](const auto &m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, JoinRoom>) {
                join(m_connections.weak(connection), m.roomId);
            } else if constexpr (std::is_same_v<T, LeaveRoom>) {
                if (!connection->rooms.contains(m.roomId)) {
                    reject(connection,
                        {ErrorCodes::NotJoined, QStringLiteral("You are not in this room"), m.roomId, {}}, false);
                    return;
                }
                leave(connection, m.roomId);
            } else if constexpr (std::is_same_v<T, SendMessage>) {
                send(connection, m);
            } else if constexpr (std::is_same_v<T, Typing>) {
                typing(connection, m.roomId);
            } else if constexpr (std::is_same_v<T, MarkRead>) {
                markRead(connection, m);
            }
        },
        message);
}

void ChatHub::authenticate(ChatConnection *connection, const QByteArray &token)
{
    auto authenticated = m_accounts.authenticate(token);
    if (!authenticated) {
        reject(connection, {ErrorCodes::Unauthorized, authenticated.error().message, {}, {}}, true);
        return;
    }
    const User &user = authenticated->user;
    if (!m_caps.admitUser(user.id)) {
        qCInfo(lcChat) << "refusing another chat socket of user" << user.id;
        connection->closing = true;
        connection->socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
            QStringLiteral("too many chat connections of this user (CHAT_MAX_SOCKETS_PER_USER)"));
        return;
    }
    connection->user = user;
    connection->token = authenticated->claims;
    sendTo(connection, Authenticated{{user.id, user.username}});
    m_presence.markActive(user.id);
}

bool ChatHub::closeIfSessionOver(ChatConnection *connection)
{
    if (!connection->isAuthenticated() || connection->closing) {
        return false;
    }
    const auto close = sessionClose(m_accounts.sessionState(connection->token));
    if (!close) {
        return false;
    }
    connection->closing = true;
    connection->socket->close(QWebSocketProtocol::CloseCode(close->code), close->reason);
    return true;
}

void ChatHub::closeUserSockets(const QString &userId, const QString &sessionId, int code, const QString &reason)
{
    QList<std::shared_ptr<ChatConnection>> sockets;
    for (const auto &connection : m_connections) {
        if (connection->user.id == userId && !connection->closing &&
            (sessionId.isEmpty() || connection->token.sessionId == sessionId)) {
            sockets.append(connection);
        }
    }
    for (const auto &connection : std::as_const(sockets)) {
        connection->closing = true;
        connection->socket->close(QWebSocketProtocol::CloseCode(code), reason);
    }
}

void ChatHub::reject(ChatConnection *connection, ErrorMessage error, bool abusive)
{
    m_metrics.increment(QStringLiteral("metaverse_chat_rejected_total"));
    sendTo(connection, error);
    if (abusive && connection->abuse.record(m_clock.elapsed())) {
        qCInfo(lcChat) << "closing an abusive chat socket of user" << connection->user.id;
        connection->closing = true;
        connection->socket->close(
            QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many invalid messages"));
    }
}

void ChatHub::rejectError(
    ChatConnection *connection, const Error &error, const QString &roomId, const QString &clientMsgId)
{
    QString code;
    switch (error.code) {
    case ErrorCode::NotFound:
        code = ErrorCodes::NotFound;
        break;
    case ErrorCode::Forbidden:
    case ErrorCode::Unauthenticated:
        code = ErrorCodes::Forbidden;
        break;
    case ErrorCode::Muted:
        code = ErrorCodes::Muted;
        break;
    case ErrorCode::RateLimited:
        code = ErrorCodes::RateLimited;
        break;
    case ErrorCode::Unavailable:
    case ErrorCode::Internal:
        code = ErrorCodes::Unavailable;
        break;
    default:
        code = ErrorCodes::Invalid;
        break;
    }
    reject(connection, {code, error.message, roomId, clientMsgId}, false);
}

QCoro::Task<> ChatHub::join(std::weak_ptr<ChatConnection> weak, QString roomId)
{
    ChatConnection *connection = weak.lock().get();
    if (!connection) {
        co_return;
    }
    auto room = m_chat.readableRoom(connection->user, roomId);
    if (!room) {
        rejectError(connection, room.error(), roomId);
        co_return;
    }
    if (connection->joining.contains(roomId)) {
        co_return; // the answer to the first join is on its way
    }
    const bool rejoin = connection->rooms.contains(roomId);
    if (!rejoin && connection->rooms.size() >= MaxRoomsPerConnection) {
        reject(connection,
            {ErrorCodes::TooManyRooms, QStringLiteral("A socket may be in at most %1 rooms").arg(MaxRoomsPerConnection),
                roomId, {}},
            false);
        co_return;
    }
    std::shared_ptr<ChatRoomState> state = m_rooms.value(roomId);
    if (!state) {
        state = std::make_shared<ChatRoomState>();
        state->room = *room;
        m_rooms.insert(roomId, state);
        if (m_presence.isEnabled()) {
            // Subscribe first, then read who is on other instances, so no change falls in between;
            // room-joined then lists them.
            m_presence.subscribe(roomId);
            auto reconciling = reconcile(roomId);
            co_await reconciling;
            connection = weak.lock().get();
            if (!connection || connection->closing) {
                forgetRoomIfEmpty(roomId);
                co_return;
            }
            state = m_rooms.value(roomId);
            if (!state) {
                co_return; // deleted meanwhile
            }
            if (connection->rooms.size() >= MaxRoomsPerConnection) {
                // Other joins of this socket filled its rooms meanwhile.
                forgetRoomIfEmpty(roomId);
                reject(connection,
                    {ErrorCodes::TooManyRooms,
                        QStringLiteral("A socket may be in at most %1 rooms").arg(MaxRoomsPerConnection), roomId, {}},
                    false);
                co_return;
            }
        }
    }
    const QString userId = connection->user.id;
    const bool newInRoom = !state->local.contains(userId) && !state->remote.contains(userId);
    state->local[userId].insert(connection);
    connection->rooms.insert(roomId);
    connection->joining.insert(roomId, {});
    if (!rejoin) {
        m_presence.store(roomId, connection->user.id, connection->user.username);
        if (newInRoom) {
            announcePresence(*state, connection);
        }
    }

    auto loading = m_history.load(roomId, this);
    auto history = co_await loading;
    connection = weak.lock().get();
    if (!connection || connection->closing || !connection->joining.contains(roomId)) {
        co_return; // gone, or left (or lost) the room meanwhile
    }
    const auto waiting = connection->joining.take(roomId);
    for (const auto &entry : waiting) {
        connection->joiningBytes -= entry.first.size();
    }
    state = m_rooms.value(roomId);
    if (!state) {
        co_return;
    }
    if (!history) {
        // Presence stays: the socket is in the room, only its history failed.
        rejectError(connection, history.error(), roomId);
        history = QList<Message>();
    }
    sendTo(connection, RoomJoined{roomId, usersOf(*state), *history});
    // What arrived meanwhile, minus what the history already holds.
    QSet<QString> known;
    for (const auto &message : std::as_const(*history)) {
        known.insert(message.id);
    }
    for (const auto &[frame, messageId] : waiting) {
        if (messageId.isEmpty() || !known.contains(messageId)) {
            sendFrame(connection, frame);
        }
    }
    qCDebug(lcChat) << "user" << userId << "joined room" << roomId;
}

void ChatHub::leave(ChatConnection *connection, const QString &roomId)
{
    connection->forgetRoom(roomId);
    const auto state = m_rooms.value(roomId);
    if (!state) {
        return;
    }
    const QString userId = connection->user.id;
    auto it = state->local.find(userId);
    if (it == state->local.end()) {
        return;
    }
    it->remove(connection);
    if (it->isEmpty()) {
        state->local.erase(it);
        m_presence.remove(roomId, userId);
        announcePresence(*state);
    }
    forgetRoomIfEmpty(roomId);
}

void ChatHub::forgetRoomIfEmpty(const QString &roomId)
{
    const auto state = m_rooms.value(roomId);
    if (state && state->local.isEmpty()) {
        m_rooms.remove(roomId);
        m_presence.unsubscribe(roomId);
    }
}

void ChatHub::send(ChatConnection *connection, const ChatProtocol::SendMessage &request)
{
    if (!connection->rooms.contains(request.roomId)) {
        reject(connection,
            {ErrorCodes::NotJoined, QStringLiteral("Join the room first"), request.roomId, request.clientMsgId}, false);
        return;
    }
    auto sent = m_chat.send(connection->user, request.roomId, {request.message, request.clientMsgId});
    if (!sent) {
        rejectError(connection, sent.error(), request.roomId, request.clientMsgId);
        return;
    }
    if (sent->duplicate) {
        // Stored and delivered before: acknowledge the retry to its sender only.
        sendTo(connection, MessageReceived{sent->message, sent->clientMsgId});
    }
    // A new message reached everyone, this socket included, through onMessageStored.
}

void ChatHub::typing(ChatConnection *connection, const QString &roomId)
{
    if (!connection->rooms.contains(roomId)) {
        reject(connection, {ErrorCodes::NotJoined, QStringLiteral("Join the room first"), roomId, {}}, false);
        return;
    }
    const qint64 now = m_clock.elapsed();
    auto last = connection->lastTypingMs.find(roomId);
    if (last != connection->lastTypingMs.end() && now - *last < TypingIntervalMs) {
        return; // a flood of typing events is thinned out, not an error
    }
    connection->lastTypingMs.insert(roomId, now);
    const auto state = m_rooms.value(roomId);
    if (!state) {
        return;
    }
    const UserTyping event{roomId, connection->user.id, connection->user.username};
    deliver(*state, frameOf(event), connection->user.id);
    m_presence.publish(roomId, QJsonObject{{QStringLiteral("event"), encodeServer(event)}});
}

void ChatHub::markRead(ChatConnection *connection, const ChatProtocol::MarkRead &read)
{
    if (auto status = m_chat.markRead(connection->user, read.roomId, {read.messageId}); !status) {
        rejectError(connection, status.error(), read.roomId);
    }
}

QList<ChatUser> ChatHub::usersOf(const ChatRoomState &room) const
{
    QList<ChatUser> users;
    for (auto it = room.local.cbegin(); it != room.local.cend(); ++it) {
        for (const ChatConnection *connection : *it) {
            users.append({it.key(), connection->user.username});
            break; // once per user, however many sockets
        }
    }
    for (auto it = room.remote.cbegin(); it != room.remote.cend(); ++it) {
        if (!room.local.contains(it.key())) {
            users.append({it.key(), it.value()});
        }
    }
    std::sort(users.begin(), users.end(), [](const ChatUser &a, const ChatUser &b) {
        return std::pair(a.username, a.userId) < std::pair(b.username, b.userId);
    });
    return users;
}

int ChatHub::onlineCount(const QString &roomId) const
{
    const auto state = m_rooms.value(roomId);
    return state ? int(usersOf(*state).size()) : 0;
}

void ChatHub::announcePresence(ChatRoomState &room, const ChatConnection *except)
{
    const QString frame = frameOf(PresenceUpdate{room.room.id, usersOf(room)});
    for (const auto &sockets : std::as_const(room.local)) {
        for (ChatConnection *receiver : sockets) {
            if (receiver != except) {
                deliverTo(receiver, room.room.id, frame, {});
            }
        }
    }
}

void ChatHub::deliverMessage(ChatRoomState &room, const Message &message, const QString &clientMsgId)
{
    const QString plain = frameOf(MessageReceived{message, {}});
    const auto senders = room.local.value(message.senderId);
    deliver(room, plain, message.senderId, message.id);
    if (!senders.isEmpty()) {
        const QString echo = clientMsgId.isEmpty() ? plain : frameOf(MessageReceived{message, clientMsgId});
        for (ChatConnection *sender : senders) {
            deliverTo(sender, room.room.id, echo, message.id);
        }
    }
}

void ChatHub::deliver(ChatRoomState &room, const QString &frame, const QString &exceptUserId, const QString &messageId)
{
    for (auto it = room.local.cbegin(); it != room.local.cend(); ++it) {
        if (it.key() != exceptUserId) {
            for (ChatConnection *receiver : *it) {
                deliverTo(receiver, room.room.id, frame, messageId);
            }
        }
    }
}

void ChatHub::deliverTo(ChatConnection *receiver, const QString &roomId, const QString &frame, const QString &messageId)
{
    if (auto waiting = receiver->joining.find(roomId); waiting != receiver->joining.end()) {
        waiting->append({frame, messageId});
        receiver->joiningBytes += frame.size();
        if (receiver->joiningBytes > m_config.wsMaxQueueBytes) {
            drop(receiver);
        }
        return;
    }
    sendFrame(receiver, frame);
}

void ChatHub::sendFrame(ChatConnection *connection, const QString &frame)
{
    if (connection->closing) {
        return;
    }
    connection->socket->sendTextMessage(frame);
    markDirty(connection);
}

void ChatHub::sendTo(ChatConnection *connection, const ServerMessage &message)
{
    sendFrame(connection, frameOf(message));
}

void ChatHub::markDirty(ChatConnection *connection)
{
    if (m_connections.markDirty(connection)) {
        QMetaObject::invokeMethod(this, &ChatHub::flushDirty, Qt::QueuedConnection);
    }
}

void ChatHub::flushDirty()
{
    const auto dirty = m_connections.takeDirty();
    for (ChatConnection *connection : dirty) {
        if (!m_connections.contains(connection) || connection->closing) {
            continue; // gone since
        }
        connection->socket->flush();
        if (connection->socket->bytesToWrite() > m_config.wsMaxQueueBytes) {
            m_metrics.increment(QStringLiteral("metaverse_chat_slow_consumers_total"));
            qCInfo(lcChat) << "disconnecting a slow chat socket of user" << connection->user.id;
            drop(connection);
        }
    }
}

void ChatHub::drop(ChatConnection *connection)
{
    if (connection->closing) {
        return;
    }
    connection->closing = true;
    connection->joining.clear();
    connection->joiningBytes = 0;
    abortLater(connection->socket);
}

void ChatHub::heartbeat()
{
    const qint64 now = m_clock.elapsed();
    if (m_presence.refreshDue(now)) {
        refreshPresence();
    }
    const auto sweep = sweepHeartbeat(
        m_connections, now, m_config.wsIdleTimeoutMs, AuthTimeoutMs, [](const ChatConnection &c) { return c.closing; },
        [](const ChatConnection &c) { return !c.isAuthenticated(); });
    for (ChatConnection *connection : sweep.idle) {
        qCInfo(lcChat) << "reaping an unresponsive chat socket of user" << connection->user.id;
        drop(connection);
    }
    closeUnidentified(sweep.unidentified, QStringLiteral("authenticate first"));
    // Sessions that ended unseen (an expired token, a change heard while Redis was away).
    QList<std::shared_ptr<ChatConnection>> authenticated;
    for (const auto &connection : m_connections) {
        if (connection->isAuthenticated()) {
            authenticated.append(connection);
        }
    }
    for (const auto &connection : std::as_const(authenticated)) {
        closeIfSessionOver(connection.get());
    }
}

void ChatHub::closeRoom(const QString &roomId, const QString &reason)
{
    const auto state = m_rooms.take(roomId);
    if (!state) {
        return;
    }
    m_presence.unsubscribe(roomId);
    const QString frame = frameOf(RoomLeft{roomId, reason});
    for (const auto &sockets : std::as_const(state->local)) {
        for (ChatConnection *connection : sockets) {
            connection->forgetRoom(roomId);
            sendFrame(connection, frame);
        }
    }
}

void ChatHub::removeUserFromRoom(const QString &roomId, const QString &userId, const QString &reason)
{
    const auto state = m_rooms.value(roomId);
    if (!state) {
        return;
    }
    const bool wasRemote = state->remote.remove(userId) > 0;
    const auto sockets = state->local.take(userId);
    const QString frame = frameOf(RoomLeft{roomId, reason});
    for (ChatConnection *connection : sockets) {
        connection->forgetRoom(roomId);
        sendFrame(connection, frame);
    }
    if (!sockets.isEmpty()) {
        m_presence.remove(roomId, userId);
    }
    if (!sockets.isEmpty() || wasRemote) {
        announcePresence(*state);
    }
    forgetRoomIfEmpty(roomId);
}

void ChatHub::onMessageStored(const QString &roomId, const Message &message, const QString &clientMsgId)
{
    m_history.append(roomId, message);
    m_presence.publish(
        roomId, QJsonObject{{QStringLiteral("event"), encodeServer(MessageReceived{message, clientMsgId})}});
    if (const auto state = m_rooms.value(roomId)) {
        deliverMessage(*state, message, clientMsgId);
    }
}

void ChatHub::onMessageDeleted(const QString &roomId, const QString &messageId)
{
    // The cache still holds the content: drop it, the next join rebuilds it from SQL.
    m_history.invalidate(roomId);
    const MessageDeleted event{roomId, messageId};
    m_presence.publish(roomId, QJsonObject{{QStringLiteral("event"), encodeServer(event)}});
    if (const auto state = m_rooms.value(roomId)) {
        deliver(*state, frameOf(event));
    }
}

void ChatHub::roomsChangedFor(const QStringList &userIds)
{
    const QString frame = frameOf(RoomsChanged{});
    for (const auto &connection : std::as_const(m_connections)) {
        if (connection->isAuthenticated() && userIds.contains(connection->user.id)) {
            sendFrame(connection.get(), frame);
        }
    }
}

void ChatHub::spaceRoomsChanged(const QString &spaceId)
{
    QSet<ChatConnection *> receivers;
    for (const auto &state : std::as_const(m_rooms)) {
        if (state->room.spaceId == spaceId) {
            for (const auto &sockets : std::as_const(state->local)) {
                for (ChatConnection *connection : sockets) {
                    receivers.insert(connection);
                }
            }
        }
    }
    const QString frame = frameOf(RoomsChanged{});
    for (ChatConnection *connection : std::as_const(receivers)) {
        sendFrame(connection, frame);
    }
}

void ChatHub::onRoomDeleted(const QString &roomId)
{
    m_presence.deleteRoom(roomId, ChatHistoryCache::keyOf(roomId));
    m_presence.publishControl({{QStringLiteral("roomDeleted"), roomId}});
    closeRoom(roomId, DeletedReason);
}

void ChatHub::onMemberRemoved(const QString &roomId, const QString &userId)
{
    m_presence.publishControl({{QStringLiteral("memberRemoved"), roomId}, {QStringLiteral("userId"), userId}});
    removeUserFromRoom(roomId, userId, RemovedReason);
}

void ChatHub::revokeSpaceAccess(const QString &spaceId, const QString &userId)
{
    m_presence.publishControl({{QStringLiteral("spaceAccessRevoked"), spaceId}, {QStringLiteral("userId"), userId}});
    removeUserFromSpaceRooms(spaceId, userId);
}

void ChatHub::removeUserFromSpaceRooms(const QString &spaceId, const QString &userId)
{
    QStringList rooms;
    for (auto it = m_rooms.cbegin(); it != m_rooms.cend(); ++it) {
        if (it.value()->room.spaceId == spaceId) {
            rooms.append(it.key());
        }
    }
    for (const auto &roomId : std::as_const(rooms)) {
        removeUserFromRoom(roomId, userId, RevokedReason);
    }
}

void ChatHub::onSpaceDeleted(const QString &spaceId)
{
    // The database deleted the space's rooms with it.
    m_presence.publishControl({{QStringLiteral("spaceDeleted"), spaceId}});
    for (const auto &roomId : closeRoomsOfSpace(spaceId)) {
        m_presence.deleteRoom(roomId, ChatHistoryCache::keyOf(roomId));
    }
}

QStringList ChatHub::closeRoomsOfSpace(const QString &spaceId)
{
    QStringList gone;
    for (auto it = m_rooms.cbegin(); it != m_rooms.cend(); ++it) {
        if (it.value()->room.spaceId == spaceId) {
            gone.append(it.key());
        }
    }
    for (const auto &roomId : std::as_const(gone)) {
        closeRoom(roomId, DeletedReason);
    }
    return gone;
}

// --- Redis: cross-instance delivery and presence -------------------------------------------------

void ChatHub::setRedis(RedisClient *redis)
{
    m_presence.setClient(redis);
    connect(redis, &RedisClient::message, this, &ChatHub::onRedisMessage);
    connect(redis, &RedisClient::connectedChanged, this, &ChatHub::onRedisConnectedChanged);
    redis->subscribe(ChatPresence::ControlChannel);
}

void ChatHub::onRedisMessage(const QByteArray &channel, const QByteArray &payload)
{
    const bool control = channel == ChatPresence::ControlChannel;
    if (!control && !channel.startsWith("chatroom:")) {
        return;
    }
    const auto foreign = m_presence.foreignEnvelope(payload);
    if (!foreign) {
        return;
    }
    const QJsonObject &envelope = *foreign;
    if (control) {
        if (const auto roomId = envelope.value(QStringLiteral("roomDeleted")).toString(); !roomId.isEmpty()) {
            closeRoom(roomId, DeletedReason);
        } else if (const auto room = envelope.value(QStringLiteral("memberRemoved")).toString(); !room.isEmpty()) {
            removeUserFromRoom(room, envelope.value(QStringLiteral("userId")).toString(), RemovedReason);
        } else if (const auto spaceId = envelope.value(QStringLiteral("spaceDeleted")).toString(); !spaceId.isEmpty()) {
            closeRoomsOfSpace(spaceId);
        } else if (const auto space = envelope.value(QStringLiteral("spaceAccessRevoked")).toString();
                   !space.isEmpty()) {
            removeUserFromSpaceRooms(space, envelope.value(QStringLiteral("userId")).toString());
        } else if (const auto users = envelope.value(QStringLiteral("roomsChangedFor")).toArray(); !users.isEmpty()) {
            QStringList userIds;
            for (const auto &user : users) {
                userIds.append(user.toString());
            }
            roomsChangedFor(userIds);
        } else if (const auto changed = envelope.value(QStringLiteral("spaceRoomsChanged")).toString();
                   !changed.isEmpty()) {
            spaceRoomsChanged(changed);
        }
        return;
    }
    const QString roomId = QString::fromUtf8(channel.mid(9));
    const auto state = m_rooms.value(roomId);
    if (!state) {
        return;
    }
    if (envelope.contains(QStringLiteral("presence"))) {
        const auto presence = envelope.value(QStringLiteral("presence")).toObject();
        const QString userId = presence.value(QStringLiteral("userId")).toString();
        if (userId.isEmpty()) {
            return;
        }
        if (presence.value(QStringLiteral("online")).toBool()) {
            const bool known = state->remote.contains(userId) || state->local.contains(userId);
            state->remote.insert(userId, presence.value(QStringLiteral("username")).toString());
            if (!known) {
                announcePresence(*state);
            }
        } else if (state->remote.remove(userId) > 0 && !state->local.contains(userId)) {
            announcePresence(*state);
        }
        return;
    }
    const auto event = decodeServer(toFrame(envelope.value(QStringLiteral("event")).toObject()));
    if (!event) {
        qCWarning(lcChat) << "ignoring a malformed event from another instance:" << event.error().message;
        return;
    }
    if (const auto *received = std::get_if<MessageReceived>(&*event)) {
        if (received->message.roomId == roomId) {
            deliverMessage(*state, received->message, received->clientMsgId);
        }
    } else if (const auto *deleted = std::get_if<MessageDeleted>(&*event)) {
        if (deleted->roomId == roomId) {
            deliver(*state, frameOf(*deleted));
        }
    } else if (const auto *typing = std::get_if<UserTyping>(&*event)) {
        if (typing->roomId == roomId) {
            deliver(*state, frameOf(*typing), typing->userId);
        }
    }
}

void ChatHub::refreshPresence()
{
    if (!m_presence.isUp()) {
        return;
    }
    QStringList active;
    for (const auto &connection : std::as_const(m_connections)) {
        if (connection->isAuthenticated()) {
            active.append(connection->user.id);
        }
    }
    m_presence.refreshActive(active);
    for (auto it = m_rooms.cbegin(); it != m_rooms.cend(); ++it) {
        if (it.value()->local.isEmpty()) {
            continue;
        }
        m_presence.refreshRoom(it.key(), it.value()->local.keys());
        reconcile(it.key());
    }
}

QCoro::Task<> ChatHub::reconcile(QString roomId)
{
    QPointer<ChatHub> self(this);
    // Who Redis has seen within the presence lifetime, with their names.
    auto loading = m_presence.load(roomId, this);
    const auto loaded = co_await loading;
    if (!self || !loaded) {
        co_return;
    }
    const QHash<QString, QString> &live = *loaded;
    const auto state = m_rooms.value(roomId);
    if (!state) {
        co_return;
    }
    bool changed = false;
    for (auto it = state->remote.begin(); it != state->remote.end();) {
        if (!live.contains(it.key())) {
            it = state->remote.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    for (auto it = live.cbegin(); it != live.cend(); ++it) {
        if (!state->local.contains(it.key()) && !state->remote.contains(it.key())) {
            state->remote.insert(it.key(), it.value());
            changed = true;
        }
    }
    if (changed) {
        announcePresence(*state);
    }
    // Forget what expired, so Redis does not grow with crashed instances' users.
    m_presence.forgetExpired(roomId);
}

void ChatHub::onRedisConnectedChanged(bool connected)
{
    if (!connected) {
        qCWarning(lcChat) << "Redis is unreachable: chat is delivered within this instance only";
        return;
    }
    qCInfo(lcChat) << "Redis is back: announcing local chat presence again";
    // Messages stored while Redis was away never reached its cache: drop those caches, the next
    // join rebuilds them from SQL. (A push lost as the connection broke is covered for the rooms
    // someone here is in, whose caches are dropped below.)
    m_history.dropStale();
    for (auto it = m_rooms.cbegin(); it != m_rooms.cend(); ++it) {
        for (const auto &sockets : std::as_const(it.value()->local)) {
            for (const ChatConnection *connection : sockets) {
                m_presence.store(it.key(), connection->user.id, connection->user.username);
                break; // one announcement per user
            }
        }
        m_history.drop(it.key());
        reconcile(it.key());
    }
}

} // namespace Metaverse
