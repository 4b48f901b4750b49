// SPDX-License-Identifier: GPL-3.0-or-later
#include "guardedtcpserver.h"
#include "units.h"

#include <QByteArrayView>
#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QPointer>
#include <QSet>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace Metaverse
{

namespace
{

Q_LOGGING_CATEGORY(lcGuard, "metaverse.http.guard")

// After a rejection the connection is drained (input discarded) for at most this long / this many bytes
// before it is aborted, so that a client that is still sending can read the reply instead of getting a reset.
constexpr qint64 kLingerMs = 2000;
constexpr qint64 kMaxLingerBytes = 8 * MiB;
constexpr qint64 kLingerReadBuffer = 64 * KiB;
// A rejection found behind complete pipelined requests waits for Qt to consume those; this long at most.
constexpr qint64 kPendingRejectMs = 1000;
constexpr qsizetype kMaxChunkLine = 1024;
constexpr qint64 kMinPeekWindow = 4096;
constexpr qint64 kUnlimited = std::numeric_limits<qint64>::max();

struct Problem {
    int status;
    const char *title;
    const char *reason; // for the rejected() signal and the log
    const char *detail; // sent to the client; fixed text, never request contents
};

constexpr Problem kBodyTooLarge{
    413, "Content Too Large", "content-length over limit", "The request body exceeds the size limit."};
constexpr Problem kChunkedTooLarge{
    413, "Content Too Large", "chunked body over limit", "The request body exceeds the size limit."};
constexpr Problem kHeaderTooLarge{
    431, "Request Header Fields Too Large", "header too large", "The request line and headers exceed the size limit."};
constexpr Problem kHeaderTimeout{
    408, "Request Timeout", "header timeout", "The request headers were not received in time."};
constexpr Problem kTooManyConnections{
    503, "Service Unavailable", "too many connections", "Too many concurrent connections from this address."};
constexpr Problem kBadContentLength{
    400, "Bad Request", "invalid content-length", "The Content-Length header is invalid."};
constexpr Problem kConflictingFraming{400, "Bad Request", "content-length with transfer-encoding",
    "Content-Length and Transfer-Encoding must not be combined."};
constexpr Problem kBadTransferEncoding{
    400, "Bad Request", "unsupported transfer-encoding", "Only the chunked transfer coding is supported."};
constexpr Problem kBadFramingHeader{
    400, "Bad Request", "malformed framing header", "The Content-Length or Transfer-Encoding header is malformed."};
constexpr Problem kBadChunk{400, "Bad Request", "invalid chunked framing", "The chunked request body is malformed."};

QByteArray problemResponse(const Problem &problem)
{
    const QByteArray status = QByteArray::number(problem.status);
    const QByteArray body = "{\"type\":\"about:blank\",\"title\":\"" + QByteArray(problem.title) +
        "\",\"status\":" + status + ",\"detail\":\"" + QByteArray(problem.detail) + "\"}";
    return "HTTP/1.1 " + status + ' ' + QByteArray(problem.title) +
        "\r\nContent-Type: application/problem+json\r\nContent-Length: " + QByteArray::number(body.size()) +
        "\r\nConnection: close\r\n\r\n" + body;
}

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
}

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmedOws(QByteArrayView v)
{
    while (!v.isEmpty() && isOws(v.front())) {
        v = v.sliced(1);
    }
    while (!v.isEmpty() && isOws(v.back())) {
        v.chop(1);
    }
    return v;
}

// Whether the comma-separated header value contains token (case-insensitive).
bool containsToken(QByteArrayView value, QByteArrayView token)
{
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView item = trimmedOws(comma < 0 ? value : value.first(comma));
        if (equalsIgnoreCase(item, token)) {
            return true;
        }
        if (comma < 0) {
            break;
        }
        value = value.sliced(comma + 1);
    }
    return false;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// The key connections are counted under: IPv4-mapped IPv6 addresses count as their IPv4 address.
QHostAddress addressKey(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4) {
        return QHostAddress(v4);
    }
    QHostAddress key(address);
    key.setScopeId(QString());
    return key;
}

} // namespace

class ConnectionGuardTracker;

class GuardedTcpServerPrivate
{
public:
    GuardedTcpServerPrivate(GuardedTcpServer *server, GuardLimits guardLimits);

    [[nodiscard]] qint64 now() const { return clock.elapsed(); }
    [[nodiscard]] int countFor(const QHostAddress &key) const { return perAddress.value(key); }
    void acquire(const QHostAddress &key);
    void release(const QHostAddress &key);
    void registerTracker(ConnectionGuardTracker *tracker);
    void unregisterTracker(ConnectionGuardTracker *tracker);
    void sweep();

    GuardedTcpServer *q;
    const GuardLimits limits;
    QHash<QHostAddress, int> perAddress;
    int open = 0;
    QSet<ConnectionGuardTracker *> trackers;
    QTimer sweepTimer;
    QElapsedTimer clock;
    QByteArray scratch; // peek buffer shared by all connections of this server (one thread)
};

// Watches one socket; a child of it, so it lives exactly as long as the socket. Its readyRead slot is connected
// before Qt's HTTP parser and an "after" slot after it: bytes the tracker has seen but the parser has not yet read
// (Qt 6.4 reads one pipelined message per readyRead and re-emits readyRead for the rest) are remembered, so
// every byte is inspected exactly once. Positions are absolute offsets in the connection's input stream.
class ConnectionGuardTracker : public QObject
{
public:
    ConnectionGuardTracker(
        GuardedTcpServerPrivate *server, QTcpSocket *socket, const QHostAddress &peer, bool counted, bool ownedByGuard);
    ~ConnectionGuardTracker() override;

    void attachBeforeHandover();
    void attachAfterHandover();
    void reject(const Problem &problem);
    void sweep(qint64 now);
    void detach();

private:
    enum class State {
        Head,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailer,
        Upgraded, // passed through untouched from here on
        PendingReject,
        Rejected,
        Closing,
    };

    void onReadyRead();
    void onAfterReadyRead();
    void onBytesWritten();
    void releaseCount();
    void inspect(qint64 available);
    bool countLineBytes(qint64 bytes);
    const Problem *handleLine(QByteArrayView line);
    const Problem *handleHeadLine(QByteArrayView line);
    const Problem *handleRequestLine(QByteArrayView line);
    const Problem *handleContentLength(QByteArrayView value);
    const Problem *headersComplete();
    const Problem *handleChunkSize(QByteArrayView line);
    void finishRequest();
    void violation(const Problem &problem);
    void discardInput();
    void maybeHalfClose();
    void closeIdle(qint64 now);
    [[nodiscard]] qint64 bodyLimit() const;
    // What Qt 6.4 hands to its QWebSocketServer (or closes): http_parser's upgrade flag (Upgrade plus
    // "Connection: upgrade", or CONNECT) with "Upgrade: websocket"; without a body right after the headers, with
    // one after the body. Other upgrades and CONNECT are served as plain HTTP by Qt 6.4, so they stay guarded.
    [[nodiscard]] bool isWebSocketUpgrade() const { return m_webSocketUpgrade && (m_connectionUpgrade || m_isConnect); }
    [[nodiscard]] qint64 unreadStart() const { return m_bufferEnd - m_unread; }

    GuardedTcpServerPrivate *m_server;
    QTcpSocket *m_socket;
    const QHostAddress m_peer;
    bool m_counted;
    const bool m_ownedByGuard; // never handed to the HTTP server (503): the guard deletes the socket
    QMetaObject::Connection m_beforeConnection;

    State m_state = State::Head;
    qint64 m_bufferEnd = 0; // stream offset just past the newest byte the tracker knows about
    qint64 m_unread = 0; // how many of those are still unread in the socket buffer
    qint64 m_seen = 0; // stream offset of the next byte to inspect
    qint64 m_requestStart = 0; // stream offset where the current request began
    qint64 m_lastActivity = 0;
    qint64 m_headStart = 0;
    bool m_headTimerRunning = true; // the first request's clock starts at accept

    // the current request
    QByteArray m_line; // partial line carried over between reads
    qint64 m_headBytes = 0;
    qint64 m_contentLength = -1;
    qint64 m_remaining = 0;
    qint64 m_bodyTotal = 0;
    int m_transferEncodings = 0;
    bool m_chunked = false;
    bool m_sawRequestLine = false;
    bool m_isConnect = false;
    bool m_isUpload = false;
    bool m_webSocketUpgrade = false;
    bool m_connectionUpgrade = false;
    bool m_lastHeaderFraming = false;

    // rejection
    const Problem *m_pending = nullptr;
    qint64 m_pendingSince = 0;
    qint64 m_closeDeadline = 0;
    qint64 m_drained = 0;
    bool m_halfClosed = false;
};

ConnectionGuardTracker::ConnectionGuardTracker(
    GuardedTcpServerPrivate *server, QTcpSocket *socket, const QHostAddress &peer, bool counted, bool ownedByGuard)
    : QObject(socket)
    , m_server(server)
    , m_socket(socket)
    , m_peer(peer)
    , m_counted(counted)
    , m_ownedByGuard(ownedByGuard)
{
    const qint64 now = server->now();
    m_lastActivity = now;
    m_headStart = now;
    server->registerTracker(this);
    connect(socket, &QAbstractSocket::disconnected, this, &ConnectionGuardTracker::releaseCount);
    connect(socket, &QIODevice::bytesWritten, this, &ConnectionGuardTracker::onBytesWritten);
}

ConnectionGuardTracker::~ConnectionGuardTracker()
{
    // Runs while the socket is being destroyed: touch only the server's bookkeeping.
    if (m_server) {
        releaseCount();
        m_server->unregisterTracker(this);
    }
}

void ConnectionGuardTracker::attachBeforeHandover()
{
    m_beforeConnection = connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuardTracker::onReadyRead);
}

void ConnectionGuardTracker::attachAfterHandover()
{
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuardTracker::onAfterReadyRead);
}

void ConnectionGuardTracker::detach()
{
    m_server = nullptr;
    m_counted = false;
}

void ConnectionGuardTracker::releaseCount()
{
    if (m_counted && m_server) {
        m_counted = false;
        m_server->release(m_peer);
    }
}

qint64 ConnectionGuardTracker::bodyLimit() const
{
    const qint64 limit = m_isUpload ? m_server->limits.maxUploadBytes : m_server->limits.maxBodyBytes;
    return limit < 0 ? kUnlimited : limit;
}

void ConnectionGuardTracker::onReadyRead()
{
    if (!m_server) {
        return;
    }
    const qint64 available = m_socket->bytesAvailable();
    const qint64 fresh = available - m_unread;
    if (fresh < 0) {
        // Someone read without the "after" slot noticing; cannot happen with QAbstractHttpServer.
        qCDebug(lcGuard) << "input consumed outside readyRead; resynchronising";
        m_unread = available;
        return;
    }
    m_unread = available;
    if (fresh == 0) {
        return; // Qt re-emitting readyRead for pipelined bytes the tracker has already inspected
    }
    m_bufferEnd += fresh;
    m_lastActivity = m_server->now();
    switch (m_state) {
    case State::Upgraded:
    case State::PendingReject:
    case State::Rejected:
    case State::Closing:
        m_seen = m_bufferEnd;
        return;
    default:
        inspect(available);
    }
}

void ConnectionGuardTracker::onAfterReadyRead()
{
    m_unread = m_socket->bytesAvailable();
    if (m_state == State::PendingReject && unreadStart() >= m_requestStart) {
        reject(*m_pending);
    }
}

void ConnectionGuardTracker::onBytesWritten()
{
    if (!m_server) {
        return;
    }
    m_lastActivity = m_server->now();
    if (m_state == State::Rejected) {
        maybeHalfClose();
    }
}

void ConnectionGuardTracker::inspect(qint64 available)
{
    const qint64 base = unreadStart(); // stream offset of the first unread byte
    QByteArray &scratch = m_server->scratch;
    qint64 window = 0; // scratch holds the unread bytes [0, window)
    while (m_seen < m_bufferEnd) {
        switch (m_state) {
        case State::Body:
        case State::ChunkData: {
            // Body bytes are only counted, never copied.
            const qint64 n = std::min(m_remaining, m_bufferEnd - m_seen);
            m_remaining -= n;
            m_seen += n;
            if (m_remaining == 0) {
                if (m_state == State::Body) {
                    finishRequest();
                } else {
                    m_state = State::ChunkDataEnd;
                }
            }
            break;
        }
        case State::Head:
        case State::ChunkSize:
        case State::ChunkDataEnd:
        case State::Trailer: {
            const qint64 offset = m_seen - base;
            if (offset >= window) {
                // peek() copies from the start of the unread data; grow the window geometrically so that many
                // small pipelined requests or chunks in one read stay linear, and copy headers only as far as
                // the header limit can reach.
                const qint64 headRoom = m_server->limits.maxHeaderBytes > 0
                    ? qint64(m_server->limits.maxHeaderBytes) - m_headBytes + 1
                    : kMinPeekWindow;
                window = std::min(available, std::max({offset + kMinPeekWindow, offset + headRoom, 2 * window}));
                if (scratch.size() < window) {
                    scratch.resize(window);
                }
                const qint64 got = m_socket->peek(scratch.data(), window);
                window = std::max<qint64>(got, 0);
                if (offset >= window) {
                    qCWarning(lcGuard) << "socket buffer shorter than expected; passing the connection through";
                    m_state = State::Upgraded;
                    return;
                }
            }
            const char *data = scratch.constData() + offset;
            const qint64 size = std::min(window - offset, m_bufferEnd - m_seen);
            const auto *newline = static_cast<const char *>(std::memchr(data, '\n', static_cast<size_t>(size)));
            const qint64 take = newline ? (newline - data) + 1 : size;
            if (!countLineBytes(take)) {
                return;
            }
            m_seen += take;
            if (!newline) {
                m_line.append(data, take);
                break;
            }
            QByteArrayView line;
            if (m_line.isEmpty()) {
                line = QByteArrayView(data, take - 1);
            } else {
                m_line.append(data, take - 1);
                line = m_line;
            }
            if (line.endsWith('\r')) {
                line.chop(1);
            }
            const Problem *problem = handleLine(line);
            m_line.resize(0);
            if (problem) {
                violation(*problem);
                return;
            }
            break;
        }
        case State::Upgraded:
        case State::PendingReject:
        case State::Rejected:
        case State::Closing:
            m_seen = m_bufferEnd;
            return;
        }
    }
    if (scratch.capacity() > MiB) {
        scratch = QByteArray(); // do not keep a large chunked read around
    }
}

bool ConnectionGuardTracker::countLineBytes(qint64 bytes)
{
    switch (m_state) {
    case State::Head:
        if (!m_headTimerRunning && m_headBytes == 0) {
            m_headTimerRunning = true;
            m_headStart = m_server->now();
        }
        [[fallthrough]];
    case State::Trailer:
        m_headBytes += bytes;
        if (m_server->limits.maxHeaderBytes > 0 && m_headBytes > m_server->limits.maxHeaderBytes) {
            violation(kHeaderTooLarge);
            return false;
        }
        return true;
    case State::ChunkSize:
    case State::ChunkDataEnd:
        if (m_line.size() + bytes > kMaxChunkLine) {
            violation(kBadChunk);
            return false;
        }
        return true;
    default:
        return true;
    }
}

const Problem *ConnectionGuardTracker::handleLine(QByteArrayView line)
{
    switch (m_state) {
    case State::Head:
        return handleHeadLine(line);
    case State::ChunkSize:
        return handleChunkSize(line);
    case State::ChunkDataEnd:
        if (!line.isEmpty()) {
            return &kBadChunk;
        }
        m_state = State::ChunkSize;
        return nullptr;
    case State::Trailer:
        if (line.isEmpty()) {
            finishRequest();
        }
        return nullptr;
    default:
        return nullptr;
    }
}

const Problem *ConnectionGuardTracker::handleHeadLine(QByteArrayView line)
{
    if (!m_sawRequestLine) {
        if (line.isEmpty()) {
            return nullptr; // empty lines before a request line are tolerated (RFC 9112 2.2)
        }
        m_sawRequestLine = true;
        return handleRequestLine(line);
    }
    if (line.isEmpty()) {
        return headersComplete();
    }
    if (isOws(line.front())) {
        // obs-fold: a continuation of a framing header could hide a second value from us
        return m_lastHeaderFraming ? &kBadFramingHeader : nullptr;
    }
    m_lastHeaderFraming = false;
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0) {
        return nullptr; // Qt's parser rejects it
    }
    const QByteArrayView name = line.first(colon);
    const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
    switch (name.front()) {
    case 'c':
    case 'C':
        if (equalsIgnoreCase(name, "content-length")) {
            m_lastHeaderFraming = true;
            return handleContentLength(value);
        }
        if (equalsIgnoreCase(name, "connection")) {
            m_connectionUpgrade = m_connectionUpgrade || containsToken(value, "upgrade");
        }
        break;
    case 't':
    case 'T':
        if (equalsIgnoreCase(name, "transfer-encoding")) {
            m_lastHeaderFraming = true;
            ++m_transferEncodings;
            m_chunked = m_transferEncodings == 1 && equalsIgnoreCase(value, "chunked");
        }
        break;
    case 'u':
    case 'U':
        if (equalsIgnoreCase(name, "upgrade")) {
            m_webSocketUpgrade = equalsIgnoreCase(value, "websocket");
        }
        break;
    default:
        break;
    }
    if (isOws(name.back())) {
        // "Content-Length : 5" must not slip past us (RFC 9112 5.1)
        const QByteArrayView trimmedName = trimmedOws(name);
        if (equalsIgnoreCase(trimmedName, "content-length") || equalsIgnoreCase(trimmedName, "transfer-encoding")) {
            return &kBadFramingHeader;
        }
    }
    return nullptr;
}

const Problem *ConnectionGuardTracker::handleRequestLine(QByteArrayView line)
{
    const qsizetype methodEnd = line.indexOf(' ');
    if (methodEnd <= 0) {
        return nullptr; // Qt's parser rejects it
    }
    m_isConnect = line.first(methodEnd) == QByteArrayView("CONNECT");
    QByteArrayView target = line.sliced(methodEnd + 1);
    const qsizetype targetEnd = target.indexOf(' ');
    if (targetEnd >= 0) {
        target = target.first(targetEnd);
    }
    if (!target.startsWith('/')) {
        // absolute-form: skip scheme and authority
        const qsizetype scheme = target.indexOf("://");
        if (scheme < 0) {
            return nullptr;
        }
        const qsizetype pathStart = target.indexOf('/', scheme + 3);
        if (pathStart < 0) {
            return nullptr;
        }
        target = target.sliced(pathStart);
    }
    qsizetype pathEnd = target.size();
    for (const char stop : {'?', '#'}) {
        const qsizetype at = target.indexOf(stop);
        if (at >= 0) {
            pathEnd = std::min(pathEnd, at);
        }
    }
    const QByteArrayView path = target.first(pathEnd);
    // A path that could walk out of the upload area after decoding/normalisation gets the normal limit.
    if (path.contains("..") || path.contains("%2e") || path.contains("%2E")) {
        return nullptr;
    }
    for (const QByteArray &prefix : m_server->limits.uploadPathPrefixes) {
        if (!prefix.isEmpty() && path.startsWith(prefix)) {
            m_isUpload = true;
            break;
        }
    }
    return nullptr;
}

const Problem *ConnectionGuardTracker::handleContentLength(QByteArrayView value)
{
    if (value.isEmpty()) {
        return &kBadContentLength;
    }
    qint64 length = 0;
    for (const char c : value) {
        if (c < '0' || c > '9') {
            return &kBadContentLength; // also rejects "-1", "+1", "1,1" and "0x10"
        }
        if (length > (kUnlimited - 9) / 10) {
            length = kUnlimited; // absurdly large: certainly over any limit
        } else {
            length = length * 10 + (c - '0');
        }
    }
    if (m_contentLength >= 0 && m_contentLength != length) {
        return &kBadContentLength;
    }
    m_contentLength = length;
    return nullptr;
}

const Problem *ConnectionGuardTracker::headersComplete()
{
    m_headTimerRunning = false;
    m_lastHeaderFraming = false;
    if (m_transferEncodings > 0) {
        if (m_contentLength >= 0) {
            return &kConflictingFraming;
        }
        if (!m_chunked) {
            return &kBadTransferEncoding;
        }
    }
    const bool upgrade = isWebSocketUpgrade();
    if (m_chunked) {
        m_state = State::ChunkSize;
        m_bodyTotal = 0;
        return nullptr;
    }
    if (m_contentLength > 0) {
        if (m_contentLength > bodyLimit()) {
            return &kBodyTooLarge;
        }
        m_state = State::Body;
        m_remaining = m_contentLength;
        return nullptr;
    }
    if (upgrade) {
        m_state = State::Upgraded;
        return nullptr;
    }
    finishRequest();
    return nullptr;
}

const Problem *ConnectionGuardTracker::handleChunkSize(QByteArrayView line)
{
    const qsizetype extension = line.indexOf(';');
    const QByteArrayView digits = trimmedOws(extension >= 0 ? line.first(extension) : line);
    if (digits.isEmpty()) {
        return &kBadChunk;
    }
    qint64 size = 0;
    for (const char c : digits) {
        const int value = hexValue(c);
        if (value < 0) {
            return &kBadChunk;
        }
        if (size > (kUnlimited >> 4)) {
            return &kChunkedTooLarge;
        }
        size = size * 16 + value;
    }
    if (size == 0) {
        m_state = State::Trailer;
        m_headBytes = 0; // trailers get their own header budget
        return nullptr;
    }
    m_bodyTotal = size > kUnlimited - m_bodyTotal ? kUnlimited : m_bodyTotal + size;
    if (m_bodyTotal > bodyLimit()) {
        return &kChunkedTooLarge;
    }
    m_remaining = size;
    m_state = State::ChunkData;
    return nullptr;
}

void ConnectionGuardTracker::finishRequest()
{
    const bool upgrade = isWebSocketUpgrade();
    m_state = upgrade ? State::Upgraded : State::Head;
    m_requestStart = m_seen;
    m_headTimerRunning = false;
    m_line.resize(0);
    m_headBytes = 0;
    m_contentLength = -1;
    m_remaining = 0;
    m_bodyTotal = 0;
    m_transferEncodings = 0;
    m_chunked = false;
    m_sawRequestLine = false;
    m_isConnect = false;
    m_isUpload = false;
    m_webSocketUpgrade = false;
    m_connectionUpgrade = false;
    m_lastHeaderFraming = false;
}

void ConnectionGuardTracker::violation(const Problem &problem)
{
    if (m_requestStart > unreadStart()) {
        // Complete pipelined requests precede the offending one and Qt has not read them yet: let it answer
        // them first (it reads one message per readyRead), then reject before it reads the offending one.
        m_state = State::PendingReject;
        m_pending = &problem;
        m_pendingSince = m_server->now();
        m_seen = m_bufferEnd;
        return;
    }
    reject(problem);
}

void ConnectionGuardTracker::reject(const Problem &problem)
{
    if (!m_server || m_state == State::Rejected) {
        return;
    }
    m_state = State::Rejected;
    m_seen = m_bufferEnd;
    m_closeDeadline = m_server->now() + kLingerMs;
    // Qt's parser must never see this connection's input again (it may hold a partial request: abandoned).
    QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
    if (m_socket->isTransactionStarted()) {
        m_socket->commitTransaction(); // otherwise the discarded input would be kept for a rollback
    }
    m_socket->setReadBufferSize(kLingerReadBuffer);
    discardInput();
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuardTracker::discardInput);
    qCDebug(lcGuard) << "rejecting connection from" << m_peer << "with" << problem.status << problem.reason;
    if (m_socket->state() == QAbstractSocket::ConnectedState) {
        m_socket->write(problemResponse(problem));
        m_socket->flush();
        maybeHalfClose();
    } else {
        m_socket->abort();
    }
    const QHostAddress peer = m_peer;
    Q_EMIT m_server->q->rejected(problem.status, QString::fromLatin1(problem.reason), peer);
}

void ConnectionGuardTracker::discardInput()
{
    const qint64 n = m_socket->bytesAvailable();
    if (n > 0) {
        m_drained += m_socket->skip(n);
    }
    if (m_drained > kMaxLingerBytes && m_socket->state() != QAbstractSocket::UnconnectedState) {
        m_socket->abort();
    }
}

void ConnectionGuardTracker::maybeHalfClose()
{
    if (m_halfClosed || m_socket->bytesToWrite() > 0 || m_socket->state() != QAbstractSocket::ConnectedState) {
        return;
    }
    m_halfClosed = true;
#ifdef Q_OS_UNIX
    // Send FIN after the reply but keep reading (and discarding) so the client sees the reply, not a reset.
    if (::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR) == 0) {
        return;
    }
#endif
    m_socket->disconnectFromHost();
}

void ConnectionGuardTracker::closeIdle(qint64 now)
{
    qCDebug(lcGuard) << "closing idle connection from" << m_peer;
    m_state = State::Closing;
    m_closeDeadline = now + kLingerMs;
    m_socket->disconnectFromHost();
}

void ConnectionGuardTracker::sweep(qint64 now)
{
    if (!m_server) {
        return;
    }
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        releaseCount(); // in case the disconnected signal was disconnected from us
        if (m_ownedByGuard) {
            m_socket->deleteLater();
        }
        return;
    }
    switch (m_state) {
    case State::Rejected:
    case State::Closing:
        if (now >= m_closeDeadline) {
            m_socket->abort();
            if (m_ownedByGuard) {
                m_socket->deleteLater();
            }
        }
        return;
    case State::PendingReject:
        if (now - m_pendingSince >= kPendingRejectMs) {
            reject(*m_pending);
        }
        return;
    case State::Upgraded:
        if (!m_beforeConnection) {
            return; // the WebSocket server took the socket over (it disconnects readyRead): no timeouts
        }
        break;
    default:
        break;
    }
    const GuardLimits &limits = m_server->limits;
    if (m_headTimerRunning && limits.headerTimeoutMs > 0 && now - m_headStart >= limits.headerTimeoutMs) {
        reject(kHeaderTimeout);
        return;
    }
    if (limits.idleTimeoutMs > 0 && now - m_lastActivity >= limits.idleTimeoutMs) {
        closeIdle(now);
    }
}

GuardedTcpServerPrivate::GuardedTcpServerPrivate(GuardedTcpServer *server, GuardLimits guardLimits)
    : q(server)
    , limits(std::move(guardLimits))
{
    clock.start();
    int interval = 1000;
    for (const int timeout : {limits.headerTimeoutMs, limits.idleTimeoutMs}) {
        if (timeout > 0) {
            interval = std::min(interval, timeout / 4);
        }
    }
    sweepTimer.setInterval(std::max(interval, 10));
    QObject::connect(&sweepTimer, &QTimer::timeout, q, [this] { sweep(); });
}

void GuardedTcpServerPrivate::acquire(const QHostAddress &key)
{
    ++perAddress[key];
    ++open;
}

void GuardedTcpServerPrivate::release(const QHostAddress &key)
{
    const auto it = perAddress.find(key);
    if (it != perAddress.end() && --it.value() <= 0) {
        perAddress.erase(it);
    }
    if (open > 0) {
        --open;
    }
}

void GuardedTcpServerPrivate::registerTracker(ConnectionGuardTracker *tracker)
{
    trackers.insert(tracker);
    if (!sweepTimer.isActive()) {
        sweepTimer.start();
    }
}

void GuardedTcpServerPrivate::unregisterTracker(ConnectionGuardTracker *tracker)
{
    trackers.remove(tracker);
    if (trackers.isEmpty()) {
        sweepTimer.stop();
    }
}

void GuardedTcpServerPrivate::sweep()
{
    const qint64 timeNow = now();
    // A tracker may be destroyed while others are swept (a socket deleted from a disconnected handler).
    std::vector<QPointer<ConnectionGuardTracker>> snapshot;
    snapshot.reserve(static_cast<size_t>(trackers.size()));
    for (ConnectionGuardTracker *tracker : std::as_const(trackers)) {
        snapshot.emplace_back(tracker);
    }
    for (const auto &tracker : snapshot) {
        if (tracker) {
            tracker->sweep(timeNow);
        }
    }
}

GuardedTcpServer::GuardedTcpServer(GuardLimits limits, QObject *parent)
    : QTcpServer(parent)
    , m_d(std::make_unique<GuardedTcpServerPrivate>(this, std::move(limits)))
{
}

GuardedTcpServer::~GuardedTcpServer()
{
    // The sockets (our children, or reparented elsewhere) may outlive m_d.
    for (ConnectionGuardTracker *tracker : std::as_const(m_d->trackers)) {
        tracker->detach();
    }
    m_d->trackers.clear();
    m_d->sweepTimer.stop();
}

int GuardedTcpServer::openConnections() const
{
    return m_d->open;
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcGuard) << "cannot adopt an accepted connection:" << socket->errorString();
        delete socket;
#ifdef Q_OS_UNIX
        ::close(static_cast<int>(socketDescriptor));
#endif
        return;
    }
    // Responses go out as separate header and body writes; without TCP_NODELAY the body waits
    // for the client's delayed ACK of the headers (about 40 ms per response on Linux).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const QHostAddress peer = addressKey(socket->peerAddress());
    const int cap = m_d->limits.maxConnectionsPerAddress;
    if (cap > 0 && m_d->countFor(peer) >= cap) {
        // Never handed to the HTTP server; the guard answers, drains and deletes it.
        auto *tracker = new ConnectionGuardTracker(m_d.get(), socket, peer, false, true);
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        tracker->reject(kTooManyConnections);
        return;
    }
    m_d->acquire(peer);
    auto *tracker = new ConnectionGuardTracker(m_d.get(), socket, peer, true, false);
    // Qt 6.4's QAbstractHttpServer::bind() listens to pendingConnectionAvailable, which addPendingConnection()
    // emits: the HTTP server connects its readyRead handler synchronously inside this call.
    tracker->attachBeforeHandover();
    addPendingConnection(socket);
    tracker->attachAfterHandover();
}

} // namespace Metaverse
