// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "grid/grid.h"
#include "model/space.h"

#include <QList>

#include <optional>

namespace Metaverse
{

// A space's placed elements and the occupancy grid they make (static footprints block), kept in
// step: the one bookkeeping that both the server's room (SpaceHub) and the client's session
// apply element events to. It records what was decided; whether a change is allowed is
// Placement's question (grid/placement.h), asked before the change is made.
//
// Adopting it: build one from the space as loaded (`SpaceLayout(space)`), then feed it the
// element events as they arrive:
//   element-place  -> place(placed)
//   element-move   -> move(id, position)
//   element-remove -> remove(id)
// Read walkability from occupancy() (Occupancy::isLegalMove, findSpawn, the Pathfinder), and
// the elements from elements() (in the order they were loaded, then placed).
class SpaceLayout
{
public:
    // An empty 0x0 space.
    SpaceLayout();
    // A space of `size` holding `elements` (footprints outside the space are kept, but block
    // nothing outside it).
    explicit SpaceLayout(Size size, QList<SpaceElement> elements = {});
    explicit SpaceLayout(const Space &space);

    [[nodiscard]] Size size() const { return m_occupancy.size(); }
    [[nodiscard]] const QList<SpaceElement> &elements() const { return m_elements; }
    [[nodiscard]] const Occupancy &occupancy() const { return m_occupancy; }
    [[nodiscard]] qsizetype count() const { return m_elements.size(); }
    [[nodiscard]] bool isBlocked(Point p) const { return m_occupancy.isBlocked(p); }

    // The placed element with this id, or null. The pointer is valid until the next change.
    [[nodiscard]] const SpaceElement *find(const QString &placedId) const;
    // The first static element whose footprint overlaps `footprint`, other than `ignoredId`, or
    // null. The pointer is valid until the next change.
    [[nodiscard]] const SpaceElement *staticOverlapping(const Rect &footprint, const QString &ignoredId = {}) const;

    // Adds the element at the end, or replaces the one with the same id where it stands (an
    // event that arrives twice changes nothing).
    void place(const SpaceElement &placed);
    // Moves a placed element; its previous position, or nothing when no element has that id.
    std::optional<Point> move(const QString &placedId, Point position);
    // Removes a placed element; the element removed, or nothing when no element has that id.
    std::optional<SpaceElement> remove(const QString &placedId);

private:
    [[nodiscard]] qsizetype indexOf(const QString &placedId) const;

    QList<SpaceElement> m_elements;
    Occupancy m_occupancy;
};

} // namespace Metaverse
