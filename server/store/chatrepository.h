// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"
#include "model/chat.h"

#include <optional>

namespace Metaverse
{

// A stored message with the room it belongs to and its position in the room's order.
struct StoredMessage {
    Message message;
    qint64 seq = 0;
};

// Chat rooms, their members and read markers, and messages. Messages are ordered by `seq`
// (assigned by the database), never by timestamp. `chatroom_members` holds the members of rooms
// outside a space and, for every room, the caller's read marker (`last_read_message_id`); rooms
// of a space take their audience from the space, so a marker row there is not a membership.
class ChatRepository
{
public:
    explicit ChatRepository(const Database &db)
        : m_db(db)
    {
    }

    // The room (unread stays 0), or nullopt.
    Result<std::optional<Chatroom>> find(const QString &roomId);
    // The rooms of a space, with `unread` for `userId`.
    Result<QList<Chatroom>> listForSpace(const QString &spaceId, const QString &userId);
    // Rooms outside a space that `userId` is a member of, plus the rooms of the spaces they own or
    // are a member of, with `unread`. Private rooms only for their members; a direct room is named
    // after the other user.
    Result<QList<Chatroom>> listForUser(const QString &userId);
    // Creates the room (ChatroomKind::Space or Private); a private room gets its owner as its first
    // member. Conflict when the space already has a room of that name (case-insensitive).
    Result<QString> create(const QString &name, const QString &spaceId, const QString &ownerId, const QString &kind);
    // Conflict when the space already has a room of that name.
    Status rename(const QString &roomId, const QString &name);
    // The direct room of the two users, created (with both as members) on first use; `userA` is
    // its owner then. Safe against concurrent calls: a unique index holds one room per pair.
    Result<QString> directRoom(const QString &userA, const QString &userB);
    // Whether both users own or are members of one space (templates aside).
    Result<bool> shareASpace(const QString &userA, const QString &userB);
    // The rooms of a space, for its quota.
    Result<qint64> countRoomsOf(const QString &spaceId);
    Status remove(const QString &roomId);

    Result<bool> isMember(const QString &roomId, const QString &userId);
    // Adding an existing member changes nothing.
    Status addMember(const QString &roomId, const QString &userId);
    // NotFound when the user was not a member.
    Status removeMember(const QString &roomId, const QString &userId);

    // Inserts the message (one autocommitted statement); fills in nothing: the caller supplies id and timestamp.
    // Conflict when the sender already used `clientMsgId`.
    Status insertMessage(const Message &message, const QString &clientMsgId);
    // The message `senderId` sent with `clientMsgId`, in any room.
    Result<std::optional<StoredMessage>> findByClientMsgId(const QString &senderId, const QString &clientMsgId);
    // The position of a message of this room, or nullopt when the room has no such message.
    Result<std::optional<qint64>> messageSeq(const QString &roomId, const QString &messageId);
    // The message of this room (deleted or not), or nullopt.
    Result<std::optional<Message>> findMessage(const QString &roomId, const QString &messageId);
    // Turns the message into a tombstone: no content, `deleted` set. False when it already was one.
    Result<bool> markDeleted(const QString &messageId);
    // Up to `count` messages of the room with seq < `beforeSeq` (the newest of them), oldest first.
    Result<QList<Message>> messagesBefore(const QString &roomId, qint64 beforeSeq, int count);
    // Moves the user's read marker forward to the message at `seq`; an older message leaves it.
    Status markRead(const QString &roomId, const QString &userId, const QString &messageId, qint64 seq);

private:
    Result<QList<Chatroom>> listWhere(const QString &condition, const QString &userId, const QVariantList &binds);
    // created_at as "YYYY-MM-DDTHH:MM:SS.zzzZ" in either dialect.
    [[nodiscard]] QString timestampColumn(const QString &column) const;
    const Database &m_db;
};

} // namespace Metaverse
