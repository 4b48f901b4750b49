// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/space.h"

#include <QAbstractListModel>
#include <QQmlEngine>

namespace Metaverse
{

// A space's members (not its owner) for the share dialog: name and edit right, by name.
class MemberListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Members come from App.sharing")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role { UserIdRole = Qt::UserRole + 1, UsernameRole, CanEditRole };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] const QList<SpaceMember> &members() const { return m_members; }
    void setMembers(QList<SpaceMember> members);
    // Adds the member in name order, or updates the one with its user id.
    void upsert(const SpaceMember &member);
    void remove(const QString &userId);

Q_SIGNALS:
    void countChanged();

private:
    QList<SpaceMember> m_members;
};

} // namespace Metaverse
