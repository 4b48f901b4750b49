// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/chat.h"

#include <QAbstractListModel>
#include <QQmlEngine>

namespace Metaverse
{

// One chat room's messages, oldest first: what the socket delivered, older pages from the REST
// API, and the user's own messages while they are pending (sent, not yet acknowledged) or failed.
// Stored messages are unique by id, so a reconnect's history or a retried send never shows twice.
class MessageListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Messages come from App.chat")
    Q_PROPERTY(QString roomId READ roomId CONSTANT)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    // Older messages exist on the server (load them with App.chat.loadOlder()).
    Q_PROPERTY(bool hasMore READ hasMore NOTIFY pagingChanged)
    Q_PROPERTY(bool loadingOlder READ isLoadingOlder NOTIFY pagingChanged)

public:
    enum class State {
        Sent, // stored by the server
        Pending, // sent (or waiting for the connection), not acknowledged yet
        Failed, // refused by the server; may be retried
    };
    Q_ENUM(State)

    enum Role {
        MessageIdRole = Qt::UserRole + 1,
        SenderIdRole,
        SenderNameRole,
        TextRole, // the message as sent, plain text
        RichTextRole, // the same, escaped, with http(s) links as anchors (for Text.StyledText)
        TimestampRole,
        TimeTextRole, // local time, "14:05"
        OwnRole,
        StateRole,
        ClientMsgIdRole,
        ErrorRole,
        LinksRole, // the http(s) URLs in the text, in order
        DeletedRole, // removed by its sender or a moderator: shown as "message removed", no text
        SenderAvatarIdRole, // resolve with App.session.avatars.imageUrl()
        MentionsMeRole, // someone else's message with an @mention of the user (ChatMentions)
    };
    Q_ENUM(Role)

    struct Entry {
        Message message; // id empty while not stored
        QString clientMsgId;
        State state = State::Sent;
        QString error;
    };

    MessageListModel(QString roomId, QString ownUserId, QString ownUsername, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString roomId() const { return m_roomId; }
    [[nodiscard]] bool hasMore() const { return m_hasMore; }
    [[nodiscard]] bool isLoadingOlder() const { return m_loadingOlder; }
    [[nodiscard]] const QList<Entry> &entries() const { return m_entries; }
    // The oldest and newest stored message ids ("" when none).
    [[nodiscard]] QString oldestId() const;
    [[nodiscard]] QString newestId() const;
    [[nodiscard]] bool contains(const QString &messageId) const;
    [[nodiscard]] Q_INVOKABLE int indexOf(const QString &messageId) const;
    [[nodiscard]] int indexOfClientMsgId(const QString &clientMsgId) const;

    // Stored messages (history, live, a page): each is inserted in timestamp order unless its id is
    // already here. Returns how many were new.
    int merge(const QList<Message> &messages);
    // The message was deleted: its row stays, without content. False when unknown or already so.
    bool markDeleted(const QString &messageId);
    // An older page (REST), oldest first.
    void prependPage(const QList<Message> &messages, bool hasMore);
    void setHasMore(bool hasMore);
    void setLoadingOlder(bool loading);

    // The user's own message before the server has it.
    void addPending(const Message &message, const QString &clientMsgId);
    // The server stored the message sent as `clientMsgId`: the pending row becomes the stored one
    // (or disappears when that message is already here). Returns false when no such row exists.
    bool acknowledge(const QString &clientMsgId, const Message &stored);
    void setState(const QString &clientMsgId, State state, const QString &error = {});
    // Pending and failed rows: what is not acknowledged yet.
    [[nodiscard]] QList<Entry> unacknowledged(State state) const;

    // Plain text as StyledText: everything escaped (markup in a message is shown, never
    // interpreted), newlines kept, http(s) URLs as links, and with `highlight`, "@highlight" bold.
    static QString toRichText(const QString &text, const QString &highlight = {});
    // The http(s) URLs in plain text, as toRichText links them.
    static QStringList links(const QString &text);

Q_SIGNALS:
    void countChanged();
    void pagingChanged();

private:
    void insertAt(int row, Entry entry);

    QString m_roomId;
    QString m_ownUserId;
    QString m_ownUsername;
    QList<Entry> m_entries;
    bool m_hasMore = false;
    bool m_loadingOlder = false;
};

} // namespace Metaverse
