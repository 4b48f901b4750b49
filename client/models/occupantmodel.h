// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "grid/grid.h"

#include <QAbstractListModel>
#include <QPoint>
#include <QQmlEngine>
#include <QUrl>

namespace Metaverse
{

// Who is in the space (the signed-in user first), with avatar, name, tile and status. Rows are
// unique by user id: a repeated join replaces the row instead of adding one.
class OccupantModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Occupants come from App.space")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    struct Occupant {
        QString userId;
        QString username;
        QUrl avatarUrl; // empty when none chosen
        Point position;
        bool isSelf = false;
        // As on the wire (common/protocol/space.h): "available", "busy" or "away".
        QString status = QStringLiteral("available");
    };

    enum Role {
        UserIdRole = Qt::UserRole + 1,
        UsernameRole,
        AvatarUrlRole,
        TileXRole,
        TileYRole,
        IsSelfRole,
        StatusRole,
    };
    Q_ENUM(Role)

    explicit OccupantModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void reset(QList<Occupant> occupants);
    void clear() { reset({}); }
    // Adds the occupant, or replaces the row with the same user id.
    void upsert(const Occupant &occupant);
    void move(const QString &userId, Point position);
    void setStatus(const QString &userId, const QString &status);
    void remove(const QString &userId);
    [[nodiscard]] const Occupant *find(const QString &userId) const;
    [[nodiscard]] const QList<Occupant> &rows() const { return m_rows; }

    // -1 when absent.
    [[nodiscard]] Q_INVOKABLE int indexOf(const QString &userId) const;
    // The user's tile, or (-1, -1) when they are not here.
    [[nodiscard]] Q_INVOKABLE QPoint positionOf(const QString &userId) const;
    // The first occupant with that name ("" when none); for tests and scripts.
    [[nodiscard]] Q_INVOKABLE QString userIdOf(const QString &username) const;
    // The user's status ("" when they are not here); for tests and scripts.
    [[nodiscard]] Q_INVOKABLE QString statusOf(const QString &userId) const;

Q_SIGNALS:
    void countChanged();

private:
    QList<Occupant> m_rows;
};

} // namespace Metaverse
