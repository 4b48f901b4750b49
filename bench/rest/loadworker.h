// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Closed-loop load on keep-alive connections, all driven by the event loop of the thread the
// worker lives in: each connection has exactly one request in flight and sends the next one
// as soon as the previous response is complete.

#include "http.h"

#include <QList>
#include <QObject>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

class QTcpSocket;

namespace Metaverse::Bench
{

// Read-only request mix shared by all workers: per user, prebuilt GET /space/{id} requests
// (spaces the user owns) and a GET /space/all, both carrying the user's bearer token.
struct RequestPlan {
    struct User {
        QList<QByteArray> spaceRequests;
        QByteArray allRequest;
    };
    QList<User> users;
    int spacePercent = 80;
    // Diagnostic: re-arm TCP_QUICKACK after every read so the client never delays its ACKs.
    // Hides a server that writes one response in several small segments without TCP_NODELAY.
    bool quickAck = false;
};

enum class Phase : int { WarmUp, Measure, Stop };

struct WorkerStats {
    std::vector<std::int64_t> latenciesNs; // every response completed during Measure
    std::uint64_t errors = 0; // non-200 responses + broken connections during Measure
    std::uint64_t connectionErrors = 0;
    QList<int> errorStatuses; // a few samples, for the log
    QByteArray lastError;
};

class LoadWorker : public QObject
{
    Q_OBJECT
public:
    struct Connection;

    LoadWorker(QString host, quint16 port, const RequestPlan *plan, QList<int> userPerConnection,
        const std::atomic<int> *phase, std::uint64_t seed);
    ~LoadWorker() override;

    // Both run in the worker's thread (queued / blocking-queued invocations).
    void start();
    void stop();

    // Completed responses so far (any phase), for progress output from other threads.
    std::uint64_t completed() const { return m_completed.load(std::memory_order_relaxed); }
    // Valid once stop() returned.
    WorkerStats &stats() { return m_stats; }

private:
    void connectSocket(Connection &c);
    void sendNext(Connection &c);
    void onReadyRead(Connection &c);
    void onBroken(Connection &c, const QByteArray &why);
    Phase phase() const { return static_cast<Phase>(m_phase->load(std::memory_order_relaxed)); }

    QString m_host;
    quint16 m_port;
    const RequestPlan *m_plan;
    QList<int> m_userPerConnection;
    const std::atomic<int> *m_phase;
    std::uint64_t m_seed;
    std::vector<std::unique_ptr<Connection>> m_connections;
    WorkerStats m_stats;
    alignas(64) std::atomic<std::uint64_t> m_completed{0};
};

} // namespace Metaverse::Bench
