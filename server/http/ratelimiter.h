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

} // namespace Metaverse
