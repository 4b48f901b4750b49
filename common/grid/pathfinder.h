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

} // namespace Metaverse::Pathfinder
