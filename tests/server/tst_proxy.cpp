// SPDX-License-Identifier: GPL-3.0-or-later
// packaging/nginx/metaverse.conf, run for real: nginx (Debian package nginx) terminates TLS in
// front of two metaverse-server processes on one PostgreSQL and one Redis, and a space socket and
// a chat socket through its one port (wss://.../ws/space, /ws/chat) reach users on the other
// instance. Only the shipped file's ports and certificate paths are replaced. Required in CI;
// skipped with a message elsewhere when nginx, PostgreSQL or Redis is missing.
#include "chatclient.h"
#include "serverprocess.h"
#include "signalwait.h"
#include "spaceclient.h"
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Metaverse;
using namespace Metaverse::Test;

namespace
{
const QString V1 = QStringLiteral("/api/v1");
const bool InCi = qEnvironmentVariable("CI") == QLatin1String("true");

// One gauge of an instance's /metrics (asked directly on its loopback port).
int gauge(const ServerProcess &instance, const QString &name)
{
    Client direct(instance.baseUrl());
    const auto body = QString::fromUtf8(direct.get(QStringLiteral("/metrics")).body);
    const QRegularExpression line(QStringLiteral("^%1 (\\d+)").arg(name), QRegularExpression::MultilineOption);
    const auto match = line.match(body);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}
} // namespace

class TestProxy : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_a;
    std::unique_ptr<ServerProcess> m_b;
    QProcess m_nginx;
    quint16 m_port = 0;
    QByteArray m_alice;
    QByteArray m_bob;

    [[nodiscard]] QString base() const { return QStringLiteral("https://127.0.0.1:%1").arg(m_port); }
    [[nodiscard]] QUrl socketUrl(const char *path) const
    {
        return QUrl(QStringLiteral("wss://127.0.0.1:%1%2").arg(m_port).arg(QLatin1String(path)));
    }

    // Which instance holds the one new socket counted by `metric` (0 = A, 1 = B, -1 = neither).
    int instanceOf(const QString &metric, int beforeA, int beforeB)
    {
        const int a = gauge(*m_a, metric);
        const int b = gauge(*m_b, metric);
        return a == beforeA + 1 && b == beforeB ? 0 : (b == beforeB + 1 && a == beforeA ? 1 : -1);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"), {QStringLiteral("/usr/sbin")});
        if (nginx.isEmpty()) {
            if (InCi) {
                QFAIL("nginx is required in CI (scripts/debian-packages.txt)");
            }
            QSKIP("nginx is not installed (apt-get install nginx); this test runs it in front of two instances");
        }
        const QString databaseUrl = qEnvironmentVariable("METAVERSE_TEST_DATABASE_URL");
        const QString redisUrl = qEnvironmentVariable("METAVERSE_TEST_REDIS_URL");
        if (databaseUrl.isEmpty() || redisUrl.isEmpty()) {
            if (InCi) {
                QFAIL("METAVERSE_TEST_DATABASE_URL and METAVERSE_TEST_REDIS_URL are required in CI");
            }
            QSKIP("needs METAVERSE_TEST_DATABASE_URL and METAVERSE_TEST_REDIS_URL (source scripts/services.sh)");
        }
        const auto reset = resetPostgres(databaseUrl);
        QVERIFY2(reset, reset ? "" : qPrintable(reset.error().message));
        const auto cert = makeTestCertificate(m_dir.path());
        QVERIFY2(cert, cert ? "" : qPrintable(cert.error().message));
        auto trusting = QSslConfiguration::defaultConfiguration();
        trusting.addCaCertificates(cert->first);
        QSslConfiguration::setDefaultConfiguration(trusting);

        // Two instances: one database, one Redis, one JWT secret, nginx as their trusted proxy.
        const QStringList shared{QStringLiteral("--database-url"), databaseUrl, QStringLiteral("--trusted-proxy"),
            QStringLiteral("127.0.0.1")};
        m_a = std::make_unique<ServerProcess>(QStringLiteral(METAVERSE_SERVER_BINARY));
        m_b = std::make_unique<ServerProcess>(QStringLiteral(METAVERSE_SERVER_BINARY));
        QVERIFY(m_a->start(m_dir.filePath(QStringLiteral("data")), redisUrl, shared));
        QVERIFY(m_b->start(m_dir.filePath(QStringLiteral("data")), redisUrl, shared));

        // The shipped site config with this run's ports and certificate.
        QFile shipped(QStringLiteral(METAVERSE_SOURCE_DIR "/packaging/nginx/metaverse.conf"));
        QVERIFY(shipped.open(QIODevice::ReadOnly | QIODevice::Text));
        QString site = QString::fromUtf8(shipped.readAll());
        m_port = freePort();
        const auto replace = [&](const QString &from, const QString &to) {
            QVERIFY2(site.contains(from), qPrintable(from));
            site.replace(from, to);
        };
        replace(QStringLiteral("127.0.0.1:3001"), QUrl(m_a->baseUrl()).authority());
        replace(QStringLiteral("127.0.0.1:3011"), QUrl(m_b->baseUrl()).authority());
        replace(QStringLiteral("listen 443 ssl;"), QStringLiteral("listen 127.0.0.1:%1 ssl;").arg(m_port));
        replace(QStringLiteral("listen 80;"), QStringLiteral("listen 127.0.0.1:%1;").arg(freePort()));
        replace(QStringLiteral("/etc/ssl/metaverse/fullchain.pem"), cert->first);
        replace(QStringLiteral("/etc/ssl/metaverse/privkey.pem"), cert->second);
        site.remove(
            QRegularExpression(QStringLiteral("^\\s*listen \\[::\\]:.*$"), QRegularExpression::MultilineOption));
        const QString prefix = m_dir.filePath(QStringLiteral("nginx"));
        QVERIFY(QDir().mkpath(prefix + QStringLiteral("/logs")));
        QFile siteFile(prefix + QStringLiteral("/metaverse.conf"));
        QVERIFY(siteFile.open(QIODevice::WriteOnly));
        siteFile.write(site.toUtf8());
        siteFile.close();
        // The main file: what /etc/nginx/nginx.conf provides, with private paths, one process.
        QFile main(prefix + QStringLiteral("/nginx.conf"));
        QVERIFY(main.open(QIODevice::WriteOnly));
        main.write(
            QStringLiteral("daemon off;\nmaster_process off;\nerror_log stderr warn;\npid %1/nginx.pid;\n"
                           "events { worker_connections 256; }\n"
                           "http {\n  access_log off;\n  client_body_temp_path %1/body;\n"
                           "  proxy_temp_path %1/proxy;\n  fastcgi_temp_path %1/fastcgi;\n"
                           "  uwsgi_temp_path %1/uwsgi;\n  scgi_temp_path %1/scgi;\n  include %1/metaverse.conf;\n}\n")
                .arg(prefix)
                .toUtf8());
        main.close();
        m_nginx.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_nginx.start(
            nginx, {QStringLiteral("-p"), prefix, QStringLiteral("-c"), prefix + QStringLiteral("/nginx.conf")});
        QVERIFY(m_nginx.waitForStarted(10000));

        // Through nginx, over TLS, once it listens.
        Client http(base());
        SignalWait up(
            [&] { return http.get(QStringLiteral("/health")).status == 200 || m_nginx.state() != QProcess::Running; });
        QVERIFY(up.until(15000));
        QCOMPARE(m_nginx.state(), QProcess::Running);
        m_alice = http.signupAndLogin(QStringLiteral("alice"));
        m_bob = http.signupAndLogin(QStringLiteral("bob"));
        QVERIFY(!m_alice.isEmpty() && !m_bob.isEmpty());
    }

    void cleanupTestCase()
    {
        if (m_nginx.state() != QProcess::NotRunning) {
            m_nginx.terminate();
            m_nginx.waitForFinished(10000);
        }
    }

    void spaceSocketAcrossInstances()
    {
        Client http(base());
        const auto space = http.post(V1 + QStringLiteral("/space"),
                                   {{QStringLiteral("name"), QStringLiteral("Proxied")},
                                       {QStringLiteral("dimensions"), QStringLiteral("8x8")}},
                                   m_alice)
                               .json.value(QStringLiteral("spaceId"))
                               .toString();
        QVERIFY(!space.isEmpty());
        QCOMPARE(
            http.post(V1 + QStringLiteral("/space/") + space + QStringLiteral("/members"),
                    {{QStringLiteral("username"), QStringLiteral("bob")}, {QStringLiteral("canEdit"), true}}, m_alice)
                    .status /
                100,
            2);

        const QString metric = QStringLiteral("metaverse_space_sockets");
        int a = gauge(*m_a, metric);
        int b = gauge(*m_b, metric);
        SpaceClient alice(SpaceProtocol::Dialect::Seed);
        QVERIFY(alice.open(socketUrl("/ws/space")) && alice.join(space, m_alice));
        const int aliceAt = instanceOf(metric, a, b);
        QVERIFY(aliceAt >= 0);
        // Round robin sends the next connection to the other instance; try a few times.
        std::unique_ptr<SpaceClient> bob;
        for (int attempt = 0; attempt < 4 && !bob; ++attempt) {
            a = gauge(*m_a, metric);
            b = gauge(*m_b, metric);
            auto candidate = std::make_unique<SpaceClient>(SpaceProtocol::Dialect::Seed);
            QVERIFY(candidate->open(socketUrl("/ws/space")) && candidate->join(space, m_bob));
            if (instanceOf(metric, a, b) == 1 - aliceAt) {
                bob = std::move(candidate);
            }
        }
        QVERIFY2(bob, "nginx never sent the second socket to the other instance");

        // Bob's step on one instance reaches Alice on the other (Redis), both through nginx.
        QVERIFY(alice.waitFor<SpaceProtocol::UserJoined>(
            [&](const SpaceProtocol::UserJoined &j) { return j.user.userId == bob->userId(); }));
        const Point from = bob->position();
        const Point step = from.x > 0 ? Point{from.x - 1, from.y} : Point{from.x + 1, from.y};
        bob->send(SpaceProtocol::Move{step});
        const auto moved = alice.waitFor<SpaceProtocol::UserMoved>(
            [&](const SpaceProtocol::UserMoved &m) { return m.userId == bob->userId(); });
        QVERIFY(moved);
        QCOMPARE(moved->position, step);
    }

    void chatSocketAcrossInstances()
    {
        Client http(base());
        const auto room =
            http.post(V1 + QStringLiteral("/chatrooms"), {{QStringLiteral("name"), QStringLiteral("proxied")}}, m_alice)
                .json.value(QStringLiteral("id"))
                .toString();
        QVERIFY(!room.isEmpty());
        http.post(V1 + QStringLiteral("/chatrooms/") + room + QStringLiteral("/members"),
            {{QStringLiteral("username"), QStringLiteral("bob")}}, m_alice);

        const QString metric = QStringLiteral("metaverse_chat_sockets");
        int a = gauge(*m_a, metric);
        int b = gauge(*m_b, metric);
        ChatClient alice;
        QVERIFY(alice.connectAs(socketUrl("/ws/chat"), m_alice));
        const int aliceAt = instanceOf(metric, a, b);
        QVERIFY(aliceAt >= 0);
        std::unique_ptr<ChatClient> bob;
        for (int attempt = 0; attempt < 4 && !bob; ++attempt) {
            a = gauge(*m_a, metric);
            b = gauge(*m_b, metric);
            auto candidate = std::make_unique<ChatClient>();
            QVERIFY(candidate->connectAs(socketUrl("/ws/chat"), m_bob));
            if (instanceOf(metric, a, b) == 1 - aliceAt) {
                bob = std::move(candidate);
            }
        }
        QVERIFY2(bob, "nginx never sent the second socket to the other instance");

        QVERIFY(alice.join(room));
        QVERIFY(bob->join(room));
        const auto sent = alice.say(room, QStringLiteral("hello through nginx"));
        QVERIFY(sent);
        const auto received = bob->waitFor<ChatProtocol::MessageReceived>();
        QVERIFY(received);
        QCOMPARE(received->message.content, QStringLiteral("hello through nginx"));
    }
};

QTEST_GUILESS_MAIN(TestProxy)
#include "tst_proxy.moc"
