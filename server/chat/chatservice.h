// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/ratelimiter.h"
#include "model/chat.h"
#include "model/space.h"
#include "model/user.h"
#include "store/teamrepository.h"

#include <QObject>

#include <functional>

namespace Metaverse
{

class Database;
class EventBus;
class SpaceService;

// Burst of the per-user send limit: how many messages may come at once after a quiet spell.
inline constexpr int ChatSendBurst = 20;

// A message as its sender sends it: the text (trimmed) and, for retries, the client's id for it
// (empty when the client gave none).
struct OutgoingMessage {
    QString content;
    QString clientMsgId;
};

// A page of a room's history: messages oldest first, and whether older ones exist.
struct MessageHistory {
    QList<Message> messages;
    bool hasMore = false;
};

// The outcome of sending: the stored message, and whether it was already stored by an earlier
// request with the same clientMsgId (then nothing new was stored or announced).
struct SentMessage {
    Message message;
    QString clientMsgId;
    bool duplicate = false;
};

// Chat rooms and messages, with the access rules in one place, shared by the REST routes and
// the chat socket. Rooms are of three kinds (ChatroomKind): a space's open rooms, private rooms
// (in a space or not) and direct rooms (two users, one room per pair).
// - read and write (list messages, send, mark read): a space's open rooms are open to whoever may
//   enter the space (SpaceService::readableSummary); a private room in a space to its members
//   while they may enter the space; other rooms to their members; Admins everywhere.
// - create a room in a space: whoever may edit the space (owner, editors, Admins).
// - manage (rename, delete, invite, remove members): for a room in a space, whoever may edit the
//   space, or the room's owner while they may enter it; outside a space, the room's owner. Admins
//   everywhere. A member may also remove themselves (leave). A space's "general" room cannot be
//   renamed or deleted; only private rooms have members (invitees of a space's private room must
//   be able to enter the space). Direct rooms cannot be renamed, deleted or left.
// - direct rooms: a user may open one with anyone they share a space with (SpaceAccess: owner or
//   member of the same space); Admins with anyone.
// - delete a message: its sender (while they may still read the room), the owner of the room's
//   space, or an Admin. Editors may not: moderation is the space's managers' (SpaceAccess::canManage).
//   A moderator's deletion (not the sender's own) is written to the space's audit log.
// Changes are stored (each in a transaction) before the signals announce them.
class ChatService : public QObject
{
    Q_OBJECT
public:
    // `sendsPerMinute`: the per-user send limit (socket and REST together); 0 = off.
    ChatService(
        const Database &db, EventBus &events, SpaceService &spaces, int sendsPerMinute, QObject *parent = nullptr);

    // Who is online in a room, for `online` in room lists (the chat socket hub knows).
    void setOnlineCounter(std::function<int(const QString &roomId)> counter) { m_onlineCounter = std::move(counter); }
    // Whether the user may send in the rooms of a space now (mutes: TeamService::chatAllowed).
    void setSpaceSendCheck(std::function<Status(const User &, const QString &spaceId)> check)
    {
        m_spaceSendCheck = std::move(check);
    }

    // Runs a moderator's change with its audit entry in one transaction (TeamService::audited).
    using Auditor = std::function<Status(const AuditRecord &, const std::function<Status()> &change)>;
    void setAuditor(Auditor auditor) { m_auditor = std::move(auditor); }

    // The name of the room every new space gets; it cannot be deleted.
    static QString generalRoomName() { return QStringLiteral("general"); }

    // With a space id: that space's rooms, if the caller may enter it. Without: the caller's
    // rooms (see ChatRepository::listForUser). `unread` is the caller's.
    Result<QList<Chatroom>> list(const User &caller, const QString &spaceId);
    // A room named `name` in the space `spaceId` (open, or private to its members when
    // `isPrivate`), or a private room of the caller's without a space.
    Result<QString> create(const User &caller, const QString &name, const QString &spaceId, bool isPrivate);
    Status rename(const User &caller, const QString &roomId, const QString &name);
    Status remove(const User &caller, const QString &roomId);
    // The direct room of the caller and `userId`, created on first use (then the same one forever).
    Result<QString> directRoom(const User &caller, const QString &userId);
    // Returns the member's user id and username.
    Result<std::pair<QString, QString>> addMember(const User &caller, const QString &roomId, const QString &username);
    Status removeMember(const User &caller, const QString &roomId, const QString &userId);

    // The room if the caller may read and write in it: NotFound for an unknown room, Forbidden
    // otherwise. The socket hub checks joins with this.
    Result<Chatroom> readableRoom(const User &caller, const QString &roomId);
    // At most `limit` messages before the message `before` (empty: the latest).
    Result<MessageHistory> history(const User &caller, const QString &roomId, const QString &before, int limit);
    // Stores the message, then emits messageStored. A clientMsgId the caller already used for a
    // message in this room returns that message (duplicate, nothing stored or emitted); one used
    // in another room is refused. RateLimited (with retryAfterSeconds) past the per-user limit;
    // retries of a stored message do not count.
    Result<SentMessage> send(const User &caller, const QString &roomId, const OutgoingMessage &outgoing);
    // The newest `count` messages of a room, oldest first, without a rights check: for the socket
    // hub, which checked the caller's rights when they joined.
    Result<QList<Message>> recentMessages(const QString &roomId, int count);
    Status markRead(const User &caller, const QString &roomId, const QString &messageId);
    // Leaves a tombstone of the message (no content) and emits messageDeleted. Deleting a
    // tombstone again changes nothing and announces nothing.
    Status deleteMessage(const User &caller, const QString &roomId, const QString &messageId);

Q_SIGNALS:
    void messageStored(const QString &roomId, const Metaverse::Message &message, const QString &clientMsgId);
    void messageDeleted(const QString &roomId, const QString &messageId);
    // Whose room lists changed: these users' (invited, a direct room opened with them), or
    // everyone's who uses the space's rooms (a room added or renamed there).
    void roomsChangedFor(const QStringList &userIds);
    void spaceRoomsChanged(const QString &spaceId);
    void roomDeleted(const QString &roomId);
    void memberRemoved(const QString &roomId, const QString &userId);

private:
    // The space of a room, if the caller may enter it; a template or an unknown id names no space.
    Result<Space> enterableSpace(const User &caller, const QString &spaceId, const QString &field);
    Result<Chatroom> existingRoom(const QString &roomId);
    // The room if the caller may manage it (rename, delete, manage members), else Forbidden;
    // Invalid for a direct room.
    Result<Chatroom> manageableRoom(const User &caller, const QString &roomId);

    const Database &m_db;
    EventBus &m_events;
    SpaceService &m_spaces;
    RateLimiter m_sendLimiter;
    std::function<int(const QString &)> m_onlineCounter;
    std::function<Status(const User &, const QString &)> m_spaceSendCheck;
    Auditor m_auditor;
};

} // namespace Metaverse
