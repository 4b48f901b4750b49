// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat.h"

namespace Metaverse
{

namespace
{
// The characters of a username (Validation::username).
bool isNameChar(QChar c)
{
    return (c.unicode() < 128 && c.isLetterOrNumber()) || c == QLatin1Char('_') || c == QLatin1Char('.') ||
        c == QLatin1Char('-');
}
} // namespace

bool ChatMentions::mentions(const QString &text, const QString &username)
{
    if (username.isEmpty()) {
        return false;
    }
    const QString needle = QLatin1Char('@') + username;
    for (qsizetype at = text.indexOf(needle, 0, Qt::CaseInsensitive); at >= 0;
         at = text.indexOf(needle, at + 1, Qt::CaseInsensitive)) {
        const qsizetype end = at + needle.size();
        const bool startsWord = at == 0 || !(text.at(at - 1).isLetterOrNumber() || isNameChar(text.at(at - 1)));
        // "@bob." at the end of a sentence still names bob.
        const bool endsName = end == text.size() || !isNameChar(text.at(end)) ||
            (text.at(end) == QLatin1Char('.') && (end + 1 == text.size() || !isNameChar(text.at(end + 1))));
        if (startsWord && endsName) {
            return true;
        }
    }
    return false;
}

QString ChatMentions::complete(const QString &text, const QStringList &names)
{
    qsizetype at = text.size();
    while (at > 0 && isNameChar(text.at(at - 1))) {
        --at;
    }
    if (at == 0 || text.at(at - 1) != QLatin1Char('@') ||
        (at > 1 && (text.at(at - 2).isLetterOrNumber() || isNameChar(text.at(at - 2))))) {
        return text;
    }
    const QString prefix = text.mid(at);
    for (const auto &name : names) {
        if (name.startsWith(prefix, Qt::CaseInsensitive)) {
            return text.left(at) + name + QLatin1Char(' ');
        }
    }
    return text;
}

QString formatTimestamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject toJson(const Chatroom &room)
{
    return {{QStringLiteral("id"), room.id}, {QStringLiteral("name"), room.name},
        {QStringLiteral("spaceId"), room.spaceId.isEmpty() ? QJsonValue() : QJsonValue(room.spaceId)},
        {QStringLiteral("ownerId"), room.ownerId}, {QStringLiteral("kind"), room.kind},
        {QStringLiteral("online"), room.online}, {QStringLiteral("unread"), room.unread}};
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
    room.kind = in.string({"kind"});
    if (in.ok() && room.kind != ChatroomKind::Space && room.kind != ChatroomKind::Private &&
        room.kind != ChatroomKind::Direct) {
        in.fail(QStringLiteral("kind"), QStringLiteral("must be space, private or direct"));
    }
    room.online = in.optionalInteger({"online"}, 0, std::numeric_limits<int>::max()).value_or(0);
    room.unread = in.optionalInteger({"unread"}, 0, std::numeric_limits<int>::max()).value_or(0);
    return in.finish(room);
}

QJsonObject toJson(const Message &message)
{
    return {{QStringLiteral("id"), message.id}, {QStringLiteral("senderId"), message.senderId},
        {QStringLiteral("senderName"), message.senderName}, {QStringLiteral("senderAvatarId"), message.senderAvatarId},
        {QStringLiteral("content"), message.content}, {QStringLiteral("timestamp"), formatTimestamp(message.timestamp)},
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
    message.senderAvatarId = in.string({"senderAvatarId"});
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
