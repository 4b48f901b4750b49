// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.h"
#include "model/avatar.h"
#include "model/user.h"
#include "store/userrepository.h"

#include <QCoroTask>

namespace Metaverse
{

// A signed-in session: the token to send as `Authorization: Bearer`, and whose it is.
struct SignedIn {
    QString token;
    User user;
};

// Accounts and tokens: sign-up under the configured policy, sign-in, token issue and check.
class AccountService
{
public:
    AccountService(const Database &db, const Config &config, QByteArray jwtSecret);

    // `caller` is the signed-in user making the request, if any (Admins may create Admins).
    QCoro::Task<Result<User>> signup(QString username, QString password, Role role, std::optional<User> caller);
    QCoro::Task<Result<SignedIn>> login(QString username, QString password);
    // Verifies the token and loads the account, so deleted or demoted users lose their rights at once.
    Result<User> authenticate(const QByteArray &token);
    QByteArray issueToken(const User &user) const;
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
    Result<User> setRole(const QString &userId, Role role);

private:
    const Database &m_db;
    const Config &m_config;
    QByteArray m_secret;
};

} // namespace Metaverse
