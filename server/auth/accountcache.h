// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/userrepository.h"

#include <QHash>
#include <QString>

#include <optional>

namespace Metaverse
{

// What authentication needs to know without asking the database: the accounts that signed in
// recently (user and token version) and the sign-ins ended by /logout. Exact only while every
// change reaches it: AccountService invalidates it for its own changes and, with Redis, for
// those of other instances (and clears it when Redis was away, since it may have missed some).
class AccountCache
{
public:
    [[nodiscard]] std::optional<AccountRecord> find(const QString &userId) const
    {
        const auto it = m_accounts.constFind(userId);
        return it == m_accounts.constEnd() ? std::nullopt : std::optional<AccountRecord>(*it);
    }
    void insert(const AccountRecord &account) { m_accounts.insert(account.user.id, account); }
    void invalidate(const QString &userId) { m_accounts.remove(userId); }
    void clearAccounts() { m_accounts.clear(); }

    [[nodiscard]] bool isRevoked(const QString &sessionId, qint64 now) const
    {
        const auto it = m_revoked.constFind(sessionId);
        return it != m_revoked.constEnd() && *it > now;
    }
    void revoke(const QString &sessionId, qint64 expiresAt, qint64 now)
    {
        m_revoked.insert(sessionId, expiresAt);
        if (m_revoked.size() > 2 * m_revokedAfterPrune + 64) {
            m_revoked.removeIf([now](const auto &entry) { return entry.value() <= now; });
            m_revokedAfterPrune = m_revoked.size();
        }
    }
    void setRevoked(QHash<QString, qint64> revoked)
    {
        m_revoked = std::move(revoked);
        m_revokedAfterPrune = m_revoked.size();
    }

private:
    QHash<QString, AccountRecord> m_accounts;
    QHash<QString, qint64> m_revoked; // session id -> until when
    qsizetype m_revokedAfterPrune = 0;
};

} // namespace Metaverse
