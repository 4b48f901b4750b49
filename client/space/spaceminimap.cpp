// SPDX-License-Identifier: GPL-3.0-or-later
#include "spaceminimap.h"

#include "models/occupantmodel.h"
#include "models/placedelementmodel.h"
#include "sessions/spacesession.h"

#include <QPainter>

#include <algorithm>

namespace Metaverse
{

namespace
{
constexpr int RepaintMs = 100; // 10 repaints per second at most
} // namespace

SpaceMiniMap::SpaceMiniMap(QQuickItem *parent)
    : QQuickPaintedItem(parent)
{
    setAntialiasing(false);
    m_throttle.setSingleShot(true);
    m_throttle.setInterval(RepaintMs);
    connect(&m_throttle, &QTimer::timeout, this, [this] {
        if (m_dirty) {
            m_dirty = false;
            update();
            m_throttle.start();
        }
    });
}

void SpaceMiniMap::scheduleRepaint()
{
    if (m_throttle.isActive()) {
        m_dirty = true;
        return;
    }
    update();
    m_throttle.start();
}

void SpaceMiniMap::setSession(SpaceSession *session)
{
    if (session == m_session) {
        return;
    }
    for (const auto &connection : std::as_const(m_connections)) {
        disconnect(connection);
    }
    m_connections.clear();
    m_session = session;
    if (m_session) {
        const auto repaint = [this] { scheduleRepaint(); };
        m_connections << connect(m_session, &SpaceSession::spaceChanged, this, repaint)
                      << connect(m_session->elements(), &PlacedElementModel::elementsChanged, this, repaint)
                      << connect(m_session->occupants(), &QAbstractItemModel::dataChanged, this, repaint)
                      << connect(m_session->occupants(), &QAbstractItemModel::rowsInserted, this, repaint)
                      << connect(m_session->occupants(), &QAbstractItemModel::rowsRemoved, this, repaint)
                      << connect(m_session->occupants(), &QAbstractItemModel::modelReset, this, repaint);
    }
    Q_EMIT sessionChanged();
    update();
}

void SpaceMiniMap::setViewRect(const QRectF &rect)
{
    if (rect == m_viewRect) {
        return;
    }
    m_viewRect = rect;
    Q_EMIT viewRectChanged();
    update();
}

void SpaceMiniMap::setColor(QColor &member, const QColor &value)
{
    if (member == value) {
        return;
    }
    member = value;
    Q_EMIT colorsChanged();
    update();
}

QSize SpaceMiniMap::tiles() const
{
    const SpaceSession *session = m_session.data();
    return session ? QSize(session->width(), session->height()) : QSize();
}

QRectF SpaceMiniMap::spaceRect() const
{
    const auto size = tiles();
    if (size.width() <= 0 || size.height() <= 0) {
        return {};
    }
    const qreal scale = std::min(width() / size.width(), height() / size.height());
    const qreal w = size.width() * scale;
    const qreal h = size.height() * scale;
    return {(width() - w) / 2, (height() - h) / 2, w, h};
}

QPoint SpaceMiniMap::tileAt(qreal x, qreal y) const
{
    const auto area = spaceRect();
    if (area.isEmpty() || !area.contains(x, y)) {
        return {-1, -1};
    }
    const auto size = tiles();
    const qreal scale = area.width() / size.width();
    return {std::clamp(int((x - area.x()) / scale), 0, size.width() - 1),
        std::clamp(int((y - area.y()) / scale), 0, size.height() - 1)};
}

void SpaceMiniMap::paint(QPainter *painter)
{
    const auto area = spaceRect();
    const SpaceSession *session = m_session.data();
    if (area.isEmpty() || !session) {
        return;
    }
    const qreal scale = area.width() / session->width();
    const auto tiles = [&](qreal x, qreal y, qreal w, qreal h) {
        return QRectF(area.x() + x * scale, area.y() + y * scale, w * scale, h * scale);
    };
    painter->fillRect(area, m_floorColor);
    const auto &elements = session->elements()->all();
    // Dynamic elements first, static ones (the obstacles) over them.
    for (const bool statics : {false, true}) {
        for (const auto &placed : elements) {
            if (placed.element.isStatic == statics) {
                const auto f = placed.footprint();
                painter->fillRect(tiles(f.x, f.y, f.width, f.height), statics ? m_staticColor : m_dynamicColor);
            }
        }
    }
    const qreal dot = std::max<qreal>(3, scale);
    painter->setPen(Qt::NoPen);
    painter->setRenderHint(QPainter::Antialiasing, true);
    const auto &people = session->occupants()->rows();
    const OccupantModel::Occupant *self = nullptr;
    painter->setBrush(m_peopleColor);
    for (const auto &person : people) {
        if (person.isSelf) {
            self = &person;
            continue;
        }
        const auto r = tiles(person.position.x + 0.5, person.position.y + 0.5, 0, 0);
        painter->drawEllipse(r.topLeft(), dot / 2, dot / 2);
    }
    if (self) {
        painter->setBrush(m_selfColor);
        const auto r = tiles(self->position.x + 0.5, self->position.y + 0.5, 0, 0);
        painter->drawEllipse(r.topLeft(), dot * 0.75, dot * 0.75);
    }
    if (m_viewRect.isValid()) {
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(m_viewColor, 1.5));
        painter->drawRect(tiles(m_viewRect.x(), m_viewRect.y(), m_viewRect.width(), m_viewRect.height())
                              .intersected(area.adjusted(0, 0, -1, -1)));
    }
}

} // namespace Metaverse
