// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QString>

#include <optional>

namespace Metaverse
{

// A token bucket per key: `perMinute` requests, refilled continuously. Memory stays bounded:
// full buckets are forgotten in periodic sweeps.
class RateLimiter
{
public:
    // `burst` is the bucket's capacity: how many may come at once after a quiet spell
    // (default: a whole minute's worth).
    explicit RateLimiter(int perMinute, int burst = 0);

    // nullopt when allowed (and counted); otherwise the seconds to wait (for Retry-After).
    std::optional<int> acquire(const QString &key);
    void forget(const QString &key) { m_buckets.remove(key); }

private:
    struct Bucket {
        double tokens = 0;
        qint64 updatedMs = 0;
    };
    void sweep(qint64 nowMs);

    int m_perMinute;
    double m_capacity;
    double m_ratePerMs;
    QHash<QString, Bucket> m_buckets;
    QElapsedTimer m_clock;
    qint64 m_lastSweepMs = 0;
};

// Sign-in attempts for one account (docs/security.md, "Sign-in limits"): a bucket per
// (username, address) of `perAddress` a minute, so one attacker drains only their own, and a
// ceiling per username of `perAccount` a minute over every address together, far above what one
// address may spend, against guessing from many. An attempt refused by its address's bucket does
// not count towards the ceiling, so one attacker cannot lock the real user out.
class SignInLimiter
{
public:
    SignInLimiter(int perAddress, int perAccount)
        : m_perAddress(perAddress)
        , m_perAccount(perAccount)
    {
    }
    // nullopt when allowed (and counted); otherwise the seconds to wait.
    std::optional<int> acquire(const QString &username, const QString &address)
    {
        const QString name = username.toLower();
        if (auto wait = m_perAddress.acquire(name + QLatin1Char('@') + address)) {
            return wait;
        }
        return m_perAccount.acquire(name);
    }

private:
    RateLimiter m_perAddress;
    RateLimiter m_perAccount;
};

} // namespace Metaverse
