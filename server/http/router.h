// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/jwt.h"
#include "model/user.h"
#include "result.h"

#include <QCoroTask>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QJsonObject>
#include <QUrlQuery>

#include <functional>
#include <optional>
#include <variant>

namespace Metaverse
{

class SignInLimiter;

// What a handler sees: parsed, authenticated and size-checked before it runs.
struct Request {
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Get;
    QString path;
    QHash<QString, QString> params; // from ":name" segments
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QJsonObject json; // the parsed body of a JSON route
    QString requestId;
    QHostAddress peer;
    std::optional<User> user; // the signed-in caller, current as of this request
    std::optional<TokenClaims> token; // the claims of the caller's token, with `user`
    // Sign-in and sign-up routes (RateClass::Auth) only: the per-account attempt limiter, for the
    // account the body names (the per-IP part is applied before the handler runs). Use it before
    // the first suspension.
    SignInLimiter *accountLimiter = nullptr;

    [[nodiscard]] QByteArray header(const QByteArray &name) const;
    // Every value of a header that may repeat (X-Forwarded-For, Forwarded), in order.
    [[nodiscard]] QList<QByteArray> headerValues(const QByteArray &name) const;
    [[nodiscard]] QString param(const QString &name) const { return params.value(name); }
};

struct Response {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    Error error; // set for problem responses, so the access log can say why

    Response &addHeader(const QByteArray &name, const QByteArray &value)
    {
        headers.append(qMakePair(name, value));
        return *this;
    }

    static Response json(const QJsonObject &object, int status = 200);
    static Response problem(const Error &error);
    static Response bytes(QByteArray body, QByteArray contentType, int status = 200);
};

enum class Access {
    Public, // no token needed; a valid token still identifies the caller
    User, // a valid token of an existing account
    Admin, // a valid token of an Admin
};

enum class BodyKind {
    None, // any body is ignored
    Json, // Content-Type application/json, a JSON object
    Raw, // passed through as bytes
};

enum class RateClass {
    None, // health, metrics, assets
    Auth, // sign-in and sign-up: per IP (and per username inside the handler)
    Api, // everything else: per user, per IP when anonymous
};

using SyncHandler = std::function<Response(const Request &)>;
using AsyncHandler = std::function<QCoro::Task<Response>(Request)>;

struct Route {
    QHttpServerRequest::Method method;
    QString pattern; // "/api/v1/space/:id"
    Access access = Access::User;
    BodyKind body = BodyKind::None;
    RateClass rate = RateClass::Api;
    std::variant<SyncHandler, AsyncHandler> handler;
    QStringList segments;
    int paramCount = 0;
    // Path parameters are ids, checked before the handler runs: a malformed one names nothing
    // (400, as for unknown ids). Off for routes whose parameters are file names.
    bool paramsAreIds = true;
};

struct RouteMatch {
    const Route *route = nullptr;
    QHash<QString, QString> params;
    bool pathMatched = false; // a route matched the path with another method (405)
    QList<QHttpServerRequest::Method> allowed;
};

// The route table. Matching prefers literal segments over parameters.
class Router
{
public:
    Route &add(QHttpServerRequest::Method method, const QString &pattern, Access access, BodyKind body,
        SyncHandler handler, RateClass rate = RateClass::Api);
    Route &addAsync(QHttpServerRequest::Method method, const QString &pattern, Access access, BodyKind body,
        AsyncHandler handler, RateClass rate = RateClass::Api);
    [[nodiscard]] RouteMatch match(QHttpServerRequest::Method method, const QString &path) const;
    [[nodiscard]] const QList<Route> &routes() const { return m_routes; }

    static QString methodName(QHttpServerRequest::Method method);

private:
    Route &insert(Route route);
    QList<Route> m_routes;
};

} // namespace Metaverse
