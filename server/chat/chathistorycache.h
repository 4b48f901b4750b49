// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/chat.h"
#include "result.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

#include <QCoroTask>

namespace Metaverse
{

class ChatService;
class Metrics;
class RedisPresence;

// The recent history of each chat room in Redis, the list `chatroom:{id}:messages` (the last
// HistorySize messages), so that `room-joined` needs no database read. It only grows while it
// exists (RPUSHX); a missing or broken one is rebuilt whole from SQL by the next reader. Without
// Redis, every history comes from SQL.
class ChatHistoryCache
{
public:
    // `redis` (the hub's) must outlive the cache.
    ChatHistoryCache(ChatService &chat, Metrics &metrics, const RedisPresence &redis);

    [[nodiscard]] static QByteArray keyOf(const QString &roomId);

    // The last messages of a room, oldest first: from the cache when it has them, else from SQL
    // (and then the cache is rebuilt). `self` is the caller: nothing is touched once it is gone.
    QCoro::Task<Result<QList<Message>>> load(QString roomId, QPointer<QObject> self);
    // A message was stored: onto the cache if there is one. While Redis is down the room's cache
    // is remembered as stale instead.
    void append(const QString &roomId, const Message &message);
    // Redis is back: drops the caches that missed messages meanwhile, so they are rebuilt whole.
    void dropStale();
    // Only with Redis up.
    void drop(const QString &roomId);
    // A stored message changed (deleted): the cache is dropped now or, while Redis is down, once it returns.
    void invalidate(const QString &roomId);

private:
    Result<QList<Message>> fromDatabase(const QString &roomId);

    ChatService &m_chat;
    Metrics &m_metrics;
    const RedisPresence &m_redis;
    QSet<QString> m_stale; // rooms whose cache missed messages during an outage
};

} // namespace Metaverse
