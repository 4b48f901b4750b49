// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/chat.h"

#include <QAbstractListModel>
#include <QQmlEngine>

namespace Metaverse
{

// The chat rooms of one space (GET /api/v1/chatrooms?spaceId=) with their unread count and how
// many people are in each, kept current by ChatSession from the chat socket.
class ChatRoomListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Chat rooms come from App.chat")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalUnreadChanged)

public:
    enum Role {
        RoomIdRole = Qt::UserRole + 1,
        NameRole,
        UnreadRole,
        OnlineRole,
        KindRole, // ChatroomKind: "space", "private" or "direct"
        OwnerIdRole,
    };
    Q_ENUM(Role)

    explicit ChatRoomListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Replaces the list; the online counts of rooms already known are kept (REST reports 0 until
    // the socket says otherwise).
    void setRooms(QList<Chatroom> rooms);
    [[nodiscard]] const QList<Chatroom> &rooms() const { return m_rooms; }
    [[nodiscard]] Q_INVOKABLE int indexOf(const QString &roomId) const;
    [[nodiscard]] Q_INVOKABLE QString roomIdAt(int row) const;
    [[nodiscard]] QString name(const QString &roomId) const;
    [[nodiscard]] int unread(const QString &roomId) const;
    [[nodiscard]] int online(const QString &roomId) const;
    [[nodiscard]] int totalUnread() const;

    void setUnread(const QString &roomId, int unread);
    void addUnread(const QString &roomId, int count = 1);
    void setOnline(const QString &roomId, int online);
    void remove(const QString &roomId);

Q_SIGNALS:
    void countChanged();
    void totalUnreadChanged();

private:
    void changed(int row, const QList<int> &roles);

    QList<Chatroom> m_rooms;
};

} // namespace Metaverse
