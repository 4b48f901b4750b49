// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "json.h"

#include <QDateTime>

namespace Metaverse
{

// What a room is (chatrooms.kind, migration 0004).
namespace ChatroomKind
{
inline const QString Space = QStringLiteral("space"); // open to whoever may enter its space
inline const QString Private = QStringLiteral("private"); // its members only, in a space or not
inline const QString Direct = QStringLiteral("direct"); // two users, one room per pair
} // namespace ChatroomKind

struct Chatroom {
    QString id;
    QString name; // of a direct room: the other user's name, as the caller sees it in lists
    QString spaceId; // empty for rooms outside a space
    QString ownerId;
    QString kind = ChatroomKind::Space;
    int online = 0; // users present in the room (0 until the chat socket reports presence)
    int unread = 0; // messages from others after the caller's last-read message
    bool operator==(const Chatroom &) const = default;
};

struct Message {
    QString id;
    QString roomId;
    QString senderId;
    QString senderName;
    QString senderAvatarId; // empty when the sender chose none (resolve with GET /avatars)
    QString content; // empty once deleted
    QDateTime timestamp; // UTC, millisecond precision
    bool deleted = false; // removed by its sender or a moderator: a tombstone without content
    bool operator==(const Message &) const = default;
};

// {id, name, spaceId, ownerId, kind, online, unread}
QJsonObject toJson(const Chatroom &room);
template<>
Result<Chatroom> fromJson<Chatroom>(const QJsonValue &value);

// {id, senderId, senderName, senderAvatarId, content, timestamp (ISO 8601 UTC with milliseconds), deleted}
QJsonObject toJson(const Message &message);
template<>
Result<Message> fromJson<Message>(const QJsonValue &value);

QString formatTimestamp(const QDateTime &time);

// @mentions in chat messages: "@name" names a user (case-insensitively) when it is not part of a
// longer word or name. The client highlights them, notifies the mentioned user (even in a muted
// room) and completes them while typing.
namespace ChatMentions
{
[[nodiscard]] bool mentions(const QString &text, const QString &username);
// The "@prefix" at the end of `text` completed to the first of `names` it begins, followed by a
// space; `text` itself when it does not end in a mention being typed or nothing matches.
[[nodiscard]] QString complete(const QString &text, const QStringList &names);
} // namespace ChatMentions

} // namespace Metaverse
