// SPDX-License-Identifier: GPL-3.0-or-later
#include "problem.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Metaverse
{

int httpStatus(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Invalid:
    case ErrorCode::NotFound:
    case ErrorCode::Conflict:
        return 400;
    case ErrorCode::Unauthenticated:
    case ErrorCode::Forbidden:
    case ErrorCode::Muted:
        return 403;
    case ErrorCode::NoSuchLink:
        return 404;
    case ErrorCode::Gone:
        return 410;
    case ErrorCode::PayloadTooLarge:
        return 413;
    case ErrorCode::UnsupportedMediaType:
        return 415;
    case ErrorCode::RateLimited:
        return 429;
    case ErrorCode::Unavailable:
        return 503;
    case ErrorCode::Internal:
        return 500;
    }
    return 500;
}

QString httpReason(int status)
{
    switch (status) {
    case 400:
        return QStringLiteral("Bad Request");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 405:
        return QStringLiteral("Method Not Allowed");
    case 408:
        return QStringLiteral("Request Timeout");
    case 410:
        return QStringLiteral("Gone");
    case 413:
        return QStringLiteral("Payload Too Large");
    case 415:
        return QStringLiteral("Unsupported Media Type");
    case 429:
        return QStringLiteral("Too Many Requests");
    case 431:
        return QStringLiteral("Request Header Fields Too Large");
    case 500:
        return QStringLiteral("Internal Server Error");
    case 503:
        return QStringLiteral("Service Unavailable");
    default:
        return QStringLiteral("Error");
    }
}

QByteArray problemBody(const Error &error, int status, const QString &requestId)
{
    QJsonObject body{{QStringLiteral("type"), QStringLiteral("about:blank")},
        {QStringLiteral("title"), httpReason(status)}, {QStringLiteral("status"), status},
        {QStringLiteral("detail"), error.message}};
    if (!requestId.isEmpty()) {
        body.insert(QStringLiteral("requestId"), requestId);
    }
    if (!error.fields.isEmpty()) {
        QJsonArray fields;
        for (const auto &f : error.fields) {
            fields.append(QJsonObject{{QStringLiteral("field"), f.field}, {QStringLiteral("message"), f.message}});
        }
        body.insert(QStringLiteral("errors"), fields);
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace Metaverse
