// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace Metaverse
{

// When to try a lost connection again: the first delay, doubling with every attempt up to a
// maximum, plus up to 25 % jitter so the clients of a restarted server do not all come back at
// once. The space and chat sessions each keep one and own their timer.
class ReconnectPolicy
{
public:
    constexpr ReconnectPolicy(int firstDelayMs, int maxDelayMs)
        : m_firstDelayMs(firstDelayMs)
        , m_maxDelayMs(maxDelayMs)
    {
    }

    // The delay before the next attempt (baseDelayMs() plus jitter in [0, base / 4]); counts it.
    [[nodiscard]] int nextDelayMs();
    // The next attempt's delay without jitter: first * 2^attempts, at most the maximum.
    [[nodiscard]] int baseDelayMs() const;
    // Attempts since the last reset (a successful connection or a fresh start).
    [[nodiscard]] int attempts() const { return m_attempts; }
    void reset() { m_attempts = 0; }

private:
    int m_firstDelayMs;
    int m_maxDelayMs;
    int m_attempts = 0;
};

} // namespace Metaverse
