// SPDX-License-Identifier: GPL-3.0-or-later
#include "loadworker.h"

#include <QTcpSocket>

#include <algorithm>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace Metaverse::Bench
{

using Clock = std::chrono::steady_clock;

struct LoadWorker::Connection {
    QTcpSocket *socket = nullptr;
    int user = 0;
    std::uint64_t rng = 0;
    QByteArray buffer;
    ResponseParser parser;
    Clock::time_point sentAt;
    bool inFlight = false;

    std::uint32_t next()
    {
        // xorshift64*: cheap, good enough to pick requests.
        rng ^= rng >> 12;
        rng ^= rng << 25;
        rng ^= rng >> 27;
        return static_cast<std::uint32_t>((rng * 2685821657736338717ULL) >> 32);
    }
};

LoadWorker::LoadWorker(QString host, quint16 port, const RequestPlan *plan, QList<int> userPerConnection,
    const std::atomic<int> *phase, std::uint64_t seed)
    : m_host(std::move(host))
    , m_port(port)
    , m_plan(plan)
    , m_userPerConnection(std::move(userPerConnection))
    , m_phase(phase)
    , m_seed(seed)
{
}

LoadWorker::~LoadWorker() = default;

void LoadWorker::start()
{
    m_stats.latenciesNs.reserve(1 << 20);
    std::uint64_t seed = m_seed;
    for (const int user : std::as_const(m_userPerConnection)) {
        auto c = std::make_unique<Connection>();
        c->user = user;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        c->rng = seed | 1;
        c->buffer.reserve(16 * 1024);
        connectSocket(*c);
        m_connections.push_back(std::move(c));
    }
}

void LoadWorker::connectSocket(Connection &c)
{
    if (c.socket) {
        c.socket->disconnect(this);
        c.socket->abort();
        c.socket->deleteLater();
    }
    c.buffer.clear();
    c.parser.reset();
    c.inFlight = false;
    auto *socket = new QTcpSocket(this);
    c.socket = socket;
    Connection *conn = &c;
    connect(socket, &QTcpSocket::connected, this, [this, conn] {
        conn->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        sendNext(*conn);
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, conn] { onReadyRead(*conn); });
    connect(socket, &QTcpSocket::errorOccurred, this,
        [this, conn](QAbstractSocket::SocketError) { onBroken(*conn, conn->socket->errorString().toUtf8()); });
    socket->connectToHost(m_host, m_port);
}

void LoadWorker::sendNext(Connection &c)
{
    if (phase() == Phase::Stop) {
        return;
    }
    const auto &user = m_plan->users.at(c.user);
    const std::uint32_t roll = c.next();
    const QByteArray *request = &user.allRequest;
    if (!user.spaceRequests.isEmpty() && static_cast<int>(roll % 100) < m_plan->spacePercent) {
        request = &user.spaceRequests.at((roll >> 8) % static_cast<std::uint32_t>(user.spaceRequests.size()));
    }
    c.inFlight = true;
    c.sentAt = Clock::now();
    c.socket->write(*request);
    c.socket->flush();
}

void LoadWorker::onReadyRead(Connection &c)
{
    // Read straight into the connection's buffer: no temporary QByteArray per readyRead.
    const qint64 available = c.socket->bytesAvailable();
    if (available > 0) {
        const qsizetype old = c.buffer.size();
        c.buffer.resize(old + available);
        const qint64 got = c.socket->read(c.buffer.data() + old, available);
        c.buffer.resize(old + std::max<qint64>(got, 0));
    }
    if (m_plan->quickAck) {
        const int one = 1;
        ::setsockopt(static_cast<int>(c.socket->socketDescriptor()), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    }
    while (c.inFlight) {
        const auto state = c.parser.parse(c.buffer);
        if (state == ResponseParser::State::NeedMore) {
            return;
        }
        if (state == ResponseParser::State::Invalid) {
            onBroken(c, c.parser.error());
            return;
        }
        const auto done = Clock::now();
        const int status = c.parser.status();
        const bool keepAlive = c.parser.keepAlive();
        c.inFlight = false;
        m_completed.fetch_add(1, std::memory_order_relaxed);
        if (phase() == Phase::Measure) {
            m_stats.latenciesNs.push_back(
                std::chrono::duration_cast<std::chrono::nanoseconds>(done - c.sentAt).count());
            if (status != 200) {
                ++m_stats.errors;
                if (m_stats.errorStatuses.size() < 10) {
                    m_stats.errorStatuses.append(status);
                    m_stats.lastError = c.buffer.left(c.parser.length()).right(300);
                }
            }
        }
        if (c.buffer.size() == c.parser.length()) {
            c.buffer.clear(); // keeps the capacity
        } else {
            c.buffer.remove(0, c.parser.length());
        }
        c.parser.reset();
        if (!keepAlive) {
            connectSocket(c);
            return;
        }
        sendNext(c);
    }
}

void LoadWorker::onBroken(Connection &c, const QByteArray &why)
{
    if (phase() == Phase::Stop) {
        return;
    }
    if (phase() == Phase::Measure) {
        ++m_stats.connectionErrors;
        ++m_stats.errors;
        m_stats.lastError = why;
    }
    connectSocket(c);
}

void LoadWorker::stop()
{
    for (auto &c : m_connections) {
        if (c->socket) {
            c->socket->disconnect(this);
            c->socket->abort();
            delete c->socket;
            c->socket = nullptr;
        }
    }
    m_connections.clear();
}

} // namespace Metaverse::Bench
