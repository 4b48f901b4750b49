// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end: the real `metaverse` binary (offscreen) against a real metaverse-server process,
// driven by tests/client/e2e/flow.json through the app's test hook (METAVERSE_E2E_SCRIPT, see
// client/e2erunner.h): sign-up, sign-in, avatar choice, create from a template, rename, delete;
// then by appearance.json: the dark theme and the minimum window size on every page.
// The app saves a screenshot per step under the build tree (METAVERSE_E2E_OUTPUT_DIR).

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

class TestEndToEnd : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_server;
    quint16 m_port = 0;

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
        m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_server.setStandardOutputFile(QProcess::nullDevice());
        m_server.start(QStringLiteral(METAVERSE_SERVER_BINARY),
            {QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("--http-port"),
                QString::number(m_port), QStringLiteral("--ws-port"), QStringLiteral("0"),
                QStringLiteral("--chat-port"), QStringLiteral("0"), QStringLiteral("--bcrypt-cost"),
                QStringLiteral("4"), QStringLiteral("--rate-limit-auth"), QStringLiteral("0"),
                QStringLiteral("--log-level"), QStringLiteral("warning")});
        QVERIFY(m_server.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(serverHealthy() || m_server.state() != QProcess::Running, 20000);
        QCOMPARE(m_server.state(), QProcess::Running);
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

        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
        env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("METAVERSE_E2E_SCRIPT"), script);
        env.insert(QStringLiteral("METAVERSE_E2E_OUTPUT"), output);
        QProcess client;
        client.setProcessEnvironment(env);
        client.setProcessChannelMode(QProcess::ForwardedChannels);
        // The keychain is used as in real life; without a secret service (CI) the app falls back to
        // a session-only token and shows the warning (visible in the screenshots).
        client.start(QStringLiteral(METAVERSE_CLIENT_BINARY),
            {QStringLiteral("--server"), QStringLiteral("http://127.0.0.1:%1").arg(m_port),
                QStringLiteral("--settings"), m_dir.filePath(QStringLiteral("client-%1.ini").arg(tag)),
                QStringLiteral("--language"), QStringLiteral("en")});
        QVERIFY(client.waitForStarted(10000));
        QVERIFY2(client.waitForFinished(240000), "the client did not finish the script in time");
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
};

QTEST_GUILESS_MAIN(TestEndToEnd)
#include "tst_e2e.moc"
