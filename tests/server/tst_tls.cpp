// SPDX-License-Identifier: GPL-3.0-or-later
// TLS: --tls-cert/--tls-key serve HTTPS and WSS on every port (REST, the space and chat
// WebSockets, and both sockets by upgrade on the HTTP port), the connection guard still answers
// over TLS, plain HTTP is not served, and bad TLS settings stop the server at start. The
// certificate is a self-signed one for 127.0.0.1, made with openssl when the suite starts.
#include "chatclient.h"
#include "signalwait.h"
#include "spaceclient.h"
#include "testsupport.h"

#include <QSslSocket>
#include <QTest>

using namespace Metaverse;
using namespace Metaverse::Test;

class TestTls : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_cert;
    QString m_key;
    std::unique_ptr<TestServer> m_server;

    [[nodiscard]] QString httpsUrl() const { return QStringLiteral("https://127.0.0.1:%1").arg(m_server->port()); }
    [[nodiscard]] QUrl wss(quint16 port, const char *path = "") const
    {
        return QUrl(QStringLiteral("wss://127.0.0.1:%1%2").arg(port).arg(QLatin1String(path)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QSslSocket::supportsSsl());
        QVERIFY(m_dir.isValid());
        const auto pair = makeTestCertificate(m_dir.path());
        QVERIFY2(pair, pair ? "" : qPrintable(pair.error().message));
        m_cert = pair->first;
        m_key = pair->second;

        // The clients in this process trust exactly this certificate, as a user's machine would
        // trust a real one; then nothing needs ignoreSslErrors.
        auto config = QSslConfiguration::defaultConfiguration();
        config.addCaCertificates(m_cert);
        QSslConfiguration::setDefaultConfiguration(config);

        const QString cert = m_cert;
        const QString key = m_key;
        m_server = std::make_unique<TestServer>([cert, key](Config &c) {
            const auto load = loadConfig({QStringLiteral("metaverse-server"), QStringLiteral("--tls-cert"), cert,
                                             QStringLiteral("--tls-key"), key},
                QProcessEnvironment());
            QVERIFY(load);
            c.tls = load->config.tls;
            c.maxBodyBytes = 1024;
        });
        QVERIFY(m_server->start());
    }

    void badSettingsStopTheServer_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("key");
        QTest::newRow("cert without key")
            << QStringList{QStringLiteral("--tls-cert"), QStringLiteral("CERT")} << QStringLiteral("TLS_KEY");
        QTest::newRow("key without cert")
            << QStringList{QStringLiteral("--tls-key"), QStringLiteral("KEY")} << QStringLiteral("TLS_CERT");
        QTest::newRow("missing cert file") << QStringList{QStringLiteral("--tls-cert"), QStringLiteral("/nonexistent"),
                                                  QStringLiteral("--tls-key"), QStringLiteral("KEY")}
                                           << QStringLiteral("TLS_CERT");
        QTest::newRow("key is not a key") << QStringList{QStringLiteral("--tls-cert"), QStringLiteral("CERT"),
                                                 QStringLiteral("--tls-key"), QStringLiteral("CERT")}
                                          << QStringLiteral("TLS_KEY");
    }

    void badSettingsStopTheServer()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, key);
        args.replaceInStrings(QStringLiteral("CERT"), m_cert).replaceInStrings(QStringLiteral("KEY"), m_key);
        const auto load = loadConfig(QStringList{QStringLiteral("metaverse-server")} + args, QProcessEnvironment());
        QVERIFY(!load);
        QVERIFY2(load.error().message.contains(key), qPrintable(load.error().message));
    }

    void restOverHttps()
    {
        Client client(httpsUrl());
        const auto health = client.get(QStringLiteral("/health"));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QVERIFY(!client.signupAndLogin(QStringLiteral("tina")).isEmpty());
    }

    void plainHttpIsNotServed()
    {
        Client client(m_server->baseUrl()); // http:// on the TLS port
        QVERIFY(client.get(QStringLiteral("/health")).status != 200);
    }

    // The connection guard sees the decrypted stream: an oversized body still gets 413 unread.
    void guardAnswersOverTls()
    {
        QSslSocket socket;
        SignalWait encrypted(
            [&] { return socket.isEncrypted() || socket.state() == QAbstractSocket::UnconnectedState; });
        encrypted.on(&socket, &QSslSocket::encrypted).on(&socket, &QSslSocket::stateChanged);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_server->port());
        QVERIFY(encrypted.until(10000)); // the server runs in this thread: never block on the socket
        QVERIFY2(socket.isEncrypted(), qPrintable(socket.errorString()));
        socket.write("POST /api/v1/signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     "Content-Length: 1000000\r\n\r\n");
        QByteArray reply;
        SignalWait answered([&] {
            reply += socket.readAll();
            return reply.contains("\r\n\r\n") || socket.state() != QAbstractSocket::ConnectedState;
        });
        answered.on(&socket, &QSslSocket::readyRead).on(&socket, &QSslSocket::stateChanged);
        QVERIFY(answered.until(10000));
        QVERIFY2(reply.startsWith("HTTP/1.1 413"), reply.constData());
    }

    void socketsOverWss_data()
    {
        QTest::addColumn<bool>("upgradeOnHttpPort");
        QTest::newRow("dedicated ports") << false;
        QTest::newRow("upgrade on the HTTPS port") << true;
    }

    void socketsOverWss()
    {
        QFETCH(bool, upgradeOnHttpPort);
        Client client(httpsUrl());
        const auto token = client.signupAndLogin(QStringLiteral("wendy%1").arg(int(upgradeOnHttpPort)));
        QVERIFY(!token.isEmpty());
        const auto space = client.post(QStringLiteral("/api/v1/space"),
            {{QStringLiteral("name"), QStringLiteral("Secure")}, {QStringLiteral("dimensions"), QStringLiteral("6x5")}},
            token);
        const auto spaceId = space.json.value(QStringLiteral("spaceId")).toString();
        QVERIFY2(!spaceId.isEmpty(), space.body.constData());

        const auto &server = m_server->server();
        SpaceClient spaceClient(SpaceProtocol::Dialect::Seed);
        QVERIFY(
            spaceClient.open(upgradeOnHttpPort ? wss(m_server->port(), "/ws/space") : wss(server.spacePort()), 10000));
        QVERIFY(spaceClient.join(spaceId, token)); // frames both ways, the server's written straight to TLS

        ChatClient chatClient;
        QVERIFY(chatClient.connectAs(
            upgradeOnHttpPort ? wss(m_server->port(), "/ws/chat") : wss(server.chatPort()), token));
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
