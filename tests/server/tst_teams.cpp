// SPDX-License-Identifier: GPL-3.0-or-later
// Sharing and moderation against a real server in this process (SQLite, or PostgreSQL with
// METAVERSE_TEST_BACKEND=postgres): user search, invite links, the space lists, bans, kicks,
// mutes, capacity, the audit log, and access revoked at once on the space and chat sockets.
#include "chatclient.h"
#include "spaceclient.h"
#include "store/database.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>

using namespace Metaverse;
using namespace Metaverse::Test;
using namespace Metaverse::SpaceProtocol;

namespace
{
const QString V1 = QStringLiteral("/api/v1");

QString p(const QString &path)
{
    return V1 + path;
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}
} // namespace

class TestTeams : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<Client> m_client;
    QByteArray m_admin;
    QByteArray m_alice; // owns the spaces
    QByteArray m_bob;
    QByteArray m_carol; // a stranger
    QString m_adminId;
    QString m_aliceId;
    QString m_bobId;
    QString m_carolId;
    QString m_templateId;

    QString userId(const QByteArray &token) { return str(m_client->get(p(QStringLiteral("/me")), token).json, "id"); }

    QString createSpace(const QByteArray &token, const QString &name = QStringLiteral("Team"))
    {
        return str(
            m_client
                ->post(p(QStringLiteral("/space")),
                    {{QStringLiteral("name"), name}, {QStringLiteral("dimensions"), QStringLiteral("10x8")}}, token)
                .json,
            "spaceId");
    }

    int addMember(const QString &space, const QString &username, bool canEdit = false)
    {
        return m_client
            ->post(p(QStringLiteral("/space/%1/members").arg(space)),
                {{QStringLiteral("username"), username}, {QStringLiteral("canEdit"), canEdit}}, m_alice)
            .status;
    }

    Reply createInvite(const QString &space, const QJsonObject &body, const QByteArray &token)
    {
        return m_client->post(p(QStringLiteral("/space/%1/invites").arg(space)), body, token);
    }

    Reply accept(const QString &token, const QByteArray &caller)
    {
        return m_client->request("POST", p(QStringLiteral("/invites/%1/accept").arg(token)), {}, {}, caller);
    }

    QByteArray newUser(const QString &prefix, QString *id = nullptr)
    {
        const QString name = prefix + QString::number(QRandomGenerator::global()->bounded(100000000));
        auto token = m_client->signupAndLogin(name);
        if (id) {
            *id = userId(token);
        }
        return token;
    }

    QUrl spaceUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->server().spacePort())); }
    QUrl chatUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->server().chatPort())); }

    std::unique_ptr<SpaceClient> joined(const QString &space, const QByteArray &token, Dialect dialect = Dialect::Seed)
    {
        auto client = std::make_unique<SpaceClient>(dialect);
        if (!client->open(spaceUrl()) || !client->join(space, token)) {
            return nullptr;
        }
        return client;
    }

    QJsonArray auditOf(const QString &space)
    {
        return m_client->get(p(QStringLiteral("/space/%1/audit").arg(space)), m_alice)
            .json.value(QStringLiteral("entries"))
            .toArray();
    }

    QStringList actions(const QJsonArray &entries)
    {
        QStringList result;
        for (const auto &e : entries) {
            result.append(str(e.toObject(), "action"));
        }
        return result;
    }

    // A value of one column of one row, straight from the database.
    QVariant sqlValue(const QString &sql, const QVariantList &binds)
    {
        auto q = m_server->server().database().prepare(sql);
        for (const auto &b : binds) {
            q->addBindValue(b);
        }
        if (!q->exec() || !q->next()) {
            return {};
        }
        return q->value(0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        METAVERSE_PREPARE_BACKEND();
        m_server = std::make_unique<TestServer>();
        const auto started = m_server->start();
        QVERIFY2(started.has_value(), started ? "" : qPrintable(started.error().message));
        m_client = std::make_unique<Client>(m_server->baseUrl());
        m_admin = m_client->signupAndLogin(QStringLiteral("root"));
        m_alice = m_client->signupAndLogin(QStringLiteral("alice"));
        m_bob = m_client->signupAndLogin(QStringLiteral("bob"));
        m_carol = m_client->signupAndLogin(QStringLiteral("carol"));
        QVERIFY(!m_admin.isEmpty() && !m_alice.isEmpty() && !m_bob.isEmpty() && !m_carol.isEmpty());
        m_adminId = userId(m_admin);
        m_aliceId = userId(m_alice);
        m_bobId = userId(m_bob);
        m_carolId = userId(m_carol);
        for (const auto &v :
            m_client->get(p(QStringLiteral("/space/all")), m_alice).json.value(QStringLiteral("spaces")).toArray()) {
            if (v.toObject().value(QStringLiteral("isTemplate")).toBool()) {
                m_templateId = str(v.toObject(), "id");
                break;
            }
        }
        QVERIFY(!m_templateId.isEmpty());
    }

    // Every new route by role: anonymous, stranger, member, editor, owner, Admin.
    void authorizationMatrix_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QList<int>>("expected");
        const QList<int> manage{403, 403, 403, 403, 200, 200};
        const QList<int> signedIn{403, 200, 200, 200, 200, 200};
        QTest::newRow("GET users") << QByteArray("GET") << "/users?query=al" << QByteArray() << signedIn;
        QTest::newRow("GET admin spaces")
            << QByteArray("GET") << "/admin/spaces" << QByteArray() << QList<int>{403, 403, 403, 403, 403, 200};
        QTest::newRow("POST invites") << QByteArray("POST") << "/space/{space}/invites"
                                      << QByteArray(R"({"canEdit":false})") << manage;
        QTest::newRow("GET invites") << QByteArray("GET") << "/space/{space}/invites" << QByteArray() << manage;
        QTest::newRow("DELETE invite") << QByteArray("DELETE") << "/space/{space}/invites/{invite}" << QByteArray()
                                       << manage;
        QTest::newRow("POST accept") << QByteArray("POST") << "/invites/{token}/accept" << QByteArray() << signedIn;
        QTest::newRow("POST kick") << QByteArray("POST") << "/space/{space}/kick"
                                   << QByteArray(R"({"userId":"{target}"})") << manage;
        QTest::newRow("POST bans") << QByteArray("POST") << "/space/{space}/bans"
                                   << QByteArray(R"({"userId":"{target}","reason":"spam"})") << manage;
        QTest::newRow("GET bans") << QByteArray("GET") << "/space/{space}/bans" << QByteArray() << manage;
        QTest::newRow("DELETE ban") << QByteArray("DELETE") << "/space/{space}/bans/{banned}" << QByteArray() << manage;
        QTest::newRow("POST mutes") << QByteArray("POST") << "/space/{space}/mutes"
                                    << QByteArray(R"({"userId":"{target}","minutes":5})") << manage;
        QTest::newRow("GET mutes") << QByteArray("GET") << "/space/{space}/mutes" << QByteArray() << manage;
        QTest::newRow("DELETE mute") << QByteArray("DELETE") << "/space/{space}/mutes/{muted}" << QByteArray()
                                     << manage;
        QTest::newRow("GET audit") << QByteArray("GET") << "/space/{space}/audit" << QByteArray() << manage;
        QTest::newRow("PATCH maxUsers") << QByteArray("PATCH") << "/space/{space}" << QByteArray(R"({"maxUsers":5})")
                                        << manage;
        QTest::newRow("GET template") << QByteArray("GET") << "/space/{template}" << QByteArray() << signedIn;
    }
    void authorizationMatrix()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QList<int>, expected);
        for (int who = 0; who < expected.size(); ++who) {
            const auto space = createSpace(m_alice, QStringLiteral("Matrix"));
            QString targetName;
            QString target;
            QString banned;
            QString muted;
            const auto targetToken = newUser(QStringLiteral("t"), &target);
            targetName = str(m_client->get(p(QStringLiteral("/me")), targetToken).json, "username");
            QCOMPARE(addMember(space, targetName), 200);
            newUser(QStringLiteral("b"), &banned);
            newUser(QStringLiteral("m"), &muted);
            QCOMPARE(m_client
                         ->post(p(QStringLiteral("/space/%1/bans").arg(space)), {{QStringLiteral("userId"), banned}},
                             m_alice)
                         .status,
                200);
            QCOMPARE(m_client
                         ->post(p(QStringLiteral("/space/%1/mutes").arg(space)),
                             {{QStringLiteral("userId"), muted}, {QStringLiteral("minutes"), 10}}, m_alice)
                         .status,
                200);
            const auto invite = createInvite(space, {}, m_alice).json;
            QByteArray token;
            switch (who) {
            case 1:
                token = m_carol;
                break;
            case 2:
            case 3: {
                QString id;
                token = newUser(QStringLiteral("r"), &id);
                QCOMPARE(
                    addMember(space, str(m_client->get(p(QStringLiteral("/me")), token).json, "username"), who == 3),
                    200);
                break;
            }
            case 4:
                token = m_alice;
                break;
            case 5:
                token = m_admin;
                break;
            default:
                break;
            }
            const auto resolve = [&](QString text) {
                return text.replace(QStringLiteral("{space}"), space)
                    .replace(QStringLiteral("{template}"), m_templateId)
                    .replace(QStringLiteral("{invite}"), str(invite, "id"))
                    .replace(QStringLiteral("{token}"), str(invite, "token"))
                    .replace(QStringLiteral("{target}"), target)
                    .replace(QStringLiteral("{banned}"), banned)
                    .replace(QStringLiteral("{muted}"), muted);
            };
            const auto reply = m_client->request(method, V1 + resolve(path), resolve(QString::fromUtf8(body)).toUtf8(),
                body.isEmpty() ? QByteArray() : QByteArray("application/json"), token);
            QVERIFY2(reply.status == expected.at(who),
                qPrintable(QStringLiteral("caller %1 got %2: %3")
                               .arg(who)
                               .arg(reply.status)
                               .arg(QString::fromUtf8(reply.body))));
        }
    }

    void userSearch()
    {
        for (int i = 0; i < 22; ++i) {
            QVERIFY(!m_client->signupAndLogin(QStringLiteral("Zed%1").arg(i, 2, 10, QLatin1Char('0'))).isEmpty());
        }
        const auto all = m_client->get(p(QStringLiteral("/users?query=zED")), m_bob);
        QCOMPARE(all.status, 200);
        const auto users = all.json.value(QStringLiteral("users")).toArray();
        QCOMPARE(users.size(), 20); // at most 20
        QCOMPARE(str(users.at(0).toObject(), "username"), QStringLiteral("Zed00"));
        QStringList keys = users.at(0).toObject().keys();
        keys.sort();
        QCOMPARE(keys,
            (QStringList{QStringLiteral("avatarId"), QStringLiteral("avatarUrl"), QStringLiteral("id"),
                QStringLiteral("username")})); // nothing else
        const auto one =
            m_client->get(p(QStringLiteral("/users?query=zed07")), m_bob).json.value(QStringLiteral("users")).toArray();
        QCOMPARE(one.size(), 1);
        QCOMPARE(m_client->get(p(QStringLiteral("/users?query=al")), m_bob)
                     .json.value(QStringLiteral("users"))
                     .toArray()
                     .size(),
            1);
        // Wildcards are literal characters.
        QCOMPARE(m_client->get(p(QStringLiteral("/users?query=%25")), m_bob)
                     .json.value(QStringLiteral("users"))
                     .toArray()
                     .size(),
            0);
        QCOMPARE(m_client->get(p(QStringLiteral("/users?query=z_d")), m_bob)
                     .json.value(QStringLiteral("users"))
                     .toArray()
                     .size(),
            0);
        QCOMPARE(m_client->get(p(QStringLiteral("/users?query=")), m_bob).status, 400);
        QCOMPARE(m_client->get(p(QStringLiteral("/users")), m_bob).status, 400);
        QCOMPARE(m_client->get(p(QStringLiteral("/users?query=") + QString(65, QLatin1Char('a'))), m_bob).status, 400);
        QCOMPARE(m_client->get(p(QStringLiteral("/users?query=") + QString(64, QLatin1Char('a'))), m_bob).status, 200);
    }

    void inviteLifecycle()
    {
        const auto space = createSpace(m_alice);
        const auto created = createInvite(space, {{QStringLiteral("canEdit"), true}}, m_alice);
        QCOMPARE(created.status, 200);
        const auto token = str(created.json, "token");
        const auto inviteId = str(created.json, "id");
        QCOMPARE(token.size(), 43); // 32 bytes, base64url without padding
        QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{43}$")).match(token).hasMatch());
        // Only the hash is stored.
        const auto stored = sqlValue(QStringLiteral("SELECT token_hash FROM space_invites WHERE id = ?"), {inviteId});
        QCOMPARE(
            stored.toString().toLatin1(), QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());

        const auto list = m_client->get(p(QStringLiteral("/space/%1/invites").arg(space)), m_alice);
        QCOMPARE(list.status, 200);
        QVERIFY(!list.body.contains(token.toUtf8()));
        const auto listed = list.json.value(QStringLiteral("invites")).toArray().at(0).toObject();
        QCOMPARE(str(listed, "id"), inviteId);
        QCOMPARE(listed.value(QStringLiteral("canEdit")).toBool(), true);
        QVERIFY(listed.value(QStringLiteral("maxUses")).isNull());
        QCOMPARE(listed.value(QStringLiteral("uses")).toInt(), 0);
        QCOMPARE(str(listed, "createdBy"), m_aliceId);
        const auto expires = QDateTime::fromString(str(listed, "expiresAt"), Qt::ISODateWithMs);
        const auto createdAt = QDateTime::fromString(str(listed, "createdAt"), Qt::ISODateWithMs);
        QCOMPARE(createdAt.secsTo(expires), qint64(168) * 3600); // the default, a week

        QCOMPARE(m_client->get(p(QStringLiteral("/space/%1").arg(space)), m_bob).status, 403);
        const auto accepted = accept(token, m_bob);
        QCOMPARE(accepted.status, 200);
        QCOMPARE(str(accepted.json, "spaceId"), space);
        QCOMPARE(m_client->get(p(QStringLiteral("/space/%1").arg(space)), m_bob).status, 200);
        // Once: a second accept neither adds twice nor uses the invite again; the owner's is a no-op.
        QCOMPARE(accept(token, m_bob).status, 200);
        QCOMPARE(accept(token, m_alice).status, 200);
        const auto members = m_client->get(p(QStringLiteral("/space/%1/members").arg(space)), m_alice);
        QCOMPARE(members.json.value(QStringLiteral("members")).toArray().size(), 1);
        QCOMPARE(members.json.value(QStringLiteral("members"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("canEdit"))
                     .toBool(),
            true);
        QCOMPARE(m_client->get(p(QStringLiteral("/space/%1/invites").arg(space)), m_alice)
                     .json.value(QStringLiteral("invites"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("uses"))
                     .toInt(),
            1);

        // Revoked: gone for everyone, and no longer listed.
        QCOMPARE(m_client->del(p(QStringLiteral("/space/%1/invites/%2").arg(space, inviteId)), m_alice).status, 200);
        const auto revoked = accept(token, m_carol);
        QCOMPARE(revoked.status, 410);
        QVERIFY(revoked.header("Content-Type").startsWith("application/problem+json"));
        QVERIFY(str(revoked.json, "detail").contains(QStringLiteral("revoked")));
        QCOMPARE(m_client->del(p(QStringLiteral("/space/%1/invites/%2").arg(space, inviteId)), m_alice).status, 400);
        QVERIFY(m_client->get(p(QStringLiteral("/space/%1/invites").arg(space)), m_alice)
                    .json.value(QStringLiteral("invites"))
                    .toArray()
                    .isEmpty());
        // Unknown.
        QCOMPARE(accept(QString(43, QLatin1Char('A')), m_carol).status, 404);
        QCOMPARE(m_client->get(p(QStringLiteral("/space/%1").arg(space)), m_carol).status, 403);
    }

    void inviteLimits_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("empty") << QByteArray("{}") << 200;
        QTest::newRow("1 hour") << QByteArray(R"({"expiresInHours":1})") << 200;
        QTest::newRow("720 hours") << QByteArray(R"({"expiresInHours":720})") << 200;
        QTest::newRow("0 hours") << QByteArray(R"({"expiresInHours":0})") << 400;
        QTest::newRow("721 hours") << QByteArray(R"({"expiresInHours":721})") << 400;
        QTest::newRow("fractional hours") << QByteArray(R"({"expiresInHours":1.5})") << 400;
        QTest::newRow("1 use") << QByteArray(R"({"maxUses":1})") << 200;
        QTest::newRow("1000 uses") << QByteArray(R"({"maxUses":1000})") << 200;
        QTest::newRow("null uses") << QByteArray(R"({"maxUses":null})") << 200;
        QTest::newRow("0 uses") << QByteArray(R"({"maxUses":0})") << 400;
        QTest::newRow("1001 uses") << QByteArray(R"({"maxUses":1001})") << 400;
        QTest::newRow("canEdit string") << QByteArray(R"({"canEdit":"yes"})") << 400;
    }
    void inviteLimits()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        static const QString space = createSpace(m_alice);
        const auto reply = m_client->request(
            "POST", p(QStringLiteral("/space/%1/invites").arg(space)), body, "application/json", m_alice);
        QCOMPARE(reply.status, status);
        // Templates have no members, so no invites.
        QCOMPARE(createInvite(m_templateId, {}, m_admin).status, 403);
    }

    void inviteUsedUpAndExpired()
    {
        const auto space = createSpace(m_alice);
        const auto once = createInvite(space, {{QStringLiteral("maxUses"), 1}}, m_alice).json;
        QCOMPARE(accept(str(once, "token"), m_bob).status, 200);
        const auto usedUp = accept(str(once, "token"), m_carol);
        QCOMPARE(usedUp.status, 410);
        QVERIFY(str(usedUp.json, "detail").contains(QStringLiteral("used up")));
        QCOMPARE(accept(str(once, "token"), m_bob).status, 200); // still a member: no use needed

        const auto later = createInvite(space, {}, m_alice).json;
        QVERIFY(m_server->server()
                    .database()
                    .run(QStringLiteral("UPDATE space_invites SET expires_at = ? WHERE id = ?"),
                        {QDateTime::currentMSecsSinceEpoch() - 1000, str(later, "id")})
                    .has_value());
        const auto expired = accept(str(later, "token"), m_carol);
        QCOMPARE(expired.status, 410);
        QVERIFY(str(expired.json, "detail").contains(QStringLiteral("expired")));
        QCOMPARE(m_client->get(p(QStringLiteral("/space/%1").arg(space)), m_carol).status, 403);
    }

    void invitePage()
    {
        const auto space = createSpace(m_alice);
        const auto token = str(createInvite(space, {}, m_alice).json, "token");
        const auto page = m_client->get(QStringLiteral("/invite/") + token);
        QCOMPARE(page.status, 200);
        QVERIFY(page.header("Content-Type").startsWith("text/html"));
        const auto csp = page.header("Content-Security-Policy");
        QVERIFY2(csp.startsWith("default-src 'none'; style-src 'sha256-"), csp.constData());
        QVERIFY(!page.body.contains("<script"));
        QVERIFY(!page.body.contains("http://") && !page.body.contains("https://")); // nothing external
        QVERIFY(page.body.contains("Open this invite in the Metaverse app"));
        QVERIFY(page.body.contains("Join with a link"));
        const auto link = QStringLiteral("metaverse://127.0.0.1:%1/invite/%2").arg(m_server->port()).arg(token);
        QVERIFY2(page.body.contains(link.toUtf8()), page.body.constData());
        // A forged Host header is not echoed.
        const auto forged = m_client->request("GET", QStringLiteral("/invite/") + token, {}, {}, {},
            {{QByteArray("Host"), QByteArray("x\"><script>alert(1)</script>")}});
        QVERIFY(!forged.body.contains("<script>"));
        QCOMPARE(m_client->get(QStringLiteral("/invite/not%20an%20id")).status, 400);
    }

    void spaceListShowsOwnersAndAccess()
    {
        const auto owned = createSpace(m_alice, QStringLiteral("Owned"));
        const auto editing = createSpace(m_alice, QStringLiteral("Editing"));
        QCOMPARE(addMember(owned, QStringLiteral("bob")), 200);
        QCOMPARE(addMember(editing, QStringLiteral("bob"), true), 200);
        const auto list =
            m_client->get(p(QStringLiteral("/space/all")), m_bob).json.value(QStringLiteral("spaces")).toArray();
        QHash<QString, QJsonObject> byId;
        for (const auto &v : list) {
            byId.insert(str(v.toObject(), "id"), v.toObject());
        }
        QCOMPARE(str(byId.value(owned), "access"), QStringLiteral("member"));
        QCOMPARE(str(byId.value(owned), "ownerName"), QStringLiteral("alice"));
        QCOMPARE(str(byId.value(owned), "ownerId"), m_aliceId);
        QCOMPARE(str(byId.value(editing), "access"), QStringLiteral("editor"));
        QCOMPARE(str(byId.value(m_templateId), "access"), QStringLiteral("template"));
        QVERIFY(byId.value(m_templateId).value(QStringLiteral("ownerName")).isNull());
        const auto mine =
            m_client->get(p(QStringLiteral("/space/all")), m_alice).json.value(QStringLiteral("spaces")).toArray();
        for (const auto &v : mine) {
            if (str(v.toObject(), "id") == owned) {
                QCOMPARE(str(v.toObject(), "access"), QStringLiteral("owner"));
            }
        }
    }

    void adminSpacesArePaged()
    {
        createSpace(m_bob, QStringLiteral("Paged"));
        const auto first = m_client->get(p(QStringLiteral("/admin/spaces?page=1&pageSize=2")), m_admin);
        QCOMPARE(first.status, 200);
        const auto total = first.json.value(QStringLiteral("total")).toInteger();
        QVERIFY(total >= 3);
        QCOMPARE(first.json.value(QStringLiteral("spaces")).toArray().size(), 2);
        QCOMPARE(first.json.value(QStringLiteral("page")).toInt(), 1);
        QCOMPARE(first.json.value(QStringLiteral("pageSize")).toInt(), 2);
        const auto top = first.json.value(QStringLiteral("spaces")).toArray().at(0).toObject();
        QCOMPARE(str(top, "access"), QStringLiteral("admin"));
        QCOMPARE(str(top, "ownerName"), QStringLiteral("bob")); // newest first
        // Every space once over all pages, no templates.
        QSet<QString> seen;
        for (int page = 1; page <= (total + 1) / 2; ++page) {
            const auto reply = m_client->get(p(QStringLiteral("/admin/spaces?page=%1&pageSize=2").arg(page)), m_admin);
            for (const auto &v : reply.json.value(QStringLiteral("spaces")).toArray()) {
                QVERIFY(!v.toObject().value(QStringLiteral("isTemplate")).toBool());
                seen.insert(str(v.toObject(), "id"));
            }
        }
        QCOMPARE(qint64(seen.size()), total);
        QCOMPARE(m_client->get(p(QStringLiteral("/admin/spaces?pageSize=101")), m_admin).status, 400);
        QCOMPARE(m_client->get(p(QStringLiteral("/admin/spaces?page=0")), m_admin).status, 400);
        QCOMPARE(m_client->get(p(QStringLiteral("/admin/spaces?page=x")), m_admin).status, 400);
    }

    void templatesAreReadOnlyPreviews()
    {
        QCOMPARE(m_client->get(p(QStringLiteral("/space/%1").arg(m_templateId)), m_carol).status, 200);
        QCOMPARE(m_client
                     ->patch(p(QStringLiteral("/space/%1").arg(m_templateId)),
                         {{QStringLiteral("name"), QStringLiteral("Mine")}}, m_carol)
                     .status,
            403);
        QCOMPARE(m_client->get(p(QStringLiteral("/space/%1").arg(m_templateId))).status, 403);
    }

    void bans()
    {
        const auto space = createSpace(m_alice);
        QCOMPARE(addMember(space, QStringLiteral("bob")), 200);
        const auto token = str(createInvite(space, {}, m_alice).json, "token");
        const auto ban = [&](const QString &userId, const QByteArray &by) {
            return m_client->post(p(QStringLiteral("/space/%1/bans").arg(space)),
                {{QStringLiteral("userId"), userId}, {QStringLiteral("reason"), QStringLiteral("spam")}}, by);
        };
        QCOMPARE(ban(m_bobId, m_alice).status, 200);
        QCOMPARE(m_client->get(p(QStringLiteral("/space/%1").arg(space)), m_bob).status, 403); // membership gone
        QCOMPARE(addMember(space, QStringLiteral("bob")), 400);
        QCOMPARE(accept(token, m_bob).status, 403);
        const auto list = m_client->get(p(QStringLiteral("/space/%1/bans").arg(space)), m_alice);
        const auto entry = list.json.value(QStringLiteral("bans")).toArray().at(0).toObject();
        QCOMPARE(str(entry, "userId"), m_bobId);
        QCOMPARE(str(entry, "username"), QStringLiteral("bob"));
        QCOMPARE(str(entry, "reason"), QStringLiteral("spam"));
        QCOMPARE(str(entry, "bannedBy"), m_aliceId);
        // The owner cannot be banned, an owner cannot ban an Admin, an Admin can.
        QCOMPARE(ban(m_aliceId, m_admin).status, 403);
        QCOMPARE(ban(m_adminId, m_alice).status, 403);
        QCOMPARE(ban(m_carolId, m_admin).status, 200);
        QCOMPARE(ban(QStringLiteral("nobody"), m_alice).status, 400);
        QCOMPARE(m_client
                     ->post(p(QStringLiteral("/space/%1/bans").arg(space)),
                         {{QStringLiteral("reason"), QStringLiteral("x")}}, m_alice)
                     .status,
            400);
        QCOMPARE(
            m_client
                ->post(p(QStringLiteral("/space/%1/bans").arg(space)),
                    {{QStringLiteral("userId"), m_carolId}, {QStringLiteral("reason"), QString(501, QLatin1Char('x'))}},
                    m_alice)
                .status,
            400);
        // Unban: may be added again.
        QCOMPARE(m_client->del(p(QStringLiteral("/space/%1/bans/%2").arg(space, m_bobId)), m_alice).status, 200);
        QCOMPARE(m_client->del(p(QStringLiteral("/space/%1/bans/%2").arg(space, m_bobId)), m_alice).status, 400);
        QCOMPARE(accept(token, m_bob).status, 200);
        const auto audit = actions(auditOf(space));
        QCOMPARE(audit.mid(0, 4),
            (QStringList{QStringLiteral("invite.accept"), QStringLiteral("unban"), QStringLiteral("ban"),
                QStringLiteral("ban")}));
    }

    void kickClosesTheSocketAndBlocksRejoining()
    {
        const auto space = createSpace(m_alice);
        QCOMPARE(addMember(space, QStringLiteral("bob")), 200);
        auto alice = joined(space, m_alice);
        auto bob = joined(space, m_bob);
        QVERIFY(alice && bob);
        QCOMPARE(
            m_client->post(p(QStringLiteral("/space/%1/kick").arg(space)), {{QStringLiteral("userId"), m_bobId}}, m_bob)
                .status,
            403);
        QCOMPARE(
            m_client
                ->post(p(QStringLiteral("/space/%1/kick").arg(space)), {{QStringLiteral("userId"), m_bobId}}, m_alice)
                .status,
            200);
        QVERIFY(bob->waitForDisconnect());
        QCOMPARE(int(bob->closeCode()), 4006);
        QVERIFY(bob->closeReason().contains(QStringLiteral("kicked")));
        QVERIFY(alice->waitFor<UserLeft>([&](const UserLeft &m) { return m.userId == m_bobId; }));
        // Rejoining during the cooldown is refused with a reason.
        SpaceClient again(Dialect::Seed);
        QVERIFY(again.open(spaceUrl()));
        again.send(Join{space, QString::fromLatin1(m_bob)});
        const auto refused = again.waitFor<ErrorMessage>();
        QVERIFY(refused);
        QCOMPARE(refused->code, ErrorCodes::Forbidden);
        QVERIFY2(refused->message.contains(QStringLiteral("kicked")), qPrintable(refused->message));
        // The owner cannot be kicked.
        QCOMPARE(
            m_client
                ->post(p(QStringLiteral("/space/%1/kick").arg(space)), {{QStringLiteral("userId"), m_aliceId}}, m_admin)
                .status,
            403);
        QCOMPARE(actions(auditOf(space)).constFirst(), QStringLiteral("kick"));
    }

    void removalEndsAccessAtOnce()
    {
        const auto space = createSpace(m_alice);
        QCOMPARE(addMember(space, QStringLiteral("bob")), 200);
        const auto rooms = m_client->get(p(QStringLiteral("/chatrooms?spaceId=") + space), m_alice)
                               .json.value(QStringLiteral("chatrooms"))
                               .toArray();
        const auto general = str(rooms.at(0).toObject(), "id");
        auto alice = joined(space, m_alice);
        auto bob = joined(space, m_bob);
        QVERIFY(alice && bob);
        ChatClient aliceChat;
        ChatClient bobChat;
        QVERIFY(aliceChat.connectAs(chatUrl(), m_alice) && bobChat.connectAs(chatUrl(), m_bob));
        QVERIFY(aliceChat.join(general) && bobChat.join(general));
        QVERIFY(aliceChat.waitFor<ChatProtocol::PresenceUpdate>(
            [](const ChatProtocol::PresenceUpdate &m) { return m.users.size() == 2; }));

        QCOMPARE(m_client->del(p(QStringLiteral("/space/%1/members/%2").arg(space, m_bobId)), m_alice).status, 200);
        QVERIFY(bob->waitForDisconnect());
        QCOMPARE(int(bob->closeCode()), 4003);
        QVERIFY(alice->waitFor<UserLeft>([&](const UserLeft &m) { return m.userId == m_bobId; }));
        const auto left = bobChat.waitFor<ChatProtocol::RoomLeft>();
        QVERIFY(left);
        QCOMPARE(left->roomId, general);
        QCOMPARE(left->reason, QStringLiteral("revoked"));
        QVERIFY(aliceChat.waitFor<ChatProtocol::PresenceUpdate>(
            [](const ChatProtocol::PresenceUpdate &m) { return m.users.size() == 1; }));
        QVERIFY(bobChat.isConnected()); // the chat socket stays, for the user's other rooms
        QCOMPARE(actions(auditOf(space)).constFirst(), QStringLiteral("member.remove"));
    }

    void muteRefusesChat()
    {
        const auto space = createSpace(m_alice);
        QCOMPARE(addMember(space, QStringLiteral("bob")), 200);
        const auto general = str(m_client->get(p(QStringLiteral("/chatrooms?spaceId=") + space), m_alice)
                                     .json.value(QStringLiteral("chatrooms"))
                                     .toArray()
                                     .at(0)
                                     .toObject(),
            "id");
        const auto send = [&](const QByteArray &token) {
            return m_client->post(p(QStringLiteral("/chatrooms/%1/messages").arg(general)),
                {{QStringLiteral("content"), QStringLiteral("hello")}}, token);
        };
        QCOMPARE(send(m_bob).status, 200);
        const auto mute = m_client->post(p(QStringLiteral("/space/%1/mutes").arg(space)),
            {{QStringLiteral("userId"), m_bobId}, {QStringLiteral("minutes"), 10}}, m_alice);
        QCOMPARE(mute.status, 200);
        const auto refused = send(m_bob);
        QCOMPARE(refused.status, 403);
        QVERIFY(str(refused.json, "detail").contains(QStringLiteral("muted")));
        ChatClient bobChat;
        QVERIFY(bobChat.connectAs(chatUrl(), m_bob));
        QVERIFY(bobChat.join(general));
        QVERIFY(!bobChat.say(general, QStringLiteral("still here?")));
        const auto error = bobChat.waitFor<ChatProtocol::ErrorMessage>();
        QVERIFY(error);
        QCOMPARE(error->code, ChatProtocol::ErrorCodes::Muted);
        QCOMPARE(send(m_alice).status, 200); // others are not muted
        const auto mutes = m_client->get(p(QStringLiteral("/space/%1/mutes").arg(space)), m_alice);
        const auto entry = mutes.json.value(QStringLiteral("mutes")).toArray().at(0).toObject();
        QCOMPARE(str(entry, "userId"), m_bobId);
        QVERIFY(QDateTime::fromString(str(entry, "until"), Qt::ISODateWithMs) > QDateTime::currentDateTimeUtc());
        QCOMPARE(m_client
                     ->post(p(QStringLiteral("/space/%1/mutes").arg(space)),
                         {{QStringLiteral("userId"), m_bobId}, {QStringLiteral("minutes"), 0}}, m_alice)
                     .status,
            400);
        QCOMPARE(m_client->del(p(QStringLiteral("/space/%1/mutes/%2").arg(space, m_bobId)), m_alice).status, 200);
        QCOMPARE(m_client->del(p(QStringLiteral("/space/%1/mutes/%2").arg(space, m_bobId)), m_alice).status, 400);
        QCOMPARE(send(m_bob).status, 200);
        QCOMPARE(actions(auditOf(space)).mid(0, 2), (QStringList{QStringLiteral("unmute"), QStringLiteral("mute")}));
    }

    void capacity()
    {
        const auto space = createSpace(m_alice);
        QCOMPARE(addMember(space, QStringLiteral("bob")), 200);
        QCOMPARE(addMember(space, QStringLiteral("carol")), 200);
        const auto path = p(QStringLiteral("/space/%1").arg(space));
        QCOMPARE(m_client->patch(path, {{QStringLiteral("maxUsers"), 0}}, m_alice).status, 400);
        QCOMPARE(m_client->patch(path, {{QStringLiteral("maxUsers"), 10001}}, m_alice).status, 400);
        QCOMPARE(m_client->patch(path, {{QStringLiteral("maxUsers"), 2}}, m_alice).status, 200);
        QCOMPARE(m_client->get(path, m_bob)
                     .json.value(QStringLiteral("space"))
                     .toObject()
                     .value(QStringLiteral("maxUsers"))
                     .toInt(),
            2);
        auto alice = joined(space, m_alice);
        auto bob = joined(space, m_bob);
        QVERIFY(alice && bob);
        SpaceClient carol(Dialect::Seed);
        QVERIFY(carol.open(spaceUrl()));
        carol.send(Join{space, QString::fromLatin1(m_carol)});
        const auto full = carol.waitFor<ErrorMessage>();
        QVERIFY(full);
        QCOMPARE(full->code, ErrorCodes::SpaceFull);
        // A lineage client's socket is closed with 4009.
        SpaceClient lineage(Dialect::Lineage);
        QVERIFY(lineage.open(spaceUrl()));
        lineage.send(Join{space, QString::fromLatin1(m_carol)});
        QVERIFY(lineage.waitForDisconnect());
        QCOMPARE(int(lineage.closeCode()), 4009);
        // Bob reconnecting replaces his own connection: not over capacity.
        auto bobAgain = joined(space, m_bob);
        QVERIFY(bobAgain);
        // Unlimited again.
        QCOMPARE(m_client->patch(path, {{QStringLiteral("maxUsers"), QJsonValue()}}, m_alice).status, 200);
        QVERIFY(m_client->get(path, m_bob)
                    .json.value(QStringLiteral("space"))
                    .toObject()
                    .value(QStringLiteral("maxUsers"))
                    .isNull());
        QVERIFY(carol.join(space, m_carol));
    }

    void auditIsPaged()
    {
        const auto space = createSpace(m_alice);
        QCOMPARE(addMember(space, QStringLiteral("bob")), 200);
        QCOMPARE(m_client->del(p(QStringLiteral("/space/%1/members/%2").arg(space, m_bobId)), m_alice).status, 200);
        createInvite(space, {}, m_alice);
        const auto all = auditOf(space);
        QCOMPARE(actions(all),
            (QStringList{
                QStringLiteral("invite.create"), QStringLiteral("member.remove"), QStringLiteral("member.add")}));
        const auto newest = all.at(0).toObject();
        QCOMPARE(str(newest, "actorId"), m_aliceId);
        QCOMPARE(str(newest, "actorName"), QStringLiteral("alice"));
        QVERIFY(newest.value(QStringLiteral("detail")).toObject().contains(QStringLiteral("inviteId")));
        QCOMPARE(str(all.at(1).toObject(), "targetUserId"), m_bobId);
        QCOMPARE(str(all.at(1).toObject(), "targetName"), QStringLiteral("bob"));
        QVERIFY(QDateTime::fromString(str(newest, "time"), Qt::ISODateWithMs).isValid());
        const auto page =
            m_client->get(p(QStringLiteral("/space/%1/audit?before=%2&limit=1").arg(space, str(newest, "id"))), m_alice)
                .json.value(QStringLiteral("entries"))
                .toArray();
        QCOMPARE(actions(page), QStringList{QStringLiteral("member.remove")});
        QCOMPARE(m_client->get(p(QStringLiteral("/space/%1/audit?limit=0").arg(space)), m_alice).status, 400);
        QCOMPARE(m_client->get(p(QStringLiteral("/space/%1/audit?before=nope").arg(space)), m_alice).status, 400);
    }
};

QTEST_GUILESS_MAIN(TestTeams)
#include "tst_teams.moc"
