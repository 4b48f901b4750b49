// SPDX-License-Identifier: GPL-3.0-or-later
#include "shared.h"

namespace Metaverse::Bench
{

bool Shared::buildIndex()
{
    std::size_t size = 16;
    while (size < userIdBytes.size() * 4) {
        size *= 2;
    }
    m_slots.assign(size, -1);
    for (std::size_t i = 0; i < userIdBytes.size(); ++i) {
        if (indexOf(userIdBytes[i]) >= 0) {
            return false;
        }
        std::size_t slot = slotOf(userIdBytes[i]);
        while (m_slots[slot] >= 0) {
            slot = (slot + 1) & (size - 1);
        }
        m_slots[slot] = static_cast<int>(i);
    }
    return true;
}

} // namespace Metaverse::Bench
