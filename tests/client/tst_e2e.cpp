// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end: the real client (offscreen; `metaverse-e2e`, the shipped app's start-up plus the
// script driver in tests/client/e2e/e2erunner.h) against a real metaverse-server process, driven
// by tests/client/e2e/flow.json (METAVERSE_E2E_SCRIPT): sign-up, sign-in, avatar choice, create from a template,
// rename, delete; then by appearance.json: the dark theme and the minimum window size on every page; then by chat.json:
// a chat with a second user that this test plays over the chat socket; then by space.json: entering a space, moving
// with keys and clicks, editing, while a second user that this test plays over the space socket walks about; then the
// server is killed (SIGKILL) and restarted on the same port and data, and the app reconnects by itself (no duplicates,
// a chat message after it arrives once). Then two apps side by side (team-owner.json and team-guest.json): the
// owner makes a space and an invite link in the app, the guest app is started with that link on its command line,
// signs up and is let in, both see each other, the owner kicks and then bans the guest from the people panel, and the
// guest app says why each time. The app saves a screenshot per step under the build tree (METAVERSE_E2E_OUTPUT_DIR).

#include "chatclient.h"
#include "grid/pathfinder.h"
#include "signalwait.h"
#include "spaceclient.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

class TestEndToEnd : public QObject
{
    Q_OBJECT

private:
    // The chat row: carol (the app's user) owns a space with the rooms "general" and "random";
    // dave, a member, is played here.
    struct ChatScene {
        QString spaceId;
        QString general;
        QString random;
        QByteArray daveToken;
    };

    // The space row: spacer (the app's user) owns "Meeting room" (16x10, a long wall from (6, 4)
    // to (9, 4)); erin, a member, is played here.
    struct SpaceScene {
        QString spaceId;
        QByteArray erinToken;
    };

    QTemporaryDir m_dir;
    QProcess m_server;
    quint16 m_port = 0;
    QStringList m_marks; // "e2e-mark NAME" lines the client printed

    // The server on m_port and the data in m_dir (again after a crash: same port, same data).
    void startServer()
    {
        m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_server.setStandardOutputFile(QProcess::nullDevice());
        m_server.start(QStringLiteral(METAVERSE_SERVER_BINARY),
            {QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("--http-port"),
                QString::number(m_port), QStringLiteral("--ws-port"), QStringLiteral("0"),
                QStringLiteral("--chat-port"), QStringLiteral("0"), QStringLiteral("--bcrypt-cost"),
                QStringLiteral("4"), QStringLiteral("--rate-limit-auth"), QStringLiteral("0"),
                // The two-app test kicks, then bans, the same guest: they may come back at once.
                QStringLiteral("--kick-cooldown-seconds"), QStringLiteral("0"), QStringLiteral("--log-level"),
                QStringLiteral("warning")});
        QVERIFY(m_server.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(serverHealthy() || m_server.state() != QProcess::Running, 20000);
        QCOMPARE(m_server.state(), QProcess::Running);
    }

    // Waits until the client printed `e2e-mark NAME` (false when it exits or time runs out).
    bool waitForMark(QProcess &client, const QString &name, int timeoutMs)
    {
        // The marks arrive with the client's output (the readyRead handler notes them first).
        Metaverse::Test::SignalWait marked(
            [&] { return m_marks.contains(name) || client.state() == QProcess::NotRunning; });
        marked.on(&client, &QProcess::readyReadStandardOutput).on(&client, &QProcess::stateChanged);
        return marked.until(timeoutMs) && m_marks.contains(name);
    }

    // One scripted app: offscreen, its own runtime dir and settings, `extra` arguments (a link).
    void startApp(
        QProcess &app, const QString &tag, const QString &script, const QString &output, const QStringList &extra = {})
    {
        const QString runtimeDir = m_dir.filePath(QStringLiteral("runtime-") + tag);
        QVERIFY(QDir().mkpath(runtimeDir));
        QFile::setPermissions(runtimeDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
        env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("METAVERSE_E2E_SCRIPT"), script);
        env.insert(QStringLiteral("METAVERSE_E2E_OUTPUT"), output);
        app.setProcessEnvironment(env);
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(QStringLiteral(METAVERSE_CLIENT_BINARY),
            QStringList{QStringLiteral("--server"), baseUrl(), QStringLiteral("--settings"),
                m_dir.filePath(QStringLiteral("client-%1.ini").arg(tag)), QStringLiteral("--language"),
                QStringLiteral("en")} +
                extra);
        QVERIFY(app.waitForStarted(10000));
    }

    // The screenshots a script asks for, each saved.
    static int screenshotsOf(const QString &script, const QString &output)
    {
        QFile file(script);
        if (!file.open(QIODevice::ReadOnly)) {
            return -1;
        }
        int count = 0;
        const auto steps = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("steps")).toArray();
        for (const auto &step : steps) {
            const auto object = step.toObject();
            if (object.value(QStringLiteral("do")).toString() == QLatin1String("screenshot")) {
                const QFileInfo png(
                    QDir(output).filePath(object.value(QStringLiteral("name")).toString() + QStringLiteral(".png")));
                if (!png.exists() || png.size() <= 1000) {
                    return -1;
                }
                ++count;
            }
        }
        return count;
    }

    bool serverHealthy()
    {
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/health").arg(m_port)));
        request.setTransferTimeout(1000);
        QNetworkReply *reply = network.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(2000);
        const bool ok = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
        reply->deleteLater();
        return ok;
    }

    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }

    // The room every space starts with (listed first).
    static QString generalRoom(Metaverse::Test::Client &http, const QString &spaceId, const QByteArray &token)
    {
        return http.get(QStringLiteral("/api/v1/chatrooms?spaceId=") + spaceId, token)
            .json.value(QStringLiteral("chatrooms"))
            .toArray()
            .at(0)
            .toObject()
            .value(QStringLiteral("id"))
            .toString();
    }

    void prepareChat(ChatScene &scene)
    {
        using Metaverse::Test::Client;
        Client http(baseUrl());
        const auto carol = http.signupAndLogin(QStringLiteral("carol"));
        scene.daveToken = http.signupAndLogin(QStringLiteral("dave"));
        QVERIFY(!carol.isEmpty() && !scene.daveToken.isEmpty());
        scene.spaceId = http.post(QStringLiteral("/api/v1/space"),
                                {{QStringLiteral("name"), QStringLiteral("Chat office")},
                                    {QStringLiteral("dimensions"), QStringLiteral("12x8")}},
                                carol)
                            .json.value(QStringLiteral("spaceId"))
                            .toString();
        QVERIFY(!scene.spaceId.isEmpty());
        QCOMPARE(http.post(QStringLiteral("/api/v1/space/%1/members").arg(scene.spaceId),
                         {{QStringLiteral("username"), QStringLiteral("dave")}}, carol)
                     .status,
            200);
        scene.general = generalRoom(http, scene.spaceId, carol);
        scene.random =
            http.post(QStringLiteral("/api/v1/chatrooms"),
                    {{QStringLiteral("name"), QStringLiteral("random")}, {QStringLiteral("spaceId"), scene.spaceId}},
                    carol)
                .json.value(QStringLiteral("id"))
                .toString();
        QVERIFY(!scene.general.isEmpty() && !scene.random.isEmpty());
    }

    // Dave's side of chat.json, step by step with the app's.
    void playDave(Metaverse::Test::ChatClient &dave, const ChatScene &scene)
    {
        using namespace Metaverse::ChatProtocol;
        constexpr int Patience = 90000; // the app starts and signs in meanwhile
        const auto said = [](const QString &text) {
            return std::function<bool(const MessageReceived &)>(
                [text](const MessageReceived &m) { return m.message.content == text; });
        };
        QVERIFY(dave.waitFor<PresenceUpdate>([](const PresenceUpdate &p) { return p.users.size() == 2; }, Patience));
        QVERIFY(dave.say(scene.general,
            QStringLiteral("Hi carol! The plan: https://example.org/plan?step=1&who=all <b>not bold</b>")));
        QVERIFY(dave.waitFor<MessageReceived>(said(QStringLiteral("Hello dave")), Patience));
        dave.send(Typing{scene.general});
        QVERIFY(dave.waitFor<MessageReceived>(said(QStringLiteral("Are you typing?")), Patience));
        QVERIFY(dave.join(scene.random));
        QVERIFY(dave.say(scene.random, QStringLiteral("Lunch at noon?")));
        QVERIFY(dave.say(scene.general, QStringLiteral("Yes!\nSee you at the stand-up.")));
    }

    // The server side of space.json's reconnection: at the mark "drop-server" the server is killed
    // (SIGKILL: the app's sockets break without a close frame); at "restart-server" it comes back
    // on the same port and data, and erin rejoins (busy now) and opens the chat, where the app's
    // first message after the reconnect must reach her exactly once. The app entered "away".
    void playServerRestart(QProcess &client, Metaverse::Test::SpaceClient &erin, const SpaceScene &scene)
    {
        using namespace Metaverse::SpaceProtocol;
        QVERIFY2(waitForMark(client, QStringLiteral("drop-server"), 180000), "no drop-server mark from the app");
        m_server.kill();
        QVERIFY(m_server.waitForFinished(5000));
        QVERIFY(erin.waitForDisconnect());
        QVERIFY2(waitForMark(client, QStringLiteral("restart-server"), 60000), "no restart-server mark from the app");
        startServer();
        if (QTest::currentTestFailed()) {
            return;
        }
        Metaverse::Test::SpaceClient erinAgain(Dialect::Seed);
        QVERIFY(erinAgain.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/space").arg(m_port))));
        erinAgain.send(Join{scene.spaceId, QString::fromLatin1(scene.erinToken), false, UserStatus::Busy});
        const auto joined = erinAgain.waitFor<Joined>();
        QVERIFY(joined);
        // The app rejoins by itself, with the status it had: in her space-joined, or announced after it.
        const auto spacerStatus = [&]() -> std::optional<UserStatus> {
            for (const auto &user : joined->users) {
                if (user.username == QLatin1String("spacer")) {
                    return user.status;
                }
            }
            const auto announced = erinAgain.waitFor<UserJoined>(
                [](const UserJoined &m) { return m.user.username == QLatin1String("spacer"); }, 60000);
            return announced ? std::optional<UserStatus>(announced->user.status) : std::nullopt;
        }();
        QVERIFY2(spacerStatus, "the app did not rejoin");
        QCOMPARE(*spacerStatus, UserStatus::Away);

        Metaverse::Test::Client http(baseUrl());
        const auto general = generalRoom(http, scene.spaceId, scene.erinToken);
        QVERIFY(!general.isEmpty());
        Metaverse::Test::ChatClient chat;
        QVERIFY(chat.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/chat").arg(m_port)), scene.erinToken));
        QVERIFY(chat.waitFor<Metaverse::ChatProtocol::Authenticated>());
        QVERIFY(chat.join(general));
        const QString text = QStringLiteral("Back after the restart");
        const auto isText = std::function<bool(const Metaverse::ChatProtocol::MessageReceived &)>(
            [text](const Metaverse::ChatProtocol::MessageReceived &m) { return m.message.content == text; });
        QVERIFY2(
            chat.waitFor<Metaverse::ChatProtocol::MessageReceived>(isText, 90000), "the app's message did not arrive");
        // Erin and her chat stay until the app is done with the script; nothing arrives twice.
        QSignalSpy finished(&client, &QProcess::finished);
        QVERIFY2(client.state() == QProcess::NotRunning || finished.wait(240000),
            "the client did not finish the script in time");
        QVERIFY(chat.quietFor<Metaverse::ChatProtocol::MessageReceived>(0, isText));
    }

    void prepareSpace(SpaceScene &scene)
    {
        using Metaverse::Test::Client;
        Client http(baseUrl());
        const auto spacer = http.signupAndLogin(QStringLiteral("spacer"));
        scene.erinToken = http.signupAndLogin(QStringLiteral("erin"));
        QVERIFY(!spacer.isEmpty() && !scene.erinToken.isEmpty());
        scene.spaceId = http.post(QStringLiteral("/api/v1/space"),
                                {{QStringLiteral("name"), QStringLiteral("Meeting room")},
                                    {QStringLiteral("dimensions"), QStringLiteral("16x10")}},
                                spacer)
                            .json.value(QStringLiteral("spaceId"))
                            .toString();
        QVERIFY(!scene.spaceId.isEmpty());
        QString longWall;
        const auto elements =
            http.get(QStringLiteral("/api/v1/elements")).json.value(QStringLiteral("elements")).toArray();
        for (const auto &entry : elements) {
            if (entry.toObject().value(QStringLiteral("name")).toString() == QLatin1String("Long Wall")) {
                longWall = entry.toObject().value(QStringLiteral("id")).toString();
            }
        }
        QVERIFY(!longWall.isEmpty());
        QCOMPARE(http.post(QStringLiteral("/api/v1/space/element"),
                         {{QStringLiteral("spaceId"), scene.spaceId}, {QStringLiteral("elementId"), longWall},
                             {QStringLiteral("x"), 6}, {QStringLiteral("y"), 4}},
                         spacer)
                     .status,
            200);
        QCOMPARE(http.post(QStringLiteral("/api/v1/space/%1/members").arg(scene.spaceId),
                         {{QStringLiteral("username"), QStringLiteral("erin")}}, spacer)
                     .status,
            200);
    }

    // Erin's side of space.json: once spacer is in, she walks (A*, paced well under the rate limit)
    // to the bottom-right corner (15, 9), where the app's script waits to see him.
    void playErin(Metaverse::Test::SpaceClient &erin)
    {
        using namespace Metaverse;
        using namespace Metaverse::SpaceProtocol;
        constexpr int Patience = 90000; // the app starts and signs in meanwhile
        QVERIFY(erin.waitFor<UserJoined>(
            [](const UserJoined &m) { return m.user.username == QLatin1String("spacer"); }, Patience));
        Occupancy grid(Size{16, 10});
        grid.block({6, 4, 4, 1});
        const Point goal{15, 9};
        auto path = Pathfinder::findPath(grid, erin.position(), goal);
        QVERIFY(path);
        if (path->isEmpty()) { // already there: one step away and back, so he is seen moving
            *path = {Point{14, 9}, goal};
        }
        for (const auto &step : std::as_const(*path)) {
            erin.send(Move{step});
            // The pace (about 7 steps a second), and the server's agreement: no rejection.
            QVERIFY(!erin.waitFor<MoveRejected>({}, 150));
        }
    }

public:
    // Runs before the application object exists: a private XDG_RUNTIME_DIR (PLATFORM-NOTES) for
    // this process and the server it starts, removed when the test exits. The client gets its own.
    static void initMain()
    {
        static QTemporaryDir runtimeDir;
        if (!runtimeDir.isValid()) {
            qFatal("cannot create a runtime dir: %s", qPrintable(runtimeDir.errorString()));
        }
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtimeDir.path()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo(QStringLiteral(METAVERSE_SERVER_BINARY)).isExecutable(), METAVERSE_SERVER_BINARY);
        QVERIFY2(QFileInfo(QStringLiteral(METAVERSE_CLIENT_BINARY)).isExecutable(), METAVERSE_CLIENT_BINARY);
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            m_port = probe.serverPort();
        }
        QDir(m_dir.path()).mkpath(QStringLiteral("data"));
        startServer();
    }

    void cleanupTestCase()
    {
        if (m_server.state() != QProcess::NotRunning) {
            m_server.terminate();
            if (!m_server.waitForFinished(5000)) {
                m_server.kill();
                m_server.waitForFinished(2000);
            }
        }
    }

    // flow.json: the user journey; appearance.json (next to it): the dark theme and the minimum
    // window size on every page. Each script runs in a fresh client with its own settings; the
    // screenshots of appearance.json go to the "appearance" folder of the output.
    void scriptedUserJourney_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("output");
        QTest::addColumn<int>("minScreenshots");
        const QString flow = QStringLiteral(METAVERSE_E2E_SCRIPT_PATH);
        const QString output = QStringLiteral(METAVERSE_E2E_OUTPUT_DIR);
        QTest::newRow("flow") << flow << output << 8;
        QTest::newRow("appearance") << QFileInfo(flow).dir().filePath(QStringLiteral("appearance.json"))
                                    << QDir(output).filePath(QStringLiteral("appearance")) << 8;
        QTest::newRow("chat") << QFileInfo(flow).dir().filePath(QStringLiteral("chat.json"))
                              << QDir(output).filePath(QStringLiteral("chat")) << 4;
        QTest::newRow("space") << QFileInfo(flow).dir().filePath(QStringLiteral("space.json"))
                               << QDir(output).filePath(QStringLiteral("space")) << 13;
    }

    void scriptedUserJourney()
    {
        QFETCH(QString, script);
        QFETCH(QString, output);
        QFETCH(int, minScreenshots);
        QVERIFY2(QFileInfo::exists(script), qPrintable(script));
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        QDir(output).removeRecursively();
        QVERIFY(QDir().mkpath(output));
        const QString runtimeDir = m_dir.filePath(QStringLiteral("runtime-") + tag);
        QVERIFY(QDir().mkpath(runtimeDir));
        QFile::setPermissions(runtimeDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

        // The chat script names the space prepared here; dave joins before the app starts.
        ChatScene scene;
        Metaverse::Test::ChatClient dave;
        if (tag == QLatin1String("chat")) {
            prepareChat(scene);
            if (QTest::currentTestFailed()) {
                return;
            }
            QFile source(script);
            QVERIFY(source.open(QIODevice::ReadOnly));
            script = m_dir.filePath(QStringLiteral("chat.json"));
            QFile prepared(script);
            QVERIFY(prepared.open(QIODevice::WriteOnly | QIODevice::Truncate));
            prepared.write(source.readAll().replace("%SPACE_ID%", scene.spaceId.toUtf8()));
            prepared.close();
            QVERIFY(dave.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/chat").arg(m_port)), scene.daveToken));
            QVERIFY(dave.waitFor<Metaverse::ChatProtocol::Authenticated>());
            QVERIFY(dave.join(scene.general));
        }

        // The space script enters the space prepared here; erin is in it before the app starts.
        SpaceScene spaceScene;
        Metaverse::Test::SpaceClient erin(Metaverse::SpaceProtocol::Dialect::Seed);
        if (tag == QLatin1String("space")) {
            prepareSpace(spaceScene);
            if (QTest::currentTestFailed()) {
                return;
            }
            QVERIFY(erin.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/space").arg(m_port))));
            QVERIFY(erin.join(spaceScene.spaceId, spaceScene.erinToken));
        }

        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
        env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("METAVERSE_E2E_SCRIPT"), script);
        env.insert(QStringLiteral("METAVERSE_E2E_OUTPUT"), output);
        QProcess client;
        client.setProcessEnvironment(env);
        // Its output is passed on, and the marks in it are noted (the space script's cues).
        client.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_marks.clear();
        connect(&client, &QProcess::readyReadStandardOutput, &client, [this, &client] {
            while (client.canReadLine()) {
                const auto line = client.readLine();
                std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
                if (line.startsWith("e2e-mark ")) {
                    m_marks.append(QString::fromUtf8(line.split(' ').value(1)));
                }
            }
            std::fflush(stdout);
        });
        // The keychain is used as in real life; without a secret service (CI) the app falls back to
        // a session-only token and shows the warning (visible in the screenshots).
        client.start(QStringLiteral(METAVERSE_CLIENT_BINARY),
            {QStringLiteral("--server"), QStringLiteral("http://127.0.0.1:%1").arg(m_port),
                QStringLiteral("--settings"), m_dir.filePath(QStringLiteral("client-%1.ini").arg(tag)),
                QStringLiteral("--language"), QStringLiteral("en")});
        QVERIFY(client.waitForStarted(10000));
        if (tag == QLatin1String("chat")) {
            playDave(dave, scene);
            if (QTest::currentTestFailed()) {
                client.kill();
                client.waitForFinished(5000);
                return;
            }
        }
        if (tag == QLatin1String("space")) {
            playErin(erin);
            if (QTest::currentTestFailed()) {
                client.kill();
                client.waitForFinished(5000);
                return;
            }
            // Erin stays (and answers the server's pings) until the app drops the connection.
            playServerRestart(client, erin, spaceScene);
            if (QTest::currentTestFailed()) {
                client.kill();
                client.waitForFinished(5000);
                return;
            }
        }
        QVERIFY2(client.state() == QProcess::NotRunning || client.waitForFinished(240000),
            "the client did not finish the script in time");
        QCOMPARE(client.exitStatus(), QProcess::NormalExit);
        QCOMPARE(client.exitCode(), 0);

        // One screenshot per screenshot step, none for a failure.
        QFile scriptFile(script);
        QVERIFY(scriptFile.open(QIODevice::ReadOnly));
        const auto steps =
            QJsonDocument::fromJson(scriptFile.readAll()).object().value(QStringLiteral("steps")).toArray();
        int screenshots = 0;
        for (const auto &step : steps) {
            const auto object = step.toObject();
            if (object.value(QStringLiteral("do")).toString() == QLatin1String("screenshot")) {
                ++screenshots;
                const QFileInfo png(
                    QDir(output).filePath(object.value(QStringLiteral("name")).toString() + QStringLiteral(".png")));
                QVERIFY2(png.exists() && png.size() > 1000, qPrintable(png.filePath()));
            }
        }
        QVERIFY(screenshots >= minScreenshots);
        QVERIFY(!QFileInfo::exists(QDir(output).filePath(QStringLiteral("failure.png"))));
    }

    // Two apps and no REST shortcut for the membership: the owner's invite link, made in the app,
    // goes to the guest app's command line (as a browser would hand a metaverse: link over).
    void twoAppsInviteAndModeration()
    {
        const QString dir = QFileInfo(QStringLiteral(METAVERSE_E2E_SCRIPT_PATH)).dir().path();
        const QString output = QDir(QStringLiteral(METAVERSE_E2E_OUTPUT_DIR)).filePath(QStringLiteral("team"));
        QDir(output).removeRecursively();
        QVERIFY(QDir().mkpath(output));
        const QString ownerScript = QDir(dir).filePath(QStringLiteral("team-owner.json"));
        const QString guestScript = QDir(dir).filePath(QStringLiteral("team-guest.json"));

        QProcess owner;
        QString link;
        connect(&owner, &QProcess::readyReadStandardOutput, &owner, [&owner, &link] {
            while (owner.canReadLine()) {
                const auto line = owner.readLine();
                std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
                if (line.startsWith("e2e-mark invite ")) {
                    link = QString::fromUtf8(line.trimmed().split(' ').value(3));
                }
            }
            std::fflush(stdout);
        });
        startApp(owner, QStringLiteral("team-owner"), ownerScript, output);
        if (QTest::currentTestFailed()) {
            return;
        }
        Metaverse::Test::SignalWait marked([&] { return !link.isEmpty() || owner.state() == QProcess::NotRunning; });
        marked.on(&owner, &QProcess::readyReadStandardOutput).on(&owner, &QProcess::stateChanged);
        QVERIFY2(marked.until(120000) && !link.isEmpty(), "the owner app made no invite link");
        QVERIFY2(link.startsWith(QStringLiteral("metaverse://127.0.0.1:%1/invite/").arg(m_port)), qPrintable(link));

        QProcess guest;
        guest.setProcessChannelMode(QProcess::ForwardedChannels);
        startApp(guest, QStringLiteral("team-guest"), guestScript, output, {link});
        if (QTest::currentTestFailed()) {
            owner.kill();
            owner.waitForFinished(5000);
            return;
        }
        const bool ownerDone = owner.state() == QProcess::NotRunning || owner.waitForFinished(240000);
        const bool guestDone = guest.state() == QProcess::NotRunning || guest.waitForFinished(60000);
        if (!ownerDone || !guestDone) {
            owner.kill();
            guest.kill();
            owner.waitForFinished(5000);
            guest.waitForFinished(5000);
        }
        QVERIFY2(ownerDone && guestDone, "the apps did not finish their scripts in time");
        QCOMPARE(owner.exitCode(), 0);
        QCOMPARE(guest.exitCode(), 0);
        QVERIFY(screenshotsOf(ownerScript, output) >= 8);
        QVERIFY(screenshotsOf(guestScript, output) >= 5);

        // A third user's app is running; `metaverse LINK` with the same settings (what a browser
        // does with a metaverse: link) hands the link over and exits; the running app goes in.
        const QString forwardScript = QDir(dir).filePath(QStringLiteral("team-forward.json"));
        QProcess third;
        bool ready = false;
        connect(&third, &QProcess::readyReadStandardOutput, &third, [&third, &ready] {
            while (third.canReadLine()) {
                const auto line = third.readLine();
                std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
                ready = ready || line.startsWith("e2e-mark ready ");
            }
            std::fflush(stdout);
        });
        startApp(third, QStringLiteral("team-forward"), forwardScript, output);
        if (QTest::currentTestFailed()) {
            return;
        }
        Metaverse::Test::SignalWait signedUp([&] { return ready || third.state() == QProcess::NotRunning; });
        signedUp.on(&third, &QProcess::readyReadStandardOutput).on(&third, &QProcess::stateChanged);
        QVERIFY2(signedUp.until(60000) && ready, "the third app did not sign up");
        QProcess second;
        second.setProcessChannelMode(QProcess::ForwardedChannels);
        startApp(second, QStringLiteral("team-forward"), forwardScript, output, {link});
        QVERIFY2(second.waitForFinished(20000), "the second start did not hand the link over and exit");
        QCOMPARE(second.exitCode(), 0);
        QVERIFY2(third.state() == QProcess::NotRunning || third.waitForFinished(60000), "the third app did not go in");
        QCOMPARE(third.exitCode(), 0);
        QCOMPARE(screenshotsOf(forwardScript, output), 1);
        QVERIFY(!QFileInfo::exists(QDir(output).filePath(QStringLiteral("failure.png"))));
    }
};

QTEST_GUILESS_MAIN(TestEndToEnd)
#include "tst_e2e.moc"
