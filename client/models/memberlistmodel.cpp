// SPDX-License-Identifier: GPL-3.0-or-later
#include "memberlistmodel.h"

#include <algorithm>

namespace Metaverse
{

namespace
{
bool byName(const SpaceMember &a, const SpaceMember &b)
{
    return a.username.compare(b.username, Qt::CaseInsensitive) < 0;
}
} // namespace

int MemberListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_members.size());
}

QVariant MemberListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto &member = m_members.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case UsernameRole:
        return member.username;
    case UserIdRole:
        return member.userId;
    case CanEditRole:
        return member.canEdit;
    default:
        return {};
    }
}

QHash<int, QByteArray> MemberListModel::roleNames() const
{
    return {{UserIdRole, "userId"}, {UsernameRole, "username"}, {CanEditRole, "canEdit"}};
}

void MemberListModel::setMembers(QList<SpaceMember> members)
{
    std::sort(members.begin(), members.end(), byName);
    const auto oldCount = m_members.size();
    beginResetModel();
    m_members = std::move(members);
    endResetModel();
    if (oldCount != m_members.size()) {
        Q_EMIT countChanged();
    }
}

void MemberListModel::upsert(const SpaceMember &member)
{
    const auto it = std::find_if(
        m_members.begin(), m_members.end(), [&](const SpaceMember &m) { return m.userId == member.userId; });
    if (it != m_members.end()) {
        *it = member;
        const auto changed = index(int(it - m_members.begin()));
        Q_EMIT dataChanged(changed, changed);
        return;
    }
    const auto at = std::lower_bound(m_members.begin(), m_members.end(), member, byName) - m_members.begin();
    beginInsertRows({}, int(at), int(at));
    m_members.insert(at, member);
    endInsertRows();
    Q_EMIT countChanged();
}

void MemberListModel::remove(const QString &userId)
{
    const auto it =
        std::find_if(m_members.cbegin(), m_members.cend(), [&](const SpaceMember &m) { return m.userId == userId; });
    if (it == m_members.cend()) {
        return;
    }
    const auto row = int(it - m_members.cbegin());
    beginRemoveRows({}, row, row);
    m_members.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
}

} // namespace Metaverse
