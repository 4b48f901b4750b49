// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "grid/grid.h"

#include <QAbstractListModel>
#include <QQmlEngine>
#include <QUrl>

#include <functional>
#include <optional>

namespace Metaverse
{

class PlacedElementModel;

// The placed elements nearest the signed-in user (within `Radius` orthogonal steps of their
// footprint, nearest first, at most `Limit` rows): what the space page's "Nearby" list shows, so that
// elements are reachable without the canvas (screen readers, keyboard). Copies of one element
// (eight tiles of "Carpet Floor", a row of walls) are one row: the nearest copy, with how many
// there are, so that floors and walls never crowd out what a person looks for. Recomputed only when the
// user's tile (setOrigin) or an element changes, never per frame; rows move, come and go
// individually, so a list keeps its current item while its user walks.
class NearbyElementsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Nearby elements come from App.space")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int radius READ radius CONSTANT)

public:
    static constexpr int Radius = 12;
    static constexpr int Limit = 8;

    enum Role {
        PlacedIdRole = Qt::UserRole + 1,
        NameRole,
        ImageUrlRole,
        IsStaticRole,
        // From the user to the nearest tile of the footprint: east and south are positive.
        DeltaXRole,
        DeltaYRole,
        DistanceRole, // orthogonal steps: |deltaX| + |deltaY|
        CountRole, // copies of this element within the radius (this row is the nearest)
    };
    Q_ENUM(Role)

    struct Entry {
        QString placedId;
        QString name;
        QString imagePath;
        bool isStatic = false;
        Point delta;
        int distance = 0;
        int count = 1;
        bool operator==(const Entry &) const = default;
    };

    using UrlResolver = std::function<QUrl(const QString &)>;

    // Follows `elements` (not owned: its destruction ends the connection, and nothing reads it after).
    explicit NearbyElementsModel(PlacedElementModel *elements, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] int radius() const { return Radius; }
    void setUrlResolver(UrlResolver resolve) { m_resolve = std::move(resolve); }
    // The user's tile; std::nullopt (not in a space) empties the list.
    void setOrigin(std::optional<Point> origin);
    [[nodiscard]] const QList<Entry> &entries() const { return m_entries; }
    // How often the rows were recomputed (tests: not per frame, not when nothing changed).
    [[nodiscard]] int updates() const { return m_updates; }

Q_SIGNALS:
    void countChanged();

private:
    void update();
    [[nodiscard]] QList<Entry> compute() const;

    const PlacedElementModel *m_elements; // not owned: the session's, created before this model
    std::optional<Point> m_origin;
    QList<Entry> m_entries;
    UrlResolver m_resolve;
    int m_updates = 0;
};

} // namespace Metaverse
