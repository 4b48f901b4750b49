// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpserver.h"

#include "logging.h"
#include "problem.h"
#include "validation/validation.h"

#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpSocket>

namespace Metaverse
{

namespace
{
bool isJsonContentType(const QByteArray &value)
{
    const auto mime = value.split(';').constFirst().trimmed().toLower();
    return mime == "application/json";
}

QByteArray bearerToken(const Request &request)
{
    const auto header = request.header("Authorization");
    if (header.size() > 7 && header.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0) {
        return header.mid(7).trimmed();
    }
    return {};
}
} // namespace

QString newRequestId()
{
    return QString::number(QRandomGenerator::global()->generate64() | (quint64(1) << 63), 16);
}

HttpServer::HttpServer(
    const Router &router, Metrics &metrics, Authenticator authenticator, HttpOptions options, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_router(router)
    , m_metrics(metrics)
    , m_authenticator(std::move(authenticator))
    , m_options(std::move(options))
    , m_authLimiter(m_options.rateLimitAuth, m_options.rateLimitAuthAccount)
    , m_ipAuthLimiter(m_options.rateLimitAuth)
    , m_apiLimiter(m_options.rateLimitApi)
{
}

HttpServer::~HttpServer() = default;

Result<quint16> HttpServer::listenOn(const QHostAddress &address, quint16 port)
{
    auto *tcp = new GuardedTcpServer(m_options.limits, this);
    tcp->setListenBacklogSize(1024);
    tcp->setTls(m_options.tls);
    if (!tcp->listen(address, port)) {
        const auto message = tcp->errorString();
        delete tcp;
        return Error::unavailable(
            QStringLiteral("Cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(message));
    }
    connect(
        tcp, &GuardedTcpServer::rejected, this, [this](int status, const QString &reason, const QHostAddress &peer) {
            m_metrics.observeRequest(QStringLiteral("(rejected by guard)"), status, 0);
            qCInfo(lcAccess).noquote() << "guard" << status << reason << QStringLiteral("peer=") + peer.toString();
        });
    bind(tcp);
    m_tcpServer = tcp;
    return tcp->serverPort();
}

int HttpServer::openConnections() const
{
    return m_tcpServer ? m_tcpServer->openConnections() : 0;
}

bool HttpServer::originAllowed(const QByteArray &origin) const
{
    if (origin.isEmpty() || m_options.corsOrigins.isEmpty()) {
        return false;
    }
    return m_options.corsOrigins.contains(QStringLiteral("*")) ||
        m_options.corsOrigins.contains(QString::fromUtf8(origin));
}

std::optional<Response> HttpServer::checkRate(const Route &route, const Request &request)
{
    std::optional<int> retryAfter;
    if (route.rate == RateClass::Auth) {
        retryAfter = m_ipAuthLimiter.acquire(request.peer.toString());
    } else if (route.rate == RateClass::Api) {
        retryAfter = m_apiLimiter.acquire(
            request.user ? QStringLiteral("u:") + request.user->id : QStringLiteral("ip:") + request.peer.toString());
    }
    if (!retryAfter) {
        return std::nullopt;
    }
    return Response::problem(
        Error::rateLimited(QStringLiteral("Too many requests; retry in %1 s").arg(*retryAfter), *retryAfter));
}

bool HttpServer::handleRequest(const QHttpServerRequest &httpRequest, QTcpSocket *socket)
{
    Pending pending;
    pending.timer.start();

    Request request;
    request.method = httpRequest.method();
    request.path = httpRequest.url().path();
    request.query = httpRequest.query();
    request.headers = httpRequest.headers();
    request.requestId = newRequestId();
    request.peer = m_options.limits.trustedProxies.clientAddress(
        httpRequest.remoteAddress(), request.headerValues("Forwarded"), request.headerValues("X-Forwarded-For"));
    pending.origin = request.header("Origin");

    // WebSocket upgrades on the HTTP port are handed to Qt's WebSocket server when accepted.
    if (request.header("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0) {
        if (m_upgradeFilter && m_upgradeFilter(request.path)) {
            return true;
        }
    }

    auto responder = makeResponder(httpRequest, socket);
    const auto match = m_router.match(request.method, request.path);

    if (request.method == QHttpServerRequest::Method::Options) {
        pending.routeName = QStringLiteral("OPTIONS *");
        pending.preflight = true;
        auto response = Response::bytes({}, {}, match.pathMatched || match.route ? 204 : 404);
        finish(responder, request, std::move(response), pending);
        return true;
    }
    if (!match.route) {
        pending.routeName = QStringLiteral("(unmatched)");
        if (match.pathMatched) {
            QStringList allowed;
            for (auto method : match.allowed) {
                allowed.append(Router::methodName(method));
            }
            auto response = Response::problem({ErrorCode::Invalid,
                QStringLiteral("Method not allowed; use %1").arg(allowed.join(QStringLiteral(", "))), {}});
            response.status = 405;
            response.addHeader("Allow", allowed.join(QStringLiteral(", ")).toLatin1());
            finish(responder, request, std::move(response), pending);
        } else {
            auto response = Response::problem({ErrorCode::NotFound, QStringLiteral("No such endpoint"), {}});
            response.status = 404;
            finish(responder, request, std::move(response), pending);
        }
        return true;
    }

    const Route &route = *match.route;
    pending.routeName = Router::methodName(route.method) + QLatin1Char(' ') + route.pattern;
    request.params = match.params;
    if (route.paramsAreIds) {
        for (auto it = request.params.cbegin(); it != request.params.cend(); ++it) {
            if (!Validation::id(it.value(), it.key())) {
                finish(responder, request,
                    Response::problem(
                        Error::notFound(QStringLiteral("No %1 matches \"%2\"").arg(it.key(), it.value().left(64)))),
                    pending);
                return true;
            }
        }
    }

    // Authentication: the token must be valid and name an existing account.
    const auto token = bearerToken(request);
    if (!token.isEmpty()) {
        auto authenticated = m_authenticator(token);
        if (authenticated) {
            request.user = std::move(authenticated->user);
            request.token = std::move(authenticated->claims);
        } else if (route.access != Access::Public) {
            finish(responder, request, Response::problem(authenticated.error()), pending);
            return true;
        }
    }
    if (route.access != Access::Public && !request.user) {
        finish(responder, request,
            Response::problem(Error::unauthenticated(QStringLiteral("Sign in first: missing bearer token"))), pending);
        return true;
    }
    if (route.access == Access::Admin && !request.user->isAdmin()) {
        finish(responder, request, Response::problem(Error::forbidden(QStringLiteral("Only Admins may do this"))),
            pending);
        return true;
    }
    if (auto limited = checkRate(route, request)) {
        finish(responder, request, std::move(*limited), pending);
        return true;
    }
    if (route.rate == RateClass::Auth) {
        request.accountLimiter = &m_authLimiter;
    }

    if (route.body == BodyKind::Json) {
        if (!isJsonContentType(request.header("Content-Type"))) {
            finish(responder, request,
                Response::problem(
                    {ErrorCode::UnsupportedMediaType, QStringLiteral("Send the body as application/json"), {}}),
                pending);
            return true;
        }
        auto parsed = parseJsonObject(httpRequest.body());
        if (!parsed) {
            finish(responder, request, Response::problem(parsed.error()), pending);
            return true;
        }
        request.json = std::move(parsed).value();
    } else if (route.body == BodyKind::Raw) {
        request.body = httpRequest.body();
    }

    if (const auto *sync = std::get_if<SyncHandler>(&route.handler)) {
        finish(responder, request, (*sync)(request), pending);
        return true;
    }
    const auto &async = std::get<AsyncHandler>(route.handler);
    runAsync(async, std::move(request), std::move(responder), QPointer<QTcpSocket>(socket), std::move(pending));
    return true;
}

QCoro::Task<> HttpServer::runAsync(
    AsyncHandler handler, Request request, QHttpServerResponder responder, QPointer<QTcpSocket> socket, Pending pending)
{
    QPointer<HttpServer> self(this);
    const Request copy = request;
    auto handling = handler(std::move(request));
    Response response = co_await handling;
    if (!self) {
        co_return;
    }
    if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
        // The client went away while we worked; writing would touch a dead socket.
        m_metrics.observeRequest(pending.routeName, 499, double(pending.timer.nsecsElapsed()) / 1e9);
        qCInfo(lcAccess).noquote() << Router::methodName(copy.method) << copy.path << 499 << "client closed"
                                   << QStringLiteral("rid=") + copy.requestId;
        co_return;
    }
    finish(responder, copy, std::move(response), pending);
}

void HttpServer::missingHandler(const QHttpServerRequest &httpRequest, QTcpSocket *socket)
{
    // Only reached for refused WebSocket upgrades: answer and close.
    auto responder = makeResponder(httpRequest, socket);
    Request request;
    request.method = httpRequest.method();
    request.path = httpRequest.url().path();
    request.requestId = newRequestId();
    Pending pending;
    pending.timer.start();
    pending.routeName = QStringLiteral("(unmatched)");
    auto response = Response::problem({ErrorCode::NotFound, QStringLiteral("No such endpoint"), {}});
    response.status = 404;
    finish(responder, request, std::move(response), pending);
}

void HttpServer::finish(
    QHttpServerResponder &responder, const Request &request, Response response, const Pending &pending)
{
    if (response.status >= 400 && response.body.isEmpty()) {
        response.body = problemBody(response.error, response.status, request.requestId);
        response.contentType = "application/problem+json";
    }
    if (response.status >= 500) {
        qCWarning(lcHttp).noquote() << "request" << request.requestId << "failed:" << response.error.message;
    }
    responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status));
    if (!response.contentType.isEmpty() && !response.body.isEmpty()) {
        responder.writeHeader("Content-Type", response.contentType);
    }
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    responder.writeHeader("X-Request-Id", request.requestId.toLatin1());
    responder.writeHeader("X-Content-Type-Options", "nosniff");
    responder.writeHeader("X-Frame-Options", "DENY");
    responder.writeHeader("Referrer-Policy", "no-referrer");
    bool hasCacheControl = false;
    bool hasCsp = false;
    for (const auto &[key, value] : std::as_const(response.headers)) {
        hasCacheControl = hasCacheControl || key.compare("Cache-Control", Qt::CaseInsensitive) == 0;
        hasCsp = hasCsp || key.compare("Content-Security-Policy", Qt::CaseInsensitive) == 0;
        responder.writeHeader(key, value);
    }
    if (!hasCacheControl) {
        responder.writeHeader("Cache-Control", "no-store");
    }
    if (!hasCsp) {
        responder.writeHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    }
    if (originAllowed(pending.origin)) {
        responder.writeHeader("Access-Control-Allow-Origin", pending.origin);
        responder.writeHeader("Vary", "Origin");
        responder.writeHeader("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
        if (pending.preflight) {
            responder.writeHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
            responder.writeHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
            responder.writeHeader("Access-Control-Max-Age", "600");
        }
    }
    responder.writeBody(response.body);

    const double seconds = double(pending.timer.nsecsElapsed()) / 1e9;
    m_metrics.observeRequest(pending.routeName, response.status, seconds);
    if (lcAccess().isInfoEnabled()) {
        QString line = Router::methodName(request.method) + QLatin1Char(' ') + request.path + QLatin1Char(' ') +
            QString::number(response.status) + QLatin1Char(' ') + QString::number(seconds * 1000.0, 'f', 2) +
            QStringLiteral("ms rid=") + request.requestId + QStringLiteral(" peer=") + request.peer.toString();
        if (request.user) {
            line += QStringLiteral(" user=") + request.user->id;
        }
        if (response.status >= 400 && response.status < 500) {
            line += QStringLiteral(" error=\"") + response.error.message + QLatin1Char('"');
        }
        qCInfo(lcAccess).noquote() << line;
    }
}

} // namespace Metaverse
