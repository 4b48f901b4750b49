// SPDX-License-Identifier: GPL-3.0-or-later
// HttpFramingScanner on its own: no sockets, the whole stream as one buffer and byte by byte.
#include "http/httpframingscanner.h"

#include <QTest>

using namespace Metaverse;

namespace
{
using State = HttpFramingScanner::State;

FramingLimits testLimits()
{
    FramingLimits limits;
    limits.maxBodyBytes = 100;
    limits.maxUploadBytes = 1000;
    limits.uploadPathPrefixes = {QByteArrayLiteral("/upload")};
    limits.maxHeaderBytes = 256;
    return limits;
}

// The status of the first problem (0: none).
int statusOf(const GuardProblem *problem)
{
    return problem ? problem->status : 0;
}

QByteArray post(const QByteArray &path, const QByteArray &body)
{
    return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" +
        body;
}
} // namespace

class TestHttpFramingScanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scan_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("status"); // of the first problem; 0: none
        QTest::addColumn<QByteArray>("reason");
        QTest::addColumn<int>("completed"); // requests whose framing ended (without a problem)
        QTest::addColumn<bool>("upgraded");

        const QByteArray get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        QTest::newRow("empty") << QByteArray() << 0 << QByteArray() << 0 << false;
        QTest::newRow("get") << get << 0 << QByteArray() << 1 << false;
        QTest::newRow("get, bare LF") << QByteArray("GET / HTTP/1.1\nHost: x\n\n") << 0 << QByteArray() << 1 << false;
        QTest::newRow("pipelined") << get + get + get << 0 << QByteArray() << 3 << false;
        QTest::newRow("leading empty lines") << "\r\n\r\n" + get << 0 << QByteArray() << 1 << false;
        QTest::newRow("half a head") << QByteArray("GET / HTTP/1.1\r\nHo") << 0 << QByteArray() << 0 << false;
        QTest::newRow("body") << post("/", "hello") << 0 << QByteArray() << 1 << false;
        QTest::newRow("body then get") << post("/", "hello") + get << 0 << QByteArray() << 2 << false;
        QTest::newRow("body at the limit") << post("/", QByteArray(100, 'x')) << 0 << QByteArray() << 1 << false;
        QTest::newRow("body over the limit")
            << post("/", QByteArray(101, 'x')) << 413 << QByteArray("content-length over limit") << 0 << false;
        QTest::newRow("upload under its limit")
            << post("/upload/a", QByteArray(500, 'x')) << 0 << QByteArray() << 1 << false;
        QTest::newRow("upload path walking out") << post("/upload/../a", QByteArray(500, 'x')) << 413
                                                 << QByteArray("content-length over limit") << 0 << false;
        QTest::newRow("upload, absolute form")
            << "POST http://x/upload/a HTTP/1.1\r\nContent-Length: 500\r\n\r\n" + QByteArray(500, 'x') << 0
            << QByteArray() << 1 << false;
        QTest::newRow("huge content-length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n") << 413
            << QByteArray("content-length over limit") << 0 << false;
        QTest::newRow("negative content-length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400
                                                 << QByteArray("invalid content-length") << 0 << false;
        QTest::newRow("hex content-length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n") << 400
                                            << QByteArray("invalid content-length") << 0 << false;
        QTest::newRow("empty content-length") << QByteArray("POST / HTTP/1.1\r\nContent-Length:\r\n\r\n") << 400
                                              << QByteArray("invalid content-length") << 0 << false;
        QTest::newRow("two different content-lengths")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\ncontent-length: 2\r\n\r\nab") << 400
            << QByteArray("invalid content-length") << 0 << false;
        QTest::newRow("the same content-length twice")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab") << 0 << QByteArray()
            << 1 << false;
        QTest::newRow("space before the colon") << QByteArray("POST / HTTP/1.1\r\nContent-Length : 5\r\n\r\nhello")
                                                << 400 << QByteArray("malformed framing header") << 0 << false;
        QTest::newRow("obs-fold on content-length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5\r\n 6\r\n\r\nhello") << 400
            << QByteArray("malformed framing header") << 0 << false;
        QTest::newRow("obs-fold elsewhere")
            << QByteArray("GET / HTTP/1.1\r\nX-A: 1\r\n 2\r\n\r\n") << 0 << QByteArray() << 1 << false;
        QTest::newRow("content-length with chunked")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n") << 400
            << QByteArray("content-length with transfer-encoding") << 0 << false;
        QTest::newRow("gzip transfer coding") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << 400
                                              << QByteArray("unsupported transfer-encoding") << 0 << false;
        QTest::newRow("chunked twice")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n") << 400
            << QByteArray("unsupported transfer-encoding") << 0 << false;
        QTest::newRow("chunked")
            << QByteArray(
                   "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3;ext=1\r\nabc\r\n0\r\n\r\n")
            << 0 << QByteArray() << 1 << false;
        QTest::newRow("chunked with a trailer")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nX-T: 1\r\n\r\n") + get
            << 0 << QByteArray() << 2 << false;
        QTest::newRow("chunked over the limit") << "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n" +
                QByteArray(100, 'x') + "\r\n1\r\nx\r\n0\r\n\r\n"
                                                << 413 << QByteArray("chunked body over limit") << 0 << false;
        QTest::newRow("huge chunk size")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n") << 413
            << QByteArray("chunked body over limit") << 0 << false;
        QTest::newRow("chunk size not hex") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                            << 400 << QByteArray("invalid chunked framing") << 0 << false;
        QTest::newRow("empty chunk size") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\r\n")
                                          << 400 << QByteArray("invalid chunked framing") << 0 << false;
        QTest::newRow("chunk without its CRLF")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY\r\n") << 400
            << QByteArray("invalid chunked framing") << 0 << false;
        QTest::newRow("chunk-size line too long")
            << "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;" + QByteArray(2000, 'e') << 400
            << QByteArray("invalid chunked framing") << 0 << false;
        QTest::newRow("head too large") << "GET / HTTP/1.1\r\nX: " + QByteArray(300, 'x') + "\r\n\r\n"
                                        << 431 << QByteArray("header too large") << 0 << false;
        QTest::newRow("trailer too large")
            << "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " + QByteArray(300, 'x') + "\r\n\r\n"
            << 431 << QByteArray("header too large") << 0 << false;
        QTest::newRow("garbage") << QByteArray("\x01\x02\xff garbage\r\n\r\n", 15) << 0 << QByteArray() << 1 << false;
        QTest::newRow("websocket upgrade")
            << QByteArray("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n\r\n") +
                QByteArray("\x81\x05hello POST / HTTP/1.1\r\nContent-Length: 9999\r\n\r\n")
            << 0 << QByteArray() << 0 << true;
        QTest::newRow("upgrade without connection: upgrade")
            << QByteArray("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n") + post("/", QByteArray(101, 'x')) << 413
            << QByteArray("content-length over limit") << 1 << false;
        QTest::newRow("other upgrades stay guarded")
            << QByteArray("GET / HTTP/1.1\r\nUpgrade: h2c\r\nConnection: upgrade\r\n\r\n") + post("/", "x") << 0
            << QByteArray() << 2 << false;
    }

    void scan()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, status);
        QFETCH(QByteArray, reason);
        QFETCH(int, completed);
        QFETCH(bool, upgraded);
        const FramingLimits limits = testLimits();

        // All at once.
        HttpFramingScanner whole(limits);
        const GuardProblem *problem = whole.scan(input);
        QCOMPARE(statusOf(problem), status);
        if (problem) {
            QCOMPARE(QByteArray(problem->reason), reason);
            QVERIFY(!QByteArray(problem->detail).isEmpty());
        }
        QCOMPARE(whole.completedRequests(), completed);
        QCOMPARE(whole.isUpgraded(), upgraded);

        // One byte at a time: lines split anywhere must give the same verdict.
        HttpFramingScanner bytewise(limits);
        const GuardProblem *first = nullptr;
        for (qsizetype i = 0; i < input.size() && !first && !bytewise.isUpgraded(); ++i) {
            first = bytewise.scan(QByteArrayView(input).sliced(i, 1));
        }
        QCOMPARE(statusOf(first), status);
        QCOMPARE(bytewise.completedRequests(), completed);
        QCOMPARE(bytewise.isUpgraded(), upgraded);
    }

    // Offsets the guard uses to let pipelined requests through before a rejection.
    void requestStartFollowsRequests()
    {
        const FramingLimits limits = testLimits();
        HttpFramingScanner scanner(limits);
        const QByteArray first = post("/", "abc");
        QCOMPARE(scanner.scan(first), nullptr);
        QCOMPARE(scanner.consumed(), first.size());
        QCOMPARE(scanner.requestStart(), first.size());
        QCOMPARE(scanner.state(), State::Head);
        QVERIFY(!scanner.isReadingHead()); // the next request's clock starts with its first byte
        QCOMPARE(scanner.scan("G"), nullptr);
        QVERIFY(scanner.isReadingHead());
        QCOMPARE(scanner.headBytes(), 1);
        QCOMPARE(scanner.requestStart(), first.size());
    }

    // Bodies are counted, not read: the caller hands over only the line bytes.
    void bodiesAreSkipped()
    {
        const FramingLimits limits = testLimits();
        HttpFramingScanner scanner(limits);
        QCOMPARE(scanner.scan("POST / HTTP/1.1\r\nContent-Length: 50\r\n\r\n"), nullptr);
        QCOMPARE(scanner.state(), State::Body);
        QVERIFY(!scanner.wantsLine());
        QCOMPARE(scanner.bodyBytesWanted(), 50);
        scanner.skipBody(20);
        QCOMPARE(scanner.bodyBytesWanted(), 30);
        scanner.skipBody(30);
        QCOMPARE(scanner.state(), State::Head);
        QCOMPARE(scanner.completedRequests(), 1);
    }

    void unlimitedBodies()
    {
        FramingLimits limits = testLimits();
        limits.maxBodyBytes = -1;
        limits.maxHeaderBytes = 0;
        HttpFramingScanner scanner(limits);
        const QByteArray input =
            "POST / HTTP/1.1\r\nX: " + QByteArray(5000, 'x') + "\r\nContent-Length: 99999999999999999999999\r\n\r\n";
        QCOMPARE(scanner.scan(input), nullptr);
        QCOMPARE(scanner.state(), State::Body);
    }
};

QTEST_GUILESS_MAIN(TestHttpFramingScanner)
#include "tst_httpframingscanner.moc"
