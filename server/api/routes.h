// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/router.h"

#include <QDateTime>
#include <QElapsedTimer>

namespace Metaverse
{

class AccountService;
class AssetStore;
class ChatService;
class Database;
class HttpServer;
class Metrics;
class SpaceService;
struct Config;

// What the route handlers need; owned by the Server, outliving every request.
struct ApiContext {
    const Config &config;
    const Database &db;
    AccountService &accounts;
    SpaceService &spaces;
    ChatService &chat;
    AssetStore &assets;
    Metrics &metrics;
    HttpServer *http = nullptr; // set once listening, for the per-username auth limiter
    QElapsedTimer uptime;
    std::function<QJsonObject()> dependencyStatus; // {redis, kafka} as reported by the bus
};

void registerAccountRoutes(Router &router, ApiContext &context);
void registerSpaceRoutes(Router &router, ApiContext &context);
void registerAdminRoutes(Router &router, ApiContext &context);
void registerChatRoutes(Router &router, ApiContext &context);
void registerOperationsRoutes(Router &router, ApiContext &context);

// Helpers shared by the route files.
namespace Api
{
inline const QString Base = QStringLiteral("/api/v1");

// {message} with 200: the body of routes that have nothing else to say.
inline Response ok(const QString &message)
{
    return Response::json({{QStringLiteral("message"), message}});
}

template<typename T>
Result<T> decode(const Request &request)
{
    return fromJson<T>(request.json);
}
} // namespace Api

} // namespace Metaverse
