// SPDX-License-Identifier: GPL-3.0-or-later
#include "reconnectpolicy.h"

#include <QRandomGenerator>

#include <algorithm>

namespace Metaverse
{

int ReconnectPolicy::baseDelayMs() const
{
    // 64 bits and a capped shift: no overflow however long the server stays away.
    const qint64 base = qint64(m_firstDelayMs) << std::min(m_attempts, 32);
    return int(std::min<qint64>(base, m_maxDelayMs));
}

int ReconnectPolicy::nextDelayMs()
{
    const int base = baseDelayMs();
    ++m_attempts;
    return base + int(QRandomGenerator::global()->bounded(base / 4 + 1));
}

} // namespace Metaverse
