// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatworker.h"

#include "protocol/chat.h"

#include <QNetworkRequest>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace Metaverse::Bench
{

using namespace ChatProtocol;

namespace
{
double threadCpuSeconds()
{
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

QString frameText(const ClientMessage &message)
{
    return QString::fromUtf8(toFrame(encodeClient(message)));
}
} // namespace

ChatWorker::ChatWorker(
    Shared *shared, QList<Member> members, QUrl url, int maxConnecting, bool authMessage, bool quickAck)
    : m_shared(shared)
    , m_url(std::move(url))
    , m_maxConnecting(std::max(1, maxConnecting))
    , m_authMessage(authMessage)
    , m_quickAck(quickAck)
{
    m_clients.reserve(static_cast<std::size_t>(members.size()));
    for (auto &member : members) {
        auto client = std::make_unique<Client>();
        client->index = member.index;
        client->room = shared->roomOf(member.index);
        client->token = std::move(member.token);
        m_clients.push_back(std::move(client));
    }
}

ChatWorker::~ChatWorker() = default;

void ChatWorker::problem(const QString &what)
{
    m_stats.lastProblem = what;
}

void ChatWorker::start()
{
    for (auto &client : m_clients) {
        const auto members = static_cast<std::size_t>(m_shared->roomSize(client->room));
        client->seen.assign(members, std::vector<bool>(static_cast<std::size_t>(m_shared->perUser), false));
    }
    openNext();
}

void ChatWorker::settle(Client &client, bool failed)
{
    if (client.settled) {
        return;
    }
    client.settled = true;
    if (failed) {
        m_shared->failed.fetch_add(1);
    }
    --m_connecting;
    openNext();
}

void ChatWorker::openNext()
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
            if (m_authMessage) {
                c->socket->sendTextMessage(frameText(Auth{QString::fromLatin1(c->token)}));
            }
            // With the Authorization header the server authenticates at once and says so;
            // join-room is sent on `authenticated` either way.
        });
        connect(socket, &QWebSocket::textMessageReceived, this, [this, c](const QString &text) { onText(*c, text); });
        connect(socket, &QWebSocket::disconnected, this, [this, c] {
            if (m_stopping) {
                return;
            }
            ++m_stats.disconnects;
            problem(QStringLiteral("user %1 disconnected: %2 %3")
                        .arg(c->index)
                        .arg(static_cast<int>(c->socket->closeCode()))
                        .arg(c->socket->closeReason().isEmpty() ? c->socket->errorString() : c->socket->closeReason()));
            if (c->settled) {
                m_shared->failed.fetch_add(1);
            } else {
                settle(*c, true);
            }
        });
        QNetworkRequest request(m_url);
        if (!m_authMessage) {
            request.setRawHeader("Authorization", "Bearer " + client.token);
        }
        socket->open(request);
    }
}

void ChatWorker::onText(Client &client, const QString &text)
{
    const std::int64_t receivedNs = nowNs();
    const auto decoded = decodeServer(text.toUtf8());
    if (!decoded) {
        ++m_stats.undecodable;
        problem(QStringLiteral("undecodable frame: %1: %2").arg(decoded.error().message, text.left(200)));
        return;
    }
    std::visit(
        [&](const auto &m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, MessageReceived>) {
                onMessage(client, m.message, m.clientMsgId, receivedNs);
            } else if constexpr (std::is_same_v<T, Authenticated>) {
                if (m.user.userId != m_shared->userIds[static_cast<std::size_t>(client.index)]) {
                    problem(QStringLiteral("user %1 authenticated as %2").arg(client.index).arg(m.user.userId));
                }
                if (!client.authenticated) {
                    client.authenticated = true;
                    const QString &roomId = m_shared->roomIds[static_cast<std::size_t>(client.room)];
                    client.socket->sendTextMessage(frameText(JoinRoom{roomId}));
                }
            } else if constexpr (std::is_same_v<T, RoomJoined>) {
                if (!client.joined) {
                    client.joined = true;
                    m_shared->joined.fetch_add(1, std::memory_order_release);
                    settle(client, false);
                }
                onPresence(client, int(m.users.size()));
            } else if constexpr (std::is_same_v<T, PresenceUpdate>) {
                if (m.roomId == m_shared->roomIds[static_cast<std::size_t>(client.room)]) {
                    onPresence(client, int(m.users.size()));
                }
            } else if constexpr (std::is_same_v<T, ErrorMessage>) {
                ++m_stats.errors;
                problem(QStringLiteral("user %1 got error %2: %3").arg(client.index).arg(m.code, m.message));
                if (const auto id = m_shared->parseClientMsgId(m.clientMsgId); id && id->first == client.index) {
                    auto &record = m_shared->at(id->first, id->second);
                    if (!record.refused.exchange(true)) {
                        ++m_stats.refused;
                        m_shared->refused.fetch_add(1, std::memory_order_relaxed);
                        m_shared->refusedDeliveries.fetch_add(
                            static_cast<std::uint64_t>(m_shared->roomSize(client.room) - 1), std::memory_order_relaxed);
                    }
                }
                if (!client.joined) {
                    settle(client, true);
                }
            } else if constexpr (std::is_same_v<T, RoomLeft>) {
                ++m_stats.errors;
                problem(
                    QStringLiteral("user %1 was taken out of room %2: %3").arg(client.index).arg(m.roomId, m.reason));
            }
            // typing and pong: nothing to do.
        },
        *decoded);
}

void ChatWorker::onPresence(Client &client, int online)
{
    if (!client.full && online >= m_shared->roomSize(client.room)) {
        client.full = true;
        m_shared->full.fetch_add(1, std::memory_order_relaxed);
    }
}

void ChatWorker::onMessage(Client &client, const Message &message, const QString &clientMsgId, std::int64_t receivedNs)
{
    const int sender = m_shared->indexOfUser.value(message.senderId, -1);
    const auto named = Shared::parseText(message.content);
    if (sender < 0 || !named || named->first != sender || named->second >= m_shared->perUser ||
        m_shared->roomOf(sender) != client.room ||
        message.roomId != m_shared->roomIds[static_cast<std::size_t>(client.room)]) {
        ++m_stats.unmatched;
        problem(QStringLiteral("user %1 got a message that matches nothing sent: room %2, from %3: %4")
                    .arg(client.index)
                    .arg(message.roomId, message.senderId, message.content.left(40)));
        return;
    }
    const int seq = named->second;
    auto &record = m_shared->at(sender, seq);
    const std::int64_t sendNs = record.sendNs.load(std::memory_order_acquire);
    if (sendNs == 0) {
        ++m_stats.unmatched;
        problem(QStringLiteral("user %1 got message %2 of user %3 before it was sent")
                    .arg(client.index)
                    .arg(seq)
                    .arg(sender));
        return;
    }
    if (message.content != m_shared->text(sender, seq)) {
        ++m_stats.mismatched;
        problem(QStringLiteral("message %1 of user %2 arrived altered: %3")
                    .arg(seq)
                    .arg(sender)
                    .arg(message.content.left(80)));
    }

    if (sender == client.index) {
        // The sender's own copy: the acknowledgement, which must carry its clientMsgId.
        if (clientMsgId.isEmpty()) {
            ++m_stats.ownWithoutId;
            problem(QStringLiteral("user %1's own copy of message %2 has no clientMsgId").arg(sender).arg(seq));
            return;
        }
        const auto id = m_shared->parseClientMsgId(clientMsgId);
        if (!id || id->first != sender || id->second != seq) {
            ++m_stats.unmatched;
            problem(QStringLiteral("message %1 of user %2 came back with clientMsgId %3")
                        .arg(seq)
                        .arg(sender)
                        .arg(clientMsgId));
            return;
        }
        std::int64_t expected = 0;
        if (!record.ackNs.compare_exchange_strong(expected, receivedNs)) {
            ++m_stats.duplicateAcks;
            return;
        }
        ++m_stats.acked;
        m_shared->acked.fetch_add(1, std::memory_order_relaxed);
        m_stats.ack.add(receivedNs - sendNs);
        return;
    }

    if (!clientMsgId.isEmpty()) {
        // Only the sender's copies may carry it (the others still count as delivered).
        ++m_stats.leaked;
        problem(QStringLiteral("user %1 got user %2's message with its clientMsgId").arg(client.index).arg(sender));
    }
    auto &seen = client.seen[static_cast<std::size_t>(m_shared->slotOf(sender))];
    if (seen[static_cast<std::size_t>(seq)]) {
        ++m_stats.duplicates;
        return;
    }
    seen[static_cast<std::size_t>(seq)] = true;
    record.deliveries.fetch_add(1, std::memory_order_relaxed);
    m_shared->delivered.fetch_add(1, std::memory_order_relaxed);
    ++m_stats.delivered;
    m_stats.delivery.add(receivedNs - sendNs);
}

void ChatWorker::startSending(std::int64_t startNs, double rate)
{
    // Message `seq` of user `i` is due at start + (seq * users + i) / rate: the users take turns,
    // so the total rate is even and each user sends every users / rate seconds.
    m_schedule.clear();
    for (std::size_t k = 0; k < m_clients.size(); ++k) {
        const Client &client = *m_clients[k];
        for (int seq = 0; seq < m_shared->perUser; ++seq) {
            const double slot = static_cast<double>(seq) * m_shared->users + client.index;
            m_schedule.push_back({startNs + static_cast<std::int64_t>(slot / rate * 1e9), static_cast<int>(k), seq});
        }
    }
    std::sort(m_schedule.begin(), m_schedule.end(), [](const Due &a, const Due &b) { return a.ns < b.ns; });
    m_nextDue = 0;
    m_cpuAtStart = threadCpuSeconds();
    m_sendTimer = new QTimer(this);
    m_sendTimer->setSingleShot(true);
    m_sendTimer->setTimerType(Qt::PreciseTimer);
    connect(m_sendTimer, &QTimer::timeout, this, &ChatWorker::sendDue);
    sendDue();
}

void ChatWorker::sendDue()
{
    if (m_stopping) {
        return;
    }
    const std::int64_t now = nowNs();
    while (m_nextDue < m_schedule.size() && m_schedule[m_nextDue].ns <= now) {
        const Due &due = m_schedule[m_nextDue++];
        send(*m_clients[static_cast<std::size_t>(due.client)], due.seq);
    }
    if (m_nextDue < m_schedule.size()) {
        const std::int64_t waitNs = m_schedule[m_nextDue].ns - nowNs();
        m_sendTimer->start(static_cast<int>(std::max<std::int64_t>(0, (waitNs + 999'999) / 1'000'000)));
    }
}

void ChatWorker::send(Client &client, int seq)
{
    if (!client.socket || client.socket->state() != QAbstractSocket::ConnectedState) {
        ++m_stats.unsent;
        return;
    }
    const SendMessage message{m_shared->roomIds[static_cast<std::size_t>(client.room)],
        m_shared->text(client.index, seq), m_shared->clientMsgId(client.index, seq)};
    const QString frame = frameText(message);
    m_shared->at(client.index, seq).sendNs.store(nowNs(), std::memory_order_release);
    client.socket->sendTextMessage(frame);
    client.socket->flush();
    ++m_stats.sent;
}

void ChatWorker::windowEnd()
{
    m_stats.windowCpuS = threadCpuSeconds() - m_cpuAtStart;
}

void ChatWorker::stop()
{
    m_stopping = true;
    delete m_sendTimer;
    m_sendTimer = nullptr;
    for (auto &client : m_clients) {
        if (client->socket) {
            client->socket->disconnect(this);
            client->socket->abort();
            delete client->socket;
            client->socket = nullptr;
        }
    }
}

} // namespace Metaverse::Bench
