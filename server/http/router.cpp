// SPDX-License-Identifier: GPL-3.0-or-later
#include "router.h"

#include "problem.h"

#include <QJsonDocument>

namespace Metaverse
{

QByteArray Request::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

QList<QByteArray> Request::headerValues(const QByteArray &name) const
{
    QList<QByteArray> values;
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            values.append(value);
        }
    }
    return values;
}

Response Response::json(const QJsonObject &object, int status)
{
    Response r;
    r.status = status;
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

Response Response::problem(const Error &error)
{
    Response r;
    r.status = httpStatus(error.code);
    r.contentType = "application/problem+json";
    r.error = error;
    if (error.code == ErrorCode::RateLimited && error.retryAfterSeconds > 0) {
        r.addHeader("Retry-After", QByteArray::number(error.retryAfterSeconds));
    }
    return r; // the body is built by the server, which knows the request id
}

Response Response::bytes(QByteArray body, QByteArray contentType, int status)
{
    Response r;
    r.status = status;
    r.body = std::move(body);
    r.contentType = std::move(contentType);
    return r;
}

Route &Router::add(QHttpServerRequest::Method method, const QString &pattern, Access access, BodyKind body,
    SyncHandler handler, RateClass rate)
{
    return insert(Route{method, pattern, access, body, rate, std::move(handler), {}, 0, true});
}

Route &Router::addAsync(QHttpServerRequest::Method method, const QString &pattern, Access access, BodyKind body,
    AsyncHandler handler, RateClass rate)
{
    return insert(Route{method, pattern, access, body, rate, std::move(handler), {}, 0, true});
}

Route &Router::insert(Route route)
{
    route.segments = route.pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    route.paramCount = int(std::count_if(route.segments.cbegin(), route.segments.cend(),
        [](const QString &s) { return s.startsWith(QLatin1Char(':')); }));
    Q_ASSERT(std::none_of(m_routes.cbegin(), m_routes.cend(),
        [&](const Route &r) { return r.method == route.method && r.pattern == route.pattern; }));
    m_routes.append(std::move(route));
    return m_routes.last();
}

RouteMatch Router::match(QHttpServerRequest::Method method, const QString &path) const
{
    RouteMatch result;
    const auto segments = QStringView(path).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    int bestParams = std::numeric_limits<int>::max();
    for (const auto &route : m_routes) {
        if (route.segments.size() != segments.size() || route.paramCount > bestParams) {
            continue;
        }
        bool matches = true;
        for (qsizetype i = 0; i < segments.size() && matches; ++i) {
            const auto &pattern = route.segments.at(i);
            matches = pattern.startsWith(QLatin1Char(':')) ? !segments.at(i).isEmpty() : pattern == segments.at(i);
        }
        if (!matches) {
            continue;
        }
        if (route.method != method) {
            result.pathMatched = true;
            result.allowed.append(route.method);
            continue;
        }
        if (route.paramCount < bestParams || !result.route) {
            bestParams = route.paramCount;
            result.route = &route;
            result.params.clear();
            for (qsizetype i = 0; i < segments.size(); ++i) {
                const auto &pattern = route.segments.at(i);
                if (pattern.startsWith(QLatin1Char(':'))) {
                    result.params.insert(pattern.mid(1), QUrl::fromPercentEncoding(segments.at(i).toUtf8()));
                }
            }
        }
    }
    return result;
}

QString Router::methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QStringLiteral("GET");
    case QHttpServerRequest::Method::Put:
        return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Post:
        return QStringLiteral("POST");
    case QHttpServerRequest::Method::Head:
        return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QStringLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QStringLiteral("PATCH");
    default:
        return QStringLiteral("OTHER");
    }
}

} // namespace Metaverse
