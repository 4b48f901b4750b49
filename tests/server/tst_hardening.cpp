// SPDX-License-Identifier: GPL-3.0-or-later
// Findings of the outside review (issue "Hardening"), one test each: log lines that cannot be
// forged and DATABASE_URL's connection parameters (the dummy hash's cost is in tst_auth).
#include "chatclient.h"
#include "http/trustedproxies.h"
#include "logsetup.h"
#include "result.h"
#include "serverprocess.h"
#include "signalwait.h"
#include "spaceclient.h"
#include "store/database.h"
#include "store/userrepository.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <atomic>
#include <thread>

using namespace Metaverse;

namespace
{
// The status of a sign-in attempt sent from `from` (an address of the loopback range), which is
// how the server tells attackers apart; 0 on a network failure.
int signInFrom(const QHostAddress &from, quint16 port, const QString &username, const QString &password)
{
    QTcpSocket socket;
    if (!socket.bind(from)) {
        return 0;
    }
    const QByteArray body =
        QJsonDocument(QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}})
            .toJson(QJsonDocument::Compact);
    socket.connectToHost(QHostAddress::LocalHost, port);
    socket.write("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
        QByteArray::number(body.size()) + "\r\n\r\n" + body);
    // The server runs in this thread: wait with the event loop running.
    QByteArray response;
    Test::SignalWait wait([&] {
        response += socket.readAll();
        return response.contains("\r\n") || socket.state() == QAbstractSocket::UnconnectedState;
    });
    wait.on(&socket, &QTcpSocket::readyRead).on(&socket, &QTcpSocket::disconnected);
    if (!wait.until(10000)) {
        return 0;
    }
    const auto statusLine = response.left(response.indexOf("\r\n")).split(' ');
    return statusLine.size() >= 2 ? statusLine.at(1).toInt() : 0;
}
} // namespace

class TestHardening : public QObject
{
    Q_OBJECT
private:
    // METAVERSE_TEST_DATABASE_URL; empty after QSKIP (locally) or QFAIL (in CI) when unset.
    static QString postgresUrl()
    {
        const QString url = qEnvironmentVariable("METAVERSE_TEST_DATABASE_URL");
        if (url.isEmpty()) {
            if (qEnvironmentVariable("CI") == QLatin1String("true")) {
                QTest::qFail("METAVERSE_TEST_DATABASE_URL must be set in CI", __FILE__, __LINE__);
            } else {
                QTest::qSkip("METAVERSE_TEST_DATABASE_URL is not set", __FILE__, __LINE__);
            }
        }
        return url;
    }

private Q_SLOTS:
    void textLogEscapesControlCharacters_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << QStringLiteral("GET /space/all 200") << QByteArray("GET /space/all 200");
        QTest::newRow("newline") << QStringLiteral("GET /a\n2026-01-01 info metaverse.access: forged")
                                 << QByteArray("GET /a\\n2026-01-01 info metaverse.access: forged");
        QTest::newRow("carriage return") << QStringLiteral("a\rb") << QByteArray("a\\rb");
        QTest::newRow("tab") << QStringLiteral("a\tb") << QByteArray("a\\tb");
        QTest::newRow("escape sequence") << QStringLiteral("\x1b[31mred") << QByteArray("\\x1b[31mred");
        QTest::newRow("nul") << QString(QChar(0)) << QByteArray("\\x00");
        QTest::newRow("delete and C1") << QString(QChar(0x7f)) + QChar(0x85) << QByteArray("\\x7f\\x85");
        QTest::newRow("line separator") << QString(QChar(0x2028)) << QByteArray("\\u{2028}");
        QTest::newRow("backslash") << QStringLiteral("a\\nb") << QByteArray("a\\\\nb");
        QTest::newRow("unicode kept") << QStringLiteral("Grüße 🙂") << QStringLiteral("Grüße 🙂").toUtf8();
    }
    void textLogEscapesControlCharacters()
    {
        QFETCH(QString, message);
        QFETCH(QByteArray, expected);
        const QByteArray line =
            formatTextLine(QStringLiteral("T"), "info", QStringLiteral("metaverse.access"), message);
        QCOMPARE(line, QByteArray("T info metaverse.access: ") + expected);
        QVERIFY(!line.contains('\n'));
        QVERIFY(!line.contains('\r'));
    }

    // The review's exploit: a %0A in the path forged access-log lines in the text format.
    void accessLogCannotBeForged()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const quint16 port = Test::freePort();
        QProcess server;
        server.setProcessChannelMode(QProcess::SeparateChannels);
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("QT_LOGGING_RULES")); // CTest turns the access log off
        server.setProcessEnvironment(environment);
        server.start(QStringLiteral(METAVERSE_SERVER_BINARY),
            {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--http-port"), QString::number(port),
                QStringLiteral("--ws-port"), QStringLiteral("0"), QStringLiteral("--chat-port"), QStringLiteral("0"),
                QStringLiteral("--bcrypt-cost"), QStringLiteral("4"), QStringLiteral("--log-format"),
                QStringLiteral("text"), QStringLiteral("--log-level"), QStringLiteral("info")});
        QVERIFY(server.waitForStarted(5000));
        QVERIFY(Test::waitUntilListening(server));

        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /nothing%0A2026-01-01T00:00:00.000Z%20info%20metaverse.access:%20FORGED HTTP/1.1\r\n"
                     "Host: 127.0.0.1\r\n\r\n");
        QByteArray reply;
        Test::SignalWait answered([&] {
            reply += socket.readAll();
            return reply.contains("\r\n\r\n") || socket.state() != QAbstractSocket::ConnectedState;
        });
        answered.on(&socket, &QTcpSocket::readyRead).on(&socket, &QTcpSocket::stateChanged);
        QVERIFY(answered.until(5000));
        QVERIFY2(reply.startsWith("HTTP/1.1 "), reply.constData());

        QByteArray log;
        Test::SignalWait logged([&] {
            log += server.readAllStandardError();
            return log.contains("FORGED");
        });
        logged.on(&server, &QProcess::readyReadStandardError);
        QVERIFY2(logged.until(5000), log.constData());
        server.terminate();
        QVERIFY(server.waitForFinished(5000));
        log += server.readAllStandardError();

        // Every line is one message of the server's: time, level, category.
        static const QRegularExpression shape(
            QStringLiteral(R"(^\d{4}-\d\d-\d\dT\S+ (debug|info|warning|critical) \S+: )"));
        const auto lines = log.split('\n');
        for (const auto &line : lines) {
            if (!line.isEmpty()) {
                QVERIFY2(shape.match(QString::fromUtf8(line)).hasMatch(), line.constData());
            }
            QVERIFY2(!line.startsWith("2026-01-01T00:00:00.000Z"), line.constData()); // no forged line
        }
        QVERIFY(log.contains("\\n2026-01-01T00:00:00.000Z info metaverse.access: FORGED"));
    }

    void postgresConnectOptions_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("options"); // empty: an error
        QTest::newRow("defaults") << QStringLiteral("postgresql://u:p@h/db")
                                  << QStringLiteral("connect_timeout='5';application_name='metaverse-server'");
        QTest::newRow("sslmode and root cert")
            << QStringLiteral("postgresql://u:p@h/db?sslmode=verify-full&sslrootcert=/etc/ssl/ca.pem")
            << QStringLiteral("connect_timeout='5';application_name='metaverse-server';sslmode='verify-full';"
                              "sslrootcert='/etc/ssl/ca.pem'");
        QTest::newRow("overrides a default")
            << QStringLiteral("postgresql://u:p@h/db?connect_timeout=10")
            << QStringLiteral("application_name='metaverse-server';connect_timeout='10'");
        QTest::newRow("quoted") << QStringLiteral("postgresql://u:p@h/db?application_name=it%27s%20%5Cme")
                                << QStringLiteral("connect_timeout='5';application_name='it\\'s \\\\me'");
        QTest::newRow("unknown parameter") << QStringLiteral("postgresql://u:p@h/db?host=evil") << QString();
        QTest::newRow("typo") << QStringLiteral("postgresql://u:p@h/db?ssl_mode=require") << QString();
        QTest::newRow("semicolon") << QStringLiteral("postgresql://u:p@h/db?options=a%3Bb") << QString();
    }
    void postgresConnectOptions()
    {
        QFETCH(QString, url);
        QFETCH(QString, options);
        const auto result = Database::postgresConnectOptions(QUrl(url));
        if (options.isEmpty()) {
            QVERIFY(!result);
            QVERIFY(!result.error().message.contains(QLatin1String("u:p")));
        } else {
            QVERIFY2(result, result ? "" : qPrintable(result.error().message));
            QCOMPARE(*result, options);
        }
    }

    // Against the real PostgreSQL: the URL's parameters reach libpq (before, they were dropped).
    void postgresUrlParametersReachTheServer()
    {
        const QString url = postgresUrl();
        if (url.isEmpty()) {
            return;
        }
        QTemporaryDir dir;
        {
            QUrl named(url);
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("application_name"), QStringLiteral("metaverse-tst-hardening"));
            named.setQuery(query);
            auto db = Database::open(named.toString(), dir.path());
            QVERIFY2(db, db ? "" : qPrintable(db.error().message));
            QSqlQuery name((*db)->connection());
            QVERIFY(name.exec(QStringLiteral("SELECT current_setting('application_name')")) && name.next());
            QCOMPARE(name.value(0).toString(), QStringLiteral("metaverse-tst-hardening"));
        }
        {
            // The test server has no TLS: demanding it must fail, which proves sslmode is not dropped.
            QUrl secure(url);
            secure.setQuery(QStringLiteral("sslmode=require"));
            auto db = Database::open(secure.toString(), dir.path());
            QVERIFY(!db);
            QVERIFY2(
                db.error().message.contains(QLatin1String("SSL"), Qt::CaseInsensitive), qPrintable(db.error().message));
        }
    }

    // A failed statement inside a PostgreSQL transaction (a unique violation) used to make the
    // health ping that followed fail too ("current transaction is aborted"), so the connection was
    // dropped and reopened under the open transaction. It must stay: same backend, same session.
    void postgresKeepsTheConnectionAfterAFailedStatement()
    {
        const QString url = postgresUrl();
        if (url.isEmpty()) {
            return;
        }
        QTemporaryDir dir;
        auto opened = Database::open(url, dir.path());
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
        const Database &db = **opened;
        const auto backend = [&] {
            QSqlQuery pid(db.connection());
            return pid.exec(QStringLiteral("SELECT pg_backend_pid()")) && pid.next() ? pid.value(0).toInt() : -1;
        };
        const int before = backend();
        QVERIFY(before > 0);
        // A temporary table lives as long as the session: it is gone if the connection was replaced.
        QVERIFY(QSqlQuery(db.connection())
                    .exec(QStringLiteral("CREATE TEMPORARY TABLE hardening_keep (id INTEGER PRIMARY KEY)")));
        {
            Transaction transaction(db);
            QVERIFY(db.run(QStringLiteral("INSERT INTO hardening_keep (id) VALUES (?)"), {1}));
            const auto duplicate = db.run(QStringLiteral("INSERT INTO hardening_keep (id) VALUES (?)"), {1});
            QVERIFY(!duplicate);
            QCOMPARE(duplicate.error().code, ErrorCode::Conflict);
        } // rolled back
        QCOMPARE(backend(), before);
        const auto rows = db.fetchOne<qint64>(QStringLiteral("SELECT COUNT(*) FROM hardening_keep"), {},
            [](const QSqlQuery &q) { return q.value(0).toLongLong(); });
        QVERIFY2(rows, rows ? "" : qPrintable(rows.error().message));
        QCOMPARE(rows->value_or(-1), qint64(0));
        // And a statement that fails for another reason outside a transaction keeps it as well.
        QVERIFY(!db.run(QStringLiteral("SELECT no_such_column FROM hardening_keep"), {}));
        QCOMPARE(backend(), before);
    }

    // The per-username sign-in limit used to be one bucket per username: an attacker spending it at
    // its refill rate locked the real user out. Now each address has its own bucket per username,
    // and a ceiling per username over all addresses is far above one address's budget.
    void signInLimitsCannotLockTheUserOut()
    {
        Test::TestServer server([](Config &c) {
            c.rateLimitAuth = 5;
            c.rateLimitAuthAccount = 12;
        });
        QVERIFY(server.start().has_value());
        Test::Client client(server.baseUrl());
        QVERIFY(!client.signupAndLogin(QStringLiteral("victim")).isEmpty()); // 2 attempts from 127.0.0.1
        const QHostAddress attacker(QStringLiteral("127.0.0.2"));
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(signInFrom(attacker, server.port(), QStringLiteral("victim"), QStringLiteral("guess")), 403);
        }
        QCOMPARE(signInFrom(attacker, server.port(), QStringLiteral("VICTIM"), QStringLiteral("guess")), 429);
        // The real user, from their own address, still gets in.
        const auto signIn = client.post(QStringLiteral("/api/v1/login"),
            {{QStringLiteral("username"), QStringLiteral("victim")},
                {QStringLiteral("password"), QStringLiteral("correct horse")}});
        QCOMPARE(signIn.status, 200);
        // Many addresses together meet the ceiling (12 a minute; 8 spent so far).
        const QHostAddress second(QStringLiteral("127.0.0.3"));
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(signInFrom(second, server.port(), QStringLiteral("victim"), QStringLiteral("guess")), 403);
        }
        QCOMPARE(signInFrom(second, server.port(), QStringLiteral("victim"), QStringLiteral("guess")), 429);
        QCOMPARE(signInFrom(QHostAddress(QStringLiteral("127.0.0.4")), server.port(), QStringLiteral("victim"),
                     QStringLiteral("guess")),
            429);
        // Other accounts are not affected.
        QCOMPARE(signInFrom(QHostAddress(QStringLiteral("127.0.0.4")), server.port(), QStringLiteral("someone"),
                     QStringLiteral("guess")),
            403);
    }

    // Quotas: each limit refuses one more with a problem that names it, and nothing below it.
    void quotas()
    {
        Test::TestServer server([](Config &c) {
            c.quotas.spacesPerUser = 2;
            c.quotas.elementsPerSpace = 2;
            c.quotas.roomsPerSpace = 2;
            c.quotas.membersPerSpace = 1;
            c.quotas.spaceArea = 100;
        });
        QVERIFY(server.start().has_value());
        Test::Client http(server.baseUrl());
        const auto owner = http.signupAndLogin(QStringLiteral("owner"));
        QVERIFY(!http.signupAndLogin(QStringLiteral("first")).isEmpty());
        const auto second = http.signupAndLogin(QStringLiteral("second"));
        QVERIFY(!second.isEmpty());
        const QString v1 = QStringLiteral("/api/v1");
        const auto create = [&](const QString &dimensions) {
            return http.post(v1 + QStringLiteral("/space"),
                {{QStringLiteral("name"), QStringLiteral("Q")}, {QStringLiteral("dimensions"), dimensions}}, owner);
        };

        // The largest area: 100 tiles.
        const auto tooLarge = create(QStringLiteral("11x10"));
        QCOMPARE(tooLarge.status, 400);
        QCOMPARE(tooLarge.errorFields(), QStringList{QStringLiteral("dimensions")});
        QVERIFY(tooLarge.json.value(QStringLiteral("detail")).toString().contains(QStringLiteral("MAX_SPACE_AREA")));
        const auto spaceId = create(QStringLiteral("10x10")).json.value(QStringLiteral("spaceId")).toString();
        QVERIFY(!spaceId.isEmpty());

        // Spaces per user: 2.
        QCOMPARE(create(QStringLiteral("5x5")).status, 200);
        const auto third = create(QStringLiteral("5x5"));
        QCOMPARE(third.status, 403);
        QVERIFY(third.json.value(QStringLiteral("detail")).toString().contains(QStringLiteral("MAX_SPACES_PER_USER")));

        // Elements per space: 2.
        QString elementId;
        for (const auto &value :
            http.get(v1 + QStringLiteral("/elements")).json.value(QStringLiteral("elements")).toArray()) {
            const auto element = value.toObject();
            if (!element.value(QStringLiteral("static")).toBool() &&
                element.value(QStringLiteral("width")).toInt() == 1 &&
                element.value(QStringLiteral("height")).toInt() == 1) {
                elementId = element.value(QStringLiteral("id")).toString();
            }
        }
        QVERIFY(!elementId.isEmpty());
        const auto place = [&](int x) {
            return http.post(v1 + QStringLiteral("/space/element"),
                {{QStringLiteral("spaceId"), spaceId}, {QStringLiteral("elementId"), elementId},
                    {QStringLiteral("x"), x}, {QStringLiteral("y"), 0}},
                owner);
        };
        QCOMPARE(place(0).status, 200);
        QCOMPARE(place(1).status, 200);
        const auto tooMany = place(2);
        QCOMPARE(tooMany.status, 403);
        QVERIFY(
            tooMany.json.value(QStringLiteral("detail")).toString().contains(QStringLiteral("MAX_ELEMENTS_PER_SPACE")));

        // Members per space: 1 (changing that member's right is still allowed).
        const auto addMember = [&](const QString &name, bool canEdit) {
            return http.post(v1 + QStringLiteral("/space/%1/members").arg(spaceId),
                {{QStringLiteral("username"), name}, {QStringLiteral("canEdit"), canEdit}}, owner);
        };
        QCOMPARE(addMember(QStringLiteral("first"), false).status, 200);
        QCOMPARE(addMember(QStringLiteral("first"), true).status, 200);
        const auto crowded = addMember(QStringLiteral("second"), false);
        QCOMPARE(crowded.status, 403);
        QVERIFY(
            crowded.json.value(QStringLiteral("detail")).toString().contains(QStringLiteral("MAX_MEMBERS_PER_SPACE")));
        // An invite link is no way around it, and a refused accept uses nothing up.
        const auto invite =
            http.post(v1 + QStringLiteral("/space/%1/invites").arg(spaceId), {{QStringLiteral("maxUses"), 1}}, owner);
        QCOMPARE(invite.status, 200);
        const auto inviteToken = invite.json.value(QStringLiteral("token")).toString();
        const QString acceptPath = v1 + QStringLiteral("/invites/%1/accept").arg(inviteToken);
        const auto refusedAccept = http.request("POST", acceptPath, {}, {}, second);
        QCOMPARE(refusedAccept.status, 403);
        QVERIFY(refusedAccept.json.value(QStringLiteral("detail"))
                    .toString()
                    .contains(QStringLiteral("MAX_MEMBERS_PER_SPACE")));
        const auto invites = http.get(v1 + QStringLiteral("/space/%1/invites").arg(spaceId), owner)
                                 .json.value(QStringLiteral("invites"))
                                 .toArray();
        QCOMPARE(invites.size(), 1);
        QCOMPARE(invites.at(0).toObject().value(QStringLiteral("uses")).toInt(), 0);

        // Rooms per space: 2, the general room included.
        const auto room = [&](const QString &name) {
            return http.post(v1 + QStringLiteral("/chatrooms"),
                {{QStringLiteral("name"), name}, {QStringLiteral("spaceId"), spaceId}}, owner);
        };
        QCOMPARE(room(QStringLiteral("Second")).status, 200);
        const auto noRoom = room(QStringLiteral("Third"));
        QCOMPARE(noRoom.status, 403);
        QVERIFY(noRoom.json.value(QStringLiteral("detail")).toString().contains(QStringLiteral("MAX_ROOMS_PER_SPACE")));
    }

    // The WebSocket ports had no caps: per address, per user (chat) and in all, as the HTTP guard
    // has them, with 1008 for a socket over a cap; and the message limit is per user, shared by
    // that user's sockets, not per socket.
    void webSocketCaps()
    {
        Test::TestServer server([](Config &c) {
            c.wsMaxConnectionsPerAddress = 3;
            c.chatMaxSocketsPerUser = 2;
            c.rateLimitWs = 6;
        });
        QVERIFY(server.start().has_value());
        Test::Client http(server.baseUrl());
        const auto token = http.signupAndLogin(QStringLiteral("caps"));
        QVERIFY(!token.isEmpty());
        const QUrl spaceUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server.server().spacePort()));
        const QUrl chatUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server.server().chatPort()));

        // Per address: three space sockets, the fourth is closed with 1008.
        std::vector<std::unique_ptr<Test::SpaceClient>> space;
        for (int i = 0; i < 4; ++i) {
            space.push_back(std::make_unique<Test::SpaceClient>(SpaceProtocol::Dialect::Seed));
            QVERIFY(space.back()->open(spaceUrl));
        }
        QVERIFY(space.back()->waitForDisconnect());
        QCOMPARE(int(space.back()->closeCode()), int(QWebSocketProtocol::CloseCodePolicyViolated));
        space.front()->send(SpaceProtocol::Ping{});
        QVERIFY(space.front()->waitFor<SpaceProtocol::Pong>());

        // Per user on chat: two authenticated sockets; a third one is closed with 1008.
        Test::ChatClient first;
        Test::ChatClient second;
        Test::ChatClient third;
        QVERIFY(first.connectAs(chatUrl, token));
        QVERIFY(second.connectAs(chatUrl, token));
        QVERIFY(third.open(chatUrl));
        third.send(ChatProtocol::Auth{QString::fromLatin1(token)});
        QVERIFY(third.waitForDisconnect());
        QCOMPARE(int(third.closeCode()), int(QWebSocketProtocol::CloseCodePolicyViolated));

        // The message limit (6 a minute) is shared by the user's sockets.
        for (int i = 0; i < 3; ++i) {
            first.send(ChatProtocol::Ping{});
            QVERIFY(first.waitFor<ChatProtocol::Pong>());
            second.send(ChatProtocol::Ping{});
            QVERIFY(second.waitFor<ChatProtocol::Pong>());
        }
        second.send(ChatProtocol::Ping{});
        const auto limited = second.waitFor<ChatProtocol::ErrorMessage>();
        QVERIFY(limited);
        QCOMPARE(limited->code, ChatProtocol::ErrorCodes::RateLimited);

        // In all: one socket per hub.
        Test::TestServer small([](Config &c) { c.wsMaxConnections = 1; });
        QVERIFY(small.start().has_value());
        const QUrl smallUrl(QStringLiteral("ws://127.0.0.1:%1").arg(small.server().spacePort()));
        Test::SpaceClient only(SpaceProtocol::Dialect::Seed);
        Test::SpaceClient refused(SpaceProtocol::Dialect::Seed);
        QVERIFY(only.open(smallUrl));
        QVERIFY(refused.open(smallUrl));
        QVERIFY(refused.waitForDisconnect());
        QCOMPARE(int(refused.closeCode()), int(QWebSocketProtocol::CloseCodePolicyViolated));
        QVERIFY(only.isConnected());

        // A trusted proxy is exempt from the per-address cap: behind nginx every socket comes
        // from its address.
        Test::TestServer proxied([](Config &c) {
            c.wsMaxConnectionsPerAddress = 3;
            c.trustedProxies = *TrustedProxies::parse({QStringLiteral("127.0.0.1")});
        });
        QVERIFY(proxied.start().has_value());
        const QUrl proxiedUrl(QStringLiteral("ws://127.0.0.1:%1").arg(proxied.server().spacePort()));
        std::vector<std::unique_ptr<Test::SpaceClient>> behindProxy;
        for (int i = 0; i < 5; ++i) {
            behindProxy.push_back(std::make_unique<Test::SpaceClient>(SpaceProtocol::Dialect::Seed));
            QVERIFY(behindProxy.back()->open(proxiedUrl));
        }
        behindProxy.back()->send(SpaceProtocol::Ping{});
        QVERIFY(behindProxy.back()->waitFor<SpaceProtocol::Pong>());
        QVERIFY(behindProxy.front()->isConnected());
    }

    // Two instances signing up the first accounts at once could both create an Admin: under READ
    // COMMITTED neither saw the other's uncommitted account. The first sign-up's transaction is
    // held open here while a second one runs on another connection (as another instance would):
    // the second must wait for it and then become a User.
    void postgresFirstAdminIsRaceFree()
    {
        const QString url = postgresUrl();
        if (url.isEmpty()) {
            return;
        }
        const auto reset = Test::resetPostgres(url);
        QVERIFY2(reset, reset ? "" : qPrintable(reset.error().message));
        QTemporaryDir dir;
        auto opened = Database::open(url, dir.path());
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
        Database &db = **opened;
        QVERIFY(db.migrate());

        std::optional<Result<User>> second;
        std::atomic_bool secondDone = false;
        std::thread other;
        {
            Transaction first(db);
            auto admin =
                UserRepository(db).createFirstAdminOr(QStringLiteral("first"), QStringLiteral("x"), Role::User);
            QVERIFY2(admin, admin ? "" : qPrintable(admin.error().message));
            QCOMPARE(admin->role, Role::Admin);
            other = std::thread([&] {
                second =
                    UserRepository(db).createFirstAdminOr(QStringLiteral("second"), QStringLiteral("x"), Role::User);
                secondDone = true;
            });
            const auto waitingForALock = [&] {
                QSqlQuery q(db.connection());
                return q.exec(QStringLiteral("SELECT COUNT(*) FROM pg_locks WHERE NOT granted")) && q.next() &&
                    q.value(0).toInt() > 0;
            };
            // Either it already finished (the race lost: two Admins) or it waits for the first.
            QTRY_VERIFY_WITH_TIMEOUT(secondDone || waitingForALock(), 10000);
            QVERIFY(first.commit());
        }
        other.join();
        QVERIFY(second.has_value());
        QVERIFY2(*second, *second ? "" : qPrintable(second->error().message));
        QCOMPARE((*second)->role, Role::User);
        auto admins = UserRepository(db).countAdmins();
        QVERIFY(admins);
        QCOMPARE(*admins, qint64(1));
        // Nobody may sign up as Admin once an account exists (the policy's other branch).
        const auto refused = UserRepository(db).createFirstAdminOr(QStringLiteral("third"), QStringLiteral("x"), {});
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Forbidden);
    }
};

QTEST_GUILESS_MAIN(TestHardening)
#include "tst_hardening.moc"
