// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "element.h"
#include "grid/grid.h"
#include "json.h"

#include <QList>

#include <optional>

namespace Metaverse
{

// An element placed in a space (or in a template's default layout).
struct SpaceElement {
    QString id;
    Point position;
    Element element;

    [[nodiscard]] Rect footprint() const { return element.footprintAt(position); }
    bool operator==(const SpaceElement &) const = default;
};

// A space, or a template (an Admin-made map that new spaces copy) when `isTemplate`.
struct Space {
    QString id;
    QString name;
    Size size;
    QString thumbnail;
    QString creatorId;
    bool isTemplate = false;
    QList<SpaceElement> elements;
    // At most this many users at once in the space (a join over it is refused); nullopt: unlimited.
    std::optional<int> maxUsers;
    // The server's change counter for this space (not serialized): it grows with every change
    // to the name, thumbnail, size or elements.
    qint64 revision = 0;
    bool operator==(const Space &) const = default;
};

// A catalogue element at a position, not placed yet: an entry of a template's default layout.
struct ElementAt {
    QString elementId;
    Point position;
    bool operator==(const ElementAt &) const = default;
};

// What a space's manager may change; nothing set changes nothing. An empty thumbnail clears it.
struct SpaceChanges {
    std::optional<QString> name;
    std::optional<QString> thumbnail;
    std::optional<std::optional<int>> maxUsers; // set to nullopt: unlimited
};

// The bounds of Space::maxUsers.
inline constexpr int SpaceMinUsers = 1;
inline constexpr int SpaceMaxUsers = 10000;

struct SpaceMember {
    QString userId;
    QString username;
    bool canEdit = false;
    bool operator==(const SpaceMember &) const = default;
};

// {id, x, y, element: {...}}
QJsonObject toJson(const SpaceElement &placed);
template<>
Result<SpaceElement> fromJson<SpaceElement>(const QJsonValue &value);

// The full form: {id, name, width, height, thumbnail, createdBy, isTemplate, maxUsers, elements: [...]}
QJsonObject toJson(const Space &space);
template<>
Result<Space> fromJson<Space>(const QJsonValue &value);

// The list form of GET /space/all: {id, name, thumbnail, dimensions, isTemplate, createdBy}
QJsonObject toSummaryJson(const Space &space);
Result<Space> spaceFromSummaryJson(const QJsonValue &value);

// {userId, username, canEdit}
QJsonObject toJson(const SpaceMember &member);
template<>
Result<SpaceMember> fromJson<SpaceMember>(const QJsonValue &value);

} // namespace Metaverse
