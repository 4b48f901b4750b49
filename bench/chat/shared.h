// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// State the chat bench's worker threads share: one record per message to be sent (written by the
// sender's thread, updated by every receiver's thread), the rooms and users, and the latency
// histogram each worker fills.

#include "measure.h"

#include <QHash>
#include <QString>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace Metaverse::Bench
{

// One message of the schedule. The sender stores sendNs (release) before the frame leaves; a
// receiver loads it (acquire) when the message comes back, which is always later.
struct SentMessage {
    std::atomic<std::int64_t> sendNs{0}; // 0: not sent
    std::atomic<std::int64_t> ackNs{0}; // 0: the sender's own echo has not come back
    std::atomic<std::uint32_t> deliveries{0}; // copies received by the other members of the room
    std::atomic<bool> refused{false}; // an `error` named its clientMsgId
};

struct Shared {
    int users = 0;
    int rooms = 0;
    int perUser = 0; // messages each user sends
    int messageChars = 0;
    QString runId; // prefix of every clientMsgId of this run

    std::unique_ptr<SentMessage[]> messages; // users * perUser, see at()
    // Set up by the main thread before the workers start; read-only afterwards.
    std::vector<QString> userIds; // by user index
    QHash<QString, int> indexOfUser;
    std::vector<QString> roomIds; // by room index

    std::atomic<int> joined{0};
    std::atomic<int> failed{0}; // connections that failed or closed before the end
    std::atomic<int> full{0}; // clients that have seen every member of their room present
    std::atomic<std::uint64_t> acked{0}; // progress only
    std::atomic<std::uint64_t> refused{0};
    std::atomic<std::uint64_t> refusedDeliveries{0}; // deliveries the refused messages will never have
    std::atomic<std::uint64_t> delivered{0};

    SentMessage &at(int user, int seq) { return messages[static_cast<std::size_t>(user) * perUser + seq]; }

    // User i is in room i mod rooms, at slot i / rooms of it.
    int roomOf(int user) const { return user % rooms; }
    int slotOf(int user) const { return user / rooms; }
    int roomSize(int room) const { return users / rooms + (room < users % rooms ? 1 : 0); }

    QString clientMsgId(int user, int seq) const;
    // The user and seq of a clientMsgId of this run.
    std::optional<std::pair<int, int>> parseClientMsgId(const QString &id) const;
    // The text of a message: names its sender and seq, padded with 'x' to messageChars.
    QString text(int user, int seq) const;
    // The user and seq a text names.
    static std::optional<std::pair<int, int>> parseText(const QString &text);
};

} // namespace Metaverse::Bench
