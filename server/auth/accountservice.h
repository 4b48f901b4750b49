// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.h"
#include "protocol/rest.h"
#include "store/userrepository.h"

#include <QCoroTask>

namespace Metaverse
{

// Accounts and tokens: sign-up under the configured policy, sign-in, token issue and check.
class AccountService
{
public:
    AccountService(const Database &db, const Config &config, QByteArray jwtSecret);

    // `caller` is the signed-in user making the request, if any (Admins may create Admins).
    QCoro::Task<Result<User>> signup(Rest::SignupRequest request, std::optional<User> caller);
    QCoro::Task<Result<Rest::LoginResponse>> login(Rest::LoginRequest request);
    // Verifies the token and loads the account, so deleted or demoted users lose their rights at once.
    Result<User> authenticate(const QByteArray &token);
    QByteArray issueToken(const User &user) const;
    // The image URL of the user's avatar, or empty when none is chosen.
    QString avatarUrl(const User &user) const;

private:
    const Database &m_db;
    const Config &m_config;
    QByteArray m_secret;
};

} // namespace Metaverse
