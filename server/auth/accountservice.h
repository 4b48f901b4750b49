// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "accountcache.h"
#include "config/config.h"
#include "jwt.h"
#include "model/avatar.h"
#include "model/user.h"
#include "store/userrepository.h"

#include <QObject>
#include <QPointer>

#include <QCoroTask>

namespace Metaverse
{

class EventBus;
class RedisClient;

// A signed-in session: the token to send as `Authorization: Bearer`, and whose it is.
struct SignedIn {
    QString token;
    User user;
};

// A checked token: the account as it is now, and the token's claims.
struct CheckedToken {
    User user;
    TokenClaims claims;
};

// Whether the sign-in behind a token still holds (for sockets, which live longer than a request).
enum class SessionState { Valid, Ended, Expired };

// Accounts and tokens: sign-up under the configured policy, sign-in, token issue and check, and
// the end of sessions (logout, logout everywhere, password change).
//
// Accounts are served from an AccountCache that every change invalidates. With Redis
// (setRedis), each change is also announced on the channel `account:changed`, so every
// instance drops its copy and closes the sockets of ended sessions; while Redis is away the
// cache is bypassed (every check reads the database), and it starts afresh when Redis is back.
class AccountService : public QObject
{
    Q_OBJECT
public:
    AccountService(
        const Database &db, EventBus &events, const Config &config, QByteArray jwtSecret, QObject *parent = nullptr);
    ~AccountService() override;

    // Loads the ended sign-ins; call once before serving.
    Status start();
    void setRedis(RedisClient *redis);

    // `caller` is the signed-in user making the request, if any (Admins may create Admins).
    QCoro::Task<Result<User>> signup(QString username, QString password, Role role, std::optional<User> caller);
    QCoro::Task<Result<SignedIn>> login(QString username, QString password);
    // Verifies the token and loads the account, so deleted or demoted users lose their rights at
    // once; a token of an older token version or of an ended sign-in is refused like a bad one.
    Result<CheckedToken> authenticate(const QByteArray &token);
    // The same checks for a token checked before (a socket's), from memory whenever the cache is
    // exact. A database failure counts as Valid: the next check decides.
    SessionState sessionState(const TokenClaims &claims);
    // A fresh token of the same sign-in, unless the sign-in is older than MAX_SESSION_AGE (403).
    Result<QByteArray> refresh(const User &user, const TokenClaims &claims);
    // Ends this token's sign-in (every token refreshed from it too).
    Status logout(const TokenClaims &claims);
    // Ends every token of the account.
    Status logoutAll(const User &user);
    // Checks the current password, stores the new one and ends every older token; the caller
    // gets a new sign-in.
    QCoro::Task<Result<SignedIn>> changePassword(User user, QString currentPassword, QString newPassword);
    // The image URL of the user's avatar, or empty when none is chosen.
    QString avatarUrl(const User &user) const;
    // The user's avatar, or nothing when none is chosen (or it no longer exists).
    Result<std::optional<Avatar>> avatarOf(const User &user);
    // Chooses the caller's avatar from the library (a field error for an unknown id).
    Status setAvatar(const User &caller, const QString &avatarId);
    // (user id, avatar image URL or empty) for those of `userIds` that exist.
    Result<QList<QPair<QString, QString>>> avatarUrls(const QStringList &userIds);

    // The avatar library; Admins add to it (the route checks the role).
    Result<QList<Avatar>> avatars();
    Result<Avatar> createAvatar(const QString &name, const QString &imageUrl);
    Result<Avatar> renameAvatar(const QString &id, const QString &name);
    // Out of the library; users who chose it keep it, nobody can choose it again.
    Status retireAvatar(const QString &id);

    // Accounts for Admins (the route checks the role): a page by username, and a role change,
    // which never demotes the last Admin.
    Result<QList<User>> users(int limit, int offset);
    // A role change takes effect on the account's tokens at once and closes its sockets (which
    // hold the role they authenticated with), so clients reconnect with the new rights.
    Result<User> setRole(const User &caller, const QString &userId, Role role);

Q_SIGNALS:
    // The sockets of `userId` must close (code 4010): of every sign-in, or only of sign-in
    // `sessionId` when it is not empty. The sessions ended (logout, logout-all, password
    // change), or the account changed in a way open sockets do not follow (its role). Emitted
    // for changes made on any instance.
    void sessionsEnded(const QString &userId, const QString &sessionId);

private:
    // A new sign-in's token.
    QByteArray issueToken(const User &user, qint64 tokenVersion) const;
    Result<AccountRecord> account(const QString &userId);
    [[nodiscard]] bool cacheIsExact() const;
    // Applies a change here and announces it to the other instances.
    void accountChanged(const QString &userId, bool endSessions, const QString &sessionId = {}, qint64 until = 0);
    void applyChange(const QString &userId, bool endSessions, const QString &sessionId, qint64 until);
    void onRedisMessage(const QByteArray &channel, const QByteArray &payload);
    void onRedisConnectedChanged(bool connected);

    const Database &m_db;
    EventBus &m_events;
    const Config &m_config;
    QByteArray m_secret;
    AccountCache m_cache;
    QPointer<RedisClient> m_redis;
    QString m_instanceId; // to recognise our own announcements
};

} // namespace Metaverse
