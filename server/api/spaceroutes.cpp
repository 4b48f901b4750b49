// SPDX-License-Identifier: GPL-3.0-or-later
// Spaces, placed elements and members: /space/*, /space/element, /space/:id/members.
#include "routes.h"

#include "space/spaceservice.h"

namespace Metaverse
{

using Method = QHttpServerRequest::Method;
using namespace Api;

namespace
{
Response ok(const QString &message)
{
    return Response::json({{QStringLiteral("message"), message}});
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
    router.add(Method::Get, Base + QStringLiteral("/space/:id"), Access::User, BodyKind::None, [ctx](const Request &r) {
        auto id = idParam(r, QStringLiteral("id"));
        if (!id) {
            return Response::problem(id.error());
        }
        auto space = ctx->spaces.get(*r.user, *id);
        if (!space) {
            return Response::problem(space.error());
        }
        const auto object = toJson(*space);
        return Response::json({{QStringLiteral("space"), object},
            {QStringLiteral("dimensions"), object.value(QStringLiteral("dimensions"))},
            {QStringLiteral("elements"), object.value(QStringLiteral("elements"))}});
    });
    router.add(
        Method::Patch, Base + QStringLiteral("/space/:id"), Access::User, BodyKind::Json, [ctx](const Request &r) {
            auto id = idParam(r, QStringLiteral("id"));
            if (!id) {
                return Response::problem(id.error());
            }
            auto body = decode<Rest::UpdateSpaceRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            if (auto status = ctx->spaces.update(*r.user, *id, *body); !status) {
                return Response::problem(status.error());
            }
            return ok(QStringLiteral("Space updated"));
        });
    router.add(
        Method::Delete, Base + QStringLiteral("/space/:id"), Access::User, BodyKind::None, [ctx](const Request &r) {
            auto id = idParam(r, QStringLiteral("id"));
            if (!id) {
                return Response::problem(id.error());
            }
            if (auto status = ctx->spaces.remove(*r.user, *id); !status) {
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
            auto id = idParam(r, QStringLiteral("id"));
            if (!id) {
                return Response::problem(id.error());
            }
            auto members = ctx->spaces.members(*r.user, *id);
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
            auto id = idParam(r, QStringLiteral("id"));
            if (!id) {
                return Response::problem(id.error());
            }
            auto body = decode<Rest::AddMemberRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            auto member = ctx->spaces.addMember(*r.user, *id, *body);
            if (!member) {
                return Response::problem(member.error());
            }
            return Response::json(toJson(*member));
        });
    router.add(Method::Delete, Base + QStringLiteral("/space/:id/members/:userId"), Access::User, BodyKind::None,
        [ctx](const Request &r) {
            auto id = idParam(r, QStringLiteral("id"));
            if (!id) {
                return Response::problem(id.error());
            }
            auto userId = idParam(r, QStringLiteral("userId"));
            if (!userId) {
                return Response::problem(userId.error());
            }
            if (auto status = ctx->spaces.removeMember(*r.user, *id, *userId); !status) {
                return Response::problem(status.error());
            }
            return ok(QStringLiteral("Member removed"));
        });
}

} // namespace Metaverse
