// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/messagelistmodel.h"
#include "net/reconnectpolicy.h"
#include "protocol/chat.h"
#include "result.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QTimer>
#include <QWebSocket>

#include <functional>
#include <memory>

namespace Metaverse
{

class ApiClient;
class ChatNotifier;
class ChatRoomListModel;
class Session;
class Settings;

// The chat of one space for the desktop client (docs/api/websocket.md, "Chat socket"): a
// QWebSocket on ws(s)://<server>/ws/chat authenticated with the session's bearer token, the
// space's rooms (REST) joined over the socket, a MessageListModel per room, sends with a
// clientMsgId (pending until the server's echo acknowledges them, failed on an `error` naming
// them, retried with the same clientMsgId after a reconnect), typing in both directions, read
// markers for the room on screen, presence, and a notification for messages while the window is
// inactive. A lost connection is retried with backoff; nothing runs while nothing happens.
class ChatSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The chat belongs to the App singleton")
    Q_MOC_INCLUDE("models/chatroomlistmodel.h")
    Q_MOC_INCLUDE("platform/chatnotifier.h")
    Q_MOC_INCLUDE("platform/settings.h")
    // The space whose rooms are shown; empty: no chat (the socket is closed).
    Q_PROPERTY(QString spaceId READ spaceId WRITE setSpaceId NOTIFY spaceIdChanged)
    Q_PROPERTY(Metaverse::ChatRoomListModel *rooms READ rooms CONSTANT)
    Q_PROPERTY(QString currentRoomId READ currentRoomId WRITE setCurrentRoomId NOTIFY currentRoomChanged)
    Q_PROPERTY(QString currentRoomName READ currentRoomName NOTIFY currentRoomDetailsChanged)
    // ChatroomKind of the current room: "space", "private" or "direct".
    Q_PROPERTY(QString currentRoomKind READ currentRoomKind NOTIFY currentRoomDetailsChanged)
    // Set by the view: the user may edit the space (its owner, editors, Admins), so may create,
    // rename and delete its rooms.
    Q_PROPERTY(bool canEditSpace READ canEditSpace WRITE setCanEditSpace NOTIFY currentRoomDetailsChanged)
    // Set by the view: the user manages the space (its owner, Admins: SpaceSession::canManage).
    Q_PROPERTY(bool canManageSpace READ canManageSpace WRITE setCanManageSpace NOTIFY currentRoomDetailsChanged)
    // The user may delete anyone's message in the current room: an Admin anywhere, the space's
    // manager in its space and private rooms (not in direct conversations).
    Q_PROPERTY(bool canModerate READ canModerate NOTIFY currentRoomDetailsChanged)
    // What the user may do with the current room (the server's rule, docs/api/openapi.yaml).
    Q_PROPERTY(bool currentRoomManageable READ isCurrentRoomManageable NOTIFY currentRoomDetailsChanged)
    Q_PROPERTY(bool currentRoomInvitable READ isCurrentRoomInvitable NOTIFY currentRoomDetailsChanged)
    Q_PROPERTY(bool currentRoomLeavable READ isCurrentRoomLeavable NOTIFY currentRoomDetailsChanged)
    // The current room raises no notification (but an @mention of the user does); kept in Settings.
    Q_PROPERTY(bool currentRoomMuted READ isCurrentRoomMuted WRITE setCurrentRoomMuted NOTIFY currentRoomDetailsChanged)
    // The current room's messages (null when no room is chosen).
    Q_PROPERTY(Metaverse::MessageListModel *messages READ messages NOTIFY currentRoomChanged)
    Q_PROPERTY(int currentOnline READ currentOnline NOTIFY presenceChanged)
    Q_PROPERTY(ConnectionState connectionState READ connectionState NOTIFY connectionStateChanged)
    Q_PROPERTY(bool connected READ isConnected NOTIFY connectionStateChanged)
    // Set by the view: the current room is on screen (its messages count as read).
    Q_PROPERTY(bool viewing READ isViewing WRITE setViewing NOTIFY viewingChanged)
    // Set by the view: the window has focus (otherwise new messages raise a notification).
    Q_PROPERTY(bool windowActive READ isWindowActive WRITE setWindowActive NOTIFY windowActiveChanged)
    // "bob is typing…" for the current room ("" when nobody is).
    Q_PROPERTY(QString typingText READ typingText NOTIFY typingChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    Q_PROPERTY(Metaverse::ChatNotifier *notifier READ notifier CONSTANT)
    // Links the user opened from messages (only ever by a click or Enter on the message).
    Q_PROPERTY(int openedLinks READ openedLinks NOTIFY openedLinksChanged)
    Q_PROPERTY(QString lastOpenedLink READ lastOpenedLink NOTIFY openedLinksChanged)

public:
    enum class ConnectionState {
        Disconnected, // no space, or signed out
        Connecting, // the first connection
        Connected, // authenticated
        Reconnecting, // lost; retrying with backoff (the view shows a banner)
    };
    Q_ENUM(ConnectionState)

    // How long a `typing` from someone else is shown, and the least time between our own.
    static constexpr int TypingShownMs = 3000;
    static constexpr int TypingIntervalMs = 2000;
    // Reconnection backoff: 0.5 s doubling up to 30 s, plus up to 25 % jitter.
    static constexpr int FirstRetryMs = 500;
    static constexpr int MaxRetryMs = 30000;
    static constexpr int PageSize = 50;

    ChatSession(ApiClient *api, Session *session, QObject *parent = nullptr);
    ~ChatSession() override;

    [[nodiscard]] QString spaceId() const { return m_spaceId; }
    void setSpaceId(const QString &spaceId);
    [[nodiscard]] ChatRoomListModel *rooms() const { return m_rooms; }
    [[nodiscard]] QString currentRoomId() const { return m_currentRoomId; }
    void setCurrentRoomId(const QString &roomId);
    [[nodiscard]] QString currentRoomName() const;
    [[nodiscard]] QString currentRoomKind() const;
    [[nodiscard]] bool canEditSpace() const { return m_canEditSpace; }
    void setCanEditSpace(bool canEdit);
    [[nodiscard]] bool canManageSpace() const { return m_canManageSpace; }
    void setCanManageSpace(bool canManage);
    [[nodiscard]] bool canModerate() const;
    [[nodiscard]] bool isCurrentRoomManageable() const;
    [[nodiscard]] bool isCurrentRoomInvitable() const;
    [[nodiscard]] bool isCurrentRoomLeavable() const;
    [[nodiscard]] bool isCurrentRoomMuted() const;
    void setCurrentRoomMuted(bool muted);
    // Where muted rooms are kept (AppContext's); without, nothing is muted.
    void setSettings(Settings *settings);
    // `text` with the @mention being typed at its end completed to someone in the current room.
    [[nodiscard]] Q_INVOKABLE QString completeMention(const QString &text) const;
    [[nodiscard]] MessageListModel *messages() const { return model(m_currentRoomId); }
    // The model of any room of the space (null for others).
    [[nodiscard]] Q_INVOKABLE Metaverse::MessageListModel *model(const QString &roomId) const;
    [[nodiscard]] int currentOnline() const;
    [[nodiscard]] ConnectionState connectionState() const { return m_state; }
    [[nodiscard]] bool isConnected() const { return m_state == ConnectionState::Connected; }
    [[nodiscard]] bool isViewing() const { return m_viewing; }
    void setViewing(bool viewing);
    [[nodiscard]] bool isWindowActive() const { return m_windowActive; }
    void setWindowActive(bool active);
    [[nodiscard]] QString typingText() const;
    [[nodiscard]] QString errorMessage() const { return m_errorMessage; }
    [[nodiscard]] ChatNotifier *notifier() const { return m_notifier.get(); }
    [[nodiscard]] int openedLinks() const { return m_openedLinks; }
    [[nodiscard]] QString lastOpenedLink() const { return m_lastOpenedLink; }
    // How links are opened (default: the desktop's browser); tests record them instead.
    using LinkOpener = std::function<bool(const QUrl &)>;
    void setLinkOpener(LinkOpener opener) { m_linkOpener = std::move(opener); }
    // Rooms the socket has joined (room-joined received since the last connect).
    [[nodiscard]] Q_INVOKABLE bool isJoined(const QString &roomId) const { return m_joined.contains(roomId); }
    // No timer runs (nothing is typed, nothing to reconnect): quiet when idle.
    [[nodiscard]] Q_INVOKABLE bool isIdle() const { return !m_reconnectTimer.isActive() && !m_typingTimer.isActive(); }
    // Connections opened so far (a reconnect adds one): for tests and diagnostics.
    [[nodiscard]] int connectionCount() const { return m_connections; }
    // The socket itself, for tests that cut the connection.
    [[nodiscard]] QWebSocket *socket() const { return m_socket.get(); }
    // ws(s)://host:port/ws/chat for an http(s) server address.
    static QUrl socketUrl(const QUrl &serverUrl);

    // Sends `text` to the current room (trimmed; checked with common's rule first). Returns the
    // clientMsgId of the pending message ("" when nothing was sent: errorMessage says why).
    Q_INVOKABLE QString send(const QString &text);
    QString sendTo(const QString &roomId, const QString &text);
    // Sends a failed message again, with the same clientMsgId.
    Q_INVOKABLE void retry(const QString &clientMsgId);
    // The user is typing in the current room: tells the others, at most once per TypingIntervalMs.
    Q_INVOKABLE void userTyping();
    // Loads the page of the current room's history before its oldest message.
    Q_INVOKABLE void loadOlder();
    QCoro::Task<Status> loadOlderAsync(QString roomId);
    // Reloads the rooms (REST) and joins them; what a reconnect does too.
    Q_INVOKABLE void refresh();
    QCoro::Task<Status> refreshAsync();
    // Enter on a message of the current room: sends a failed one again, or opens its first link.
    Q_INVOKABLE void activateMessage(int row);
    // Opens a link from a message in the browser: only http(s), only when the user clicked it.
    Q_INVOKABLE bool openLink(const QString &url);
    Q_INVOKABLE void clearError();

    // Room management (REST; docs/api/openapi.yaml says who may): each refreshes the room list
    // when it succeeds, or says why not in errorMessage. A created or opened room becomes current.
    Q_INVOKABLE void createRoom(const QString &name, bool isPrivate);
    QCoro::Task<Status> createRoomAsync(QString name, bool isPrivate);
    Q_INVOKABLE void renameRoom(const QString &roomId, const QString &name);
    QCoro::Task<Status> renameRoomAsync(QString roomId, QString name);
    Q_INVOKABLE void deleteRoom(const QString &roomId);
    QCoro::Task<Status> deleteRoomAsync(QString roomId);
    // Private rooms: invite a member of the space by name; leave (the current user).
    Q_INVOKABLE void inviteToRoom(const QString &roomId, const QString &username);
    QCoro::Task<Status> inviteToRoomAsync(QString roomId, QString username);
    Q_INVOKABLE void leaveRoom(const QString &roomId);
    QCoro::Task<Status> leaveRoomAsync(QString roomId);
    // The direct room with `userId` (created once by the server), shown in this panel's list.
    Q_INVOKABLE void openDirect(const QString &userId);
    QCoro::Task<Status> openDirectAsync(QString userId);
    // Deletes a message of the current room (the sender's own, or as a moderator).
    Q_INVOKABLE void deleteMessage(const QString &messageId);
    QCoro::Task<Status> deleteMessageAsync(QString roomId, QString messageId);

Q_SIGNALS:
    void spaceIdChanged();
    void currentRoomChanged();
    void currentRoomDetailsChanged();
    void presenceChanged();
    void connectionStateChanged();
    void viewingChanged();
    void windowActiveChanged();
    void typingChanged();
    void errorMessageChanged();
    void openedLinksChanged();

private:
    void start();
    void stop();
    void connectSocket();
    void scheduleReconnect();
    void setState(ConnectionState state);
    void setError(const QString &message);
    void onConnected();
    void onDisconnected();
    void onText(const QString &text);
    void handle(const ChatProtocol::RoomJoined &joined);
    void handle(const ChatProtocol::MessageReceived &received);
    void handle(const ChatProtocol::MessageDeleted &deleted);
    void handle(const ChatProtocol::RoomsChanged &changed);
    // Awaits a room change; on success refreshes the rooms and makes `selectRoomId` (or, for a
    // creation, the new room) current; on failure sets errorMessage.
    QCoro::Task<Status> finishRoomChange(QCoro::Task<Status> change, QString selectRoomId);
    QCoro::Task<Status> finishRoomCreation(QCoro::Task<Result<QString>> creation);
    void handle(const ChatProtocol::PresenceUpdate &presence);
    void handle(const ChatProtocol::UserTyping &typing);
    void handle(const ChatProtocol::RoomLeft &left);
    void handle(const ChatProtocol::ErrorMessage &error);
    void sendFrame(const ChatProtocol::ClientMessage &message);
    void joinRooms();
    void resendPending(const QString &roomId);
    void markReadIfViewing();
    MessageListModel *ensureModel(const QString &roomId);
    void updateTypingTimer();
    void expireTyping();
    QString newClientMsgId();

    struct TypingUser {
        QString username;
        qint64 until = 0; // m_clock milliseconds
    };

    // Not owned; they outlive the chat (AppContext destroys it first).
    ApiClient *m_api;
    Session *m_session;
    ChatRoomListModel *m_rooms;
    QPointer<Settings> m_settings;
    QHash<QString, QStringList> m_present; // roomId -> the usernames present, for completion
    bool m_canEditSpace = false;
    bool m_canManageSpace = false;
    std::unique_ptr<ChatNotifier> m_notifier;
    std::unique_ptr<QWebSocket> m_socket;
    QHash<QString, MessageListModel *> m_models; // owned as children
    QHash<QString, QHash<QString, TypingUser>> m_typing; // roomId -> userId -> who and until when
    QSet<QString> m_joined; // room-joined received on this connection
    QSet<QString> m_joinSent; // join-room sent on this connection
    QHash<QString, QString> m_markedRead; // roomId -> the last message id sent in mark-read
    QString m_spaceId;
    QString m_currentRoomId;
    QString m_userId;
    QString m_errorMessage;
    QString m_listError; // the errorMessage a failed room list set, cleared by the next success
    ConnectionState m_state = ConnectionState::Disconnected;
    bool m_viewing = false;
    bool m_windowActive = true;
    bool m_everConnected = false;
    bool m_roomsLoaded = false; // the room list came from the server since start()
    bool m_refreshing = false;
    ReconnectPolicy m_reconnect{FirstRetryMs, MaxRetryMs};
    int m_connections = 0;
    int m_openedLinks = 0;
    QString m_lastOpenedLink;
    LinkOpener m_linkOpener;
    quint64 m_generation = 0; // bumped by start/stop, so late REST answers are dropped
    quint64 m_nextClientMsgId = 0;
    QString m_clientMsgIdPrefix;
    QTimer m_reconnectTimer;
    QTimer m_typingTimer;
    QElapsedTimer m_clock;
    qint64 m_lastTypingSent = -TypingIntervalMs;
};

} // namespace Metaverse
