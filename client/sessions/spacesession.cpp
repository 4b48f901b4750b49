// SPDX-License-Identifier: GPL-3.0-or-later
#include "spacesession.h"

#include "model/spaceaccess.h"
#include "models/nearbyelementsmodel.h"
#include "models/occupantmodel.h"
#include "models/occupantviewmodel.h"
#include "models/palettemodel.h"
#include "models/placedelementmodel.h"
#include "net/apiclient.h"
#include "session.h"

#include <QLoggingCategory>
#include <QRegularExpression>

#include <algorithm>

namespace Metaverse
{

namespace
{
Q_LOGGING_CATEGORY(lcClientSpace, "metaverse.client.space", QtInfoMsg)

// The seed dialect's close codes (docs/api/websocket.md).
constexpr int CloseReplaced = 4001;
constexpr int CloseRevoked = 4003; // removed from the space or banned
constexpr int CloseSpaceDeleted = 4004;
constexpr int CloseKicked = 4006;
constexpr int CloseSpaceFull = 4009; // lineage clients only; seed clients get `space-full`
constexpr int CloseSessionEnded = 4010;
constexpr int CloseTokenExpired = 4011;
constexpr int ClosePolicy = 1008;

using namespace SpaceProtocol;
} // namespace

SpaceSession::SpaceSession(ApiClient *api, Session *session, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_session(session)
    , m_occupants(new OccupantModel(this))
    , m_occupantsInView(new OccupantViewModel(this))
    , m_elements(new PlacedElementModel(this))
    , m_palette(new PaletteModel(this))
    , m_nearby(new NearbyElementsModel(m_elements, this))
    , m_walker(
          std::make_unique<SpaceWalker>(&m_layout.occupancy(), [this](const ClientMessage &message) { send(message); }))
    , m_editor(std::make_unique<SpaceEditor>(
          m_palette, m_elements, &m_layout, [this](const ClientMessage &message) { send(message); },
          [this](const QString &path) { return resolve(path); }))
{
    m_occupantsInView->setSourceModel(m_occupants);
    const auto resolver = [this](const QString &path) { return resolve(path); };
    m_elements->setUrlResolver(resolver);
    m_palette->setUrlResolver(resolver);
    m_nearby->setUrlResolver(resolver);
    connect(this, &SpaceSession::positionChanged, this, &SpaceSession::updateNearby);
    connect(this, &SpaceSession::stateChanged, this, &SpaceSession::updateNearby);
    m_walker->setStepIntervalMs(DefaultStepIntervalMs);
    connect(m_walker.get(), &SpaceWalker::positionChanged, this, [this] {
        m_occupants->move(m_userId, m_walker->position());
        Q_EMIT positionChanged();
    });
    connect(m_walker.get(), &SpaceWalker::walkingChanged, this, &SpaceSession::walkingChanged);
    connect(m_walker.get(), &SpaceWalker::blocked, this, &SpaceSession::blocked);
    connect(m_editor.get(), &SpaceEditor::canEditChanged, this, &SpaceSession::canEditChanged);
    connect(m_editor.get(), &SpaceEditor::canUndoChanged, this, &SpaceSession::canUndoChanged);
    connect(m_editor.get(), &SpaceEditor::editErrorChanged, this, &SpaceSession::editErrorChanged);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &SpaceSession::reconnectNow);
    connect(m_session, &Session::statusChanged, this, [this] {
        if (!m_session->isSignedIn() && m_state != State::Idle) {
            leave();
        }
    });
}

SpaceSession::~SpaceSession()
{
    ++m_generation;
    closeSocket();
}

QUrl SpaceSession::resolve(const QString &path) const
{
    return m_api->resolve(path);
}

void SpaceSession::setState(State state, const QString &error)
{
    if (state == m_state && error == m_errorMessage) {
        return;
    }
    m_state = state;
    m_errorMessage = error;
    m_walker->setActive(state == State::Joined);
    Q_EMIT stateChanged();
}

void SpaceSession::clearEditError()
{
    m_editor->setEditError({});
}

void SpaceSession::setStatus(const QString &status)
{
    const auto parsed = parseStatus(status);
    if (!parsed) {
        qCWarning(lcClientSpace) << "ignoring an unknown status" << status;
        return;
    }
    if (*parsed == m_status) {
        return;
    }
    m_status = *parsed;
    if (m_joined) {
        m_occupants->setStatus(m_userId, status);
        send(SetStatus{m_status});
    }
    // Not joined: the next join carries it.
    Q_EMIT statusChanged();
}

// --- entering, leaving, reconnecting -------------------------------------------------------------

void SpaceSession::enter(const QString &spaceId)
{
    if (spaceId == m_spaceId && !m_preview && (m_state == State::Loading || m_state == State::Joined)) {
        return;
    }
    start(spaceId, false);
}

void SpaceSession::previewTemplate(const QString &spaceId)
{
    if (spaceId == m_spaceId && m_preview && (m_state == State::Loading || m_state == State::Previewing)) {
        return;
    }
    start(spaceId, true);
}

void SpaceSession::start(const QString &spaceId, bool preview)
{
    leave();
    m_spaceId = spaceId;
    m_preview = preview;
    m_reconnect.reset();
    m_rejoiningAfterSessionEnd = false;
    m_walker->resetCorrections();
    setState(State::Loading);
    Q_EMIT spaceChanged();
    connectAsync(++m_generation);
}

void SpaceSession::leave()
{
    ++m_generation;
    m_reconnectTimer.stop();
    m_walker->halt();
    if (m_socket && m_joined) {
        send(Leave{});
    }
    closeSocket();
    m_spaceId.clear();
    m_space = Space{};
    m_layout = SpaceLayout();
    m_userId.clear();
    m_occupants->clear();
    m_elements->clear();
    m_palette->setSelectedElementId({});
    m_palette->setFilter({});
    m_editor->clear();
    m_reconnect.reset();
    m_preview = false;
    if (m_canManage) {
        m_canManage = false;
        Q_EMIT canEditChanged();
    }
    setState(State::Idle);
    Q_EMIT spaceChanged();
}

void SpaceSession::reconnectNow()
{
    if (m_spaceId.isEmpty() || m_preview || m_state == State::Joined || m_state == State::Failed) {
        return;
    }
    m_reconnectTimer.stop();
    connectAsync(++m_generation);
}

void SpaceSession::scheduleReconnect(const QString &reason)
{
    m_joined = false;
    m_editor->setJoined(false);
    m_walker->halt();
    m_editor->forgetPending();
    const int delay = m_reconnect.nextDelayMs();
    qCInfo(lcClientSpace) << "connection to space" << m_spaceId << "lost:" << reason << "- retry"
                          << m_reconnect.attempts() << "in" << delay << "ms";
    setState(State::Reconnecting, reason);
    m_reconnectTimer.start(delay);
}

QCoro::Task<void> SpaceSession::connectAsync(quint64 generation)
{
    QPointer<SpaceSession> self(this);
    closeSocket();
    const QString spaceId = m_spaceId;
    auto reading = m_api->space(spaceId);
    auto space = co_await reading;
    if (!self || m_generation != generation) {
        co_return;
    }
    if (!space) {
        // The one status mapping is ApiClient's; the space page words the refusals for a space.
        const auto &error = space.error();
        if (ApiClient::isTransient(error)) {
            scheduleReconnect(error.message);
        } else if (m_rejoiningAfterSessionEnd &&
            (error.code == ErrorCode::Forbidden || error.code == ErrorCode::Unauthenticated)) {
            // The rejoin after a 4010 was refused (the lineage's 403 for an ended session, or a
            // role change that took the access away): say why the space was left.
            setState(State::Failed, closeExplanation(CloseSessionEnded, {}));
        } else if (error.code == ErrorCode::Forbidden) {
            setState(State::Failed, tr("You have no access to this space."));
        } else if (error.code == ErrorCode::NotFound || error.code == ErrorCode::Invalid) {
            setState(State::Failed, tr("This space does not exist (any more)."));
        } else {
            setState(State::Failed, error.message);
        }
        co_return;
    }

    if (m_palette->isEmpty()) {
        auto catalogue = m_api->elements();
        auto elements = co_await catalogue;
        if (!self || m_generation != generation) {
            co_return;
        }
        if (elements) {
            m_palette->setElements(std::move(elements).value());
        } else {
            qCInfo(lcClientSpace) << "element catalogue:" << elements.error().message;
        }
    }

    // Edit rights: common's SpaceAccess, the rule the server enforces. The space does not say
    // whether we are a member; the member list does, when the answer depends on it.
    const User &me = m_session->user();
    Membership membership = Membership::None;
    if (SpaceAccess::needsMembership(me, *space)) {
        auto listing = m_api->members(spaceId);
        const auto members = co_await listing;
        if (!self || m_generation != generation) {
            co_return;
        }
        if (members) {
            membership = SpaceAccess::membershipIn(*members, me.id);
        }
    }
    applySpace(*space);
    if (m_preview) {
        m_editor->setCanEdit(false);
        setState(State::Previewing);
        co_return;
    }
    m_editor->setCanEdit(SpaceAccess::canEdit(me, *space, membership));
    const bool canManage = SpaceAccess::canManage(me, *space);
    if (canManage != m_canManage) {
        m_canManage = canManage;
        Q_EMIT canEditChanged();
    }
    openSocket();
}

void SpaceSession::applySpace(const Space &space)
{
    const bool changed = space.name != m_space.name || space.size != m_space.size;
    m_space = space;
    m_layout = SpaceLayout(space);
    m_elements->reset(space.elements);
    m_editor->pruneUndo();
    if (changed) {
        Q_EMIT spaceChanged();
    }
}

void SpaceSession::openSocket()
{
    QUrl url = m_api->baseUrl();
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(url.path() + QStringLiteral("/ws/space"));
    m_socket = std::make_unique<QWebSocket>();
    auto *socket = m_socket.get();
    connect(socket, &QWebSocket::connected, this, &SpaceSession::onConnected);
    connect(socket, &QWebSocket::disconnected, this, &SpaceSession::onDisconnected);
    connect(socket, &QWebSocket::textMessageReceived, this, &SpaceSession::onFrame);
    qCDebug(lcClientSpace) << "connecting to" << url;
    socket->open(url);
}

void SpaceSession::closeSocket()
{
    m_joined = false;
    m_editor->setJoined(false);
    if (!m_socket) {
        return;
    }
    // The socket may be inside one of its own signals: disconnect it and delete it later.
    auto *socket = m_socket.release();
    socket->disconnect(this);
    socket->close();
    socket->deleteLater();
}

void SpaceSession::onConnected()
{
    Join join;
    join.spaceId = m_spaceId;
    join.token = m_api->token();
    join.status = m_status;
    m_joinStatus = m_status;
    send(join);
}

void SpaceSession::onDisconnected()
{
    if (!m_socket) {
        return;
    }
    const int code = int(m_socket->closeCode());
    const auto reason = m_socket->closeReason();
    closeSocket();
    if (code == CloseSessionEnded && !m_rejoiningAfterSessionEnd) {
        qCInfo(lcClientSpace) << "the server ended the session on this socket; rejoining once:" << reason;
        m_rejoiningAfterSessionEnd = true;
        scheduleReconnect(tr("Your account changed. Reconnecting…"));
        return;
    }
    if (const auto why = closeExplanation(code, reason); !why.isEmpty()) {
        qCInfo(lcClientSpace) << "the server closed the socket:" << code << reason;
        // Nobody is shown as still here with us (the map stays, for context).
        m_occupants->clear();
        setState(State::Failed, why);
        return;
    }
    scheduleReconnect(tr("The connection to the server was lost. Reconnecting…"));
}

QString SpaceSession::closeExplanation(int code, const QString &reason)
{
    switch (code) {
    case CloseSpaceDeleted:
        return tr("This space was deleted.");
    case CloseReplaced:
        return tr("You entered this space from another window, so this one left it.");
    case CloseRevoked:
        // The reasons of docs/api/websocket.md: "banned from the space", "removed from the space".
        return reason.contains(QLatin1String("banned"))
            ? tr("You were banned from this space by its owner or an Admin.")
            : tr("You were removed from this space by its owner or an Admin.");
    case CloseKicked: {
        // "kicked from the space; you may rejoin in N s"
        static const QRegularExpression seconds(QStringLiteral("(\\d+)\\s*s\\b"));
        const auto match = seconds.match(reason);
        if (!match.hasMatch()) {
            return tr("You were kicked out of this space by its owner or an Admin.");
        }
        const int wait = match.captured(1).toInt();
        if (wait <= 0) {
            return tr("You were kicked out of this space by its owner or an Admin. You may come back at once.");
        }
        return wait >= 60 ? tr("You were kicked out of this space by its owner or an Admin. You may come back in %n "
                               "minute(s).",
                                nullptr, (wait + 59) / 60)
                          : tr("You were kicked out of this space by its owner or an Admin. You may come back in %n "
                               "second(s).",
                                nullptr, wait);
    }
    case CloseSpaceFull:
        return tr("This space is full. Try again later.");
    case CloseSessionEnded:
        return tr("Your session ended: you signed out on another device, your password or your role changed. Enter "
                  "the space again, or sign in again.");
    case CloseTokenExpired:
        return tr("Your sign-in expired. Sign in again to come back to this space.");
    case ClosePolicy:
        return tr("The server closed the connection: %1").arg(reason);
    default:
        return {};
    }
}

void SpaceSession::send(const ClientMessage &message)
{
    if (m_socket && m_socket->isValid()) {
        m_socket->sendTextMessage(QString::fromUtf8(toFrame(encodeClient(message, Dialect::Seed))));
    }
}

void SpaceSession::onFrame(const QString &frame)
{
    const auto messages = decodeServerFrame(frame.toUtf8(), Dialect::Seed);
    if (!messages) {
        qCWarning(lcClientSpace) << "unreadable frame:" << messages.error().message;
        return;
    }
    for (const auto &message : *messages) {
        handle(message);
        if (!m_socket) {
            return; // the session ended inside handle()
        }
    }
}

void SpaceSession::handle(const ServerMessage &message)
{
    if (const auto *joined = std::get_if<Joined>(&message)) {
        m_joined = true;
        m_editor->setJoined(true);
        m_userId = joined->userId;
        m_walker->placeAt(joined->position);
        QList<OccupantModel::Occupant> people;
        people.append({joined->userId, m_session->username(), m_session->avatarUrl(), joined->position, true,
            statusName(m_status)});
        for (const auto &user : joined->users) {
            people.append(
                {user.userId, user.username, resolve(user.avatarUrl), user.position, false, statusName(user.status)});
        }
        // A full reset: a rejoin after a lost connection never duplicates anyone.
        m_occupants->reset(std::move(people));
        if (m_status != m_joinStatus) {
            send(SetStatus{m_status}); // changed while the join was on its way
        }
        m_reconnect.reset();
        m_rejoiningAfterSessionEnd = false;
        setState(State::Joined);
        Q_EMIT spaceChanged();
        Q_EMIT positionChanged();
        return;
    }
    if (const auto *joinedUser = std::get_if<UserJoined>(&message)) {
        const auto &user = joinedUser->user;
        m_occupants->upsert(
            {user.userId, user.username, resolve(user.avatarUrl), user.position, false, statusName(user.status)});
        return;
    }
    if (const auto *changed = std::get_if<StatusChanged>(&message)) {
        if (changed->userId != m_userId) {
            m_occupants->setStatus(changed->userId, statusName(changed->status));
        }
        return;
    }
    if (const auto *moved = std::get_if<UserMoved>(&message)) {
        if (moved->userId != m_userId) {
            m_occupants->move(moved->userId, moved->position);
        }
        return;
    }
    if (const auto *rejected = std::get_if<MoveRejected>(&message)) {
        // The prediction was wrong: the server's position wins.
        m_walker->correct(rejected->position);
        return;
    }
    if (const auto *left = std::get_if<UserLeft>(&message)) {
        m_occupants->remove(left->userId);
        return;
    }
    if (const auto *placed = std::get_if<ElementPlaced>(&message)) {
        const auto &element = placed->placed;
        m_layout.place(element);
        m_elements->add(element);
        m_editor->elementPlaced(element);
        return;
    }
    if (const auto *movedElement = std::get_if<ElementMoved>(&message)) {
        if (m_layout.move(movedElement->id, movedElement->position)) {
            m_elements->move(movedElement->id, movedElement->position);
        }
        return;
    }
    if (const auto *removed = std::get_if<ElementRemoved>(&message)) {
        if (m_layout.remove(removed->id)) {
            m_elements->remove(removed->id);
        }
        m_editor->elementRemoved(removed->id);
        return;
    }
    if (const auto *error = std::get_if<ErrorMessage>(&message)) {
        qCInfo(lcClientSpace) << "server error" << error->code << error->message;
        if (!m_joined) {
            // The join was refused: retrying would not help (except when the server is busy).
            if (error->code == ErrorCodes::Unavailable || error->code == ErrorCodes::RateLimited) {
                closeSocket();
                scheduleReconnect(error->message);
            } else {
                closeSocket();
                // A refused join says why (a kick's cooldown, a ban) in its message.
                setState(State::Failed,
                    m_rejoiningAfterSessionEnd &&
                            (error->code == ErrorCodes::Unauthorized || error->code == ErrorCodes::Forbidden)
                        ? closeExplanation(CloseSessionEnded, {})
                        : error->code == ErrorCodes::Forbidden
                        ? tr("You have no access to this space: %1").arg(error->message)
                        : error->code == ErrorCodes::NotFound  ? tr("This space does not exist (any more).")
                        : error->code == ErrorCodes::SpaceFull ? tr("This space is full. Try again later.")
                                                               : error->message);
            }
            return;
        }
        m_editor->serverError(error->code, error->message);
        return;
    }
}

// --- movement and editing: the walker's and the editor's, behind the API QML knows -------------

bool SpaceSession::isFree(int x, int y) const
{
    return !m_layout.isBlocked({x, y});
}

bool SpaceSession::step(int dx, int dy)
{
    return m_walker->step(dx, dy);
}

void SpaceSession::hold(int dx, int dy)
{
    m_walker->hold(dx, dy);
}

void SpaceSession::release(int dx, int dy)
{
    m_walker->release(dx, dy);
}

bool SpaceSession::walkTo(int x, int y)
{
    return m_walker->walkTo({x, y});
}

bool SpaceSession::goToUser(const QString &userId)
{
    const auto *occupant = m_occupants->find(userId);
    if (!occupant || occupant->isSelf) {
        return false;
    }
    return m_walker->walkTo(occupant->position);
}

bool SpaceSession::goToElement(const QString &placedId)
{
    const auto *placed = m_elements->find(placedId);
    return placed && m_walker->walkNextTo(placed->footprint());
}

void SpaceSession::stopWalking()
{
    m_walker->stopWalking();
}

void SpaceSession::updateNearby()
{
    const bool inside = m_state == State::Joined || m_state == State::Reconnecting;
    m_nearby->setOrigin(inside ? std::optional<Point>(m_walker->position()) : std::nullopt);
}

bool SpaceSession::locate(const QString &userId)
{
    const auto *occupant = m_occupants->find(userId);
    if (!occupant) {
        return false;
    }
    Q_EMIT locateRequested(occupant->position.x, occupant->position.y);
    return true;
}

void SpaceSession::lookAt(int x, int y)
{
    if (Grid::isInside({x, y}, m_space.size)) {
        Q_EMIT locateRequested(x, y);
    }
}

bool SpaceSession::canPlace(const QString &elementId, int x, int y) const
{
    return m_editor->canPlace(elementId, x, y);
}

bool SpaceSession::canMoveElement(const QString &placedId, int x, int y) const
{
    return m_editor->canMoveElement(placedId, x, y);
}

QVariantMap SpaceSession::elementInfo(const QString &placedId) const
{
    return m_editor->elementInfo(placedId);
}

QString SpaceSession::elementAt(int x, int y) const
{
    return m_elements->topmostAt({x, y});
}

bool SpaceSession::placeElement(const QString &elementId, int x, int y)
{
    return m_editor->placeElement(elementId, x, y);
}

bool SpaceSession::moveElement(const QString &placedId, int x, int y)
{
    return m_editor->moveElement(placedId, x, y);
}

bool SpaceSession::removeElement(const QString &placedId)
{
    return m_editor->removeElement(placedId);
}

bool SpaceSession::undoPlacement()
{
    return m_editor->undoPlacement();
}

void SpaceSession::setViewport(int x, int y, int width, int height)
{
    const QRect tiles(x, y, std::max(width, 0), std::max(height, 0));
    m_elements->setViewport(tiles);
    m_occupantsInView->setViewport(tiles);
}

} // namespace Metaverse
