// SPDX-License-Identifier: GPL-3.0-or-later
#include "accountservice.h"

#include "jwt.h"
#include "password.h"
#include "store/catalogrepository.h"
#include "validation/validation.h"

#include <QDateTime>

namespace Metaverse
{

AccountService::AccountService(const Database &db, const Config &config, QByteArray jwtSecret)
    : m_db(db)
    , m_config(config)
    , m_secret(std::move(jwtSecret))
{
    Password::prepareDummyHash(m_config.bcryptCost); // off the event loop, long before a sign-in needs it
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
    if (m_config.signupPolicy == SignupPolicy::Open) {
        co_return after.create(username, *hash, role);
    }
    co_return after.createFirstAdminOr(username, *hash, role);
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
    co_return SignedIn{QString::fromLatin1(issueToken(user)), user};
}

Result<User> AccountService::authenticate(const QByteArray &token)
{
    auto claims = Jwt::verify(token, m_secret, QDateTime::currentSecsSinceEpoch());
    if (!claims) {
        return claims.error();
    }
    UserRepository users(m_db);
    auto user = users.find(claims->userId);
    if (!user) {
        return user.error();
    }
    if (!user->has_value()) {
        return Error::unauthenticated(QStringLiteral("The account no longer exists"));
    }
    return **user;
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
    return UserRepository(m_db).setAvatar(caller.id, avatarId);
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

Result<User> AccountService::setRole(const QString &userId, Role role)
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
    if (auto status = users.setRole(userId, role); !status) {
        return status.error();
    }
    User updated = **user;
    updated.role = role;
    return updated;
}

QByteArray AccountService::issueToken(const User &user) const
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    return Jwt::sign({user.id, user.username, user.role, now, now + m_config.tokenLifetimeSeconds}, m_secret);
}

} // namespace Metaverse
