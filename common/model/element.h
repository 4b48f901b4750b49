// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "grid/grid.h"
#include "json.h"

namespace Metaverse
{

// A library item. `isStatic` elements block movement; dynamic ones can be walked over and moved.
struct Element {
    QString id;
    QString name;
    QString imageUrl;
    int width = 1; // tiles
    int height = 1; // tiles
    bool isStatic = false;

    [[nodiscard]] Rect footprintAt(Point p) const { return {p.x, p.y, width, height}; }
    bool operator==(const Element &) const = default;
};

// {id, name, imageurl, width, height, static}
QJsonObject toJson(const Element &element);
template<>
Result<Element> fromJson<Element>(const QJsonValue &value);

} // namespace Metaverse
