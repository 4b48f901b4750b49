// SPDX-License-Identifier: GPL-3.0-or-later
#include "occupantmodel.h"

#include <algorithm>

namespace Metaverse
{

OccupantModel::OccupantModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int OccupantModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant OccupantModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case UsernameRole:
        return row.username;
    case UserIdRole:
        return row.userId;
    case AvatarUrlRole:
        return row.avatarUrl;
    case TileXRole:
        return row.position.x;
    case TileYRole:
        return row.position.y;
    case IsSelfRole:
        return row.isSelf;
    case StatusRole:
        return row.status;
    default:
        return {};
    }
}

QHash<int, QByteArray> OccupantModel::roleNames() const
{
    return {{UserIdRole, "userId"}, {UsernameRole, "username"}, {AvatarUrlRole, "avatarUrl"}, {TileXRole, "tileX"},
        {TileYRole, "tileY"}, {IsSelfRole, "isSelf"}, {StatusRole, "status"}};
}

void OccupantModel::reset(QList<Occupant> occupants)
{
    const auto oldCount = m_rows.size();
    // Self first, then by name: a stable order for the people panel.
    std::stable_sort(occupants.begin(), occupants.end(), [](const Occupant &a, const Occupant &b) {
        if (a.isSelf != b.isSelf) {
            return a.isSelf;
        }
        return a.username.localeAwareCompare(b.username) < 0;
    });
    beginResetModel();
    m_rows = std::move(occupants);
    endResetModel();
    if (oldCount != m_rows.size()) {
        Q_EMIT countChanged();
    }
}

void OccupantModel::upsert(const Occupant &occupant)
{
    if (const int row = indexOf(occupant.userId); row >= 0) {
        m_rows[row] = occupant;
        Q_EMIT dataChanged(index(row), index(row));
        return;
    }
    // Keep the order: self first, the others by name.
    auto it = std::find_if(m_rows.cbegin(), m_rows.cend(), [&](const Occupant &o) {
        return !o.isSelf && (occupant.isSelf || o.username.localeAwareCompare(occupant.username) > 0);
    });
    const int row = int(it - m_rows.cbegin());
    beginInsertRows({}, row, row);
    m_rows.insert(row, occupant);
    endInsertRows();
    Q_EMIT countChanged();
}

void OccupantModel::move(const QString &userId, Point position)
{
    const int row = indexOf(userId);
    if (row < 0 || m_rows.at(row).position == position) {
        return;
    }
    m_rows[row].position = position;
    Q_EMIT dataChanged(index(row), index(row), {TileXRole, TileYRole});
}

void OccupantModel::setStatus(const QString &userId, const QString &status)
{
    const int row = indexOf(userId);
    if (row < 0 || m_rows.at(row).status == status) {
        return;
    }
    m_rows[row].status = status;
    Q_EMIT dataChanged(index(row), index(row), {StatusRole});
}

void OccupantModel::remove(const QString &userId)
{
    const int row = indexOf(userId);
    if (row < 0) {
        return;
    }
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
}

const OccupantModel::Occupant *OccupantModel::find(const QString &userId) const
{
    const int row = indexOf(userId);
    return row < 0 ? nullptr : &m_rows.at(row);
}

int OccupantModel::indexOf(const QString &userId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).userId == userId) {
            return i;
        }
    }
    return -1;
}

QPoint OccupantModel::positionOf(const QString &userId) const
{
    const auto *occupant = find(userId);
    return occupant ? QPoint(occupant->position.x, occupant->position.y) : QPoint(-1, -1);
}

QString OccupantModel::statusOf(const QString &userId) const
{
    const auto *occupant = find(userId);
    return occupant ? occupant->status : QString();
}

QString OccupantModel::userIdOf(const QString &username) const
{
    for (const auto &row : m_rows) {
        if (row.username == username) {
            return row.userId;
        }
    }
    return {};
}

} // namespace Metaverse
