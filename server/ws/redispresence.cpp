// SPDX-License-Identifier: GPL-3.0-or-later
#include "redispresence.h"

#include "bus/redisclient.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QUuid>

#include <algorithm>

namespace Metaverse
{

namespace
{
const QString OriginKey = QStringLiteral("origin");
} // namespace

RedisPresence::RedisPresence(int heartbeatMs)
    : m_heartbeatMs(heartbeatMs)
{
}

void RedisPresence::setClient(RedisClient *redis)
{
    m_redis = redis;
    m_instanceId = QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool RedisPresence::isUp() const
{
    return m_redis && m_redis->isConnected();
}

qint64 RedisPresence::ttlMs() const
{
    return std::max<qint64>(3LL * m_heartbeatMs, 3000);
}

qint64 RedisPresence::nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

bool RedisPresence::refreshDue(qint64 clockMs)
{
    if (!m_redis || clockMs - m_lastRefreshMs < std::min<qint64>(m_heartbeatMs, ttlMs() / 3)) {
        return false;
    }
    m_lastRefreshMs = clockMs;
    return true;
}

void RedisPresence::publish(const QByteArray &channel, QJsonObject envelope) const
{
    if (!isUp()) {
        return;
    }
    envelope.insert(OriginKey, m_instanceId);
    m_redis->publish(channel, QJsonDocument(envelope).toJson(QJsonDocument::Compact));
}

void RedisPresence::subscribe(const QByteArray &channel) const
{
    if (m_redis) {
        m_redis->subscribe(channel);
    }
}

void RedisPresence::unsubscribe(const QByteArray &channel) const
{
    if (m_redis) {
        m_redis->unsubscribe(channel);
    }
}

void RedisPresence::markSeen(const QByteArray &key, const QStringList &userIds) const
{
    if (!isUp() || userIds.isEmpty()) {
        return;
    }
    const QByteArray score = QByteArray::number(nowMs());
    QList<QByteArray> command{"ZADD", key};
    for (const auto &userId : userIds) {
        command << score << userId.toUtf8();
    }
    m_redis->send(command);
}

std::optional<QJsonObject> RedisPresence::foreignEnvelope(const QByteArray &payload) const
{
    auto envelope = QJsonDocument::fromJson(payload).object();
    if (envelope.value(OriginKey).toString() == m_instanceId) {
        return std::nullopt;
    }
    return envelope;
}

QCoro::Task<std::optional<QList<QByteArray>>> RedisPresence::liveMembers(QByteArray key)
{
    // Nothing of `this` is touched after the first suspension: the hub may be gone by then.
    if (!isUp()) {
        co_return std::nullopt;
    }
    auto listing = m_redis->command({"ZRANGEBYSCORE", key, QByteArray::number(nowMs() - ttlMs()), "+inf"});
    auto members = co_await listing;
    if (!members || members->type != RedisReply::Type::Array) {
        co_return std::nullopt;
    }
    QList<QByteArray> live;
    live.reserve(members->elements.size());
    for (const auto &member : std::as_const(members->elements)) {
        live.append(member.string);
    }
    co_return live;
}

QByteArray RedisPresence::expiredCutoff() const
{
    return "(" + QByteArray::number(nowMs() - ttlMs());
}

} // namespace Metaverse
