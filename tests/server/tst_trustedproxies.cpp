// SPDX-License-Identifier: GPL-3.0-or-later
// Trusted reverse proxies: which forwarded address counts as the client (unit), and a real server
// in this process with and without --trusted-proxy: rate limits, the /metrics rule, the access
// log and the per-address connection cap, against spoofed X-Forwarded-For and Forwarded headers.
#include "http/trustedproxies.h"
#include "signalwait.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTest>

using namespace Metaverse;
using namespace Metaverse::Test;

namespace
{
QStringList s_accessLog;

// CTest turns the access log off by QT_LOGGING_RULES, which beats setFilterRules(): a filter
// turns it on for this test.
QLoggingCategory::CategoryFilter s_defaultFilter = nullptr;

void accessLogOn(QLoggingCategory *category)
{
    if (s_defaultFilter) {
        s_defaultFilter(category);
    }
    if (QByteArray(category->categoryName()) == "metaverse.access") {
        category->setEnabled(QtInfoMsg, true);
    }
}

void captureAccessLog(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    if (context.category && QByteArray(context.category) == "metaverse.access") {
        s_accessLog.append(message);
    }
}

// A failed sign-in (403) as someone new each time (so only the per-address limit can bite).
int failedSignIn(Client &client, int attempt, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    const QJsonObject body{{QStringLiteral("username"), QStringLiteral("nobody%1").arg(attempt)},
        {QStringLiteral("password"), QStringLiteral("wrong password")}};
    return client
        .request(
            "POST", QStringLiteral("/api/v1/signin"), QJsonDocument(body).toJson(), "application/json", {}, headers)
        .status;
}
} // namespace

class TestTrustedProxies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QStringList>("entries");
        QTest::addColumn<bool>("valid");
        QTest::newRow("address") << QStringList{QStringLiteral("127.0.0.1")} << true;
        QTest::newRow("v4 subnet") << QStringList{QStringLiteral("10.0.0.0/8")} << true;
        QTest::newRow("v6 subnet") << QStringList{QStringLiteral("fd00::/8"), QStringLiteral("::1")} << true;
        QTest::newRow("name") << QStringList{QStringLiteral("proxy.example")} << false;
        QTest::newRow("bad prefix") << QStringList{QStringLiteral("10.0.0.0/33")} << false;
        QTest::newRow("garbage") << QStringList{QStringLiteral("10.0.0.0/8x")} << false;
    }

    void parse()
    {
        QFETCH(QStringList, entries);
        QFETCH(bool, valid);
        QCOMPARE(TrustedProxies::parse(entries).has_value(), valid);
    }

    void clientAddress_data()
    {
        QTest::addColumn<QString>("peer");
        QTest::addColumn<QList<QByteArray>>("forwarded");
        QTest::addColumn<QList<QByteArray>>("xForwardedFor");
        QTest::addColumn<QString>("client");
        const QList<QByteArray> none;
        QTest::newRow("untrusted peer: headers ignored") << "198.51.100.7" << QList<QByteArray>{"for=203.0.113.1"}
                                                         << QList<QByteArray>{"203.0.113.2"} << "198.51.100.7";
        QTest::newRow("trusted peer, no header") << "10.0.0.2" << none << none << "10.0.0.2";
        QTest::newRow("x-forwarded-for") << "10.0.0.2" << none << QList<QByteArray>{"203.0.113.9"} << "203.0.113.9";
        QTest::newRow("spoofed left part skipped")
            << "10.0.0.2" << none << QList<QByteArray>{"1.2.3.4, 203.0.113.9"} << "203.0.113.9";
        QTest::newRow("two trusted hops")
            << "10.0.0.2" << none << QList<QByteArray>{"203.0.113.9, 10.0.0.3"} << "203.0.113.9";
        QTest::newRow("repeated header, in order")
            << "10.0.0.2" << none << QList<QByteArray>{"1.2.3.4", "203.0.113.9"} << "203.0.113.9";
        QTest::newRow("only trusted hops: leftmost")
            << "10.0.0.2" << none << QList<QByteArray>{"10.0.0.5, 10.0.0.3"} << "10.0.0.5";
        QTest::newRow("unknown hop stops the walk")
            << "10.0.0.2" << none << QList<QByteArray>{"203.0.113.9, unknown"} << "10.0.0.2";
        QTest::newRow("forwarded wins") << "10.0.0.2" << QList<QByteArray>{"for=203.0.113.7;proto=https"}
                                        << QList<QByteArray>{"203.0.113.9"} << "203.0.113.7";
        QTest::newRow("forwarded v6 with port")
            << "10.0.0.2" << QList<QByteArray>{"for=\"[2001:db8::1]:4711\""} << none << "2001:db8::1";
        QTest::newRow("forwarded v4 with port, two elements")
            << "10.0.0.2" << QList<QByteArray>{"for=1.2.3.4, For=\"203.0.113.7:80\""} << none << "203.0.113.7";
        QTest::newRow("mapped v4 peer") << "::ffff:10.0.0.2" << none << QList<QByteArray>{"203.0.113.9"}
                                        << "203.0.113.9";
    }

    void clientAddress()
    {
        QFETCH(QString, peer);
        QFETCH(QList<QByteArray>, forwarded);
        QFETCH(QList<QByteArray>, xForwardedFor);
        QFETCH(QString, client);
        const auto proxies = TrustedProxies::parse({QStringLiteral("10.0.0.0/24")});
        QVERIFY(proxies);
        QCOMPARE(proxies->clientAddress(QHostAddress(peer), forwarded, xForwardedFor), QHostAddress(client));
    }

    void configFlagRepeats()
    {
        const auto load = loadConfig({QStringLiteral("metaverse-server"), QStringLiteral("--trusted-proxy"),
                                         QStringLiteral("10.0.0.0/8"), QStringLiteral("--trusted-proxy=::1")},
            QProcessEnvironment());
        QVERIFY(load);
        QVERIFY(load->config.trustedProxies.contains(QHostAddress(QStringLiteral("10.1.2.3"))));
        QVERIFY(load->config.trustedProxies.contains(QHostAddress::LocalHostIPv6));
        QVERIFY(!load->config.trustedProxies.contains(QHostAddress::LocalHost));

        QProcessEnvironment env;
        env.insert(QStringLiteral("TRUSTED_PROXIES"), QStringLiteral("127.0.0.1, 192.168.0.0/16"));
        const auto fromEnv = loadConfig({QStringLiteral("metaverse-server")}, env);
        QVERIFY(fromEnv);
        QVERIFY(fromEnv->config.trustedProxies.contains(QHostAddress(QStringLiteral("192.168.4.4"))));

        env.insert(QStringLiteral("TRUSTED_PROXIES"), QStringLiteral("not-a-subnet"));
        const auto bad = loadConfig({QStringLiteral("metaverse-server")}, env);
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.contains(QStringLiteral("TRUSTED_PROXIES")), qPrintable(bad.error().message));
    }

    // No trusted proxy: a client that makes up X-Forwarded-For or Forwarded changes nothing.
    void untrustedPeerCannotSpoof()
    {
        TestServer server([](Config &c) { c.rateLimitAuth = 2; });
        QVERIFY(server.start());
        Client client(server.baseUrl());
        QCOMPARE(failedSignIn(client, 1, {{"X-Forwarded-For", "203.0.113.1"}}), 403);
        QCOMPARE(failedSignIn(client, 2, {{"X-Forwarded-For", "203.0.113.2"}}), 403);
        QCOMPARE(failedSignIn(client, 3, {{"Forwarded", "for=203.0.113.3"}}), 429);

        // /metrics stays the loopback scraper's whatever the header says.
        const auto metrics = client.request("GET", QStringLiteral("/metrics"), {}, {}, {},
            {{"X-Forwarded-For", "203.0.113.4"}, {"Forwarded", "for=203.0.113.4"}});
        QCOMPARE(metrics.status, 200);
    }

    // Behind a trusted proxy (loopback here): limits and the /metrics rule apply per forwarded client.
    void trustedProxyNamesTheClient()
    {
        TestServer server([](Config &c) {
            c.rateLimitAuth = 2;
            c.trustedProxies = TrustedProxies::parse({QStringLiteral("127.0.0.1")}).value();
        });
        QVERIFY(server.start());
        Client client(server.baseUrl());
        QCOMPARE(failedSignIn(client, 1, {{"X-Forwarded-For", "203.0.113.1"}}), 403);
        QCOMPARE(failedSignIn(client, 2, {{"X-Forwarded-For", "203.0.113.1"}}), 403);
        QCOMPARE(failedSignIn(client, 3, {{"X-Forwarded-For", "203.0.113.1"}}), 429);
        // Someone else behind the same proxy is not locked out by the first one.
        QCOMPARE(failedSignIn(client, 4, {{"X-Forwarded-For", "203.0.113.2"}}), 403);
        QCOMPARE(failedSignIn(client, 5, {{"Forwarded", "for=\"[2001:db8::5]:1234\""}}), 403);

        // A remote client through the proxy is not a loopback scraper; the proxy's own request is.
        QCOMPARE(
            client.request("GET", QStringLiteral("/metrics"), {}, {}, {}, {{"X-Forwarded-For", "203.0.113.4"}}).status,
            403);
        QCOMPARE(
            client.request("GET", QStringLiteral("/metrics"), {}, {}, {}, {{"Forwarded", "for=203.0.113.4"}}).status,
            403);
        QCOMPARE(client.get(QStringLiteral("/metrics")).status, 200);

        // The access log names the forwarded client.
        s_defaultFilter = QLoggingCategory::installFilter(accessLogOn);
        s_accessLog.clear();
        const auto previous = qInstallMessageHandler(captureAccessLog);
        QCOMPARE(
            client.request("GET", QStringLiteral("/health"), {}, {}, {}, {{"X-Forwarded-For", "203.0.113.8"}}).status,
            200);
        qInstallMessageHandler(previous);
        QLoggingCategory::installFilter(s_defaultFilter);
        QVERIFY2(!s_accessLog.isEmpty() && s_accessLog.constLast().contains(QStringLiteral("peer=203.0.113.8")),
            qPrintable(s_accessLog.join(u'\n')));
    }

    // The per-address connection cap counts clients, not the proxy that carries them.
    void connectionCapSparesTheTrustedProxy_data()
    {
        QTest::addColumn<bool>("trusted");
        QTest::newRow("untrusted peer: capped") << false;
        QTest::newRow("trusted proxy: not capped") << true;
    }

    void connectionCapSparesTheTrustedProxy()
    {
        QFETCH(bool, trusted);
        TestServer server([trusted](Config &c) {
            c.maxConnectionsPerAddress = 2;
            if (trusted) {
                c.trustedProxies = TrustedProxies::parse({QStringLiteral("127.0.0.0/8")}).value();
            }
        });
        QVERIFY(server.start());
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 2; ++i) {
            held.push_back(std::make_unique<QTcpSocket>());
            held.back()->connectToHost(QHostAddress::LocalHost, server.port());
            QVERIFY(held.back()->waitForConnected(5000));
        }
        Client client(server.baseUrl());
        QCOMPARE(client.get(QStringLiteral("/health")).status, trusted ? 200 : 503);
    }
};

QTEST_GUILESS_MAIN(TestTrustedProxies)
#include "tst_trustedproxies.moc"
