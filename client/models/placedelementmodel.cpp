// SPDX-License-Identifier: GPL-3.0-or-later
#include "placedelementmodel.h"

#include <QSet>

namespace Metaverse
{

PlacedElementModel::PlacedElementModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int PlacedElementModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant PlacedElementModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto it = m_all.constFind(m_rows.at(index.row()));
    if (it == m_all.cend()) {
        return {};
    }
    const SpaceElement &placed = *it;
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return placed.element.name;
    case PlacedIdRole:
        return placed.id;
    case ElementIdRole:
        return placed.element.id;
    case ImageUrlRole:
        return m_resolve ? m_resolve(placed.element.imageUrl) : QUrl(placed.element.imageUrl);
    case TileXRole:
        return placed.position.x;
    case TileYRole:
        return placed.position.y;
    case TileWidthRole:
        return placed.element.width;
    case TileHeightRole:
        return placed.element.height;
    case IsStaticRole:
        return placed.element.isStatic;
    case StackOrderRole:
        return double(m_order.value(placed.id));
    default:
        return {};
    }
}

QHash<int, QByteArray> PlacedElementModel::roleNames() const
{
    return {{PlacedIdRole, "placedId"}, {ElementIdRole, "elementId"}, {NameRole, "name"}, {ImageUrlRole, "imageUrl"},
        {TileXRole, "tileX"}, {TileYRole, "tileY"}, {TileWidthRole, "tileWidth"}, {TileHeightRole, "tileHeight"},
        {IsStaticRole, "isStatic"}, {StackOrderRole, "stackOrder"}};
}

bool PlacedElementModel::inView(const SpaceElement &element) const
{
    const auto footprint = element.footprint();
    return m_viewport.isValid() &&
        m_viewport.intersects(QRect(footprint.x, footprint.y, footprint.width, footprint.height));
}

void PlacedElementModel::reset(const QList<SpaceElement> &elements)
{
    const auto oldCount = m_rows.size();
    const auto oldTotal = m_all.size();
    beginResetModel();
    m_all.clear();
    m_order.clear();
    m_rows.clear();
    for (const auto &element : elements) {
        m_all.insert(element.id, element);
        m_order.insert(element.id, m_nextOrder++);
        if (inView(element)) {
            m_rows.append(element.id);
        }
    }
    // Stacking follows placement order: rows later in the model are drawn on top.
    std::sort(m_rows.begin(), m_rows.end(),
        [this](const QString &a, const QString &b) { return m_order.value(a) < m_order.value(b); });
    endResetModel();
    if (oldCount != m_rows.size()) {
        Q_EMIT countChanged();
    }
    if (oldTotal != m_all.size()) {
        Q_EMIT totalCountChanged();
    }
    ++m_revision;
    Q_EMIT elementsChanged();
}

void PlacedElementModel::appendRow(const QString &id)
{
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(id);
    endInsertRows();
    Q_EMIT countChanged();
}

void PlacedElementModel::removeRow(const QString &id)
{
    const int row = int(m_rows.indexOf(id));
    if (row < 0) {
        return;
    }
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
}

void PlacedElementModel::add(const SpaceElement &element)
{
    const bool existed = m_all.contains(element.id);
    if (existed) {
        removeRow(element.id);
    }
    m_all.insert(element.id, element);
    m_order.insert(element.id, m_nextOrder++);
    if (inView(element)) {
        appendRow(element.id);
    }
    if (!existed) {
        Q_EMIT totalCountChanged();
    }
    ++m_revision;
    Q_EMIT elementsChanged();
}

void PlacedElementModel::move(const QString &id, Point position)
{
    auto it = m_all.find(id);
    if (it == m_all.end()) {
        return;
    }
    const bool wasInView = inView(*it);
    it->position = position;
    const bool nowInView = inView(*it);
    if (wasInView && nowInView) {
        const int row = int(m_rows.indexOf(id));
        Q_EMIT dataChanged(index(row), index(row), {TileXRole, TileYRole});
    } else if (wasInView) {
        removeRow(id);
    } else if (nowInView) {
        appendRow(id);
    }
    ++m_revision;
    Q_EMIT elementsChanged();
}

void PlacedElementModel::remove(const QString &id)
{
    if (!m_all.contains(id)) {
        return;
    }
    removeRow(id);
    m_all.remove(id);
    m_order.remove(id);
    Q_EMIT totalCountChanged();
    ++m_revision;
    Q_EMIT elementsChanged();
}

const SpaceElement *PlacedElementModel::find(const QString &id) const
{
    const auto it = m_all.constFind(id);
    return it == m_all.cend() ? nullptr : &*it;
}

QString PlacedElementModel::topmostAt(Point tile) const
{
    QString best;
    quint64 bestOrder = 0;
    for (auto it = m_all.cbegin(); it != m_all.cend(); ++it) {
        if (it->footprint().contains(tile)) {
            const auto order = m_order.value(it.key());
            if (best.isEmpty() || order > bestOrder) {
                best = it.key();
                bestOrder = order;
            }
        }
    }
    return best;
}

void PlacedElementModel::setViewport(const QRect &tiles)
{
    if (tiles == m_viewport) {
        return;
    }
    m_viewport = tiles;
    // Remove what left the view (from the back, so rows stay valid), then append what entered.
    QSet<QString> shown;
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        const auto &id = m_rows.at(row);
        const auto it = m_all.constFind(id);
        if (it == m_all.cend() || !inView(*it)) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        } else {
            shown.insert(id);
        }
    }
    QList<QString> entering;
    for (auto it = m_all.cbegin(); it != m_all.cend(); ++it) {
        if (!shown.contains(it.key()) && inView(*it)) {
            entering.append(it.key());
        }
    }
    std::sort(entering.begin(), entering.end(),
        [this](const QString &a, const QString &b) { return m_order.value(a) < m_order.value(b); });
    if (!entering.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(entering.size()) - 1);
        m_rows.append(entering);
        endInsertRows();
    }
    Q_EMIT countChanged();
}

} // namespace Metaverse
