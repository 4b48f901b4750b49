// SPDX-License-Identifier: GPL-3.0-or-later
#include "grid.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cstdlib>

namespace Metaverse
{

bool Grid::isInside(Point p, Size space)
{
    return p.x >= 0 && p.y >= 0 && p.x < space.width && p.y < space.height;
}

bool Grid::fitsInside(const Rect &footprint, Size space)
{
    return footprint.width > 0 && footprint.height > 0 && footprint.x >= 0 && footprint.y >= 0 &&
        qint64(footprint.x) + footprint.width <= space.width && qint64(footprint.y) + footprint.height <= space.height;
}

bool Grid::isOrthogonalStep(Point from, Point to)
{
    return std::abs(qint64(to.x) - from.x) + std::abs(qint64(to.y) - from.y) == 1;
}

Occupancy::Occupancy(Size size)
    : m_size(size)
    , m_blocked(size_t(std::max(size.width, 0)) * size_t(std::max(size.height, 0)), 0)
{
}

void Occupancy::block(const Rect &footprint)
{
    for (int y = std::max(footprint.y, 0); y < std::min(footprint.y + footprint.height, m_size.height); ++y) {
        for (int x = std::max(footprint.x, 0); x < std::min(footprint.x + footprint.width, m_size.width); ++x) {
            auto &count = m_blocked[size_t(index({x, y}))];
            if (count < std::numeric_limits<quint16>::max()) {
                ++count;
            }
        }
    }
}

void Occupancy::unblock(const Rect &footprint)
{
    for (int y = std::max(footprint.y, 0); y < std::min(footprint.y + footprint.height, m_size.height); ++y) {
        for (int x = std::max(footprint.x, 0); x < std::min(footprint.x + footprint.width, m_size.width); ++x) {
            auto &count = m_blocked[size_t(index({x, y}))];
            if (count > 0) {
                --count;
            }
        }
    }
}

bool Occupancy::isBlocked(Point p) const
{
    return !Grid::isInside(p, m_size) || m_blocked[size_t(index(p))] > 0;
}

bool Occupancy::isLegalMove(Point from, Point to) const
{
    return Grid::isOrthogonalStep(from, to) && !isBlocked(to);
}

std::optional<Point> Occupancy::findSpawn(QRandomGenerator &random) const
{
    const auto total = qsizetype(m_blocked.size());
    if (total == 0) {
        return std::nullopt;
    }
    // Random probes first (cheap when the space is mostly free), then a scan from a random start.
    for (int attempt = 0; attempt < 32; ++attempt) {
        const auto i = qsizetype(random.bounded(quint64(total)));
        if (m_blocked[size_t(i)] == 0) {
            return Point{int(i % m_size.width), int(i / m_size.width)};
        }
    }
    const auto start = qsizetype(random.bounded(quint64(total)));
    for (qsizetype k = 0; k < total; ++k) {
        const auto i = (start + k) % total;
        if (m_blocked[size_t(i)] == 0) {
            return Point{int(i % m_size.width), int(i / m_size.width)};
        }
    }
    return std::nullopt;
}

} // namespace Metaverse
