// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat.h"

namespace Metaverse
{

QString formatTimestamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject toJson(const Chatroom &room)
{
    return {{QStringLiteral("id"), room.id}, {QStringLiteral("name"), room.name},
        {QStringLiteral("spaceId"), room.spaceId.isEmpty() ? QJsonValue() : QJsonValue(room.spaceId)},
        {QStringLiteral("ownerId"), room.ownerId}, {QStringLiteral("online"), room.online},
        {QStringLiteral("unread"), room.unread}};
}

template<>
Result<Chatroom> fromJson<Chatroom>(const QJsonValue &value)
{
    JsonReader in(value);
    Chatroom room;
    room.id = in.string({"id"});
    room.name = in.string({"name"});
    room.spaceId = in.optionalString({"spaceId"}).value_or(QString());
    room.ownerId = in.optionalString({"ownerId"}).value_or(QString());
    room.online = in.optionalInteger({"online"}, 0, std::numeric_limits<int>::max()).value_or(0);
    room.unread = in.optionalInteger({"unread"}, 0, std::numeric_limits<int>::max()).value_or(0);
    return in.finish(room);
}

QJsonObject toJson(const Message &message)
{
    return {{QStringLiteral("id"), message.id}, {QStringLiteral("senderId"), message.senderId},
        {QStringLiteral("senderName"), message.senderName}, {QStringLiteral("content"), message.content},
        {QStringLiteral("timestamp"), formatTimestamp(message.timestamp)},
        {QStringLiteral("deleted"), message.deleted}};
}

template<>
Result<Message> fromJson<Message>(const QJsonValue &value)
{
    JsonReader in(value);
    Message message;
    message.id = in.string({"id"});
    message.senderId = in.string({"senderId"});
    message.senderName = in.optionalString({"senderName"}).value_or(QString());
    message.content = in.string({"content"});
    message.deleted = in.boolean({"deleted"});
    const auto stamp = in.string({"timestamp"});
    message.timestamp = QDateTime::fromString(stamp, Qt::ISODateWithMs);
    if (!stamp.isEmpty() && !message.timestamp.isValid()) {
        in.fail(QStringLiteral("timestamp"), QStringLiteral("must be an ISO 8601 date and time"));
    }
    return in.finish(message);
}

} // namespace Metaverse
