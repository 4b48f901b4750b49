// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "grid/spacelayout.h"
#include "model/space.h"
#include "net/reconnectpolicy.h"
#include "protocol/space.h"
#include "result.h"
#include "spaceeditor.h"
#include "spacewalker.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QTimer>
#include <QVariantMap>
#include <QWebSocket>

#include <memory>
#include <optional>

namespace Metaverse
{

class ApiClient;
class NearbyElementsModel;
class OccupantModel;
class OccupantViewModel;
class PaletteModel;
class PlacedElementModel;
class Session;

// One space, live: the space socket (seed dialect, ws[s]://SERVER/ws/space, common's codec), the
// space's elements and occupancy (GET /api/v1/space/:id) and who is there. A lost connection is
// retried with backoff and rejoined with fresh state. The signed-in user's own movement is the
// SpaceWalker's (prediction, pacing, walks) and edit mode the SpaceEditor's; this class connects
// them to the socket and gives QML one object (App.space) with the same API as before. Nothing
// runs while nobody moves (no timers, no polling).
class SpaceSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The space session belongs to the App singleton")
    Q_MOC_INCLUDE("models/nearbyelementsmodel.h")
    Q_MOC_INCLUDE("models/occupantmodel.h")
    Q_MOC_INCLUDE("models/occupantviewmodel.h")
    Q_MOC_INCLUDE("models/palettemodel.h")
    Q_MOC_INCLUDE("models/placedelementmodel.h")
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY stateChanged)
    Q_PROPERTY(QString spaceId READ spaceId NOTIFY spaceChanged)
    Q_PROPERTY(QString spaceName READ spaceName NOTIFY spaceChanged)
    Q_PROPERTY(int width READ width NOTIFY spaceChanged)
    Q_PROPERTY(int height READ height NOTIFY spaceChanged)
    Q_PROPERTY(QString userId READ userId NOTIFY spaceChanged)
    Q_PROPERTY(bool canEdit READ canEdit NOTIFY canEditChanged)
    // The owner or an Admin: share, and moderate the people in it.
    Q_PROPERTY(bool canManage READ canManage NOTIFY canEditChanged)
    // A read-only look at a template (previewTemplate()): the map only, no socket, nobody else.
    Q_PROPERTY(bool preview READ isPreview NOTIFY spaceChanged)
    // The signed-in user's status as the others see it: "available", "busy" or "away". Kept across
    // spaces and reconnections (sent with every join); set it before entering or at any time.
    Q_PROPERTY(QString status READ status WRITE setStatus NOTIFY statusChanged)
    // The signed-in user's tile as predicted (the server's answer corrects it).
    Q_PROPERTY(int x READ x NOTIFY positionChanged)
    Q_PROPERTY(int y READ y NOTIFY positionChanged)
    // How often the server corrected a predicted step.
    Q_PROPERTY(int corrections READ corrections NOTIFY positionChanged)
    Q_PROPERTY(bool walking READ isWalking NOTIFY walkingChanged)
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY canUndoChanged)
    // The server's last refusal of an edit ("" when none).
    Q_PROPERTY(QString editError READ editError NOTIFY editErrorChanged)
    // Reconnection attempts since the connection was lost (0 when connected).
    Q_PROPERTY(int reconnectAttempt READ reconnectAttempt NOTIFY stateChanged)
    Q_PROPERTY(int stepIntervalMs READ stepIntervalMs CONSTANT)
    Q_PROPERTY(Metaverse::OccupantModel *occupants READ occupants CONSTANT)
    // The occupants in view (setViewport) and the signed-in user: what the view draws.
    Q_PROPERTY(Metaverse::OccupantViewModel *occupantsInView READ occupantsInView CONSTANT)
    Q_PROPERTY(Metaverse::PlacedElementModel *elements READ elements CONSTANT)
    Q_PROPERTY(Metaverse::PaletteModel *palette READ palette CONSTANT)
    // The elements nearest the signed-in user, nearest first (the page's "Nearby" list).
    Q_PROPERTY(Metaverse::NearbyElementsModel *nearbyElements READ nearbyElements CONSTANT)

public:
    enum class State {
        Idle, // no space entered
        Loading, // reading the space, connecting, joining
        Joined,
        Reconnecting, // the connection was lost: retrying with backoff (errorMessage says why)
        Failed, // cannot enter or had to leave (no right, deleted, replaced, kicked, banned, session
                // ended, full): errorMessage says why; no retry
        Previewing, // a template shown read-only (previewTemplate())
    };
    Q_ENUM(State)

    // 8 steps per second: well below the server's default MOVE_RATE_LIMIT (20/s).
    static constexpr int DefaultStepIntervalMs = 125;
    // Reconnection backoff: 0.5 s doubling up to 10 s, plus up to 25 % jitter.
    static constexpr int MinBackoffMs = 500;
    static constexpr int MaxBackoffMs = 10000;

    SpaceSession(ApiClient *api, Session *session, QObject *parent = nullptr);
    ~SpaceSession() override;

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] QString errorMessage() const { return m_errorMessage; }
    [[nodiscard]] QString spaceId() const { return m_spaceId; }
    [[nodiscard]] QString spaceName() const { return m_space.name; }
    [[nodiscard]] int width() const { return m_space.size.width; }
    [[nodiscard]] int height() const { return m_space.size.height; }
    [[nodiscard]] QString userId() const { return m_userId; }
    [[nodiscard]] bool canEdit() const { return m_editor->canEdit(); }
    [[nodiscard]] bool canManage() const { return m_canManage; }
    [[nodiscard]] bool isPreview() const { return m_preview; }
    [[nodiscard]] QString status() const { return SpaceProtocol::statusName(m_status); }
    // Ignores anything but the three names.
    void setStatus(const QString &status);
    [[nodiscard]] int x() const { return m_walker->position().x; }
    [[nodiscard]] int y() const { return m_walker->position().y; }
    [[nodiscard]] Point position() const { return m_walker->position(); }
    [[nodiscard]] int corrections() const { return m_walker->corrections(); }
    [[nodiscard]] bool isWalking() const { return m_walker->isWalking(); }
    [[nodiscard]] bool canUndo() const { return m_editor->canUndo(); }
    [[nodiscard]] QString editError() const { return m_editor->editError(); }
    [[nodiscard]] int reconnectAttempt() const { return m_reconnect.attempts(); }
    [[nodiscard]] int stepIntervalMs() const { return m_walker->stepIntervalMs(); }
    void setStepIntervalMs(int ms) { m_walker->setStepIntervalMs(ms); }
    [[nodiscard]] OccupantModel *occupants() const { return m_occupants; }
    [[nodiscard]] OccupantViewModel *occupantsInView() const { return m_occupantsInView; }
    [[nodiscard]] PlacedElementModel *elements() const { return m_elements; }
    [[nodiscard]] PaletteModel *palette() const { return m_palette; }
    [[nodiscard]] NearbyElementsModel *nearbyElements() const { return m_nearby; }
    [[nodiscard]] const Occupancy &occupancy() const { return m_layout.occupancy(); }
    // Whether a timer is running (tests: the session is quiet when nothing moves).
    [[nodiscard]] bool isBusy() const { return m_walker->isStepping() || m_reconnectTimer.isActive(); }
    [[nodiscard]] SpaceWalker *walker() const { return m_walker.get(); }
    [[nodiscard]] SpaceEditor *editor() const { return m_editor.get(); }

    // Why the server closed the socket (a close code of docs/api/websocket.md), in words; "" for
    // a lost connection worth reconnecting.
    [[nodiscard]] static QString closeExplanation(int code, const QString &reason);

    // Enters the space (leaving any other); state goes Loading, then Joined or Failed.
    Q_INVOKABLE void enter(const QString &spaceId);
    // Shows a template read-only (state Previewing): its map without joining it.
    Q_INVOKABLE void previewTemplate(const QString &spaceId);
    // Leaves the space (user-leave) and closes the socket.
    Q_INVOKABLE void leave();
    // Reconnects at once instead of waiting for the backoff.
    Q_INVOKABLE void reconnectNow();

    // One step in a direction, now, if the grid rules allow it (false otherwise, or when too soon
    // after the last step: use hold() for repeated steps). Cancels a walk.
    Q_INVOKABLE bool step(int dx, int dy);
    // A direction key went down: one step at once (or as soon as the pace allows), then one step
    // per stepIntervalMs until release() with the same direction.
    Q_INVOKABLE void hold(int dx, int dy);
    Q_INVOKABLE void release(int dx, int dy);
    // Walks a shortest path to the tile, one paced step at a time; false when there is none.
    Q_INVOKABLE bool walkTo(int x, int y);
    // Walks to the tile of another user; false when they are not here or unreachable.
    Q_INVOKABLE bool goToUser(const QString &userId);
    // Walks to the free tile next to a placed element's footprint with the shortest walk
    // (common/grid/pathfinder's findPathNextTo); false (and `blocked`) when none is reachable.
    Q_INVOKABLE bool goToElement(const QString &placedId);
    Q_INVOKABLE void stopWalking();
    // Asks the view to centre the camera on a person (locateRequested), or on a tile.
    Q_INVOKABLE bool locate(const QString &userId);
    Q_INVOKABLE void lookAt(int x, int y);
    // Inside the space and not covered by a static element.
    [[nodiscard]] Q_INVOKABLE bool isFree(int x, int y) const;

    // Edit mode (canEdit). `canPlace`: the footprint lies inside the space and overlaps no static
    // element's footprint (what the ghost preview shows before the click).
    [[nodiscard]] Q_INVOKABLE bool canPlace(const QString &elementId, int x, int y) const;
    [[nodiscard]] Q_INVOKABLE bool canMoveElement(const QString &placedId, int x, int y) const;
    // A placed element as {placedId, elementId, name, imageUrl, x, y, width, height, isStatic}
    // (empty when there is none).
    [[nodiscard]] Q_INVOKABLE QVariantMap elementInfo(const QString &placedId) const;
    // The placed element drawn on top at the tile ("" when none).
    [[nodiscard]] Q_INVOKABLE QString elementAt(int x, int y) const;
    Q_INVOKABLE bool placeElement(const QString &elementId, int x, int y);
    Q_INVOKABLE bool moveElement(const QString &placedId, int x, int y);
    Q_INVOKABLE bool removeElement(const QString &placedId);
    // Removes the last element this session placed that is still there.
    Q_INVOKABLE bool undoPlacement();
    Q_INVOKABLE void clearEditError();

    // The tiles in view: only elements and people there become rows of `elements` and
    // `occupantsInView`.
    Q_INVOKABLE void setViewport(int x, int y, int width, int height);

Q_SIGNALS:
    void stateChanged();
    void spaceChanged();
    void canEditChanged();
    void statusChanged();
    void positionChanged();
    void walkingChanged();
    void canUndoChanged();
    void editErrorChanged();
    // The view may want to show that a step or a walk was refused locally.
    void blocked();
    // The camera should centre on this tile (the people panel's "locate", the mini-map).
    void locateRequested(int x, int y);

private:
    QCoro::Task<void> connectAsync(quint64 generation);
    void openSocket();
    void closeSocket();
    void onConnected();
    void onDisconnected();
    void onFrame(const QString &frame);
    void handle(const SpaceProtocol::ServerMessage &message);
    void send(const SpaceProtocol::ClientMessage &message);
    void setState(State state, const QString &error = {});
    void scheduleReconnect(const QString &reason);
    void start(const QString &spaceId, bool preview);
    void applySpace(const Space &space);
    void updateNearby();
    [[nodiscard]] QUrl resolve(const QString &path) const;

    // Not owned; they outlive the space session (AppContext destroys it first).
    ApiClient *m_api;
    Session *m_session;
    OccupantModel *m_occupants;
    OccupantViewModel *m_occupantsInView;
    PlacedElementModel *m_elements;
    PaletteModel *m_palette;
    NearbyElementsModel *m_nearby;
    std::unique_ptr<QWebSocket> m_socket;
    State m_state = State::Idle;
    QString m_errorMessage;
    QString m_spaceId;
    Space m_space;
    // The elements and the grid they make, kept by common's one bookkeeping (the server's too);
    // `elements` is the view's model of the same events.
    SpaceLayout m_layout;
    QString m_userId;
    bool m_joined = false;
    bool m_canManage = false;
    bool m_preview = false;
    SpaceProtocol::UserStatus m_status = SpaceProtocol::UserStatus::Available;
    SpaceProtocol::UserStatus m_joinStatus = SpaceProtocol::UserStatus::Available; // sent with the join
    std::unique_ptr<SpaceWalker> m_walker;
    std::unique_ptr<SpaceEditor> m_editor;
    // Reconnection.
    QTimer m_reconnectTimer;
    ReconnectPolicy m_reconnect{MinBackoffMs, MaxBackoffMs};
    // A 4010 ("session ended") is answered with one reconnect: after a role change the token
    // still works and the rejoin brings the new rights; if it is refused, the session is over.
    bool m_rejoiningAfterSessionEnd = false;
    quint64 m_generation = 0; // bumped at every enter/leave: late answers of an old visit are dropped
};

} // namespace Metaverse
