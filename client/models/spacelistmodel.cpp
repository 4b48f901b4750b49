// SPDX-License-Identifier: GPL-3.0-or-later
#include "spacelistmodel.h"

#include "model/spaceaccess.h"
#include "validation/validation.h"

namespace Metaverse
{

SpaceListModel::SpaceListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int SpaceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_spaces.size());
}

QVariant SpaceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto &listing = m_spaces.at(index.row());
    const auto &space = listing.space;
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return space.name;
    case SpaceIdRole:
        return space.id;
    case ThumbnailUrlRole:
        return m_thumbnails.at(index.row());
    case DimensionsRole:
        return Validation::formatDimensions(space.size);
    case IsTemplateRole:
        return space.isTemplate;
    case IsOwnedRole:
        return !space.isTemplate && !m_user.id.isEmpty() && space.creatorId == m_user.id;
    case OwnerNameRole:
        return listing.ownerName;
    case AccessRole:
        return listing.access;
    case CanManageRole:
        return !space.isTemplate && !m_user.id.isEmpty() && SpaceAccess::canManage(m_user, space);
    default:
        return {};
    }
}

QHash<int, QByteArray> SpaceListModel::roleNames() const
{
    return {{SpaceIdRole, "spaceId"}, {NameRole, "name"}, {ThumbnailUrlRole, "thumbnailUrl"},
        {DimensionsRole, "dimensions"}, {IsTemplateRole, "isTemplate"}, {IsOwnedRole, "isOwned"},
        {OwnerNameRole, "ownerName"}, {AccessRole, "access"}, {CanManageRole, "canManage"}};
}

void SpaceListModel::setSpaces(QList<Rest::SpaceListing> spaces, const User &currentUser, UrlResolver resolve)
{
    const auto oldCount = m_spaces.size();
    beginResetModel();
    m_spaces = std::move(spaces);
    m_user = currentUser;
    m_thumbnails.clear();
    m_thumbnails.reserve(m_spaces.size());
    for (const auto &listing : std::as_const(m_spaces)) {
        m_thumbnails.append(resolve ? resolve(listing.space.thumbnail) : QUrl(listing.space.thumbnail));
    }
    endResetModel();
    if (oldCount != m_spaces.size()) {
        Q_EMIT countChanged();
    }
}

int SpaceListModel::indexOf(const QString &spaceId) const
{
    for (qsizetype i = 0; i < m_spaces.size(); ++i) {
        if (m_spaces.at(i).space.id == spaceId) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

void SpaceListModel::rename(const QString &spaceId, const QString &name)
{
    const int row = indexOf(spaceId);
    if (row < 0) {
        return;
    }
    m_spaces[row].space.name = name;
    const auto changed = index(row);
    Q_EMIT dataChanged(changed, changed, {NameRole, Qt::DisplayRole});
}

void SpaceListModel::remove(const QString &spaceId)
{
    const int row = indexOf(spaceId);
    if (row < 0) {
        return;
    }
    beginRemoveRows({}, row, row);
    m_spaces.removeAt(row);
    m_thumbnails.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
}

} // namespace Metaverse
