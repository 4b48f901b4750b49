// SPDX-License-Identifier: GPL-3.0-or-later
#include "spacesession.h"

#include "grid/pathfinder.h"
#include "models/nearbyelementsmodel.h"
#include "models/occupantmodel.h"
#include "models/occupantviewmodel.h"
#include "models/palettemodel.h"
#include "models/placedelementmodel.h"
#include "net/apiclient.h"
#include "session.h"

#include <QLoggingCategory>

#include <algorithm>

namespace Metaverse
{

namespace
{
Q_LOGGING_CATEGORY(lcClientSpace, "metaverse.client.space", QtInfoMsg)

// The seed dialect's close codes (docs/api/websocket.md).
constexpr int CloseReplaced = 4001;
constexpr int CloseSpaceDeleted = 4004;
constexpr int ClosePolicy = 1008;
// A walk gives up after this many re-plans in a row (someone keeps blocking the way).
constexpr int MaxReplans = 5;
// A path search never looks at more tiles than this (a 1000x1000 space is 1,000,000 tiles).
constexpr qsizetype MaxSearch = 1000 * 1000;

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
{
    m_occupantsInView->setSourceModel(m_occupants);
    const auto resolver = [this](const QString &path) { return resolve(path); };
    m_elements->setUrlResolver(resolver);
    m_palette->setUrlResolver(resolver);
    m_nearby->setUrlResolver(resolver);
    connect(this, &SpaceSession::positionChanged, this, &SpaceSession::updateNearby);
    connect(this, &SpaceSession::stateChanged, this, &SpaceSession::updateNearby);
    m_stepTimer.setInterval(DefaultStepIntervalMs);
    connect(&m_stepTimer, &QTimer::timeout, this, &SpaceSession::tick);
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
    Q_EMIT stateChanged();
}

void SpaceSession::setPosition(Point position)
{
    if (position == m_position) {
        return;
    }
    m_position = position;
    m_occupants->move(m_userId, position);
    Q_EMIT positionChanged();
}

void SpaceSession::setWalking(bool walking)
{
    if (walking == m_walking) {
        return;
    }
    m_walking = walking;
    Q_EMIT walkingChanged();
}

void SpaceSession::setEditError(const QString &message)
{
    if (message == m_editError) {
        return;
    }
    m_editError = message;
    Q_EMIT editErrorChanged();
}

void SpaceSession::clearEditError()
{
    setEditError({});
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

void SpaceSession::setCanEdit(bool canEdit)
{
    if (canEdit == m_canEdit) {
        return;
    }
    m_canEdit = canEdit;
    Q_EMIT canEditChanged();
}

// --- entering, leaving, reconnecting -------------------------------------------------------------

void SpaceSession::enter(const QString &spaceId)
{
    if (spaceId == m_spaceId && (m_state == State::Loading || m_state == State::Joined)) {
        return;
    }
    leave();
    m_spaceId = spaceId;
    m_reconnect.reset();
    m_corrections = 0;
    setState(State::Loading);
    Q_EMIT spaceChanged();
    connectAsync(++m_generation);
}

void SpaceSession::leave()
{
    ++m_generation;
    m_reconnectTimer.stop();
    stopWalking();
    m_held.reset();
    m_queuedStep.reset();
    updateTimer();
    if (m_socket && m_joined) {
        send(Leave{});
    }
    closeSocket();
    m_spaceId.clear();
    m_space = Space{};
    m_occupancy = Occupancy(Size{0, 0});
    m_userId.clear();
    m_occupants->clear();
    m_elements->clear();
    m_pendingPlacements.clear();
    m_palette->setSelectedElementId({});
    m_palette->setFilter({});
    if (!m_undo.isEmpty()) {
        m_undo.clear();
        Q_EMIT canUndoChanged();
    }
    setEditError({});
    setCanEdit(false);
    m_reconnect.reset();
    setState(State::Idle);
    Q_EMIT spaceChanged();
}

void SpaceSession::reconnectNow()
{
    if (m_spaceId.isEmpty() || m_state == State::Joined || m_state == State::Failed) {
        return;
    }
    m_reconnectTimer.stop();
    connectAsync(++m_generation);
}

void SpaceSession::scheduleReconnect(const QString &reason)
{
    m_joined = false;
    stopWalking();
    m_held.reset();
    m_queuedStep.reset();
    updateTimer();
    m_pendingPlacements.clear();
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

    // Edit rights as the server decides them (docs/architecture.md, SpaceService): Admins
    // everywhere, the owner in their space (templates: Admins only), members with canEdit. The
    // space itself does not say, so the member list does.
    const User &me = m_session->user();
    bool edit = me.isAdmin() || (!space->isTemplate && space->creatorId == me.id);
    if (!edit && !space->isTemplate) {
        auto listing = m_api->members(spaceId);
        const auto members = co_await listing;
        if (!self || m_generation != generation) {
            co_return;
        }
        if (members) {
            for (const auto &member : *members) {
                if (member.userId == me.id) {
                    edit = member.canEdit;
                }
            }
        }
    }
    applySpace(*space);
    setCanEdit(edit);
    openSocket();
}

void SpaceSession::applySpace(const Space &space)
{
    const bool changed = space.name != m_space.name || space.size != m_space.size;
    m_space = space;
    m_occupancy = Occupancy(space.size);
    for (const auto &placed : space.elements) {
        if (placed.element.isStatic) {
            m_occupancy.block(placed.footprint());
        }
    }
    m_elements->reset(space.elements);
    // Undo only what is still there.
    const auto before = m_undo.size();
    m_undo.erase(
        std::remove_if(m_undo.begin(), m_undo.end(), [this](const QString &id) { return !m_elements->find(id); }),
        m_undo.end());
    if (before != m_undo.size()) {
        Q_EMIT canUndoChanged();
    }
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
    if (code == CloseSpaceDeleted) {
        setState(State::Failed, tr("This space was deleted."));
        return;
    }
    if (code == CloseReplaced) {
        setState(State::Failed, tr("You entered this space from another window, so this one left it."));
        return;
    }
    if (code == ClosePolicy) {
        setState(State::Failed, tr("The server closed the connection: %1").arg(reason));
        return;
    }
    scheduleReconnect(tr("The connection to the server was lost. Reconnecting…"));
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
        m_userId = joined->userId;
        m_position = joined->position;
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
        ++m_corrections;
        m_position = Point{-1, -1}; // force the change notification
        setPosition(rejected->position);
        if (m_goal && m_replans < MaxReplans) {
            ++m_replans;
            planWalk(*m_goal);
        } else {
            stopWalking();
        }
        return;
    }
    if (const auto *left = std::get_if<UserLeft>(&message)) {
        m_occupants->remove(left->userId);
        return;
    }
    if (const auto *placed = std::get_if<ElementPlaced>(&message)) {
        const auto &element = placed->placed;
        if (const auto *old = m_elements->find(element.id); old && old->element.isStatic) {
            m_occupancy.unblock(old->footprint());
        }
        m_elements->add(element);
        if (element.element.isStatic) {
            m_occupancy.block(element.footprint());
        }
        const auto mine =
            std::find_if(m_pendingPlacements.begin(), m_pendingPlacements.end(), [&](const PendingPlacement &p) {
                return p.elementId == element.element.id && p.position == element.position;
            });
        if (mine != m_pendingPlacements.end()) {
            m_pendingPlacements.erase(mine);
            m_undo.append(element.id);
            Q_EMIT canUndoChanged();
        }
        return;
    }
    if (const auto *movedElement = std::get_if<ElementMoved>(&message)) {
        if (const auto *old = m_elements->find(movedElement->id)) {
            if (old->element.isStatic) {
                m_occupancy.unblock(old->footprint());
                m_occupancy.block(old->element.footprintAt(movedElement->position));
            }
            m_elements->move(movedElement->id, movedElement->position);
        }
        return;
    }
    if (const auto *removed = std::get_if<ElementRemoved>(&message)) {
        if (const auto *old = m_elements->find(removed->id)) {
            if (old->element.isStatic) {
                m_occupancy.unblock(old->footprint());
            }
            m_elements->remove(removed->id);
        }
        if (m_undo.removeAll(removed->id) > 0) {
            Q_EMIT canUndoChanged();
        }
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
                setState(State::Failed,
                    error->code == ErrorCodes::Forbidden      ? tr("You have no access to this space.")
                        : error->code == ErrorCodes::NotFound ? tr("This space does not exist (any more).")
                                                              : error->message);
            }
            return;
        }
        if (error->code == ErrorCodes::Forbidden) {
            setEditError(tr("You may not edit this space."));
        } else if (error->code == ErrorCodes::Invalid || error->code == ErrorCodes::NotFound) {
            setEditError(tr("The server refused the change: %1").arg(error->message));
        }
        // Another answer to a placement that failed: it will not come back as element-place.
        if (!m_pendingPlacements.isEmpty() && error->code != ErrorCodes::RateLimited) {
            m_pendingPlacements.removeFirst();
        }
        return;
    }
}

// --- movement -------------------------------------------------------------------------------------

bool SpaceSession::isFree(int x, int y) const
{
    return !m_occupancy.isBlocked({x, y});
}

bool SpaceSession::canStepNow() const
{
    return !m_lastStep.isValid() || m_lastStep.elapsed() >= m_stepTimer.interval();
}

bool SpaceSession::stepTo(Point next)
{
    if (m_state != State::Joined || !m_occupancy.isLegalMove(m_position, next)) {
        return false;
    }
    m_lastStep.start();
    setPosition(next);
    send(Move{next});
    return true;
}

bool SpaceSession::step(int dx, int dy)
{
    stopWalking();
    if (!canStepNow()) {
        return false;
    }
    const bool moved = stepTo({m_position.x + dx, m_position.y + dy});
    if (!moved) {
        Q_EMIT blocked();
    }
    return moved;
}

void SpaceSession::hold(int dx, int dy)
{
    if (m_state != State::Joined || std::abs(dx) + std::abs(dy) != 1) {
        return;
    }
    stopWalking();
    m_held = Point{dx, dy};
    if (canStepNow()) {
        if (!stepTo({m_position.x + dx, m_position.y + dy})) {
            Q_EMIT blocked();
        }
    } else {
        m_queuedStep = Point{dx, dy}; // a quick tap still gets its step
    }
    updateTimer();
}

void SpaceSession::release(int dx, int dy)
{
    if (m_held && *m_held == Point{dx, dy}) {
        m_held.reset();
        updateTimer();
    }
}

bool SpaceSession::planWalk(Point goal)
{
    auto path = Pathfinder::findPath(m_occupancy, m_position, goal, MaxSearch);
    if (!path) {
        stopWalking();
        Q_EMIT blocked();
        return false;
    }
    m_path = std::move(*path);
    m_goal = goal;
    setWalking(!m_path.isEmpty());
    if (m_path.isEmpty()) {
        m_goal.reset();
    }
    updateTimer();
    return true;
}

bool SpaceSession::walkTo(int x, int y)
{
    if (m_state != State::Joined) {
        return false;
    }
    m_held.reset();
    m_queuedStep.reset();
    m_replans = 0;
    if (!planWalk({x, y})) {
        return false;
    }
    if (canStepNow()) {
        tick();
    }
    return true;
}

bool SpaceSession::goToUser(const QString &userId)
{
    const auto *occupant = m_occupants->find(userId);
    if (!occupant || occupant->isSelf) {
        return false;
    }
    return walkTo(occupant->position.x, occupant->position.y);
}

bool SpaceSession::goToElement(const QString &placedId)
{
    const auto *placed = m_elements->find(placedId);
    if (m_state != State::Joined || !placed) {
        return false;
    }
    const auto path = Pathfinder::findPathNextTo(m_occupancy, m_position, placed->footprint(), MaxSearch);
    if (!path) {
        stopWalking();
        Q_EMIT blocked();
        return false;
    }
    const Point goal = path->isEmpty() ? m_position : path->constLast();
    return walkTo(goal.x, goal.y);
}

void SpaceSession::updateNearby()
{
    const bool inside = m_state == State::Joined || m_state == State::Reconnecting;
    m_nearby->setOrigin(inside ? std::optional<Point>(m_position) : std::nullopt);
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

void SpaceSession::stopWalking()
{
    m_path.clear();
    m_goal.reset();
    setWalking(false);
    updateTimer();
}

void SpaceSession::tick()
{
    if (m_state != State::Joined) {
        m_held.reset();
        m_queuedStep.reset();
        stopWalking();
        return;
    }
    if (!m_path.isEmpty()) {
        const Point next = m_path.constFirst();
        if (!m_occupancy.isLegalMove(m_position, next)) {
            // Something appeared on the way (or the server moved us): plan again.
            if (m_replans++ >= MaxReplans || !planWalk(*m_goal)) {
                stopWalking();
                return;
            }
            if (m_path.isEmpty()) {
                stopWalking();
                return;
            }
        }
        stepTo(m_path.takeFirst());
        if (m_path.isEmpty()) {
            m_goal.reset();
            setWalking(false);
        }
    } else if (m_queuedStep) {
        const auto d = *m_queuedStep;
        m_queuedStep.reset();
        if (!stepTo({m_position.x + d.x, m_position.y + d.y})) {
            Q_EMIT blocked();
        }
    } else if (m_held) {
        if (!stepTo({m_position.x + m_held->x, m_position.y + m_held->y})) {
            Q_EMIT blocked();
        }
    }
    updateTimer();
}

void SpaceSession::updateTimer()
{
    const bool needed = m_state == State::Joined && (!m_path.isEmpty() || m_held || m_queuedStep);
    if (needed && !m_stepTimer.isActive()) {
        m_stepTimer.start();
    } else if (!needed && m_stepTimer.isActive()) {
        m_stepTimer.stop();
    }
}

// --- editing --------------------------------------------------------------------------------------

bool SpaceSession::canPlace(const QString &elementId, int x, int y) const
{
    const auto *element = m_palette->find(elementId);
    if (!element) {
        return false;
    }
    const auto footprint = element->footprintAt({x, y});
    if (!Grid::fitsInside(footprint, m_space.size)) {
        return false;
    }
    for (int ty = footprint.y; ty < footprint.y + footprint.height; ++ty) {
        for (int tx = footprint.x; tx < footprint.x + footprint.width; ++tx) {
            if (m_occupancy.isBlocked({tx, ty})) {
                return false;
            }
        }
    }
    return true;
}

bool SpaceSession::canMoveElement(const QString &placedId, int x, int y) const
{
    const auto *placed = m_elements->find(placedId);
    if (!placed || placed->element.isStatic) {
        return false;
    }
    const auto footprint = placed->element.footprintAt({x, y});
    if (!Grid::fitsInside(footprint, m_space.size)) {
        return false;
    }
    for (int ty = footprint.y; ty < footprint.y + footprint.height; ++ty) {
        for (int tx = footprint.x; tx < footprint.x + footprint.width; ++tx) {
            if (m_occupancy.isBlocked({tx, ty})) {
                return false;
            }
        }
    }
    return true;
}

QVariantMap SpaceSession::elementInfo(const QString &placedId) const
{
    const auto *placed = m_elements->find(placedId);
    if (!placed) {
        return {};
    }
    return {{QStringLiteral("placedId"), placed->id}, {QStringLiteral("elementId"), placed->element.id},
        {QStringLiteral("name"), placed->element.name}, {QStringLiteral("imageUrl"), resolve(placed->element.imageUrl)},
        {QStringLiteral("x"), placed->position.x}, {QStringLiteral("y"), placed->position.y},
        {QStringLiteral("width"), placed->element.width}, {QStringLiteral("height"), placed->element.height},
        {QStringLiteral("isStatic"), placed->element.isStatic}};
}

QString SpaceSession::elementAt(int x, int y) const
{
    return m_elements->topmostAt({x, y});
}

bool SpaceSession::placeElement(const QString &elementId, int x, int y)
{
    if (!m_canEdit || !m_joined || !canPlace(elementId, x, y)) {
        return false;
    }
    setEditError({});
    m_pendingPlacements.append({elementId, {x, y}});
    send(PlaceElement{elementId, {x, y}});
    return true;
}

bool SpaceSession::moveElement(const QString &placedId, int x, int y)
{
    const auto *placed = m_elements->find(placedId);
    if (!m_canEdit || !m_joined || !placed || placed->position == Point{x, y} || !canMoveElement(placedId, x, y)) {
        return false;
    }
    setEditError({});
    send(MoveElement{placedId, {x, y}});
    return true;
}

bool SpaceSession::removeElement(const QString &placedId)
{
    if (!m_canEdit || !m_joined || !m_elements->find(placedId)) {
        return false;
    }
    setEditError({});
    send(RemoveElement{placedId});
    return true;
}

bool SpaceSession::undoPlacement()
{
    while (!m_undo.isEmpty()) {
        const auto id = m_undo.takeLast();
        if (m_elements->find(id)) {
            Q_EMIT canUndoChanged();
            return removeElement(id);
        }
    }
    Q_EMIT canUndoChanged();
    return false;
}

void SpaceSession::setViewport(int x, int y, int width, int height)
{
    const QRect tiles(x, y, std::max(width, 0), std::max(height, 0));
    m_elements->setViewport(tiles);
    m_occupantsInView->setViewport(tiles);
}

} // namespace Metaverse
