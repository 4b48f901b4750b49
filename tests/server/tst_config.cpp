// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/config.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Metaverse;

class TestConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults()
    {
        QProcessEnvironment env;
        const auto load = loadConfig(
            {QStringLiteral("metaverse-server"), QStringLiteral("--data-dir"), QStringLiteral("/tmp/x")}, env);
        QVERIFY2(load.has_value(), load ? "" : qPrintable(load.error().message));
        const auto &c = load->config;
        QCOMPARE(c.httpPort, quint16(3001));
        QCOMPARE(c.wsPort, quint16(3002));
        QCOMPARE(c.chatPort, quint16(3003));
        QCOMPARE(c.bindAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(c.signupPolicy, SignupPolicy::FirstAdmin);
        QCOMPARE(c.rateLimitAuth, 5);
        QCOMPARE(c.rateLimitApi, 100);
        QCOMPARE(c.rateLimitWs, 1000);
        QVERIFY(c.jwtSecret.isEmpty());
        QVERIFY(c.databaseUrl.isEmpty());
    }

    void precedence()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("server.conf"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# comment\nHTTP_PORT=4001\nWS_PORT=4002\nCHAT_PORT = 4003\nSIGNUP_POLICY=\"closed\"\n");
        file.close();
        QProcessEnvironment env;
        env.insert(QStringLiteral("METAVERSE_CONFIG"), path);
        env.insert(QStringLiteral("WS_PORT"), QStringLiteral("5002"));
        env.insert(QStringLiteral("CHAT_PORT"), QStringLiteral("5003"));
        const auto load = loadConfig(
            {QStringLiteral("metaverse-server"), QStringLiteral("--chat-port=6003"), QStringLiteral("--rate-limit-api"),
                QStringLiteral("0"), QStringLiteral("--bcrypt-cost"), QStringLiteral("12"),
                QStringLiteral("--password-min-length"), QStringLiteral("10"), QStringLiteral("--rate-limit-auth"),
                QStringLiteral("7"), QStringLiteral("--rate-limit-ws"), QStringLiteral("9")},
            env);
        QVERIFY2(load.has_value(), load ? "" : qPrintable(load.error().message));
        QCOMPARE(load->config.httpPort, quint16(4001)); // file
        QCOMPARE(load->config.wsPort, quint16(5002)); // env over file
        QCOMPARE(load->config.chatPort, quint16(6003)); // CLI over env
        QCOMPARE(load->config.signupPolicy, SignupPolicy::Closed);
        QCOMPARE(load->config.rateLimitApi, 0);
        QCOMPARE(load->config.rateLimitAuth, 7);
        QCOMPARE(load->config.rateLimitWs, 9);
        QCOMPARE(load->config.bcryptCost, 12);
        QCOMPARE(load->config.passwordMinLength, 10);
        QCOMPARE(load->configFile, path);
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("envKey");
        QTest::addColumn<QString>("envValue");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown flag") << QStringList{QStringLiteral("--nope")} << ""
                                      << ""
                                      << "--nope";
        QTest::newRow("port text") << QStringList{QStringLiteral("--http-port"), QStringLiteral("abc")} << ""
                                   << ""
                                   << "HTTP_PORT";
        QTest::newRow("port range") << QStringList{QStringLiteral("--ws-port=70000")} << ""
                                    << ""
                                    << "WS_PORT";
        QTest::newRow("missing value") << QStringList{QStringLiteral("--http-port")} << ""
                                       << ""
                                       << "needs a value";
        QTest::newRow("policy") << QStringList{QStringLiteral("--signup-policy"), QStringLiteral("sometimes")} << ""
                                << ""
                                << "SIGNUP_POLICY";
        QTest::newRow("bcrypt") << QStringList{QStringLiteral("--bcrypt-cost"), QStringLiteral("40")} << ""
                                << ""
                                << "BCRYPT_COST";
        QTest::newRow("short secret") << QStringList{} << "JWT_SECRET"
                                      << "short"
                                      << "JWT_SECRET";
        QTest::newRow("database url") << QStringList{} << "DATABASE_URL"
                                      << "mysql://root:hunter2@x/db"
                                      << "DATABASE_URL";
        QTest::newRow("redis url") << QStringList{} << "REDIS_URL"
                                   << "http://x"
                                   << "REDIS_URL";
        QTest::newRow("jwt flag refused") << QStringList{QStringLiteral("--jwt-secret"), QStringLiteral("x")} << ""
                                          << ""
                                          << "--jwt-secret";
        QTest::newRow("bind") << QStringList{QStringLiteral("--bind"), QStringLiteral("everywhere")} << ""
                              << ""
                              << "BIND_ADDRESS";
        QTest::newRow("kafka password alone") << QStringList{} << "KAFKA_PASSWORD"
                                              << "hunter2"
                                              << "KAFKA_USERNAME";
        QTest::newRow("kafka user alone") << QStringList{QStringLiteral("--kafka-username"), QStringLiteral("u")} << ""
                                          << ""
                                          << "KAFKA_PASSWORD";
        QTest::newRow("kafka password flag refused")
            << QStringList{QStringLiteral("--kafka-password"), QStringLiteral("hunter2")} << ""
            << ""
            << "--kafka-password";
        QTest::newRow("kafka mechanism") << QStringList{QStringLiteral("--kafka-sasl-mechanism"),
                                                QStringLiteral("GSSAPI")}
                                         << ""
                                         << ""
                                         << "KAFKA_SASL_MECHANISM";
        QTest::newRow("kafka ca") << QStringList{QStringLiteral("--kafka-ssl-ca"),
                                         QStringLiteral("/nonexistent/ca.pem")}
                                  << ""
                                  << ""
                                  << "KAFKA_SSL_CA";
        QTest::newRow("outbox backlog") << QStringList{QStringLiteral("--outbox-max-backlog"), QStringLiteral("10")}
                                        << ""
                                        << ""
                                        << "OUTBOX_MAX_BACKLOG";
    }
    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, envKey);
        QFETCH(QString, envValue);
        QFETCH(QString, mentions);
        QProcessEnvironment env;
        if (!envKey.isEmpty()) {
            env.insert(envKey, envValue);
        }
        args.prepend(QStringLiteral("metaverse-server"));
        const auto load = loadConfig(args, env);
        QVERIFY(!load.has_value());
        QVERIFY2(load.error().message.contains(mentions), qPrintable(load.error().message));
        // Secrets never appear in errors.
        QVERIFY(!load.error().message.contains(QStringLiteral("hunter2")));
    }

    void helpListsEveryFlag()
    {
        const auto help = configHelpText();
        for (const auto *flag : {"--data-dir", "--http-port", "--ws-port", "--chat-port", "--signup-policy",
                 "--rate-limit-auth", "--rate-limit-api", "--rate-limit-ws", "--password-min-length", "--bcrypt-cost",
                 "--bind", "--cors-origins", "--log-format", "--log-level", "--token-lifetime"}) {
            QVERIFY2(help.contains(QLatin1String(flag)), flag);
        }
        QVERIFY(help.contains(QStringLiteral("JWT_SECRET")));
    }

    void badConfigFile()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("bad.conf"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("NOT_A_KEY=1\n");
        file.close();
        QProcessEnvironment env;
        const auto load = loadConfig({QStringLiteral("x"), QStringLiteral("--config"), path}, env);
        QVERIFY(!load.has_value());
        QVERIFY(load.error().message.contains(QStringLiteral("NOT_A_KEY")));
        const auto missing =
            loadConfig({QStringLiteral("x"), QStringLiteral("--config"), dir.filePath(QStringLiteral("none"))}, env);
        QVERIFY(!missing.has_value());
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
