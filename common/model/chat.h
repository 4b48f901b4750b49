// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "json.h"

#include <QDateTime>

namespace Metaverse
{

struct Chatroom {
    QString id;
    QString name;
    QString spaceId; // empty for rooms outside a space
    QString ownerId;
    int online = 0; // users present in the room (0 until the chat socket reports presence)
    int unread = 0; // messages from others after the caller's last-read message
    bool operator==(const Chatroom &) const = default;
};

struct Message {
    QString id;
    QString roomId;
    QString senderId;
    QString senderName;
    QString content; // empty once deleted
    QDateTime timestamp; // UTC, millisecond precision
    bool deleted = false; // removed by its sender or a moderator: a tombstone without content
    bool operator==(const Message &) const = default;
};

// {id, name, spaceId, ownerId, online, unread}
QJsonObject toJson(const Chatroom &room);
template<>
Result<Chatroom> fromJson<Chatroom>(const QJsonValue &value);

// {id, senderId, senderName, content, timestamp (ISO 8601 UTC with milliseconds), deleted}
QJsonObject toJson(const Message &message);
template<>
Result<Message> fromJson<Message>(const QJsonValue &value);

QString formatTimestamp(const QDateTime &time);

} // namespace Metaverse
