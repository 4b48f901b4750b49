// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "protocol/teams.h"

#include <QAbstractListModel>
#include <QQmlEngine>

namespace Metaverse
{

// A space's audit log, newest first: who did what to whom, when, in words.
class AuditListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The audit log comes from App.moderation")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role { ActionRole = Qt::UserRole + 1, ActorNameRole, TargetNameRole, TimeRole, DescriptionRole };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setEntries(QList<Rest::AuditEntry> entries);
    [[nodiscard]] const QList<Rest::AuditEntry> &entries() const { return m_entries; }
    // One entry as a sentence ("alice banned bob").
    [[nodiscard]] static QString describe(const Rest::AuditEntry &entry);

Q_SIGNALS:
    void countChanged();

private:
    QList<Rest::AuditEntry> m_entries;
};

} // namespace Metaverse
