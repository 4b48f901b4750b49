// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.h"
#include "server.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <memory>

namespace Metaverse::Test
{

// The database the suite runs against: SQLite in a temp dir, or the PostgreSQL database named by
// METAVERSE_TEST_DATABASE_URL when METAVERSE_TEST_BACKEND=postgres (required when CI=true).
struct Backend {
    bool postgres = false;
    QString databaseUrl;
    QString skipReason; // non-empty: skip (locally, PostgreSQL not configured)
    QString failReason; // non-empty: fail (in CI, PostgreSQL not configured)
};
Backend backendFromEnvironment();
// A self-signed certificate for 127.0.0.1 (subjectAltName IP:127.0.0.1) and its EC key, written as
// DIR/cert.pem and DIR/key.pem by openssl (Debian package openssl); returns {cert, key} paths.
Result<QPair<QString, QString>> makeTestCertificate(const QString &dir);
// Drops and recreates the public schema of the PostgreSQL database, for a clean run.
Status resetPostgres(const QString &url);
// The Redis of the suite (METAVERSE_TEST_REDIS_URL), with the same skip/fail rules; in `databaseUrl`.
Backend redisFromEnvironment();
// The start of a PNG (signature and IHDR) declaring the given size: enough for the server's
// upload checks, which read the size from the header and never decode.
QByteArray pngHeader(quint32 width, quint32 height);

} // namespace Metaverse::Test

// For initTestCase(): fails in CI and skips locally when the backend is not configured, and starts
// PostgreSQL from an empty schema.
#define METAVERSE_PREPARE_BACKEND()                                                                                    \
    do {                                                                                                               \
        const auto metaverseBackend = ::Metaverse::Test::backendFromEnvironment();                                     \
        if (!metaverseBackend.failReason.isEmpty()) {                                                                  \
            QFAIL(qPrintable(metaverseBackend.failReason));                                                            \
        }                                                                                                              \
        if (!metaverseBackend.skipReason.isEmpty()) {                                                                  \
            QSKIP(qPrintable(metaverseBackend.skipReason));                                                            \
        }                                                                                                              \
        if (metaverseBackend.postgres) {                                                                               \
            const auto metaverseReset = ::Metaverse::Test::resetPostgres(metaverseBackend.databaseUrl);                \
            QVERIFY2(metaverseReset.has_value(), metaverseReset ? "" : qPrintable(metaverseReset.error().message));    \
        }                                                                                                              \
    } while (false)

// For initTestCase(): assigns the suite's Redis URL to `url`, or fails in CI / skips locally.
#define METAVERSE_REQUIRE_REDIS(url)                                                                                   \
    do {                                                                                                               \
        const auto metaverseRedis = ::Metaverse::Test::redisFromEnvironment();                                         \
        if (!metaverseRedis.failReason.isEmpty()) {                                                                    \
            QFAIL(qPrintable(metaverseRedis.failReason));                                                              \
        }                                                                                                              \
        if (!metaverseRedis.skipReason.isEmpty()) {                                                                    \
            QSKIP(qPrintable(metaverseRedis.skipReason));                                                              \
        }                                                                                                              \
        (url) = metaverseRedis.databaseUrl;                                                                            \
    } while (false)

namespace Metaverse::Test
{

// A real server in this process, on a free port, with its own data directory.
class TestServer
{
public:
    explicit TestServer(std::function<void(Config &)> adjust = {});
    ~TestServer();

    Status start();
    [[nodiscard]] quint16 port() const { return m_server ? m_server->httpPort() : 0; }
    [[nodiscard]] QString baseUrl() const;
    Config &config() { return m_config; }
    Server &server() { return *m_server; }
    const QString &dataDir() const { return m_config.dataDir; }
    // Stops the server (closing its sockets) but keeps the data directory, for restart tests.
    void stop();

private:
    QTemporaryDir m_dir;
    Config m_config;
    std::unique_ptr<Server> m_server;
};

struct Reply {
    int status = 0;
    QByteArray body;
    QJsonObject json;
    QList<QPair<QByteArray, QByteArray>> headers;
    int networkError = 0;

    [[nodiscard]] QByteArray header(const QByteArray &name) const;
    // The field names of a problem+json body's `errors`.
    [[nodiscard]] QStringList errorFields() const;
};

// A blocking HTTP client for tests: runs the event loop until the reply arrives.
class Client
{
public:
    explicit Client(QString baseUrl);

    Reply request(const QByteArray &method, const QString &path, const QByteArray &body = {},
        const QByteArray &contentType = "application/json", const QByteArray &token = {},
        const QList<QPair<QByteArray, QByteArray>> &headers = {});
    Reply get(const QString &path, const QByteArray &token = {}) { return request("GET", path, {}, {}, token); }
    Reply post(const QString &path, const QJsonObject &body, const QByteArray &token = {});
    Reply put(const QString &path, const QJsonObject &body, const QByteArray &token = {});
    Reply patch(const QString &path, const QJsonObject &body, const QByteArray &token = {});
    Reply del(const QString &path, const QByteArray &token = {}) { return request("DELETE", path, {}, {}, token); }
    Reply delJson(const QString &path, const QJsonObject &body, const QByteArray &token = {});

    // Signs up and signs in; returns the token (empty on failure).
    QByteArray signupAndLogin(const QString &username, const QString &password = QStringLiteral("correct horse"),
        const QString &type = QStringLiteral("user"), const QByteArray &adminToken = {});

private:
    QString m_baseUrl;
    QNetworkAccessManager m_network;
};

} // namespace Metaverse::Test
