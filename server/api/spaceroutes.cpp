// SPDX-License-Identifier: GPL-3.0-or-later
// Spaces, placed elements and members: /space/*, /space/element, /space/:id/members.
#include "routes.h"
#include "units.h"

#include "space/spaceservice.h"
#include "space/teamservice.h"

#include <QCache>
#include <QJsonDocument>

namespace Metaverse
{

using Method = QHttpServerRequest::Method;
using namespace Api;

namespace
{
// Serialized GET /space/:id bodies by space, valid while the space's revision is unchanged.
// Rendering a furnished space (tens of KB of JSON) costs far more than the revision lookup.
class SpaceBodyCache
{
public:
    std::optional<QByteArray> find(const QString &spaceId, qint64 revision) const
    {
        const Entry *entry = m_cache.object(spaceId);
        if (entry && entry->revision == revision) {
            return entry->body;
        }
        return std::nullopt;
    }
    void insert(const QString &spaceId, qint64 revision, const QByteArray &body)
    {
        m_cache.insert(spaceId, new Entry{revision, body}, qsizetype(body.size()));
    }

private:
    struct Entry {
        qint64 revision;
        QByteArray body;
    };
    mutable QCache<QString, Entry> m_cache{32 * MiB}; // bytes
};

QByteArray renderSpace(const Space &space)
{
    const auto object = toJson(space);
    // The seed's `space` object, plus the top-level `dimensions` and `elements` lineage clients read.
    const QJsonObject body{{QStringLiteral("space"), object},
        {QStringLiteral("dimensions"), object.value(QStringLiteral("dimensions"))},
        {QStringLiteral("elements"), object.value(QStringLiteral("elements"))}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}
} // namespace

void registerSpaceRoutes(Router &router, ApiContext &context)
{
    auto *ctx = &context;
    router.add(Method::Get, Base + QStringLiteral("/space/all"), Access::User, BodyKind::None, [ctx](const Request &r) {
        return respond(ctx->teams.visibleSpaces(*r.user), [](const QList<Rest::SpaceListing> &spaces) {
            return QJsonObject{{QStringLiteral("spaces"),
                toJsonArray(spaces, [](const Rest::SpaceListing &space) { return Rest::toJson(space); })}};
        });
    });
    router.add(Method::Post, Base + QStringLiteral("/space"), Access::User, BodyKind::Json, [ctx](const Request &r) {
        auto body = decode<Rest::CreateSpaceRequest>(r);
        if (!body) {
            return Response::problem(body.error());
        }
        auto id = body->mapId.isEmpty() ? ctx->spaces.create(*r.user, body->name, *body->dimensions)
                                        : ctx->spaces.createFromTemplate(*r.user, body->name, body->mapId);
        return respond(id, [](const QString &spaceId) { return QJsonObject{{QStringLiteral("spaceId"), spaceId}}; });
    });
    auto cache = std::make_shared<SpaceBodyCache>();
    router.add(
        Method::Get, Base + QStringLiteral("/space/:id"), Access::User, BodyKind::None, [ctx, cache](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            auto summary = ctx->spaces.readableSummary(*r.user, id);
            if (!summary) {
                return Response::problem(summary.error());
            }
            if (auto body = cache->find(id, summary->revision)) {
                return Response::bytes(*body, "application/json");
            }
            auto space = ctx->spaces.get(*r.user, id);
            if (!space) {
                return Response::problem(space.error());
            }
            auto body = renderSpace(*space);
            cache->insert(id, space->revision, body);
            return Response::bytes(std::move(body), "application/json");
        });
    router.add(
        Method::Patch, Base + QStringLiteral("/space/:id"), Access::User, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::UpdateSpaceRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(ctx->spaces.update(*r.user, r.param(QStringLiteral("id")),
                               SpaceChanges{body->name, body->thumbnail, body->maxUsers}),
                QStringLiteral("Space updated"));
        });
    router.add(
        Method::Delete, Base + QStringLiteral("/space/:id"), Access::User, BodyKind::None, [ctx](const Request &r) {
            return respond(ctx->spaces.remove(*r.user, r.param(QStringLiteral("id"))), QStringLiteral("Space deleted"));
        });
    router.add(
        Method::Post, Base + QStringLiteral("/space/element"), Access::User, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::PlaceElementRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(ctx->spaces.placeElement(*r.user, {body->spaceId, body->elementId, body->position}),
                [](const SpaceElement &placed) {
                    return QJsonObject{{QStringLiteral("id"), placed.id},
                        {QStringLiteral("message"), QStringLiteral("Element placed")}};
                });
        });
    router.add(
        Method::Delete, Base + QStringLiteral("/space/element"), Access::User, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::RemoveElementRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(ctx->spaces.removeElement(*r.user, body->id), QStringLiteral("Element removed"));
        });
    router.add(Method::Get, Base + QStringLiteral("/space/:id/members"), Access::User, BodyKind::None,
        [ctx](const Request &r) {
            return respond(
                ctx->spaces.members(*r.user, r.param(QStringLiteral("id"))), [](const QList<SpaceMember> &members) {
                    return QJsonObject{{QStringLiteral("members"),
                        toJsonArray(members, [](const SpaceMember &m) { return toJson(m); })}};
                });
        });
    router.add(Method::Post, Base + QStringLiteral("/space/:id/members"), Access::User, BodyKind::Json,
        [ctx](const Request &r) {
            auto body = decode<Rest::AddMemberRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(ctx->teams.addMember(*r.user, r.param(QStringLiteral("id")), body->username, body->canEdit),
                [](const SpaceMember &member) { return toJson(member); });
        });
    router.add(Method::Delete, Base + QStringLiteral("/space/:id/members/:userId"), Access::User, BodyKind::None,
        [ctx](const Request &r) {
            return respond(
                ctx->teams.removeMember(*r.user, r.param(QStringLiteral("id")), r.param(QStringLiteral("userId"))),
                QStringLiteral("Member removed"));
        });
}

} // namespace Metaverse
