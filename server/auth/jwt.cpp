// SPDX-License-Identifier: GPL-3.0-or-later
#include "jwt.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>

namespace Metaverse
{

namespace
{
constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
constexpr qsizetype MaxTokenLength = 4096;

QByteArray encodePart(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toBase64(Base64Url);
}

Result<QJsonObject> decodePart(const QByteArray &part)
{
    auto decoded = QByteArray::fromBase64Encoding(part, Base64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        return Error::unauthenticated(QStringLiteral("Malformed token"));
    }
    const auto document = QJsonDocument::fromJson(*decoded);
    if (!document.isObject()) {
        return Error::unauthenticated(QStringLiteral("Malformed token"));
    }
    return document.object();
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
    }
    return diff == 0;
}
} // namespace

QByteArray Jwt::sign(const TokenClaims &claims, const QByteArray &secret)
{
    const QJsonObject header{
        {QStringLiteral("alg"), QStringLiteral("HS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const QJsonObject payload{{QStringLiteral("sub"), claims.userId}, {QStringLiteral("username"), claims.username},
        {QStringLiteral("role"), roleName(claims.role)}, {QStringLiteral("iat"), claims.issuedAt},
        {QStringLiteral("exp"), claims.expiresAt}, {QStringLiteral("ver"), claims.tokenVersion},
        {QStringLiteral("sid"), claims.sessionId}, {QStringLiteral("sit"), claims.signedInAt}};
    const QByteArray signingInput = encodePart(header) + '.' + encodePart(payload);
    const auto signature = QMessageAuthenticationCode::hash(signingInput, secret, QCryptographicHash::Sha256);
    return signingInput + '.' + signature.toBase64(Base64Url);
}

Result<TokenClaims> Jwt::verify(const QByteArray &token, const QByteArray &secret, qint64 now)
{
    if (token.isEmpty() || token.size() > MaxTokenLength) {
        return Error::unauthenticated(QStringLiteral("Malformed token"));
    }
    const auto parts = token.split('.');
    if (parts.size() != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
        return Error::unauthenticated(QStringLiteral("Malformed token"));
    }
    auto header = decodePart(parts[0]);
    if (!header) {
        return header.error();
    }
    if (header->value(QStringLiteral("alg")).toString() != QLatin1String("HS256")) {
        return Error::unauthenticated(QStringLiteral("Unsupported token algorithm"));
    }
    const QByteArray signingInput = parts[0] + '.' + parts[1];
    const auto expected = QMessageAuthenticationCode::hash(signingInput, secret, QCryptographicHash::Sha256);
    auto given = QByteArray::fromBase64Encoding(parts[2], Base64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!given || !constantTimeEquals(expected, *given)) {
        return Error::unauthenticated(QStringLiteral("Invalid token signature"));
    }
    auto payload = decodePart(parts[1]);
    if (!payload) {
        return payload.error();
    }
    TokenClaims claims;
    claims.userId = payload->value(QStringLiteral("sub")).toString();
    claims.username = payload->value(QStringLiteral("username")).toString();
    const auto role = parseRole(payload->value(QStringLiteral("role")).toString());
    claims.issuedAt = payload->value(QStringLiteral("iat")).toInteger(-1);
    claims.expiresAt = payload->value(QStringLiteral("exp")).toInteger(-1);
    claims.tokenVersion = payload->value(QStringLiteral("ver")).toInteger(-1);
    claims.sessionId = payload->value(QStringLiteral("sid")).toString();
    claims.signedInAt = payload->value(QStringLiteral("sit")).toInteger(-1);
    // Tokens from before sessions existed carry no ver/sid/sit: they are refused, and their users sign in again.
    if (claims.userId.isEmpty() || !role || claims.expiresAt < 0 || claims.issuedAt < 0 || claims.tokenVersion < 0 ||
        claims.sessionId.isEmpty() || claims.signedInAt < 0 || claims.signedInAt > claims.issuedAt) {
        return Error::unauthenticated(QStringLiteral("Malformed token claims"));
    }
    claims.role = *role;
    if (now >= claims.expiresAt) {
        return Error::unauthenticated(QStringLiteral("Token expired"));
    }
    return claims;
}

} // namespace Metaverse
