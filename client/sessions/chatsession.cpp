// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatsession.h"

#include "models/chatroomlistmodel.h"
#include "net/apiclient.h"
#include "platform/chatnotifier.h"
#include "platform/settings.h"
#include "session.h"
#include "validation/validation.h"

#include <QDesktopServices>
#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QUuid>

namespace Metaverse
{

namespace
{
Q_LOGGING_CATEGORY(lcClientChat, "metaverse.client.chat", QtInfoMsg)
} // namespace

using namespace ChatProtocol;

ChatSession::ChatSession(ApiClient *api, Session *session, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_session(session)
    , m_rooms(new ChatRoomListModel(this))
    , m_notifier(std::make_unique<ChatNotifier>())
{
    m_clock.start();
    m_clientMsgIdPrefix = QUuid::createUuid().toString(QUuid::Id128).left(12);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &ChatSession::connectSocket);
    m_typingTimer.setSingleShot(true);
    connect(&m_typingTimer, &QTimer::timeout, this, &ChatSession::expireTyping);
    connect(m_session, &Session::statusChanged, this, [this] {
        if (m_session->isSignedIn()) {
            start();
        } else {
            stop();
        }
    });
}

ChatSession::~ChatSession()
{
    if (m_socket) {
        m_socket->disconnect(this);
    }
}

QUrl ChatSession::socketUrl(const QUrl &serverUrl)
{
    QUrl url = serverUrl;
    url.setScheme(serverUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(serverUrl.path() + QStringLiteral("/ws/chat"));
    url.setQuery(QString());
    return url;
}

void ChatSession::setSpaceId(const QString &spaceId)
{
    if (spaceId == m_spaceId) {
        return;
    }
    stop();
    m_spaceId = spaceId;
    Q_EMIT spaceIdChanged();
    start();
}

QString ChatSession::currentRoomName() const
{
    return m_rooms->name(m_currentRoomId);
}

QString ChatSession::currentRoomKind() const
{
    const int row = m_rooms->indexOf(m_currentRoomId);
    return row < 0 ? QString() : m_rooms->rooms().at(row).kind;
}

void ChatSession::setCanEditSpace(bool canEdit)
{
    if (canEdit != m_canEditSpace) {
        m_canEditSpace = canEdit;
        Q_EMIT currentRoomDetailsChanged();
    }
}

void ChatSession::setCanManageSpace(bool canManage)
{
    if (canManage != m_canManageSpace) {
        m_canManageSpace = canManage;
        Q_EMIT currentRoomDetailsChanged();
    }
}

bool ChatSession::canModerate() const
{
    if (m_session->isAdmin()) {
        return true;
    }
    const auto kind = currentRoomKind();
    return m_canManageSpace && !kind.isEmpty() && kind != ChatroomKind::Direct;
}

bool ChatSession::isCurrentRoomManageable() const
{
    const int row = m_rooms->indexOf(m_currentRoomId);
    if (row < 0) {
        return false;
    }
    const auto &room = m_rooms->rooms().at(row);
    if (room.kind == ChatroomKind::Direct || room.name == QLatin1String("general")) {
        return false; // the server refuses both (the general room only in a space: all rooms here are)
    }
    return m_canEditSpace || (!room.ownerId.isEmpty() && room.ownerId == m_session->userId());
}

bool ChatSession::isCurrentRoomInvitable() const
{
    return currentRoomKind() == ChatroomKind::Private && isCurrentRoomManageable();
}

bool ChatSession::isCurrentRoomLeavable() const
{
    const int row = m_rooms->indexOf(m_currentRoomId);
    return row >= 0 && m_rooms->rooms().at(row).kind == ChatroomKind::Private &&
        m_rooms->rooms().at(row).ownerId != m_session->userId();
}

bool ChatSession::isCurrentRoomMuted() const
{
    return m_settings && m_settings->isRoomMuted(m_currentRoomId);
}

void ChatSession::setCurrentRoomMuted(bool muted)
{
    if (m_settings && !m_currentRoomId.isEmpty() && muted != isCurrentRoomMuted()) {
        m_settings->setRoomMuted(m_currentRoomId, muted);
        Q_EMIT currentRoomDetailsChanged();
    }
}

void ChatSession::setSettings(Settings *settings)
{
    m_settings = settings;
    Q_EMIT currentRoomDetailsChanged();
}

QString ChatSession::completeMention(const QString &text) const
{
    auto names = m_present.value(m_currentRoomId);
    names.removeAll(m_session->username());
    return ChatMentions::complete(text, names);
}

void ChatSession::setCurrentRoomId(const QString &roomId)
{
    if (roomId == m_currentRoomId) {
        return;
    }
    m_currentRoomId = roomId;
    if (!roomId.isEmpty()) {
        ensureModel(roomId);
    }
    Q_EMIT currentRoomChanged();
    Q_EMIT currentRoomDetailsChanged();
    Q_EMIT presenceChanged();
    Q_EMIT typingChanged();
    markReadIfViewing();
}

MessageListModel *ChatSession::model(const QString &roomId) const
{
    return m_models.value(roomId);
}

MessageListModel *ChatSession::ensureModel(const QString &roomId)
{
    auto *&model = m_models[roomId];
    if (!model) {
        model = new MessageListModel(roomId, m_session->userId(), m_session->username(), this);
    }
    return model;
}

int ChatSession::currentOnline() const
{
    return m_rooms->online(m_currentRoomId);
}

void ChatSession::setViewing(bool viewing)
{
    if (viewing == m_viewing) {
        return;
    }
    m_viewing = viewing;
    Q_EMIT viewingChanged();
    markReadIfViewing();
}

void ChatSession::setWindowActive(bool active)
{
    if (active == m_windowActive) {
        return;
    }
    m_windowActive = active;
    Q_EMIT windowActiveChanged();
}

void ChatSession::setState(ConnectionState state)
{
    if (state == m_state) {
        return;
    }
    m_state = state;
    qCDebug(lcClientChat) << "connection:" << state;
    Q_EMIT connectionStateChanged();
}

void ChatSession::setError(const QString &message)
{
    if (message == m_errorMessage) {
        return;
    }
    m_errorMessage = message;
    Q_EMIT errorMessageChanged();
}

void ChatSession::clearError()
{
    setError({});
}

void ChatSession::start()
{
    if (m_spaceId.isEmpty() || !m_session->isSignedIn() || m_state != ConnectionState::Disconnected) {
        return;
    }
    ++m_generation;
    m_userId = m_session->userId();
    m_everConnected = false;
    m_reconnect.reset();
    setState(ConnectionState::Connecting);
    refresh();
    connectSocket();
}

void ChatSession::stop()
{
    ++m_generation;
    m_reconnectTimer.stop();
    m_typingTimer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket.release()->deleteLater();
    }
    m_joined.clear();
    m_joinSent.clear();
    m_markedRead.clear();
    m_typing.clear();
    m_roomsLoaded = false;
    m_refreshing = false;
    const bool hadRoom = !m_currentRoomId.isEmpty();
    m_currentRoomId.clear();
    m_rooms->setRooms({});
    // The models may still be referenced by a view until it sees currentRoomChanged.
    for (auto *model : std::as_const(m_models)) {
        model->deleteLater();
    }
    m_models.clear();
    if (hadRoom) {
        Q_EMIT currentRoomChanged();
        Q_EMIT presenceChanged();
    }
    Q_EMIT typingChanged();
    setError({});
    setState(ConnectionState::Disconnected);
}

void ChatSession::connectSocket()
{
    if (m_spaceId.isEmpty() || !m_session->isSignedIn()) {
        return;
    }
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket.release()->deleteLater();
    }
    m_socket = std::make_unique<QWebSocket>();
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &ChatSession::onText);
    connect(m_socket.get(), &QWebSocket::disconnected, this, &ChatSession::onDisconnected);
    connect(m_socket.get(), &QWebSocket::connected, this, &ChatSession::onConnected);
    QNetworkRequest request(socketUrl(m_api->baseUrl()));
    request.setRawHeader("Authorization", "Bearer " + m_session->token().toUtf8());
    ++m_connections;
    qCInfo(lcClientChat) << "connecting to" << request.url().toString();
    m_socket->open(request);
}

void ChatSession::scheduleReconnect()
{
    const int delay = m_reconnect.nextDelayMs();
    qCInfo(lcClientChat) << "reconnecting in" << delay << "ms";
    m_reconnectTimer.start(delay);
}

void ChatSession::onConnected()
{
    qCDebug(lcClientChat) << "socket open, waiting for authentication";
}

void ChatSession::onDisconnected()
{
    qCInfo(lcClientChat) << "connection lost:" << (m_socket ? m_socket->closeReason() : QString());
    m_joined.clear();
    m_joinSent.clear();
    m_markedRead.clear();
    m_typing.clear();
    m_typingTimer.stop();
    Q_EMIT typingChanged();
    if (m_spaceId.isEmpty() || !m_session->isSignedIn()) {
        setState(ConnectionState::Disconnected);
        return;
    }
    setState(m_everConnected ? ConnectionState::Reconnecting : ConnectionState::Connecting);
    scheduleReconnect();
}

void ChatSession::onText(const QString &text)
{
    auto decoded = decodeServer(text.toUtf8());
    if (!decoded) {
        qCWarning(lcClientChat) << "undecodable frame:" << decoded.error().message;
        return;
    }
    std::visit(
        [this](const auto &message) {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, Authenticated>) {
                m_userId = message.user.userId;
                const bool reconnect = m_everConnected;
                m_everConnected = true;
                m_reconnect.reset();
                setState(ConnectionState::Connected);
                if (reconnect || (!m_roomsLoaded && !m_refreshing)) {
                    refresh(); // unread counts and rooms may have changed meanwhile; joins after
                }
                joinRooms();
            } else if constexpr (std::is_same_v<T, Pong>) {
            } else {
                handle(message);
            }
        },
        *decoded);
}

void ChatSession::sendFrame(const ClientMessage &message)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
        return;
    }
    m_socket->sendTextMessage(QString::fromUtf8(toFrame(encodeClient(message))));
}

void ChatSession::joinRooms()
{
    if (!isConnected()) {
        return;
    }
    for (const auto &room : m_rooms->rooms()) {
        if (!m_joinSent.contains(room.id)) {
            m_joinSent.insert(room.id);
            sendFrame(JoinRoom{room.id});
        }
    }
}

void ChatSession::createRoom(const QString &name, bool isPrivate)
{
    auto task = createRoomAsync(name, isPrivate);
    Q_UNUSED(task)
}

QCoro::Task<Status> ChatSession::createRoomAsync(QString name, bool isPrivate)
{
    auto creating = finishRoomCreation(m_api->createChatroom({name.trimmed(), m_spaceId, isPrivate}));
    co_return co_await creating;
}

void ChatSession::renameRoom(const QString &roomId, const QString &name)
{
    auto task = renameRoomAsync(roomId, name);
    Q_UNUSED(task)
}

QCoro::Task<Status> ChatSession::renameRoomAsync(QString roomId, QString name)
{
    auto renaming = finishRoomChange(m_api->renameChatroom(roomId, name.trimmed()), roomId);
    co_return co_await renaming;
}

void ChatSession::deleteRoom(const QString &roomId)
{
    auto task = deleteRoomAsync(roomId);
    Q_UNUSED(task)
}

QCoro::Task<Status> ChatSession::deleteRoomAsync(QString roomId)
{
    auto deleting = finishRoomChange(m_api->deleteChatroom(roomId), {});
    co_return co_await deleting;
}

void ChatSession::inviteToRoom(const QString &roomId, const QString &username)
{
    auto task = inviteToRoomAsync(roomId, username);
    Q_UNUSED(task)
}

QCoro::Task<Status> ChatSession::inviteToRoomAsync(QString roomId, QString username)
{
    auto inviting = finishRoomChange(m_api->addChatMember(roomId, username.trimmed()), roomId);
    co_return co_await inviting;
}

void ChatSession::leaveRoom(const QString &roomId)
{
    auto task = leaveRoomAsync(roomId);
    Q_UNUSED(task)
}

QCoro::Task<Status> ChatSession::leaveRoomAsync(QString roomId)
{
    auto leaving = finishRoomChange(m_api->removeChatMember(roomId, m_session->userId()), {});
    co_return co_await leaving;
}

void ChatSession::openDirect(const QString &userId)
{
    auto task = openDirectAsync(userId);
    Q_UNUSED(task)
}

QCoro::Task<Status> ChatSession::openDirectAsync(QString userId)
{
    auto opening = finishRoomCreation(m_api->directChatroom(userId));
    co_return co_await opening;
}

void ChatSession::deleteMessage(const QString &messageId)
{
    auto task = deleteMessageAsync(m_currentRoomId, messageId);
    Q_UNUSED(task)
}

QCoro::Task<Status> ChatSession::deleteMessageAsync(QString roomId, QString messageId)
{
    QPointer<ChatSession> self(this);
    auto deleting = m_api->deleteMessage(roomId, messageId);
    auto status = co_await deleting;
    if (!self) {
        co_return status;
    }
    if (!status) {
        setError(status.error().message);
    } else if (auto *model = m_models.value(roomId)) {
        model->markDeleted(messageId); // the socket says so too, unless it is down
    }
    co_return status;
}

QCoro::Task<Status> ChatSession::finishRoomChange(QCoro::Task<Status> change, QString selectRoomId)
{
    QPointer<ChatSession> self(this);
    auto status = co_await change;
    if (!self) {
        co_return status;
    }
    if (!status) {
        setError(status.error().message);
        co_return status;
    }
    auto refreshing = refreshAsync();
    co_await refreshing;
    if (self && !selectRoomId.isEmpty() && m_rooms->indexOf(selectRoomId) >= 0) {
        setCurrentRoomId(selectRoomId);
    }
    co_return status;
}

QCoro::Task<Status> ChatSession::finishRoomCreation(QCoro::Task<Result<QString>> creation)
{
    QPointer<ChatSession> self(this);
    auto id = co_await creation;
    if (!self) {
        co_return id ? Status{} : Status(id.error());
    }
    if (!id) {
        setError(id.error().message);
        co_return id.error();
    }
    auto refreshing = refreshAsync();
    co_await refreshing;
    if (self && m_rooms->indexOf(*id) >= 0) {
        setCurrentRoomId(*id);
    }
    co_return Status{};
}

void ChatSession::refresh()
{
    auto task = refreshAsync();
    Q_UNUSED(task)
}

QCoro::Task<Status> ChatSession::refreshAsync()
{
    if (m_spaceId.isEmpty()) {
        co_return Error::invalid(QStringLiteral("no space"));
    }
    QPointer<ChatSession> self(this);
    const auto generation = m_generation;
    m_refreshing = true;
    auto loading = m_api->chatrooms(m_spaceId);
    auto rooms = co_await loading;
    if (!self || generation != m_generation) {
        co_return Error::conflict(QStringLiteral("superseded"));
    }
    // The user's direct rooms follow them into every space's panel.
    if (rooms) {
        auto loadingAll = m_api->chatrooms({});
        auto all = co_await loadingAll;
        if (!self || generation != m_generation) {
            co_return Error::conflict(QStringLiteral("superseded"));
        }
        if (!all) {
            rooms = std::move(all).error();
        } else {
            for (const auto &room : std::as_const(*all)) {
                if (room.kind == ChatroomKind::Direct) {
                    rooms->append(room);
                }
            }
        }
    }
    m_refreshing = false;
    if (!rooms) {
        qCInfo(lcClientChat) << "cannot list rooms:" << rooms.error().message;
        m_listError = rooms.error().message;
        setError(m_listError);
        co_return std::move(rooms).error();
    }
    // Unread counts as the server sees them, except the room on screen (read as it arrives).
    for (auto &room : *rooms) {
        if (room.id == m_currentRoomId && m_viewing) {
            room.unread = 0;
        }
    }
    m_roomsLoaded = true;
    if (!m_listError.isEmpty() && m_errorMessage == m_listError) {
        setError({}); // an earlier failure to list them is over (not another action's)
    }
    m_listError.clear();
    m_rooms->setRooms(std::move(rooms).value());
    if (m_rooms->indexOf(m_currentRoomId) < 0) {
        setCurrentRoomId(m_rooms->roomIdAt(0));
    }
    Q_EMIT currentRoomDetailsChanged(); // a rename, a new owner
    Q_EMIT currentRoomChanged(); // the name in the header
    Q_EMIT presenceChanged();
    joinRooms();
    co_return Status{};
}

void ChatSession::handle(const RoomJoined &joined)
{
    if (m_rooms->indexOf(joined.roomId) < 0) {
        return;
    }
    auto *model = ensureModel(joined.roomId);
    const bool first = model->oldestId().isEmpty();
    model->merge(joined.history);
    if (first) {
        model->setHasMore(joined.history.size() >= HistorySize);
    }
    m_joined.insert(joined.roomId);
    m_rooms->setOnline(joined.roomId, int(joined.users.size()));
    QStringList names;
    for (const auto &user : joined.users) {
        names.append(user.username);
    }
    m_present.insert(joined.roomId, names);
    if (joined.roomId == m_currentRoomId) {
        Q_EMIT presenceChanged();
    }
    resendPending(joined.roomId);
    markReadIfViewing();
}

void ChatSession::handle(const RoomsChanged &)
{
    refresh(); // a new room (or direct conversation) appears, renamed ones change
}

void ChatSession::handle(const MessageDeleted &deleted)
{
    if (auto *model = m_models.value(deleted.roomId)) {
        model->markDeleted(deleted.messageId);
    }
}

void ChatSession::handle(const MessageReceived &received)
{
    const auto &message = received.message;
    if (m_rooms->indexOf(message.roomId) < 0) {
        return;
    }
    auto *model = ensureModel(message.roomId);
    if (!received.clientMsgId.isEmpty() && model->acknowledge(received.clientMsgId, message)) {
        return;
    }
    if (model->merge({message}) == 0) {
        return; // seen already (a retry's second acknowledgement, a history overlap)
    }
    if (message.senderId == m_userId) {
        return; // sent from another of the user's devices
    }
    auto &typing = m_typing[message.roomId];
    if (typing.remove(message.senderId) > 0 && message.roomId == m_currentRoomId) {
        Q_EMIT typingChanged();
    }
    if (message.roomId == m_currentRoomId && m_viewing) {
        markReadIfViewing();
    } else {
        m_rooms->addUnread(message.roomId);
    }
    // An @mention notifies even in a muted room and in the window's own, unless it is on screen.
    const bool onScreen = message.roomId == m_currentRoomId && m_viewing && m_windowActive;
    const bool muted = m_settings && m_settings->isRoomMuted(message.roomId);
    if (ChatMentions::mentions(message.content, m_session->username()) && !onScreen) {
        m_notifier->notify(tr("%1 mentioned you in #%2").arg(message.senderName, m_rooms->name(message.roomId)),
            message.content.left(200));
    } else if (!m_windowActive && !muted) {
        m_notifier->notify(
            tr("%1 in #%2").arg(message.senderName, m_rooms->name(message.roomId)), message.content.left(200));
    }
}

void ChatSession::handle(const PresenceUpdate &presence)
{
    m_rooms->setOnline(presence.roomId, int(presence.users.size()));
    QStringList names;
    for (const auto &user : presence.users) {
        names.append(user.username);
    }
    m_present.insert(presence.roomId, names);
    if (presence.roomId == m_currentRoomId) {
        Q_EMIT presenceChanged();
    }
}

void ChatSession::handle(const UserTyping &typing)
{
    if (typing.userId == m_userId || m_rooms->indexOf(typing.roomId) < 0) {
        return;
    }
    m_typing[typing.roomId].insert(typing.userId, TypingUser{typing.username, m_clock.elapsed() + TypingShownMs});
    updateTypingTimer();
    if (typing.roomId == m_currentRoomId) {
        Q_EMIT typingChanged();
    }
}

void ChatSession::handle(const RoomLeft &left)
{
    qCInfo(lcClientChat) << "left room" << left.roomId << left.reason;
    m_joined.remove(left.roomId);
    m_joinSent.remove(left.roomId);
    m_rooms->remove(left.roomId);
    if (left.roomId == m_currentRoomId) {
        setCurrentRoomId(m_rooms->roomIdAt(0));
    }
    if (auto *model = m_models.take(left.roomId)) {
        model->deleteLater();
    }
}

void ChatSession::handle(const ErrorMessage &error)
{
    qCInfo(lcClientChat) << "error" << error.code << error.message << error.roomId << error.clientMsgId;
    if (!error.clientMsgId.isEmpty()) {
        for (auto *model : std::as_const(m_models)) {
            if (model->indexOfClientMsgId(error.clientMsgId) >= 0) {
                const QString reason = error.code == ErrorCodes::RateLimited
                    ? tr("Too many messages. Wait a moment, then retry.")
                    : error.message;
                model->setState(error.clientMsgId, MessageListModel::State::Failed, reason);
                return;
            }
        }
        return;
    }
    if (error.code == ErrorCodes::Unauthorized) {
        setError(tr("The chat server did not accept your sign-in."));
        return;
    }
    if (error.code == ErrorCodes::Forbidden || error.code == ErrorCodes::NotFound) {
        m_joined.remove(error.roomId);
        m_joinSent.remove(error.roomId);
        return;
    }
    if (error.code == ErrorCodes::RateLimited) {
        setError(tr("Too many messages. Wait a moment, then try again."));
    }
}

void ChatSession::resendPending(const QString &roomId)
{
    auto *model = m_models.value(roomId);
    if (!model) {
        return;
    }
    const auto pending = model->unacknowledged(MessageListModel::State::Pending);
    for (const auto &entry : pending) {
        sendFrame(SendMessage{roomId, entry.message.content, entry.clientMsgId});
    }
}

void ChatSession::markReadIfViewing()
{
    if (!m_viewing || m_currentRoomId.isEmpty()) {
        return;
    }
    m_rooms->setUnread(m_currentRoomId, 0);
    const auto *model = m_models.value(m_currentRoomId);
    if (!model || !m_joined.contains(m_currentRoomId)) {
        return;
    }
    const auto newest = model->newestId();
    if (newest.isEmpty() || m_markedRead.value(m_currentRoomId) == newest) {
        return;
    }
    m_markedRead.insert(m_currentRoomId, newest);
    sendFrame(MarkRead{m_currentRoomId, newest});
}

QString ChatSession::typingText() const
{
    const auto users = m_typing.value(m_currentRoomId);
    QStringList names;
    for (const auto &user : users) {
        names.append(user.username);
    }
    names.sort(Qt::CaseInsensitive);
    switch (names.size()) {
    case 0:
        return {};
    case 1:
        return tr("%1 is typing…").arg(names.at(0));
    case 2:
        return tr("%1 and %2 are typing…").arg(names.at(0), names.at(1));
    default:
        return tr("Several people are typing…");
    }
}

void ChatSession::updateTypingTimer()
{
    qint64 earliest = -1;
    for (const auto &room : std::as_const(m_typing)) {
        for (const auto &user : room) {
            if (earliest < 0 || user.until < earliest) {
                earliest = user.until;
            }
        }
    }
    if (earliest < 0) {
        m_typingTimer.stop();
        return;
    }
    m_typingTimer.start(int(std::max<qint64>(0, earliest - m_clock.elapsed())));
}

void ChatSession::expireTyping()
{
    const auto now = m_clock.elapsed();
    bool currentChanged = false;
    for (auto room = m_typing.begin(); room != m_typing.end();) {
        for (auto user = room->begin(); user != room->end();) {
            if (user->until <= now) {
                currentChanged = currentChanged || room.key() == m_currentRoomId;
                user = room->erase(user);
            } else {
                ++user;
            }
        }
        room = room->isEmpty() ? m_typing.erase(room) : std::next(room);
    }
    updateTypingTimer();
    if (currentChanged) {
        Q_EMIT typingChanged();
    }
}

QString ChatSession::newClientMsgId()
{
    return m_clientMsgIdPrefix + QLatin1Char('-') + QString::number(++m_nextClientMsgId);
}

QString ChatSession::send(const QString &text)
{
    return sendTo(m_currentRoomId, text);
}

QString ChatSession::sendTo(const QString &roomId, const QString &text)
{
    if (roomId.isEmpty() || m_rooms->indexOf(roomId) < 0) {
        setError(tr("Choose a room first."));
        return {};
    }
    const QString trimmed = text.trimmed();
    if (const auto valid = Validation::chatMessage(trimmed); !valid) {
        const auto fields = valid.error().fields;
        setError(fields.isEmpty() ? valid.error().message : fields.first().message);
        return {};
    }
    setError({});
    const QString clientMsgId = newClientMsgId();
    Message message;
    message.roomId = roomId;
    message.senderId = m_userId;
    message.senderName = m_session->username();
    message.content = trimmed;
    message.timestamp = QDateTime::currentDateTimeUtc();
    ensureModel(roomId)->addPending(message, clientMsgId);
    if (m_joined.contains(roomId)) {
        sendFrame(SendMessage{roomId, trimmed, clientMsgId});
    }
    // Whatever was typed is sent now: the next keystroke starts a new typing notice.
    m_lastTypingSent = -TypingIntervalMs;
    return clientMsgId;
}

void ChatSession::retry(const QString &clientMsgId)
{
    for (auto *model : std::as_const(m_models)) {
        const int row = model->indexOfClientMsgId(clientMsgId);
        if (row < 0) {
            continue;
        }
        const auto entry = model->entries().at(row);
        model->setState(clientMsgId, MessageListModel::State::Pending);
        if (m_joined.contains(model->roomId())) {
            sendFrame(SendMessage{model->roomId(), entry.message.content, clientMsgId});
        }
        return;
    }
}

void ChatSession::userTyping()
{
    if (!m_joined.contains(m_currentRoomId)) {
        return;
    }
    const auto now = m_clock.elapsed();
    if (now - m_lastTypingSent < TypingIntervalMs) {
        return;
    }
    m_lastTypingSent = now;
    sendFrame(Typing{m_currentRoomId});
}

void ChatSession::loadOlder()
{
    auto task = loadOlderAsync(m_currentRoomId);
    Q_UNUSED(task)
}

QCoro::Task<Status> ChatSession::loadOlderAsync(QString roomId)
{
    auto *model = m_models.value(roomId);
    if (!model || model->isLoadingOlder() || !model->hasMore()) {
        co_return Error::conflict(QStringLiteral("nothing to load"));
    }
    QPointer<MessageListModel> target(model);
    model->setLoadingOlder(true);
    Rest::MessageHistoryQuery query;
    query.before = model->oldestId();
    query.limit = PageSize;
    auto loading = m_api->messages(roomId, query);
    auto page = co_await loading;
    if (!target) {
        co_return Error::conflict(QStringLiteral("superseded"));
    }
    target->setLoadingOlder(false);
    if (!page) {
        setError(page.error().message);
        co_return std::move(page).error();
    }
    target->prependPage(page->messages, page->hasMore);
    co_return Status{};
}

void ChatSession::activateMessage(int row)
{
    const auto *model = messages();
    if (!model || row < 0 || row >= model->rowCount()) {
        return;
    }
    const auto &entry = model->entries().at(row);
    if (entry.message.id.isEmpty() && entry.state == MessageListModel::State::Failed) {
        retry(entry.clientMsgId);
        return;
    }
    if (const auto found = MessageListModel::links(entry.message.content); !found.isEmpty()) {
        openLink(found.first());
    }
}

bool ChatSession::openLink(const QString &url)
{
    const QUrl link(url, QUrl::StrictMode);
    const auto scheme = link.scheme().toLower();
    if (!link.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        qCInfo(lcClientChat) << "refused to open a link:" << url.left(100);
        return false;
    }
    ++m_openedLinks;
    m_lastOpenedLink = link.toString();
    Q_EMIT openedLinksChanged();
    return m_linkOpener ? m_linkOpener(link) : QDesktopServices::openUrl(link);
}

} // namespace Metaverse
