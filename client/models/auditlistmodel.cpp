// SPDX-License-Identifier: GPL-3.0-or-later
#include "auditlistmodel.h"

namespace Metaverse
{

int AuditListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant AuditListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto &entry = m_entries.at(index.row());
    switch (role) {
    case ActionRole:
        return entry.action;
    case ActorNameRole:
        return entry.actorName;
    case TargetNameRole:
        return entry.targetName;
    case TimeRole:
        return entry.time;
    case Qt::DisplayRole:
    case DescriptionRole:
        return describe(entry);
    default:
        return {};
    }
}

QHash<int, QByteArray> AuditListModel::roleNames() const
{
    return {{ActionRole, "action"}, {ActorNameRole, "actorName"}, {TargetNameRole, "targetName"}, {TimeRole, "time"},
        {DescriptionRole, "description"}};
}

void AuditListModel::setEntries(QList<Rest::AuditEntry> entries)
{
    const auto oldCount = m_entries.size();
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
    if (oldCount != m_entries.size()) {
        Q_EMIT countChanged();
    }
}

QString AuditListModel::describe(const Rest::AuditEntry &entry)
{
    // The actions of docs/api/openapi.yaml (spaceAudit).
    const auto &who = entry.actorName;
    const auto &whom = entry.targetName;
    const auto &action = entry.action;
    if (action == QLatin1String("member.add")) {
        return tr("%1 added %2").arg(who, whom);
    }
    if (action == QLatin1String("member.remove")) {
        return tr("%1 removed %2").arg(who, whom);
    }
    if (action == QLatin1String("invite.create")) {
        return tr("%1 made an invite link").arg(who);
    }
    if (action == QLatin1String("invite.revoke")) {
        return tr("%1 revoked an invite link").arg(who);
    }
    if (action == QLatin1String("invite.accept")) {
        return tr("%1 joined with an invite link").arg(who);
    }
    if (action == QLatin1String("kick")) {
        return tr("%1 kicked %2 out").arg(who, whom);
    }
    if (action == QLatin1String("ban")) {
        return tr("%1 banned %2").arg(who, whom);
    }
    if (action == QLatin1String("unban")) {
        return tr("%1 lifted the ban on %2").arg(who, whom);
    }
    if (action == QLatin1String("mute")) {
        return tr("%1 muted %2").arg(who, whom);
    }
    if (action == QLatin1String("unmute")) {
        return tr("%1 unmuted %2").arg(who, whom);
    }
    return tr("%1: %2 %3").arg(who, action, whom).trimmed();
}

} // namespace Metaverse
