// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/space.h"
#include "model/user.h"
#include "protocol/rest.h"
#include "store/catalogrepository.h"
#include "store/spacerepository.h"

#include <QObject>

namespace Metaverse
{

// Spaces, templates, placed elements and members, with the access rules in one place:
// read = owner, member, Admin, or anyone for templates; edit elements = owner, member with edit
// right, or Admin (templates: Admins only); manage (rename, delete, members) = owner or Admin.
// Changes are persisted before the signals announce them.
class SpaceService : public QObject
{
    Q_OBJECT
public:
    explicit SpaceService(const Database &db, QObject *parent = nullptr);

    Result<QString> create(const User &caller, const Rest::CreateSpaceRequest &request);
    Result<Space> get(const User &caller, const QString &spaceId);
    // The space without its elements (one lookup), if the caller may read it; its `revision`
    // tells whether a cached rendering of the full space is still current.
    Result<Space> readableSummary(const User &caller, const QString &spaceId);
    Result<QList<Space>> listVisible(const User &caller);
    Status update(const User &caller, const QString &spaceId, const Rest::UpdateSpaceRequest &request);
    Status remove(const User &caller, const QString &spaceId);

    Result<SpaceElement> placeElement(const User &caller, const Rest::PlaceElementRequest &request);
    // Moves a dynamic placed element; its footprint must stay inside the space. With
    // `inSpaceId`, an element of another space counts as unknown.
    Result<SpaceElement> moveElement(
        const User &caller, const QString &placedId, Point position, const QString &inSpaceId = {});
    Status removeElement(const User &caller, const QString &placedId, const QString &inSpaceId = {});

    Result<QList<SpaceMember>> members(const User &caller, const QString &spaceId);
    Result<SpaceMember> addMember(const User &caller, const QString &spaceId, const Rest::AddMemberRequest &request);
    Status removeMember(const User &caller, const QString &spaceId, const QString &userId);

    // Templates (Admin maps). The caller's role is checked by the route.
    Result<QString> createTemplate(const User &caller, const Rest::MapRequest &request);
    Result<Space> getTemplate(const QString &id);
    Status replaceTemplate(const QString &id, const Rest::MapRequest &request);
    Status removeTemplate(const QString &id);

    [[nodiscard]] static bool canRead(const User &user, const Space &space, const std::optional<bool> &membership);
    [[nodiscard]] static bool canEdit(const User &user, const Space &space, const std::optional<bool> &membership);
    [[nodiscard]] static bool canManage(const User &user, const Space &space);

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
    Result<std::optional<bool>> membershipOf(const User &user, const Space &space);
    // The placed element and its space, if the caller may edit that space.
    Result<std::pair<Space, SpaceElement>> editablePlaced(
        const User &caller, const QString &placedId, const QString &inSpaceId);
    // Checks that every element exists and its footprint fits in `size`.
    Status checkLayout(const QList<Rest::MapElement> &elements, Size size);

    const Database &m_db;
};

} // namespace Metaverse
