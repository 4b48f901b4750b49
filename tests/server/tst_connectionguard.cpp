// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/guardedtcpserver.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

#include <memory>
#include <optional>
#include <vector>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Metaverse;

namespace
{

constexpr qint64 kMiB = 1024 * 1024;

struct Response {
    int status = 0;
    QByteArray head;
    QByteArray body;

    [[nodiscard]] QByteArray header(QByteArrayView name) const
    {
        const QList<QByteArray> lines = head.split('\n');
        for (const QByteArray &line : lines) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0) {
                return line.sliced(colon + 1).trimmed();
            }
        }
        return {};
    }
};

// Runs the event loop until the socket reports something or ms pass (the server runs in this thread).
void waitForSocket(QTcpSocket &socket, int ms)
{
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QAbstractSocket::connected, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QIODevice::readyRead, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QIODevice::bytesWritten, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QAbstractSocket::disconnected, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QAbstractSocket::errorOccurred, &loop, &QEventLoop::quit);
    timer.start(ms);
    loop.exec();
}

// A raw HTTP/1.1 client on a QTcpSocket.
class Client
{
public:
    explicit Client(quint16 port) { socket.connectToHost(QHostAddress::LocalHost, port); }

    bool connected(int ms = 5000)
    {
        QDeadlineTimer deadline(ms);
        while (socket.state() != QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
            waitForSocket(socket, 50);
        }
        return socket.state() == QAbstractSocket::ConnectedState;
    }

    void send(const QByteArray &data)
    {
        socket.write(data);
        socket.flush();
    }

    // The next complete response, or nothing if the connection closed or ms passed first.
    std::optional<Response> next(int ms = 5000)
    {
        QDeadlineTimer deadline(ms);
        for (;;) {
            buffer += socket.readAll();
            if (auto response = parse()) {
                return response;
            }
            if (socket.state() == QAbstractSocket::UnconnectedState || deadline.hasExpired()) {
                return std::nullopt;
            }
            waitForSocket(socket, int(std::max<qint64>(1, deadline.remainingTime())));
        }
    }

    // Whether the server closed the connection within ms (bytes received meanwhile are kept in buffer).
    bool closedByPeer(int ms = 5000)
    {
        QDeadlineTimer deadline(ms);
        while (socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
            waitForSocket(socket, int(std::max<qint64>(1, deadline.remainingTime())));
            buffer += socket.readAll();
        }
        buffer += socket.readAll();
        return socket.state() == QAbstractSocket::UnconnectedState;
    }

    QTcpSocket socket;
    QByteArray buffer;

private:
    std::optional<Response> parse()
    {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0) {
            return std::nullopt;
        }
        Response response;
        response.head = buffer.first(end);
        response.status = response.head.mid(9, 3).toInt();
        const qint64 length = response.header("content-length").toLongLong();
        if (buffer.size() < end + 4 + length) {
            return std::nullopt;
        }
        response.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        return response;
    }
};

// Runs the event loop until fd is ready for type or ms pass.
void waitForFd(int fd, QSocketNotifier::Type type, int ms)
{
    QSocketNotifier notifier(fd, type);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&notifier, &QSocketNotifier::activated, &loop, &QEventLoop::quit);
    timer.start(ms);
    loop.exec();
}

qint64 residentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:")) {
            return line.sliced(6).trimmed().split(' ').constFirst().toLongLong() * 1024;
        }
    }
    return -1;
}

QByteArray post(QByteArrayView path, const QByteArray &body)
{
    return "POST " + path.toByteArray() +
        " HTTP/1.1\r\nHost: test\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray chunked(QByteArrayView path, int chunks, qint64 chunkSize)
{
    QByteArray request = "POST " + path.toByteArray() + " HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n";
    const QByteArray chunk = QByteArray::number(chunkSize, 16) + "\r\n" + QByteArray(chunkSize, 'c') + "\r\n";
    for (int i = 0; i < chunks; ++i) {
        request += chunk;
    }
    return request + "0\r\n\r\n";
}

const QByteArray kGet = "GET /echo HTTP/1.1\r\nHost: test\r\n\r\n";

} // namespace

class TestConnectionGuard : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QHttpServer> m_http;
    QPointer<GuardedTcpServer> m_guard;
    std::unique_ptr<QSignalSpy> m_rejected;
    std::vector<std::unique_ptr<QWebSocket>> m_serverSockets;
    quint16 m_port = 0;

    static GuardLimits defaultLimits()
    {
        GuardLimits limits;
        limits.uploadPathPrefixes = {QByteArrayLiteral("/api/v1/admin/assets")};
        return limits;
    }

    bool start(GuardLimits limits)
    {
        stop();
        m_http = std::make_unique<QHttpServer>();
        const auto bodySize = [](const QHttpServerRequest &request) { return QString::number(request.body().size()); };
        m_http->route(QStringLiteral("/echo"), bodySize);
        m_http->route(QStringLiteral("/api/v1/admin/assets"), bodySize);
        // Qt 6.4 upgrades only requests that a route handles; this one writes nothing.
        m_http->route(QStringLiteral("/ws"), [](const QHttpServerRequest &, QHttpServerResponder &&) {});
        QObject::connect(m_http.get(), &QAbstractHttpServer::newWebSocketConnection, this, [this] {
            while (auto socket = m_http->nextPendingWebSocketConnection()) {
                QWebSocket *raw = socket.get();
                QObject::connect(raw, &QWebSocket::textMessageReceived, raw,
                    [raw](const QString &message) { raw->sendTextMessage(message); });
                m_serverSockets.push_back(std::move(socket));
            }
        });
        m_guard = new GuardedTcpServer(std::move(limits));
        if (!m_guard->listen(QHostAddress::LocalHost, 0)) {
            delete m_guard;
            return false;
        }
        m_port = m_guard->serverPort();
        m_rejected = std::make_unique<QSignalSpy>(m_guard.data(), &GuardedTcpServer::rejected);
        m_http->bind(m_guard);
        return true;
    }

    void stop()
    {
        m_serverSockets.clear();
        m_rejected.reset();
        m_http.reset();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }

    [[nodiscard]] QList<int> rejectedStatuses() const
    {
        QList<int> statuses;
        for (const QList<QVariant> &arguments : std::as_const(*m_rejected)) {
            statuses.append(arguments.at(0).toInt());
        }
        return statuses;
    }

    // The server side of the only connection.
    QTcpSocket *serverSocket()
    {
        const auto sockets = m_guard->findChildren<QTcpSocket *>();
        return sockets.size() == 1 ? sockets.constFirst() : nullptr;
    }

    static void verifyProblem(const std::optional<Response> &response, int status)
    {
        QVERIFY(response);
        QCOMPARE(response->status, status);
        QCOMPARE(response->header("content-type"), QByteArray("application/problem+json"));
        QCOMPARE(response->header("connection"), QByteArray("close"));
        const QJsonObject problem = QJsonDocument::fromJson(response->body).object();
        QCOMPARE(problem.value(QStringLiteral("type")).toString(), QStringLiteral("about:blank"));
        QCOMPARE(problem.value(QStringLiteral("status")).toInt(), status);
        QVERIFY(!problem.value(QStringLiteral("title")).toString().isEmpty());
        QVERIFY(!problem.value(QStringLiteral("detail")).toString().isEmpty());
    }

private Q_SLOTS:
    void initTestCase()
    {
        rlimit files{};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &files), 0);
        if (files.rlim_cur < 4096 && files.rlim_cur < files.rlim_max) {
            files.rlim_cur = std::min<rlim_t>(files.rlim_max, 4096);
            QCOMPARE(setrlimit(RLIMIT_NOFILE, &files), 0);
        }
        if (files.rlim_cur < 1200) {
            qWarning("open file limit %llu is too low for the 500-connection test",
                static_cast<unsigned long long>(files.rlim_cur));
        }
    }

    void init() { QVERIFY(start(defaultLimits())); }

    void cleanup()
    {
        if (m_guard) {
            QTRY_COMPARE_WITH_TIMEOUT(m_guard->openConnections(), 0, 5000);
        }
        stop();
    }

    void smallPostAndGet()
    {
        Client client(m_port);
        QVERIFY(client.connected());
        client.send(post("/echo", "hello"));
        auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, QByteArray("5"));
        client.send(kGet);
        response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, QByteArray("0"));
        QCOMPARE(m_guard->openConnections(), 1);
        QVERIFY(m_rejected->isEmpty());
        client.socket.disconnectFromHost();
    }

    void keepAliveAndPipelining()
    {
        Client client(m_port);
        QVERIFY(client.connected());
        for (int i = 0; i < 5; ++i) {
            client.send(post("/echo", QByteArray(i * 100, 'x')));
            const auto response = client.next();
            QVERIFY(response);
            QCOMPARE(response->body, QByteArray::number(i * 100));
        }
        // Three requests in one write; Qt 6.4 reads one of them per readyRead.
        client.send(post("/echo", "abc") + post("/echo", "abcde") + kGet);
        for (const QByteArray &expected : {QByteArray("3"), QByteArray("5"), QByteArray("0")}) {
            const auto response = client.next();
            QVERIFY(response);
            QCOMPARE(response->status, 200);
            QCOMPARE(response->body, expected);
        }
        // The guard is still in step: a body exactly at the limit passes, one byte more does not.
        client.send(post("/echo", QByteArray(1024 * 1024, 'y')));
        auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->body, QByteArray("1048576"));
        client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 1048577\r\n\r\n");
        verifyProblem(client.next(), 413);
        QVERIFY(client.closedByPeer());
        QCOMPARE(rejectedStatuses(), QList<int>{413});
    }

    void pipelinedRequestBeforeRejectedOneIsAnswered()
    {
        Client client(m_port);
        QVERIFY(client.connected());
        client.send(post("/echo", "abc") + "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 99999999\r\n\r\n" +
            QByteArray(1000, 'z'));
        const auto first = client.next();
        QVERIFY(first);
        QCOMPARE(first->status, 200);
        QCOMPARE(first->body, QByteArray("3"));
        verifyProblem(client.next(), 413);
        QVERIFY(client.closedByPeer());
    }

    void oneByteAtATime()
    {
        Client client(m_port);
        QVERIFY(client.connected());
        QTRY_VERIFY(serverSocket());
        QSignalSpy arrived(serverSocket(), &QIODevice::readyRead);
        const QByteArray requests = "\r\n" + post("/echo", "hello") + chunked("/echo", 3, 17) +
            "GET /echo HTTP/1.1\r\nHost: test\r\nX-Padding: " + QByteArray(200, 'p') + "\r\n\r\n";
        for (const char byte : requests) {
            arrived.clear();
            client.send(QByteArray(1, byte));
            QVERIFY(arrived.wait(2000)); // every byte is its own read on the server
        }
        for (const QByteArray &expected : {QByteArray("5"), QByteArray("51"), QByteArray("0")}) {
            const auto response = client.next();
            QVERIFY(response);
            QCOMPARE(response->status, 200);
            QCOMPARE(response->body, expected);
        }
        client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 2000000\r\n\r\n");
        verifyProblem(client.next(), 413);
    }

    void contentLengthOverLimitIsNotRead()
    {
        // A plain POSIX socket: unlike QTcpSocket it keeps sending after the server's FIN, like a real uploader.
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        QVERIFY(fd >= 0);
        const auto closeFd = qScopeGuard([fd] { ::close(fd); });
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(m_port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address), 0);
        QCOMPARE(::fcntl(fd, F_SETFL, O_NONBLOCK), 0);
        const qint64 total = 200 * kMiB;
        const QByteArray head =
            "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: " + QByteArray::number(total) + "\r\n\r\n";
        QCOMPARE(::send(fd, head.constData(), size_t(head.size()), MSG_NOSIGNAL), ssize_t(head.size()));

        QByteArray received;
        QDeadlineTimer deadline(5000);
        while (!received.contains("}") && !deadline.hasExpired()) {
            char buffer[4096];
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                received.append(buffer, n);
            } else if (n < 0 && errno == EAGAIN) {
                waitForFd(fd, QSocketNotifier::Read, 1000);
            } else {
                break;
            }
        }
        QVERIFY2(received.startsWith("HTTP/1.1 413 "), received.constData());
        QVERIFY(received.contains("application/problem+json"));
        QCOMPARE(rejectedStatuses(), QList<int>{413});

        const qint64 before = residentBytes();
        const QByteArray chunk(kMiB, 'b');
        qint64 sent = 0;
        bool peerClosed = false;
        QElapsedTimer sinceProgress;
        sinceProgress.start();
        while (sent < total && sinceProgress.elapsed() < 10000) {
            const ssize_t n =
                ::send(fd, chunk.constData(), size_t(std::min<qint64>(chunk.size(), total - sent)), MSG_NOSIGNAL);
            if (n > 0) {
                sent += n;
                sinceProgress.restart();
            } else if (n < 0 && errno == EAGAIN) {
                waitForFd(fd, QSocketNotifier::Write, 1000);
            } else {
                peerClosed = true; // EPIPE / ECONNRESET
                break;
            }
        }
        const qint64 after = residentBytes();
        qInfo("RSS before %lld MiB, after %lld MiB; the client got %lld MiB out before the peer closed", before / kMiB,
            after / kMiB, sent / kMiB);
        QVERIFY2(peerClosed, "the server must close the connection");
        QVERIFY2(after - before < 50 * kMiB, "the rejected body must not be buffered");
    }

    void eagerBodyStillGetsTheReply()
    {
        // A client that sends the body right away (no Expect: 100-continue) must still read the 413:
        // the guard drains instead of resetting the connection.
        Client client(m_port);
        QVERIFY(client.connected());
        const qint64 before = residentBytes();
        client.send(post("/echo", QByteArray(3 * kMiB, 'e')));
        verifyProblem(client.next(), 413);
        QVERIFY(client.closedByPeer());
        QVERIFY(residentBytes() - before < 50 * kMiB);
    }

    void uploadPathLimits()
    {
        {
            Client client(m_port);
            QVERIFY(client.connected());
            client.send(post("/api/v1/admin/assets", QByteArray(5 * kMiB, 'u')));
            const auto response = client.next(20000);
            QVERIFY(response);
            QCOMPARE(response->status, 200);
            QCOMPARE(response->body, QByteArray::number(5 * kMiB));
            client.send(post("/api/v1/admin/assets?name=x", QByteArray(5 * kMiB + 1, 'u')));
            verifyProblem(client.next(), 413);
        }
        Client client(m_port);
        QVERIFY(client.connected());
        client.send("POST /api/v1/admin/assets HTTP/1.1\r\nHost: test\r\nContent-Length: " +
            QByteArray::number(6 * kMiB) + "\r\n\r\n");
        verifyProblem(client.next(), 413);
        // the upload allowance does not leak to other paths
        Client other(m_port);
        QVERIFY(other.connected());
        other.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: " + QByteArray::number(2 * kMiB) + "\r\n\r\n");
        verifyProblem(other.next(), 413);
        QCOMPARE(rejectedStatuses(), (QList<int>{413, 413, 413}));
    }

    void chunkedBodies()
    {
        Client client(m_port);
        QVERIFY(client.connected());
        client.send(chunked("/echo", 4, 1000));
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, QByteArray("4000"));
        client.send(chunked("/echo", 20, 64 * 1024)); // 1.25 MiB
        verifyProblem(client.next(), 413);
        QVERIFY(client.closedByPeer());
        QCOMPARE(m_rejected->size(), 1);
        QCOMPARE(m_rejected->at(0).at(1).toString(), QStringLiteral("chunked body over limit"));
    }

    void headerTooLarge()
    {
        {
            Client client(m_port);
            QVERIFY(client.connected());
            client.send("GET /echo HTTP/1.1\r\nHost: test\r\nX-Big: " + QByteArray(15000, 'h') + "\r\n\r\n");
            const auto response = client.next();
            QVERIFY(response);
            QCOMPARE(response->status, 200);
        }
        Client client(m_port);
        QVERIFY(client.connected());
        QTRY_VERIFY(serverSocket());
        // Qt's parser has already consumed the first part when the limit is crossed.
        QSignalSpy arrived(serverSocket(), &QIODevice::readyRead);
        client.send("GET /echo HTTP/1.1\r\nHost: test\r\nX-Big: " + QByteArray(10000, 'h'));
        QVERIFY(arrived.wait(2000));
        client.send(QByteArray(7000, 'h') + "\r\n\r\n");
        verifyProblem(client.next(), 431);
        QVERIFY(client.closedByPeer());
        QCOMPARE(rejectedStatuses(), QList<int>{431});
    }

    void badFraming_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::newRow("non-numeric") << QByteArray("Content-Length: abc\r\n");
        QTest::newRow("negative") << QByteArray("Content-Length: -5\r\n");
        QTest::newRow("empty") << QByteArray("Content-Length: \r\n");
        QTest::newRow("conflicting") << QByteArray("Content-Length: 5\r\nContent-Length: 6\r\n");
        QTest::newRow("list") << QByteArray("Content-Length: 5, 6\r\n");
        QTest::newRow("with transfer-encoding") << QByteArray("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n");
        QTest::newRow("unknown coding") << QByteArray("Transfer-Encoding: gzip\r\n");
        QTest::newRow("space before colon") << QByteArray("Content-Length : 5\r\n");
        QTest::newRow("folded") << QByteArray("Content-Length: 5\r\n 6\r\n");
    }

    void badFraming()
    {
        QFETCH(QByteArray, headers);
        Client client(m_port);
        QVERIFY(client.connected());
        client.send("POST /echo HTTP/1.1\r\nHost: test\r\n" + headers + "\r\nhello");
        verifyProblem(client.next(), 400);
        QVERIFY(client.closedByPeer());
        QCOMPARE(rejectedStatuses(), QList<int>{400});
    }

    void slowHeader()
    {
        GuardLimits limits = defaultLimits();
        limits.headerTimeoutMs = 300;
        QVERIFY(start(limits));
        Client client(m_port);
        QVERIFY(client.connected());
        QElapsedTimer timer;
        timer.start();
        client.send("GET /echo HTTP/1.1\r\nHost: test\r\n");
        verifyProblem(client.next(3000), 408);
        QVERIFY(timer.elapsed() >= 250);
        QVERIFY(client.closedByPeer());

        // a connection that never sends anything gets the same treatment
        Client silent(m_port);
        QVERIFY(silent.connected());
        verifyProblem(silent.next(3000), 408);
        QCOMPARE(rejectedStatuses(), (QList<int>{408, 408}));
    }

    void headerTimeoutDoesNotApplyBetweenRequests()
    {
        GuardLimits limits = defaultLimits();
        limits.headerTimeoutMs = 200;
        QVERIFY(start(limits));
        Client client(m_port);
        QVERIFY(client.connected());
        client.send(kGet);
        QVERIFY(client.next());
        QSignalSpy closed(&client.socket, &QAbstractSocket::disconnected);
        QVERIFY(!closed.wait(700)); // idle keep-alive: only the idle timeout applies
        client.send(kGet);
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QVERIFY(m_rejected->isEmpty());
    }

    void idleTimeout()
    {
        GuardLimits limits = defaultLimits();
        limits.idleTimeoutMs = 300;
        QVERIFY(start(limits));
        Client client(m_port);
        QVERIFY(client.connected());
        client.send(kGet);
        QVERIFY(client.next());
        QElapsedTimer timer;
        timer.start();
        QVERIFY(client.closedByPeer(3000));
        QVERIFY(timer.elapsed() >= 250);
        QVERIFY(client.buffer.isEmpty()); // closed quietly, no response
        QVERIFY(m_rejected->isEmpty());
        QTRY_COMPARE(m_guard->openConnections(), 0);
    }

    void halfSentRequestsDoNotStarveOthers()
    {
        GuardLimits limits = defaultLimits();
        limits.maxConnectionsPerAddress = 1000;
        QVERIFY(start(limits));
        std::vector<std::unique_ptr<QTcpSocket>> stalled;
        // In batches: 500 SYNs at once overflow the listen backlog (50) and the kernel's retry backoff would let
        // the first connections reach the header timeout before the last ones are accepted.
        for (int i = 0; i < 500; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            QObject::connect(socket.get(), &QAbstractSocket::connected, socket.get(),
                [raw = socket.get()] { raw->write("POST /echo HTTP/1.1\r\nContent-Length: 10\r\n"); });
            socket->connectToHost(QHostAddress::LocalHost, m_port);
            stalled.push_back(std::move(socket));
            if (stalled.size() % 25 == 0) {
                QTRY_COMPARE_WITH_TIMEOUT(m_guard->openConnections(), int(stalled.size()), 5000);
            }
        }
        QCOMPARE(m_guard->openConnections(), 500);
        for (const auto &socket : stalled) {
            QTRY_COMPARE(socket->bytesToWrite(), 0);
        }
        QElapsedTimer timer;
        timer.start();
        Client client(m_port);
        QVERIFY(client.connected());
        client.send(post("/echo", "quick"));
        const auto response = client.next(2000);
        QVERIFY(response);
        QCOMPARE(response->body, QByteArray("5"));
        qInfo("request served in %lld ms next to 500 stalled connections", timer.elapsed());
        QVERIFY(timer.elapsed() < 1000);
        for (const auto &socket : stalled) {
            QCOMPARE(socket->state(), QAbstractSocket::ConnectedState);
        }
        QVERIFY(m_rejected->isEmpty());
        stalled.clear();
        client.socket.abort();
        QTRY_COMPARE_WITH_TIMEOUT(m_guard->openConnections(), 0, 5000);
    }

    void perAddressCap()
    {
        GuardLimits limits = defaultLimits();
        limits.maxConnectionsPerAddress = 3;
        QVERIFY(start(limits));
        std::vector<std::unique_ptr<Client>> clients;
        for (int i = 0; i < 3; ++i) {
            clients.push_back(std::make_unique<Client>(m_port));
            QVERIFY(clients.back()->connected());
            clients.back()->send(kGet);
            const auto response = clients.back()->next();
            QVERIFY(response);
            QCOMPARE(response->status, 200);
        }
        QCOMPARE(m_guard->openConnections(), 3);
        Client refused(m_port);
        QVERIFY(refused.connected());
        refused.send(kGet);
        verifyProblem(refused.next(), 503);
        QVERIFY(refused.closedByPeer());
        QCOMPARE(rejectedStatuses(), QList<int>{503});
        QCOMPARE(m_rejected->at(0).at(2).value<QHostAddress>(), QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(m_guard->openConnections(), 3);

        clients.front()->socket.disconnectFromHost();
        QTRY_COMPARE(m_guard->openConnections(), 2);
        Client again(m_port);
        QVERIFY(again.connected());
        again.send(kGet);
        const auto response = again.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(m_guard->openConnections(), 3);
        clients.clear();
        again.socket.abort();
        QTRY_COMPARE(m_guard->openConnections(), 0);
    }

    void webSocketPassesThrough()
    {
        GuardLimits limits = defaultLimits();
        limits.idleTimeoutMs = 300;
        limits.headerTimeoutMs = 300;
        limits.maxBodyBytes = 16; // frames are not HTTP bodies
        QVERIFY(start(limits));
        QWebSocket client;
        QSignalSpy connected(&client, &QWebSocket::connected);
        QSignalSpy disconnected(&client, &QWebSocket::disconnected);
        QSignalSpy received(&client, &QWebSocket::textMessageReceived);
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_port)));
        QVERIFY(connected.wait(5000));
        QCOMPARE(m_guard->openConnections(), 1);
        QVERIFY(!disconnected.wait(1000)); // well past the idle and header timeouts
        const QString message(100, QLatin1Char('m'));
        client.sendTextMessage(message);
        QVERIFY(received.wait(2000));
        QCOMPARE(received.at(0).at(0).toString(), message);
        QVERIFY(m_rejected->isEmpty());
        client.close();
        QTRY_COMPARE(disconnected.size(), 1);
        m_serverSockets.clear();
        QTRY_COMPARE(m_guard->openConnections(), 0);
    }

    void otherUpgradesStayGuarded()
    {
        // Qt 6.4 serves non-WebSocket upgrades and CONNECT as plain HTTP, so they must not open a bypass.
        for (const QByteArray &request : {QByteArray("GET /echo HTTP/1.1\r\nHost: test\r\nUpgrade: h2c\r\n"
                                                     "Connection: Upgrade, HTTP2-Settings\r\n\r\n"),
                 QByteArray("CONNECT /echo HTTP/1.1\r\nHost: test\r\n\r\n")}) {
            Client client(m_port);
            QVERIFY(client.connected());
            client.send(request);
            const auto response = client.next();
            QVERIFY(response);
            QCOMPARE(response->status, 200);
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 2000000\r\n\r\n");
            verifyProblem(client.next(), 413);
        }
        QCOMPARE(rejectedStatuses(), (QList<int>{413, 413}));
    }

    void serverDestroyedWithOpenConnections()
    {
        Client client(m_port);
        QVERIFY(client.connected());
        client.send("GET /echo HTTP/1.1\r\n");
        QTRY_COMPARE(m_guard->openConnections(), 1);
        stop(); // must not touch freed guard state while the sockets go away
        QVERIFY(client.closedByPeer());
    }
};

QTEST_GUILESS_MAIN(TestConnectionGuard)
#include "tst_connectionguard.moc"
