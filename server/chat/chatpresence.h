// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ws/redispresence.h"

#include <QByteArray>
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

// What chat presence looks like in Redis when the server is scaled out (websocket.md, "Chat
// socket", "Scaling out"): a room's messages, presence and typing on channel `chatroom:{id}`,
// deletions on `chat:control` (envelopes with the sending instance as `origin`), who is in a room
// in `chatroom:{id}:users` sorted by last-seen time (so a crashed instance's users expire) with
// their names in `chatroom:{id}:names`, and everyone on a chat socket in `activeUsers`. ChatHub
// decides when; this writes and reads the keys.
class ChatPresence
{
public:
    static inline const QByteArray ControlChannel = QByteArrayLiteral("chat:control");

    explicit ChatPresence(int heartbeatMs);

    // Takes the client (not owned).
    void setClient(RedisClient *redis);
    [[nodiscard]] const RedisPresence &redis() const { return m_redis; }
    [[nodiscard]] bool isEnabled() const { return m_redis.isEnabled(); }
    [[nodiscard]] bool isUp() const { return m_redis.isUp(); }
    [[nodiscard]] bool refreshDue(qint64 clockMs) { return m_redis.refreshDue(clockMs); }

    [[nodiscard]] static QByteArray roomChannel(const QString &roomId);
    [[nodiscard]] static QByteArray usersKey(const QString &roomId);
    [[nodiscard]] static QByteArray namesKey(const QString &roomId);

    // Follows the room's channel (nothing without Redis).
    void subscribe(const QString &roomId);
    void unsubscribe(const QString &roomId);
    // Tells the other instances (nothing while Redis is down).
    void publish(const QString &roomId, const QJsonObject &event) const;
    void publishControl(const QJsonObject &event) const;
    // The envelope of a pub/sub message; nothing when this instance sent it.
    [[nodiscard]] std::optional<QJsonObject> foreignEnvelope(const QByteArray &payload) const;

    // Someone authenticated on a chat socket here.
    void markActive(const QString &userId);
    // A user is in the room here now (announced to the other instances), or no longer.
    void store(const QString &roomId, const QString &userId, const QString &username);
    void remove(const QString &roomId, const QString &userId);
    // The heartbeat's refresh: everyone on a socket here, and who is in a room here.
    void refreshActive(const QStringList &userIds);
    void refreshRoom(const QString &roomId, const QStringList &userIds);
    // Who Redis has seen in the room within the presence lifetime, by id, with their names;
    // nothing when Redis failed, or once `guard` (the caller) is gone.
    QCoro::Task<std::optional<QHash<QString, QString>>> load(QString roomId, QPointer<QObject> guard);
    // Deletes the room's presence that expired.
    void forgetExpired(const QString &roomId);
    // The room is gone: its keys go too (`extraKey`: another key of the room, its history).
    void deleteRoom(const QString &roomId, const QByteArray &extraKey);

private:
    RedisPresence m_redis;
};

} // namespace Metaverse
