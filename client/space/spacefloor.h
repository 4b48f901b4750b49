// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QImage>
#include <QQmlEngine>
#include <QQuickItem>
#include <QUrl>

namespace Metaverse
{

// The space's floor: one tile's artwork (an SVG with transparent parts, drawn over `color`)
// repeated over the item, as one opaque textured quad. Opaque, the scene graph draws it without
// blending and nothing under it needs drawing; on a software rasteriser (llvmpipe) that is most of
// a frame's cost. With `smooth` false (the view sets that at zoom 1, where texels map 1:1 to
// pixels) it samples the nearest texel, which is cheaper still and looks the same.
class SpaceFloor : public QQuickItem
{
    Q_OBJECT
    QML_ELEMENT
    // The tile's artwork (an image URL: qrc:, file:), drawn at tileSize x tileSize.
    Q_PROPERTY(QUrl source READ source WRITE setSource NOTIFY sourceChanged)
    Q_PROPERTY(int tileSize READ tileSize WRITE setTileSize NOTIFY tileSizeChanged)
    // The colour under the artwork (the floor is opaque).
    Q_PROPERTY(QColor color READ color WRITE setColor NOTIFY colorChanged)

public:
    explicit SpaceFloor(QQuickItem *parent = nullptr);

    [[nodiscard]] QUrl source() const { return m_source; }
    void setSource(const QUrl &source);
    [[nodiscard]] int tileSize() const { return m_tileSize; }
    void setTileSize(int size);
    [[nodiscard]] QColor color() const { return m_color; }
    void setColor(const QColor &color);

Q_SIGNALS:
    void sourceChanged();
    void tileSizeChanged();
    void colorChanged();

protected:
    QSGNode *updatePaintNode(QSGNode *old, UpdatePaintNodeData *data) override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;

private:
    // Renders the tile over the colour into m_tile (GUI thread) and asks for a new texture.
    void renderTile();

    QUrl m_source;
    int m_tileSize = 32;
    QColor m_color = Qt::white;
    QImage m_tile; // opaque (RGB32): the texture has no alpha channel
    bool m_tileChanged = false;
    bool m_geometryChanged = true;
};

} // namespace Metaverse
