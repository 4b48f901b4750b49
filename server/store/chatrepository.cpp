// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatrepository.h"

#include <QVariant>

namespace Metaverse
{

namespace
{
// Messages from others after the user's read marker (all of them without one). Binds: user id
// twice.
const auto UnreadColumn = QStringLiteral(
    "(SELECT COUNT(*) FROM messages m WHERE m.room_id = c.id AND (m.sender_id IS NULL OR m.sender_id <> ?) AND "
    "m.seq > COALESCE((SELECT lm.seq FROM chatroom_members r JOIN messages lm ON lm.id = r.last_read_message_id "
    "WHERE r.room_id = c.id AND r.user_id = ?), 0))");

const auto RoomColumns = QStringLiteral("c.id, c.name, c.space_id, c.owner_id, c.kind");

// The other user's name for a direct room (NULL for other rooms). Binds: user id.
const auto PeerNameColumn = QStringLiteral(
    "(SELECT pu.username FROM users pu WHERE c.kind = 'direct' AND pu.id = CASE WHEN c.direct_low = ? THEN "
    "c.direct_high ELSE c.direct_low END)");

// A private room is listed only to its members. Binds: user id.
const auto VisiblePrivate = QStringLiteral(
    "(c.kind <> 'private' OR EXISTS (SELECT 1 FROM chatroom_members pm WHERE pm.room_id = c.id AND pm.user_id = ?))");

Chatroom readRoom(const QSqlQuery &q)
{
    Chatroom room;
    room.id = q.value(0).toString();
    room.name = q.value(1).toString();
    room.spaceId = q.value(2).toString();
    room.ownerId = q.value(3).toString();
    room.kind = q.value(4).toString();
    return room;
}

// The columns readMessage reads; %1 is the timestamp column as text.
const auto MessageColumns =
    QStringLiteral("m.id, m.room_id, m.sender_id, u.username, m.content, %1, m.deleted, u.avatar_id");

// Columns: MessageColumns.
Message readMessage(const QSqlQuery &q)
{
    Message message;
    message.id = q.value(0).toString();
    message.roomId = q.value(1).toString();
    message.senderId = q.value(2).toString();
    message.senderName = q.value(3).toString();
    message.content = q.value(4).toString();
    message.timestamp = QDateTime::fromString(q.value(5).toString(), Qt::ISODateWithMs);
    message.deleted = q.value(6).toBool();
    message.senderAvatarId = q.value(7).toString();
    return message;
}
} // namespace

QString ChatRepository::timestampColumn(const QString &column) const
{
    if (m_db.dialect() == SqlDialect::PostgreSQL) {
        return QStringLiteral("to_char(%1 AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')").arg(column);
    }
    return column; // stored as ISO 8601 text with milliseconds
}

Result<std::optional<Chatroom>> ChatRepository::find(const QString &roomId)
{
    auto q = m_db.prepare(QStringLiteral("SELECT %1 FROM chatrooms c WHERE c.id = ?").arg(RoomColumns));
    q->addBindValue(roomId);
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    if (!q->next()) {
        return std::optional<Chatroom>();
    }
    return std::optional<Chatroom>(readRoom(*q));
}

Result<QList<Chatroom>> ChatRepository::listWhere(
    const QString &condition, const QString &userId, const QVariantList &binds)
{
    auto q = m_db.prepare(QStringLiteral("SELECT %1, %2, %3 FROM chatrooms c WHERE %4 ORDER BY c.created_at, c.id")
                              .arg(RoomColumns, UnreadColumn, PeerNameColumn, condition));
    q->addBindValue(userId);
    q->addBindValue(userId);
    q->addBindValue(userId);
    for (const auto &bind : binds) {
        q->addBindValue(bind);
    }
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    QList<Chatroom> list;
    while (q->next()) {
        Chatroom room = readRoom(*q);
        room.unread = q->value(5).toInt();
        if (room.kind == ChatroomKind::Direct) {
            room.name = q->value(6).toString();
        }
        list.append(room);
    }
    return list;
}

Result<QList<Chatroom>> ChatRepository::listForSpace(const QString &spaceId, const QString &userId)
{
    return listWhere(QStringLiteral("c.space_id = ? AND ") + VisiblePrivate, userId, {spaceId, userId});
}

Result<QList<Chatroom>> ChatRepository::listForUser(const QString &userId)
{
    return listWhere(
        QStringLiteral("(c.space_id IS NULL AND EXISTS (SELECT 1 FROM chatroom_members cm WHERE cm.room_id = c.id AND "
                       "cm.user_id = ?)) OR (c.space_id IS NOT NULL AND %1 AND EXISTS (SELECT 1 FROM spaces s WHERE "
                       "s.id = c.space_id AND (s.creator_id = ? OR EXISTS (SELECT 1 FROM space_members sm WHERE "
                       "sm.space_id = s.id AND sm.user_id = ?))))")
            .arg(VisiblePrivate),
        userId, {userId, userId, userId, userId});
}

Result<qint64> ChatRepository::countRoomsOf(const QString &spaceId)
{
    auto n = m_db.fetchOne<qint64>(QStringLiteral("SELECT COUNT(*) FROM chatrooms WHERE space_id = ?"), {spaceId},
        [](const QSqlQuery &q) { return q.value(0).toLongLong(); });
    if (!n) {
        return n.error();
    }
    return n->value_or(0);
}

Result<QString> ChatRepository::create(
    const QString &name, const QString &spaceId, const QString &ownerId, const QString &kind)
{
    Transaction tx(m_db);
    if (!tx.isActive()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    const QString id = newId();
    auto q = m_db.prepare(
        QStringLiteral("INSERT INTO chatrooms (id, name, space_id, owner_id, kind) VALUES (?, ?, ?, ?, ?)"));
    q->addBindValue(id);
    q->addBindValue(name);
    q->addBindValue(nullableText(spaceId));
    q->addBindValue(nullableText(ownerId));
    q->addBindValue(kind);
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    if (kind == ChatroomKind::Private) {
        if (auto status = addMember(id, ownerId); !status) {
            return std::move(status).error();
        }
    }
    if (auto status = tx.commit(); !status) {
        return std::move(status).error();
    }
    return id;
}

Status ChatRepository::rename(const QString &roomId, const QString &name)
{
    auto q = m_db.prepare(QStringLiteral("UPDATE chatrooms SET name = ? WHERE id = ?"));
    q->addBindValue(name);
    q->addBindValue(roomId);
    return m_db.exec(*q);
}

Result<QString> ChatRepository::directRoom(const QString &userA, const QString &userB)
{
    const QString low = std::min(userA, userB);
    const QString high = std::max(userA, userB);
    Transaction tx(m_db);
    if (!tx.isActive()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    // The unique index on the pair makes a concurrent second insert do nothing; both then read the one room.
    auto insert =
        m_db.prepare(QStringLiteral("INSERT INTO chatrooms (id, name, owner_id, kind, direct_low, direct_high) "
                                    "VALUES (?, '', ?, 'direct', ?, ?) ON CONFLICT (direct_low, direct_high) "
                                    "DO NOTHING"));
    insert->addBindValue(newId());
    insert->addBindValue(userA);
    insert->addBindValue(low);
    insert->addBindValue(high);
    if (auto status = m_db.exec(*insert); !status) {
        return std::move(status).error();
    }
    auto id =
        m_db.fetchOne<QString>(QStringLiteral("SELECT id FROM chatrooms WHERE direct_low = ? AND direct_high = ?"),
            {low, high}, [](const QSqlQuery &q) { return q.value(0).toString(); });
    if (!id) {
        return id.error();
    }
    if (!id->has_value()) {
        return Error::unavailable(QStringLiteral("The direct room vanished while it was created"));
    }
    for (const auto &member : {low, high}) {
        if (auto status = addMember(**id, member); !status) {
            return std::move(status).error();
        }
    }
    if (auto status = tx.commit(); !status) {
        return std::move(status).error();
    }
    return **id;
}

Result<bool> ChatRepository::shareASpace(const QString &userA, const QString &userB)
{
    auto shared = m_db.fetchOne<bool>(
        QStringLiteral("SELECT 1 FROM spaces s WHERE s.is_template = FALSE AND (s.creator_id = ? OR EXISTS (SELECT 1 "
                       "FROM space_members a WHERE a.space_id = s.id AND a.user_id = ?)) AND (s.creator_id = ? OR "
                       "EXISTS (SELECT 1 FROM space_members b WHERE b.space_id = s.id AND b.user_id = ?)) LIMIT 1"),
        {userA, userA, userB, userB}, [](const QSqlQuery &) { return true; });
    if (!shared) {
        return shared.error();
    }
    return shared->has_value();
}

Status ChatRepository::remove(const QString &roomId)
{
    // Foreign keys cascade to members, read markers and messages.
    auto q = m_db.prepare(QStringLiteral("DELETE FROM chatrooms WHERE id = ?"));
    q->addBindValue(roomId);
    return m_db.exec(*q);
}

Result<bool> ChatRepository::isMember(const QString &roomId, const QString &userId)
{
    auto q = m_db.prepare(QStringLiteral("SELECT 1 FROM chatroom_members WHERE room_id = ? AND user_id = ?"));
    q->addBindValue(roomId);
    q->addBindValue(userId);
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    return q->next();
}

Status ChatRepository::addMember(const QString &roomId, const QString &userId)
{
    auto q = m_db.prepare(QStringLiteral("INSERT INTO chatroom_members (room_id, user_id) VALUES (?, ?) "
                                         "ON CONFLICT (room_id, user_id) DO NOTHING"));
    q->addBindValue(roomId);
    q->addBindValue(userId);
    return m_db.exec(*q);
}

Status ChatRepository::removeMember(const QString &roomId, const QString &userId)
{
    auto q = m_db.prepare(QStringLiteral("DELETE FROM chatroom_members WHERE room_id = ? AND user_id = ?"));
    q->addBindValue(roomId);
    q->addBindValue(userId);
    if (auto status = m_db.exec(*q); !status) {
        return status;
    }
    if (q->numRowsAffected() == 0) {
        return Error::notFound(QStringLiteral("That user is not a member of this room"));
    }
    return {};
}

Status ChatRepository::insertMessage(const Message &message, const QString &clientMsgId)
{
    // One statement, committed on its own (or with the caller's transaction, if one is open):
    // an explicit BEGIN/COMMIT would only add two round trips per message.
    auto q = m_db.prepare(QStringLiteral(
        "INSERT INTO messages (id, room_id, sender_id, content, client_msg_id, created_at) VALUES (?, ?, ?, ?, ?, ?)"));
    q->addBindValue(message.id);
    q->addBindValue(message.roomId);
    q->addBindValue(nullableText(message.senderId));
    q->addBindValue(message.content);
    q->addBindValue(nullableText(clientMsgId));
    q->addBindValue(formatTimestamp(message.timestamp));
    return m_db.exec(*q);
}

Result<std::optional<StoredMessage>> ChatRepository::findByClientMsgId(
    const QString &senderId, const QString &clientMsgId)
{
    auto q = m_db.prepare(QStringLiteral("SELECT %1, m.seq FROM messages m LEFT JOIN users u ON u.id = m.sender_id "
                                         "WHERE m.sender_id = ? AND m.client_msg_id = ?")
                              .arg(MessageColumns.arg(timestampColumn(QStringLiteral("m.created_at")))));
    q->addBindValue(senderId);
    q->addBindValue(clientMsgId);
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    if (!q->next()) {
        return std::optional<StoredMessage>();
    }
    return std::optional<StoredMessage>(StoredMessage{readMessage(*q), q->value(8).toLongLong()});
}

Result<std::optional<qint64>> ChatRepository::messageSeq(const QString &roomId, const QString &messageId)
{
    auto q = m_db.prepare(QStringLiteral("SELECT seq FROM messages WHERE id = ? AND room_id = ?"));
    q->addBindValue(messageId);
    q->addBindValue(roomId);
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    if (!q->next()) {
        return std::optional<qint64>();
    }
    return std::optional<qint64>(q->value(0).toLongLong());
}

Result<std::optional<Message>> ChatRepository::findMessage(const QString &roomId, const QString &messageId)
{
    auto q = m_db.prepare(QStringLiteral("SELECT %1 FROM messages m LEFT JOIN users u ON u.id = m.sender_id WHERE "
                                         "m.id = ? AND m.room_id = ?")
                              .arg(MessageColumns.arg(timestampColumn(QStringLiteral("m.created_at")))));
    q->addBindValue(messageId);
    q->addBindValue(roomId);
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    if (!q->next()) {
        return std::optional<Message>();
    }
    return std::optional<Message>(readMessage(*q));
}

Result<bool> ChatRepository::markDeleted(const QString &messageId)
{
    auto q = m_db.prepare(
        QStringLiteral("UPDATE messages SET content = '', deleted = TRUE WHERE id = ? AND deleted = FALSE"));
    q->addBindValue(messageId);
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    return q->numRowsAffected() > 0;
}

Result<QList<Message>> ChatRepository::messagesBefore(const QString &roomId, qint64 beforeSeq, int count)
{
    auto q = m_db.prepare(QStringLiteral("SELECT %1 FROM messages m LEFT JOIN users u ON u.id = m.sender_id WHERE "
                                         "m.room_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?")
                              .arg(MessageColumns.arg(timestampColumn(QStringLiteral("m.created_at")))));
    q->addBindValue(roomId);
    q->addBindValue(beforeSeq);
    q->addBindValue(count);
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    QList<Message> newestFirst;
    while (q->next()) {
        newestFirst.append(readMessage(*q));
    }
    return QList<Message>(newestFirst.crbegin(), newestFirst.crend());
}

Status ChatRepository::markRead(const QString &roomId, const QString &userId, const QString &messageId, qint64 seq)
{
    Transaction tx(m_db);
    if (!tx.isActive()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    {
        auto current = m_db.prepare(QStringLiteral("SELECT lm.seq FROM chatroom_members r JOIN messages lm ON lm.id = "
                                                   "r.last_read_message_id WHERE r.room_id = ? AND r.user_id = ?"));
        current->addBindValue(roomId);
        current->addBindValue(userId);
        if (auto status = m_db.exec(*current); !status) {
            return status;
        }
        if (current->next() && current->value(0).toLongLong() >= seq) {
            return {}; // already read further
        }
    }
    auto q = m_db.prepare(QStringLiteral("INSERT INTO chatroom_members (room_id, user_id, last_read_message_id) VALUES "
                                         "(?, ?, ?) ON CONFLICT (room_id, user_id) DO UPDATE SET last_read_message_id "
                                         "= excluded.last_read_message_id"));
    q->addBindValue(roomId);
    q->addBindValue(userId);
    q->addBindValue(messageId);
    if (auto status = m_db.exec(*q); !status) {
        return status;
    }
    return tx.commit();
}

} // namespace Metaverse
