// SPDX-License-Identifier: GPL-3.0-or-later
// Auth, accounts, users and the catalogue: /signup, /login, /signin, /token/refresh, /logout,
// /logout-all, /me, /me/password, /user/metadata, /user/metadata/bulk, /avatars, /elements.
#include "routes.h"

#include "auth/accountservice.h"
#include "http/ratelimiter.h"
#include "space/spaceservice.h"
#include "validation/validation.h"

namespace Metaverse
{

using Method = QHttpServerRequest::Method;
using namespace Api;

namespace
{
std::optional<Response> limitUsername(const Request &request, const QString &username)
{
    if (!request.accountLimiter) {
        return std::nullopt;
    }
    const auto retryAfter = request.accountLimiter->acquire(username, request.peer.toString());
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
    if (auto limited = limitUsername(request, body->username)) {
        co_return *limited;
    }
    auto signingUp = context.accounts.signup(body->username, body->password, body->type, request.user);
    const auto user = co_await signingUp;
    co_return respond(user, [](const User &u) {
        return QJsonObject{{QStringLiteral("message"), QStringLiteral("Account created")},
            {QStringLiteral("userId"), u.id}, {QStringLiteral("username"), u.username},
            {QStringLiteral("role"), roleName(u.role)}};
    });
}

QCoro::Task<Response> login(ApiContext &context, Request request)
{
    auto body = decode<Rest::LoginRequest>(request);
    if (!body) {
        co_return Response::problem(body.error());
    }
    if (auto limited = limitUsername(request, body->username)) {
        co_return *limited;
    }
    auto signingIn = context.accounts.login(body->username, body->password);
    const auto signedIn = co_await signingIn;
    co_return respond(signedIn, [](const SignedIn &in) {
        return Rest::toJson(Rest::LoginResponse{in.token, in.user});
    });
}

QCoro::Task<Response> changePassword(ApiContext &context, Request request)
{
    auto body = decode<Rest::ChangePasswordRequest>(request);
    if (!body) {
        co_return Response::problem(body.error());
    }
    // Each attempt costs a hash, and a stolen token must not make guessing the password cheap.
    if (auto limited = limitUsername(request, request.user->username)) {
        co_return *limited;
    }
    auto changing = context.accounts.changePassword(*request.user, body->currentPassword, body->newPassword);
    const auto signedIn = co_await changing;
    co_return respond(signedIn, [](const SignedIn &in) {
        return Rest::toJson(Rest::LoginResponse{in.token, in.user});
    });
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
            return respond(ctx->accounts.refresh(*r.user, *r.token), [](const QByteArray &token) {
                return QJsonObject{{QStringLiteral("token"), QString::fromLatin1(token)}};
            });
        });
    router.add(Method::Post, Base + QStringLiteral("/logout"), Access::User, BodyKind::None,
        [ctx](const Request &r) { return respond(ctx->accounts.logout(*r.token), QStringLiteral("Signed out")); });
    router.add(
        Method::Post, Base + QStringLiteral("/logout-all"), Access::User, BodyKind::None, [ctx](const Request &r) {
            return respond(ctx->accounts.logoutAll(*r.user), QStringLiteral("Signed out everywhere"));
        });
    router.addAsync(
        Method::Post, Base + QStringLiteral("/me/password"), Access::User, BodyKind::Json,
        [ctx](Request r) { return changePassword(*ctx, std::move(r)); }, RateClass::Auth);
    router.add(Method::Get, Base + QStringLiteral("/me"), Access::User, BodyKind::None, [ctx](const Request &r) {
        return respond(ctx->accounts.avatarOf(*r.user), [&](const std::optional<Avatar> &avatar) {
            const User &me = *r.user;
            return QJsonObject{{QStringLiteral("id"), me.id}, {QStringLiteral("username"), me.username},
                {QStringLiteral("role"), roleName(me.role)},
                {QStringLiteral("avatarId"), me.avatarId.isEmpty() ? QJsonValue() : QJsonValue(me.avatarId)},
                {QStringLiteral("avatar"), avatar ? QJsonValue(toJson(*avatar)) : QJsonValue()}};
        });
    });
    router.add(
        Method::Post, Base + QStringLiteral("/user/metadata"), Access::User, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::SetAvatarRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            if (auto status = ctx->accounts.setAvatar(*r.user, body->avatarId); !status) {
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
            return respond(ctx->accounts.avatarUrls(*ids), [](const QList<QPair<QString, QString>> &avatars) {
                return QJsonObject{{QStringLiteral("avatars"), toJsonArray(avatars, [](const auto &entry) {
                                        return QJsonObject{{QStringLiteral("userId"), entry.first},
                                            {QStringLiteral("imageurl"),
                                                entry.second.isEmpty() ? QJsonValue() : QJsonValue(entry.second)}};
                                    })}};
            });
        });
    router.add(Method::Get, Base + QStringLiteral("/avatars"), Access::Public, BodyKind::None, [ctx](const Request &) {
        return respond(ctx->accounts.avatars(), [](const QList<Avatar> &avatars) {
            return QJsonObject{
                {QStringLiteral("avatars"), toJsonArray(avatars, [](const Avatar &a) { return toJson(a); })}};
        });
    });
    router.add(Method::Get, Base + QStringLiteral("/elements"), Access::Public, BodyKind::None, [ctx](const Request &) {
        return respond(ctx->spaces.elements(), [](const QList<Element> &elements) {
            return QJsonObject{
                {QStringLiteral("elements"), toJsonArray(elements, [](const Element &e) { return toJson(e); })}};
        });
    });
}

} // namespace Metaverse
