// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatroomlistmodel.h"

namespace Metaverse
{

ChatRoomListModel::ChatRoomListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int ChatRoomListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rooms.size());
}

QVariant ChatRoomListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto &room = m_rooms.at(index.row());
    switch (role) {
    case RoomIdRole:
        return room.id;
    case Qt::DisplayRole:
    case NameRole:
        return room.name;
    case UnreadRole:
        return room.unread;
    case OnlineRole:
        return room.online;
    case KindRole:
        return room.kind;
    case OwnerIdRole:
        return room.ownerId;
    default:
        return {};
    }
}

QHash<int, QByteArray> ChatRoomListModel::roleNames() const
{
    return {
        {RoomIdRole, "roomId"},
        {NameRole, "name"},
        {UnreadRole, "unread"},
        {OnlineRole, "online"},
        {KindRole, "kind"},
        {OwnerIdRole, "ownerId"},
    };
}

void ChatRoomListModel::setRooms(QList<Chatroom> rooms)
{
    const int oldCount = int(m_rooms.size());
    const int oldUnread = totalUnread();
    for (auto &room : rooms) {
        if (const int known = online(room.id); known > 0) {
            room.online = known;
        }
    }
    beginResetModel();
    m_rooms = std::move(rooms);
    endResetModel();
    if (oldCount != m_rooms.size()) {
        Q_EMIT countChanged();
    }
    if (oldUnread != totalUnread()) {
        Q_EMIT totalUnreadChanged();
    }
}

int ChatRoomListModel::indexOf(const QString &roomId) const
{
    for (qsizetype i = 0; i < m_rooms.size(); ++i) {
        if (m_rooms.at(i).id == roomId) {
            return int(i);
        }
    }
    return -1;
}

QString ChatRoomListModel::roomIdAt(int row) const
{
    return row >= 0 && row < m_rooms.size() ? m_rooms.at(row).id : QString();
}

QString ChatRoomListModel::name(const QString &roomId) const
{
    const int row = indexOf(roomId);
    return row < 0 ? QString() : m_rooms.at(row).name;
}

int ChatRoomListModel::unread(const QString &roomId) const
{
    const int row = indexOf(roomId);
    return row < 0 ? 0 : m_rooms.at(row).unread;
}

int ChatRoomListModel::online(const QString &roomId) const
{
    const int row = indexOf(roomId);
    return row < 0 ? 0 : m_rooms.at(row).online;
}

int ChatRoomListModel::totalUnread() const
{
    int total = 0;
    for (const auto &room : m_rooms) {
        total += room.unread;
    }
    return total;
}

void ChatRoomListModel::changed(int row, const QList<int> &roles)
{
    const auto at = index(row);
    Q_EMIT dataChanged(at, at, roles);
}

void ChatRoomListModel::setUnread(const QString &roomId, int unread)
{
    const int row = indexOf(roomId);
    if (row < 0 || m_rooms.at(row).unread == unread) {
        return;
    }
    m_rooms[row].unread = unread;
    changed(row, {UnreadRole});
    Q_EMIT totalUnreadChanged();
}

void ChatRoomListModel::addUnread(const QString &roomId, int count)
{
    setUnread(roomId, unread(roomId) + count);
}

void ChatRoomListModel::setOnline(const QString &roomId, int online)
{
    const int row = indexOf(roomId);
    if (row < 0 || m_rooms.at(row).online == online) {
        return;
    }
    m_rooms[row].online = online;
    changed(row, {OnlineRole});
}

void ChatRoomListModel::remove(const QString &roomId)
{
    const int row = indexOf(roomId);
    if (row < 0) {
        return;
    }
    const bool hadUnread = m_rooms.at(row).unread > 0;
    beginRemoveRows({}, row, row);
    m_rooms.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
    if (hadUnread) {
        Q_EMIT totalUnreadChanged();
    }
}

} // namespace Metaverse
