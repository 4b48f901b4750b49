// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <QCoroTask>

#include <optional>

namespace Metaverse
{

class RedisClient;

// How both socket hubs keep presence in Redis and talk to the other instances (websocket.md,
// both "Scaling out" sections): every event carries this instance's id as `origin` so an
// instance ignores its own; users are members of sorted sets scored by last-seen time, so the
// users of a crashed instance expire after ttlMs(); `activeUsers` holds everyone on any socket.
// Each hub keeps its own keys, channels and what it stores per user.
class RedisPresence
{
public:
    static inline const QByteArray ActiveUsersKey = QByteArrayLiteral("activeUsers");

    // `heartbeatMs`: WS_HEARTBEAT_MS, how often the hubs refresh what they keep in Redis.
    explicit RedisPresence(int heartbeatMs);

    // Takes the client (not owned) and gives this instance a new id.
    void setClient(RedisClient *redis);
    [[nodiscard]] RedisClient *client() const { return m_redis.data(); }
    // Scaled out (a client was set, even if Redis is down now).
    [[nodiscard]] bool isEnabled() const { return !m_redis.isNull(); }
    // Scaled out and Redis is reachable now.
    [[nodiscard]] bool isUp() const;
    [[nodiscard]] const QString &instanceId() const { return m_instanceId; }
    // How long a user counts as present without a refresh.
    [[nodiscard]] qint64 ttlMs() const;
    // The score of "seen now" (wall-clock milliseconds: instances share it).
    [[nodiscard]] static qint64 nowMs();
    // Whether the heartbeat at `clockMs` (the hub's monotonic clock) should refresh presence;
    // when it should, the refresh is recorded.
    [[nodiscard]] bool refreshDue(qint64 clockMs);

    // Publishes `envelope` with this instance as `origin` (nothing while Redis is down: local
    // delivery goes on, other instances catch up when Redis returns).
    void publish(const QByteArray &channel, QJsonObject envelope) const;
    // Follows a channel, or stops (nothing when not scaled out).
    void subscribe(const QByteArray &channel) const;
    void unsubscribe(const QByteArray &channel) const;
    // Scores `userIds` as seen now in the sorted set `key` (nothing while Redis is down).
    void markSeen(const QByteArray &key, const QStringList &userIds) const;
    // The envelope of a pub/sub message; nothing when this instance sent it.
    [[nodiscard]] std::optional<QJsonObject> foreignEnvelope(const QByteArray &payload) const;
    // The members of sorted set `key` seen within ttlMs(); nothing when Redis failed or this
    // object is gone by the time it answered.
    QCoro::Task<std::optional<QList<QByteArray>>> liveMembers(QByteArray key);
    // The score argument that selects what expired ("(" + the oldest live score).
    [[nodiscard]] QByteArray expiredCutoff() const;

private:
    QPointer<RedisClient> m_redis;
    QString m_instanceId;
    int m_heartbeatMs;
    qint64 m_lastRefreshMs = 0;
};

} // namespace Metaverse
