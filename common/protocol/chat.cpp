// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat.h"

#include "json.h"
#include "validation/validation.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Metaverse::ChatProtocol
{

namespace
{
QJsonObject envelope(const QString &type, const QJsonObject &data)
{
    return {{QStringLiteral("type"), type}, {QStringLiteral("data"), data}};
}

QJsonObject userToJson(const ChatUser &user)
{
    return {{QStringLiteral("userId"), user.userId}, {QStringLiteral("username"), user.username}};
}

QJsonArray usersToJson(const QList<ChatUser> &users)
{
    QJsonArray array;
    for (const auto &user : users) {
        array.append(userToJson(user));
    }
    return array;
}

// Reads `users: [{userId, username}]`; errors go to `in`.
QList<ChatUser> readUsers(JsonReader &in)
{
    QList<ChatUser> users;
    const auto array = in.array({"users"});
    for (qsizetype i = 0; i < array.size(); ++i) {
        JsonReader user(array.at(i), QStringLiteral("users[%1]").arg(i));
        users.append({user.string({"userId"}), user.string({"username"})});
        if (!user.ok()) {
            in.merge(user.error());
        }
    }
    return users;
}

// Reads and checks a room id; records the field error.
QString readId(JsonReader &in, const char *key)
{
    const QString value = in.string({key});
    if (in.ok()) {
        in.merge(Validation::id(value, QString::fromLatin1(key)));
    }
    return value;
}
} // namespace

QByteArray toFrame(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject messageToJson(const Message &message)
{
    return {{QStringLiteral("roomId"), message.roomId}, {QStringLiteral("id"), message.id},
        {QStringLiteral("userId"), message.senderId}, {QStringLiteral("username"), message.senderName},
        {QStringLiteral("avatarId"), message.senderAvatarId}, {QStringLiteral("message"), message.content},
        {QStringLiteral("timestamp"), formatTimestamp(message.timestamp)},
        {QStringLiteral("deleted"), message.deleted}};
}

Result<Message> messageFromJson(const QJsonValue &value)
{
    JsonReader in(value);
    Message message;
    message.roomId = in.string({"roomId"});
    message.id = in.string({"id"});
    message.senderId = in.string({"userId"});
    message.senderName = in.string({"username"});
    message.senderAvatarId = in.string({"avatarId"});
    message.content = in.string({"message"});
    message.deleted = in.boolean({"deleted"});
    const QString timestamp = in.string({"timestamp"});
    if (in.ok()) {
        message.timestamp = QDateTime::fromString(timestamp, Qt::ISODateWithMs);
        if (!message.timestamp.isValid()) {
            in.fail(QStringLiteral("timestamp"), QStringLiteral("must be an ISO 8601 date and time"));
        }
    }
    return in.finish(message);
}

std::variant<ClientMessage, DecodeFailure> decodeClient(const QByteArray &frame)
{
    if (frame.size() > MaxFrameBytes) {
        return DecodeFailure{
            Error::invalid(QStringLiteral("Frames are limited to %1 bytes").arg(MaxFrameBytes)), {}, {}};
    }
    auto object = parseJsonObject(frame);
    if (!object) {
        return DecodeFailure{object.error(), {}, {}};
    }
    const auto typeValue = object->value(QStringLiteral("type"));
    if (!typeValue.isString()) {
        return DecodeFailure{Error::field(QStringLiteral("type"), QStringLiteral("must be a string")), {}, {}};
    }
    const QString type = typeValue.toString();
    QJsonValue body = object->value(QStringLiteral("data"));
    if (body.isUndefined() || body.isNull()) {
        body = QJsonObject();
    }
    JsonReader in(body, QStringLiteral("data"));
    const auto finish = [&](ClientMessage message, QString roomId = {},
                            QString clientMsgId = {}) -> std::variant<ClientMessage, DecodeFailure> {
        if (!in.ok()) {
            return DecodeFailure{in.error(), std::move(roomId), std::move(clientMsgId)};
        }
        return message;
    };

    if (type == QLatin1String("auth")) {
        Auth auth{in.string({"token"})};
        return finish(auth);
    }
    if (type == QLatin1String("join-room")) {
        JoinRoom join{readId(in, "roomId")};
        return finish(join, join.roomId);
    }
    if (type == QLatin1String("leave-room")) {
        LeaveRoom leave{readId(in, "roomId")};
        return finish(leave, leave.roomId);
    }
    if (type == QLatin1String("send-message")) {
        SendMessage send;
        send.roomId = readId(in, "roomId");
        if (const auto clientMsgId = in.optionalString({"clientMsgId"})) {
            send.clientMsgId = *clientMsgId;
            in.merge(Validation::id(send.clientMsgId, QStringLiteral("clientMsgId")));
        }
        const QString message = in.string({"message"});
        if (in.ok()) {
            in.merge(Validation::chatMessage(message, QStringLiteral("message")));
            send.message = message.trimmed();
        }
        return finish(send, send.roomId, send.clientMsgId);
    }
    if (type == QLatin1String("typing")) {
        Typing typing{readId(in, "roomId")};
        return finish(typing, typing.roomId);
    }
    if (type == QLatin1String("mark-read")) {
        MarkRead read;
        read.roomId = readId(in, "roomId");
        read.messageId = readId(in, "messageId");
        return finish(read, read.roomId);
    }
    if (type == QLatin1String("ping")) {
        return finish(Ping{});
    }
    return DecodeFailure{
        Error::field(QStringLiteral("type"), QStringLiteral("is not a message type of this protocol")), {}, {}};
}

QJsonObject encodeServer(const ServerMessage &message)
{
    return std::visit(
        [](const auto &m) -> QJsonObject {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, Authenticated>) {
                return envelope(QStringLiteral("authenticated"), userToJson(m.user));
            } else if constexpr (std::is_same_v<T, RoomJoined>) {
                QJsonArray history;
                for (const auto &entry : m.history) {
                    history.append(messageToJson(entry));
                }
                return envelope(QStringLiteral("room-joined"),
                    {{QStringLiteral("roomId"), m.roomId}, {QStringLiteral("users"), usersToJson(m.users)},
                        {QStringLiteral("online"), int(m.users.size())}, {QStringLiteral("history"), history}});
            } else if constexpr (std::is_same_v<T, RoomLeft>) {
                return envelope(QStringLiteral("room-left"),
                    {{QStringLiteral("roomId"), m.roomId}, {QStringLiteral("reason"), m.reason}});
            } else if constexpr (std::is_same_v<T, MessageReceived>) {
                auto data = messageToJson(m.message);
                if (!m.clientMsgId.isEmpty()) {
                    data.insert(QStringLiteral("clientMsgId"), m.clientMsgId);
                }
                return envelope(QStringLiteral("message-received"), data);
            } else if constexpr (std::is_same_v<T, RoomsChanged>) {
                return envelope(QStringLiteral("rooms-changed"), {});
            } else if constexpr (std::is_same_v<T, MessageDeleted>) {
                return envelope(QStringLiteral("message-deleted"),
                    {{QStringLiteral("roomId"), m.roomId}, {QStringLiteral("id"), m.messageId}});
            } else if constexpr (std::is_same_v<T, PresenceUpdate>) {
                return envelope(QStringLiteral("presence"),
                    {{QStringLiteral("roomId"), m.roomId}, {QStringLiteral("online"), int(m.users.size())},
                        {QStringLiteral("users"), usersToJson(m.users)}});
            } else if constexpr (std::is_same_v<T, UserTyping>) {
                return envelope(QStringLiteral("typing"),
                    {{QStringLiteral("roomId"), m.roomId}, {QStringLiteral("userId"), m.userId},
                        {QStringLiteral("username"), m.username}});
            } else if constexpr (std::is_same_v<T, Pong>) {
                return envelope(QStringLiteral("pong"), {});
            } else {
                QJsonObject data{{QStringLiteral("code"), m.code}, {QStringLiteral("message"), m.message}};
                if (!m.roomId.isEmpty()) {
                    data.insert(QStringLiteral("roomId"), m.roomId);
                }
                if (!m.clientMsgId.isEmpty()) {
                    data.insert(QStringLiteral("clientMsgId"), m.clientMsgId);
                }
                return envelope(QStringLiteral("error"), data);
            }
        },
        message);
}

QJsonObject encodeClient(const ClientMessage &message)
{
    return std::visit(
        [](const auto &m) -> QJsonObject {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, Auth>) {
                return envelope(QStringLiteral("auth"), {{QStringLiteral("token"), m.token}});
            } else if constexpr (std::is_same_v<T, JoinRoom>) {
                return envelope(QStringLiteral("join-room"), {{QStringLiteral("roomId"), m.roomId}});
            } else if constexpr (std::is_same_v<T, LeaveRoom>) {
                return envelope(QStringLiteral("leave-room"), {{QStringLiteral("roomId"), m.roomId}});
            } else if constexpr (std::is_same_v<T, SendMessage>) {
                QJsonObject data{{QStringLiteral("roomId"), m.roomId}, {QStringLiteral("message"), m.message}};
                if (!m.clientMsgId.isEmpty()) {
                    data.insert(QStringLiteral("clientMsgId"), m.clientMsgId);
                }
                return envelope(QStringLiteral("send-message"), data);
            } else if constexpr (std::is_same_v<T, Typing>) {
                return envelope(QStringLiteral("typing"), {{QStringLiteral("roomId"), m.roomId}});
            } else if constexpr (std::is_same_v<T, MarkRead>) {
                return envelope(QStringLiteral("mark-read"),
                    {{QStringLiteral("roomId"), m.roomId}, {QStringLiteral("messageId"), m.messageId}});
            } else {
                return envelope(QStringLiteral("ping"), {});
            }
        },
        message);
}

Result<ServerMessage> decodeServer(const QByteArray &frame)
{
    auto object = parseJsonObject(frame);
    if (!object) {
        return object.error();
    }
    const QString type = object->value(QStringLiteral("type")).toString();
    const QJsonValue body = object->value(QStringLiteral("data"));
    JsonReader in(body, QStringLiteral("data"));
    if (type == QLatin1String("authenticated")) {
        Authenticated m{{in.string({"userId"}), in.string({"username"})}};
        return in.finish(ServerMessage(m));
    }
    if (type == QLatin1String("room-joined")) {
        RoomJoined m;
        m.roomId = in.string({"roomId"});
        m.users = readUsers(in);
        const auto history = in.array({"history"});
        if (!in.ok()) {
            return in.error();
        }
        for (const auto &entry : history) {
            auto decoded = messageFromJson(entry);
            if (!decoded) {
                return decoded.error();
            }
            m.history.append(std::move(decoded).value());
        }
        return ServerMessage(m);
    }
    if (type == QLatin1String("room-left")) {
        RoomLeft m{in.string({"roomId"}), in.string({"reason"})};
        return in.finish(ServerMessage(m));
    }
    if (type == QLatin1String("message-received")) {
        auto message = messageFromJson(body);
        if (!message) {
            return message.error();
        }
        MessageReceived m{std::move(message).value(), in.optionalString({"clientMsgId"}).value_or(QString())};
        return in.finish(ServerMessage(m));
    }
    if (type == QLatin1String("message-deleted")) {
        MessageDeleted m{in.string({"roomId"}), in.string({"id"})};
        return in.finish(ServerMessage(m));
    }
    if (type == QLatin1String("presence")) {
        PresenceUpdate m;
        m.roomId = in.string({"roomId"});
        m.users = readUsers(in);
        return in.finish(ServerMessage(m));
    }
    if (type == QLatin1String("typing")) {
        UserTyping m{in.string({"roomId"}), in.string({"userId"}), in.optionalString({"username"}).value_or(QString())};
        return in.finish(ServerMessage(m));
    }
    if (type == QLatin1String("pong")) {
        return ServerMessage(Pong{});
    }
    if (type == QLatin1String("rooms-changed")) {
        return ServerMessage(RoomsChanged{});
    }
    if (type == QLatin1String("error")) {
        ErrorMessage m;
        m.code = in.string({"code"});
        m.message = in.string({"message"});
        m.roomId = in.optionalString({"roomId"}).value_or(QString());
        m.clientMsgId = in.optionalString({"clientMsgId"}).value_or(QString());
        return in.finish(ServerMessage(m));
    }
    return Error::field(QStringLiteral("type"), QStringLiteral("is not a message type of this protocol"));
}

} // namespace Metaverse::ChatProtocol
