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
    explicit RateLimiter(int perMinute);

    [[nodiscard]] int perMinute() const { return m_perMinute; }
    // nullopt when allowed (and counted); otherwise the seconds to wait (for Retry-After).
    std::optional<int> acquire(const QString &key);
    [[nodiscard]] qsizetype trackedKeys() const { return m_buckets.size(); }

private:
    struct Bucket {
        double tokens = 0;
        qint64 updatedMs = 0;
    };
    void sweep(qint64 nowMs);

    int m_perMinute;
    double m_ratePerMs;
    QHash<QString, Bucket> m_buckets;
    QElapsedTimer m_clock;
    qint64 m_lastSweepMs = 0;
};

} // namespace Metaverse
