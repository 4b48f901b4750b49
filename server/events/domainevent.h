// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "grid/grid.h"
#include "model/chat.h"
#include "model/space.h"
#include "model/user.h"
#include "result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace Metaverse
{

// Every kind of domain event (docs/events.md). Each has a wire name ("element.placed"), a
// schema version, the Kafka topic of its aggregate and whether it is durable (goes through the
// transactional outbox) or best-effort (presence).
enum class EventType {
    UserCreated,
    UserRoleChanged,
    SpaceCreated,
    SpaceRenamed,
    SpaceDeleted,
    SpaceMemberAdded,
    SpaceMemberRemoved,
    ElementPlaced,
    ElementMoved,
    ElementRemoved,
    PresenceJoined,
    PresenceLeft,
    PresenceStatus,
    ChatRoomCreated,
    ChatRoomDeleted,
    ChatMessageStored,
    InviteCreated,
    InviteRevoked,
    ModerationKicked,
    ModerationBanned,
    ModerationUnbanned,
    ModerationMuted,
    ModerationUnmuted,
};

namespace Events
{
// "element.placed" and back.
QString typeName(EventType type);
Result<EventType> typeFromName(const QString &name);
// The payload's schema version; a change that is not purely additive bumps it.
int version(EventType type);
// metaverse.user, metaverse.space, metaverse.presence or metaverse.chat.
QByteArray topic(EventType type);
// Presence events skip the outbox (best-effort); every other event is durable.
bool isDurable(EventType type);
// Every type, in declaration order.
QList<EventType> allTypes();
} // namespace Events

// One domain event: what happened (type, data), to which aggregate (key: the space, room or user
// id that orders it), when, and by whom (actor: a user id, empty when the server acted).
struct DomainEvent {
    QString id; // a UUID, the same on every delivery of this event
    EventType type = EventType::SpaceCreated;
    QDateTime time; // UTC, milliseconds
    QString actor;
    QString key;
    QJsonObject data;

    // A new event with a fresh id and the current time.
    static DomainEvent make(EventType type, const QString &actor, const QString &key, QJsonObject data);
    bool operator==(const DomainEvent &) const = default;
};

// The events of each change, shaped once here (docs/events.md lists their data). `actor` is the
// user who made the change.
namespace Events
{
DomainEvent userCreated(const QString &actor, const User &user);
DomainEvent userRoleChanged(const QString &actor, const User &user, Role previous);
DomainEvent spaceCreated(
    const QString &actor, const QString &spaceId, const QString &name, Size size, const QString &templateId);
DomainEvent spaceRenamed(const QString &actor, const QString &spaceId, const QString &name);
DomainEvent spaceDeleted(const QString &actor, const QString &spaceId);
DomainEvent memberAdded(
    const QString &actor, const QString &spaceId, const QString &userId, bool canEdit, const QString &inviteId = {});
DomainEvent memberRemoved(const QString &actor, const QString &spaceId, const QString &userId);
DomainEvent elementPlaced(const QString &actor, const QString &spaceId, const SpaceElement &placed);
DomainEvent elementMoved(const QString &actor, const QString &spaceId, const SpaceElement &placed, Point from);
DomainEvent elementRemoved(const QString &actor, const QString &spaceId, const SpaceElement &placed);
DomainEvent presence(EventType type, const QString &userId, const QString &spaceId, const QString &status = {});
DomainEvent chatRoomCreated(const QString &actor, const QString &roomId, const QString &spaceId, const QString &name);
DomainEvent chatRoomDeleted(const QString &actor, const QString &roomId, const QString &spaceId);
DomainEvent chatMessageStored(const Message &message);
// Invites (inviteId plus `detail`) and moderation (the target userId plus `detail`) in a space.
DomainEvent invite(
    EventType type, const QString &actor, const QString &spaceId, const QString &inviteId, QJsonObject detail = {});
DomainEvent moderation(
    EventType type, const QString &actor, const QString &spaceId, const QString &userId, QJsonObject detail = {});
} // namespace Events

// {id, type, version, time, actor, key, data} (docs/events.md).
QJsonObject toJson(const DomainEvent &event);
// The compact UTF-8 JSON the stream carries.
QByteArray toWire(const DomainEvent &event);
// Reads toJson()'s form; an unknown type, a bad time or a missing key is an error.
Result<DomainEvent> domainEventFromJson(const QJsonObject &json);

} // namespace Metaverse
