// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatpresence.h"

#include "bus/redisclient.h"

namespace Metaverse
{

ChatPresence::ChatPresence(int heartbeatMs)
    : m_redis(heartbeatMs)
{
}

void ChatPresence::setClient(RedisClient *redis)
{
    m_redis.setClient(redis);
}

QByteArray ChatPresence::roomChannel(const QString &roomId)
{
    return "chatroom:" + roomId.toUtf8();
}

QByteArray ChatPresence::usersKey(const QString &roomId)
{
    return "chatroom:" + roomId.toUtf8() + ":users";
}

QByteArray ChatPresence::namesKey(const QString &roomId)
{
    return "chatroom:" + roomId.toUtf8() + ":names";
}

void ChatPresence::subscribe(const QString &roomId)
{
    m_redis.subscribe(roomChannel(roomId));
}

void ChatPresence::unsubscribe(const QString &roomId)
{
    m_redis.unsubscribe(roomChannel(roomId));
}

void ChatPresence::publish(const QString &roomId, const QJsonObject &event) const
{
    m_redis.publish(roomChannel(roomId), event);
}

void ChatPresence::publishControl(const QJsonObject &event) const
{
    m_redis.publish(ControlChannel, event);
}

std::optional<QJsonObject> ChatPresence::foreignEnvelope(const QByteArray &payload) const
{
    return m_redis.foreignEnvelope(payload);
}

void ChatPresence::markActive(const QString &userId)
{
    if (m_redis.isUp()) {
        m_redis.client()->send(
            {"ZADD", RedisPresence::ActiveUsersKey, QByteArray::number(RedisPresence::nowMs()), userId.toUtf8()});
    }
}

void ChatPresence::store(const QString &roomId, const QString &userId, const QString &username)
{
    if (!m_redis.isUp()) {
        return;
    }
    const QByteArray score = QByteArray::number(RedisPresence::nowMs());
    const QByteArray id = userId.toUtf8();
    m_redis.client()->send({"ZADD", usersKey(roomId), score, id});
    m_redis.client()->send({"HSET", namesKey(roomId), id, username.toUtf8()});
    m_redis.client()->send({"ZADD", RedisPresence::ActiveUsersKey, score, id});
    publish(roomId,
        QJsonObject{{QStringLiteral("presence"),
            QJsonObject{{QStringLiteral("userId"), userId}, {QStringLiteral("username"), username},
                {QStringLiteral("online"), true}}}});
}

void ChatPresence::remove(const QString &roomId, const QString &userId)
{
    if (!m_redis.isUp()) {
        return;
    }
    m_redis.client()->send({"ZREM", usersKey(roomId), userId.toUtf8()});
    m_redis.client()->send({"HDEL", namesKey(roomId), userId.toUtf8()});
    publish(roomId,
        QJsonObject{{QStringLiteral("presence"),
            QJsonObject{{QStringLiteral("userId"), userId}, {QStringLiteral("online"), false}}}});
}

void ChatPresence::refreshActive(const QStringList &userIds)
{
    m_redis.markSeen(RedisPresence::ActiveUsersKey, userIds);
}

void ChatPresence::refreshRoom(const QString &roomId, const QStringList &userIds)
{
    if (!m_redis.isUp()) {
        return;
    }
    m_redis.markSeen(usersKey(roomId), userIds);
    // Keys of rooms nobody refreshes any more vanish by themselves.
    const QByteArray lifetime = QByteArray::number(3 * m_redis.ttlMs());
    m_redis.client()->send({"PEXPIRE", usersKey(roomId), lifetime});
    m_redis.client()->send({"PEXPIRE", namesKey(roomId), lifetime});
}

QCoro::Task<std::optional<QHash<QString, QString>>> ChatPresence::load(QString roomId, QPointer<QObject> guard)
{
    if (!m_redis.isUp()) {
        co_return std::nullopt;
    }
    auto listing = m_redis.liveMembers(usersKey(roomId));
    auto users = co_await listing;
    // `this` belongs to the guard: it is not touched once the guard is gone.
    if (!guard || !m_redis.isEnabled() || !users) {
        co_return std::nullopt;
    }
    QHash<QString, QString> live;
    if (users->isEmpty()) {
        co_return live;
    }
    QList<QByteArray> args{"HMGET", namesKey(roomId)};
    args.append(*users);
    auto fetching = m_redis.client()->command(args);
    auto names = co_await fetching;
    if (!guard || !names || names->type != RedisReply::Type::Array || names->elements.size() != users->size()) {
        co_return std::nullopt;
    }
    for (qsizetype i = 0; i < users->size(); ++i) {
        live.insert(QString::fromUtf8(users->at(i)), QString::fromUtf8(names->elements.at(i).string));
    }
    co_return live;
}

void ChatPresence::forgetExpired(const QString &roomId)
{
    m_redis.client()->send({"ZREMRANGEBYSCORE", usersKey(roomId), "-inf", m_redis.expiredCutoff()});
}

void ChatPresence::deleteRoom(const QString &roomId, const QByteArray &extraKey)
{
    if (m_redis.isUp()) {
        m_redis.client()->send({"DEL", extraKey, usersKey(roomId), namesKey(roomId)});
    }
}

} // namespace Metaverse
