// SPDX-License-Identifier: GPL-3.0-or-later
#include "guardedtcpserver.h"
#include "httpframingscanner.h"
#include "problem.h"
#include "units.h"

#include <QByteArrayView>
#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QPointer>
#include <QSet>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
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
constexpr qint64 kMinPeekWindow = 4096;

// The guard's own refusals; the framing ones are HttpFramingScanner's.
constexpr GuardProblem kHeaderTimeout{408, "header timeout", "The request headers were not received in time."};
constexpr GuardProblem kTooManyConnections{
    503, "too many connections", "Too many concurrent connections from this address."};

// The whole reply to a refused request: a problem+json body (problem.cpp) and Connection: close.
QByteArray problemResponse(const GuardProblem &problem)
{
    const QByteArray body =
        problemBody(Error{ErrorCode::Invalid, QString::fromLatin1(problem.detail), {}, 0}, problem.status, QString());
    return "HTTP/1.1 " + QByteArray::number(problem.status) + ' ' + httpReason(problem.status).toLatin1() +
        "\r\nContent-Type: application/problem+json\r\nContent-Length: " + QByteArray::number(body.size()) +
        "\r\nConnection: close\r\n\r\n" + body;
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
    std::optional<QSslConfiguration> tls;
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
    void reject(const GuardProblem &problem);
    void sweep(qint64 now);
    void detach();

private:
    // Where the connection stands; while Scanning, the scanner knows the request's framing.
    enum class Phase {
        Scanning,
        PendingReject,
        Rejected,
        Closing,
    };

    void onReadyRead();
    void onAfterReadyRead();
    void onBytesWritten();
    void releaseCount();
    void inspect(qint64 available);
    void violation(const GuardProblem &problem);
    void discardInput();
    void maybeHalfClose();
    void closeIdle(qint64 now);
    [[nodiscard]] qint64 unreadStart() const { return m_bufferEnd - m_unread; }

    GuardedTcpServerPrivate *m_server;
    QTcpSocket *m_socket;
    const QHostAddress m_peer;
    bool m_counted;
    const bool m_ownedByGuard; // never handed to the HTTP server (503): the guard deletes the socket
    QMetaObject::Connection m_beforeConnection;

    Phase m_phase = Phase::Scanning;
    HttpFramingScanner m_scanner;
    qint64 m_bufferEnd = 0; // stream offset just past the newest byte the tracker knows about
    qint64 m_unread = 0; // how many of those are still unread in the socket buffer
    qint64 m_lastActivity = 0;
    qint64 m_headStart = 0; // when the scanner started reading the current request head

    // rejection
    const GuardProblem *m_pending = nullptr;
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
    , m_scanner(server->limits)
{
    const qint64 now = server->now();
    m_lastActivity = now;
    m_headStart = now;
    server->registerTracker(this);
    connect(socket, &QAbstractSocket::disconnected, this, &ConnectionGuardTracker::releaseCount);
    connect(socket, &QIODevice::bytesWritten, this, &ConnectionGuardTracker::onBytesWritten);
    if (auto *tls = qobject_cast<QSslSocket *>(socket)) {
        connect(tls, &QSslSocket::encryptedBytesWritten, this, &ConnectionGuardTracker::onBytesWritten);
    }
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
    if (m_phase == Phase::Scanning && !m_scanner.isUpgraded()) {
        inspect(available);
    }
}

void ConnectionGuardTracker::onAfterReadyRead()
{
    m_unread = m_socket->bytesAvailable();
    if (m_phase == Phase::PendingReject && unreadStart() >= m_scanner.requestStart()) {
        reject(*m_pending);
    }
}

void ConnectionGuardTracker::onBytesWritten()
{
    if (!m_server) {
        return;
    }
    m_lastActivity = m_server->now();
    if (m_phase == Phase::Rejected) {
        maybeHalfClose();
    }
}

void ConnectionGuardTracker::inspect(qint64 available)
{
    const qint64 base = unreadStart(); // stream offset of the first unread byte
    QByteArray &scratch = m_server->scratch;
    qint64 window = 0; // scratch holds the unread bytes [0, window)
    while (m_scanner.consumed() < m_bufferEnd && !m_scanner.isUpgraded()) {
        const qint64 seen = m_scanner.consumed();
        if (!m_scanner.wantsLine()) {
            // Body bytes are only counted, never copied.
            m_scanner.skipBody(std::min(m_scanner.bodyBytesWanted(), m_bufferEnd - seen));
            continue;
        }
        const qint64 offset = seen - base;
        if (offset >= window) {
            // peek() copies from the start of the unread data; grow the window geometrically so that many small
            // pipelined requests or chunks in one read stay linear, and copy headers only as far as the header
            // limit can reach.
            const qint64 headRoom = m_server->limits.maxHeaderBytes > 0
                ? qint64(m_server->limits.maxHeaderBytes) - m_scanner.headBytes() + 1
                : kMinPeekWindow;
            window = std::min(available, std::max({offset + kMinPeekWindow, offset + headRoom, 2 * window}));
            if (scratch.size() < window) {
                scratch.resize(window);
            }
            const qint64 got = m_socket->peek(scratch.data(), window);
            window = std::max<qint64>(got, 0);
            if (offset >= window) {
                qCWarning(lcGuard) << "socket buffer shorter than expected; passing the connection through";
                m_scanner.passThrough();
                return;
            }
        }
        const bool wasReadingHead = m_scanner.isReadingHead();
        const auto step = m_scanner.scanLine(
            QByteArrayView(scratch.constData() + offset, std::min(window - offset, m_bufferEnd - seen)));
        if (!wasReadingHead && m_scanner.isReadingHead()) {
            m_headStart = m_server->now();
        }
        if (step.problem) {
            violation(*step.problem);
            return;
        }
    }
    if (scratch.capacity() > MiB) {
        scratch = QByteArray(); // do not keep a large chunked read around
    }
}

void ConnectionGuardTracker::violation(const GuardProblem &problem)
{
    if (m_scanner.requestStart() > unreadStart()) {
        // Complete pipelined requests precede the offending one and Qt has not read them yet: let it answer
        // them first (it reads one message per readyRead), then reject before it reads the offending one.
        m_phase = Phase::PendingReject;
        m_pending = &problem;
        m_pendingSince = m_server->now();
        return;
    }
    reject(problem);
}

void ConnectionGuardTracker::reject(const GuardProblem &problem)
{
    if (!m_server || m_phase == Phase::Rejected) {
        return;
    }
    m_phase = Phase::Rejected;
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
    if (auto *tls = qobject_cast<QSslSocket *>(m_socket)) {
        if (tls->encryptedBytesToWrite() > 0) {
            return; // the reply is still being encrypted and sent: close after the last record
        }
        // A TCP half-close under TLS would cut the session without close_notify and clients drop
        // the reply with it: QSslSocket sends close_notify, then closes.
        m_halfClosed = true;
        tls->disconnectFromHost();
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
    m_phase = Phase::Closing;
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
    switch (m_phase) {
    case Phase::Rejected:
    case Phase::Closing:
        if (now >= m_closeDeadline) {
            m_socket->abort();
            if (m_ownedByGuard) {
                m_socket->deleteLater();
            }
        }
        return;
    case Phase::PendingReject:
        if (now - m_pendingSince >= kPendingRejectMs) {
            reject(*m_pending);
        }
        return;
    case Phase::Scanning:
        if (m_scanner.isUpgraded() && !m_beforeConnection) {
            return; // the WebSocket server took the socket over (it disconnects readyRead): no timeouts
        }
        break;
    }
    const GuardLimits &limits = m_server->limits;
    if (m_scanner.isReadingHead() && limits.headerTimeoutMs > 0 && now - m_headStart >= limits.headerTimeoutMs) {
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

void GuardedTcpServer::setTls(std::optional<QSslConfiguration> tls)
{
    m_d->tls = std::move(tls);
}

int GuardedTcpServer::openConnections() const
{
    return m_d->open;
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    QTcpSocket *socket = nullptr;
    if (m_d->tls) {
        auto *tls = new QSslSocket(this);
        tls->setSslConfiguration(*m_d->tls);
        socket = tls;
    } else {
        socket = new QTcpSocket(this);
    }
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
    if (auto *tls = qobject_cast<QSslSocket *>(socket)) {
        connect(tls, &QSslSocket::sslErrors, tls, [tls](const QList<QSslError> &errors) {
            qCDebug(lcGuard) << "TLS handshake with" << tls->peerAddress() << "failed:" << errors;
        });
        tls->startServerEncryption();
    }
    const QHostAddress peer = addressKey(socket->peerAddress());
    const int cap = m_d->limits.maxConnectionsPerAddress;
    if (cap > 0 && m_d->countFor(peer) >= cap && !m_d->limits.trustedProxies.contains(peer)) {
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
