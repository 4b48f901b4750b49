// SPDX-License-Identifier: GPL-3.0-or-later
#include "wsworker.h"

#include "protocol/space.h"

#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

#include <cmath>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace Metaverse::Bench
{

using namespace SpaceProtocol;

namespace
{
constexpr Point Directions[4] = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
} // namespace

WsWorker::WsWorker(Shared *shared, QList<Member> members, QUrl wsUrl, QString spaceId, int maxConnecting, bool quickAck,
    std::uint64_t seed)
    : m_shared(shared)
    , m_url(std::move(wsUrl))
    , m_spaceId(std::move(spaceId))
    , m_maxConnecting(std::max(1, maxConnecting))
    , m_quickAck(quickAck)
    , m_random(static_cast<quint32>(seed ^ (seed >> 32)))
{
    m_clients.reserve(static_cast<std::size_t>(members.size()));
    for (auto &member : members) {
        auto client = std::make_unique<Client>();
        client->index = member.index;
        client->token = std::move(member.token);
        m_clients.push_back(std::move(client));
    }
}

WsWorker::~WsWorker() = default;

void WsWorker::problem(const QString &what)
{
    m_stats.lastProblem = what;
}

void WsWorker::start()
{
    for (auto &client : m_clients) {
        client->cursors.assign(static_cast<std::size_t>(m_shared->users), 0);
        client->direction = static_cast<int>(m_random.bounded(4));
    }
    openNext();
}

void WsWorker::openNext()
{
    while (!m_stopping && m_connecting < m_maxConnecting && m_nextToOpen < m_clients.size()) {
        Client &client = *m_clients[m_nextToOpen++];
        ++m_connecting;
        auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        client.socket = socket;
        Client *c = &client;
        connect(socket, &QWebSocket::connected, this, [this, c] {
            // Browsers send WebSocket frames without Nagle's delay; so do we.
            if (auto *tcp = c->socket->findChild<QTcpSocket *>()) {
                tcp->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                if (m_quickAck) {
                    const int fd = static_cast<int>(tcp->socketDescriptor());
                    const auto rearm = [fd] {
                        const int one = 1;
                        ::setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
                    };
                    rearm();
                    connect(tcp, &QTcpSocket::readyRead, this, rearm);
                }
            } else {
                problem(QStringLiteral("cannot reach the TCP socket of a QWebSocket"));
            }
            const Join join{m_spaceId, QString::fromLatin1(c->token), m_shared->batch};
            c->socket->sendTextMessage(QString::fromUtf8(toFrame(encodeClient(join, Dialect::Seed))));
        });
        connect(socket, &QWebSocket::textMessageReceived, this, [this, c](const QString &text) { onText(*c, text); });
        connect(socket, &QWebSocket::disconnected, this, [this, c] {
            if (m_stopping) {
                return;
            }
            ++m_stats.disconnects;
            m_shared->failed.fetch_add(1);
            problem(QStringLiteral("user %1 disconnected: %2 %3")
                        .arg(c->index)
                        .arg(static_cast<int>(c->socket->closeCode()))
                        .arg(c->socket->closeReason().isEmpty() ? c->socket->errorString() : c->socket->closeReason()));
            if (c->timer) {
                c->timer->stop();
            }
            if (!c->settled) {
                c->settled = true;
                --m_connecting;
                openNext();
            }
        });
        socket->open(m_url);
    }
}

void WsWorker::onText(Client &client, const QString &text)
{
    const std::int64_t receivedNs = nowNs();
    const QByteArray frame = text.toUtf8();
    if (m_shared->batch && frame.startsWith("{\"type\":\"batch\"")) {
        ++m_stats.batchFrames;
    }
    const auto messages = decodeServerFrame(frame, Dialect::Seed);
    if (!messages) {
        ++m_stats.undecodable;
        problem(QStringLiteral("undecodable frame: %1").arg(messages.error().message));
        return;
    }
    for (const auto &message : *messages) {
        if (const auto *moved = std::get_if<UserMoved>(&message)) {
            onMoved(client, moved->userId, moved->position, receivedNs);
        } else if (const auto *joined = std::get_if<UserJoined>(&message)) {
            Q_UNUSED(joined)
            m_shared->knownPeers.fetch_add(1, std::memory_order_relaxed);
        } else if (const auto *rejected = std::get_if<MoveRejected>(&message)) {
            ++m_stats.rejected;
            client.position = rejected->position;
        } else if (const auto *spaceJoined = std::get_if<Joined>(&message)) {
            client.joined = true;
            client.settled = true;
            client.position = spaceJoined->position;
            m_shared->userIds[static_cast<std::size_t>(client.index)] = spaceJoined->userId;
            m_shared->knownPeers.fetch_add(spaceJoined->users.size(), std::memory_order_relaxed);
            m_shared->joined.fetch_add(1, std::memory_order_release);
            --m_connecting;
            openNext();
        } else if (const auto *error = std::get_if<ErrorMessage>(&message)) {
            ++m_stats.errors;
            problem(QStringLiteral("user %1 got error %2: %3").arg(client.index).arg(error->code, error->message));
            if (!client.settled) {
                client.settled = true;
                m_shared->failed.fetch_add(1);
                --m_connecting;
                openNext();
            }
        }
    }
}

void WsWorker::onMoved(Client &client, const QString &userId, Point position, std::int64_t receivedNs)
{
    const int sender = m_shared->indexOfUser.value(userId, -1);
    if (sender < 0) {
        ++m_stats.unmatched;
        return;
    }
    const SendLog &log = m_shared->logs[sender];
    const std::uint32_t count = log.count();
    std::uint32_t &cursor = client.cursors[static_cast<std::size_t>(sender)];
    std::uint32_t i = cursor;
    while (i < count && !(log.at(i).to == position)) {
        ++i;
    }
    if (i == count) {
        ++m_stats.unmatched;
        return;
    }
    // Entries between the cursor and the match were not delivered on their own: with --batch the
    // server coalesced them into this later position (they count as delivered now); without it
    // they are lost for this receiver.
    if (m_shared->batch) {
        for (std::uint32_t k = cursor; k < i; ++k) {
            ++m_stats.superseded;
            m_stats.latency.add(receivedNs - log.at(k).sendNs);
        }
    } else {
        m_stats.skipped += i - cursor;
    }
    ++m_stats.received;
    m_stats.latency.add(receivedNs - log.at(i).sendNs);
    cursor = i + 1;
    m_shared->received.fetch_add(1, std::memory_order_relaxed);
}

Point WsWorker::nextStep(Client &client)
{
    // Mostly straight on, sometimes a turn, never straight back unless cornered: a walk that
    // seldom revisits a tile soon, so a received position names its move unambiguously.
    const auto inside = [this](Point p) {
        return p.x >= 0 && p.y >= 0 && p.x < m_shared->grid.width && p.y < m_shared->grid.height;
    };
    const auto r = m_random.bounded(10);
    if (r == 0) {
        client.direction = (client.direction + 1) % 4;
    } else if (r == 1) {
        client.direction = (client.direction + 3) % 4;
    }
    for (const int turn : {0, 1, 3, 2}) {
        const int d = (client.direction + turn) % 4;
        const Point to{client.position.x + Directions[d].x, client.position.y + Directions[d].y};
        if (inside(to)) {
            client.direction = d;
            return to;
        }
    }
    return client.position; // a 1x1 grid: nowhere to go
}

void WsWorker::sendMove(Client &client)
{
    if (m_stopping || client.movesLeft <= 0 || !client.socket ||
        client.socket->state() != QAbstractSocket::ConnectedState) {
        if (client.timer) {
            client.timer->stop();
        }
        return;
    }
    --client.movesLeft;
    const Point to = nextStep(client);
    const QString text = QString::fromUtf8(toFrame(encodeClient(Move{to}, Dialect::Seed)));
    if (!m_shared->logs[client.index].append(SentMove{nowNs(), to})) {
        return;
    }
    client.position = to; // a move-rejected corrects it
    client.socket->sendTextMessage(text);
    client.socket->flush();
    ++m_stats.sent;
    if (client.movesLeft <= 0) {
        client.timer->stop();
    }
}

void WsWorker::startMoves(std::int64_t startNs)
{
    const double periodMs = 1000.0 / m_shared->rateHz;
    const int intervalMs = std::max(1, static_cast<int>(std::lround(periodMs)));
    const std::int64_t now = nowNs();
    for (auto &owned : m_clients) {
        Client *c = owned.get();
        if (!c->joined) {
            continue;
        }
        c->movesLeft = m_shared->movesPerClient;
        c->timer = new QTimer(this);
        c->timer->setTimerType(Qt::PreciseTimer);
        c->timer->setInterval(intervalMs);
        connect(c->timer, &QTimer::timeout, this, [this, c] { sendMove(*c); });
        // A random phase within the first period, so the clients' sends are spread out.
        const double offsetMs = m_random.generateDouble() * periodMs;
        const auto delayMs = static_cast<int>(std::max<double>(0, static_cast<double>(startNs - now) / 1e6 + offsetMs));
        QTimer::singleShot(delayMs, Qt::PreciseTimer, c->timer, [this, c] {
            c->timer->start();
            sendMove(*c);
        });
    }
}

void WsWorker::stop()
{
    m_stopping = true;
    for (auto &client : m_clients) {
        if (client->timer) {
            client->timer->stop();
            delete client->timer;
            client->timer = nullptr;
        }
        if (client->socket) {
            client->socket->disconnect(this);
            client->socket->abort();
            delete client->socket;
            client->socket = nullptr;
        }
    }
}

} // namespace Metaverse::Bench
