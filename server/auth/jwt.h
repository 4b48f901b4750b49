// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/user.h"
#include "result.h"

#include <QByteArray>
#include <QDateTime>

namespace Metaverse
{

struct TokenClaims {
    QString userId; // sub
    QString username;
    Role role = Role::User;
    qint64 issuedAt = 0; // iat, seconds since the epoch
    qint64 expiresAt = 0; // exp
    // The account's token version when the token was issued (ver); a bump ends every older token.
    qint64 tokenVersion = 0;
    // One sign-in (sid): random, kept by refreshes, so /logout ends the whole chain of this sign-in.
    QString sessionId;
    qint64 signedInAt = 0; // sit: when that sign-in happened; refreshes stop at the maximum session age
};

// JSON Web Tokens, HS256 only (alg "none" and every other algorithm are refused).
namespace Jwt
{
QByteArray sign(const TokenClaims &claims, const QByteArray &secret);
// Checks structure, algorithm, signature (constant time) and expiry against `now`.
Result<TokenClaims> verify(const QByteArray &token, const QByteArray &secret, qint64 now);
} // namespace Jwt

} // namespace Metaverse
