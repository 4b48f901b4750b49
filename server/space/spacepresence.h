// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "protocol/space.h"
#include "ws/redispresence.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <QCoroTask>

#include <optional>

namespace Metaverse
{

class RedisClient;

// What a space looks like in Redis when the server is scaled out (websocket.md, "Scaling out"):
// its events on channel `space:{id}` (seed-dialect messages in an envelope with the sending
// instance as `origin`, or `deleted`), its users in `space:{id}:users` sorted by last-seen time
// (so a crashed instance's users expire) and in `activeUsers`, and each user's presence as a
// `user-joined` message in the hash `space:{id}:presence`. SpaceHub decides when; this writes
// and reads the keys.
class SpacePresence
{
public:
    // An event another instance published about a space.
    struct Event {
        QString spaceId;
        QJsonObject envelope; // `message` (seed dialect), `deleted`, or `revoked` (a user id) with `code`, `reason`
    };

    explicit SpacePresence(int heartbeatMs);

    void setClient(RedisClient *redis) { m_redis.setClient(redis); }
    [[nodiscard]] RedisClient *client() const { return m_redis.client(); }
    [[nodiscard]] bool isEnabled() const { return m_redis.isEnabled(); }
    [[nodiscard]] bool isUp() const { return m_redis.isUp(); }
    [[nodiscard]] bool refreshDue(qint64 clockMs) { return m_redis.refreshDue(clockMs); }

    [[nodiscard]] static QByteArray channelOf(const QString &spaceId);
    [[nodiscard]] static QByteArray usersKey(const QString &spaceId);
    [[nodiscard]] static QByteArray presenceKey(const QString &spaceId);

    // Follows the space's channel (nothing without Redis).
    void subscribe(const QString &spaceId);
    void unsubscribe(const QString &spaceId);
    // Tells the other instances (nothing while Redis is down).
    void publish(const QString &spaceId, const SpaceProtocol::ServerMessage &message) const;
    void publishDeleted(const QString &spaceId) const;
    // The user's access to the space ended: every instance closes their socket there.
    void publishRevoked(const QString &spaceId, const QString &userId, int closeCode, const QString &reason) const;
    // A message on a space channel from another instance; nothing for other channels and our own.
    [[nodiscard]] std::optional<Event> foreignEvent(const QByteArray &channel, const QByteArray &payload) const;

    // A local user's presence, as of now.
    void store(const QString &spaceId, const SpaceProtocol::Presence &presence);
    void remove(const QString &spaceId, const QString &userId);
    // The heartbeat's refresh: who is in a space here, and everyone in any space here.
    void refreshRoom(const QString &spaceId, const QStringList &userIds);
    void refreshActive(const QStringList &userIds);
    // The users of other instances that Redis has seen within the presence lifetime. Empty
    // without Redis, when it fails, or once `guard` (the caller) is gone.
    QCoro::Task<QHash<QString, SpaceProtocol::Presence>> load(QString spaceId, QPointer<QObject> guard);
    // Deletes what expired, so Redis does not grow with crashed instances' users.
    QCoro::Task<> forgetExpired(QString spaceId, QPointer<QObject> guard);

private:
    RedisPresence m_redis;
};

} // namespace Metaverse
