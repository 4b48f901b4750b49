// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A worker thread's share of the space WebSocket clients. All of its QWebSockets and timers are
// created, used and destroyed in the worker's own thread (start/startMoves/stop are invoked
// queued); the main thread reads stats() only after stop() returned.

#include "shared.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QUrl>

#include <memory>
#include <vector>

class QTimer;
class QWebSocket;

namespace Metaverse::Bench
{

struct WorkerStats {
    std::uint64_t sent = 0;
    std::uint64_t rejected = 0; // move-rejected received
    std::uint64_t received = 0; // user-move events matched to a sent move
    std::uint64_t superseded = 0; // earlier moves a received (coalesced) position stood for
    std::uint64_t skipped = 0; // the same without --batch: moves some receiver never saw
    std::uint64_t unmatched = 0; // user-move events that match no sent move
    std::uint64_t undecodable = 0; // frames decodeServerFrame refused
    std::uint64_t errors = 0; // `error` messages
    std::uint64_t disconnects = 0; // sockets closed before stop()
    std::uint64_t batchFrames = 0;
    QString lastProblem;
    Histogram latency;
};

class WsWorker : public QObject
{
    Q_OBJECT
public:
    struct Member {
        int index; // user index into Shared
        QByteArray token;
    };

    WsWorker(Shared *shared, QList<Member> members, QUrl wsUrl, QString spaceId, int maxConnecting, bool quickAck,
        std::uint64_t seed);
    ~WsWorker() override;

    // Worker thread only.
    void start();
    void startMoves(std::int64_t startNs);
    void stop();

    const WorkerStats &stats() const { return m_stats; }

private:
    struct Client {
        int index = 0;
        QByteArray token;
        QWebSocket *socket = nullptr;
        QTimer *timer = nullptr;
        bool joined = false;
        bool settled = false; // joined or failed: no longer counts as connecting
        Point position;
        int direction = 0;
        int movesLeft = 0;
        std::vector<std::uint32_t> cursors; // per sender: next entry of its log to expect
    };

    void openNext();
    void onText(Client &client, const QString &text);
    void onMoved(Client &client, const QString &userId, Point position, std::int64_t receivedNs);
    void sendMove(Client &client);
    Point nextStep(Client &client);
    void problem(const QString &what);

    Shared *m_shared;
    QUrl m_url;
    QString m_spaceId;
    int m_maxConnecting;
    bool m_quickAck; // diagnostic: never delay ACKs (hides the server's Nagle stalls)
    std::vector<std::unique_ptr<Client>> m_clients;
    std::size_t m_nextToOpen = 0;
    int m_connecting = 0;
    bool m_stopping = false;
    QRandomGenerator m_random;
    WorkerStats m_stats;
};

} // namespace Metaverse::Bench
