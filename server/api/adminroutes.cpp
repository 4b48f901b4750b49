// SPDX-License-Identifier: GPL-3.0-or-later
// Admin-only routes: /admin/element, /admin/avatar, /admin/map, /admin/assets, /admin/users.
#include "routes.h"

#include "assets/assetstore.h"
#include "auth/accountservice.h"
#include "space/spaceservice.h"

namespace Metaverse
{

using Method = QHttpServerRequest::Method;
using namespace Api;

namespace
{
TemplateContent templateContent(const Rest::MapRequest &request)
{
    TemplateContent content{request.name, request.dimensions, request.thumbnail, {}};
    content.elements.reserve(request.defaultElements.size());
    for (const auto &e : request.defaultElements) {
        content.elements.append({e.elementId, e.position});
    }
    return content;
}
} // namespace

void registerAdminRoutes(Router &router, ApiContext &context)
{
    auto *ctx = &context;
    router.add(
        Method::Post, Base + QStringLiteral("/admin/element"), Access::Admin, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::CreateElementRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            const Element definition{
                {}, body->name, body->imageUrl, body->width, body->height, body->isStatic, body->category};
            return respond(ctx->spaces.createElement(definition), [](const Element &element) {
                return QJsonObject{{QStringLiteral("id"), element.id}};
            });
        });
    router.add(Method::Put, Base + QStringLiteral("/admin/element/:id"), Access::Admin, BodyKind::Json,
        [ctx](const Request &r) {
            auto body = decode<Rest::UpdateElementRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            const ElementChanges changes{
                body->name, body->imageUrl, body->width, body->height, body->isStatic, body->category};
            return respond(
                ctx->spaces.updateElement(r.param(QStringLiteral("id")), changes), [](const Element &element) {
                    return QJsonObject{{QStringLiteral("message"), QStringLiteral("Element updated")},
                        {QStringLiteral("element"), toJson(element)}};
                });
        });
    router.add(Method::Delete, Base + QStringLiteral("/admin/element/:id"), Access::Admin, BodyKind::None,
        [ctx](const Request &r) {
            return respond(ctx->spaces.retireElement(r.param(QStringLiteral("id"))), QStringLiteral("Element retired"));
        });
    router.add(Method::Put, Base + QStringLiteral("/admin/avatar/:id"), Access::Admin, BodyKind::Json,
        [ctx](const Request &r) {
            auto body = decode<Rest::RenameAvatarRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(
                ctx->accounts.renameAvatar(r.param(QStringLiteral("id")), body->name), [](const Avatar &avatar) {
                    return QJsonObject{{QStringLiteral("avatar"), toJson(avatar)}};
                });
        });
    router.add(Method::Delete, Base + QStringLiteral("/admin/avatar/:id"), Access::Admin, BodyKind::None,
        [ctx](const Request &r) {
            return respond(ctx->accounts.retireAvatar(r.param(QStringLiteral("id"))), QStringLiteral("Avatar retired"));
        });
    router.add(
        Method::Post, Base + QStringLiteral("/admin/avatar"), Access::Admin, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::CreateAvatarRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(ctx->accounts.createAvatar(body->name, body->imageUrl), [](const Avatar &avatar) {
                return QJsonObject{{QStringLiteral("avatarId"), avatar.id}};
            });
        });
    router.add(
        Method::Post, Base + QStringLiteral("/admin/map"), Access::Admin, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::MapRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(ctx->spaces.createTemplate(*r.user, templateContent(*body)), [](const QString &id) {
                return QJsonObject{{QStringLiteral("id"), id}};
            });
        });
    router.add(
        Method::Get, Base + QStringLiteral("/admin/map/:id"), Access::Admin, BodyKind::None, [ctx](const Request &r) {
            return respond(ctx->spaces.getTemplate(r.param(QStringLiteral("id"))), [](const Space &map) {
                return QJsonObject{{QStringLiteral("map"), toJson(map)}};
            });
        });
    router.add(
        Method::Put, Base + QStringLiteral("/admin/map/:id"), Access::Admin, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::MapRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(ctx->spaces.replaceTemplate(r.param(QStringLiteral("id")), templateContent(*body)),
                QStringLiteral("Map updated"));
        });
    router.add(Method::Delete, Base + QStringLiteral("/admin/map/:id"), Access::Admin, BodyKind::None,
        [ctx](const Request &r) {
            return respond(ctx->spaces.removeTemplate(r.param(QStringLiteral("id"))), QStringLiteral("Map deleted"));
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
            return respond(ctx->assets.store(r.body), [](const QString &url) {
                return QJsonObject{{QStringLiteral("url"), url}};
            });
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
            return respond(ctx->accounts.users(limit, offset), [](const QList<User> &users) {
                return QJsonObject{
                    {QStringLiteral("users"), toJsonArray(users, [](const User &u) { return toJson(u); })}};
            });
        });
    router.add(Method::Patch, Base + QStringLiteral("/admin/users/:id"), Access::Admin, BodyKind::Json,
        [ctx](const Request &r) {
            auto body = decode<Rest::UpdateUserRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(
                ctx->accounts.setRole(*r.user, r.param(QStringLiteral("id")), body->role), [](const User &user) {
                    return QJsonObject{{QStringLiteral("user"), toJson(user)}};
                });
        });
}

} // namespace Metaverse
