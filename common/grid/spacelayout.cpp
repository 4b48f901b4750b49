// SPDX-License-Identifier: GPL-3.0-or-later
#include "spacelayout.h"

namespace Metaverse
{

SpaceLayout::SpaceLayout()
    : SpaceLayout(Size{0, 0})
{
}

SpaceLayout::SpaceLayout(Size size, QList<SpaceElement> elements)
    : m_elements(std::move(elements))
    , m_occupancy(size)
{
    for (const auto &placed : std::as_const(m_elements)) {
        if (placed.element.isStatic) {
            m_occupancy.block(placed.footprint());
        }
    }
}

SpaceLayout::SpaceLayout(const Space &space)
    : SpaceLayout(space.size, space.elements)
{
}

qsizetype SpaceLayout::indexOf(const QString &placedId) const
{
    for (qsizetype i = 0; i < m_elements.size(); ++i) {
        if (m_elements.at(i).id == placedId) {
            return i;
        }
    }
    return -1;
}

const SpaceElement *SpaceLayout::find(const QString &placedId) const
{
    const auto i = indexOf(placedId);
    return i < 0 ? nullptr : &m_elements.at(i);
}

const SpaceElement *SpaceLayout::staticOverlapping(const Rect &footprint, const QString &ignoredId) const
{
    for (const auto &placed : m_elements) {
        if (placed.element.isStatic && placed.footprint().intersects(footprint) &&
            (ignoredId.isEmpty() || placed.id != ignoredId)) {
            return &placed;
        }
    }
    return nullptr;
}

void SpaceLayout::place(const SpaceElement &placed)
{
    if (placed.element.isStatic) {
        m_occupancy.block(placed.footprint());
    }
    if (const auto i = indexOf(placed.id); i >= 0) {
        if (const auto &old = m_elements.at(i); old.element.isStatic) {
            m_occupancy.unblock(old.footprint());
        }
        m_elements[i] = placed; // in place: the order stays as it was
        return;
    }
    m_elements.append(placed);
}

std::optional<Point> SpaceLayout::move(const QString &placedId, Point position)
{
    const auto i = indexOf(placedId);
    if (i < 0) {
        return std::nullopt;
    }
    auto &placed = m_elements[i];
    const Point from = placed.position;
    if (placed.element.isStatic) {
        m_occupancy.unblock(placed.footprint());
        m_occupancy.block(placed.element.footprintAt(position));
    }
    placed.position = position;
    return from;
}

std::optional<SpaceElement> SpaceLayout::remove(const QString &placedId)
{
    const auto i = indexOf(placedId);
    if (i < 0) {
        return std::nullopt;
    }
    SpaceElement removed = m_elements.takeAt(i);
    if (removed.element.isStatic) {
        m_occupancy.unblock(removed.footprint());
    }
    return removed;
}

} // namespace Metaverse
