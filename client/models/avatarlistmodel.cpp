// SPDX-License-Identifier: GPL-3.0-or-later
#include "avatarlistmodel.h"

namespace Metaverse
{

AvatarListModel::AvatarListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int AvatarListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_avatars.size());
}

QVariant AvatarListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto &avatar = m_avatars.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return avatar.name;
    case AvatarIdRole:
        return avatar.id;
    case ImageUrlRole:
        return m_urls.at(index.row());
    case IsCurrentRole:
        return avatar.id == m_current;
    default:
        return {};
    }
}

QHash<int, QByteArray> AvatarListModel::roleNames() const
{
    return {{AvatarIdRole, "avatarId"}, {NameRole, "name"}, {ImageUrlRole, "imageUrl"}, {IsCurrentRole, "isCurrent"}};
}

void AvatarListModel::setAvatars(QList<Avatar> avatars, QList<QUrl> imageUrls)
{
    Q_ASSERT(avatars.size() == imageUrls.size());
    const auto oldCount = m_avatars.size();
    beginResetModel();
    m_avatars = std::move(avatars);
    m_urls = std::move(imageUrls);
    endResetModel();
    if (oldCount != m_avatars.size()) {
        Q_EMIT countChanged();
    }
}

void AvatarListModel::setCurrentAvatarId(const QString &avatarId)
{
    if (avatarId == m_current) {
        return;
    }
    const int oldRow = indexOf(m_current);
    m_current = avatarId;
    const int newRow = indexOf(m_current);
    for (const int row : {oldRow, newRow}) {
        if (row >= 0) {
            Q_EMIT dataChanged(index(row), index(row), {IsCurrentRole});
        }
    }
    Q_EMIT currentAvatarIdChanged();
}

QUrl AvatarListModel::imageUrl(const QString &avatarId) const
{
    const int row = indexOf(avatarId);
    return row < 0 ? QUrl() : m_urls.at(row);
}

QString AvatarListModel::name(const QString &avatarId) const
{
    const int row = indexOf(avatarId);
    return row < 0 ? QString() : m_avatars.at(row).name;
}

int AvatarListModel::indexOf(const QString &avatarId) const
{
    if (avatarId.isEmpty()) {
        return -1;
    }
    for (qsizetype i = 0; i < m_avatars.size(); ++i) {
        if (m_avatars.at(i).id == avatarId) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

} // namespace Metaverse
