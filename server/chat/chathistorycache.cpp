// SPDX-License-Identifier: GPL-3.0-or-later
#include "chathistorycache.h"

#include "bus/redisclient.h"
#include "chatservice.h"
#include "http/metrics.h"
#include "logging.h"
#include "protocol/chat.h"
#include "ws/redispresence.h"

#include <QJsonDocument>

#include <algorithm>

namespace Metaverse
{

using namespace ChatProtocol;

ChatHistoryCache::ChatHistoryCache(ChatService &chat, Metrics &metrics, const RedisPresence &redis)
    : m_chat(chat)
    , m_metrics(metrics)
    , m_redis(redis)
{
}

QByteArray ChatHistoryCache::keyOf(const QString &roomId)
{
    return "chatroom:" + roomId.toUtf8() + ":messages";
}

void ChatHistoryCache::append(const QString &roomId, const Message &message)
{
    if (m_redis.isUp()) {
        // The cache only grows while it exists (RPUSHX): a missing one is rebuilt whole from SQL.
        const QByteArray entry = toFrame(messageToJson(message));
        m_redis.client()->send({"RPUSHX", keyOf(roomId), entry});
        m_redis.client()->send({"LTRIM", keyOf(roomId), QByteArray::number(-HistorySize), "-1"});
    } else if (m_redis.isEnabled()) {
        m_stale.insert(roomId); // dropped when Redis returns, so it is rebuilt whole
    }
}

void ChatHistoryCache::dropStale()
{
    for (const auto &roomId : std::exchange(m_stale, {})) {
        drop(roomId);
    }
}

void ChatHistoryCache::drop(const QString &roomId)
{
    m_redis.client()->send({"DEL", keyOf(roomId)});
}

void ChatHistoryCache::invalidate(const QString &roomId)
{
    if (m_redis.isUp()) {
        drop(roomId);
    } else if (m_redis.isEnabled()) {
        m_stale.insert(roomId);
    }
}

Result<QList<Message>> ChatHistoryCache::fromDatabase(const QString &roomId)
{
    return m_chat.recentMessages(roomId, HistorySize);
}

QCoro::Task<Result<QList<Message>>> ChatHistoryCache::load(QString roomId, QPointer<QObject> self)
{
    if (!m_redis.isUp()) {
        co_return fromDatabase(roomId);
    }
    auto reading = m_redis.client()->command({"LRANGE", keyOf(roomId), QByteArray::number(-HistorySize), "-1"});
    auto cached = co_await reading;
    if (!self) {
        co_return Error::unavailable(QStringLiteral("The server is shutting down"));
    }
    if (cached && cached->type == RedisReply::Type::Array && !cached->elements.isEmpty()) {
        QList<Message> messages;
        bool intact = true;
        for (const auto &entry : std::as_const(cached->elements)) {
            auto message = messageFromJson(QJsonDocument::fromJson(entry.string).object());
            if (!message || message->roomId != roomId) {
                intact = false;
                break;
            }
            messages.append(std::move(message).value());
        }
        if (intact) {
            // Two instances may append concurrently stored messages in either order.
            std::stable_sort(messages.begin(), messages.end(),
                [](const Message &a, const Message &b) { return a.timestamp < b.timestamp; });
            co_return messages;
        }
        qCWarning(lcChat) << "discarding a malformed history cache of room" << roomId;
    }
    m_metrics.increment(QStringLiteral("metaverse_chat_history_cache_misses_total"));
    auto messages = fromDatabase(roomId);
    if (!messages || messages->isEmpty() || !m_redis.isUp()) {
        co_return messages;
    }
    // Rebuild the cache atomically. A message stored elsewhere between our read and EXEC found no
    // list to append to (RPUSHX); if the newest stored message is not the newest we wrote, drop
    // the cache again so the next reader rebuilds it, rather than keep a hole.
    const QByteArray key = keyOf(roomId);
    QList<QByteArray> push{"RPUSH", key};
    for (const auto &message : std::as_const(*messages)) {
        push.append(toFrame(messageToJson(message)));
    }
    m_redis.client()->send({"MULTI"});
    m_redis.client()->send({"DEL", key});
    m_redis.client()->send(push);
    auto committing = m_redis.client()->command({"EXEC"});
    auto committed = co_await committing;
    if (!self || !committed) {
        co_return messages;
    }
    auto newest = m_chat.recentMessages(roomId, 1);
    if (!newest || newest->isEmpty() || newest->constLast().id != messages->constLast().id) {
        if (m_redis.isEnabled()) {
            m_redis.client()->send({"DEL", key});
        }
    }
    co_return messages;
}

} // namespace Metaverse
