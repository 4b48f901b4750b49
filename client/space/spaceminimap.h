// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QPointer>
#include <QQuickPaintedItem>
#include <QRectF>
#include <QTimer>

namespace Metaverse
{

class SpaceSession;

// The whole space at a glance: floor, every element (static darker), every person (the signed-in
// user highlighted) and the camera's view as a frame. Painted into one texture, and only when
// something changed: idle, it costs nothing.
class SpaceMiniMap : public QQuickPaintedItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_MOC_INCLUDE("sessions/spacesession.h")
    Q_PROPERTY(Metaverse::SpaceSession *session READ session WRITE setSession NOTIFY sessionChanged)
    // The camera's view in tiles.
    Q_PROPERTY(QRectF viewRect READ viewRect WRITE setViewRect NOTIFY viewRectChanged)
    Q_PROPERTY(QColor floorColor MEMBER m_floorColor WRITE setFloorColor NOTIFY colorsChanged)
    Q_PROPERTY(QColor staticColor MEMBER m_staticColor WRITE setStaticColor NOTIFY colorsChanged)
    Q_PROPERTY(QColor dynamicColor MEMBER m_dynamicColor WRITE setDynamicColor NOTIFY colorsChanged)
    Q_PROPERTY(QColor peopleColor MEMBER m_peopleColor WRITE setPeopleColor NOTIFY colorsChanged)
    Q_PROPERTY(QColor selfColor MEMBER m_selfColor WRITE setSelfColor NOTIFY colorsChanged)
    Q_PROPERTY(QColor viewColor MEMBER m_viewColor WRITE setViewColor NOTIFY colorsChanged)

public:
    explicit SpaceMiniMap(QQuickItem *parent = nullptr);

    [[nodiscard]] SpaceSession *session() const { return m_session; }
    void setSession(SpaceSession *session);
    [[nodiscard]] QRectF viewRect() const { return m_viewRect; }
    void setViewRect(const QRectF &rect);
    void setFloorColor(const QColor &c) { setColor(m_floorColor, c); }
    void setStaticColor(const QColor &c) { setColor(m_staticColor, c); }
    void setDynamicColor(const QColor &c) { setColor(m_dynamicColor, c); }
    void setPeopleColor(const QColor &c) { setColor(m_peopleColor, c); }
    void setSelfColor(const QColor &c) { setColor(m_selfColor, c); }
    void setViewColor(const QColor &c) { setColor(m_viewColor, c); }
    void paint(QPainter *painter) override;
    // The tile under a point of this item ((-1, -1) outside the space).
    [[nodiscard]] Q_INVOKABLE QPoint tileAt(qreal x, qreal y) const;

Q_SIGNALS:
    void sessionChanged();
    void viewRectChanged();
    void colorsChanged();

private:
    void setColor(QColor &member, const QColor &value);
    // Repaints now, then at most every RepaintMs while changes keep coming (people moving).
    void scheduleRepaint();
    [[nodiscard]] QSize tiles() const; // the space's size (empty without a session)
    [[nodiscard]] QRectF spaceRect() const; // where the space is drawn, in item coordinates

    QPointer<SpaceSession> m_session;
    QList<QMetaObject::Connection> m_connections;
    QRectF m_viewRect;
    QColor m_floorColor{0xee, 0xe8, 0xf7};
    QColor m_staticColor{0x6b, 0x60, 0x79};
    QColor m_dynamicColor{0xd9, 0xcf, 0xe8};
    QColor m_peopleColor{0x5b, 0x8d, 0xd9};
    QColor m_selfColor{0xe8, 0x66, 0x6b};
    QColor m_viewColor{0x8e, 0x6c, 0xc8};
    QTimer m_throttle;
    bool m_dirty = false;
};

} // namespace Metaverse
