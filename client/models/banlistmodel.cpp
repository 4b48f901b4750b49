// SPDX-License-Identifier: GPL-3.0-or-later
#include "banlistmodel.h"

#include <algorithm>

namespace Metaverse
{

int BanListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_bans.size());
}

QVariant BanListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto &ban = m_bans.at(index.row());
    switch (role) {
    case UserIdRole:
        return ban.userId;
    case Qt::DisplayRole:
    case UsernameRole:
        return ban.username;
    case ReasonRole:
        return ban.reason;
    case CreatedAtRole:
        return ban.createdAt;
    default:
        return {};
    }
}

QHash<int, QByteArray> BanListModel::roleNames() const
{
    return {{UserIdRole, "userId"}, {UsernameRole, "username"}, {ReasonRole, "reason"}, {CreatedAtRole, "createdAt"}};
}

void BanListModel::setBans(QList<Rest::Ban> bans)
{
    const auto oldCount = m_bans.size();
    beginResetModel();
    m_bans = std::move(bans);
    endResetModel();
    if (oldCount != m_bans.size()) {
        Q_EMIT countChanged();
    }
}

void BanListModel::remove(const QString &userId)
{
    const auto it =
        std::find_if(m_bans.cbegin(), m_bans.cend(), [&](const Rest::Ban &ban) { return ban.userId == userId; });
    if (it == m_bans.cend()) {
        return;
    }
    const int row = int(it - m_bans.cbegin());
    beginRemoveRows({}, row, row);
    m_bans.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
}

} // namespace Metaverse
