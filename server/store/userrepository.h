// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"
#include "model/user.h"

#include <optional>

namespace Metaverse
{

struct UserCredentials {
    User user;
    QString passwordHash;
    qint64 tokenVersion = 0;
};

// An account as authentication needs it: the user and the version its tokens must carry.
struct AccountRecord {
    User user;
    qint64 tokenVersion = 0;
};

class UserRepository
{
public:
    explicit UserRepository(const Database &db)
        : m_db(db)
    {
    }

    // Conflict when the username is taken (case-insensitively).
    Result<User> create(const QString &username, const QString &passwordHash, Role role);
    // Creates the account as Admin when no account exists yet; otherwise with role `otherwise`, or
    // not at all when that is empty (Forbidden). Atomic, also across instances on one PostgreSQL.
    Result<User> createFirstAdminOr(
        const QString &username, const QString &passwordHash, std::optional<Role> otherwise);
    Result<std::optional<UserCredentials>> findCredentials(const QString &username);
    Result<std::optional<User>> find(const QString &id);
    Result<std::optional<AccountRecord>> findAccount(const QString &id);
    Result<std::optional<UserCredentials>> findCredentialsById(const QString &id);
    Result<std::optional<User>> findByUsername(const QString &username);
    Result<qint64> count();
    Status setAvatar(const QString &userId, const QString &avatarId);
    Status setRole(const QString &userId, Role role);
    // Ends every token of the account issued so far.
    Status bumpTokenVersion(const QString &userId);
    // A new password ends every token of the account issued so far.
    Status setPassword(const QString &userId, const QString &passwordHash);
    // Sign-ins ended by /logout, until `expiresAt` (seconds since the epoch).
    Status revokeSession(const QString &sessionId, const QString &userId, qint64 expiresAt);
    [[nodiscard]] Result<bool> isSessionRevoked(const QString &sessionId, qint64 now);
    // The ended sign-ins still able to hold a live token (id -> expiry); forgets the others.
    Result<QHash<QString, qint64>> revokedSessions(qint64 now);
    Result<QList<User>> list(int limit, int offset);
    // (userId, avatar image URL or empty) for each existing user among `ids`.
    Result<QList<QPair<QString, QString>>> avatarUrls(const QStringList &ids);
    Result<qint64> countAdmins();

private:
    const Database &m_db;
};

} // namespace Metaverse
