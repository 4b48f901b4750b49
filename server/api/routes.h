// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/router.h"
#include "protocol/rest.h"
#include "protocol/teams.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>

#include <type_traits>

namespace Metaverse
{

class AccountService;
class AssetStore;
class ChatService;
class Database;
class Metrics;
class SpaceService;
class TeamService;
struct Config;

// What the route handlers need; owned by the Server, outliving every request.
struct ApiContext {
    const Config &config;
    const Database &db;
    AccountService &accounts;
    SpaceService &spaces;
    ChatService &chat;
    TeamService &teams;
    AssetStore &assets;
    Metrics &metrics;
    QElapsedTimer uptime;
    std::function<QJsonObject()> dependencyStatus; // {redis, kafka} as reported by the bus
};

void registerAccountRoutes(Router &router, ApiContext &context);
void registerSpaceRoutes(Router &router, ApiContext &context);
void registerAdminRoutes(Router &router, ApiContext &context);
void registerChatRoutes(Router &router, ApiContext &context);
void registerTeamRoutes(Router &router, ApiContext &context);
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

// The end of a route (parse -> call -> respond): the result's value rendered by `render` (to a
// QJsonObject) with 200, or its error as problem+json.
template<typename T, typename Render>
requires(!std::is_void_v<T>) Response respond(const Result<T> &result, Render &&render)
{
    if (!result) {
        return Response::problem(result.error());
    }
    return Response::json(std::forward<Render>(render)(*result));
}

// The same for a change with nothing to return: {message} with 200.
inline Response respond(const Status &status, const QString &message)
{
    if (!status) {
        return Response::problem(status.error());
    }
    return ok(message);
}

// A list as a JSON array, each item rendered by `render`.
template<typename T, typename Render>
QJsonArray toJsonArray(const QList<T> &items, Render &&render)
{
    QJsonArray array;
    for (const auto &item : items) {
        array.append(render(item));
    }
    return array;
}
} // namespace Api

} // namespace Metaverse
