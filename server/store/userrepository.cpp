// SPDX-License-Identifier: GPL-3.0-or-later
#include "userrepository.h"

#include <QVariant>

namespace Metaverse
{

namespace
{
const auto UserColumns = QStringLiteral("id, username, role, avatar_id");
// The key of the advisory lock that orders first sign-ups on PostgreSQL (any fixed number).
constexpr qint64 FirstAdminLock = 0x6d657461; // "meta"

User readUser(const QSqlQuery &q, int offset = 0)
{
    User user;
    user.id = q.value(offset).toString();
    user.username = q.value(offset + 1).toString();
    user.role = parseRole(q.value(offset + 2).toString()).value_or(Role::User);
    user.avatarId = q.value(offset + 3).toString();
    return user;
}
} // namespace

Result<User> UserRepository::create(const QString &username, const QString &passwordHash, Role role)
{
    User user{newId(), username, role, {}};
    auto q = m_db.prepare(QStringLiteral("INSERT INTO users (id, username, password_hash, role) VALUES (?, ?, ?, ?)"));
    q->addBindValue(user.id);
    q->addBindValue(username);
    q->addBindValue(passwordHash);
    q->addBindValue(roleName(role));
    if (auto status = m_db.exec(*q); !status) {
        if (status.error().code == ErrorCode::Conflict) {
            return Error::field(QStringLiteral("username"), QStringLiteral("is already taken"));
        }
        return std::move(status).error();
    }
    return user;
}

Result<User> UserRepository::createFirstAdminOr(
    const QString &username, const QString &passwordHash, std::optional<Role> otherwise)
{
    // One statement decides the role. On SQLite writers are serialised, so that is enough; on
    // PostgreSQL (READ COMMITTED) two instances could both see no account and both create an
    // Admin, so a transaction-wide advisory lock puts the first sign-ups in a row: the second
    // statement starts after the first committed and sees its account.
    Transaction transaction(m_db);
    if (m_db.dialect() == SqlDialect::PostgreSQL) {
        if (auto locked = m_db.run(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(FirstAdminLock), {});
            !locked) {
            return std::move(locked).error();
        }
    }
    User user{newId(), username, otherwise.value_or(Role::Admin), {}};
    auto q = m_db.prepare(otherwise
            ? QStringLiteral("INSERT INTO users (id, username, password_hash, role) "
                             "SELECT ?, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM users) THEN ? ELSE 'Admin' END")
            : QStringLiteral("INSERT INTO users (id, username, password_hash, role) "
                             "SELECT ?, ?, ?, 'Admin' WHERE NOT EXISTS (SELECT 1 FROM users)"));
    q->addBindValue(user.id);
    q->addBindValue(username);
    q->addBindValue(passwordHash);
    if (otherwise) {
        q->addBindValue(roleName(*otherwise));
    }
    if (auto status = m_db.exec(*q); !status) {
        if (status.error().code == ErrorCode::Conflict) {
            return Error::field(QStringLiteral("username"), QStringLiteral("is already taken"));
        }
        return std::move(status).error();
    }
    if (q->numRowsAffected() == 0) {
        return Error::forbidden(QStringLiteral("Only the first account may be created this way"));
    }
    auto stored = find(user.id);
    if (!stored) {
        return stored.error();
    }
    if (!stored->has_value()) {
        return Error::internal(QStringLiteral("The new account vanished"));
    }
    if (auto status = transaction.commit(); !status) {
        return std::move(status).error();
    }
    return **stored;
}

Result<std::optional<UserCredentials>> UserRepository::findCredentials(const QString &username)
{
    return m_db.fetchOne<UserCredentials>(
        QStringLiteral("SELECT %1, password_hash, token_version FROM users WHERE lower(username) = lower(?)")
            .arg(UserColumns),
        {username}, [](const QSqlQuery &q) {
            return UserCredentials{readUser(q), q.value(4).toString(), q.value(5).toLongLong()};
        });
}

Result<std::optional<UserCredentials>> UserRepository::findCredentialsById(const QString &id)
{
    return m_db.fetchOne<UserCredentials>(
        QStringLiteral("SELECT %1, password_hash, token_version FROM users WHERE id = ?").arg(UserColumns), {id},
        [](const QSqlQuery &q) {
            return UserCredentials{readUser(q), q.value(4).toString(), q.value(5).toLongLong()};
        });
}

Result<std::optional<AccountRecord>> UserRepository::findAccount(const QString &id)
{
    return m_db.fetchOne<AccountRecord>(
        QStringLiteral("SELECT %1, token_version FROM users WHERE id = ?").arg(UserColumns), {id},
        [](const QSqlQuery &q) {
            return AccountRecord{readUser(q), q.value(4).toLongLong()};
        });
}

Result<std::optional<User>> UserRepository::find(const QString &id)
{
    return m_db.fetchOne<User>(QStringLiteral("SELECT %1 FROM users WHERE id = ?").arg(UserColumns), {id},
        [](const QSqlQuery &q) { return readUser(q); });
}

Result<std::optional<User>> UserRepository::findByUsername(const QString &username)
{
    return m_db.fetchOne<User>(QStringLiteral("SELECT %1 FROM users WHERE lower(username) = lower(?)").arg(UserColumns),
        {username}, [](const QSqlQuery &q) { return readUser(q); });
}

Result<qint64> UserRepository::count()
{
    auto n = m_db.fetchOne<qint64>(
        QStringLiteral("SELECT COUNT(*) FROM users"), {}, [](const QSqlQuery &q) { return q.value(0).toLongLong(); });
    if (!n) {
        return n.error();
    }
    return n->value_or(0);
}

Status UserRepository::setAvatar(const QString &userId, const QString &avatarId)
{
    return m_db.run(QStringLiteral("UPDATE users SET avatar_id = ? WHERE id = ?"), {nullableText(avatarId), userId});
}

Status UserRepository::setRole(const QString &userId, Role role)
{
    return m_db.run(QStringLiteral("UPDATE users SET role = ? WHERE id = ?"), {roleName(role), userId});
}

Status UserRepository::bumpTokenVersion(const QString &userId)
{
    return m_db.run(QStringLiteral("UPDATE users SET token_version = token_version + 1 WHERE id = ?"), {userId});
}

Status UserRepository::setPassword(const QString &userId, const QString &passwordHash)
{
    return m_db.run(
        QStringLiteral("UPDATE users SET password_hash = ?, token_version = token_version + 1 WHERE id = ?"),
        {passwordHash, userId});
}

Status UserRepository::revokeSession(const QString &sessionId, const QString &userId, qint64 expiresAt)
{
    // Idempotent: a second logout with the same token changes nothing.
    return m_db.run(QStringLiteral("INSERT INTO revoked_sessions (session_id, user_id, expires_at) VALUES (?, ?, ?) "
                                   "ON CONFLICT (session_id) DO NOTHING"),
        {sessionId, userId, expiresAt});
}

Result<bool> UserRepository::isSessionRevoked(const QString &sessionId, qint64 now)
{
    auto found =
        m_db.fetchOne<bool>(QStringLiteral("SELECT 1 FROM revoked_sessions WHERE session_id = ? AND expires_at > ?"),
            {sessionId, now}, [](const QSqlQuery &) { return true; });
    if (!found) {
        return found.error();
    }
    return found->has_value();
}

Result<QHash<QString, qint64>> UserRepository::revokedSessions(qint64 now)
{
    if (auto status = m_db.run(QStringLiteral("DELETE FROM revoked_sessions WHERE expires_at <= ?"), {now}); !status) {
        return std::move(status).error();
    }
    auto rows =
        m_db.fetchAll<QPair<QString, qint64>>(QStringLiteral("SELECT session_id, expires_at FROM revoked_sessions"), {},
            [](const QSqlQuery &q) { return qMakePair(q.value(0).toString(), q.value(1).toLongLong()); });
    if (!rows) {
        return rows.error();
    }
    QHash<QString, qint64> revoked;
    for (const auto &[id, expiresAt] : std::as_const(*rows)) {
        revoked.insert(id, expiresAt);
    }
    return revoked;
}

Result<QList<User>> UserRepository::list(int limit, int offset)
{
    return m_db.fetchAll<User>(
        QStringLiteral("SELECT %1 FROM users ORDER BY lower(username) LIMIT ? OFFSET ?").arg(UserColumns),
        {limit, offset}, [](const QSqlQuery &q) { return readUser(q); });
}

Result<QList<QPair<QString, QString>>> UserRepository::avatarUrls(const QStringList &ids)
{
    QList<QPair<QString, QString>> result;
    // One prepared statement per id keeps the SQL static; the list is capped at 100 by the route.
    auto q =
        m_db.prepare(QStringLiteral("SELECT u.id, a.image_url FROM users u LEFT JOIN avatars a ON a.id = u.avatar_id "
                                    "WHERE u.id = ?"));
    for (const auto &id : ids) {
        q->bindValue(0, id);
        if (auto status = m_db.exec(*q); !status) {
            return std::move(status).error();
        }
        if (q->next()) {
            result.append({q->value(0).toString(), q->value(1).toString()});
        }
        q->finish();
    }
    return result;
}

Result<qint64> UserRepository::countAdmins()
{
    auto n = m_db.fetchOne<qint64>(QStringLiteral("SELECT COUNT(*) FROM users WHERE role = 'Admin'"), {},
        [](const QSqlQuery &q) { return q.value(0).toLongLong(); });
    if (!n) {
        return n.error();
    }
    return n->value_or(0);
}

} // namespace Metaverse
