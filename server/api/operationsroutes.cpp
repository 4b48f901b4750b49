// SPDX-License-Identifier: GPL-3.0-or-later
// Operations and static files: /health, /metrics, /assets/*.
#include "routes.h"

#include "assets/assetstore.h"
#include "http/metrics.h"
#include "store/database.h"

namespace Metaverse
{

using Method = QHttpServerRequest::Method;

void registerOperationsRoutes(Router &router, ApiContext &context)
{
    auto *ctx = &context;
    const SyncHandler health = [ctx](const Request &) {
        const bool dbUp = ctx->db.ping();
        QJsonObject body{{QStringLiteral("status"), dbUp ? QStringLiteral("ok") : QStringLiteral("unavailable")},
            {QStringLiteral("version"), QStringLiteral(METAVERSE_VERSION)},
            {QStringLiteral("uptime"), double(ctx->uptime.elapsed()) / 1000.0},
            {QStringLiteral("db"), dbUp ? QStringLiteral("up") : QStringLiteral("down")}};
        const auto dependencies = ctx->dependencyStatus ? ctx->dependencyStatus() : QJsonObject{};
        body.insert(
            QStringLiteral("redis"), dependencies.value(QStringLiteral("redis")).toString(QStringLiteral("disabled")));
        body.insert(
            QStringLiteral("kafka"), dependencies.value(QStringLiteral("kafka")).toString(QStringLiteral("disabled")));
        return Response::json(body, dbUp ? 200 : 503);
    };
    router.add(Method::Get, QStringLiteral("/health"), Access::Public, BodyKind::None, health, RateClass::None);
    router.add(
        Method::Get, Api::Base + QStringLiteral("/health"), Access::Public, BodyKind::None, health, RateClass::None);

    router.add(
        Method::Get, QStringLiteral("/metrics"), Access::Public, BodyKind::None,
        [ctx](const Request &r) {
            // Loopback scrapers and Admins only: the numbers describe the whole deployment.
            if (!r.peer.isLoopback() && !(r.user && r.user->isAdmin())) {
                return Response::problem(Error::forbidden(QStringLiteral("Metrics are for local scrapers and Admins")));
            }
            return Response::bytes(ctx->metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
        },
        RateClass::None);

    router
        .add(
            Method::Get, QStringLiteral("/assets/:dir/:file"), Access::Public, BodyKind::None,
            [ctx](const Request &r) {
                const auto asset = ctx->assets.find(r.param(QStringLiteral("dir")), r.param(QStringLiteral("file")));
                if (!asset) {
                    auto response = Response::problem(Error::notFound(QStringLiteral("No such asset")));
                    response.status = 404;
                    return response;
                }
                if (r.header("If-None-Match") == asset->etag) {
                    auto response = Response::bytes({}, {}, 304);
                    response.addHeader("ETag", asset->etag);
                    return response;
                }
                auto response = Response::bytes(asset->data, asset->contentType);
                response.addHeader("ETag", asset->etag);
                response.addHeader("Cache-Control",
                    asset->immutable ? "public, max-age=31536000, immutable" : "public, max-age=86400");
                // SVGs are images here: no scripts, no embedding elsewhere.
                response.addHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
                return response;
            },
            RateClass::None)
        .paramsAreIds = false; // file names, not ids
}

} // namespace Metaverse
