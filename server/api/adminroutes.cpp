// SPDX-License-Identifier: GPL-3.0-or-later
// Admin-only routes: /admin/element, /admin/avatar, /admin/map, /admin/assets, /admin/users.
#include "routes.h"

#include "assets/assetstore.h"
#include "space/spaceservice.h"
#include "store/catalogrepository.h"
#include "store/userrepository.h"

namespace Metaverse
{

using Method = QHttpServerRequest::Method;
using namespace Api;

void registerAdminRoutes(Router &router, ApiContext &context)
{
    auto *ctx = &context;
    router.add(
        Method::Post, Base + QStringLiteral("/admin/element"), Access::Admin, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::CreateElementRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            auto element = CatalogRepository(ctx->db).createElement(*body);
            if (!element) {
                return Response::problem(element.error());
            }
            return Response::json({{QStringLiteral("id"), element->id}});
        });
    router.add(Method::Put, Base + QStringLiteral("/admin/element/:id"), Access::Admin, BodyKind::Json,
        [ctx](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            auto body = decode<Rest::UpdateElementRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            auto element = CatalogRepository(ctx->db).updateElement(id, *body);
            if (!element) {
                return Response::problem(element.error());
            }
            return Response::json({{QStringLiteral("message"), QStringLiteral("Element updated")},
                {QStringLiteral("element"), toJson(*element)}});
        });
    router.add(
        Method::Post, Base + QStringLiteral("/admin/avatar"), Access::Admin, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::CreateAvatarRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            auto avatar = CatalogRepository(ctx->db).createAvatar(body->name, body->imageUrl);
            if (!avatar) {
                return Response::problem(avatar.error());
            }
            return Response::json({{QStringLiteral("avatarId"), avatar->id}});
        });
    router.add(
        Method::Post, Base + QStringLiteral("/admin/map"), Access::Admin, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::MapRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            auto id = ctx->spaces.createTemplate(*r.user, *body);
            if (!id) {
                return Response::problem(id.error());
            }
            return Response::json({{QStringLiteral("id"), *id}});
        });
    router.add(
        Method::Get, Base + QStringLiteral("/admin/map/:id"), Access::Admin, BodyKind::None, [ctx](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            auto map = ctx->spaces.getTemplate(id);
            if (!map) {
                return Response::problem(map.error());
            }
            return Response::json({{QStringLiteral("map"), toJson(*map)}});
        });
    router.add(
        Method::Put, Base + QStringLiteral("/admin/map/:id"), Access::Admin, BodyKind::Json, [ctx](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            auto body = decode<Rest::MapRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            if (auto status = ctx->spaces.replaceTemplate(id, *body); !status) {
                return Response::problem(status.error());
            }
            return ok(QStringLiteral("Map updated"));
        });
    router.add(Method::Delete, Base + QStringLiteral("/admin/map/:id"), Access::Admin, BodyKind::None,
        [ctx](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            if (auto status = ctx->spaces.removeTemplate(id); !status) {
                return Response::problem(status.error());
            }
            return ok(QStringLiteral("Map deleted"));
        });
    router.add(
        Method::Post, Base + QStringLiteral("/admin/assets"), Access::Admin, BodyKind::Raw, [ctx](const Request &r) {
            const auto declared = r.header("Content-Type").split(';').constFirst().trimmed().toLower();
            static const QList<QByteArray> accepted{"image/png", "image/jpeg", "image/webp", "image/svg+xml"};
            if (!accepted.contains(declared)) {
                return Response::problem({ErrorCode::UnsupportedMediaType,
                    QStringLiteral("Content-Type must be image/png, image/jpeg, image/webp or image/svg+xml"), {}});
            }
            if (r.body.isEmpty()) {
                return Response::problem(Error::invalid(QStringLiteral("The body must hold the image")));
            }
            auto url = ctx->assets.store(r.body);
            if (!url) {
                return Response::problem(url.error());
            }
            return Response::json({{QStringLiteral("url"), *url}});
        });
    router.add(
        Method::Get, Base + QStringLiteral("/admin/users"), Access::Admin, BodyKind::None, [ctx](const Request &r) {
            bool limitOk = true;
            bool offsetOk = true;
            const auto limitText = r.query.queryItemValue(QStringLiteral("limit"));
            const auto offsetText = r.query.queryItemValue(QStringLiteral("offset"));
            const int limit = limitText.isEmpty() ? 100 : limitText.toInt(&limitOk);
            const int offset = offsetText.isEmpty() ? 0 : offsetText.toInt(&offsetOk);
            if (!limitOk || limit < 1 || limit > 500) {
                return Response::problem(
                    Error::field(QStringLiteral("limit"), QStringLiteral("must be between 1 and 500")));
            }
            if (!offsetOk || offset < 0) {
                return Response::problem(Error::field(QStringLiteral("offset"), QStringLiteral("must be 0 or more")));
            }
            auto users = UserRepository(ctx->db).list(limit, offset);
            if (!users) {
                return Response::problem(users.error());
            }
            QJsonArray list;
            for (const auto &u : std::as_const(*users)) {
                list.append(toJson(u));
            }
            return Response::json({{QStringLiteral("users"), list}});
        });
    router.add(Method::Patch, Base + QStringLiteral("/admin/users/:id"), Access::Admin, BodyKind::Json,
        [ctx](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            auto body = decode<Rest::UpdateUserRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            UserRepository users(ctx->db);
            auto user = users.find(id);
            if (!user) {
                return Response::problem(user.error());
            }
            if (!user->has_value()) {
                return Response::problem(Error::notFound(QStringLiteral("No user with id %1").arg(id)));
            }
            if ((*user)->role == Role::Admin && body->role == Role::User) {
                auto admins = users.countAdmins();
                if (!admins) {
                    return Response::problem(admins.error());
                }
                if (*admins <= 1) {
                    return Response::problem(
                        Error::field(QStringLiteral("role"), QStringLiteral("the last Admin cannot be demoted")));
                }
            }
            if (auto status = users.setRole(id, body->role); !status) {
                return Response::problem(status.error());
            }
            auto updated = **user;
            updated.role = body->role;
            return Response::json({{QStringLiteral("user"), toJson(updated)}});
        });
}

} // namespace Metaverse
