// SPDX-License-Identifier: GPL-3.0-or-later
// Sessions that end (issue "Hardening", tokens): the token version and sign-in id carried in every
// token, /logout, /logout-all and /me/password ending tokens and the open sockets of the user, a
// role change closing them too (close code 4010), a socket closing when its token expires (4011), refreshes limited to
// the maximum session age, and all of it across two instances through Redis.
#include "auth/jwt.h"
#include "chatclient.h"
#include "serverprocess.h"
#include "spaceclient.h"
#include "testsupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Metaverse;
using namespace Metaverse::Test;

namespace
{
const QString V1 = QStringLiteral("/api/v1");
const QByteArray Secret = "sessions-test-secret-sessions-test-secret";
constexpr int SessionEnded = 4010;
constexpr int TokenExpired = 4011;

QString p(const QString &path)
{
    return V1 + path;
}

QByteArray tokenOf(const Reply &reply)
{
    return reply.json.value(QStringLiteral("token")).toString().toLatin1();
}

QByteArray login(Client &http, const QString &username, const QString &password = QStringLiteral("correct horse"))
{
    return tokenOf(http.post(
        p(QStringLiteral("/login")), {{QStringLiteral("username"), username}, {QStringLiteral("password"), password}}));
}

// The payload of a token, without checking it.
QJsonObject claimsOf(const QByteArray &token)
{
    const auto parts = token.split('.');
    if (parts.size() != 3) {
        return {};
    }
    return QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding)).object();
}
} // namespace

class TestSessions : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<Client> m_http;
    QByteArray m_admin;
    QString m_spaceId;

    QUrl spaceUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->server().spacePort())); }
    QUrl chatUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->server().chatPort())); }

    // A fresh user (with a unique name) who may enter the test space; returns its first token.
    QByteArray newMember(const QString &prefix, QString *usernameOut = nullptr)
    {
        const QString username = prefix + QUuid::createUuid().toString(QUuid::Id128).left(8);
        const auto token = m_http->signupAndLogin(username);
        m_http->post(
            p(QStringLiteral("/space/%1/members").arg(m_spaceId)), {{QStringLiteral("username"), username}}, m_admin);
        if (usernameOut) {
            *usernameOut = username;
        }
        return token;
    }

    std::unique_ptr<SpaceClient> joinSpace(const QByteArray &token)
    {
        auto client = std::make_unique<SpaceClient>(SpaceProtocol::Dialect::Seed);
        if (!client->open(spaceUrl()) || !client->join(m_spaceId, token)) {
            return nullptr;
        }
        return client;
    }

    std::unique_ptr<ChatClient> openChat(const QByteArray &token)
    {
        auto client = std::make_unique<ChatClient>();
        if (!client->connectAs(chatUrl(), token)) {
            return nullptr;
        }
        return client;
    }

    QByteArray craftToken(const QString &userId, qint64 issuedAt, qint64 expiresAt, qint64 signedInAt)
    {
        return Jwt::sign({userId, QStringLiteral("x"), Role::User, issuedAt, expiresAt, 0,
                             QUuid::createUuid().toString(QUuid::WithoutBraces), signedInAt},
            Secret);
    }

private Q_SLOTS:
    void initTestCase()
    {
        METAVERSE_PREPARE_BACKEND();
        m_server = std::make_unique<TestServer>([](Config &c) {
            c.jwtSecret = Secret;
            c.wsHeartbeatMs = 100; // sockets notice an expired token within a tenth of a second
            c.maxSessionAgeSeconds = 3600;
        });
        QVERIFY(m_server->start().has_value());
        m_http = std::make_unique<Client>(m_server->baseUrl());
        m_admin = m_http->signupAndLogin(QStringLiteral("admin"));
        QVERIFY(!m_admin.isEmpty());
        m_spaceId = m_http
                        ->post(p(QStringLiteral("/space")),
                            {{QStringLiteral("name"), QStringLiteral("Office")},
                                {QStringLiteral("dimensions"), QStringLiteral("10x10")}},
                            m_admin)
                        .json.value(QStringLiteral("spaceId"))
                        .toString();
        QVERIFY(!m_spaceId.isEmpty());
    }

    void tokensCarryTheirSession()
    {
        QString name;
        const auto token = newMember(QStringLiteral("claims"), &name);
        const auto claims = claimsOf(token);
        QCOMPARE(claims.value(QStringLiteral("ver")).toInteger(-1), 0);
        QVERIFY(!claims.value(QStringLiteral("sid")).toString().isEmpty());
        QCOMPARE(claims.value(QStringLiteral("sit")).toInteger(), claims.value(QStringLiteral("iat")).toInteger());
        // Each sign-in is a session of its own.
        const auto second = login(*m_http, name);
        QVERIFY(claimsOf(second).value(QStringLiteral("sid")) != claims.value(QStringLiteral("sid")));
        // A token without a session (as issued before sessions existed) is refused.
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const auto me = m_http->get(p(QStringLiteral("/me")), token).json.value(QStringLiteral("id")).toString();
        const auto old = Jwt::sign({me, name, Role::User, now, now + 3600, 0, {}, 0}, Secret);
        QCOMPARE(m_http->get(p(QStringLiteral("/me")), old).status, 403);
    }

    void logoutEndsThisSignInOnly()
    {
        QString name;
        const auto first = newMember(QStringLiteral("logout"), &name);
        const auto second = login(*m_http, name);
        const auto refreshed = tokenOf(m_http->request("POST", p(QStringLiteral("/token/refresh")), {}, {}, first));
        QVERIFY(!refreshed.isEmpty());
        QCOMPARE(claimsOf(refreshed).value(QStringLiteral("sid")), claimsOf(first).value(QStringLiteral("sid")));
        QCOMPARE(m_http->get(p(QStringLiteral("/me")), refreshed).status, 200);

        const auto out = m_http->request("POST", p(QStringLiteral("/logout")), {}, {}, first);
        QCOMPARE(out.status, 200);
        QCOMPARE(m_http->get(p(QStringLiteral("/me")), first).status, 403);
        QCOMPARE(m_http->get(p(QStringLiteral("/me")), refreshed).status, 403); // the same sign-in
        QCOMPARE(m_http->request("POST", p(QStringLiteral("/token/refresh")), {}, {}, first).status, 403);
        QCOMPARE(m_http->request("POST", p(QStringLiteral("/logout")), {}, {}, first).status, 403);
        QCOMPARE(m_http->get(p(QStringLiteral("/me")), second).status, 200); // another sign-in lives on
        QCOMPARE(m_http->request("POST", p(QStringLiteral("/logout")), {}, {}, QByteArray()).status, 403);
    }

    void logoutSurvivesARestart()
    {
        QString name;
        const auto token = newMember(QStringLiteral("restart"), &name);
        QCOMPARE(m_http->request("POST", p(QStringLiteral("/logout")), {}, {}, token).status, 200);
        m_server->stop();
        QVERIFY(m_server->start().has_value());
        m_http = std::make_unique<Client>(m_server->baseUrl());
        QCOMPARE(m_http->get(p(QStringLiteral("/me")), token).status, 403);
        QCOMPARE(m_http->get(p(QStringLiteral("/me")), m_admin).status, 200);
    }

    void logoutAllEndsEveryToken()
    {
        QString name;
        const auto first = newMember(QStringLiteral("all"), &name);
        const auto second = login(*m_http, name);
        QCOMPARE(m_http->request("POST", p(QStringLiteral("/logout-all")), {}, {}, first).status, 200);
        QCOMPARE(m_http->get(p(QStringLiteral("/me")), first).status, 403);
        QCOMPARE(m_http->get(p(QStringLiteral("/me")), second).status, 403);
        const auto fresh = login(*m_http, name);
        QCOMPARE(claimsOf(fresh).value(QStringLiteral("ver")).toInteger(), 1);
        QCOMPARE(m_http->get(p(QStringLiteral("/me")), fresh).status, 200);
    }

    void logoutClosesThatSignInsSockets()
    {
        QString name;
        const auto first = newMember(QStringLiteral("sockets"), &name);
        const auto second = login(*m_http, name);
        auto space = joinSpace(first);
        auto chat = openChat(first);
        auto otherChat = openChat(second);
        QVERIFY(space && chat && otherChat);

        QCOMPARE(m_http->request("POST", p(QStringLiteral("/logout")), {}, {}, first).status, 200);
        QVERIFY(space->waitForDisconnect());
        QCOMPARE(int(space->closeCode()), SessionEnded);
        QVERIFY(chat->waitForDisconnect());
        QCOMPARE(int(chat->closeCode()), SessionEnded);
        // The other sign-in's socket still works.
        otherChat->send(ChatProtocol::Ping{});
        QVERIFY(otherChat->waitFor<ChatProtocol::Pong>());
        QVERIFY(otherChat->isConnected());

        QCOMPARE(m_http->request("POST", p(QStringLiteral("/logout-all")), {}, {}, second).status, 200);
        QVERIFY(otherChat->waitForDisconnect());
        QCOMPARE(int(otherChat->closeCode()), SessionEnded);
    }

    void passwordChange()
    {
        QString name;
        const auto token = newMember(QStringLiteral("password"), &name);
        auto space = joinSpace(token);
        auto chat = openChat(token);
        QVERIFY(space && chat);
        const auto change = [&](const QString &current, const QString &next) {
            return m_http->post(p(QStringLiteral("/me/password")),
                {{QStringLiteral("currentPassword"), current}, {QStringLiteral("newPassword"), next}}, token);
        };
        QCOMPARE(change(QStringLiteral("wrong horse"), QStringLiteral("battery staple")).status, 403);
        const auto tooShort = change(QStringLiteral("correct horse"), QStringLiteral("short"));
        QCOMPARE(tooShort.status, 400);
        QCOMPARE(tooShort.errorFields(), QStringList{QStringLiteral("newPassword")});
        QCOMPARE(
            m_http
                ->post(p(QStringLiteral("/me/password")), {{QStringLiteral("newPassword"), QStringLiteral("x")}}, token)
                .status,
            400);
        QVERIFY(space->isConnected()); // nothing changed yet
        QCOMPARE(m_http->get(p(QStringLiteral("/me")), token).status, 200);

        const auto changed = change(QStringLiteral("correct horse"), QStringLiteral("battery staple"));
        QCOMPARE(changed.status, 200);
        const auto fresh = tokenOf(changed);
        QCOMPARE(m_http->get(p(QStringLiteral("/me")), fresh).status, 200);
        QCOMPARE(m_http->get(p(QStringLiteral("/me")), token).status, 403);
        QVERIFY(space->waitForDisconnect());
        QCOMPARE(int(space->closeCode()), SessionEnded);
        QVERIFY(chat->waitForDisconnect());
        QCOMPARE(int(chat->closeCode()), SessionEnded);
        QVERIFY(login(*m_http, name).isEmpty());
        QVERIFY(!login(*m_http, name, QStringLiteral("battery staple")).isEmpty());
    }

    // A role change takes effect on the existing token at once; the sockets, which hold the rights
    // they joined with, close so the app reconnects with the new ones.
    void roleChangeClosesSockets()
    {
        const auto token = newMember(QStringLiteral("role"));
        auto space = joinSpace(token);
        auto chat = openChat(token);
        QVERIFY(space && chat);
        const auto id = m_http->get(p(QStringLiteral("/me")), token).json.value(QStringLiteral("id")).toString();
        QCOMPARE(m_http
                     ->patch(p(QStringLiteral("/admin/users/") + id),
                         {{QStringLiteral("role"), QStringLiteral("admin")}}, m_admin)
                     .status,
            200);
        QVERIFY(space->waitForDisconnect());
        QCOMPARE(int(space->closeCode()), SessionEnded);
        QVERIFY(chat->waitForDisconnect());
        QCOMPARE(int(chat->closeCode()), SessionEnded);
        QCOMPARE(m_http->get(p(QStringLiteral("/admin/users")), token).status, 200);
        QVERIFY(joinSpace(token));
    }

    void socketsCloseWhenTheirTokenExpires()
    {
        const auto token = newMember(QStringLiteral("expiry"));
        const auto id = m_http->get(p(QStringLiteral("/me")), token).json.value(QStringLiteral("id")).toString();
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const auto shortLived = craftToken(id, now, now + 2, now);
        auto space = joinSpace(shortLived);
        auto chat = openChat(shortLived);
        QVERIFY(space && chat);
        QVERIFY(space->waitForDisconnect(10000));
        QCOMPARE(int(space->closeCode()), TokenExpired);
        QVERIFY(chat->waitForDisconnect(10000));
        QCOMPARE(int(chat->closeCode()), TokenExpired);
    }

    void refreshStopsAtTheMaximumSessionAge()
    {
        const auto token = newMember(QStringLiteral("age"));
        const auto id = m_http->get(p(QStringLiteral("/me")), token).json.value(QStringLiteral("id")).toString();
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        // Signed in 59 minutes ago (the test's maximum is an hour): one more refresh, cut at the hour.
        const auto young = craftToken(id, now, now + 600, now - 3540);
        const auto refreshed = m_http->request("POST", p(QStringLiteral("/token/refresh")), {}, {}, young);
        QCOMPARE(refreshed.status, 200);
        const auto claims = claimsOf(tokenOf(refreshed));
        QCOMPARE(claims.value(QStringLiteral("sit")).toInteger(), now - 3540);
        QVERIFY(claims.value(QStringLiteral("exp")).toInteger() <= now - 3540 + 3600);
        // Signed in more than an hour ago: the token still works until it expires, but is not renewed.
        const auto old = craftToken(id, now, now + 600, now - 3601);
        QCOMPARE(m_http->get(p(QStringLiteral("/me")), old).status, 200);
        const auto refused = m_http->request("POST", p(QStringLiteral("/token/refresh")), {}, {}, old);
        QCOMPARE(refused.status, 403);
        // A fresh sign-in's token never outlives the maximum session age either.
        QVERIFY(claimsOf(token).value(QStringLiteral("exp")).toInteger() <=
            claimsOf(token).value(QStringLiteral("sit")).toInteger() + 3600);
    }

    // Two instances on one database and Redis: a change on one ends tokens (despite the other's
    // cache) and sockets on the other.
    void acrossInstances()
    {
        QString redisUrl;
        METAVERSE_REQUIRE_REDIS(redisUrl);
        QTemporaryDir dataDir;
        ServerProcess a(QStringLiteral(METAVERSE_SERVER_BINARY));
        ServerProcess b(QStringLiteral(METAVERSE_SERVER_BINARY));
        QVERIFY(a.start(dataDir.path(), redisUrl));
        QVERIFY(b.start(dataDir.path(), redisUrl));
        Client httpA(a.baseUrl());
        Client httpB(b.baseUrl());
        const auto first = httpA.signupAndLogin(QStringLiteral("alice"));
        const auto second = login(httpA, QStringLiteral("alice"));
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        // B caches the account, and holds sockets of both sign-ins.
        QCOMPARE(httpB.get(p(QStringLiteral("/me")), first).status, 200);
        QCOMPARE(httpB.get(p(QStringLiteral("/me")), second).status, 200);
        ChatClient chatFirst;
        ChatClient chatSecond;
        QVERIFY(chatFirst.connectAs(b.chatUrl(), first));
        QVERIFY(chatSecond.connectAs(b.chatUrl(), second));

        // A non-ending change reaches B's cache.
        const auto avatars = httpA.get(p(QStringLiteral("/avatars"))).json.value(QStringLiteral("avatars")).toArray();
        QVERIFY(!avatars.isEmpty());
        const auto avatarId = avatars.first().toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(
            httpA.post(p(QStringLiteral("/user/metadata")), {{QStringLiteral("avatarId"), avatarId}}, first).status,
            200);
        QTRY_COMPARE_WITH_TIMEOUT(
            httpB.get(p(QStringLiteral("/me")), first).json.value(QStringLiteral("avatarId")).toString(), avatarId,
            5000);

        QCOMPARE(httpA.request("POST", p(QStringLiteral("/logout")), {}, {}, first).status, 200);
        QVERIFY(chatFirst.waitForDisconnect());
        QCOMPARE(int(chatFirst.closeCode()), SessionEnded);
        QCOMPARE(httpB.get(p(QStringLiteral("/me")), first).status, 403);
        QCOMPARE(httpB.get(p(QStringLiteral("/me")), second).status, 200);

        QCOMPARE(httpA.request("POST", p(QStringLiteral("/logout-all")), {}, {}, second).status, 200);
        QVERIFY(chatSecond.waitForDisconnect());
        QCOMPARE(int(chatSecond.closeCode()), SessionEnded);
        QCOMPARE(httpB.get(p(QStringLiteral("/me")), second).status, 403);
    }
};

QTEST_MAIN(TestSessions)
#include "tst_sessions.moc"
