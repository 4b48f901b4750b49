// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/user.h"
#include "protocol/teams.h"

#include <QAbstractListModel>
#include <QQmlEngine>
#include <QUrl>

#include <functional>

namespace Metaverse
{

// Space summaries for the dashboard (one list: the user's spaces, shared spaces, templates or an
// Admin's page of all spaces), each with its owner's name and the user's access.
class SpaceListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Spaces come from the App singleton")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        SpaceIdRole = Qt::UserRole + 1,
        NameRole,
        ThumbnailUrlRole,
        DimensionsRole, // "30x20"
        IsTemplateRole,
        IsOwnedRole,
        OwnerNameRole, // "" for templates
        AccessRole, // "owner", "editor", "member", "admin" or "template"
        CanManageRole, // share and moderate: the owner or an Admin
    };
    Q_ENUM(Role)

    using UrlResolver = std::function<QUrl(const QString &)>;

    explicit SpaceListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setSpaces(QList<Rest::SpaceListing> spaces, const User &currentUser, UrlResolver resolve);
    [[nodiscard]] const QList<Rest::SpaceListing> &spaces() const { return m_spaces; }
    // -1 when absent.
    [[nodiscard]] Q_INVOKABLE int indexOf(const QString &spaceId) const;
    // Changes one row in place (after a successful rename).
    void rename(const QString &spaceId, const QString &name);
    void remove(const QString &spaceId);

Q_SIGNALS:
    void countChanged();

private:
    QList<Rest::SpaceListing> m_spaces;
    QList<QUrl> m_thumbnails;
    User m_user;
};

} // namespace Metaverse
