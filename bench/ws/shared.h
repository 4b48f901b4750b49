// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// State the WebSocket bench's worker threads share: one append-only log of sent moves per
// user (written by the sender's thread, read by every receiver's thread) and the latency
// histogram each worker fills.

#include "measure.h"

#include "grid/grid.h"

#include <QString>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace Metaverse::Bench
{

struct SentMove {
    std::int64_t sendNs = 0;
    Point to;
};

// The moves one user sent, in order. Fixed capacity (no reallocation), so a reader can look at
// entries [0, count) while the owner appends: the entry is written before count is released.
class SendLog
{
public:
    void reserve(std::uint32_t capacity)
    {
        m_entries = std::make_unique<SentMove[]>(capacity);
        m_capacity = capacity;
    }
    bool append(const SentMove &move)
    {
        const auto n = m_count.load(std::memory_order_relaxed);
        if (n >= m_capacity) {
            return false;
        }
        m_entries[n] = move;
        m_count.store(n + 1, std::memory_order_release);
        return true;
    }
    std::uint32_t count() const { return m_count.load(std::memory_order_acquire); }
    const SentMove &at(std::uint32_t i) const { return m_entries[i]; }

private:
    std::unique_ptr<SentMove[]> m_entries;
    std::uint32_t m_capacity = 0;
    std::atomic<std::uint32_t> m_count{0};
};

struct Shared {
    int users = 0;
    bool batch = false;
    bool interest = false; // join with an area of interest (implies batch)
    // Diagnostic: only every verifyEvery-th client decodes and checks what it receives once the
    // moves started; the others still read every byte. Takes load off the bench, not the server.
    int verifyEvery = 1;
    [[nodiscard]] bool verifies(int index) const { return index % verifyEvery == 0; }
    [[nodiscard]] int verifiedClients() const { return (users + verifyEvery - 1) / verifyEvery; }
    double rateHz = 5;
    int movesPerClient = 0;
    Size grid{100, 100};
    std::unique_ptr<SendLog[]> logs; // by user index
    // Filled in by the workers as their clients join (one slot per client, one writer each);
    // userIdBytes and the index are built from it by the main thread before the measured phase
    // and are read-only afterwards.
    std::vector<QString> userIds;
    std::vector<std::string> userIdBytes;

    // Builds the index of userIdBytes; false when two users have the same id.
    bool buildIndex();
    // The user index of an id, or -1. Every user-move a client receives is looked up here
    // (millions per second): an open-addressing table on the id's first 8 bytes (ids are
    // random UUIDs), each hit checked in full.
    int indexOf(std::string_view userId) const
    {
        if (m_slots.empty()) {
            return -1;
        }
        for (std::size_t slot = slotOf(userId);; slot = (slot + 1) & (m_slots.size() - 1)) {
            const int index = m_slots[slot];
            if (index < 0) {
                return -1;
            }
            if (userIdBytes[static_cast<std::size_t>(index)] == userId) {
                return index;
            }
        }
    }

    std::atomic<int> joined{0};
    std::atomic<int> failed{0}; // connections that failed or closed before the end
    std::atomic<std::int64_t> knownPeers{0}; // sum over clients of the others they know of

private:
    std::size_t slotOf(std::string_view userId) const
    {
        std::uint64_t key = userId.size();
        std::memcpy(&key, userId.data(), std::min<std::size_t>(userId.size(), sizeof key));
        return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32) & (m_slots.size() - 1);
    }
    std::vector<int> m_slots; // user index or -1
};

} // namespace Metaverse::Bench
