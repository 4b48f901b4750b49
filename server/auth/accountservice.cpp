// SPDX-License-Identifier: GPL-3.0-or-later
#include "accountservice.h"

#include "events/eventbus.h"

#include "bus/redisclient.h"
#include "jwt.h"
#include "logging.h"
#include "password.h"
#include "store/catalogrepository.h"
#include "validation/validation.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace Metaverse
{

namespace
{
// Every instance listens here for account changes: {origin, userId, end, sessionId?, until?}.
const QByteArray AccountChannel = QByteArrayLiteral("account:changed");

qint64 now()
{
    return QDateTime::currentSecsSinceEpoch();
}

Error sessionEndedError()
{
    return Error::unauthenticated(QStringLiteral("This session has ended; sign in again"));
}
} // namespace

AccountService::AccountService(
    const Database &db, EventBus &events, const Config &config, QByteArray jwtSecret, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_events(events)
    , m_config(config)
    , m_secret(std::move(jwtSecret))
    , m_instanceId(newId())
{
    Password::prepareDummyHash(m_config.bcryptCost); // off the event loop, long before a sign-in needs it
}

AccountService::~AccountService() = default;

Status AccountService::start()
{
    auto revoked = UserRepository(m_db).revokedSessions(now());
    if (!revoked) {
        return revoked.error();
    }
    m_cache.setRevoked(std::move(revoked).value());
    return {};
}

void AccountService::setRedis(RedisClient *redis)
{
    m_redis = redis;
    connect(redis, &RedisClient::message, this, &AccountService::onRedisMessage);
    connect(redis, &RedisClient::connectedChanged, this, &AccountService::onRedisConnectedChanged);
    redis->subscribe(AccountChannel);
}

bool AccountService::cacheIsExact() const
{
    // Without Redis this is the only instance and sees every change; with Redis only while connected.
    return !m_redis || m_redis->isConnected();
}

void AccountService::onRedisConnectedChanged(bool connected)
{
    if (!connected) {
        return; // cacheIsExact() is false from now on: every check reads the database
    }
    // Changes made elsewhere while Redis was away were not heard: start afresh.
    m_cache.clearAccounts();
    if (auto revoked = UserRepository(m_db).revokedSessions(now())) {
        m_cache.setRevoked(std::move(revoked).value());
    } else {
        qCWarning(lcAuth) << "cannot reload the ended sessions:" << revoked.error().message;
    }
}

void AccountService::onRedisMessage(const QByteArray &channel, const QByteArray &payload)
{
    if (channel != AccountChannel) {
        return;
    }
    const auto object = QJsonDocument::fromJson(payload).object();
    const auto userId = object.value(QStringLiteral("userId")).toString();
    if (userId.isEmpty() || object.value(QStringLiteral("origin")).toString() == m_instanceId) {
        return;
    }
    applyChange(userId, object.value(QStringLiteral("end")).toBool(),
        object.value(QStringLiteral("sessionId")).toString(), object.value(QStringLiteral("until")).toInteger());
}

void AccountService::accountChanged(const QString &userId, bool endSessions, const QString &sessionId, qint64 until)
{
    applyChange(userId, endSessions, sessionId, until);
    if (m_redis) {
        QJsonObject change{{QStringLiteral("origin"), m_instanceId}, {QStringLiteral("userId"), userId},
            {QStringLiteral("end"), endSessions}};
        if (!sessionId.isEmpty()) {
            change.insert(QStringLiteral("sessionId"), sessionId);
            change.insert(QStringLiteral("until"), until);
        }
        m_redis->publish(AccountChannel, QJsonDocument(change).toJson(QJsonDocument::Compact));
    }
}

void AccountService::applyChange(const QString &userId, bool endSessions, const QString &sessionId, qint64 until)
{
    if (sessionId.isEmpty()) {
        m_cache.invalidate(userId);
    } else {
        m_cache.revoke(sessionId, until, now());
    }
    if (endSessions) {
        Q_EMIT sessionsEnded(userId, sessionId);
    }
}

Result<AccountRecord> AccountService::account(const QString &userId)
{
    const bool exact = cacheIsExact();
    if (exact) {
        if (auto cached = m_cache.find(userId)) {
            return *cached;
        }
    }
    auto found = UserRepository(m_db).findAccount(userId);
    if (!found) {
        return found.error();
    }
    if (!found->has_value()) {
        return sessionEndedError(); // the account no longer exists
    }
    if (exact) {
        m_cache.insert(**found);
    }
    return **found;
}

QCoro::Task<Result<User>> AccountService::signup(
    QString username, QString password, Role role, std::optional<User> caller)
{
    if (auto status = Validation::password(password, m_config.passwordMinLength); !status) {
        co_return std::move(status).error();
    }
    UserRepository users(m_db);
    auto count = users.count();
    if (!count) {
        co_return count.error();
    }
    const bool firstAccount = *count == 0;
    const bool callerIsAdmin = caller && caller->isAdmin();
    switch (m_config.signupPolicy) {
    case SignupPolicy::Open:
        break;
    case SignupPolicy::FirstAdmin:
        if (role == Role::Admin && !firstAccount && !callerIsAdmin) {
            co_return Error::forbidden(QStringLiteral("Only an Admin may create Admin accounts"));
        }
        break;
    case SignupPolicy::Closed:
        if (!firstAccount && !callerIsAdmin) {
            co_return Error::forbidden(QStringLiteral("Sign-up is closed; ask an Admin for an account"));
        }
        break;
    }
    // Fail fast on a taken name before spending a hash; the unique index still decides races.
    auto existing = users.findByUsername(username);
    if (!existing) {
        co_return existing.error();
    }
    if (existing->has_value()) {
        co_return Error::field(QStringLiteral("username"), QStringLiteral("is already taken"));
    }
    // GCC 12 mishandles temporaries inside a co_await expression: build the task first.
    auto hashing = Password::hashAsync(password, m_config.bcryptCost);
    auto hash = co_await hashing;
    if (!hash) {
        co_return hash.error();
    }
    UserRepository after(m_db); // `this` outlives the coroutine; the repository is cheap to recreate
    const auto created = [&](const User &user) { return Events::userCreated(caller ? caller->id : user.id, user); };
    if (m_config.signupPolicy == SignupPolicy::Open) {
        co_return m_events.record([&] { return after.create(username, *hash, role); }, created);
    }
    // What was allowed above only because no account existed must not happen when another
    // sign-up (here or on another instance) got there first: the repository decides atomically.
    std::optional<Role> otherwise = role;
    if (!callerIsAdmin && (m_config.signupPolicy == SignupPolicy::Closed || role == Role::Admin)) {
        otherwise = std::nullopt;
    }
    auto user = m_events.record([&] { return after.createFirstAdminOr(username, *hash, otherwise); }, created);
    if (!user && user.error().code == ErrorCode::Forbidden) {
        co_return Error::forbidden(m_config.signupPolicy == SignupPolicy::Closed
                ? QStringLiteral("Sign-up is closed; ask an Admin for an account")
                : QStringLiteral("Only an Admin may create Admin accounts"));
    }
    co_return user;
}

QCoro::Task<Result<SignedIn>> AccountService::login(QString username, QString password)
{
    UserRepository users(m_db);
    auto found = users.findCredentials(username);
    if (!found) {
        co_return found.error();
    }
    // Spend the same time whether or not the account exists.
    const QString hash = found->has_value() ? (*found)->passwordHash : Password::dummyHash(m_config.bcryptCost);
    auto verifying = Password::verifyAsync(password, hash);
    const bool ok = co_await verifying;
    if (!ok || !found->has_value()) {
        co_return Error::unauthenticated(QStringLiteral("Invalid username or password"));
    }
    const User user = (*found)->user;
    co_return SignedIn{QString::fromLatin1(issueToken(user, (*found)->tokenVersion)), user};
}

Result<CheckedToken> AccountService::authenticate(const QByteArray &token)
{
    const qint64 time = now();
    auto claims = Jwt::verify(token, m_secret, time);
    if (!claims) {
        return claims.error();
    }
    auto record = account(claims->userId);
    if (!record) {
        return record.error();
    }
    if (record->tokenVersion != claims->tokenVersion) {
        return sessionEndedError();
    }
    if (cacheIsExact()) {
        if (m_cache.isRevoked(claims->sessionId, time)) {
            return sessionEndedError();
        }
    } else {
        auto revoked = UserRepository(m_db).isSessionRevoked(claims->sessionId, time);
        if (!revoked) {
            return revoked.error();
        }
        if (*revoked) {
            return sessionEndedError();
        }
    }
    return CheckedToken{record->user, *claims};
}

SessionState AccountService::sessionState(const TokenClaims &claims)
{
    const qint64 time = now();
    if (time >= claims.expiresAt) {
        return SessionState::Expired;
    }
    auto record = account(claims.userId);
    if (!record) {
        return record.error().code == ErrorCode::Unauthenticated ? SessionState::Ended : SessionState::Valid;
    }
    if (record->tokenVersion != claims.tokenVersion) {
        return SessionState::Ended;
    }
    if (cacheIsExact()) {
        return m_cache.isRevoked(claims.sessionId, time) ? SessionState::Ended : SessionState::Valid;
    }
    auto revoked = UserRepository(m_db).isSessionRevoked(claims.sessionId, time);
    return revoked && *revoked ? SessionState::Ended : SessionState::Valid;
}

Result<QByteArray> AccountService::refresh(const User &user, const TokenClaims &claims)
{
    const qint64 time = now();
    const qint64 sessionEnd = claims.signedInAt + m_config.maxSessionAgeSeconds;
    if (time >= sessionEnd) {
        return Error::unauthenticated(
            QStringLiteral("This sign-in is older than the longest session allowed; sign in again"));
    }
    TokenClaims next = claims;
    next.username = user.username;
    next.role = user.role;
    next.issuedAt = time;
    next.expiresAt = std::min(time + m_config.tokenLifetimeSeconds, sessionEnd);
    return Jwt::sign(next, m_secret);
}

Status AccountService::logout(const TokenClaims &claims)
{
    // Every token of this sign-in expires by then (refreshes stop at the maximum session age).
    const qint64 until = std::max(claims.expiresAt, claims.signedInAt + m_config.maxSessionAgeSeconds);
    if (auto status = UserRepository(m_db).revokeSession(claims.sessionId, claims.userId, until); !status) {
        return status;
    }
    accountChanged(claims.userId, true, claims.sessionId, until);
    return {};
}

Status AccountService::logoutAll(const User &user)
{
    if (auto status = UserRepository(m_db).bumpTokenVersion(user.id); !status) {
        return status;
    }
    accountChanged(user.id, true);
    return {};
}

QCoro::Task<Result<SignedIn>> AccountService::changePassword(User user, QString currentPassword, QString newPassword)
{
    if (auto status = Validation::password(newPassword, m_config.passwordMinLength); !status) {
        co_return Error::field(QStringLiteral("newPassword"), status.error().message);
    }
    auto found = UserRepository(m_db).findCredentialsById(user.id);
    if (!found) {
        co_return found.error();
    }
    if (!found->has_value()) {
        co_return sessionEndedError();
    }
    auto verifying = Password::verifyAsync(currentPassword, (*found)->passwordHash);
    if (!co_await verifying) {
        co_return Error::forbidden(QStringLiteral("The current password is wrong"));
    }
    auto hashing = Password::hashAsync(newPassword, m_config.bcryptCost);
    auto hash = co_await hashing;
    if (!hash) {
        co_return hash.error();
    }
    // `this` outlives the coroutine (the server owns the service); the repository is cheap to recreate.
    UserRepository users(m_db);
    if (auto status = users.setPassword(user.id, *hash); !status) {
        co_return status.error();
    }
    accountChanged(user.id, true);
    auto changed = users.findAccount(user.id);
    if (!changed) {
        co_return changed.error();
    }
    if (!changed->has_value()) {
        co_return sessionEndedError();
    }
    co_return SignedIn{QString::fromLatin1(issueToken((*changed)->user, (*changed)->tokenVersion)), (*changed)->user};
}

QString AccountService::avatarUrl(const User &user) const
{
    if (user.avatarId.isEmpty()) {
        return {};
    }
    auto avatar = CatalogRepository(m_db).avatar(user.avatarId);
    return avatar && avatar->has_value() ? (*avatar)->imageUrl : QString();
}

Result<std::optional<Avatar>> AccountService::avatarOf(const User &user)
{
    if (user.avatarId.isEmpty()) {
        return std::optional<Avatar>();
    }
    return CatalogRepository(m_db).avatar(user.avatarId);
}

Status AccountService::setAvatar(const User &caller, const QString &avatarId)
{
    auto avatar = CatalogRepository(m_db).avatar(avatarId);
    if (!avatar) {
        return avatar.error();
    }
    if (!avatar->has_value()) {
        return Error::field(QStringLiteral("avatarId"), QStringLiteral("names no avatar"));
    }
    if ((*avatar)->retired) {
        return Error::field(QStringLiteral("avatarId"), QStringLiteral("names a retired avatar"));
    }
    if (auto status = UserRepository(m_db).setAvatar(caller.id, avatarId); !status) {
        return status;
    }
    accountChanged(caller.id, false);
    return {};
}

Result<QList<QPair<QString, QString>>> AccountService::avatarUrls(const QStringList &userIds)
{
    return UserRepository(m_db).avatarUrls(userIds);
}

Result<QList<Avatar>> AccountService::avatars()
{
    return CatalogRepository(m_db).avatars();
}

Result<Avatar> AccountService::createAvatar(const QString &name, const QString &imageUrl)
{
    return CatalogRepository(m_db).createAvatar(name, imageUrl);
}

Result<Avatar> AccountService::renameAvatar(const QString &id, const QString &name)
{
    return CatalogRepository(m_db).renameAvatar(id, name);
}

Status AccountService::retireAvatar(const QString &id)
{
    return CatalogRepository(m_db).retireAvatar(id);
}

Result<QList<User>> AccountService::users(int limit, int offset)
{
    return UserRepository(m_db).list(limit, offset);
}

Result<User> AccountService::setRole(const User &caller, const QString &userId, Role role)
{
    UserRepository users(m_db);
    auto user = users.find(userId);
    if (!user) {
        return user.error();
    }
    if (!user->has_value()) {
        return Error::notFound(QStringLiteral("No user with id %1").arg(userId));
    }
    if ((*user)->role == Role::Admin && role == Role::User) {
        auto admins = users.countAdmins();
        if (!admins) {
            return admins.error();
        }
        if (*admins <= 1) {
            return Error::field(QStringLiteral("role"), QStringLiteral("the last Admin cannot be demoted"));
        }
    }
    User updated = **user;
    updated.role = role;
    if (auto status = m_events.record([&] { return users.setRole(userId, role); },
            [&] { return Events::userRoleChanged(caller.id, updated, (*user)->role); });
        !status) {
        return status.error();
    }
    accountChanged(userId, true);
    return updated;
}

QByteArray AccountService::issueToken(const User &user, qint64 tokenVersion) const
{
    const qint64 time = now();
    const qint64 expiresAt = time + std::min(m_config.tokenLifetimeSeconds, m_config.maxSessionAgeSeconds);
    return Jwt::sign({user.id, user.username, user.role, time, expiresAt, tokenVersion, newId(), time}, m_secret);
}

} // namespace Metaverse
