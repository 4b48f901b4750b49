// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/accountservice.h"
#include "guardedtcpserver.h"
#include "metrics.h"
#include "ratelimiter.h"
#include "router.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QPointer>

namespace Metaverse
{

struct HttpOptions {
    GuardLimits limits;
    QStringList corsOrigins;
    int rateLimitAuth = 5;
    int rateLimitAuthAccount = 100;
    int rateLimitApi = 100;
    std::optional<QSslConfiguration> tls; // HTTPS (and WSS by upgrade) on the port
};

// The HTTP front: a connection guard in front of Qt's parser, then one dispatch path for every
// route: match, authenticate, rate-limit, check the body, run the handler, add the common headers
// (request id, security, CORS), write, log one access line and record metrics.
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Authenticator = std::function<Result<CheckedToken>(const QByteArray &token)>;

    HttpServer(const Router &router, Metrics &metrics, Authenticator authenticator, HttpOptions options,
        QObject *parent = nullptr);
    ~HttpServer() override;

    Result<quint16> listenOn(const QHostAddress &address, quint16 port);
    [[nodiscard]] int openConnections() const;
    // Decides how WebSocket upgrades on this port are routed; returns false to refuse.
    using UpgradeFilter = std::function<bool(const QString &path)>;
    void setUpgradeFilter(UpgradeFilter filter) { m_upgradeFilter = std::move(filter); }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Pending {
        QString routeName;
        QElapsedTimer timer;
        QByteArray origin;
        bool preflight = false;
    };
    QCoro::Task<> runAsync(AsyncHandler handler, Request request, QHttpServerResponder responder,
        QPointer<QTcpSocket> socket, Pending pending);
    void finish(QHttpServerResponder &responder, const Request &request, Response response, const Pending &pending);
    [[nodiscard]] bool originAllowed(const QByteArray &origin) const;
    std::optional<Response> checkRate(const Route &route, const Request &request);

    const Router &m_router;
    Metrics &m_metrics;
    Authenticator m_authenticator;
    HttpOptions m_options;
    SignInLimiter m_authLimiter;
    RateLimiter m_ipAuthLimiter;
    RateLimiter m_apiLimiter;
    QPointer<GuardedTcpServer> m_tcpServer;
    UpgradeFilter m_upgradeFilter;
};

// A fresh request id: 16 hex digits.
QString newRequestId();

} // namespace Metaverse
