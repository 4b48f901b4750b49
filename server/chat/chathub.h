// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chathistorycache.h"
#include "chatpresence.h"
#include "config/config.h"
#include "http/ratelimiter.h"
#include "protocol/chat.h"
#include "ws/connectioncaps.h"
#include "ws/connectionregistry.h"
#include "ws/websocketlistener.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QWebSocket>

#include <QCoroTask>

#include <memory>

namespace Metaverse
{

class AccountService;
class ChatService;
class Metrics;
class RedisClient;
class SpaceService;
class ChatConnection;
struct ChatRoomState;

// The chat socket (docs/api/websocket.md, "Chat socket"): authenticated sockets join rooms and
// send messages. Rights and storage are ChatService's: a message reaches anyone, its sender
// included, only after ChatService stored it (messageStored), whether it came from a socket or
// from REST. Presence is per user and room (several sockets of one user count once).
//
// With Redis (setRedis): messages, presence and typing of a room travel on channel
// `chatroom:{id}`, deletions on `chat:control`; presence lives in `chatroom:{id}:users` (sorted by
// last-seen time, so a crashed instance's users expire) with names in `chatroom:{id}:names`, and
// the recent history in the list `chatroom:{id}:messages`, which answers `room-joined` without a
// database read and is rebuilt from SQL when missing.
class ChatHub : public QObject
{
    Q_OBJECT
public:
    ChatHub(const Config &config, AccountService &accounts, ChatService &chat, SpaceService &spaces, Metrics &metrics,
        QObject *parent = nullptr);
    ~ChatHub() override;

    // Listens on the dedicated chat WebSocket port.
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    // Takes a socket that was upgraded elsewhere (the HTTP port's /ws/chat).
    void adopt(std::unique_ptr<QWebSocket> socket);
    void setRedis(RedisClient *redis);
    // Closes every socket of `userId`, or only those of sign-in `sessionId` when it is not empty.
    void closeUserSockets(const QString &userId, const QString &sessionId, int code, const QString &reason);

    // The user's access to the space ended: they leave its rooms (`room-left`, reason "revoked")
    // here and, through Redis, on the other instances.
    void revokeSpaceAccess(const QString &spaceId, const QString &userId);

    // Users present in a room as this instance knows them (local sockets + other instances').
    [[nodiscard]] int onlineCount(const QString &roomId) const;

private:
    using ServerMessage = ChatProtocol::ServerMessage;

    void onText(ChatConnection *connection, const QString &text);
    void onClosed(ChatConnection *connection);
    void authenticate(ChatConnection *connection, const QByteArray &token);
    // Closes an authenticated socket whose session is over (logout, token expiry...); true when it did.
    bool closeIfSessionOver(ChatConnection *connection);
    QCoro::Task<> join(std::weak_ptr<ChatConnection> connection, QString roomId);
    void leave(ChatConnection *connection, const QString &roomId);
    void send(ChatConnection *connection, const ChatProtocol::SendMessage &send);
    void typing(ChatConnection *connection, const QString &roomId);
    void markRead(ChatConnection *connection, const ChatProtocol::MarkRead &read);

    // A problem with the client's request: an `error`; abusive ones count towards 1008.
    void reject(ChatConnection *connection, ChatProtocol::ErrorMessage error, bool abusive);
    void rejectError(
        ChatConnection *connection, const Error &error, const QString &roomId, const QString &clientMsgId = {});

    void deliverMessage(ChatRoomState &room, const Message &message, const QString &clientMsgId);
    // Sends to every local socket in the room (those still joining get it after room-joined).
    void deliver(
        ChatRoomState &room, const QString &frame, const QString &exceptUserId = {}, const QString &messageId = {});
    void deliverTo(ChatConnection *receiver, const QString &roomId, const QString &frame, const QString &messageId);
    void sendFrame(ChatConnection *connection, const QString &frame);
    void sendTo(ChatConnection *connection, const ServerMessage &message);
    void markDirty(ChatConnection *connection);
    void flushDirty();
    void drop(ChatConnection *connection);
    void heartbeat();

    [[nodiscard]] QList<ChatProtocol::ChatUser> usersOf(const ChatRoomState &room) const;
    void announcePresence(ChatRoomState &room, const ChatConnection *except = nullptr);
    // Removes the room from every local socket with `room-left` and forgets it.
    void closeRoom(const QString &roomId, const QString &reason);
    // Closes the rooms of a deleted space (the database deleted them with it); returns their ids.
    QStringList closeRoomsOfSpace(const QString &spaceId);
    void removeUserFromRoom(const QString &roomId, const QString &userId, const QString &reason);
    void removeUserFromSpaceRooms(const QString &spaceId, const QString &userId);
    void forgetRoomIfEmpty(const QString &roomId);

    void onMessageStored(const QString &roomId, const Message &message, const QString &clientMsgId);
    void onMessageDeleted(const QString &roomId, const QString &messageId);
    void onRoomDeleted(const QString &roomId);
    // `rooms-changed` to the users' sockets, or to the sockets in a space's rooms, here (the
    // Redis control channel takes it to the other instances).
    void roomsChangedFor(const QStringList &userIds);
    void spaceRoomsChanged(const QString &spaceId);
    void onMemberRemoved(const QString &roomId, const QString &userId);
    void onSpaceDeleted(const QString &spaceId);

    // Redis.
    void onRedisMessage(const QByteArray &channel, const QByteArray &payload);
    void onRedisConnectedChanged(bool connected);
    void refreshPresence();
    QCoro::Task<> reconcile(QString roomId);

    const Config &m_config;
    AccountService &m_accounts;
    ChatService &m_chat;
    Metrics &m_metrics;
    std::unique_ptr<WebSocketListener> m_listener;
    ConnectionRegistry<ChatConnection> m_connections;
    ConnectionCaps m_caps;
    QHash<QString, std::shared_ptr<ChatRoomState>> m_rooms;
    RateLimiter m_messageLimiter;
    QTimer m_heartbeat;
    QElapsedTimer m_clock;
    ChatPresence m_presence;
    ChatHistoryCache m_history;
};

} // namespace Metaverse
