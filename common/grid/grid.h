// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

#include <optional>
#include <vector>

class QRandomGenerator;

namespace Metaverse
{

struct Point {
    int x = 0;
    int y = 0;
    bool operator==(const Point &) const = default;
};

struct Size {
    int width = 0;
    int height = 0;
    bool operator==(const Size &) const = default;
};

// A footprint on the tile grid: the tiles x..x+width-1, y..y+height-1.
struct Rect {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;

    [[nodiscard]] bool contains(Point p) const { return p.x >= x && p.y >= y && p.x < x + width && p.y < y + height; }
    [[nodiscard]] bool intersects(const Rect &o) const
    {
        return x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height;
    }
    bool operator==(const Rect &) const = default;
};

// The rules of the tile grid, shared by the server (authoritative) and the client (prediction).
namespace Grid
{
// Limits on a space's size in tiles, per side.
inline constexpr int MinSide = 1;
inline constexpr int MaxSide = 1000;

[[nodiscard]] bool isInside(Point p, Size space);
// True when the whole footprint lies inside the space.
[[nodiscard]] bool fitsInside(const Rect &footprint, Size space);
// One orthogonal step: |dx| + |dy| == 1.
[[nodiscard]] bool isOrthogonalStep(Point from, Point to);
} // namespace Grid

// Which tiles are blocked by static elements. Users may share tiles.
class Occupancy
{
public:
    explicit Occupancy(Size size);

    [[nodiscard]] Size size() const { return m_size; }
    void block(const Rect &footprint);
    void unblock(const Rect &footprint);
    [[nodiscard]] bool isBlocked(Point p) const;
    // Inside, not blocked, and one orthogonal step from `from`.
    [[nodiscard]] bool isLegalMove(Point from, Point to) const;
    // A uniformly random free tile, or nothing when every tile is blocked.
    [[nodiscard]] std::optional<Point> findSpawn(QRandomGenerator &random) const;

private:
    [[nodiscard]] qsizetype index(Point p) const { return qsizetype(p.y) * m_size.width + p.x; }

    Size m_size;
    // A count per tile, so overlapping footprints unblock correctly.
    std::vector<quint16> m_blocked;
};

} // namespace Metaverse
