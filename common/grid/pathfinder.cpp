// SPDX-License-Identifier: GPL-3.0-or-later
#include "pathfinder.h"

#include <algorithm>
#include <cstdlib>
#include <queue>
#include <vector>

namespace Metaverse
{

namespace
{

struct Open {
    qint64 f; // cost so far + estimate
    qint64 h; // estimate: ties go to the node nearer the goal
    qsizetype index;
    bool operator>(const Open &o) const { return f != o.f ? f > o.f : h > o.h; }
};

qint64 manhattan(Point a, Point b)
{
    return std::abs(qint64(a.x) - b.x) + std::abs(qint64(a.y) - b.y);
}

} // namespace

std::optional<QList<Point>> Pathfinder::findPath(const Occupancy &grid, Point start, Point goal, qsizetype maxExpanded)
{
    const Size size = grid.size();
    if (!Grid::isInside(start, size) || !Grid::isInside(goal, size)) {
        return std::nullopt;
    }
    if (start == goal) {
        return QList<Point>{};
    }
    if (grid.isBlocked(goal)) {
        return std::nullopt;
    }
    const auto total = size_t(size.width) * size_t(size.height);
    const auto indexOf = [&](Point p) { return qsizetype(p.y) * size.width + p.x; };
    const auto pointOf = [&](qsizetype i) { return Point{int(i % size.width), int(i / size.width)}; };

    // Cost so far (-1: not reached) and the tile each was reached from.
    std::vector<qint32> cost(total, -1);
    std::vector<qint32> from(total, -1);
    std::vector<bool> closed(total, false);
    std::priority_queue<Open, std::vector<Open>, std::greater<>> open;

    const auto startIndex = indexOf(start);
    const auto goalIndex = indexOf(goal);
    cost[size_t(startIndex)] = 0;
    open.push({manhattan(start, goal), manhattan(start, goal), startIndex});
    qsizetype expanded = 0;
    static constexpr Point Steps[] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};

    while (!open.empty()) {
        const auto current = open.top();
        open.pop();
        if (closed[size_t(current.index)]) {
            continue;
        }
        closed[size_t(current.index)] = true;
        if (current.index == goalIndex) {
            QList<Point> path;
            for (auto i = goalIndex; i != startIndex; i = from[size_t(i)]) {
                path.append(pointOf(i));
            }
            std::reverse(path.begin(), path.end());
            return path;
        }
        if (maxExpanded >= 0 && ++expanded > maxExpanded) {
            return std::nullopt;
        }
        const Point here = pointOf(current.index);
        const qint32 nextCost = cost[size_t(current.index)] + 1;
        for (const auto step : Steps) {
            const Point next{here.x + step.x, here.y + step.y};
            if (!grid.isLegalMove(here, next)) {
                continue;
            }
            const auto n = size_t(indexOf(next));
            if (closed[n] || (cost[n] >= 0 && cost[n] <= nextCost)) {
                continue;
            }
            cost[n] = nextCost;
            from[n] = qint32(current.index);
            const auto h = manhattan(next, goal);
            open.push({nextCost + h, h, qsizetype(n)});
        }
    }
    return std::nullopt;
}

} // namespace Metaverse
