// SPDX-License-Identifier: GPL-3.0-or-later
#include "testsupport.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUrl>

namespace Metaverse::Test
{

namespace
{
// The URL in `variable`; a missing one fails in CI and skips elsewhere.
Backend serviceFromEnvironment(const QProcessEnvironment &env, const QString &variable)
{
    Backend backend;
    backend.databaseUrl = env.value(variable);
    if (backend.databaseUrl.isEmpty()) {
        const QString reason = variable + QStringLiteral(" is not set");
        if (env.value(QStringLiteral("CI")) == QLatin1String("true")) {
            backend.failReason = reason + QStringLiteral(" (required in CI)");
        } else {
            backend.skipReason = reason;
        }
    }
    return backend;
}
} // namespace

Backend backendFromEnvironment()
{
    const auto env = QProcessEnvironment::systemEnvironment();
    if (env.value(QStringLiteral("METAVERSE_TEST_BACKEND")) != QLatin1String("postgres")) {
        return {};
    }
    Backend backend = serviceFromEnvironment(env, QStringLiteral("METAVERSE_TEST_DATABASE_URL"));
    backend.postgres = true;
    return backend;
}

Backend redisFromEnvironment()
{
    return serviceFromEnvironment(QProcessEnvironment::systemEnvironment(), QStringLiteral("METAVERSE_TEST_REDIS_URL"));
}

Result<QPair<QString, QString>> makeTestCertificate(const QString &dir)
{
    const auto openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        return Error::unavailable(QStringLiteral("openssl (Debian package openssl) makes the test certificate"));
    }
    const QString cert = dir + QStringLiteral("/cert.pem");
    const QString key = dir + QStringLiteral("/key.pem");
    QProcess req;
    req.start(openssl,
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
            QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
            QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
            QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"), key,
            QStringLiteral("-out"), cert});
    if (!req.waitForFinished(30000) || req.exitStatus() != QProcess::NormalExit || req.exitCode() != 0) {
        return Error::unavailable(
            QStringLiteral("openssl req failed: ") + QString::fromLocal8Bit(req.readAllStandardError()));
    }
    return qMakePair(cert, key);
}

Status resetPostgres(const QString &url)
{
    const QUrl parsed(url);
    const auto name = QStringLiteral("metaverse-test-reset");
    Status result;
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(parsed.host());
        db.setPort(parsed.port(5432));
        db.setUserName(parsed.userName());
        db.setPassword(parsed.password());
        db.setDatabaseName(parsed.path().mid(1));
        if (!db.open()) {
            result = Error::unavailable(db.lastError().text());
        } else {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("DROP SCHEMA IF EXISTS public CASCADE")) ||
                !q.exec(QStringLiteral("CREATE SCHEMA public"))) {
                result = Error::unavailable(q.lastError().text());
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

TestServer::TestServer(std::function<void(Config &)> adjust)
{
    m_config.dataDir = m_dir.path();
    m_config.bindAddress = QHostAddress::LocalHost;
    m_config.httpPort = 0;
    m_config.wsPort = 0;
    m_config.chatPort = 0;
    m_config.bcryptCost = 4; // fast hashes in tests; the cost itself is tested in tst_auth
    m_config.rateLimitAuth = 0;
    m_config.rateLimitApi = 0;
    m_config.rateLimitWs = 0;
    m_config.chatRateLimit = 0; // tested on its own in tst_chatsocket
    m_config.quotas.spacesPerUser = 1000000; // suites create many spaces; quotas are tested in tst_hardening
    const auto backend = backendFromEnvironment();
    if (backend.postgres) {
        m_config.databaseUrl = backend.databaseUrl;
    }
    if (adjust) {
        adjust(m_config);
    }
}

TestServer::~TestServer() = default;

Status TestServer::start()
{
    m_server = std::make_unique<Server>(m_config);
    return m_server->start();
}

void TestServer::stop()
{
    m_server.reset();
}

QString TestServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

QByteArray Reply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

QStringList Reply::errorFields() const
{
    QStringList fields;
    for (const auto &e : json.value(QStringLiteral("errors")).toArray()) {
        fields.append(e.toObject().value(QStringLiteral("field")).toString());
    }
    return fields;
}

Client::Client(QString baseUrl)
    : m_baseUrl(std::move(baseUrl))
{
}

Reply Client::request(const QByteArray &method, const QString &path, const QByteArray &body,
    const QByteArray &contentType, const QByteArray &token, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(QUrl(m_baseUrl + path));
    request.setTransferTimeout(20000);
    if (!contentType.isEmpty()) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    }
    if (!token.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + token);
    }
    for (const auto &[key, value] : headers) {
        request.setRawHeader(key, value);
    }
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished()) {
        finished.wait(25000);
    }
    Reply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.json = QJsonDocument::fromJson(result.body).object();
    result.headers = reply->rawHeaderPairs();
    result.networkError = reply->error();
    reply->deleteLater();
    return result;
}

Reply Client::post(const QString &path, const QJsonObject &body, const QByteArray &token)
{
    return request("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", token);
}

Reply Client::put(const QString &path, const QJsonObject &body, const QByteArray &token)
{
    return request("PUT", path, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", token);
}

Reply Client::patch(const QString &path, const QJsonObject &body, const QByteArray &token)
{
    return request("PATCH", path, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", token);
}

Reply Client::delJson(const QString &path, const QJsonObject &body, const QByteArray &token)
{
    return request("DELETE", path, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", token);
}

QByteArray Client::signupAndLogin(
    const QString &username, const QString &password, const QString &type, const QByteArray &adminToken)
{
    const auto signup = request("POST", QStringLiteral("/api/v1/signup"),
        QJsonDocument(QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("password"), password},
                          {QStringLiteral("type"), type}})
            .toJson(),
        "application/json", adminToken);
    if (signup.status != 200) {
        qWarning() << "signup failed" << signup.status << signup.body;
        return {};
    }
    const auto login = post(QStringLiteral("/api/v1/signin"),
        {{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
    return login.json.value(QStringLiteral("token")).toString().toLatin1();
}

QByteArray pngHeader(quint32 width, quint32 height)
{
    QByteArray png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
    for (const auto value : {width, height}) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            png.append(char((value >> shift) & 0xff));
        }
    }
    png.append("\x08\x06\0\0\0", 5); // 8-bit RGBA, no interlace
    return png + QByteArray(16, '\0');
}

} // namespace Metaverse::Test
