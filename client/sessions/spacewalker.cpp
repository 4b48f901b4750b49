// SPDX-License-Identifier: GPL-3.0-or-later
#include "spacewalker.h"

#include "grid/pathfinder.h"

#include <cstdlib>

namespace Metaverse
{

namespace
{
// A walk gives up after this many re-plans in a row (someone keeps blocking the way).
constexpr int MaxReplans = 5;
// A path search never looks at more tiles than this (a 1000x1000 space is 1,000,000 tiles).
constexpr qsizetype MaxSearch = 1000 * 1000;
} // namespace

SpaceWalker::SpaceWalker(const Occupancy *occupancy, Sender send, QObject *parent)
    : QObject(parent)
    , m_occupancy(occupancy)
    , m_send(std::move(send))
{
    connect(&m_stepTimer, &QTimer::timeout, this, &SpaceWalker::tick);
}

void SpaceWalker::setActive(bool active)
{
    m_active = active;
    if (!active) {
        halt();
    }
}

void SpaceWalker::placeAt(Point position)
{
    m_position = position;
}

void SpaceWalker::correct(Point position)
{
    ++m_corrections;
    m_position = Point{-1, -1}; // force the change notification
    setPosition(position);
    if (m_goal && m_replans < MaxReplans) {
        ++m_replans;
        planWalk(*m_goal);
    } else {
        stopWalking();
    }
}

void SpaceWalker::halt()
{
    stopWalking();
    m_held.reset();
    m_queuedStep.reset();
    updateTimer();
}

void SpaceWalker::setPosition(Point position)
{
    if (position == m_position) {
        return;
    }
    m_position = position;
    Q_EMIT positionChanged();
}

void SpaceWalker::setWalking(bool walking)
{
    if (walking == m_walking) {
        return;
    }
    m_walking = walking;
    Q_EMIT walkingChanged();
}

bool SpaceWalker::canStepNow() const
{
    return !m_lastStep.isValid() || m_lastStep.elapsed() >= m_stepTimer.interval();
}

bool SpaceWalker::stepTo(Point next)
{
    if (!m_active || !m_occupancy->isLegalMove(m_position, next)) {
        return false;
    }
    m_lastStep.start();
    setPosition(next);
    m_send(SpaceProtocol::Move{next});
    return true;
}

bool SpaceWalker::step(int dx, int dy)
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

void SpaceWalker::hold(int dx, int dy)
{
    if (!m_active || std::abs(dx) + std::abs(dy) != 1) {
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

void SpaceWalker::release(int dx, int dy)
{
    if (m_held && *m_held == Point{dx, dy}) {
        m_held.reset();
        updateTimer();
    }
}

bool SpaceWalker::planWalk(Point goal)
{
    auto path = Pathfinder::findPath(*m_occupancy, m_position, goal, MaxSearch);
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

bool SpaceWalker::walkTo(Point goal)
{
    if (!m_active) {
        return false;
    }
    m_held.reset();
    m_queuedStep.reset();
    m_replans = 0;
    if (!planWalk(goal)) {
        return false;
    }
    if (canStepNow()) {
        tick();
    }
    return true;
}

bool SpaceWalker::walkNextTo(const Rect &footprint)
{
    if (!m_active) {
        return false;
    }
    const auto path = Pathfinder::findPathNextTo(*m_occupancy, m_position, footprint, MaxSearch);
    if (!path) {
        stopWalking();
        Q_EMIT blocked();
        return false;
    }
    return walkTo(path->isEmpty() ? m_position : path->constLast());
}

void SpaceWalker::stopWalking()
{
    m_path.clear();
    m_goal.reset();
    setWalking(false);
    updateTimer();
}

void SpaceWalker::tick()
{
    if (!m_active) {
        m_held.reset();
        m_queuedStep.reset();
        stopWalking();
        return;
    }
    if (!m_path.isEmpty()) {
        const Point next = m_path.constFirst();
        if (!m_occupancy->isLegalMove(m_position, next)) {
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

void SpaceWalker::updateTimer()
{
    const bool needed = m_active && (!m_path.isEmpty() || m_held || m_queuedStep);
    if (needed && !m_stepTimer.isActive()) {
        m_stepTimer.start();
    } else if (!needed && m_stepTimer.isActive()) {
        m_stepTimer.stop();
    }
}

} // namespace Metaverse
