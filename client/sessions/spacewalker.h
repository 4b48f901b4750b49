// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "grid/grid.h"
#include "protocol/space.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

namespace Metaverse
{

// The signed-in user's own movement in a space, with client-side prediction: a step that common's
// grid rules allow is shown at once and sent; the server answers only an illegal one, whose true
// position corrects the prediction (correct()). Steps are paced (stepIntervalMs) below the server's
// MOVE_RATE_LIMIT. Click-to-move walks an A* path (common/grid/pathfinder) one paced step at a
// time and plans again when blocked. Nothing runs while nobody moves. SpaceSession owns it and
// switches it on while joined.
class SpaceWalker : public QObject
{
    Q_OBJECT

public:
    using Sender = std::function<void(const SpaceProtocol::ClientMessage &)>;

    // `occupancy` is the space's grid, owned by the session and outliving the walker.
    SpaceWalker(const Occupancy *occupancy, Sender send, QObject *parent = nullptr);

    [[nodiscard]] Point position() const { return m_position; }
    [[nodiscard]] int corrections() const { return m_corrections; }
    [[nodiscard]] bool isWalking() const { return m_walking; }
    [[nodiscard]] int stepIntervalMs() const { return m_stepTimer.interval(); }
    void setStepIntervalMs(int ms) { m_stepTimer.setInterval(ms); }
    [[nodiscard]] bool isStepping() const { return m_stepTimer.isActive(); }

    // Moves only while active (joined); going inactive drops held keys and walks.
    void setActive(bool active);
    // Where the server put us (a join): no notification, the session announces the new state.
    void placeAt(Point position);
    // The server refused a predicted step: its position wins, and a walk plans again.
    void correct(Point position);
    void resetCorrections() { m_corrections = 0; }
    // Stops walking and forgets held keys and a queued step.
    void halt();

    bool step(int dx, int dy);
    void hold(int dx, int dy);
    void release(int dx, int dy);
    bool walkTo(Point goal);
    // Walks to the free tile next to the footprint with the shortest walk.
    bool walkNextTo(const Rect &footprint);
    void stopWalking();

Q_SIGNALS:
    void positionChanged();
    void walkingChanged();
    // A step or a walk was refused locally.
    void blocked();

private:
    void setPosition(Point position);
    void setWalking(bool walking);
    bool stepTo(Point next);
    bool canStepNow() const;
    bool planWalk(Point goal);
    void tick();
    void updateTimer();

    const Occupancy *m_occupancy; // not owned
    Sender m_send;
    bool m_active = false;
    Point m_position;
    int m_corrections = 0;
    // A held direction, a one-off step waiting for the pace, a path being walked.
    std::optional<Point> m_held;
    std::optional<Point> m_queuedStep;
    QList<Point> m_path;
    std::optional<Point> m_goal;
    int m_replans = 0;
    bool m_walking = false;
    QElapsedTimer m_lastStep;
    QTimer m_stepTimer;
};

} // namespace Metaverse
