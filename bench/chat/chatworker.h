// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A worker thread's share of the chat WebSocket clients. All of its QWebSockets and timers are
// created, used and destroyed in the worker's own thread (start/startSending/windowEnd/stop are
// invoked queued); the main thread reads stats() only after stop() returned.

#include "model/chat.h"
#include "shared.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QUrl>

#include <memory>
#include <vector>

class QTimer;
class QWebSocket;

namespace Metaverse::Bench
{

struct WorkerStats {
    std::uint64_t sent = 0;
    std::uint64_t unsent = 0; // due while the client's socket was not connected
    std::uint64_t acked = 0; // own echoes carrying the clientMsgId
    std::uint64_t duplicateAcks = 0; // a second echo of the same clientMsgId
    std::uint64_t delivered = 0; // copies of other members' messages
    std::uint64_t duplicates = 0; // a copy this client had already received
    std::uint64_t unmatched = 0; // message-received naming no message of this run, or the wrong room
    std::uint64_t mismatched = 0; // text differs from what was sent
    std::uint64_t leaked = 0; // a clientMsgId on a copy for someone other than the sender
    std::uint64_t ownWithoutId = 0; // the sender's own copy without its clientMsgId
    std::uint64_t refused = 0; // `error` naming a clientMsgId of ours
    std::uint64_t errors = 0; // `error` and `room-left` messages
    std::uint64_t undecodable = 0; // frames decodeServer refused
    std::uint64_t disconnects = 0; // sockets closed before stop()
    double windowCpuS = 0; // this thread's CPU time in the measured window
    QString lastProblem;
    Histogram ack; // send -> the sender's own echo
    Histogram delivery; // send -> a copy at another member
};

class ChatWorker : public QObject
{
    Q_OBJECT
public:
    struct Member {
        int index; // user index into Shared
        QByteArray token;
    };

    ChatWorker(Shared *shared, QList<Member> members, QUrl url, int maxConnecting, bool authMessage, bool quickAck);
    ~ChatWorker() override;

    // Worker thread only.
    void start();
    void startSending(std::int64_t startNs, double rate);
    void windowEnd();
    void stop();

    const WorkerStats &stats() const { return m_stats; }

private:
    struct Client {
        int index = 0;
        int room = 0;
        QByteArray token;
        QWebSocket *socket = nullptr;
        bool authenticated = false;
        bool joined = false;
        bool settled = false; // joined or failed: no longer counts as connecting
        bool full = false; // has seen every member of its room present
        // Per member of the room (by slot), per seq: copies already received.
        std::vector<std::vector<bool>> seen;
    };
    struct Due {
        std::int64_t ns;
        int client; // into m_clients
        int seq;
    };

    void openNext();
    void settle(Client &client, bool failed);
    void onText(Client &client, const QString &text);
    void onMessage(Client &client, const Message &message, const QString &clientMsgId, std::int64_t receivedNs);
    void onPresence(Client &client, int online);
    void sendDue();
    void send(Client &client, int seq);
    void problem(const QString &what);

    Shared *m_shared;
    QUrl m_url;
    int m_maxConnecting;
    bool m_authMessage; // authenticate with an `auth` message instead of the Authorization header
    bool m_quickAck; // diagnostic: never delay ACKs (hides the server's Nagle stalls)
    std::vector<std::unique_ptr<Client>> m_clients;
    std::size_t m_nextToOpen = 0;
    int m_connecting = 0;
    bool m_stopping = false;
    std::vector<Due> m_schedule;
    std::size_t m_nextDue = 0;
    QTimer *m_sendTimer = nullptr;
    double m_cpuAtStart = 0;
    WorkerStats m_stats;
};

} // namespace Metaverse::Bench
