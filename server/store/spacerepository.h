// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"
#include "model/space.h"

#include <optional>

namespace Metaverse
{

struct NewSpace {
    QString name;
    Size size;
    QString thumbnail;
    QString creatorId; // empty for seeded templates
    bool isTemplate = false;
    QString seedKey;
    QList<ElementAt> elements;
};

struct PlacedElementRef {
    QString spaceId;
    SpaceElement placed;
};

// Spaces, templates (spaces with isTemplate), their placed elements and members. Multi-row
// changes run in one transaction.
class SpaceRepository
{
public:
    explicit SpaceRepository(const Database &db)
        : m_db(db)
    {
    }

    // Creates the space, its elements and (for non-templates) its "general" chat room.
    Result<QString> create(const NewSpace &space);
    Result<std::optional<Space>> find(const QString &id);
    // Without elements: id, name, size, thumbnail, creator, template flag.
    Result<std::optional<Space>> findSummary(const QString &id);
    Result<std::optional<QString>> templateIdForSeedKey(const QString &seedKey);
    Status update(const QString &id, const SpaceChanges &changes);
    // Replaces a template's name, size, thumbnail and elements.
    Status replaceTemplate(const QString &id, const NewSpace &content);
    Status remove(const QString &id);

    Result<QList<SpaceElement>> elements(const QString &spaceId);
    // The space's placed static elements whose footprint overlaps `area`: all that placing or
    // moving an element onto `area` needs to know (grid/placement.h), without reading the rest.
    Result<QList<SpaceElement>> staticElementsOverlapping(const QString &spaceId, const Rect &area);
    Result<SpaceElement> addElement(const QString &spaceId, const Element &element, Point position);
    Result<std::optional<PlacedElementRef>> findPlaced(const QString &placedId);
    Status moveElement(const QString &spaceId, const QString &placedId, Point position);
    Status removeElement(const QString &spaceId, const QString &placedId);

    Result<QList<SpaceMember>> members(const QString &spaceId);
    // nullopt: not a member; otherwise whether they may edit.
    Result<std::optional<bool>> membership(const QString &spaceId, const QString &userId);
    Status upsertMember(const QString &spaceId, const QString &userId, bool canEdit);
    // Conflict when the user is a member already.
    Status insertMember(const QString &spaceId, const QString &userId, bool canEdit);
    // NotFound when the user was not a member.
    Status removeMember(const QString &spaceId, const QString &userId);

    // For the quotas: spaces the user owns (not templates), elements and members of a space.
    Result<qint64> countOwnedBy(const QString &userId);
    Result<qint64> countElements(const QString &spaceId);
    Result<qint64> countMembers(const QString &spaceId);

private:
    Status bumpRevision(const QString &spaceId);
    Status insertElements(const QString &spaceId, const QList<ElementAt> &elements);
    const Database &m_db;
};

} // namespace Metaverse
