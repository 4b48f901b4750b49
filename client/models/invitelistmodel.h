// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "protocol/teams.h"

#include <QAbstractListModel>
#include <QHash>
#include <QQmlEngine>
#include <QUrl>

namespace Metaverse
{

// A space's invite links for the share dialog, newest first. The server never lists tokens (it
// keeps their hashes): the links of invites made in this run of the app are remembered here, so
// that they can be copied again; older ones can only be revoked.
class InviteListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Invites come from App.sharing")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        InviteIdRole = Qt::UserRole + 1,
        CanEditRole,
        ExpiresAtRole, // QDateTime
        ExpiredRole,
        UsesRole,
        MaxUsesRole, // 0: unlimited
        UsedUpRole,
        SchemeLinkRole, // "" when this app did not make it
        WebLinkRole,
    };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The server the links name.
    void setServerUrl(const QUrl &url) { m_serverUrl = url; }
    void setInvites(QList<Rest::Invite> invites);
    // Remembers a new invite's token (before the list that holds it is loaded).
    void rememberToken(const QString &inviteId, const QString &token);
    void remove(const QString &inviteId);
    [[nodiscard]] const QList<Rest::Invite> &invites() const { return m_invites; }
    // "" when the token is not known.
    [[nodiscard]] QString link(const QString &inviteId, bool web) const;

Q_SIGNALS:
    void countChanged();

private:
    QList<Rest::Invite> m_invites;
    QHash<QString, QString> m_tokens; // invite id -> token
    QUrl m_serverUrl;
};

} // namespace Metaverse
