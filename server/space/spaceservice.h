// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.h"
#include "grid/spacelayout.h"
#include "model/space.h"
#include "model/spaceaccess.h"
#include "model/user.h"
#include "store/catalogrepository.h"
#include "store/spacerepository.h"

#include <QObject>

namespace Metaverse
{

class EventBus;

// An element to place: which catalogue element, in which space, with its top-left tile where.
struct ElementPlacement {
    QString spaceId;
    QString elementId;
    Point position;
};

// A template's content, as an Admin gives it.
struct TemplateContent {
    QString name;
    Size size;
    QString thumbnail;
    QList<ElementAt> elements; // placed in this order (see grid/placement.h)
};

// Spaces, templates, placed elements and members. It enforces the rules client and server share:
// who may read, edit and manage a space (model/spaceaccess.h) and where an element may stand
// (grid/placement.h), for REST and the space socket alike. Changes are persisted before the
// signals announce them.
class SpaceService : public QObject
{
    Q_OBJECT
public:
    SpaceService(const Database &db, EventBus &events, Quotas quotas, QObject *parent = nullptr);

    // An empty space of `size` owned by the caller; its id.
    Result<QString> create(const User &caller, const QString &name, Size size);
    // A space owned by the caller with the size, thumbnail and elements of the template `mapId`.
    Result<QString> createFromTemplate(const User &caller, const QString &name, const QString &mapId);
    Result<Space> get(const User &caller, const QString &spaceId);
    // The space without its elements (one lookup), if the caller may read it; its `revision`
    // tells whether a cached rendering of the full space is still current.
    Result<Space> readableSummary(const User &caller, const QString &spaceId);
    // The space without its elements, if the caller may edit it (owner, editor or Admin).
    Result<Space> editableSummary(const User &caller, const QString &spaceId);
    // The space without its elements, if the caller may manage it (owner or Admin).
    Result<Space> manageableSummary(const User &caller, const QString &spaceId);
    Status update(const User &caller, const QString &spaceId, const SpaceChanges &changes);
    Status remove(const User &caller, const QString &spaceId);

    // Places or moves an element where Placement allows it (else Invalid, with its reason). With
    // `inSpaceId`, an element of another space counts as unknown.
    Result<SpaceElement> placeElement(const User &caller, const ElementPlacement &placement);
    // For ChatService: whether a space with `rooms` chat rooms may have another.
    Status checkRoomQuota(qint64 rooms) const;
    Result<SpaceElement> moveElement(
        const User &caller, const QString &placedId, Point position, const QString &inSpaceId = {});
    Status removeElement(const User &caller, const QString &placedId, const QString &inSpaceId = {});

    Result<QList<SpaceMember>> members(const User &caller, const QString &spaceId);
    Result<SpaceMember> addMember(const User &caller, const QString &spaceId, const QString &username, bool canEdit);
    Status removeMember(const User &caller, const QString &spaceId, const QString &userId);
    // Whether one more member fits (MAX_MEMBERS_PER_SPACE): adding by name and accepting invites.
    Status checkMemberQuota(const QString &spaceId);

    // The element catalogue; Admins change it (the route checks the role).
    Result<QList<Element>> elements();
    Result<Element> createElement(const Element &definition);
    Result<Element> updateElement(const QString &id, const ElementChanges &changes);
    // Out of the palette: no new placements (REST, socket, templates); placed instances stay.
    Status retireElement(const QString &id);

    // Templates (Admin maps). The caller's role is checked by the route.
    Result<QString> createTemplate(const User &caller, const TemplateContent &content);
    Result<Space> getTemplate(const QString &id);
    Status replaceTemplate(const QString &id, const TemplateContent &content);
    Status removeTemplate(const QString &id);

Q_SIGNALS:
    void elementPlaced(const QString &spaceId, const Metaverse::SpaceElement &placed);
    void elementMoved(const QString &spaceId, const Metaverse::SpaceElement &placed, Metaverse::Point from);
    void elementRemoved(const QString &spaceId, const Metaverse::SpaceElement &placed);
    void spaceDeleted(const QString &spaceId);

private:
    enum class Right { Read, Edit, Manage };
    // The space without its elements, or NotFound.
    Result<Space> loadSummary(const QString &spaceId);
    // The space if the caller has `right` in it (see the class comment), else Forbidden.
    Result<Space> authorize(const User &caller, Space space, Right right);
    Result<Space> load(const User &caller, const QString &spaceId, Right right);
    // The caller's membership, looked up only when it matters (SpaceAccess::needsMembership).
    Result<Membership> membershipOf(const User &user, const Space &space);
    // The space's static elements under `footprint`: all that placing or moving an element there
    // needs (grid/placement.h), read with one bounded query instead of the whole space.
    Result<SpaceLayout> staticLayoutUnder(const Space &space, const Rect &footprint);
    // The placed element and its space, if the caller may edit that space.
    Result<std::pair<Space, SpaceElement>> editablePlaced(
        const User &caller, const QString &placedId, const QString &inSpaceId);
    // Checks that every element exists and may stand where it is, placed in order (grid/placement.h).
    Status checkLayout(const QList<ElementAt> &elements, Size size);

    // The quotas (Config::quotas): a space of `size` (field `dimensions`), one more space of
    // `owner`, one more element in a space.
    Status checkArea(Size size) const;
    Status checkSpaceQuota(const User &owner);
    Status checkElementQuota(const QString &spaceId);

    const Database &m_db;
    EventBus &m_events;
    Quotas m_quotas;
};

} // namespace Metaverse
