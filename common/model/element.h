// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "grid/grid.h"
#include "json.h"

#include <optional>

namespace Metaverse
{

// A library item. `isStatic` elements block movement; dynamic ones can be walked over and moved.
// A retired element has left the palette (no new placements) but placed instances keep it.
struct Element {
    QString id;
    QString name;
    QString imageUrl;
    int width = 1; // tiles
    int height = 1; // tiles
    bool isStatic = false;
    QString category = QStringLiteral("furniture"); // one of Validation::ElementCategories
    bool retired = false; // not in the JSON

    [[nodiscard]] Rect footprintAt(Point p) const { return {p.x, p.y, width, height}; }
    bool operator==(const Element &) const = default;
};

// What an Admin may change in a catalogue element; nothing set changes nothing.
struct ElementChanges {
    std::optional<QString> name;
    std::optional<QString> imageUrl;
    std::optional<int> width;
    std::optional<int> height;
    std::optional<bool> isStatic;
    std::optional<QString> category;
};

// {id, name, imageurl, width, height, static, category}; `retired` stays in the server (retired
// elements are not listed, and placed instances render the same).
QJsonObject toJson(const Element &element);
template<>
Result<Element> fromJson<Element>(const QJsonValue &value);

} // namespace Metaverse
