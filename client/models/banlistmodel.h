// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "protocol/teams.h"

#include <QAbstractListModel>
#include <QQmlEngine>

namespace Metaverse
{

// A space's bans, newest first (the moderation view's list, with unban).
class BanListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Bans come from App.moderation")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role { UserIdRole = Qt::UserRole + 1, UsernameRole, ReasonRole, CreatedAtRole };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setBans(QList<Rest::Ban> bans);
    void remove(const QString &userId);
    [[nodiscard]] const QList<Rest::Ban> &bans() const { return m_bans; }

Q_SIGNALS:
    void countChanged();

private:
    QList<Rest::Ban> m_bans;
};

} // namespace Metaverse
