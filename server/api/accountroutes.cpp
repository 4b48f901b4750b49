// SPDX-License-Identifier: GPL-3.0-or-later
// Auth, accounts, users and the catalogue: /signup, /login, /signin, /token/refresh, /me,
// /user/metadata, /user/metadata/bulk, /avatars, /elements.
#include "routes.h"

#include "auth/accountservice.h"
#include "http/httpserver.h"
#include "store/catalogrepository.h"
#include "store/userrepository.h"
#include "validation/validation.h"

namespace Metaverse
{

using Method = QHttpServerRequest::Method;
using namespace Api;

namespace
{
std::optional<Response> limitUsername(ApiContext &context, const QString &username)
{
    if (!context.http) {
        return std::nullopt;
    }
    const auto retryAfter = context.http->authLimiter().acquire(QStringLiteral("name:") + username.toLower());
    if (!retryAfter) {
        return std::nullopt;
    }
    return Response::problem(Error::rateLimited(
        QStringLiteral("Too many attempts for this account; retry in %1 s").arg(*retryAfter), *retryAfter));
}

QCoro::Task<Response> signup(ApiContext &context, Request request)
{
    auto body = decode<Rest::SignupRequest>(request);
    if (!body) {
        co_return Response::problem(body.error());
    }
    if (auto limited = limitUsername(context, body->username)) {
        co_return *limited;
    }
    auto signingUp = context.accounts.signup(*body, request.user);
    auto user = co_await signingUp;
    if (!user) {
        co_return Response::problem(user.error());
    }
    co_return Response::json(
        {{QStringLiteral("message"), QStringLiteral("Account created")}, {QStringLiteral("userId"), user->id},
            {QStringLiteral("username"), user->username}, {QStringLiteral("role"), roleName(user->role)}});
}

QCoro::Task<Response> login(ApiContext &context, Request request)
{
    auto body = decode<Rest::LoginRequest>(request);
    if (!body) {
        co_return Response::problem(body.error());
    }
    if (auto limited = limitUsername(context, body->username)) {
        co_return *limited;
    }
    auto signingIn = context.accounts.login(*body);
    auto result = co_await signingIn;
    if (!result) {
        co_return Response::problem(result.error());
    }
    co_return Response::json(Rest::toJson(*result));
}

// "[id1,id2]" (the lineage form) or "id1,id2".
Result<QStringList> parseIdList(QString raw)
{
    raw = raw.trimmed();
    if (raw.startsWith(QLatin1Char('[')) && raw.endsWith(QLatin1Char(']'))) {
        raw = raw.mid(1, raw.size() - 2);
    }
    QStringList ids;
    for (auto part : raw.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        part = part.trimmed();
        if (part.size() >= 2 && part.startsWith(QLatin1Char('"')) && part.endsWith(QLatin1Char('"'))) {
            part = part.mid(1, part.size() - 2);
        }
        if (!Validation::id(part)) {
            return Error::field(QStringLiteral("ids"), QStringLiteral("must be a list of ids like [id1,id2]"));
        }
        if (!ids.contains(part)) {
            ids.append(part);
        }
    }
    if (ids.isEmpty()) {
        return Error::field(QStringLiteral("ids"), QStringLiteral("must name at least one user, like [id1,id2]"));
    }
    if (ids.size() > 100) {
        return Error::field(QStringLiteral("ids"), QStringLiteral("must name at most 100 users"));
    }
    return ids;
}
} // namespace

void registerAccountRoutes(Router &router, ApiContext &context)
{
    auto *ctx = &context;
    router.addAsync(
        Method::Post, Base + QStringLiteral("/signup"), Access::Public, BodyKind::Json,
        [ctx](Request r) { return signup(*ctx, std::move(r)); }, RateClass::Auth);
    for (const auto *path : {"/login", "/signin"}) {
        router.addAsync(
            Method::Post, Base + QString::fromLatin1(path), Access::Public, BodyKind::Json,
            [ctx](Request r) { return login(*ctx, std::move(r)); }, RateClass::Auth);
    }
    router.add(
        Method::Post, Base + QStringLiteral("/token/refresh"), Access::User, BodyKind::None, [ctx](const Request &r) {
            return Response::json({{QStringLiteral("token"), QString::fromLatin1(ctx->accounts.issueToken(*r.user))}});
        });
    router.add(Method::Get, Base + QStringLiteral("/me"), Access::User, BodyKind::None, [ctx](const Request &r) {
        QJsonValue avatar;
        if (!r.user->avatarId.isEmpty()) {
            auto found = CatalogRepository(ctx->db).avatar(r.user->avatarId);
            if (!found) {
                return Response::problem(found.error());
            }
            if (found->has_value()) {
                avatar = toJson(**found);
            }
        }
        return Response::json({{QStringLiteral("id"), r.user->id}, {QStringLiteral("username"), r.user->username},
            {QStringLiteral("role"), roleName(r.user->role)},
            {QStringLiteral("avatarId"), r.user->avatarId.isEmpty() ? QJsonValue() : QJsonValue(r.user->avatarId)},
            {QStringLiteral("avatar"), avatar}});
    });
    router.add(
        Method::Post, Base + QStringLiteral("/user/metadata"), Access::User, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::SetAvatarRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            auto avatar = CatalogRepository(ctx->db).avatar(body->avatarId);
            if (!avatar) {
                return Response::problem(avatar.error());
            }
            if (!avatar->has_value()) {
                return Response::problem(Error::field(QStringLiteral("avatarId"), QStringLiteral("names no avatar")));
            }
            if (auto status = UserRepository(ctx->db).setAvatar(r.user->id, body->avatarId); !status) {
                return Response::problem(status.error());
            }
            return Response::json({{QStringLiteral("message"), QStringLiteral("Avatar updated")},
                {QStringLiteral("avatarId"), body->avatarId}});
        });
    router.add(Method::Get, Base + QStringLiteral("/user/metadata/bulk"), Access::Public, BodyKind::None,
        [ctx](const Request &r) {
            auto ids = parseIdList(r.query.queryItemValue(QStringLiteral("ids"), QUrl::FullyDecoded));
            if (!ids) {
                return Response::problem(ids.error());
            }
            auto avatars = UserRepository(ctx->db).avatarUrls(*ids);
            if (!avatars) {
                return Response::problem(avatars.error());
            }
            QJsonArray list;
            for (const auto &[userId, imageUrl] : std::as_const(*avatars)) {
                list.append(QJsonObject{{QStringLiteral("userId"), userId},
                    {QStringLiteral("imageurl"), imageUrl.isEmpty() ? QJsonValue() : QJsonValue(imageUrl)}});
            }
            return Response::json({{QStringLiteral("avatars"), list}});
        });
    router.add(Method::Get, Base + QStringLiteral("/avatars"), Access::Public, BodyKind::None, [ctx](const Request &) {
        auto avatars = CatalogRepository(ctx->db).avatars();
        if (!avatars) {
            return Response::problem(avatars.error());
        }
        QJsonArray list;
        for (const auto &a : std::as_const(*avatars)) {
            list.append(toJson(a));
        }
        return Response::json({{QStringLiteral("avatars"), list}});
    });
    router.add(Method::Get, Base + QStringLiteral("/elements"), Access::Public, BodyKind::None, [ctx](const Request &) {
        auto elements = CatalogRepository(ctx->db).elements();
        if (!elements) {
            return Response::problem(elements.error());
        }
        QJsonArray list;
        for (const auto &e : std::as_const(*elements)) {
            list.append(toJson(e));
        }
        return Response::json({{QStringLiteral("elements"), list}});
    });
}

} // namespace Metaverse
