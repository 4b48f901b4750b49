// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatservice.h"

#include "events/eventbus.h"

#include "logging.h"
#include "model/spaceaccess.h"
#include "space/spaceservice.h"
#include "store/chatrepository.h"
#include "store/userrepository.h"

#include <limits>

namespace Metaverse
{

ChatService::ChatService(
    const Database &db, EventBus &events, SpaceService &spaces, int sendsPerMinute, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_events(events)
    , m_spaces(spaces)
    , m_sendLimiter(sendsPerMinute, std::min(sendsPerMinute, ChatSendBurst))
{
}

Result<Space> ChatService::enterableSpace(const User &caller, const QString &spaceId, const QString &field)
{
    auto space = m_spaces.readableSummary(caller, spaceId);
    if (!space) {
        if (space.error().code == ErrorCode::NotFound) {
            return Error::field(field, QStringLiteral("names no space"));
        }
        return space.error();
    }
    if (space->isTemplate) {
        return Error::field(field, QStringLiteral("names a template, which has no chat rooms"));
    }
    return space;
}

Result<Chatroom> ChatService::existingRoom(const QString &roomId)
{
    auto room = ChatRepository(m_db).find(roomId);
    if (!room) {
        return room.error();
    }
    if (!room->has_value()) {
        return Error::notFound(QStringLiteral("No chat room with id %1").arg(roomId));
    }
    return **room;
}

Result<Chatroom> ChatService::readableRoom(const User &caller, const QString &roomId)
{
    auto room = existingRoom(roomId);
    if (!room || caller.isAdmin()) {
        return room;
    }
    if (!room->spaceId.isEmpty()) {
        auto space = m_spaces.readableSummary(caller, room->spaceId);
        if (!space) {
            if (space.error().code == ErrorCode::Forbidden) {
                return Error::forbidden(QStringLiteral("You may not enter the space of this room"));
            }
            return space.error();
        }
        if (room->kind != ChatroomKind::Private) {
            return room;
        }
    }
    auto member = ChatRepository(m_db).isMember(roomId, caller.id);
    if (!member) {
        return member.error();
    }
    if (!*member) {
        return Error::forbidden(QStringLiteral("You are not a member of this room"));
    }
    return room;
}

Result<Chatroom> ChatService::manageableRoom(const User &caller, const QString &roomId)
{
    auto room = existingRoom(roomId);
    if (!room) {
        return room;
    }
    if (room->kind == ChatroomKind::Direct) {
        return Error::invalid(QStringLiteral("A direct conversation cannot be renamed, deleted or left"));
    }
    if (caller.isAdmin()) {
        return room;
    }
    const bool owner = !room->ownerId.isEmpty() && room->ownerId == caller.id;
    if (room->spaceId.isEmpty()) {
        if (owner) {
            return room;
        }
    } else {
        auto space =
            owner ? m_spaces.readableSummary(caller, room->spaceId) : m_spaces.editableSummary(caller, room->spaceId);
        if (space) {
            return room;
        }
        if (space.error().code != ErrorCode::Forbidden) {
            return space.error();
        }
    }
    return Error::forbidden(
        QStringLiteral("Only the room's owner, those who may edit its space or an Admin may do this"));
}

Result<QList<Chatroom>> ChatService::list(const User &caller, const QString &spaceId)
{
    Result<QList<Chatroom>> rooms;
    if (spaceId.isEmpty()) {
        rooms = ChatRepository(m_db).listForUser(caller.id);
    } else {
        auto space = enterableSpace(caller, spaceId, QStringLiteral("spaceId"));
        if (!space) {
            return space.error();
        }
        rooms = ChatRepository(m_db).listForSpace(spaceId, caller.id);
    }
    if (rooms && m_onlineCounter) {
        for (auto &room : *rooms) {
            room.online = m_onlineCounter(room.id);
        }
    }
    return rooms;
}

Result<QString> ChatService::create(const User &caller, const QString &name, const QString &spaceId, bool isPrivate)
{
    if (!spaceId.isEmpty()) {
        auto space = enterableSpace(caller, spaceId, QStringLiteral("spaceId"));
        if (!space) {
            return space.error();
        }
        if (auto editable = m_spaces.editableSummary(caller, spaceId); !editable) {
            if (editable.error().code == ErrorCode::Forbidden) {
                return Error::forbidden(QStringLiteral("Only those who may edit the space create its rooms"));
            }
            return editable.error();
        }
        auto rooms = ChatRepository(m_db).countRoomsOf(spaceId);
        if (!rooms) {
            return rooms.error();
        }
        if (auto quota = m_spaces.checkRoomQuota(*rooms); !quota) {
            return quota.error();
        }
    }
    const QString kind = spaceId.isEmpty() || isPrivate ? ChatroomKind::Private : ChatroomKind::Space;
    auto id = m_events.record([&] { return ChatRepository(m_db).create(name, spaceId, caller.id, kind); },
        [&](const QString &roomId) { return Events::chatRoomCreated(caller.id, roomId, spaceId, name); });
    if (id && kind == ChatroomKind::Space) {
        Q_EMIT spaceRoomsChanged(spaceId);
    }
    if (!id && id.error().code == ErrorCode::Conflict) {
        return Error::field(QStringLiteral("name"), QStringLiteral("is already the name of a room in this space"));
    }
    return id;
}

Status ChatService::rename(const User &caller, const QString &roomId, const QString &name)
{
    auto room = manageableRoom(caller, roomId);
    if (!room) {
        return room.error();
    }
    if (!room->spaceId.isEmpty() && room->name == generalRoomName()) {
        return Error::invalid(QStringLiteral("The general room of a space cannot be renamed"));
    }
    if (auto status = ChatRepository(m_db).rename(roomId, name); !status) {
        if (status.error().code == ErrorCode::Conflict) {
            return Error::field(QStringLiteral("name"), QStringLiteral("is already the name of a room in this space"));
        }
        return status;
    }
    if (!room->spaceId.isEmpty()) {
        Q_EMIT spaceRoomsChanged(room->spaceId);
    }
    return {};
}

Result<QString> ChatService::directRoom(const User &caller, const QString &userId)
{
    if (userId == caller.id) {
        return Error::field(QStringLiteral("userId"), QStringLiteral("names yourself"));
    }
    auto other = UserRepository(m_db).find(userId);
    if (!other) {
        return other.error();
    }
    if (!other->has_value()) {
        return Error::field(QStringLiteral("userId"), QStringLiteral("names no account"));
    }
    ChatRepository chat(m_db);
    if (!caller.isAdmin()) {
        auto shared = chat.shareASpace(caller.id, userId);
        if (!shared) {
            return shared.error();
        }
        if (!*shared) {
            return Error::forbidden(QStringLiteral("You can message only people who share a space with you"));
        }
    }
    auto room = chat.directRoom(caller.id, userId);
    if (room) {
        Q_EMIT roomsChangedFor({userId});
    }
    return room;
}

Status ChatService::remove(const User &caller, const QString &roomId)
{
    auto room = manageableRoom(caller, roomId);
    if (!room) {
        return room.error();
    }
    if (!room->spaceId.isEmpty() && room->name == generalRoomName()) {
        return Error::invalid(QStringLiteral("The general room of a space cannot be deleted"));
    }
    if (auto status = m_events.record([&] { return ChatRepository(m_db).remove(roomId); },
            [&] { return Events::chatRoomDeleted(caller.id, roomId, room->spaceId); });
        !status) {
        return status;
    }
    Q_EMIT roomDeleted(roomId);
    return {};
}

Result<std::pair<QString, QString>> ChatService::addMember(
    const User &caller, const QString &roomId, const QString &username)
{
    auto room = manageableRoom(caller, roomId);
    if (!room) {
        return room.error();
    }
    if (room->kind != ChatroomKind::Private) {
        return Error::invalid(QStringLiteral(
            "The open rooms of a space are open to the space's members; add the user to the space instead"));
    }
    auto user = UserRepository(m_db).findByUsername(username);
    if (!user) {
        return user.error();
    }
    if (!user->has_value()) {
        return Error::field(QStringLiteral("username"), QStringLiteral("names no account"));
    }
    if (!room->spaceId.isEmpty()) {
        auto space = m_spaces.readableSummary(**user, room->spaceId);
        if (!space) {
            if (space.error().code == ErrorCode::Forbidden) {
                return Error::field(QStringLiteral("username"), QStringLiteral("is not a member of this room's space"));
            }
            return space.error();
        }
    }
    if (auto status = ChatRepository(m_db).addMember(roomId, (*user)->id); !status) {
        return status.error();
    }
    Q_EMIT roomsChangedFor({(*user)->id});
    return std::pair<QString, QString>((*user)->id, (*user)->username);
}

Status ChatService::removeMember(const User &caller, const QString &roomId, const QString &userId)
{
    auto room = userId == caller.id ? readableRoom(caller, roomId) : manageableRoom(caller, roomId);
    if (!room) {
        return room.error();
    }
    if (room->kind == ChatroomKind::Direct) {
        return Error::invalid(QStringLiteral("A direct conversation cannot be left"));
    }
    if (room->kind != ChatroomKind::Private) {
        return Error::invalid(QStringLiteral("The open rooms of a space have no members of their own"));
    }
    if (userId == room->ownerId) {
        return Error::invalid(QStringLiteral("The owner of a room cannot be removed from it"));
    }
    if (auto status = ChatRepository(m_db).removeMember(roomId, userId); !status) {
        return status;
    }
    Q_EMIT memberRemoved(roomId, userId);
    return {};
}

Result<MessageHistory> ChatService::history(const User &caller, const QString &roomId, const QString &before, int limit)
{
    auto room = readableRoom(caller, roomId);
    if (!room) {
        return room.error();
    }
    ChatRepository chat(m_db);
    qint64 beforeSeq = std::numeric_limits<qint64>::max();
    if (!before.isEmpty()) {
        auto seq = chat.messageSeq(roomId, before);
        if (!seq) {
            return seq.error();
        }
        if (!seq->has_value()) {
            return Error::field(QStringLiteral("before"), QStringLiteral("names no message in this room"));
        }
        beforeSeq = **seq;
    }
    // One more than asked tells whether older messages exist.
    auto messages = chat.messagesBefore(roomId, beforeSeq, limit + 1);
    if (!messages) {
        return messages.error();
    }
    MessageHistory page;
    page.hasMore = messages->size() > limit;
    if (page.hasMore) {
        messages->removeFirst();
    }
    page.messages = std::move(messages).value();
    return page;
}

Result<SentMessage> ChatService::send(const User &caller, const QString &roomId, const OutgoingMessage &outgoing)
{
    auto room = readableRoom(caller, roomId);
    if (!room) {
        return room.error();
    }
    ChatRepository chat(m_db);
    auto findOriginal = [&]() -> Result<std::optional<SentMessage>> {
        auto existing = chat.findByClientMsgId(caller.id, outgoing.clientMsgId);
        if (!existing) {
            return existing.error();
        }
        if (!existing->has_value()) {
            return std::optional<SentMessage>();
        }
        if ((*existing)->message.roomId != roomId) {
            return Error::field(
                QStringLiteral("clientMsgId"), QStringLiteral("was already used for a message in another room"));
        }
        return std::optional<SentMessage>(SentMessage{(*existing)->message, outgoing.clientMsgId, true});
    };
    if (!outgoing.clientMsgId.isEmpty()) {
        auto original = findOriginal();
        if (!original) {
            return original.error();
        }
        if (original->has_value()) {
            return **original;
        }
    }
    if (!room->spaceId.isEmpty() && m_spaceSendCheck) {
        if (auto allowed = m_spaceSendCheck(caller, room->spaceId); !allowed) {
            return allowed.error();
        }
    }
    if (const auto retryAfter = m_sendLimiter.acquire(caller.id)) {
        return Error::rateLimited(
            QStringLiteral("You are sending messages too fast; retry in %1 s").arg(*retryAfter), *retryAfter);
    }

    Message message;
    message.id = newId();
    message.roomId = roomId;
    message.senderId = caller.id;
    message.senderName = caller.username;
    message.senderAvatarId = caller.avatarId;
    message.content = outgoing.content;
    message.timestamp = QDateTime::currentDateTimeUtc();
    if (auto status = m_events.record([&] { return chat.insertMessage(message, outgoing.clientMsgId); },
            [&] { return Events::chatMessageStored(message); });
        !status) {
        // Another instance may have stored the same retry first (the unique index said no).
        if (status.error().code == ErrorCode::Conflict && !outgoing.clientMsgId.isEmpty()) {
            auto original = findOriginal();
            if (original && original->has_value()) {
                return **original;
            }
        }
        return status.error();
    }
    qCDebug(lcChat) << "stored message" << message.id << "in room" << roomId;
    Q_EMIT messageStored(roomId, message, outgoing.clientMsgId);
    return SentMessage{message, outgoing.clientMsgId, false};
}

Result<QList<Message>> ChatService::recentMessages(const QString &roomId, int count)
{
    return ChatRepository(m_db).messagesBefore(roomId, std::numeric_limits<qint64>::max(), count);
}

Status ChatService::markRead(const User &caller, const QString &roomId, const QString &messageId)
{
    auto room = readableRoom(caller, roomId);
    if (!room) {
        return room.error();
    }
    ChatRepository chat(m_db);
    auto seq = chat.messageSeq(roomId, messageId);
    if (!seq) {
        return seq.error();
    }
    if (!seq->has_value()) {
        return Error::field(QStringLiteral("messageId"), QStringLiteral("names no message in this room"));
    }
    if (room->spaceId.isEmpty()) {
        // In a room outside a space the marker row is the membership: an Admin reading a room
        // they do not belong to keeps no marker rather than joining it.
        auto member = chat.isMember(roomId, caller.id);
        if (!member) {
            return member.error();
        }
        if (!*member) {
            return {};
        }
    }
    return chat.markRead(roomId, caller.id, messageId, **seq);
}

Status ChatService::deleteMessage(const User &caller, const QString &roomId, const QString &messageId)
{
    auto room = readableRoom(caller, roomId);
    if (!room) {
        return room.error();
    }
    ChatRepository chat(m_db);
    auto found = chat.findMessage(roomId, messageId);
    if (!found) {
        return found.error();
    }
    if (!found->has_value()) {
        return Error::notFound(QStringLiteral("No message with id %1 in this room").arg(messageId));
    }
    const Message &message = **found;
    if (message.deleted) {
        return {};
    }
    bool deleted = false;
    auto tombstone = [&]() -> Status {
        auto changed = chat.markDeleted(messageId);
        if (!changed) {
            return changed.error();
        }
        deleted = *changed;
        return {};
    };
    if (message.senderId == caller.id) {
        if (auto status = tombstone(); !status) {
            return status;
        }
    } else if (!room->spaceId.isEmpty()) {
        auto space = m_spaces.readableSummary(caller, room->spaceId);
        if (!space) {
            return space.error();
        }
        if (!SpaceAccess::canManage(caller, *space)) {
            return Error::forbidden(
                QStringLiteral("Only the sender, the space's owner or an Admin may delete this message"));
        }
        const AuditRecord record{room->spaceId, caller.id, QStringLiteral("message.delete"), message.senderId,
            {{QStringLiteral("roomId"), roomId}, {QStringLiteral("messageId"), messageId}}};
        if (auto status = m_auditor ? m_auditor(record, tombstone) : tombstone(); !status) {
            return status;
        }
    } else if (caller.isAdmin()) {
        // Rooms outside a space have no audit log; the server log keeps the trace.
        if (auto status = tombstone(); !status) {
            return status;
        }
        qCInfo(lcChat) << "Admin" << caller.id << "deleted message" << messageId << "in room" << roomId;
    } else {
        return Error::forbidden(QStringLiteral("Only the sender or an Admin may delete this message"));
    }
    if (deleted) {
        Q_EMIT messageDeleted(roomId, messageId);
    }
    return {};
}

} // namespace Metaverse
