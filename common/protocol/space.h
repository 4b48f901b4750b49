// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The space WebSocket protocol (docs/api/websocket.md) in both dialects:
// - Seed: envelope {type, data}, e.g. {"type":"user-move","data":{"position":{"x":1,"y":2}}}.
// - Lineage ("2D metaverse"): envelope {type, payload}, e.g. {"type":"move","payload":{"x":1,"y":2}}.
// The dialect of a connection is fixed by its first message (user-join or join). Messages are
// dialect-neutral values here; decode/encode translate at the edge, so one engine serves both.

#include "grid/grid.h"
#include "model/space.h"
#include "result.h"

#include <QJsonObject>

#include <optional>
#include <variant>

namespace Metaverse::SpaceProtocol
{

enum class Dialect { Seed, Lineage };

// The largest text frame the server reads; larger ones are refused.
inline constexpr qsizetype MaxFrameBytes = qsizetype(16) * 1024;

// Error codes of the seed dialect's `error` message.
namespace ErrorCodes
{
inline const QString BadMessage = QStringLiteral("bad-message"); // malformed JSON, wrong types, unknown type
inline const QString TooLarge = QStringLiteral("too-large");
inline const QString NotJoined = QStringLiteral("not-joined");
inline const QString AlreadyJoined = QStringLiteral("already-joined");
inline const QString Unauthorized = QStringLiteral("unauthorized"); // bad or expired token
inline const QString Forbidden = QStringLiteral("forbidden"); // no right to enter or edit
inline const QString NotFound = QStringLiteral("not-found"); // unknown space, element or placed element
inline const QString Invalid = QStringLiteral("invalid"); // e.g. footprint outside, static element moved
inline const QString RateLimited = QStringLiteral("rate-limited");
inline const QString Unavailable = QStringLiteral("unavailable");
inline const QString SpaceFull = QStringLiteral("space-full"); // the space's maxUsers are in it
} // namespace ErrorCodes

// Whether someone wants to be disturbed, as they set it themselves (seed dialect only; lineage
// users are always available). On the wire: "available", "busy", "away".
enum class UserStatus { Available, Busy, Away };
QString statusName(UserStatus status);
// The status of a wire name; nothing for anything else (names are exact: lower case, no spaces).
std::optional<UserStatus> parseStatus(const QString &name);

// Someone in the space, as other clients see them.
struct Presence {
    QString userId;
    QString username;
    QString avatarUrl; // empty when none chosen
    Point position;
    UserStatus status = UserStatus::Available;
    bool operator==(const Presence &) const = default;
};

// Client -> server.
struct Join {
    QString spaceId;
    QString token;
    bool batch = false; // seed only: receive each server tick's events as one `batch` frame
    UserStatus status = UserStatus::Available; // seed only: the status to enter with
    // seed only, with batch: real-time movement only from users near you, the others' positions
    // in `user-positions` at least once every WS_INTEREST_FAR_MS (area of interest)
    bool interest = false;
    bool operator==(const Join &) const = default;
};
struct Move {
    Point to;
    bool operator==(const Move &) const = default;
};
struct Leave {
    bool operator==(const Leave &) const = default;
};
struct PlaceElement {
    QString elementId;
    Point position;
    bool operator==(const PlaceElement &) const = default;
};
struct MoveElement {
    QString id; // placed element
    Point position;
    bool operator==(const MoveElement &) const = default;
};
struct RemoveElement {
    QString id;
    bool operator==(const RemoveElement &) const = default;
};
struct Ping {
    bool operator==(const Ping &) const = default;
};
// Seed only: `user-status {status}`.
struct SetStatus {
    UserStatus status = UserStatus::Available;
    bool operator==(const SetStatus &) const = default;
};
using ClientMessage = std::variant<Join, Move, Leave, PlaceElement, MoveElement, RemoveElement, Ping, SetStatus>;

struct DecodedClientMessage {
    Dialect dialect;
    ClientMessage message;
};

// Server -> client.
struct Joined {
    QString userId;
    Point position;
    QList<Presence> users; // everyone else present
    bool operator==(const Joined &) const = default;
};
struct UserJoined {
    Presence user;
    bool operator==(const UserJoined &) const = default;
};
struct UserMoved {
    QString userId;
    Point position;
    // An entry of seed `user-positions`: where a user is now, sent periodically to clients with
    // an area of interest instead of each move. Lineage clients never get these.
    bool periodic = false;
    bool operator==(const UserMoved &) const = default;
};
struct MoveRejected {
    Point position; // the mover's true position
    bool operator==(const MoveRejected &) const = default;
};
struct UserLeft {
    QString userId;
    bool operator==(const UserLeft &) const = default;
};
struct ElementPlaced {
    SpaceElement placed;
    bool operator==(const ElementPlaced &) const = default;
};
struct ElementMoved {
    QString id;
    Point position;
    bool operator==(const ElementMoved &) const = default;
};
struct ElementRemoved {
    QString id;
    bool operator==(const ElementRemoved &) const = default;
};
struct Pong {
    bool operator==(const Pong &) const = default;
};
struct ErrorMessage {
    QString code;
    QString message;
    bool operator==(const ErrorMessage &) const = default;
};
// Seed only: `user-status {userId, status}`, someone else changed their status.
struct StatusChanged {
    QString userId;
    UserStatus status = UserStatus::Available;
    bool operator==(const StatusChanged &) const = default;
};
using ServerMessage = std::variant<Joined, UserJoined, UserMoved, MoveRejected, UserLeft, ElementPlaced, ElementMoved,
    ElementRemoved, Pong, ErrorMessage, StatusChanged>;

// Server side: reads a client frame. `dialect` is the connection's dialect once fixed; before
// that, the envelope decides (`data` = seed, `payload` = lineage). Errors carry a message
// suitable for the client.
Result<DecodedClientMessage> decodeClient(const QByteArray &frame, std::optional<Dialect> dialect);
// Server side: the frame for `message` in `dialect`, or nothing when that dialect has no such
// message (the lineage dialect knows no element events, errors, pongs or statuses).
std::optional<QJsonObject> encodeServer(const ServerMessage &message, Dialect dialect);
// Seed dialect: several encoded messages as one {type: "batch", data: [...]} frame.
QJsonObject encodeBatch(const QList<QJsonObject> &messages);

// Seed dialect, area of interest: the periodic positions of a tick as one batch entry
// {"type":"user-positions","data":[[userId, x, y], ...]}, built from pieces so that the server
// can leave a receiver's own entry out: PositionsHead, entries joined by commas, PositionsTail.
// Decoded (decodeServerFrame) into one UserMoved{periodic = true} per entry.
inline const QByteArray PositionsHead = QByteArrayLiteral(R"({"type":"user-positions","data":[)");
inline const QByteArray PositionsTail = QByteArrayLiteral("]}");
QByteArray encodePositionEntry(const QString &userId, Point position);

// Client side (the desktop client and tests).
QJsonObject encodeClient(const ClientMessage &message, Dialect dialect);
// A `user-positions` with more than one entry is only decoded by decodeServerFrame.
Result<ServerMessage> decodeServer(const QJsonObject &frame, Dialect dialect);
// Seed dialect: the messages of a frame that may be a batch.
Result<QList<ServerMessage>> decodeServerFrame(const QByteArray &frame, Dialect dialect);

QByteArray toFrame(const QJsonObject &object);

} // namespace Metaverse::SpaceProtocol
