// SPDX-License-Identifier: GPL-3.0-or-later
#include "spacefloor.h"

#include <QImageReader>
#include <QPainter>
#include <QQuickWindow>
#include <QSGGeometryNode>
#include <QSGTexture>
#include <QSGTextureMaterial>

#include <memory>

namespace Metaverse
{

namespace
{
// A quad whose texture coordinates count tiles, so a repeating texture tiles it.
class FloorNode : public QSGGeometryNode
{
public:
    FloorNode()
        : m_geometry(QSGGeometry::defaultAttributes_TexturedPoint2D(), 4)
    {
        m_geometry.setDrawingMode(QSGGeometry::DrawTriangleStrip);
        setGeometry(&m_geometry);
        m_material.setHorizontalWrapMode(QSGTexture::Repeat);
        m_material.setVerticalWrapMode(QSGTexture::Repeat);
        setMaterial(&m_material);
    }

    void setTexture(QQuickWindow *window, const QImage &tile)
    {
        m_texture.reset(window->createTextureFromImage(tile)); // no atlas: it must repeat
        m_material.setTexture(m_texture.get());
        markDirty(DirtyMaterial);
    }
    [[nodiscard]] bool hasTexture() const { return m_texture != nullptr; }

    void setFiltering(QSGTexture::Filtering filtering)
    {
        if (m_material.filtering() != filtering) {
            m_material.setFiltering(filtering);
            markDirty(DirtyMaterial);
        }
    }

    void setRect(const QRectF &rect, qreal tileSize)
    {
        QSGGeometry::updateTexturedRectGeometry(
            &m_geometry, rect, QRectF(0, 0, rect.width() / tileSize, rect.height() / tileSize));
        markDirty(DirtyGeometry);
    }

private:
    QSGGeometry m_geometry;
    QSGOpaqueTextureMaterial m_material;
    std::unique_ptr<QSGTexture> m_texture;
};
} // namespace

SpaceFloor::SpaceFloor(QQuickItem *parent)
    : QQuickItem(parent)
{
    setFlag(ItemHasContents, true);
    connect(this, &QQuickItem::smoothChanged, this, &QQuickItem::update);
}

void SpaceFloor::setSource(const QUrl &source)
{
    if (source == m_source) {
        return;
    }
    m_source = source;
    renderTile();
    Q_EMIT sourceChanged();
}

void SpaceFloor::setTileSize(int size)
{
    if (size == m_tileSize || size <= 0) {
        return;
    }
    m_tileSize = size;
    renderTile();
    m_geometryChanged = true;
    Q_EMIT tileSizeChanged();
}

void SpaceFloor::setColor(const QColor &color)
{
    if (color == m_color) {
        return;
    }
    m_color = color;
    renderTile();
    Q_EMIT colorChanged();
}

void SpaceFloor::renderTile()
{
    QImage tile(m_tileSize, m_tileSize, QImage::Format_RGB32);
    tile.fill(m_color.rgb());
    const auto path =
        m_source.scheme() == QLatin1String("qrc") ? QLatin1Char(':') + m_source.path() : m_source.toLocalFile();
    if (!path.isEmpty()) {
        QImageReader reader(path);
        reader.setScaledSize(QSize(m_tileSize, m_tileSize));
        const auto art = reader.read();
        if (!art.isNull()) {
            QPainter painter(&tile);
            painter.drawImage(0, 0, art);
        }
    }
    m_tile = tile;
    m_tileChanged = true;
    update();
}

void SpaceFloor::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    QQuickItem::geometryChange(newGeometry, oldGeometry);
    if (newGeometry.size() != oldGeometry.size()) {
        m_geometryChanged = true;
        update();
    }
}

QSGNode *SpaceFloor::updatePaintNode(QSGNode *old, UpdatePaintNodeData *)
{
    if (width() <= 0 || height() <= 0 || m_tile.isNull()) {
        delete old;
        m_geometryChanged = true;
        m_tileChanged = true;
        return nullptr;
    }
    auto *node = static_cast<FloorNode *>(old);
    if (!node) {
        node = new FloorNode;
        m_geometryChanged = true;
        m_tileChanged = true;
    }
    if (m_tileChanged || !node->hasTexture()) {
        node->setTexture(window(), m_tile);
        m_tileChanged = false;
    }
    node->setFiltering(smooth() ? QSGTexture::Linear : QSGTexture::Nearest);
    if (m_geometryChanged) {
        node->setRect(QRectF(0, 0, width(), height()), m_tileSize);
        m_geometryChanged = false;
    }
    return node;
}

} // namespace Metaverse
