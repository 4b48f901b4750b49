// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/avatar.h"

#include <QAbstractListModel>
#include <QQmlEngine>
#include <QUrl>

namespace Metaverse
{

// The server's avatar catalogue, with the signed-in user's current choice marked.
class AvatarListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Avatars come from the App singleton")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString currentAvatarId READ currentAvatarId NOTIFY currentAvatarIdChanged)

public:
    enum Role {
        AvatarIdRole = Qt::UserRole + 1,
        NameRole,
        ImageUrlRole,
        IsCurrentRole,
    };
    Q_ENUM(Role)

    explicit AvatarListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // `imageUrls` holds each avatar's image as an absolute URL, in the same order.
    void setAvatars(QList<Avatar> avatars, QList<QUrl> imageUrls);
    [[nodiscard]] QString currentAvatarId() const { return m_current; }
    void setCurrentAvatarId(const QString &avatarId);
    [[nodiscard]] Q_INVOKABLE QUrl imageUrl(const QString &avatarId) const;
    [[nodiscard]] Q_INVOKABLE QString name(const QString &avatarId) const;
    [[nodiscard]] Q_INVOKABLE int indexOf(const QString &avatarId) const;

Q_SIGNALS:
    void countChanged();
    void currentAvatarIdChanged();

private:
    QList<Avatar> m_avatars;
    QList<QUrl> m_urls;
    QString m_current;
};

} // namespace Metaverse
