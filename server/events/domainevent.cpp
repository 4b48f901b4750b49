// SPDX-License-Identifier: GPL-3.0-or-later
#include "domainevent.h"

#include "store/database.h"

#include <QJsonDocument>

#include <array>

namespace Metaverse
{

namespace
{
struct TypeInfo {
    EventType type;
    const char *name;
    int version;
    const char *topic;
};

constexpr std::array<TypeInfo, 23> Types{{
    {EventType::UserCreated, "user.created", 1, "metaverse.user"},
    {EventType::UserRoleChanged, "user.role_changed", 1, "metaverse.user"},
    {EventType::SpaceCreated, "space.created", 1, "metaverse.space"},
    {EventType::SpaceRenamed, "space.renamed", 1, "metaverse.space"},
    {EventType::SpaceDeleted, "space.deleted", 1, "metaverse.space"},
    {EventType::SpaceMemberAdded, "space.member_added", 1, "metaverse.space"},
    {EventType::SpaceMemberRemoved, "space.member_removed", 1, "metaverse.space"},
    {EventType::ElementPlaced, "element.placed", 1, "metaverse.space"},
    {EventType::ElementMoved, "element.moved", 1, "metaverse.space"},
    {EventType::ElementRemoved, "element.removed", 1, "metaverse.space"},
    {EventType::PresenceJoined, "presence.joined", 1, "metaverse.presence"},
    {EventType::PresenceLeft, "presence.left", 1, "metaverse.presence"},
    {EventType::PresenceStatus, "presence.status", 1, "metaverse.presence"},
    {EventType::ChatRoomCreated, "chat.room_created", 1, "metaverse.chat"},
    {EventType::ChatRoomDeleted, "chat.room_deleted", 1, "metaverse.chat"},
    {EventType::ChatMessageStored, "chat.message_stored", 1, "metaverse.chat"},
    {EventType::InviteCreated, "invite.created", 1, "metaverse.space"},
    {EventType::InviteRevoked, "invite.revoked", 1, "metaverse.space"},
    {EventType::ModerationKicked, "moderation.kicked", 1, "metaverse.space"},
    {EventType::ModerationBanned, "moderation.banned", 1, "metaverse.space"},
    {EventType::ModerationUnbanned, "moderation.unbanned", 1, "metaverse.space"},
    {EventType::ModerationMuted, "moderation.muted", 1, "metaverse.space"},
    {EventType::ModerationUnmuted, "moderation.unmuted", 1, "metaverse.space"},
}};

const TypeInfo &info(EventType type)
{
    const auto index = std::size_t(type);
    Q_ASSERT(index < Types.size() && Types[index].type == type);
    return Types[index];
}

const QString IdKey = QStringLiteral("id");
const QString TypeKey = QStringLiteral("type");
const QString VersionKey = QStringLiteral("version");
const QString TimeKey = QStringLiteral("time");
const QString ActorKey = QStringLiteral("actor");
const QString KeyKey = QStringLiteral("key");
const QString DataKey = QStringLiteral("data");
} // namespace

namespace Events
{
QString typeName(EventType type)
{
    return QString::fromLatin1(info(type).name);
}

Result<EventType> typeFromName(const QString &name)
{
    for (const auto &entry : Types) {
        if (name == QLatin1String(entry.name)) {
            return entry.type;
        }
    }
    return Error::field(TypeKey, QStringLiteral("names no event type"));
}

int version(EventType type)
{
    return info(type).version;
}

QByteArray topic(EventType type)
{
    return QByteArray(info(type).topic);
}

bool isDurable(EventType type)
{
    return type != EventType::PresenceJoined && type != EventType::PresenceLeft && type != EventType::PresenceStatus;
}

QList<EventType> allTypes()
{
    QList<EventType> all;
    for (const auto &entry : Types) {
        all.append(entry.type);
    }
    return all;
}
} // namespace Events

DomainEvent DomainEvent::make(EventType type, const QString &actor, const QString &key, QJsonObject data)
{
    const auto now = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    return DomainEvent{newId(), type, now, actor, key, std::move(data)};
}

namespace Events
{
namespace
{
QJsonValue optionalText(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonObject element(const QString &spaceId, const SpaceElement &placed)
{
    return {{QStringLiteral("spaceId"), spaceId}, {QStringLiteral("placedId"), placed.id},
        {QStringLiteral("elementId"), placed.element.id}, {QStringLiteral("x"), placed.position.x},
        {QStringLiteral("y"), placed.position.y}};
}
} // namespace

DomainEvent userCreated(const QString &actor, const User &user)
{
    return DomainEvent::make(EventType::UserCreated, actor, user.id,
        {{QStringLiteral("userId"), user.id}, {QStringLiteral("username"), user.username},
            {QStringLiteral("role"), roleName(user.role)}});
}

DomainEvent userRoleChanged(const QString &actor, const User &user, Role previous)
{
    return DomainEvent::make(EventType::UserRoleChanged, actor, user.id,
        {{QStringLiteral("userId"), user.id}, {QStringLiteral("role"), roleName(user.role)},
            {QStringLiteral("previousRole"), roleName(previous)}});
}

DomainEvent spaceCreated(
    const QString &actor, const QString &spaceId, const QString &name, Size size, const QString &templateId)
{
    return DomainEvent::make(EventType::SpaceCreated, actor, spaceId,
        {{QStringLiteral("spaceId"), spaceId}, {QStringLiteral("name"), name}, {QStringLiteral("width"), size.width},
            {QStringLiteral("height"), size.height}, {QStringLiteral("templateId"), optionalText(templateId)}});
}

DomainEvent spaceRenamed(const QString &actor, const QString &spaceId, const QString &name)
{
    return DomainEvent::make(EventType::SpaceRenamed, actor, spaceId,
        {{QStringLiteral("spaceId"), spaceId}, {QStringLiteral("name"), name}});
}

DomainEvent spaceDeleted(const QString &actor, const QString &spaceId)
{
    return DomainEvent::make(EventType::SpaceDeleted, actor, spaceId, {{QStringLiteral("spaceId"), spaceId}});
}

DomainEvent memberAdded(
    const QString &actor, const QString &spaceId, const QString &userId, bool canEdit, const QString &inviteId)
{
    return DomainEvent::make(EventType::SpaceMemberAdded, actor, spaceId,
        {{QStringLiteral("spaceId"), spaceId}, {QStringLiteral("userId"), userId}, {QStringLiteral("canEdit"), canEdit},
            {QStringLiteral("inviteId"), optionalText(inviteId)}});
}

DomainEvent memberRemoved(const QString &actor, const QString &spaceId, const QString &userId)
{
    return DomainEvent::make(EventType::SpaceMemberRemoved, actor, spaceId,
        {{QStringLiteral("spaceId"), spaceId}, {QStringLiteral("userId"), userId}});
}

DomainEvent elementPlaced(const QString &actor, const QString &spaceId, const SpaceElement &placed)
{
    return DomainEvent::make(EventType::ElementPlaced, actor, spaceId, element(spaceId, placed));
}

DomainEvent elementMoved(const QString &actor, const QString &spaceId, const SpaceElement &placed, Point from)
{
    auto data = element(spaceId, placed);
    data.insert(QStringLiteral("fromX"), from.x);
    data.insert(QStringLiteral("fromY"), from.y);
    return DomainEvent::make(EventType::ElementMoved, actor, spaceId, data);
}

DomainEvent elementRemoved(const QString &actor, const QString &spaceId, const SpaceElement &placed)
{
    return DomainEvent::make(EventType::ElementRemoved, actor, spaceId, element(spaceId, placed));
}

DomainEvent presence(EventType type, const QString &userId, const QString &spaceId, const QString &status)
{
    QJsonObject data{{QStringLiteral("spaceId"), spaceId}, {QStringLiteral("userId"), userId}};
    if (type == EventType::PresenceStatus) {
        data.insert(QStringLiteral("status"), status);
    }
    return DomainEvent::make(type, userId, spaceId, data);
}

DomainEvent chatRoomCreated(const QString &actor, const QString &roomId, const QString &spaceId, const QString &name)
{
    return DomainEvent::make(EventType::ChatRoomCreated, actor, roomId,
        {{QStringLiteral("roomId"), roomId}, {QStringLiteral("spaceId"), optionalText(spaceId)},
            {QStringLiteral("name"), name}});
}

DomainEvent chatRoomDeleted(const QString &actor, const QString &roomId, const QString &spaceId)
{
    return DomainEvent::make(EventType::ChatRoomDeleted, actor, roomId,
        {{QStringLiteral("roomId"), roomId}, {QStringLiteral("spaceId"), optionalText(spaceId)}});
}

DomainEvent chatMessageStored(const Message &message)
{
    return DomainEvent::make(EventType::ChatMessageStored, message.senderId, message.roomId,
        {{QStringLiteral("roomId"), message.roomId}, {QStringLiteral("messageId"), message.id},
            {QStringLiteral("senderId"), message.senderId}, {QStringLiteral("content"), message.content}});
}

DomainEvent invite(
    EventType type, const QString &actor, const QString &spaceId, const QString &inviteId, QJsonObject detail)
{
    detail.insert(QStringLiteral("spaceId"), spaceId);
    detail.insert(QStringLiteral("inviteId"), inviteId);
    return DomainEvent::make(type, actor, spaceId, detail);
}

DomainEvent moderation(
    EventType type, const QString &actor, const QString &spaceId, const QString &userId, QJsonObject detail)
{
    detail.insert(QStringLiteral("spaceId"), spaceId);
    detail.insert(QStringLiteral("userId"), userId);
    return DomainEvent::make(type, actor, spaceId, detail);
}
} // namespace Events

QJsonObject toJson(const DomainEvent &event)
{
    return QJsonObject{{IdKey, event.id}, {TypeKey, Events::typeName(event.type)},
        {VersionKey, Events::version(event.type)}, {TimeKey, event.time.toString(Qt::ISODateWithMs)},
        {ActorKey, event.actor.isEmpty() ? QJsonValue() : QJsonValue(event.actor)}, {KeyKey, event.key},
        {DataKey, event.data}};
}

QByteArray toWire(const DomainEvent &event)
{
    return QJsonDocument(toJson(event)).toJson(QJsonDocument::Compact);
}

Result<DomainEvent> domainEventFromJson(const QJsonObject &json)
{
    DomainEvent event;
    const auto text = [&](const QString &key, QString &target) -> Status {
        const auto value = json.value(key);
        if (!value.isString() || value.toString().isEmpty()) {
            return Error::field(key, QStringLiteral("must be a non-empty string"));
        }
        target = value.toString();
        return {};
    };
    if (auto status = text(IdKey, event.id); !status) {
        return std::move(status).error();
    }
    QString typeName;
    if (auto status = text(TypeKey, typeName); !status) {
        return std::move(status).error();
    }
    auto type = Events::typeFromName(typeName);
    if (!type) {
        return type.error();
    }
    event.type = *type;
    if (json.value(VersionKey).toInt(-1) != Events::version(event.type)) {
        return Error::field(VersionKey, QStringLiteral("is not the version of this event type"));
    }
    QString time;
    if (auto status = text(TimeKey, time); !status) {
        return std::move(status).error();
    }
    event.time = QDateTime::fromString(time, Qt::ISODateWithMs);
    if (!event.time.isValid()) {
        return Error::field(TimeKey, QStringLiteral("must be an ISO 8601 time"));
    }
    event.time = event.time.toUTC();
    const auto actor = json.value(ActorKey);
    if (!actor.isNull() && !actor.isString()) {
        return Error::field(ActorKey, QStringLiteral("must be a user id or null"));
    }
    event.actor = actor.toString();
    if (auto status = text(KeyKey, event.key); !status) {
        return std::move(status).error();
    }
    if (!json.value(DataKey).isObject()) {
        return Error::field(DataKey, QStringLiteral("must be an object"));
    }
    event.data = json.value(DataKey).toObject();
    return event;
}

} // namespace Metaverse
