// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "grid.h"

#include <QList>

#include <optional>

namespace Metaverse::Pathfinder
{

// The shortest walk from `start` to `goal` by legal moves (Occupancy::isLegalMove: one orthogonal
// step onto a free tile inside the space), found with A* and the Manhattan distance. Returns the
// tiles after `start`, ending with `goal` (empty when start == goal), or nothing when the goal is
// outside, blocked or unreachable, or when more than `maxExpanded` tiles were searched (< 0: no
// limit). `start` itself may be blocked (a static element placed under a user): they may walk off.
[[nodiscard]] std::optional<QList<Point>> findPath(
    const Occupancy &grid, Point start, Point goal, qsizetype maxExpanded = -1);

// The shortest walk from `start` to a tile next to `footprint` (a free tile inside the space,
// outside the footprint, one orthogonal step from one of its tiles): "go to" an element, whose
// footprint may be blocked (static) or not. Of all such tiles the one with the shortest walk wins
// (ties: the one A* reaches first). Returns the tiles after `start` (empty when `start` is already
// next to it), or nothing when no such tile is reachable, the footprint is empty, or more than
// `maxExpanded` tiles were searched (< 0: no limit).
[[nodiscard]] std::optional<QList<Point>> findPathNextTo(
    const Occupancy &grid, Point start, const Rect &footprint, qsizetype maxExpanded = -1);

// Orthogonal steps from `p` to the nearest tile of `footprint` (0 inside it).
[[nodiscard]] int distanceTo(Point p, const Rect &footprint);

} // namespace Metaverse::Pathfinder
