// SPDX-License-Identifier: GPL-3.0-or-later
#include "occupantviewmodel.h"

#include "occupantmodel.h"

namespace Metaverse
{

OccupantViewModel::OccupantViewModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    connect(this, &QAbstractItemModel::rowsInserted, this, &OccupantViewModel::countChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &OccupantViewModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &OccupantViewModel::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &OccupantViewModel::countChanged);
}

void OccupantViewModel::setViewport(const QRect &tiles)
{
    if (tiles == m_viewport) {
        return;
    }
    m_viewport = tiles;
    invalidateFilter();
}

bool OccupantViewModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (index.data(OccupantModel::IsSelfRole).toBool()) {
        return true;
    }
    return m_viewport.contains(
        index.data(OccupantModel::TileXRole).toInt(), index.data(OccupantModel::TileYRole).toInt());
}

} // namespace Metaverse
