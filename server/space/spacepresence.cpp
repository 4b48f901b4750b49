// SPDX-License-Identifier: GPL-3.0-or-later
#include "spacepresence.h"

#include "bus/redisclient.h"

#include <QJsonDocument>

namespace Metaverse
{

using namespace SpaceProtocol;

SpacePresence::SpacePresence(int heartbeatMs)
    : m_redis(heartbeatMs)
{
}

QByteArray SpacePresence::channelOf(const QString &spaceId)
{
    return "space:" + spaceId.toUtf8();
}

QByteArray SpacePresence::usersKey(const QString &spaceId)
{
    return "space:" + spaceId.toUtf8() + ":users";
}

QByteArray SpacePresence::presenceKey(const QString &spaceId)
{
    return "space:" + spaceId.toUtf8() + ":presence";
}

void SpacePresence::subscribe(const QString &spaceId)
{
    m_redis.subscribe(channelOf(spaceId));
}

void SpacePresence::unsubscribe(const QString &spaceId)
{
    m_redis.unsubscribe(channelOf(spaceId));
}

void SpacePresence::publish(const QString &spaceId, const ServerMessage &message) const
{
    if (!m_redis.isUp()) {
        return; // local delivery goes on; other instances catch up when Redis returns
    }
    if (const auto encoded = encodeServer(message, Dialect::Seed)) {
        m_redis.publish(channelOf(spaceId), QJsonObject{{QStringLiteral("message"), *encoded}});
    }
}

void SpacePresence::publishDeleted(const QString &spaceId) const
{
    m_redis.publish(channelOf(spaceId), QJsonObject{{QStringLiteral("deleted"), true}});
}

void SpacePresence::publishRevoked(
    const QString &spaceId, const QString &userId, int closeCode, const QString &reason) const
{
    m_redis.publish(channelOf(spaceId),
        QJsonObject{{QStringLiteral("revoked"), userId}, {QStringLiteral("code"), closeCode},
            {QStringLiteral("reason"), reason}});
}

std::optional<SpacePresence::Event> SpacePresence::foreignEvent(
    const QByteArray &channel, const QByteArray &payload) const
{
    if (!channel.startsWith("space:")) {
        return std::nullopt;
    }
    auto envelope = m_redis.foreignEnvelope(payload);
    if (!envelope) {
        return std::nullopt;
    }
    return Event{QString::fromUtf8(channel.mid(6)), std::move(*envelope)};
}

void SpacePresence::store(const QString &spaceId, const Presence &presence)
{
    if (!m_redis.isUp()) {
        return;
    }
    const QByteArray score = QByteArray::number(RedisPresence::nowMs());
    const QByteArray userId = presence.userId.toUtf8();
    auto stored = *encodeServer(UserJoined{presence}, Dialect::Seed);
    stored.insert(QStringLiteral("instance"), m_redis.instanceId());
    m_redis.client()->send({"ZADD", RedisPresence::ActiveUsersKey, score, userId});
    m_redis.client()->send({"ZADD", usersKey(spaceId), score, userId});
    m_redis.client()->send({"HSET", presenceKey(spaceId), userId, toFrame(stored)});
}

void SpacePresence::remove(const QString &spaceId, const QString &userId)
{
    if (!m_redis.isUp()) {
        return;
    }
    m_redis.client()->send({"ZREM", RedisPresence::ActiveUsersKey, userId.toUtf8()});
    m_redis.client()->send({"ZREM", usersKey(spaceId), userId.toUtf8()});
    m_redis.client()->send({"HDEL", presenceKey(spaceId), userId.toUtf8()});
}

void SpacePresence::refreshRoom(const QString &spaceId, const QStringList &userIds)
{
    m_redis.markSeen(usersKey(spaceId), userIds);
}

void SpacePresence::refreshActive(const QStringList &userIds)
{
    m_redis.markSeen(RedisPresence::ActiveUsersKey, userIds);
}

QCoro::Task<QHash<QString, Presence>> SpacePresence::load(QString spaceId, QPointer<QObject> guard)
{
    QHash<QString, Presence> remote;
    if (!m_redis.isUp()) {
        co_return remote;
    }
    // `this` belongs to the guard: it is not touched once the guard is gone.
    const QString instanceId = m_redis.instanceId();
    auto listing = m_redis.liveMembers(usersKey(spaceId));
    auto users = co_await listing;
    if (!guard || !m_redis.isEnabled() || !users || users->isEmpty()) {
        co_return remote;
    }
    QList<QByteArray> args{"HMGET", presenceKey(spaceId)};
    args.append(*users);
    auto fetching = m_redis.client()->command(args);
    auto presences = co_await fetching;
    if (!guard || !presences || presences->type != RedisReply::Type::Array) {
        co_return remote;
    }
    for (const auto &entry : std::as_const(presences->elements)) {
        if (entry.type != RedisReply::Type::String) {
            continue;
        }
        const auto object = QJsonDocument::fromJson(entry.string).object();
        if (object.value(QStringLiteral("instance")).toString() == instanceId) {
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

QCoro::Task<> SpacePresence::forgetExpired(QString spaceId, QPointer<QObject> guard)
{
    if (!m_redis.isEnabled()) {
        co_return;
    }
    const QByteArray cutoff = m_redis.expiredCutoff();
    auto expiring = m_redis.client()->command({"ZRANGEBYSCORE", usersKey(spaceId), "-inf", cutoff});
    auto expired = co_await expiring;
    if (!guard || !m_redis.isEnabled() || !expired || expired->type != RedisReply::Type::Array ||
        expired->elements.isEmpty()) {
        co_return;
    }
    QList<QByteArray> hdel{"HDEL", presenceKey(spaceId)};
    for (const auto &user : std::as_const(expired->elements)) {
        hdel.append(user.string);
    }
    m_redis.client()->send(hdel);
    m_redis.client()->send({"ZREMRANGEBYSCORE", usersKey(spaceId), "-inf", cutoff});
    m_redis.client()->send({"ZREMRANGEBYSCORE", RedisPresence::ActiveUsersKey, "-inf", cutoff});
}

} // namespace Metaverse
