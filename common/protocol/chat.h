// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The chat WebSocket protocol (docs/api/websocket.md, "Chat socket"): envelope {type, data} as in
// the seed. Messages are plain values here; the server decodes client frames and encodes its own,
// the desktop client and tests do the opposite, with the same code.

#include "model/chat.h"
#include "result.h"

#include <QJsonObject>

#include <variant>

namespace Metaverse::ChatProtocol
{

// The largest text frame the server reads (a 2,000-character message is at most 8 KiB of UTF-8).
inline constexpr qsizetype MaxFrameBytes = qsizetype(16) * 1024;
// How many recent messages `room-joined` carries.
inline constexpr int HistorySize = 50;
// How many rooms one socket may be in at once.
inline constexpr int MaxRoomsPerConnection = 100;

// Codes of the `error` message.
namespace ErrorCodes
{
inline const QString BadMessage = QStringLiteral("bad-message"); // malformed JSON, wrong types, unknown type
inline const QString TooLarge = QStringLiteral("too-large");
inline const QString NotAuthenticated = QStringLiteral("not-authenticated"); // anything but auth before auth
inline const QString Unauthorized = QStringLiteral("unauthorized"); // bad or expired token
inline const QString AlreadyAuthenticated = QStringLiteral("already-authenticated");
inline const QString NotFound = QStringLiteral("not-found"); // unknown room or message
inline const QString Forbidden = QStringLiteral("forbidden"); // a room the user may not enter
inline const QString Muted = QStringLiteral("muted"); // muted in the room's space until the time the message says
inline const QString NotJoined = QStringLiteral("not-joined"); // a room this socket has not joined
inline const QString Invalid = QStringLiteral("invalid"); // failed validation (empty or oversize message...)
inline const QString TooManyRooms = QStringLiteral("too-many-rooms");
inline const QString RateLimited = QStringLiteral("rate-limited");
inline const QString Unavailable = QStringLiteral("unavailable"); // storage failed: nothing was stored
} // namespace ErrorCodes

// Someone present in a room.
struct ChatUser {
    QString userId;
    QString username;
    bool operator==(const ChatUser &) const = default;
};

// Client -> server.
struct Auth {
    QString token;
    bool operator==(const Auth &) const = default;
};
struct JoinRoom {
    QString roomId;
    bool operator==(const JoinRoom &) const = default;
};
struct LeaveRoom {
    QString roomId;
    bool operator==(const LeaveRoom &) const = default;
};
struct SendMessage {
    QString roomId;
    QString message; // trimmed
    QString clientMsgId; // empty when none
    bool operator==(const SendMessage &) const = default;
};
struct Typing {
    QString roomId;
    bool operator==(const Typing &) const = default;
};
struct MarkRead {
    QString roomId;
    QString messageId;
    bool operator==(const MarkRead &) const = default;
};
struct Ping {
    bool operator==(const Ping &) const = default;
};
using ClientMessage = std::variant<Auth, JoinRoom, LeaveRoom, SendMessage, Typing, MarkRead, Ping>;

// Server -> client.
struct Authenticated {
    ChatUser user;
    bool operator==(const Authenticated &) const = default;
};
struct RoomJoined {
    QString roomId;
    QList<ChatUser> users; // everyone present, the joiner included
    QList<Message> history; // the last HistorySize messages, oldest first
    bool operator==(const RoomJoined &) const = default;
};
// The server took the socket out of a room: it was deleted, or the user lost access to it.
struct RoomLeft {
    QString roomId;
    QString reason; // "deleted", "removed"
    bool operator==(const RoomLeft &) const = default;
};
struct MessageReceived {
    Message message; // roomId included
    QString clientMsgId; // only in the sender's own copies
    bool operator==(const MessageReceived &) const = default;
};
// A message was deleted (by its sender or a moderator): show it as removed.
struct MessageDeleted {
    QString roomId;
    QString messageId; // `id` on the wire
    bool operator==(const MessageDeleted &) const = default;
};
// The user's list of rooms changed (invited to a room, a direct room opened with them, a room
// added to or renamed in a space whose rooms they are in): list them again.
struct RoomsChanged {
    bool operator==(const RoomsChanged &) const = default;
};
struct PresenceUpdate {
    QString roomId;
    QList<ChatUser> users; // `online` on the wire is their count
    bool operator==(const PresenceUpdate &) const = default;
};
struct UserTyping {
    QString roomId;
    QString userId;
    QString username;
    bool operator==(const UserTyping &) const = default;
};
struct Pong {
    bool operator==(const Pong &) const = default;
};
struct ErrorMessage {
    QString code;
    QString message;
    QString roomId; // the room the failed request named, if any
    QString clientMsgId; // the failed send's, if any
    bool operator==(const ErrorMessage &) const = default;
};
using ServerMessage = std::variant<Authenticated, RoomJoined, RoomLeft, MessageReceived, MessageDeleted, RoomsChanged,
    PresenceUpdate, UserTyping, Pong, ErrorMessage>;

// Server side. Validates everything: ids, message length and characters (Validation::chatMessage).
// A decode failure of a known type still names its room and clientMsgId where they were readable,
// so the error can say which request failed.
struct DecodeFailure {
    Error error;
    QString roomId;
    QString clientMsgId;
};
std::variant<ClientMessage, DecodeFailure> decodeClient(const QByteArray &frame);
QJsonObject encodeServer(const ServerMessage &message);

// Client side (desktop client, tests, benchmark).
QJsonObject encodeClient(const ClientMessage &message);
Result<ServerMessage> decodeServer(const QByteArray &frame);

// One message as `message-received` and `room-joined.history` carry it:
// {roomId, id, userId, username, avatarId, message, timestamp, deleted}.
QJsonObject messageToJson(const Message &message);
Result<Message> messageFromJson(const QJsonValue &value);

QByteArray toFrame(const QJsonObject &object);

} // namespace Metaverse::ChatProtocol
