// SPDX-License-Identifier: GPL-3.0-or-later
#include "placement.h"

#include <QCoreApplication>

namespace Metaverse
{

namespace
{
QString tr(const char *text)
{
    return QCoreApplication::translate("Metaverse::Placement", text);
}

Error positionError(const QString &message, const QString &fieldMessage)
{
    return Error::invalid(message, {{QStringLiteral("x"), fieldMessage}, {QStringLiteral("y"), fieldMessage}});
}

// Rules 1 to 3 for `element` at `position`; `self` is the element's own id when it moves.
Status checkFootprint(const SpaceLayout &layout, const Element &element, Point position, const QString &self)
{
    const Rect footprint = element.footprintAt(position);
    if (!Grid::fitsInside(footprint, layout.size())) {
        return positionError(
            tr("The element's footprint must lie inside the space"), tr("the footprint must lie inside the space"));
    }
    if (const SpaceElement *other = layout.staticOverlapping(footprint, self)) {
        return positionError(tr("The element would overlap “%1”, which is static").arg(other->element.name),
            tr("the footprint must not overlap a static element"));
    }
    return {};
}
} // namespace

Status Placement::checkPlace(const SpaceLayout &layout, const Element &element, Point position)
{
    return checkFootprint(layout, element, position, {});
}

Status Placement::checkMove(const SpaceLayout &layout, const QString &placedId, Point position)
{
    const SpaceElement *placed = layout.find(placedId);
    if (!placed) {
        return Error::notFound(tr("No placed element with id %1").arg(placedId));
    }
    return checkMove(layout, *placed, position);
}

Status Placement::checkMove(const SpaceLayout &layout, const SpaceElement &placed, Point position)
{
    if (placed.element.isStatic) {
        return Error::invalid(tr("Static elements cannot be moved; remove and place it instead"));
    }
    return checkFootprint(layout, placed.element, position, placed.id);
}

} // namespace Metaverse
