// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace Metaverse
{

// Counts broken rules of one connection within a sliding minute; past `limit` the connection is
// abusive (the hubs close it with 1008).
class AbuseCounter
{
public:
    static constexpr int DefaultLimit = 20;
    // Records one offence at `nowMs`; true when this one crossed the limit.
    bool record(qint64 nowMs, int limit = DefaultLimit)
    {
        if (nowMs - m_windowStartMs > 60000) {
            m_windowStartMs = nowMs;
            m_count = 0;
        }
        return ++m_count > limit;
    }

private:
    int m_count = 0;
    qint64 m_windowStartMs = 0;
};

} // namespace Metaverse
