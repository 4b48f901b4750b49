// SPDX-License-Identifier: GPL-3.0-or-later
// Sharing and moderation: /users, /space/:id/{invites,kick,bans,mutes,audit}, /invites/:token/accept,
// /admin/spaces, and the invite page /invite/:token.
#include "routes.h"

#include "space/teamservice.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace Metaverse
{

using Method = QHttpServerRequest::Method;
using namespace Api;

namespace
{
const QString InviteStyle = QStringLiteral(
    "body{font-family:sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#222}"
    "code{display:block;padding:.5rem;background:#eee;word-break:break-all}a{color:#0b57d0}");

// The invite page: self-contained (no external resources), its one style allowed by hash.
Response invitePage(const Request &r)
{
    const QString token = r.param(QStringLiteral("token"));
    // The host the browser used, if it looks like one (it only ever names this server back).
    static const QRegularExpression hostPattern(QStringLiteral("^[A-Za-z0-9.\\-\\[\\]:]{1,255}$"));
    QString host = QString::fromLatin1(r.header("Host"));
    if (!hostPattern.match(host).hasMatch()) {
        host = QStringLiteral("localhost");
    }
    const QString target = QStringLiteral("metaverse://") + host + QStringLiteral("/invite/") + token;
    const QString link = target.toHtmlEscaped();
    const QString html = QStringLiteral(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>Metaverse invite</title><style>%1</style></head><body>"
        "<h1>Open this invite in the Metaverse app</h1>"
        "<p>You were invited to a space. If the Metaverse desktop app is installed, this link opens it:</p>"
        "<p><a href=\"%2\">%2</a></p>"
        "<p>If nothing happens, copy the link below, start the app, sign in to this server and paste it into "
        "<strong>Join with a link</strong> on the dashboard:</p><code>%2</code></body></html>")
                             .arg(InviteStyle, link);
    static const QByteArray styleHash =
        QCryptographicHash::hash(InviteStyle.toUtf8(), QCryptographicHash::Sha256).toBase64();
    auto response = Response::bytes(html.toUtf8(), "text/html; charset=utf-8");
    response.addHeader("Content-Security-Policy",
        "default-src 'none'; style-src 'sha256-" + styleHash +
            "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    return response;
}

QJsonObject listOf(const QString &key, const QJsonArray &items)
{
    return QJsonObject{{key, items}};
}
} // namespace

void registerTeamRoutes(Router &router, ApiContext &context)
{
    auto *ctx = &context;
    const QString space = Base + QStringLiteral("/space/:id");
    const auto id = [](const Request &r) { return r.param(QStringLiteral("id")); };

    router.add(Method::Get, Base + QStringLiteral("/users"), Access::User, BodyKind::None, [ctx](const Request &r) {
        auto query = Rest::parseUserSearchQuery(r.query);
        if (!query) {
            return Response::problem(query.error());
        }
        return respond(ctx->teams.searchUsers(query->prefix), [](const QList<Rest::UserMatch> &users) {
            return listOf(
                QStringLiteral("users"), toJsonArray(users, [](const Rest::UserMatch &u) { return Rest::toJson(u); }));
        });
    });
    router.add(
        Method::Get, Base + QStringLiteral("/admin/spaces"), Access::Admin, BodyKind::None, [ctx](const Request &r) {
            auto query = Rest::parsePageQuery(r.query);
            if (!query) {
                return Response::problem(query.error());
            }
            return respond(ctx->teams.allSpaces(*r.user, query->page, query->pageSize), [&](const SpacePage &page) {
                return QJsonObject{
                    {QStringLiteral("spaces"), toJsonArray(page.spaces, [](const auto &s) { return Rest::toJson(s); })},
                    {QStringLiteral("total"), page.total}, {QStringLiteral("page"), query->page},
                    {QStringLiteral("pageSize"), query->pageSize}};
            });
        });

    router.add(
        Method::Post, space + QStringLiteral("/invites"), Access::User, BodyKind::Json, [ctx, id](const Request &r) {
            auto body = decode<Rest::CreateInviteRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(ctx->teams.createInvite(*r.user, id(r), *body),
                [](const Rest::InviteCreated &created) { return Rest::toJson(created); });
        });
    router.add(
        Method::Get, space + QStringLiteral("/invites"), Access::User, BodyKind::None, [ctx, id](const Request &r) {
            return respond(ctx->teams.invites(*r.user, id(r)), [](const QList<Rest::Invite> &invites) {
                return listOf(QStringLiteral("invites"),
                    toJsonArray(invites, [](const Rest::Invite &i) { return Rest::toJson(i); }));
            });
        });
    router.add(Method::Delete, space + QStringLiteral("/invites/:inviteId"), Access::User, BodyKind::None,
        [ctx, id](const Request &r) {
            return respond(ctx->teams.revokeInvite(*r.user, id(r), r.param(QStringLiteral("inviteId"))),
                QStringLiteral("Invite revoked"));
        });
    router.add(Method::Post, Base + QStringLiteral("/invites/:token/accept"), Access::User, BodyKind::None,
        [ctx](const Request &r) {
            return respond(
                ctx->teams.acceptInvite(*r.user, r.param(QStringLiteral("token"))), [](const QString &spaceId) {
                    return QJsonObject{{QStringLiteral("spaceId"), spaceId}};
                });
        });
    router.add(Method::Get, QStringLiteral("/invite/:token"), Access::Public, BodyKind::None, invitePage);

    router.add(
        Method::Post, space + QStringLiteral("/kick"), Access::User, BodyKind::Json, [ctx, id](const Request &r) {
            auto body = decode<Rest::UserTargetRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(ctx->teams.kick(*r.user, id(r), body->userId), QStringLiteral("User kicked"));
        });
    router.add(
        Method::Post, space + QStringLiteral("/bans"), Access::User, BodyKind::Json, [ctx, id](const Request &r) {
            auto body = decode<Rest::BanRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(ctx->teams.ban(*r.user, id(r), body->userId, body->reason), QStringLiteral("User banned"));
        });
    router.add(Method::Get, space + QStringLiteral("/bans"), Access::User, BodyKind::None, [ctx, id](const Request &r) {
        return respond(ctx->teams.bans(*r.user, id(r)), [](const QList<Rest::Ban> &bans) {
            return listOf(
                QStringLiteral("bans"), toJsonArray(bans, [](const Rest::Ban &b) { return Rest::toJson(b); }));
        });
    });
    router.add(Method::Delete, space + QStringLiteral("/bans/:userId"), Access::User, BodyKind::None,
        [ctx, id](const Request &r) {
            return respond(
                ctx->teams.unban(*r.user, id(r), r.param(QStringLiteral("userId"))), QStringLiteral("User unbanned"));
        });
    router.add(
        Method::Post, space + QStringLiteral("/mutes"), Access::User, BodyKind::Json, [ctx, id](const Request &r) {
            auto body = decode<Rest::MuteRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(ctx->teams.mute(*r.user, id(r), body->userId, body->minutes), QStringLiteral("User muted"));
        });
    router.add(
        Method::Get, space + QStringLiteral("/mutes"), Access::User, BodyKind::None, [ctx, id](const Request &r) {
            return respond(ctx->teams.mutes(*r.user, id(r)), [](const QList<Rest::Mute> &mutes) {
                return listOf(
                    QStringLiteral("mutes"), toJsonArray(mutes, [](const Rest::Mute &m) { return Rest::toJson(m); }));
            });
        });
    router.add(Method::Delete, space + QStringLiteral("/mutes/:userId"), Access::User, BodyKind::None,
        [ctx, id](const Request &r) {
            return respond(
                ctx->teams.unmute(*r.user, id(r), r.param(QStringLiteral("userId"))), QStringLiteral("User unmuted"));
        });
    router.add(
        Method::Get, space + QStringLiteral("/audit"), Access::User, BodyKind::None, [ctx, id](const Request &r) {
            auto query = Rest::parseAuditQuery(r.query);
            if (!query) {
                return Response::problem(query.error());
            }
            return respond(ctx->teams.audit(*r.user, id(r), *query), [](const QList<Rest::AuditEntry> &entries) {
                return listOf(QStringLiteral("entries"),
                    toJsonArray(entries, [](const Rest::AuditEntry &e) { return Rest::toJson(e); }));
            });
        });
}

} // namespace Metaverse
