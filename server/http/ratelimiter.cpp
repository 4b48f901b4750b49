// SPDX-License-Identifier: GPL-3.0-or-later
#include "ratelimiter.h"

#include <algorithm>
#include <cmath>

namespace Metaverse
{

RateLimiter::RateLimiter(int perMinute, int burst)
    : m_perMinute(perMinute)
    , m_capacity(burst > 0 ? double(burst) : double(perMinute))
    , m_ratePerMs(perMinute / 60000.0)
{
    m_clock.start();
}

std::optional<int> RateLimiter::acquire(const QString &key)
{
    if (m_perMinute <= 0) {
        return std::nullopt;
    }
    const qint64 now = m_clock.elapsed();
    if (now - m_lastSweepMs > 60000) {
        sweep(now);
    }
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        it = m_buckets.insert(key, Bucket{m_capacity, now});
    } else {
        it->tokens = std::min(m_capacity, it->tokens + double(now - it->updatedMs) * m_ratePerMs);
        it->updatedMs = now;
    }
    if (it->tokens >= 1.0) {
        it->tokens -= 1.0;
        return std::nullopt;
    }
    const double waitMs = (1.0 - it->tokens) / m_ratePerMs;
    return std::max(1, int(std::ceil(waitMs / 1000.0)));
}

void RateLimiter::sweep(qint64 nowMs)
{
    m_lastSweepMs = nowMs;
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        const double tokens = it->tokens + double(nowMs - it->updatedMs) * m_ratePerMs;
        if (tokens >= m_capacity) {
            it = m_buckets.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace Metaverse
