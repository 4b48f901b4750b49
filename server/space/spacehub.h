// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.h"
#include "http/ratelimiter.h"
#include "model/user.h"
#include "protocol/space.h"
#include "roombatch.h"
#include "spacepresence.h"
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

class QTcpServer;
class QTcpSocket;
class QWebSocketServer;

namespace Metaverse
{

class AccountService;
class Metrics;
class RedisClient;
class SpaceService;
class SpaceConnection;
struct SpaceRoom;

// WebSocket close codes the space socket uses besides the standard ones.
namespace SpaceCloseCode
{
inline constexpr int Replaced = 4001; // the same user joined the space from another connection
inline constexpr int SpaceDeleted = 4004;
// 4003 (access revoked) and 4006 (kicked): AccessCloseCode in teamservice.h.
inline constexpr int SpaceFull = 4009; // lineage joins over maxUsers (seed clients get `error space-full`)
inline constexpr int TooSlow = 4008; // outgoing queue over WS_MAX_QUEUE_BYTES
} // namespace SpaceCloseCode

// The real-time engine of spaces: one socket joins one space; movement is checked against the
// grid rules (common/grid) and broadcast; element edits go through SpaceService (rights, storage)
// and every stored change, from a socket or from REST, is broadcast to the space's sockets.
// Serves both protocol dialects (common/protocol/space.h) from one engine.
class SpaceHub : public QObject
{
    Q_OBJECT
public:
    SpaceHub(const Config &config, AccountService &accounts, SpaceService &spaces, Metrics &metrics,
        QObject *parent = nullptr);
    ~SpaceHub() override;

    // Listens on the dedicated space WebSocket port.
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    // Takes a socket that was upgraded elsewhere (the HTTP port's /ws/space). Its TCP socket is
    // out of reach, so frames go through QWebSocket (a UTF-16 round trip and a copy per socket).
    void adopt(std::unique_ptr<QWebSocket> socket);
    // Scales out: events of each space go through Redis pub/sub (channel `space:{id}`) to the
    // other instances, and presence is kept in Redis (`activeUsers`, `space:{id}:users`, sorted
    // by last-seen time so a crashed instance's users expire; `space:{id}:presence`).
    void setRedis(RedisClient *redis);
    // Closes every socket of `userId`, or only those of sign-in `sessionId` when it is not empty.
    void closeUserSockets(const QString &userId, const QString &sessionId, int code, const QString &reason);
    // A check every join passes after the read right (bans, kick cooldowns: TeamService::admission).
    void setAdmission(std::function<Status(const User &, const QString &spaceId)> check)
    {
        m_admission = std::move(check);
    }
    // The user's access to the space ended: their socket there is closed with `closeCode` (4003,
    // 4006), on this instance and, through Redis, on the others.
    void revokeAccess(const QString &spaceId, const QString &userId, int closeCode, const QString &reason);

Q_SIGNALS:
    // Presence on this instance, for the event stream (best-effort: presence.* events).
    void userJoined(const QString &spaceId, const QString &userId);
    void userLeft(const QString &spaceId, const QString &userId);
    void userStatusChanged(const QString &spaceId, const QString &userId, const QString &status);

private:
    friend class SpaceConnection;

    void adopt(QWebSocket *socket, QTcpSocket *tcp);
    void onText(SpaceConnection *connection, const QString &text);
    void onBinary(SpaceConnection *connection);
    void onClosed(SpaceConnection *connection);
    QCoro::Task<> join(std::weak_ptr<SpaceConnection> connection, SpaceProtocol::Join join);
    void handle(SpaceConnection *connection, const SpaceProtocol::Move &move);
    void handle(SpaceConnection *connection, const SpaceProtocol::PlaceElement &place);
    void handle(SpaceConnection *connection, const SpaceProtocol::MoveElement &move);
    void handle(SpaceConnection *connection, const SpaceProtocol::RemoveElement &remove);
    void handle(SpaceConnection *connection, const SpaceProtocol::SetStatus &status);
    void leaveRoom(SpaceConnection *connection);
    // Closes a joined socket whose session is over (logout, token expiry...); true when it did.
    bool closeIfSessionOver(SpaceConnection *connection);
    // A problem with the client's message: an `error` (seed) or nothing (lineage); counts abuse.
    void reject(SpaceConnection *connection, const QString &code, const QString &message, bool abusive = true);
    void rejectError(SpaceConnection *connection, const Error &error);
    void broadcast(SpaceRoom &room, const SpaceProtocol::ServerMessage &message, const SpaceConnection *except,
        const QString &coalesceKey = {});
    // Disconnects without re-entering the hub: takes effect from the event loop.
    void drop(SpaceConnection *connection);
    void dropSlow(SpaceConnection *connection);
    // A message for one socket only; a batching socket gets it with its next batch unless
    // `immediate`.
    void sendTo(SpaceConnection *connection, const QJsonObject &message, bool immediate = false);
    // Closes with a close frame; nothing is written after it.
    void closeSocket(SpaceConnection *connection, int code, const QString &reason);
    // Sockets written this turn are flushed together from the event loop.
    void markDirty(SpaceConnection *connection);
    void flushDirty();
    void heartbeat();
    // Every WS_BATCH_MS: one batch frame per space for its batching sockets (one per occupied
    // area cell for those with an area of interest).
    void flushBatches();

    void onElementPlaced(const QString &spaceId, const SpaceElement &placed);
    void onElementMoved(const QString &spaceId, const SpaceElement &placed, Point from);
    void onElementRemoved(const QString &spaceId, const SpaceElement &placed);
    void onSpaceDeleted(const QString &spaceId);
    void applyPlaced(SpaceRoom &room, const SpaceElement &placed);
    void applyMoved(SpaceRoom &room, const QString &placedId, Point position);
    void applyRemoved(SpaceRoom &room, const QString &placedId);
    // Closes the space's local sockets with 4004 and forgets the room.
    void closeRoom(const QString &spaceId);
    // Closes the user's local socket in the space, if any, after they left it.
    void closeUser(const QString &spaceId, const QString &userId, int closeCode, const QString &reason);

    // Redis: publishing local events, applying remote ones, presence upkeep.
    void onRedisMessage(const QByteArray &channel, const QByteArray &payload);
    void onRedisConnectedChanged(bool connected);
    void refreshPresence();
    QCoro::Task<> reconcile(QString spaceId);

    const Config &m_config;
    AccountService &m_accounts;
    SpaceService &m_spaces;
    Metrics &m_metrics;
    std::unique_ptr<WebSocketListener> m_listener;
    ConnectionRegistry<SpaceConnection> m_connections;
    ConnectionCaps m_caps;
    QHash<QString, std::shared_ptr<SpaceRoom>> m_rooms;
    RateLimiter m_messageLimiter;
    RateLimiter m_moveLimiter;
    QTimer m_heartbeat;
    QTimer m_batchTimer;
    QElapsedTimer m_clock;
    AreaOfInterest m_area;
    quint64 m_batchTick = 0;
    QList<SpaceConnection *> m_staged; // by the batch tick, reused
    QSet<SpaceConnection *> m_behind; // batching sockets with frames the kernel did not take yet
    SpacePresence m_presence;
    std::function<Status(const User &, const QString &)> m_admission;
};

} // namespace Metaverse
