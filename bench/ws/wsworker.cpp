// SPDX-License-Identifier: GPL-3.0-or-later
#include "wsworker.h"

#include "protocol/space.h"

#include <QHostAddress>
#include <QHostInfo>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <queue>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

namespace Metaverse::Bench
{

using namespace SpaceProtocol;

namespace
{
constexpr Point Directions[4] = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
constexpr std::uint64_t TimerTag = ~std::uint64_t(0);
constexpr std::size_t ScratchBytes = 256 * 1024;
// Payloads at least this large are looked up in the cache of identical payloads before decoding.
constexpr std::size_t CacheMinBytes = 512;
constexpr std::size_t CacheEntries = 16;

enum Opcode : int { Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

// Total bytes of the first frame in [data, data + size), as far as its header tells yet: the
// header length while the header is incomplete.
std::size_t frameBytesNeeded(const unsigned char *data, std::size_t size)
{
    if (size < 2) {
        return 2;
    }
    const std::size_t lengthCode = data[1] & 0x7f;
    const std::size_t maskBytes = (data[1] & 0x80) ? 4 : 0;
    const std::size_t header = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0) + maskBytes;
    if (size < header) {
        return header;
    }
    std::uint64_t length = lengthCode;
    if (lengthCode == 126) {
        length = (std::uint64_t(data[2]) << 8) | data[3];
    } else if (lengthCode == 127) {
        length = 0;
        for (int i = 0; i < 8; ++i) {
            length = (length << 8) | data[2 + i];
        }
    }
    return header + static_cast<std::size_t>(length);
}

// The fast path of decoding: the exact bytes the server writes for `user-move` (QJsonDocument's
// compact form, keys sorted) and batches of nothing but those. Anything else goes to the full
// decoder of common/protocol/space.h.
struct Cursor {
    const char *p;
    const char *end;
    bool expect(std::string_view s)
    {
        if (static_cast<std::size_t>(end - p) < s.size() || std::memcmp(p, s.data(), s.size()) != 0) {
            return false;
        }
        p += s.size();
        return true;
    }
    bool integer(int &value)
    {
        const auto [next, ec] = std::from_chars(p, end, value);
        if (ec != std::errc() || next == p) {
            return false;
        }
        p = next;
        return true;
    }
};

bool parseMove(Cursor &c, std::string_view &userId, Point &position)
{
    if (!c.expect(R"({"data":{"position":{"x":)") || !c.integer(position.x) || !c.expect(R"(,"y":)") ||
        !c.integer(position.y) || !c.expect(R"(},"userId":")")) {
        return false;
    }
    const char *quote = static_cast<const char *>(std::memchr(c.p, '"', static_cast<std::size_t>(c.end - c.p)));
    if (!quote) {
        return false;
    }
    userId = std::string_view(c.p, static_cast<std::size_t>(quote - c.p));
    c.p = quote + 1;
    return c.expect(R"(},"type":"user-move"})");
}

// Area of interest: a user-positions entry, [["id",x,y],...], appended as periodic moves.
template<typename Append>
bool parsePositions(Cursor &c, Append &&append)
{
    if (!c.expect(R"({"type":"user-positions","data":[)")) {
        return false;
    }
    do {
        Point position;
        if (!c.expect(R"([")")) {
            return false;
        }
        const char *quote = static_cast<const char *>(std::memchr(c.p, '"', static_cast<std::size_t>(c.end - c.p)));
        if (!quote) {
            return false;
        }
        const std::string_view userId(c.p, static_cast<std::size_t>(quote - c.p));
        c.p = quote + 1;
        if (!c.expect(",") || !c.integer(position.x) || !c.expect(",") || !c.integer(position.y) || !c.expect("]")) {
            return false;
        }
        append(userId, position);
    } while (c.expect(","));
    return c.expect("]}");
}
} // namespace

struct WsWorker::Client {
    enum class State { Idle, Connecting, Handshaking, Open, Closed };
    int index = 0;
    std::size_t slot = 0; // in m_clients
    std::string token;
    int fd = -1;
    State state = State::Idle;
    bool joined = false;
    bool settled = false; // joined or failed: no longer counts as connecting
    bool wantWrite = false;
    Point position;
    int direction = 0;
    int movesLeft = 0;
    std::int64_t nextSendNs = 0;
    std::vector<std::uint32_t> cursors; // per sender: next entry of its log to expect
    std::vector<char> in; // a partial frame (or the handshake response) carried between reads
    std::size_t inLen = 0;
    std::string out; // bytes the kernel has not taken yet
    std::string message; // fragments of a message in progress
};

WsWorker::WsWorker(Shared *shared, QList<Member> members, QString host, quint16 port, QByteArray path, QString spaceId,
    int maxConnecting, bool quickAck, std::uint64_t seed)
    : m_shared(shared)
    , m_host(std::move(host))
    , m_port(port)
    , m_path(std::move(path))
    , m_spaceId(std::move(spaceId))
    , m_maxConnecting(std::max(1, maxConnecting))
    , m_quickAck(quickAck)
    , m_random(seed)
{
    QHostAddress address(m_host);
    if (address.isNull()) {
        for (const auto &candidate : QHostInfo::fromName(m_host).addresses()) {
            if (candidate.protocol() == QAbstractSocket::IPv4Protocol) {
                address = candidate;
                break;
            }
        }
    }
    m_ipv4 = address.toIPv4Address();
    m_clients.reserve(static_cast<std::size_t>(members.size()));
    for (auto &member : members) {
        auto client = std::make_unique<Client>();
        client->index = member.index;
        client->slot = m_clients.size();
        client->token = member.token.toStdString();
        m_clients.push_back(std::move(client));
    }
}

WsWorker::~WsWorker()
{
    stop();
}

void WsWorker::run()
{
    m_thread = std::thread([this] { loop(); });
}

void WsWorker::stop()
{
    m_stop.store(true, std::memory_order_release);
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

void WsWorker::loop()
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    m_timer = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    epoll_event timerEvent{};
    timerEvent.events = EPOLLIN;
    timerEvent.data.u64 = TimerTag;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_timer, &timerEvent);
    m_periodNs = static_cast<std::int64_t>(1e9 / m_shared->rateHz);
    for (auto &client : m_clients) {
        client->cursors.assign(static_cast<std::size_t>(m_shared->users), 0);
        client->direction = static_cast<int>(m_random() % 4);
    }
    openNext();

    // Moves due, earliest first: (due time, client slot).
    using Due = std::pair<std::int64_t, std::size_t>;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> due;
    std::vector<epoll_event> events(512);
    while (!m_stop.load(std::memory_order_acquire)) {
        if (!m_movesScheduled) {
            if (const std::int64_t startNs = m_movesStartNs.load(std::memory_order_acquire); startNs != 0) {
                m_movesScheduled = true;
                m_cache.clear(); // decoded before the user index existed
                for (std::size_t slot = 0; slot < m_clients.size(); ++slot) {
                    Client &c = *m_clients[slot];
                    if (!c.joined || c.state != Client::State::Open) {
                        continue;
                    }
                    c.movesLeft = m_shared->movesPerClient;
                    // A random phase within the first period, so the clients' sends are spread out.
                    c.nextSendNs = startNs + static_cast<std::int64_t>(m_random() % std::uint64_t(m_periodNs));
                    due.emplace(c.nextSendNs, slot);
                }
                if (!due.empty()) {
                    armTimer(due.top().first);
                }
            }
        }
        const int n = ::epoll_wait(m_epoll, events.data(), static_cast<int>(events.size()), 20);
        for (int i = 0; i < n; ++i) {
            const auto &event = events[static_cast<std::size_t>(i)];
            if (event.data.u64 == TimerTag) {
                std::uint64_t expirations = 0;
                [[maybe_unused]] const auto r = ::read(m_timer, &expirations, sizeof expirations);
                continue;
            }
            Client &client = *m_clients[event.data.u64];
            if (client.state == Client::State::Closed) {
                continue;
            }
            if (event.events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                if (client.state == Client::State::Connecting) {
                    onWritable(client);
                } else {
                    onReadable(client);
                }
            }
            if (client.state != Client::State::Closed && (event.events & EPOLLOUT)) {
                onWritable(client);
            }
        }
        if (!due.empty()) {
            const std::int64_t now = nowNs();
            while (!due.empty() && due.top().first <= now) {
                const auto [at, slot] = due.top();
                due.pop();
                Client &c = *m_clients[slot];
                if (c.state != Client::State::Open || c.movesLeft <= 0) {
                    continue;
                }
                sendMove(c, now);
                if (c.movesLeft > 0) {
                    c.nextSendNs = at + m_periodNs;
                    due.emplace(c.nextSendNs, slot);
                }
            }
            if (!due.empty()) {
                armTimer(due.top().first);
            }
        }
    }
    for (auto &client : m_clients) {
        if (client->fd >= 0) {
            ::close(client->fd);
            client->fd = -1;
        }
    }
    ::close(m_timer);
    ::close(m_epoll);
}

void WsWorker::armTimer(std::int64_t atNs)
{
    itimerspec spec{};
    atNs = std::max<std::int64_t>(atNs, 1);
    spec.it_value.tv_sec = static_cast<time_t>(atNs / 1'000'000'000);
    spec.it_value.tv_nsec = static_cast<long>(atNs % 1'000'000'000);
    ::timerfd_settime(m_timer, TFD_TIMER_ABSTIME, &spec, nullptr);
}

void WsWorker::openNext()
{
    while (m_connecting < m_maxConnecting && m_nextToOpen < m_clients.size()) {
        const std::size_t slot = m_nextToOpen++;
        Client &client = *m_clients[slot];
        ++m_connecting;
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(m_port);
        address.sin_addr.s_addr = htonl(m_ipv4);
        client.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (client.fd < 0) {
            fail(client, QStringLiteral("socket(): %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
            continue;
        }
        // Browsers send WebSocket frames without Nagle's delay; so do we.
        const int one = 1;
        ::setsockopt(client.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        client.state = Client::State::Connecting;
        if (::connect(client.fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0 &&
            errno != EINPROGRESS) {
            fail(client, QStringLiteral("connect(): %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
            continue;
        }
        epoll_event event{};
        event.events = EPOLLIN | EPOLLOUT;
        event.data.u64 = slot;
        client.wantWrite = true;
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, client.fd, &event);
    }
}

void WsWorker::onWritable(Client &client)
{
    if (client.state == Client::State::Connecting) {
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(client.fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
            fail(client, QStringLiteral("connect: %1").arg(QString::fromLocal8Bit(std::strerror(error))));
            return;
        }
        std::uint8_t key[16];
        for (auto &b : key) {
            b = static_cast<std::uint8_t>(m_random());
        }
        const QByteArray request = "GET " + m_path + " HTTP/1.1\r\nHost: " + m_host.toUtf8() + ':' +
            QByteArray::number(m_port) +
            "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Key: " +
            QByteArray(reinterpret_cast<const char *>(key), sizeof key).toBase64() + "\r\n\r\n";
        client.state = Client::State::Handshaking;
        writeOut(client, request.constData(), static_cast<std::size_t>(request.size()));
        return;
    }
    while (!client.out.empty()) {
        const auto written = ::send(client.fd, client.out.data(), client.out.size(), MSG_NOSIGNAL);
        if (written < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                return;
            }
            fail(client, QStringLiteral("send: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
            return;
        }
        client.out.erase(0, static_cast<std::size_t>(written));
    }
    if (client.wantWrite) {
        client.wantWrite = false;
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.u64 = client.slot;
        ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, client.fd, &event);
    }
}

void WsWorker::writeOut(Client &client, const char *data, std::size_t size)
{
    if (client.state == Client::State::Closed) {
        return;
    }
    if (client.out.empty()) {
        const auto written = ::send(client.fd, data, size, MSG_NOSIGNAL);
        if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            fail(client, QStringLiteral("send: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
            return;
        }
        const auto done = static_cast<std::size_t>(std::max<ssize_t>(written, 0));
        if (done == size) {
            return;
        }
        data += done;
        size -= done;
    }
    client.out.append(data, size);
    if (!client.wantWrite) {
        client.wantWrite = true;
        epoll_event event{};
        event.events = EPOLLIN | EPOLLOUT;
        event.data.u64 = client.slot;
        ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, client.fd, &event);
    }
}

void WsWorker::sendFrame(Client &client, int opcode, std::string_view payload)
{
    // Client frames are masked (RFC 6455 5.3).
    char frame[14 + 256];
    std::string large;
    char *out = frame;
    if (payload.size() > 256) {
        large.resize(14 + payload.size());
        out = large.data();
    }
    std::size_t n = 0;
    out[n++] = static_cast<char>(0x80 | opcode);
    if (payload.size() < 126) {
        out[n++] = static_cast<char>(0x80 | payload.size());
    } else if (payload.size() < 65536) {
        out[n++] = static_cast<char>(0x80 | 126);
        out[n++] = static_cast<char>((payload.size() >> 8) & 0xff);
        out[n++] = static_cast<char>(payload.size() & 0xff);
    } else {
        out[n++] = static_cast<char>(0x80 | 127);
        for (int i = 7; i >= 0; --i) {
            out[n++] = static_cast<char>((std::uint64_t(payload.size()) >> (8 * i)) & 0xff);
        }
    }
    const auto mask = static_cast<std::uint32_t>(m_random());
    const char maskBytes[4] = {static_cast<char>(mask >> 24), static_cast<char>(mask >> 16),
        static_cast<char>(mask >> 8), static_cast<char>(mask)};
    std::memcpy(out + n, maskBytes, 4);
    n += 4;
    for (std::size_t i = 0; i < payload.size(); ++i) {
        out[n + i] = static_cast<char>(payload[i] ^ maskBytes[i % 4]);
    }
    writeOut(client, out, n + payload.size());
}

void WsWorker::onReadable(Client &client)
{
    // Most reads end on a frame boundary: they go to a per-thread scratch buffer and only a
    // partial frame's bytes are copied into the client, which completes it with exact reads.
    static thread_local std::vector<char> scratch(ScratchBytes);
    for (int round = 0; round < 8 && client.state != Client::State::Closed; ++round) {
        const bool intoClient = client.inLen > 0 || client.state == Client::State::Handshaking;
        char *target = scratch.data();
        std::size_t want = scratch.size();
        if (intoClient) {
            want = 4096;
            if (client.state == Client::State::Open) {
                want = frameBytesNeeded(reinterpret_cast<const unsigned char *>(client.in.data()), client.inLen) -
                    client.inLen;
            }
            if (client.in.size() < client.inLen + want) {
                client.in.resize(client.inLen + want);
            }
            target = client.in.data() + client.inLen;
        }
        const auto got = ::recv(client.fd, target, want, 0);
        if (got <= 0) {
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                return;
            }
            fail(client,
                got == 0 ? QStringLiteral("the server closed the connection")
                         : QStringLiteral("recv: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
            return;
        }
        const std::int64_t receivedNs = nowNs();
        if (m_quickAck) {
            const int one = 1;
            ::setsockopt(client.fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
        }
        const auto size = static_cast<std::size_t>(got);
        if (intoClient) {
            client.inLen += size;
            if (client.state == Client::State::Handshaking && !handshake(client)) {
                return;
            }
            if (client.state != Client::State::Open) {
                continue;
            }
            const std::size_t used = consumeFrames(client, client.in.data(), client.inLen, receivedNs);
            if (client.state != Client::State::Open) {
                return;
            }
            std::memmove(client.in.data(), client.in.data() + used, client.inLen - used);
            client.inLen -= used;
            continue;
        }
        const std::size_t used = consumeFrames(client, scratch.data(), size, receivedNs);
        if (client.state != Client::State::Open) {
            return;
        }
        if (used < size) {
            const std::size_t rest = size - used;
            if (client.in.size() < rest) {
                client.in.resize(std::max<std::size_t>(rest, 4096));
            }
            std::memcpy(client.in.data(), scratch.data() + used, rest);
            client.inLen = rest;
        }
        if (size < want) {
            return; // drained
        }
    }
}

bool WsWorker::handshake(Client &client)
{
    const std::string_view received(client.in.data(), client.inLen);
    const auto end = received.find("\r\n\r\n");
    if (end == std::string_view::npos) {
        if (client.inLen > 16384) {
            fail(client, QStringLiteral("no WebSocket handshake response"));
            return false;
        }
        return true;
    }
    if (!received.starts_with("HTTP/1.1 101")) {
        fail(client,
            QStringLiteral("WebSocket handshake refused: %1")
                .arg(QString::fromUtf8(received.data(), static_cast<qsizetype>(received.find("\r\n")))));
        return false;
    }
    const std::size_t rest = client.inLen - (end + 4);
    std::memmove(client.in.data(), client.in.data() + end + 4, rest);
    client.inLen = rest;
    client.state = Client::State::Open;
    const QByteArray join = toFrame(encodeClient(Join{m_spaceId, QString::fromStdString(client.token), m_shared->batch,
                                                     UserStatus::Available, m_shared->interest},
        Dialect::Seed));
    sendFrame(client, Text, std::string_view(join.constData(), static_cast<std::size_t>(join.size())));
    return true;
}

// Handles the complete frames at the start of [data, data + size); returns the bytes they took.
std::size_t WsWorker::consumeFrames(Client &client, const char *bytes, std::size_t size, std::int64_t receivedNs)
{
    const auto *data = reinterpret_cast<const unsigned char *>(bytes);
    std::size_t offset = 0;
    while (client.state == Client::State::Open) {
        const std::size_t need = frameBytesNeeded(data + offset, size - offset);
        if (size - offset < need) {
            break;
        }
        // Server frames are not masked: header, then payload.
        const unsigned char *frame = data + offset;
        const int opcode = frame[0] & 0x0f;
        const bool fin = (frame[0] & 0x80) != 0;
        const std::size_t lengthCode = frame[1] & 0x7f;
        const std::size_t header = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0);
        const std::string_view payload(reinterpret_cast<const char *>(frame + header), need - header);
        offset += need;
        if (opcode == Text && fin && client.message.empty()) {
            onMessage(client, payload, receivedNs);
        } else if (opcode == Text || opcode == Continuation) {
            client.message.append(payload);
            if (fin) {
                const std::string message = std::move(client.message);
                client.message.clear();
                onMessage(client, message, receivedNs);
            }
        } else if (opcode == Ping) {
            sendFrame(client, Pong, payload);
        } else if (opcode == Close) {
            const int code = payload.size() >= 2
                ? (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1])
                : 1005;
            const QString reason = payload.size() > 2
                ? QString::fromUtf8(payload.data() + 2, static_cast<qsizetype>(payload.size() - 2))
                : QString();
            fail(client, QStringLiteral("closed by the server: %1 %2").arg(code).arg(reason));
        } else if (opcode == Binary) {
            ++m_stats.undecodable;
            problem(QStringLiteral("a binary frame"));
        }
    }
    return offset;
}

std::shared_ptr<const DecodedFrame> WsWorker::decode(std::string_view payload)
{
    auto frame = std::make_shared<DecodedFrame>();
    ++m_stats.decoded;
    // Fast path: one user-move, or a batch of nothing else.
    Cursor c{payload.data(), payload.data() + payload.size()};
    std::string_view userId;
    Point position;
    const auto appendPosition = [&](std::string_view id, Point p) {
        frame->moves.push_back({m_shared->indexOf(id), p, true});
    };
    if (c.expect(R"({"type":"batch","data":[)")) {
        frame->isBatch = true;
        bool ok = true;
        while (ok) {
            const char *entry = c.p;
            if (parseMove(c, userId, position)) {
                frame->moves.push_back({m_shared->indexOf(userId), position, false});
            } else if (c.p = entry; !parsePositions(c, appendPosition)) {
                ok = false;
                break;
            }
            if (c.expect(",")) {
                continue;
            }
            ok = c.expect("]}") && c.p == c.end;
            break;
        }
        if (ok) {
            return frame;
        }
        frame = std::make_shared<DecodedFrame>();
        frame->isBatch = true;
    } else if (parseMove(c, userId, position) && c.p == c.end) {
        frame->moves.push_back({m_shared->indexOf(userId), position, false});
        return frame;
    }
    // Everything else: the protocol's own decoder.
    const auto messages = decodeServerFrame(
        QByteArray::fromRawData(payload.data(), static_cast<qsizetype>(payload.size())), Dialect::Seed);
    if (!messages) {
        frame->valid = false;
        frame->lastError = messages.error().message;
        return frame;
    }
    frame->moves.clear();
    for (const auto &message : *messages) {
        if (const auto *moved = std::get_if<UserMoved>(&message)) {
            frame->moves.push_back({m_shared->indexOf(moved->userId.toStdString()), moved->position, moved->periodic});
        } else if (std::holds_alternative<UserJoined>(message)) {
            ++frame->usersJoined;
        } else if (const auto *rejected = std::get_if<MoveRejected>(&message)) {
            frame->rejected = true;
            frame->rejectedPosition = rejected->position;
        } else if (const auto *joined = std::get_if<Joined>(&message)) {
            frame->joined = true;
            frame->joinedUserId = joined->userId;
            frame->joinedPosition = joined->position;
            frame->joinedUsers = static_cast<int>(joined->users.size());
        } else if (const auto *error = std::get_if<ErrorMessage>(&message)) {
            ++frame->errors;
            frame->lastError = error->code + QStringLiteral(": ") + error->message;
        }
    }
    return frame;
}

void WsWorker::onMessage(Client &client, std::string_view payload, std::int64_t receivedNs)
{
    ++m_stats.framesIn;
    m_stats.bytesIn += payload.size();
    if (m_movesScheduled && !m_shared->verifies(client.index)) {
        return; // --verify-every: read, not checked
    }
    if (payload.size() < CacheMinBytes) {
        apply(client, *decode(payload), receivedNs);
        return;
    }
    // Identical bytes decode identically: batching clients of a space share each tick's frame.
    // Least recently used out, so frames only one client gets do not push the shared one out.
    const auto matches = [&](const CachedFrame &entry) {
        return entry.payload.size() == payload.size() &&
            std::memcmp(entry.payload.data() + entry.payload.size() - 16, payload.data() + payload.size() - 16, 16) ==
            0 &&
            std::memcmp(entry.payload.data(), payload.data(), payload.size()) == 0;
    };
    std::size_t hit = m_cache.size();
    if (m_lastHit < m_cache.size() && matches(m_cache[m_lastHit])) {
        hit = m_lastHit;
    } else {
        for (std::size_t i = 0; i < m_cache.size(); ++i) {
            if (i != m_lastHit && matches(m_cache[i])) {
                hit = i;
                break;
            }
        }
    }
    if (hit < m_cache.size()) {
        m_lastHit = hit;
        m_cache[hit].lastUsed = ++m_cacheClock;
        apply(client, *m_cache[hit].decoded, receivedNs);
        return;
    }
    auto decoded = decode(payload);
    if (m_cache.size() < CacheEntries) {
        m_cache.push_back(CachedFrame{std::string(payload), decoded, ++m_cacheClock});
    } else {
        auto &oldest = *std::min_element(m_cache.begin(), m_cache.end(),
            [](const CachedFrame &a, const CachedFrame &b) { return a.lastUsed < b.lastUsed; });
        oldest.payload.assign(payload);
        oldest.decoded = decoded;
        oldest.lastUsed = ++m_cacheClock;
    }
    apply(client, *decoded, receivedNs);
}

void WsWorker::apply(Client &client, const DecodedFrame &frame, std::int64_t receivedNs)
{
    if (!frame.valid) {
        ++m_stats.undecodable;
        problem(QStringLiteral("undecodable frame: %1").arg(frame.lastError));
        return;
    }
    if (frame.isBatch) {
        ++m_stats.batchFrames;
    }
    const std::uint64_t before = m_stats.received;
    for (const auto &moved : frame.moves) {
        onMoved(client, moved.sender, moved.position, moved.periodic, receivedNs);
    }
    if (m_stats.received != before) {
        m_progress.store(m_stats.received, std::memory_order_relaxed);
    }
    if (frame.usersJoined > 0) {
        m_shared->knownPeers.fetch_add(frame.usersJoined, std::memory_order_relaxed);
    }
    if (frame.rejected) {
        ++m_stats.rejected;
        client.position = frame.rejectedPosition;
    }
    if (frame.joined && !client.joined) {
        client.joined = true;
        client.position = frame.joinedPosition;
        m_shared->userIds[static_cast<std::size_t>(client.index)] = frame.joinedUserId;
        m_shared->knownPeers.fetch_add(frame.joinedUsers, std::memory_order_relaxed);
        m_shared->joined.fetch_add(1, std::memory_order_release);
        settle(client);
    }
    if (frame.errors > 0) {
        m_stats.errors += static_cast<std::uint64_t>(frame.errors);
        problem(QStringLiteral("user %1 got error %2").arg(client.index).arg(frame.lastError));
        if (!client.settled) {
            m_shared->failed.fetch_add(1);
            settle(client);
        }
    }
}

void WsWorker::settle(Client &client)
{
    if (client.settled) {
        return;
    }
    client.settled = true;
    --m_connecting;
    openNext();
}

void WsWorker::fail(Client &client, const QString &why)
{
    if (client.state == Client::State::Closed) {
        return;
    }
    if (client.fd >= 0) {
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, client.fd, nullptr);
        ::close(client.fd);
        client.fd = -1;
    }
    client.state = Client::State::Closed;
    client.out.clear();
    if (m_stop.load(std::memory_order_relaxed)) {
        return;
    }
    ++m_stats.disconnects;
    m_shared->failed.fetch_add(1);
    problem(QStringLiteral("user %1 disconnected: %2").arg(client.index).arg(why));
    settle(client);
}

void WsWorker::onMoved(Client &client, int sender, Point position, bool periodic, std::int64_t receivedNs)
{
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
        if (periodic && cursor > 0 && log.at(cursor - 1).to == position) {
            ++m_stats.positionsKnown; // news of a move it had already (live)
            return;
        }
        ++m_stats.unmatched;
        return;
    }
    if (periodic) {
        // Area of interest: where a far user is now; how old that news is.
        ++m_stats.positions;
        m_stats.superseded += i - cursor;
        m_stats.positionAge.add(receivedNs - log.at(i).sendNs);
        cursor = i + 1;
        return;
    }
    // Entries between the cursor and the match were not delivered on their own: with --batch the
    // server coalesced them into this later position (they count as delivered now); without it
    // they are lost for this receiver. With --interest they may also have been made out of this
    // receiver's area (reported by a user-position or not at all): counted, not timed.
    if (m_shared->batch) {
        for (std::uint32_t k = cursor; k < i; ++k) {
            ++m_stats.superseded;
            if (!m_shared->interest) {
                m_stats.latency.add(receivedNs - log.at(k).sendNs);
            }
        }
    } else {
        m_stats.skipped += i - cursor;
    }
    ++m_stats.received;
    m_stats.latency.add(receivedNs - log.at(i).sendNs);
    cursor = i + 1;
}

std::uint64_t WsWorker::convergedPairs() const
{
    std::uint64_t converged = 0;
    for (const auto &client : m_clients) {
        if (!m_shared->verifies(client->index)) {
            continue;
        }
        for (int sender = 0; sender < m_shared->users; ++sender) {
            // The position last heard of (a walk may revisit a tile: positions, not entries).
            const SendLog &log = m_shared->logs[sender];
            const std::uint32_t cursor = client->cursors[static_cast<std::size_t>(sender)];
            if (sender != client->index && log.count() > 0 && cursor > 0 &&
                log.at(cursor - 1).to == log.at(log.count() - 1).to) {
                ++converged;
            }
        }
    }
    return converged;
}

Point WsWorker::nextStep(Client &client)
{
    // Mostly straight on, sometimes a turn, never straight back unless cornered: a walk that
    // seldom revisits a tile soon, so a received position names its move unambiguously.
    const auto inside = [this](Point p) {
        return p.x >= 0 && p.y >= 0 && p.x < m_shared->grid.width && p.y < m_shared->grid.height;
    };
    const auto r = m_random() % 10;
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

void WsWorker::sendMove(Client &client, std::int64_t)
{
    --client.movesLeft;
    const Point to = nextStep(client);
    char json[96];
    const int n =
        std::snprintf(json, sizeof json, R"({"type":"user-move","data":{"position":{"x":%d,"y":%d}}})", to.x, to.y);
    if (!m_shared->logs[client.index].append(SentMove{nowNs(), to})) {
        return;
    }
    client.position = to; // a move-rejected corrects it
    sendFrame(client, Text, std::string_view(json, static_cast<std::size_t>(n)));
    ++m_stats.sent;
}

} // namespace Metaverse::Bench
