// SPDX-License-Identifier: GPL-3.0-or-later
#include "invitelistmodel.h"

#include "net/invitelink.h"

#include <algorithm>

namespace Metaverse
{

int InviteListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_invites.size());
}

QVariant InviteListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto &invite = m_invites.at(index.row());
    switch (role) {
    case InviteIdRole:
        return invite.id;
    case CanEditRole:
        return invite.canEdit;
    case ExpiresAtRole:
        return invite.expiresAt;
    case ExpiredRole:
        return invite.expiresAt <= QDateTime::currentDateTimeUtc();
    case UsesRole:
        return invite.uses;
    case MaxUsesRole:
        return invite.maxUses.value_or(0);
    case UsedUpRole:
        return invite.maxUses && invite.uses >= *invite.maxUses;
    case SchemeLinkRole:
        return link(invite.id, false);
    case WebLinkRole:
        return link(invite.id, true);
    default:
        return {};
    }
}

QHash<int, QByteArray> InviteListModel::roleNames() const
{
    return {{InviteIdRole, "inviteId"}, {CanEditRole, "canEdit"}, {ExpiresAtRole, "expiresAt"},
        {ExpiredRole, "expired"}, {UsesRole, "uses"}, {MaxUsesRole, "maxUses"}, {UsedUpRole, "usedUp"},
        {SchemeLinkRole, "schemeLink"}, {WebLinkRole, "webLink"}};
}

void InviteListModel::setInvites(QList<Rest::Invite> invites)
{
    const auto oldCount = m_invites.size();
    std::stable_sort(invites.begin(), invites.end(),
        [](const Rest::Invite &a, const Rest::Invite &b) { return a.createdAt > b.createdAt; });
    beginResetModel();
    m_invites = std::move(invites);
    endResetModel();
    if (oldCount != m_invites.size()) {
        Q_EMIT countChanged();
    }
}

void InviteListModel::rememberToken(const QString &inviteId, const QString &token)
{
    m_tokens.insert(inviteId, token);
}

void InviteListModel::remove(const QString &inviteId)
{
    const auto it = std::find_if(
        m_invites.cbegin(), m_invites.cend(), [&](const Rest::Invite &invite) { return invite.id == inviteId; });
    if (it == m_invites.cend()) {
        return;
    }
    const int row = int(it - m_invites.cbegin());
    beginRemoveRows({}, row, row);
    m_invites.removeAt(row);
    endRemoveRows();
    m_tokens.remove(inviteId);
    Q_EMIT countChanged();
}

QString InviteListModel::link(const QString &inviteId, bool web) const
{
    const auto token = m_tokens.value(inviteId);
    if (token.isEmpty()) {
        return {};
    }
    return web ? InviteLink::webLink(m_serverUrl, token) : InviteLink::schemeLink(m_serverUrl, token);
}

} // namespace Metaverse
