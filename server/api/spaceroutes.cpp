// SPDX-License-Identifier: GPL-3.0-or-later
// Spaces, placed elements and members: /space/*, /space/element, /space/:id/members.
#include "routes.h"
#include "units.h"

#include "space/spaceservice.h"

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
        auto spaces = ctx->spaces.listVisible(*r.user);
        if (!spaces) {
            return Response::problem(spaces.error());
        }
        QJsonArray list;
        for (const auto &space : std::as_const(*spaces)) {
            list.append(toSummaryJson(space));
        }
        return Response::json({{QStringLiteral("spaces"), list}});
    });
    router.add(Method::Post, Base + QStringLiteral("/space"), Access::User, BodyKind::Json, [ctx](const Request &r) {
        auto body = decode<Rest::CreateSpaceRequest>(r);
        if (!body) {
            return Response::problem(body.error());
        }
        auto id = ctx->spaces.create(*r.user, *body);
        if (!id) {
            return Response::problem(id.error());
        }
        return Response::json({{QStringLiteral("spaceId"), *id}});
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
            const QString id = r.param(QStringLiteral("id"));
            auto body = decode<Rest::UpdateSpaceRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            if (auto status = ctx->spaces.update(*r.user, id, *body); !status) {
                return Response::problem(status.error());
            }
            return ok(QStringLiteral("Space updated"));
        });
    router.add(
        Method::Delete, Base + QStringLiteral("/space/:id"), Access::User, BodyKind::None, [ctx](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            if (auto status = ctx->spaces.remove(*r.user, id); !status) {
                return Response::problem(status.error());
            }
            return ok(QStringLiteral("Space deleted"));
        });
    router.add(
        Method::Post, Base + QStringLiteral("/space/element"), Access::User, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::PlaceElementRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            auto placed = ctx->spaces.placeElement(*r.user, *body);
            if (!placed) {
                return Response::problem(placed.error());
            }
            return Response::json(
                {{QStringLiteral("id"), placed->id}, {QStringLiteral("message"), QStringLiteral("Element placed")}});
        });
    router.add(
        Method::Delete, Base + QStringLiteral("/space/element"), Access::User, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::RemoveElementRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            if (auto status = ctx->spaces.removeElement(*r.user, body->id); !status) {
                return Response::problem(status.error());
            }
            return ok(QStringLiteral("Element removed"));
        });
    router.add(Method::Get, Base + QStringLiteral("/space/:id/members"), Access::User, BodyKind::None,
        [ctx](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            auto members = ctx->spaces.members(*r.user, id);
            if (!members) {
                return Response::problem(members.error());
            }
            QJsonArray list;
            for (const auto &m : std::as_const(*members)) {
                list.append(toJson(m));
            }
            return Response::json({{QStringLiteral("members"), list}});
        });
    router.add(Method::Post, Base + QStringLiteral("/space/:id/members"), Access::User, BodyKind::Json,
        [ctx](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            auto body = decode<Rest::AddMemberRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            auto member = ctx->spaces.addMember(*r.user, id, *body);
            if (!member) {
                return Response::problem(member.error());
            }
            return Response::json(toJson(*member));
        });
    router.add(Method::Delete, Base + QStringLiteral("/space/:id/members/:userId"), Access::User, BodyKind::None,
        [ctx](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            const QString userId = r.param(QStringLiteral("userId"));
            if (auto status = ctx->spaces.removeMember(*r.user, id, userId); !status) {
                return Response::problem(status.error());
            }
            return ok(QStringLiteral("Member removed"));
        });
}

} // namespace Metaverse
