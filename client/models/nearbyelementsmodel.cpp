// SPDX-License-Identifier: GPL-3.0-or-later
#include "nearbyelementsmodel.h"

#include "grid/pathfinder.h"
#include "placedelementmodel.h"

#include <QHash>

#include <algorithm>
#include <tuple>

namespace Metaverse
{

namespace
{
// The signed distance from `v` to the span from..from+length-1 (0 inside it).
int gap(int v, int from, int length)
{
    if (v < from) {
        return from - v;
    }
    if (v >= from + length) {
        return -(v - (from + length - 1));
    }
    return 0;
}
} // namespace

NearbyElementsModel::NearbyElementsModel(PlacedElementModel *elements, QObject *parent)
    : QAbstractListModel(parent)
    , m_elements(elements)
{
    connect(elements, &PlacedElementModel::elementsChanged, this, &NearbyElementsModel::update);
}

int NearbyElementsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant NearbyElementsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Entry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return entry.name;
    case PlacedIdRole:
        return entry.placedId;
    case ImageUrlRole:
        return m_resolve ? m_resolve(entry.imagePath) : QUrl(entry.imagePath);
    case IsStaticRole:
        return entry.isStatic;
    case DeltaXRole:
        return entry.delta.x;
    case DeltaYRole:
        return entry.delta.y;
    case DistanceRole:
        return entry.distance;
    case CountRole:
        return entry.count;
    default:
        return {};
    }
}

QHash<int, QByteArray> NearbyElementsModel::roleNames() const
{
    return {{PlacedIdRole, "placedId"}, {NameRole, "name"}, {ImageUrlRole, "imageUrl"}, {IsStaticRole, "isStatic"},
        {DeltaXRole, "deltaX"}, {DeltaYRole, "deltaY"}, {DistanceRole, "distance"}, {CountRole, "count"}};
}

void NearbyElementsModel::setOrigin(std::optional<Point> origin)
{
    if (origin == m_origin) {
        return;
    }
    m_origin = origin;
    update();
}

QList<NearbyElementsModel::Entry> NearbyElementsModel::compute() const
{
    QList<Entry> found;
    if (!m_origin) {
        return found;
    }
    // Nearest first; ties by name, then id, so the order never depends on the hash.
    const auto nearer = [](const Entry &a, const Entry &b) {
        return std::tie(a.distance, a.name, a.placedId) < std::tie(b.distance, b.name, b.placedId);
    };
    const Point at = *m_origin;
    QHash<QString, qsizetype> rowOfElement; // element id -> its row in `found`
    for (const auto &placed : m_elements->all()) {
        // Floor is what everyone walks on, not something a person looks for.
        if (placed.element.category == QLatin1String("floor")) {
            continue;
        }
        const auto footprint = placed.footprint();
        const int distance = Pathfinder::distanceTo(at, footprint);
        if (distance > Radius) {
            continue;
        }
        Entry entry{placed.id, placed.element.name, placed.element.imageUrl, placed.element.isStatic,
            Point{gap(at.x, footprint.x, footprint.width), gap(at.y, footprint.y, footprint.height)}, distance};
        const auto row = rowOfElement.constFind(placed.element.id);
        if (row == rowOfElement.cend()) {
            rowOfElement.insert(placed.element.id, found.size());
            found.append(std::move(entry));
            continue;
        }
        Entry &group = found[*row];
        entry.count = group.count + 1;
        if (nearer(entry, group)) {
            group = std::move(entry);
        } else {
            group.count = entry.count;
        }
    }
    if (found.size() > Limit) {
        std::partial_sort(found.begin(), found.begin() + Limit, found.end(), nearer);
        found.resize(Limit);
    } else {
        std::sort(found.begin(), found.end(), nearer);
    }
    return found;
}

void NearbyElementsModel::update()
{
    ++m_updates;
    const auto next = compute();
    if (next == m_entries) {
        return;
    }
    const auto oldCount = m_entries.size();
    // Rows that are no longer near go first (from the end, so indexes stay valid)...
    for (auto row = m_entries.size() - 1; row >= 0; --row) {
        const auto &id = m_entries.at(row).placedId;
        if (std::none_of(next.cbegin(), next.cend(), [&](const Entry &e) { return e.placedId == id; })) {
            beginRemoveRows({}, int(row), int(row));
            m_entries.removeAt(row);
            endRemoveRows();
        }
    }
    // ...then, row by row, the right one is moved up or inserted, and changed data is announced.
    for (qsizetype row = 0; row < next.size(); ++row) {
        const auto &want = next.at(row);
        const auto it = std::find_if(
            m_entries.cbegin() + row, m_entries.cend(), [&](const Entry &e) { return e.placedId == want.placedId; });
        if (it == m_entries.cend()) {
            beginInsertRows({}, int(row), int(row));
            m_entries.insert(row, want);
            endInsertRows();
            continue;
        }
        const auto from = it - m_entries.cbegin();
        if (from != row) {
            beginMoveRows({}, int(from), int(from), {}, int(row));
            m_entries.move(from, row);
            endMoveRows();
        }
        if (!(m_entries.at(row) == want)) {
            m_entries[row] = want;
            const auto changed = index(int(row));
            Q_EMIT dataChanged(changed, changed);
        }
    }
    if (m_entries.size() != oldCount) {
        Q_EMIT countChanged();
    }
}

} // namespace Metaverse
