// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A worker thread's share of the space WebSocket clients: raw non-blocking TCP sockets with a
// minimal WebSocket client (handshake, masked text frames out, frames in, pongs), one epoll loop
// and one timerfd per thread, no Qt event loop and no QWebSocket. The main thread starts the
// thread with run(), asks for the moves with startMoves() and ends it with stop(); it reads
// stats() only after the thread was joined.

#include "shared.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace Metaverse::Bench
{

struct WorkerStats {
    std::uint64_t sent = 0;
    std::uint64_t rejected = 0; // move-rejected received
    std::uint64_t received = 0; // user-move events matched to a sent move
    std::uint64_t superseded = 0; // earlier moves a received (coalesced) position stood for
    std::uint64_t skipped = 0; // the same without --batch: moves some receiver never saw
    std::uint64_t unmatched = 0; // user-move events that match no sent move
    std::uint64_t undecodable = 0; // frames that are no valid server message
    std::uint64_t errors = 0; // `error` messages
    std::uint64_t disconnects = 0; // sockets closed before stop()
    std::uint64_t batchFrames = 0;
    std::uint64_t framesIn = 0; // text messages received
    std::uint64_t bytesIn = 0; // payload bytes of those
    std::uint64_t decoded = 0; // payloads decoded (the rest came from the cache of identical ones)
    std::uint64_t positions = 0; // --interest: user-position events matched to a sent move
    std::uint64_t positionsKnown = 0; // --interest: user-position events of a move received live
    QString lastProblem;
    Histogram latency; // of live deliveries (user-move)
    Histogram positionAge; // --interest: age of the move a user-position reported
};

// A text message, decoded once. Server frames are pure functions of their bytes, so a worker
// decodes a payload once and reuses the result for every client that receives the same bytes
// (batching clients of one space all get the same frame per tick).
struct DecodedFrame {
    struct Moved {
        int sender; // user index, -1 when unknown
        Point position;
        bool periodic; // a user-position (area of interest)
    };
    std::vector<Moved> moves; // in order
    int usersJoined = 0; // user-join messages
    bool isBatch = false;
    bool joined = false; // a space-joined
    QString joinedUserId;
    Point joinedPosition;
    int joinedUsers = 0;
    bool rejected = false; // a move-rejected (the last one's position)
    Point rejectedPosition;
    int errors = 0;
    QString lastError;
    bool valid = true;
};

class WsWorker
{
public:
    struct Member {
        int index; // user index into Shared
        QByteArray token;
    };

    WsWorker(Shared *shared, QList<Member> members, QString host, quint16 port, QByteArray path, QString spaceId,
        int maxConnecting, bool quickAck, std::uint64_t seed);
    ~WsWorker();
    WsWorker(const WsWorker &) = delete;
    WsWorker &operator=(const WsWorker &) = delete;

    // Main thread: starts the worker thread (it connects and joins its clients at once).
    void run();
    // Main thread: every joined client starts moving at startNs plus a random phase.
    void startMoves(std::int64_t startNs) { m_movesStartNs.store(startNs, std::memory_order_release); }
    // Main thread: closes the sockets and joins the thread.
    void stop();

    const WorkerStats &stats() const { return m_stats; }
    // After stop(): (verified receiver, other user) pairs whose last received position of that
    // user is where the user's last move went.
    std::uint64_t convergedPairs() const;
    // Any thread: move events matched so far (progress only).
    std::uint64_t progress() const { return m_progress.load(std::memory_order_relaxed); }

private:
    struct Client;
    struct CachedFrame {
        std::string payload;
        std::shared_ptr<const DecodedFrame> decoded;
        std::uint64_t lastUsed = 0;
    };

    void loop();
    void openNext();
    void onWritable(Client &client);
    void onReadable(Client &client);
    bool handshake(Client &client);
    std::size_t consumeFrames(Client &client, const char *bytes, std::size_t size, std::int64_t receivedNs);
    void onMessage(Client &client, std::string_view payload, std::int64_t receivedNs);
    void apply(Client &client, const DecodedFrame &frame, std::int64_t receivedNs);
    void onMoved(Client &client, int sender, Point position, bool periodic, std::int64_t receivedNs);
    std::shared_ptr<const DecodedFrame> decode(std::string_view payload);
    void sendFrame(Client &client, int opcode, std::string_view payload);
    void writeOut(Client &client, const char *data, std::size_t size);
    void sendMove(Client &client, std::int64_t nowNs);
    Point nextStep(Client &client);
    void fail(Client &client, const QString &why);
    void settle(Client &client);
    void armTimer(std::int64_t atNs);
    void problem(const QString &what) { m_stats.lastProblem = what; }

    Shared *m_shared;
    QString m_host;
    quint16 m_port;
    quint32 m_ipv4 = 0;
    QByteArray m_path;
    QString m_spaceId;
    int m_maxConnecting;
    bool m_quickAck; // diagnostic: never delay ACKs (hides the server's Nagle stalls)
    std::vector<std::unique_ptr<Client>> m_clients;
    std::size_t m_nextToOpen = 0;
    int m_connecting = 0;
    int m_epoll = -1;
    int m_timer = -1;
    std::atomic<std::int64_t> m_movesStartNs{0};
    std::atomic<bool> m_stop{false};
    bool m_movesScheduled = false;
    std::int64_t m_periodNs = 0;
    std::vector<CachedFrame> m_cache; // recently used decoded large payloads
    std::uint64_t m_cacheClock = 0;
    std::size_t m_lastHit = 0;
    std::mt19937_64 m_random;
    std::thread m_thread;
    WorkerStats m_stats;
    alignas(64) std::atomic<std::uint64_t> m_progress{0};
};

} // namespace Metaverse::Bench
