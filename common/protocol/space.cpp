// SPDX-License-Identifier: GPL-3.0-or-later
#include "space.h"

#include "json.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace Metaverse::SpaceProtocol
{

namespace
{
// Coordinates outside this range are malformed; inside it but off the grid they are illegal
// moves, answered with the true position.
constexpr int CoordinateLimit = 1000000;

QJsonObject point(Point p)
{
    return {{QStringLiteral("x"), p.x}, {QStringLiteral("y"), p.y}};
}

Point readPoint(JsonReader &in)
{
    return {in.integer({"x"}, -CoordinateLimit, CoordinateLimit), in.integer({"y"}, -CoordinateLimit, CoordinateLimit)};
}

// Reads a nested {x, y} object under `key`.
Point readNestedPoint(JsonReader &in, const char *key)
{
    const auto value = in.value({key});
    if (!value.isObject()) {
        in.fail(QString::fromLatin1(key),
            value.isUndefined() ? QStringLiteral("is required") : QStringLiteral("must be an object"));
        return {};
    }
    JsonReader nested(value, QString::fromLatin1(key));
    const auto p = readPoint(nested);
    if (!nested.ok()) {
        for (const auto &f : nested.error().fields) {
            in.fail(f.field, f.message);
        }
    }
    return p;
}

QJsonObject envelope(const QString &type, const QJsonValue &body, Dialect dialect)
{
    return {{QStringLiteral("type"), type},
        {dialect == Dialect::Seed ? QStringLiteral("data") : QStringLiteral("payload"), body}};
}

QJsonValue nullable(const QString &value)
{
    return value.isEmpty() ? QJsonValue() : QJsonValue(value);
}

QJsonObject seedPresence(const Presence &p)
{
    return {{QStringLiteral("userId"), p.userId}, {QStringLiteral("username"), p.username},
        {QStringLiteral("avatar"), nullable(p.avatarUrl)}, {QStringLiteral("position"), point(p.position)},
        {QStringLiteral("status"), statusName(p.status)}};
}

// `status`: one of the exact names; when absent, `fallback` (or an error without one).
UserStatus readStatus(JsonReader &in, std::optional<UserStatus> fallback)
{
    const auto value = in.value({"status"});
    if (value.isUndefined() || value.isNull()) {
        if (!fallback) {
            in.fail(QStringLiteral("status"), QStringLiteral("is required"));
        }
        return fallback.value_or(UserStatus::Available);
    }
    const auto name = in.optionalString({"status"});
    if (!name) {
        return UserStatus::Available; // not a string: failed already
    }
    const auto status = parseStatus(*name);
    if (!status) {
        in.fail(QStringLiteral("status"), QStringLiteral("must be \"available\", \"busy\" or \"away\""));
        return UserStatus::Available;
    }
    return *status;
}

QJsonObject lineagePresence(const Presence &p)
{
    return {
        {QStringLiteral("userId"), p.userId}, {QStringLiteral("x"), p.position.x}, {QStringLiteral("y"), p.position.y}};
}

// The entries of a `user-positions`: [[userId, x, y], ...].
Result<QList<UserMoved>> decodePositions(const QJsonValue &data)
{
    if (!data.isArray()) {
        return Error::field(QStringLiteral("data"), QStringLiteral("must be an array"));
    }
    QList<UserMoved> positions;
    const auto coordinate = [](const QJsonValue &v, int &out) {
        const double d = v.toDouble(-1e300);
        if (!v.isDouble() || d != std::floor(d) || d < -CoordinateLimit || d > CoordinateLimit) {
            return false;
        }
        out = int(d);
        return true;
    };
    for (const auto &value : data.toArray()) {
        const QJsonArray entry = value.toArray();
        UserMoved moved;
        moved.periodic = true;
        if (!value.isArray() || entry.size() != 3 || !entry.at(0).isString() ||
            !coordinate(entry.at(1), moved.position.x) || !coordinate(entry.at(2), moved.position.y)) {
            return Error::field(QStringLiteral("data"), QStringLiteral("entries must be [userId, x, y]"));
        }
        moved.userId = entry.at(0).toString();
        positions.append(moved);
    }
    return positions;
}

Presence readSeedPresence(JsonReader &in)
{
    Presence p;
    p.userId = in.string({"userId"});
    p.username = in.optionalString({"username"}).value_or(QString());
    p.avatarUrl = in.optionalString({"avatar"}).value_or(QString());
    p.position = readNestedPoint(in, "position");
    // Absent from servers before statuses existed (another instance during an upgrade).
    p.status = readStatus(in, UserStatus::Available);
    return p;
}

template<typename T>
Result<DecodedClientMessage> finish(const JsonReader &in, Dialect dialect, T message)
{
    if (!in.ok()) {
        return in.error();
    }
    return DecodedClientMessage{dialect, ClientMessage(std::move(message))};
}
} // namespace

QString statusName(UserStatus status)
{
    switch (status) {
    case UserStatus::Busy:
        return QStringLiteral("busy");
    case UserStatus::Away:
        return QStringLiteral("away");
    case UserStatus::Available:
        break;
    }
    return QStringLiteral("available");
}

std::optional<UserStatus> parseStatus(const QString &name)
{
    if (name == QLatin1String("available")) {
        return UserStatus::Available;
    }
    if (name == QLatin1String("busy")) {
        return UserStatus::Busy;
    }
    if (name == QLatin1String("away")) {
        return UserStatus::Away;
    }
    return std::nullopt;
}

QByteArray toFrame(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

Result<DecodedClientMessage> decodeClient(const QByteArray &frame, std::optional<Dialect> dialect)
{
    if (frame.size() > MaxFrameBytes) {
        return Error::invalid(QStringLiteral("Frames are limited to %1 bytes").arg(MaxFrameBytes));
    }
    auto object = parseJsonObject(frame);
    if (!object) {
        return object.error();
    }
    const auto typeValue = object->value(QStringLiteral("type"));
    if (!typeValue.isString()) {
        return Error::field(QStringLiteral("type"), QStringLiteral("must be a string"));
    }
    const QString type = typeValue.toString();
    Dialect d = Dialect::Seed;
    if (dialect) {
        d = *dialect;
    } else if (object->contains(QStringLiteral("payload")) || type == QLatin1String("join")) {
        d = Dialect::Lineage;
    }
    const QString bodyKey = d == Dialect::Seed ? QStringLiteral("data") : QStringLiteral("payload");
    QJsonValue body = object->value(bodyKey);
    if (body.isUndefined() || body.isNull()) {
        body = QJsonObject();
    }
    JsonReader in(body, bodyKey);

    if (d == Dialect::Seed) {
        if (type == QLatin1String("user-join")) {
            Join join;
            join.spaceId = in.string({"spaceId"});
            join.token = in.string({"token"});
            join.batch = in.optionalBoolean({"batch"}).value_or(false);
            join.status = readStatus(in, UserStatus::Available);
            join.interest = in.optionalBoolean({"interest"}).value_or(false);
            if (in.ok() && join.interest && !join.batch) {
                return Error::field(QStringLiteral("data.interest"), QStringLiteral("needs data.batch: true"));
            }
            return finish(in, d, join);
        }
        if (type == QLatin1String("user-move")) {
            Move move;
            move.to = readNestedPoint(in, "position");
            return finish(in, d, move);
        }
        if (type == QLatin1String("user-leave")) {
            return finish(in, d, Leave{});
        }
        if (type == QLatin1String("element-place")) {
            PlaceElement place;
            place.elementId = in.string({"elementId"});
            place.position = readNestedPoint(in, "position");
            return finish(in, d, place);
        }
        if (type == QLatin1String("element-move")) {
            MoveElement move;
            move.id = in.string({"id"});
            move.position = readNestedPoint(in, "position");
            return finish(in, d, move);
        }
        if (type == QLatin1String("element-remove")) {
            RemoveElement remove;
            remove.id = in.string({"id"});
            return finish(in, d, remove);
        }
        if (type == QLatin1String("ping")) {
            return finish(in, d, Ping{});
        }
        if (type == QLatin1String("user-status")) {
            return finish(in, d, SetStatus{readStatus(in, std::nullopt)});
        }
    } else {
        if (type == QLatin1String("join")) {
            Join join;
            join.spaceId = in.string({"spaceId"});
            join.token = in.string({"token"});
            return finish(in, d, join);
        }
        if (type == QLatin1String("move")) {
            Move move;
            move.to = readPoint(in);
            return finish(in, d, move);
        }
        if (type == QLatin1String("leave")) {
            return finish(in, d, Leave{});
        }
    }
    return Error::field(QStringLiteral("type"), QStringLiteral("unknown message type \"%1\"").arg(type.left(64)));
}

std::optional<QJsonObject> encodeServer(const ServerMessage &message, Dialect dialect)
{
    const bool seed = dialect == Dialect::Seed;
    return std::visit(
        [&](const auto &m) -> std::optional<QJsonObject> {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, Joined>) {
                QJsonArray users;
                for (const auto &u : m.users) {
                    users.append(seed ? seedPresence(u) : lineagePresence(u));
                }
                if (seed) {
                    return envelope(QStringLiteral("space-joined"),
                        QJsonObject{{QStringLiteral("userId"), m.userId},
                            {QStringLiteral("position"), point(m.position)}, {QStringLiteral("users"), users}},
                        dialect);
                }
                return envelope(QStringLiteral("space-joined"),
                    QJsonObject{{QStringLiteral("userId"), m.userId}, {QStringLiteral("spawn"), point(m.position)},
                        {QStringLiteral("users"), users}},
                    dialect);
            } else if constexpr (std::is_same_v<T, UserJoined>) {
                return seed ? envelope(QStringLiteral("user-join"), seedPresence(m.user), dialect)
                            : envelope(QStringLiteral("user-joined"), lineagePresence(m.user), dialect);
            } else if constexpr (std::is_same_v<T, UserMoved>) {
                if (seed && m.periodic) {
                    return envelope(QStringLiteral("user-positions"),
                        QJsonArray{QJsonArray{m.userId, m.position.x, m.position.y}}, dialect);
                }
                if (seed) {
                    return envelope(QStringLiteral("user-move"),
                        QJsonObject{
                            {QStringLiteral("userId"), m.userId}, {QStringLiteral("position"), point(m.position)}},
                        dialect);
                }
                return envelope(QStringLiteral("movement"),
                    QJsonObject{{QStringLiteral("userId"), m.userId}, {QStringLiteral("x"), m.position.x},
                        {QStringLiteral("y"), m.position.y}},
                    dialect);
            } else if constexpr (std::is_same_v<T, MoveRejected>) {
                return seed ? envelope(QStringLiteral("move-rejected"),
                                  QJsonObject{{QStringLiteral("position"), point(m.position)}}, dialect)
                            : envelope(QStringLiteral("movement-rejected"), point(m.position), dialect);
            } else if constexpr (std::is_same_v<T, UserLeft>) {
                return envelope(seed ? QStringLiteral("user-leave") : QStringLiteral("user-left"),
                    QJsonObject{{QStringLiteral("userId"), m.userId}}, dialect);
            } else if constexpr (std::is_same_v<T, ElementPlaced>) {
                if (!seed) {
                    return std::nullopt;
                }
                return envelope(QStringLiteral("element-place"),
                    QJsonObject{{QStringLiteral("id"), m.placed.id}, {QStringLiteral("elementId"), m.placed.element.id},
                        {QStringLiteral("position"), point(m.placed.position)},
                        {QStringLiteral("element"), toJson(m.placed.element)}},
                    dialect);
            } else if constexpr (std::is_same_v<T, ElementMoved>) {
                if (!seed) {
                    return std::nullopt;
                }
                return envelope(QStringLiteral("element-move"),
                    QJsonObject{{QStringLiteral("id"), m.id}, {QStringLiteral("position"), point(m.position)}},
                    dialect);
            } else if constexpr (std::is_same_v<T, ElementRemoved>) {
                if (!seed) {
                    return std::nullopt;
                }
                return envelope(QStringLiteral("element-remove"), QJsonObject{{QStringLiteral("id"), m.id}}, dialect);
            } else if constexpr (std::is_same_v<T, Pong>) {
                if (!seed) {
                    return std::nullopt;
                }
                return envelope(QStringLiteral("pong"), QJsonObject{}, dialect);
            } else if constexpr (std::is_same_v<T, StatusChanged>) {
                if (!seed) {
                    return std::nullopt;
                }
                return envelope(QStringLiteral("user-status"),
                    QJsonObject{{QStringLiteral("userId"), m.userId}, {QStringLiteral("status"), statusName(m.status)}},
                    dialect);
            } else {
                static_assert(std::is_same_v<T, ErrorMessage>);
                if (!seed) {
                    return std::nullopt;
                }
                return envelope(QStringLiteral("error"),
                    QJsonObject{{QStringLiteral("code"), m.code}, {QStringLiteral("message"), m.message}}, dialect);
            }
        },
        message);
}

QJsonObject encodeBatch(const QList<QJsonObject> &messages)
{
    QJsonArray items;
    for (const auto &m : messages) {
        items.append(m);
    }
    return {{QStringLiteral("type"), QStringLiteral("batch")}, {QStringLiteral("data"), items}};
}

QJsonObject encodeClient(const ClientMessage &message, Dialect dialect)
{
    const bool seed = dialect == Dialect::Seed;
    return std::visit(
        [&](const auto &m) -> QJsonObject {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, Join>) {
                QJsonObject body{{QStringLiteral("spaceId"), m.spaceId}, {QStringLiteral("token"), m.token}};
                if (seed && m.batch) {
                    body.insert(QStringLiteral("batch"), true);
                }
                if (seed && m.status != UserStatus::Available) {
                    body.insert(QStringLiteral("status"), statusName(m.status));
                }
                if (seed && m.interest) {
                    body.insert(QStringLiteral("interest"), true);
                }
                return envelope(seed ? QStringLiteral("user-join") : QStringLiteral("join"), body, dialect);
            } else if constexpr (std::is_same_v<T, Move>) {
                return seed ? envelope(QStringLiteral("user-move"),
                                  QJsonObject{{QStringLiteral("position"), point(m.to)}}, dialect)
                            : envelope(QStringLiteral("move"), point(m.to), dialect);
            } else if constexpr (std::is_same_v<T, Leave>) {
                return envelope(seed ? QStringLiteral("user-leave") : QStringLiteral("leave"), QJsonObject{}, dialect);
            } else if constexpr (std::is_same_v<T, PlaceElement>) {
                return envelope(QStringLiteral("element-place"),
                    QJsonObject{
                        {QStringLiteral("elementId"), m.elementId}, {QStringLiteral("position"), point(m.position)}},
                    dialect);
            } else if constexpr (std::is_same_v<T, MoveElement>) {
                return envelope(QStringLiteral("element-move"),
                    QJsonObject{{QStringLiteral("id"), m.id}, {QStringLiteral("position"), point(m.position)}},
                    dialect);
            } else if constexpr (std::is_same_v<T, RemoveElement>) {
                return envelope(QStringLiteral("element-remove"), QJsonObject{{QStringLiteral("id"), m.id}}, dialect);
            } else if constexpr (std::is_same_v<T, SetStatus>) {
                return envelope(QStringLiteral("user-status"),
                    QJsonObject{{QStringLiteral("status"), statusName(m.status)}}, dialect);
            } else {
                static_assert(std::is_same_v<T, Ping>);
                return envelope(QStringLiteral("ping"), QJsonObject{}, dialect);
            }
        },
        message);
}

Result<ServerMessage> decodeServer(const QJsonObject &frame, Dialect dialect)
{
    const QString type = frame.value(QStringLiteral("type")).toString();
    const bool seed = dialect == Dialect::Seed;
    JsonReader in(frame.value(seed ? QStringLiteral("data") : QStringLiteral("payload")),
        seed ? QStringLiteral("data") : QStringLiteral("payload"));
    const auto done = [&](auto message) -> Result<ServerMessage> {
        if (!in.ok()) {
            return in.error();
        }
        return ServerMessage(std::move(message));
    };
    if (type == QLatin1String("space-joined")) {
        Joined joined;
        joined.userId = in.optionalString({"userId"}).value_or(QString());
        joined.position = readNestedPoint(in, seed ? "position" : "spawn");
        const auto users = in.array({"users"});
        for (qsizetype i = 0; i < users.size(); ++i) {
            JsonReader item(users.at(i), QStringLiteral("users[%1]").arg(i));
            Presence p;
            if (seed) {
                p = readSeedPresence(item);
            } else {
                p.userId = item.string({"userId"});
                p.position = readPoint(item);
            }
            if (!item.ok()) {
                in.merge(item.error());
            }
            joined.users.append(p);
        }
        return done(joined);
    }
    if ((seed && type == QLatin1String("user-join")) || (!seed && type == QLatin1String("user-joined"))) {
        UserJoined joined;
        if (seed) {
            joined.user = readSeedPresence(in);
        } else {
            joined.user.userId = in.string({"userId"});
            joined.user.position = readPoint(in);
        }
        return done(joined);
    }
    if (seed && type == QLatin1String("user-positions")) {
        auto positions = decodePositions(frame.value(QStringLiteral("data")));
        if (!positions) {
            return positions.error();
        }
        if (positions->size() != 1) {
            return Error::field(QStringLiteral("data"), QStringLiteral("holds %1 positions").arg(positions->size()));
        }
        return ServerMessage(positions->constFirst());
    }
    if ((seed && type == QLatin1String("user-move")) || (!seed && type == QLatin1String("movement"))) {
        UserMoved moved;
        moved.userId = in.string({"userId"});
        moved.position = seed ? readNestedPoint(in, "position") : readPoint(in);
        return done(moved);
    }
    if ((seed && type == QLatin1String("move-rejected")) || (!seed && type == QLatin1String("movement-rejected"))) {
        return done(MoveRejected{seed ? readNestedPoint(in, "position") : readPoint(in)});
    }
    if ((seed && type == QLatin1String("user-leave")) || (!seed && type == QLatin1String("user-left"))) {
        return done(UserLeft{in.string({"userId"})});
    }
    if (seed && type == QLatin1String("element-place")) {
        ElementPlaced placed;
        placed.placed.id = in.string({"id"});
        placed.placed.position = readNestedPoint(in, "position");
        auto element = fromJson<Element>(in.value({"element"}));
        if (element) {
            placed.placed.element = std::move(element).value();
        } else {
            in.merge(element.error(), QStringLiteral("element"));
        }
        return done(placed);
    }
    if (seed && type == QLatin1String("element-move")) {
        ElementMoved moved;
        moved.id = in.string({"id"});
        moved.position = readNestedPoint(in, "position");
        return done(moved);
    }
    if (seed && type == QLatin1String("element-remove")) {
        return done(ElementRemoved{in.string({"id"})});
    }
    if (seed && type == QLatin1String("pong")) {
        return done(Pong{});
    }
    if (seed && type == QLatin1String("user-status")) {
        StatusChanged changed;
        changed.userId = in.string({"userId"});
        changed.status = readStatus(in, std::nullopt);
        return done(changed);
    }
    if (seed && type == QLatin1String("error")) {
        ErrorMessage error;
        error.code = in.string({"code"});
        error.message = in.optionalString({"message"}).value_or(QString());
        return done(error);
    }
    return Error::field(QStringLiteral("type"), QStringLiteral("unknown message type \"%1\"").arg(type.left(64)));
}

QByteArray encodePositionEntry(const QString &userId, Point position)
{
    // [userId, x, y]: QJsonDocument escapes the id as it would anywhere else.
    return QJsonDocument(QJsonArray{userId, position.x, position.y}).toJson(QJsonDocument::Compact);
}

Result<QList<ServerMessage>> decodeServerFrame(const QByteArray &frame, Dialect dialect)
{
    auto object = parseJsonObject(frame);
    if (!object) {
        return object.error();
    }
    QList<ServerMessage> messages;
    if (dialect == Dialect::Seed && object->value(QStringLiteral("type")).toString() == QLatin1String("batch")) {
        for (const auto &item : object->value(QStringLiteral("data")).toArray()) {
            const QJsonObject entry = item.toObject();
            if (entry.value(QStringLiteral("type")).toString() == QLatin1String("user-positions")) {
                auto positions = decodePositions(entry.value(QStringLiteral("data")));
                if (!positions) {
                    return positions.error();
                }
                for (const UserMoved &moved : std::as_const(*positions)) {
                    messages.append(moved);
                }
                continue;
            }
            auto message = decodeServer(entry, dialect);
            if (!message) {
                return message.error();
            }
            messages.append(std::move(message).value());
        }
        return messages;
    }
    auto message = decodeServer(*object, dialect);
    if (!message) {
        return message.error();
    }
    messages.append(std::move(message).value());
    return messages;
}

} // namespace Metaverse::SpaceProtocol
