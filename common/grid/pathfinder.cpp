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

// A* from `start` to the first tile for which isGoal() holds, with an admissible estimate.
template<typename IsGoal, typename Estimate>
std::optional<QList<Point>> search(
    const Occupancy &grid, Point start, IsGoal isGoal, Estimate estimate, qsizetype maxExpanded)
{
    const Size size = grid.size();
    const auto total = size_t(size.width) * size_t(size.height);
    const auto indexOf = [&](Point p) { return qsizetype(p.y) * size.width + p.x; };
    const auto pointOf = [&](qsizetype i) { return Point{int(i % size.width), int(i / size.width)}; };

    // Cost so far (-1: not reached) and the tile each was reached from.
    std::vector<qint32> cost(total, -1);
    std::vector<qint32> from(total, -1);
    std::vector<bool> closed(total, false);
    std::priority_queue<Open, std::vector<Open>, std::greater<>> open;

    const auto startIndex = indexOf(start);
    cost[size_t(startIndex)] = 0;
    open.push({estimate(start), estimate(start), startIndex});
    qsizetype expanded = 0;
    static constexpr Point Steps[] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};

    while (!open.empty()) {
        const auto current = open.top();
        open.pop();
        if (closed[size_t(current.index)]) {
            continue;
        }
        closed[size_t(current.index)] = true;
        const Point here = pointOf(current.index);
        if (isGoal(here)) {
            QList<Point> path;
            for (auto i = current.index; i != startIndex; i = from[size_t(i)]) {
                path.append(pointOf(i));
            }
            std::reverse(path.begin(), path.end());
            return path;
        }
        if (maxExpanded >= 0 && ++expanded > maxExpanded) {
            return std::nullopt;
        }
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
            const auto h = estimate(next);
            open.push({nextCost + h, h, qsizetype(n)});
        }
    }
    return std::nullopt;
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
    return search(
        grid, start, [goal](Point p) { return p == goal; }, [goal](Point p) { return manhattan(p, goal); },
        maxExpanded);
}

int Pathfinder::distanceTo(Point p, const Rect &footprint)
{
    const auto gap = [](int v, int from, int length) {
        return v < from ? from - v : (v >= from + length ? v - (from + length - 1) : 0);
    };
    return gap(p.x, footprint.x, footprint.width) + gap(p.y, footprint.y, footprint.height);
}

std::optional<QList<Point>> Pathfinder::findPathNextTo(
    const Occupancy &grid, Point start, const Rect &footprint, qsizetype maxExpanded)
{
    if (!Grid::isInside(start, grid.size()) || footprint.width <= 0 || footprint.height <= 0) {
        return std::nullopt;
    }
    // Next to it: one step from the footprint (distance 1), free. The estimate never overestimates:
    // from any other tile at least distance - 1 steps, and at least one.
    const auto isGoal = [&](Point p) { return distanceTo(p, footprint) == 1 && !grid.isBlocked(p); };
    const auto estimate = [&](Point p) {
        return isGoal(p) ? qint64(0) : qint64(std::max(distanceTo(p, footprint) - 1, 1));
    };
    if (isGoal(start)) {
        return QList<Point>{};
    }
    return search(grid, start, isGoal, estimate, maxExpanded);
}

} // namespace Metaverse
