// SPDX-License-Identifier: GPL-3.0-or-later
#include "spaceservice.h"

#include "events/eventbus.h"

#include "grid/placement.h"
#include "model/spaceaccess.h"
#include "store/userrepository.h"

namespace Metaverse
{

namespace
{
Error noSpace(const QString &id)
{
    return Error::notFound(QStringLiteral("No space with id %1").arg(id));
}
} // namespace

SpaceService::SpaceService(const Database &db, EventBus &events, Quotas quotas, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_events(events)
    , m_quotas(quotas)
{
}

Status SpaceService::checkArea(Size size) const
{
    if (qint64(size.width) * size.height > m_quotas.spaceArea) {
        return Error::field(QStringLiteral("dimensions"),
            QStringLiteral("is larger than this server allows: at most %1 tiles (MAX_SPACE_AREA)")
                .arg(m_quotas.spaceArea));
    }
    return {};
}

Status SpaceService::checkSpaceQuota(const User &owner)
{
    auto owned = SpaceRepository(m_db).countOwnedBy(owner.id);
    if (!owned) {
        return owned.error();
    }
    if (*owned >= m_quotas.spacesPerUser) {
        return Error::forbidden(
            QStringLiteral("You own %1 spaces, the most this server allows (MAX_SPACES_PER_USER); delete one first")
                .arg(*owned));
    }
    return {};
}

Status SpaceService::checkElementQuota(const QString &spaceId)
{
    auto placed = SpaceRepository(m_db).countElements(spaceId);
    if (!placed) {
        return placed.error();
    }
    if (*placed >= m_quotas.elementsPerSpace) {
        return Error::forbidden(
            QStringLiteral("This space holds %1 elements, the most this server allows (MAX_ELEMENTS_PER_SPACE)")
                .arg(m_quotas.elementsPerSpace));
    }
    return {};
}

Status SpaceService::checkMemberQuota(const QString &spaceId)
{
    auto members = SpaceRepository(m_db).countMembers(spaceId);
    if (!members) {
        return members.error();
    }
    if (*members >= m_quotas.membersPerSpace) {
        return Error::forbidden(
            QStringLiteral("This space has %1 members, the most this server allows (MAX_MEMBERS_PER_SPACE)")
                .arg(*members));
    }
    return {};
}

Status SpaceService::checkRoomQuota(qint64 rooms) const
{
    if (rooms >= m_quotas.roomsPerSpace) {
        return Error::forbidden(
            QStringLiteral("This space has %1 chat rooms, the most this server allows (MAX_ROOMS_PER_SPACE)")
                .arg(rooms));
    }
    return {};
}

Result<Space> SpaceService::loadSummary(const QString &spaceId)
{
    auto space = SpaceRepository(m_db).findSummary(spaceId);
    if (!space) {
        return space.error();
    }
    if (!space->has_value()) {
        return noSpace(spaceId);
    }
    return **space;
}

Result<Membership> SpaceService::membershipOf(const User &user, const Space &space)
{
    if (!SpaceAccess::needsMembership(user, space)) {
        return Membership::None; // not needed
    }
    auto membership = SpaceRepository(m_db).membership(space.id, user.id);
    if (!membership) {
        return membership.error();
    }
    return SpaceAccess::membershipFrom(*membership);
}

Result<Space> SpaceService::authorize(const User &caller, Space space, Right right)
{
    auto membership = right == Right::Manage ? Result<Membership>(Membership::None) : membershipOf(caller, space);
    if (!membership) {
        return membership.error();
    }
    switch (right) {
    case Right::Read:
        if (!SpaceAccess::canRead(caller, space, *membership)) {
            return Error::forbidden(QStringLiteral("You are not a member of this space"));
        }
        break;
    case Right::Edit:
        if (!SpaceAccess::canEdit(caller, space, *membership)) {
            return Error::forbidden(QStringLiteral("You may not edit this space"));
        }
        break;
    case Right::Manage:
        if (!SpaceAccess::canManage(caller, space)) {
            return Error::forbidden(QStringLiteral("Only the owner or an Admin may manage this space"));
        }
        break;
    }
    return space;
}

Result<Space> SpaceService::load(const User &caller, const QString &spaceId, Right right)
{
    auto space = loadSummary(spaceId);
    if (!space) {
        return space.error();
    }
    return authorize(caller, std::move(space).value(), right);
}

Result<SpaceLayout> SpaceService::staticLayoutUnder(const Space &space, const Rect &footprint)
{
    auto statics = SpaceRepository(m_db).staticElementsOverlapping(space.id, footprint);
    if (!statics) {
        return statics.error();
    }
    return SpaceLayout(space.size, std::move(statics).value());
}

Status SpaceService::checkLayout(const QList<ElementAt> &elements, Size size)
{
    if (auto area = checkArea(size); !area) {
        return area;
    }
    if (elements.size() > m_quotas.elementsPerSpace) {
        return Error::field(QStringLiteral("defaultElements"),
            QStringLiteral("holds more than %1 elements (MAX_ELEMENTS_PER_SPACE)").arg(m_quotas.elementsPerSpace));
    }
    CatalogRepository catalog(m_db);
    auto all = catalog.elements(CatalogRepository::Retired::Include);
    if (!all) {
        return all.error();
    }
    QHash<QString, Element> byId;
    for (const auto &e : *all) {
        byId.insert(e.id, e);
    }
    // Placed one by one in the given order, by the rule of placing them by hand.
    SpaceLayout layout(size);
    QList<FieldError> errors;
    for (qsizetype i = 0; i < elements.size(); ++i) {
        const auto &item = elements.at(i);
        const auto field = QStringLiteral("defaultElements[%1]").arg(i);
        const auto it = byId.constFind(item.elementId);
        if (it == byId.constEnd()) {
            errors.append({field + QStringLiteral(".elementId"), QStringLiteral("names no element")});
        } else if (it->retired) {
            errors.append({field + QStringLiteral(".elementId"), QStringLiteral("names a retired element")});
        } else if (auto legal = Placement::checkPlace(layout, *it, item.position); !legal) {
            errors.append({field, legal.error().fields.value(0).message});
        } else {
            layout.place(SpaceElement{QString::number(i), item.position, *it});
        }
    }
    if (!errors.isEmpty()) {
        return Error::invalid(errors.size() == 1
                ? errors.constFirst().field + QLatin1Char(' ') + errors.constFirst().message
                : QStringLiteral("%1 default elements are invalid").arg(errors.size()),
            errors);
    }
    return {};
}

Result<QString> SpaceService::create(const User &caller, const QString &name, Size size)
{
    if (auto area = checkArea(size); !area) {
        return area.error();
    }
    if (auto quota = checkSpaceQuota(caller); !quota) {
        return quota.error();
    }
    NewSpace space;
    space.name = name;
    space.size = size;
    space.creatorId = caller.id;
    return m_events.record([&] { return SpaceRepository(m_db).create(space); },
        [&](const QString &id) { return Events::spaceCreated(caller.id, id, name, size, {}); });
}

Result<QString> SpaceService::createFromTemplate(const User &caller, const QString &name, const QString &mapId)
{
    auto source = SpaceRepository(m_db).find(mapId);
    if (!source) {
        return source.error();
    }
    if (!source->has_value() || !(*source)->isTemplate) {
        return Error::field(QStringLiteral("mapId"), QStringLiteral("names no template"));
    }
    const Space &map = **source;
    if (auto area = checkArea(map.size); !area) {
        return area.error();
    }
    if (map.elements.size() > m_quotas.elementsPerSpace) {
        return Error::field(QStringLiteral("mapId"),
            QStringLiteral("names a template with more elements than this server allows (MAX_ELEMENTS_PER_SPACE)"));
    }
    if (auto quota = checkSpaceQuota(caller); !quota) {
        return quota.error();
    }
    NewSpace space;
    space.name = name;
    space.creatorId = caller.id;
    space.size = map.size;
    space.thumbnail = map.thumbnail;
    for (const auto &placed : map.elements) {
        space.elements.append({placed.element.id, placed.position});
    }
    return m_events.record([&] { return SpaceRepository(m_db).create(space); },
        [&](const QString &id) { return Events::spaceCreated(caller.id, id, name, space.size, mapId); });
}

Result<Space> SpaceService::get(const User &caller, const QString &spaceId)
{
    auto space = SpaceRepository(m_db).find(spaceId);
    if (!space) {
        return space.error();
    }
    if (!space->has_value()) {
        return noSpace(spaceId);
    }
    return authorize(caller, **space, Right::Read);
}

Result<Space> SpaceService::readableSummary(const User &caller, const QString &spaceId)
{
    return load(caller, spaceId, Right::Read);
}

Result<Space> SpaceService::editableSummary(const User &caller, const QString &spaceId)
{
    return load(caller, spaceId, Right::Edit);
}

Result<Space> SpaceService::manageableSummary(const User &caller, const QString &spaceId)
{
    return load(caller, spaceId, Right::Manage);
}

Status SpaceService::update(const User &caller, const QString &spaceId, const SpaceChanges &changes)
{
    if (auto space = load(caller, spaceId, Right::Manage); !space) {
        return space.error();
    }
    if (!changes.name) {
        return SpaceRepository(m_db).update(spaceId, changes);
    }
    return m_events.record([&] { return SpaceRepository(m_db).update(spaceId, changes); },
        [&] { return Events::spaceRenamed(caller.id, spaceId, *changes.name); });
}

Status SpaceService::remove(const User &caller, const QString &spaceId)
{
    auto space = loadSummary(spaceId);
    if (!space) {
        return space.error();
    }
    if (space->isTemplate) {
        return noSpace(spaceId); // templates are deleted through /admin/map
    }
    if (auto allowed = authorize(caller, *space, Right::Manage); !allowed) {
        return allowed.error();
    }
    if (auto status = m_events.record([&] { return SpaceRepository(m_db).remove(spaceId); },
            [&] { return Events::spaceDeleted(caller.id, spaceId); });
        !status) {
        return status;
    }
    Q_EMIT spaceDeleted(spaceId);
    return {};
}

Result<SpaceElement> SpaceService::placeElement(const User &caller, const ElementPlacement &placement)
{
    auto space = load(caller, placement.spaceId, Right::Edit);
    if (!space) {
        return space.error();
    }
    auto element = CatalogRepository(m_db).element(placement.elementId);
    if (!element) {
        return element.error();
    }
    if (!element->has_value()) {
        return Error::field(QStringLiteral("elementId"), QStringLiteral("names no element"));
    }
    if ((*element)->retired) {
        return Error::field(QStringLiteral("elementId"), QStringLiteral("names a retired element"));
    }
    if (auto quota = checkElementQuota(space->id); !quota) {
        return quota.error();
    }
    auto layout = staticLayoutUnder(*space, (*element)->footprintAt(placement.position));
    if (!layout) {
        return layout.error();
    }
    if (auto legal = Placement::checkPlace(*layout, **element, placement.position); !legal) {
        return legal.error();
    }
    auto placed =
        m_events.record([&] { return SpaceRepository(m_db).addElement(space->id, **element, placement.position); },
            [&](const SpaceElement &added) { return Events::elementPlaced(caller.id, space->id, added); });
    if (placed) {
        Q_EMIT elementPlaced(space->id, *placed);
    }
    return placed;
}

Result<std::pair<Space, SpaceElement>> SpaceService::editablePlaced(
    const User &caller, const QString &placedId, const QString &inSpaceId)
{
    auto placed = SpaceRepository(m_db).findPlaced(placedId);
    if (!placed) {
        return placed.error();
    }
    if (!placed->has_value() || (!inSpaceId.isEmpty() && (*placed)->spaceId != inSpaceId)) {
        return Error::notFound(QStringLiteral("No placed element with id %1").arg(placedId));
    }
    auto space = load(caller, (*placed)->spaceId, Right::Edit);
    if (!space) {
        return space.error();
    }
    return std::pair<Space, SpaceElement>(*space, (*placed)->placed);
}

Result<SpaceElement> SpaceService::moveElement(
    const User &caller, const QString &placedId, Point position, const QString &inSpaceId)
{
    auto found = editablePlaced(caller, placedId, inSpaceId);
    if (!found) {
        return found.error();
    }
    auto [space, placed] = *found;
    auto layout = staticLayoutUnder(space, placed.element.footprintAt(position));
    if (!layout) {
        return layout.error();
    }
    if (auto legal = Placement::checkMove(*layout, placed, position); !legal) {
        return legal.error();
    }
    const Point from = placed.position;
    SpaceElement moved = placed;
    moved.position = position;
    if (auto status = m_events.record([&] { return SpaceRepository(m_db).moveElement(space.id, placedId, position); },
            [&] { return Events::elementMoved(caller.id, space.id, moved, from); });
        !status) {
        return status.error();
    }
    placed.position = position;
    Q_EMIT elementMoved(space.id, placed, from);
    return placed;
}

Status SpaceService::removeElement(const User &caller, const QString &placedId, const QString &inSpaceId)
{
    auto found = editablePlaced(caller, placedId, inSpaceId);
    if (!found) {
        return found.error();
    }
    const auto &[space, placed] = *found;
    if (auto status = m_events.record([&] { return SpaceRepository(m_db).removeElement(space.id, placedId); },
            [&] { return Events::elementRemoved(caller.id, space.id, placed); });
        !status) {
        return status;
    }
    Q_EMIT elementRemoved(space.id, placed);
    return {};
}

Result<QList<SpaceMember>> SpaceService::members(const User &caller, const QString &spaceId)
{
    auto space = load(caller, spaceId, Right::Read);
    if (!space) {
        return space.error();
    }
    if (space->isTemplate) {
        return Error::forbidden(QStringLiteral("Templates have no members"));
    }
    return SpaceRepository(m_db).members(spaceId);
}

Result<SpaceMember> SpaceService::addMember(
    const User &caller, const QString &spaceId, const QString &username, bool canEdit)
{
    auto space = load(caller, spaceId, Right::Manage);
    if (!space) {
        return space.error();
    }
    if (space->isTemplate) {
        return Error::forbidden(QStringLiteral("Templates have no members"));
    }
    auto user = UserRepository(m_db).findByUsername(username);
    if (!user) {
        return user.error();
    }
    if (!user->has_value()) {
        return Error::field(QStringLiteral("username"), QStringLiteral("names no account"));
    }
    if ((*user)->id == space->creatorId) {
        return Error::field(QStringLiteral("username"), QStringLiteral("is the owner of this space"));
    }
    SpaceRepository spaces(m_db);
    auto already = spaces.membership(spaceId, (*user)->id);
    if (!already) {
        return already.error();
    }
    if (!already->has_value()) { // changing a member's right is not a new member
        if (auto quota = checkMemberQuota(spaceId); !quota) {
            return quota.error();
        }
    }
    const QString userId = (*user)->id;
    if (auto status = m_events.record([&] { return SpaceRepository(m_db).upsertMember(spaceId, userId, canEdit); },
            [&] { return Events::memberAdded(caller.id, spaceId, userId, canEdit); });
        !status) {
        return status.error();
    }
    return SpaceMember{(*user)->id, (*user)->username, canEdit};
}

Status SpaceService::removeMember(const User &caller, const QString &spaceId, const QString &userId)
{
    auto space = load(caller, spaceId, Right::Manage);
    if (!space) {
        return space.error();
    }
    if (space->isTemplate) {
        return Error::forbidden(QStringLiteral("Templates have no members"));
    }
    return m_events.record([&] { return SpaceRepository(m_db).removeMember(spaceId, userId); },
        [&] { return Events::memberRemoved(caller.id, spaceId, userId); });
}

Result<QList<Element>> SpaceService::elements()
{
    return CatalogRepository(m_db).elements();
}

Result<Element> SpaceService::createElement(const Element &definition)
{
    return CatalogRepository(m_db).createElement(definition);
}

Result<Element> SpaceService::updateElement(const QString &id, const ElementChanges &changes)
{
    return CatalogRepository(m_db).updateElement(id, changes);
}

Status SpaceService::retireElement(const QString &id)
{
    return CatalogRepository(m_db).retireElement(id);
}

Result<QString> SpaceService::createTemplate(const User &caller, const TemplateContent &content)
{
    if (auto status = checkLayout(content.elements, content.size); !status) {
        return status.error();
    }
    NewSpace space{content.name, content.size, content.thumbnail, caller.id, true, {}, content.elements};
    return SpaceRepository(m_db).create(space);
}

Result<Space> SpaceService::getTemplate(const QString &id)
{
    auto space = SpaceRepository(m_db).find(id);
    if (!space) {
        return space.error();
    }
    if (!space->has_value() || !(*space)->isTemplate) {
        return Error::notFound(QStringLiteral("No template with id %1").arg(id));
    }
    return **space;
}

Status SpaceService::replaceTemplate(const QString &id, const TemplateContent &content)
{
    auto existing = getTemplate(id);
    if (!existing) {
        return existing.error();
    }
    if (auto status = checkLayout(content.elements, content.size); !status) {
        return status;
    }
    return SpaceRepository(m_db).replaceTemplate(
        id, NewSpace{content.name, content.size, content.thumbnail, {}, true, {}, content.elements});
}

Status SpaceService::removeTemplate(const QString &id)
{
    auto existing = getTemplate(id);
    if (!existing) {
        return existing.error();
    }
    return SpaceRepository(m_db).remove(id);
}

} // namespace Metaverse
