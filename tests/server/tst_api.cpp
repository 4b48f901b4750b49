// SPDX-License-Identifier: GPL-3.0-or-later
// The REST API against a real server in this process (SQLite, or PostgreSQL with
// METAVERSE_TEST_BACKEND=postgres): happy paths, bad input, the authorization matrix.
#include "auth/jwt.h"
#include "store/database.h"
#include "tcpproxy.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

using namespace Metaverse;
using namespace Metaverse::Test;

namespace
{
const QString V1 = QStringLiteral("/api/v1");

QString p(const char *path)
{
    return V1 + QString::fromLatin1(path);
}
} // namespace

class TestApi : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<Client> m_client;
    QByteArray m_admin;
    QByteArray m_alice;
    QByteArray m_bob;
    QByteArray m_carol;
    QString m_bobId;
    QString m_carolId;
    QString m_templateId;
    QString m_deskId; // a 2x1 static element
    QString m_plantId; // a 1x1 dynamic element

    QString createSpace(const QByteArray &token, const QString &name = QStringLiteral("Space"),
        const QString &dimensions = QStringLiteral("10x8"))
    {
        const auto reply = m_client->post(
            p("/space"), {{QStringLiteral("name"), name}, {QStringLiteral("dimensions"), dimensions}}, token);
        if (reply.status != 200) {
            qWarning() << reply.body;
        }
        return reply.json.value(QStringLiteral("spaceId")).toString();
    }

    QString userId(const QByteArray &token)
    {
        return m_client->get(p("/me"), token).json.value(QStringLiteral("id")).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        METAVERSE_PREPARE_BACKEND();
        m_server = std::make_unique<TestServer>();
        const auto started = m_server->start();
        QVERIFY2(started.has_value(), started ? "" : qPrintable(started.error().message));
        m_client = std::make_unique<Client>(m_server->baseUrl());

        // The first account ever is the Admin, whatever it asked for.
        const auto first = m_client->post(p("/signup"),
            {{QStringLiteral("username"), QStringLiteral("root")},
                {QStringLiteral("password"), QStringLiteral("correct horse")},
                {QStringLiteral("type"), QStringLiteral("user")}});
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json.value(QStringLiteral("role")).toString(), QStringLiteral("Admin"));
        QVERIFY(!first.json.value(QStringLiteral("userId")).toString().isEmpty());
        const auto login = m_client->post(p("/login"),
            {{QStringLiteral("username"), QStringLiteral("ROOT")},
                {QStringLiteral("password"), QStringLiteral("correct horse")}});
        QCOMPARE(login.status, 200);
        m_admin = login.json.value(QStringLiteral("token")).toString().toLatin1();
        QVERIFY(!m_admin.isEmpty());

        m_alice = m_client->signupAndLogin(QStringLiteral("alice"));
        m_bob = m_client->signupAndLogin(QStringLiteral("bob"));
        m_carol = m_client->signupAndLogin(QStringLiteral("carol"));
        QVERIFY(!m_alice.isEmpty() && !m_bob.isEmpty() && !m_carol.isEmpty());
        m_bobId = userId(m_bob);
        m_carolId = userId(m_carol);

        const auto elements = m_client->get(p("/elements")).json.value(QStringLiteral("elements")).toArray();
        for (const auto &value : elements) {
            const auto e = value.toObject();
            if (e.value(QStringLiteral("width")).toInt() == 2 && e.value(QStringLiteral("height")).toInt() == 1 &&
                e.value(QStringLiteral("static")).toBool() && m_deskId.isEmpty()) {
                m_deskId = e.value(QStringLiteral("id")).toString();
            }
            if (e.value(QStringLiteral("width")).toInt() == 1 && e.value(QStringLiteral("height")).toInt() == 1 &&
                !e.value(QStringLiteral("static")).toBool() && m_plantId.isEmpty()) {
                m_plantId = e.value(QStringLiteral("id")).toString();
            }
        }
        QVERIFY(!m_deskId.isEmpty());
        QVERIFY(!m_plantId.isEmpty());
        const auto spaces = m_client->get(p("/space/all"), m_alice).json.value(QStringLiteral("spaces")).toArray();
        for (const auto &value : spaces) {
            if (value.toObject().value(QStringLiteral("isTemplate")).toBool()) {
                m_templateId = value.toObject().value(QStringLiteral("id")).toString();
                break;
            }
        }
        QVERIFY(!m_templateId.isEmpty());
    }

    void health()
    {
        const auto reply = m_client->get(QStringLiteral("/health"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.value(QStringLiteral("db")).toString(), QStringLiteral("up"));
        QCOMPARE(reply.json.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(reply.json.value(QStringLiteral("version")).toString(), QStringLiteral(METAVERSE_VERSION));
        QCOMPARE(reply.json.value(QStringLiteral("redis")).toString(), QStringLiteral("disabled"));
        QCOMPARE(reply.json.value(QStringLiteral("kafka")).toString(), QStringLiteral("disabled"));
        QVERIFY(reply.json.contains(QStringLiteral("uptime")));
        QCOMPARE(m_client->get(p("/health")).status, 200);
    }

    void seededCatalogue()
    {
        const auto avatars = m_client->get(p("/avatars")).json.value(QStringLiteral("avatars")).toArray();
        QVERIFY(avatars.size() >= 8);
        const auto elements = m_client->get(p("/elements")).json.value(QStringLiteral("elements")).toArray();
        QVERIFY(elements.size() >= 24);
        int statics = 0;
        for (const auto &e : elements) {
            statics += e.toObject().value(QStringLiteral("static")).toBool() ? 1 : 0;
            QVERIFY(e.toObject().value(QStringLiteral("imageurl")).toString().startsWith(QStringLiteral("/assets/")));
        }
        QVERIFY(statics > 0 && statics < elements.size());
        int templates = 0;
        for (const auto &s : m_client->get(p("/space/all"), m_alice).json.value(QStringLiteral("spaces")).toArray()) {
            templates += s.toObject().value(QStringLiteral("isTemplate")).toBool() ? 1 : 0;
        }
        QVERIFY(templates >= 3);
        // Every seeded image is served.
        const auto image = m_client->get(elements.at(0).toObject().value(QStringLiteral("imageurl")).toString());
        QCOMPARE(image.status, 200);
        QCOMPARE(image.header("Content-Type"), QByteArray("image/svg+xml"));
        QVERIFY(image.header("Cache-Control").contains("max-age"));
        QVERIFY(image.body.contains("<svg"));
    }

    void signupRules_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("field");
        QTest::newRow("duplicate, other case")
            << QByteArray(R"({"username":"ALICE","password":"correct horse","type":"user"})")
            << QByteArray("application/json") << 400 << "username";
        QTest::newRow("missing username") << QByteArray(R"({"password":"correct horse","type":"user"})")
                                          << QByteArray("application/json") << 400 << "username";
        QTest::newRow("short password") << QByteArray(R"({"username":"dave","password":"short","type":"user"})")
                                        << QByteArray("application/json") << 400 << "password";
        QTest::newRow("bad type") << QByteArray(R"({"username":"dave","password":"correct horse","type":"god"})")
                                  << QByteArray("application/json") << 400 << "type";
        QTest::newRow("malformed json") << QByteArray(R"({"username":"dave",)") << QByteArray("application/json") << 400
                                        << "";
        QTest::newRow("array body") << QByteArray(R"([1])") << QByteArray("application/json") << 400 << "";
        QTest::newRow("wrong content type")
            << QByteArray(R"({"username":"dave","password":"correct horse"})") << QByteArray("text/plain") << 415 << "";
        QTest::newRow("admin without admin token")
            << QByteArray(R"({"username":"dave","password":"correct horse","type":"admin"})")
            << QByteArray("application/json") << 403 << "";
    }
    void signupRules()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        QFETCH(QString, field);
        const auto reply = m_client->request("POST", p("/signup"), body, contentType);
        QCOMPARE(reply.status, status);
        QVERIFY(reply.header("Content-Type").startsWith("application/problem+json"));
        QCOMPARE(reply.json.value(QStringLiteral("status")).toInt(), status);
        QVERIFY(!reply.json.value(QStringLiteral("detail")).toString().isEmpty());
        QCOMPARE(reply.json.value(QStringLiteral("requestId")).toString().toLatin1(), reply.header("X-Request-Id"));
        if (!field.isEmpty()) {
            QVERIFY2(reply.errorFields().contains(field), reply.body.constData());
        }
        // Nothing was created.
        QCOMPARE(m_client
                     ->post(p("/login"),
                         {{QStringLiteral("username"), QStringLiteral("dave")},
                             {QStringLiteral("password"), QStringLiteral("correct horse")}})
                     .status,
            403);
    }

    void adminCreatesAdmin()
    {
        const auto reply = m_client->request("POST", p("/signup"),
            R"({"username":"erin","password":"correct horse","type":"Admin"})", "application/json", m_admin);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.value(QStringLiteral("role")).toString(), QStringLiteral("Admin"));
        const auto byUser = m_client->request("POST", p("/signup"),
            R"({"username":"frank","password":"correct horse","type":"admin"})", "application/json", m_alice);
        QCOMPARE(byUser.status, 403);
    }

    void login()
    {
        const auto ok = m_client->post(p("/signin"),
            {{QStringLiteral("username"), QStringLiteral("alice")},
                {QStringLiteral("password"), QStringLiteral("correct horse")}});
        QCOMPARE(ok.status, 200);
        const auto user = ok.json.value(QStringLiteral("user")).toObject();
        QCOMPARE(user.value(QStringLiteral("username")).toString(), QStringLiteral("alice"));
        QCOMPARE(user.value(QStringLiteral("role")).toString(), QStringLiteral("User"));
        QVERIFY(!ok.body.contains("password"));
        QVERIFY(!ok.body.contains("$2b$"));
        const auto wrong = m_client->post(p("/login"),
            {{QStringLiteral("username"), QStringLiteral("alice")},
                {QStringLiteral("password"), QStringLiteral("wrong horse")}});
        QCOMPARE(wrong.status, 403);
        const auto unknown = m_client->post(p("/login"),
            {{QStringLiteral("username"), QStringLiteral("nobody")},
                {QStringLiteral("password"), QStringLiteral("correct horse")}});
        QCOMPARE(unknown.status, 403);
        QCOMPARE(wrong.json.value(QStringLiteral("detail")), unknown.json.value(QStringLiteral("detail")));
        QCOMPARE(m_client->post(p("/login"), {{QStringLiteral("username"), QStringLiteral("alice")}}).status, 400);
    }

    void tokens()
    {
        QCOMPARE(m_client->get(p("/me")).status, 403);
        QCOMPARE(m_client->get(p("/me"), "not-a-token").status, 403);
        auto tampered = m_alice;
        tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
        QCOMPARE(m_client->get(p("/me"), tampered).status, 403);

        QFile secretFile(m_server->dataDir() + QStringLiteral("/jwt-secret"));
        if (!m_server->config().jwtSecret.isEmpty() || !secretFile.open(QIODevice::ReadOnly)) {
            QFAIL("the generated secret file is missing");
        }
        QCOMPARE(
            secretFile.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        const auto secret = secretFile.readAll().trimmed();
        const auto me = m_client->get(p("/me"), m_alice).json;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const auto expired = Jwt::sign({me.value(QStringLiteral("id")).toString(), QStringLiteral("alice"), Role::User,
                                           now - 7200, now - 3600, 0, QStringLiteral("s1"), now - 7200},
            secret);
        QCOMPARE(m_client->get(p("/me"), expired).status, 403);
        // A token claiming Admin does not make alice an Admin: the role comes from the account.
        const auto forged = Jwt::sign({me.value(QStringLiteral("id")).toString(), QStringLiteral("alice"), Role::Admin,
                                          now, now + 3600, 0, QStringLiteral("s1"), now},
            secret);
        QCOMPARE(m_client->get(p("/admin/users"), forged).status, 403);

        const auto refreshed = m_client->request("POST", p("/token/refresh"), {}, {}, m_alice);
        QCOMPARE(refreshed.status, 200);
        const auto fresh = refreshed.json.value(QStringLiteral("token")).toString().toLatin1();
        QCOMPARE(m_client->get(p("/me"), fresh).status, 200);
        QCOMPARE(m_client->request("POST", p("/token/refresh"), {}, {}, expired).status, 403);
    }

    void avatarChoice()
    {
        const auto avatars = m_client->get(p("/avatars")).json.value(QStringLiteral("avatars")).toArray();
        const auto avatar = avatars.at(2).toObject();
        const auto set = m_client->post(
            p("/user/metadata"), {{QStringLiteral("avatarId"), avatar.value(QStringLiteral("id"))}}, m_bob);
        QCOMPARE(set.status, 200);
        const auto me = m_client->get(p("/me"), m_bob).json;
        QCOMPARE(me.value(QStringLiteral("avatar")).toObject(), avatar);
        QCOMPARE(
            m_client->post(p("/user/metadata"), {{QStringLiteral("avatarId"), QStringLiteral("nope")}}, m_bob).status,
            400);
        QCOMPARE(m_client->post(p("/user/metadata"), {{QStringLiteral("avatarId"), 42}}, m_bob).status, 400);
        QCOMPARE(m_client->post(p("/user/metadata"), {{QStringLiteral("avatarId"), avatar.value(QStringLiteral("id"))}})
                     .status,
            403);

        const auto bulk = m_client->get(
            p("/user/metadata/bulk?ids=[") + m_bobId + QLatin1Char(',') + m_carolId + QStringLiteral("]"));
        QCOMPARE(bulk.status, 200);
        const auto list = bulk.json.value(QStringLiteral("avatars")).toArray();
        QCOMPARE(list.size(), 2);
        for (const auto &entry : list) {
            const auto o = entry.toObject();
            if (o.value(QStringLiteral("userId")).toString() == m_bobId) {
                QCOMPARE(o.value(QStringLiteral("imageurl")), avatar.value(QStringLiteral("imageurl")));
            } else {
                QVERIFY(o.value(QStringLiteral("imageurl")).isNull());
            }
        }
        QCOMPARE(m_client->get(p("/user/metadata/bulk")).status, 400);
        QCOMPARE(m_client->get(p("/user/metadata/bulk?ids=[a'b]")).status, 400);
    }

    void spaceLifecycle()
    {
        const auto id = createSpace(m_alice, QStringLiteral("Studio"), QStringLiteral("12x7"));
        QVERIFY(!id.isEmpty());
        const auto got = m_client->get(p("/space/") + id, m_alice);
        QCOMPARE(got.status, 200);
        const auto space = got.json.value(QStringLiteral("space")).toObject();
        QCOMPARE(space.value(QStringLiteral("name")).toString(), QStringLiteral("Studio"));
        QCOMPARE(space.value(QStringLiteral("width")).toInt(), 12);
        QCOMPARE(space.value(QStringLiteral("height")).toInt(), 7);
        QCOMPARE(got.json.value(QStringLiteral("dimensions")).toString(), QStringLiteral("12x7"));
        QVERIFY(got.json.value(QStringLiteral("elements")).toArray().isEmpty());

        // A new space has a "general" chat room.
        auto rooms =
            m_server->server().database().prepare(QStringLiteral("SELECT name FROM chatrooms WHERE space_id = ?"));
        rooms->addBindValue(id);
        QVERIFY(rooms->exec() && rooms->next());
        QCOMPARE(rooms->value(0).toString(), QStringLiteral("general"));

        const auto listed = m_client->get(p("/space/all"), m_alice).json.value(QStringLiteral("spaces")).toArray();
        const auto it = std::find_if(listed.begin(), listed.end(),
            [&](const QJsonValue &v) { return v.toObject().value(QStringLiteral("id")).toString() == id; });
        QVERIFY(it != listed.end());
        QCOMPARE(it->toObject().value(QStringLiteral("dimensions")).toString(), QStringLiteral("12x7"));
        QCOMPARE(it->toObject().value(QStringLiteral("isTemplate")).toBool(), false);
        const auto bobs = m_client->get(p("/space/all"), m_bob).json.value(QStringLiteral("spaces")).toArray();
        QVERIFY(std::none_of(bobs.begin(), bobs.end(),
            [&](const QJsonValue &v) { return v.toObject().value(QStringLiteral("id")).toString() == id; }));

        QCOMPARE(m_client->patch(p("/space/") + id, {{QStringLiteral("name"), QStringLiteral("Loft")}}, m_alice).status,
            200);
        QCOMPARE(m_client->get(p("/space/") + id, m_alice)
                     .json.value(QStringLiteral("space"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("Loft"));
        QCOMPARE(
            m_client->patch(p("/space/") + id, {{QStringLiteral("name"), QStringLiteral("")}}, m_alice).status, 400);
        QCOMPARE(m_client->patch(p("/space/") + id, {}, m_alice).status, 400);
        QCOMPARE(m_client->del(p("/space/") + id, m_alice).status, 200);
        QCOMPARE(m_client->get(p("/space/") + id, m_alice).status, 400);
        QCOMPARE(m_client->del(p("/space/") + id, m_alice).status, 400);
    }

    void spaceFromTemplate()
    {
        const auto map = m_client->get(p("/space/") + m_templateId, m_bob);
        QCOMPARE(map.status, 200); // templates are readable by everyone
        const auto mapSpace = map.json.value(QStringLiteral("space")).toObject();
        const auto reply = m_client->post(p("/space"),
            {{QStringLiteral("name"), QStringLiteral("Copy")}, {QStringLiteral("mapId"), m_templateId}}, m_bob);
        QCOMPARE(reply.status, 200);
        const auto copy = m_client->get(p("/space/") + reply.json.value(QStringLiteral("spaceId")).toString(), m_bob)
                              .json.value(QStringLiteral("space"))
                              .toObject();
        QCOMPARE(copy.value(QStringLiteral("width")), mapSpace.value(QStringLiteral("width")));
        QCOMPARE(copy.value(QStringLiteral("height")), mapSpace.value(QStringLiteral("height")));
        QCOMPARE(copy.value(QStringLiteral("elements")).toArray().size(),
            mapSpace.value(QStringLiteral("elements")).toArray().size());
        QVERIFY(!copy.value(QStringLiteral("elements")).toArray().isEmpty());
        QCOMPARE(copy.value(QStringLiteral("isTemplate")).toBool(), false);

        const auto ownSpace = createSpace(m_bob);
        QCOMPARE(m_client
                     ->post(p("/space"),
                         {{QStringLiteral("name"), QStringLiteral("X")}, {QStringLiteral("mapId"), ownSpace}}, m_bob)
                     .status,
            400); // not a template
        QCOMPARE(
            m_client
                ->post(p("/space"),
                    {{QStringLiteral("name"), QStringLiteral("X")}, {QStringLiteral("mapId"), QStringLiteral("nope")}},
                    m_bob)
                .status,
            400);
        QCOMPARE(m_client->post(p("/space"), {{QStringLiteral("name"), QStringLiteral("X")}}, m_bob).status, 400);
        QCOMPARE(m_client
                     ->post(p("/space"),
                         {{QStringLiteral("name"), QStringLiteral("X")},
                             {QStringLiteral("dimensions"), QStringLiteral("1001x5")}},
                         m_bob)
                     .status,
            400);
        // A template cannot be deleted through /space.
        QCOMPARE(m_client->del(p("/space/") + m_templateId, m_admin).status, 400);
    }

    void placeElements()
    {
        const auto id = createSpace(m_alice, QStringLiteral("Desks"), QStringLiteral("5x4"));
        const auto place = [&](const QString &element, int x, int y, const QByteArray &token) {
            return m_client->post(p("/space/element"),
                {{QStringLiteral("spaceId"), id}, {QStringLiteral("elementId"), element}, {QStringLiteral("x"), x},
                    {QStringLiteral("y"), y}},
                token);
        };
        const auto ok = place(m_deskId, 3, 3, m_alice); // 2x1 at the bottom-right corner
        QCOMPARE(ok.status, 200);
        const auto placedId = ok.json.value(QStringLiteral("id")).toString();
        QVERIFY(!placedId.isEmpty());
        QCOMPARE(place(m_deskId, 4, 3, m_alice).status, 400); // overhangs the right edge
        const auto onTheDesk = place(m_plantId, 4, 3, m_alice); // static elements are not stood on
        QCOMPARE(onTheDesk.status, 400);
        QCOMPARE(onTheDesk.errorFields(), (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
        QVERIFY(onTheDesk.json.value(QStringLiteral("detail")).toString().contains(QStringLiteral("static")));
        QCOMPARE(place(m_deskId, 2, 3, m_alice).status, 400); // half on the desk
        QCOMPARE(place(m_deskId, 0, 4, m_alice).status, 400); // below the bottom
        QCOMPARE(place(QStringLiteral("nope"), 0, 0, m_alice).status, 400);
        QCOMPARE(place(m_deskId, -1, 0, m_alice).status, 400);
        QCOMPARE(m_client
                     ->post(p("/space/element"),
                         {{QStringLiteral("spaceId"), id}, {QStringLiteral("elementId"), m_deskId},
                             {QStringLiteral("x"), QStringLiteral("1")}, {QStringLiteral("y"), 0}},
                         m_alice)
                     .status,
            400);
        QCOMPARE(place(m_deskId, 0, 0, m_bob).status, 403); // not a member

        const auto elements =
            m_client->get(p("/space/") + id, m_alice).json.value(QStringLiteral("elements")).toArray();
        QCOMPARE(elements.size(), 1);
        const auto placed = elements.at(0).toObject();
        QCOMPARE(placed.value(QStringLiteral("id")).toString(), placedId);
        QCOMPARE(placed.value(QStringLiteral("x")).toInt(), 3);
        QCOMPARE(placed.value(QStringLiteral("element")).toObject().value(QStringLiteral("id")).toString(), m_deskId);

        QCOMPARE(m_client->delJson(p("/space/element"), {{QStringLiteral("id"), placedId}}, m_bob).status, 403);
        QCOMPARE(m_client->delJson(p("/space/element"), {{QStringLiteral("id"), placedId}}, m_alice).status, 200);
        QCOMPARE(m_client->delJson(p("/space/element"), {{QStringLiteral("id"), placedId}}, m_alice).status, 400);
        QCOMPARE(m_client->delJson(p("/space/element"), {}, m_alice).status, 400);
        QVERIFY(m_client->get(p("/space/") + id, m_alice).json.value(QStringLiteral("elements")).toArray().isEmpty());
    }

    // GET /space/:id is served from a cache validated by the space's revision: every change to
    // what it shows must be visible at once, including edits of an element's definition.
    void spaceReadsFollowEveryChange()
    {
        const auto created = m_client->post(p("/admin/element"),
            {{QStringLiteral("imageUrl"), QStringLiteral("/assets/elements/plant.svg")}, {QStringLiteral("width"), 1},
                {QStringLiteral("height"), 1}, {QStringLiteral("static"), false}},
            m_admin);
        const auto elementId = created.json.value(QStringLiteral("id")).toString();
        const auto id = createSpace(m_alice, QStringLiteral("Cached"));
        const auto elementOf = [&] {
            return m_client->get(p("/space/") + id, m_alice).json.value(QStringLiteral("elements")).toArray();
        };
        QVERIFY(elementOf().isEmpty());
        QCOMPARE(m_client
                     ->post(p("/space/element"),
                         {{QStringLiteral("spaceId"), id}, {QStringLiteral("elementId"), elementId},
                             {QStringLiteral("x"), 2}, {QStringLiteral("y"), 2}},
                         m_alice)
                     .status,
            200);
        QCOMPARE(elementOf().size(), 1);
        QCOMPARE(elementOf().size(), 1); // served from the cache
        QCOMPARE(m_client
                     ->put(p("/admin/element/") + elementId,
                         {{QStringLiteral("imageUrl"), QStringLiteral("/assets/elements/rug.svg")}}, m_admin)
                     .status,
            200);
        QCOMPARE(elementOf()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("element"))
                     .toObject()
                     .value(QStringLiteral("imageurl"))
                     .toString(),
            QStringLiteral("/assets/elements/rug.svg"));
        QCOMPARE(m_client
                     ->patch(p("/space/") + id,
                         {{QStringLiteral("thumbnail"), QStringLiteral("/assets/maps/hall.svg")}}, m_alice)
                     .status,
            200);
        QCOMPARE(m_client->get(p("/space/") + id, m_alice)
                     .json.value(QStringLiteral("space"))
                     .toObject()
                     .value(QStringLiteral("thumbnail"))
                     .toString(),
            QStringLiteral("/assets/maps/hall.svg"));
        // The cache never bypasses access checks.
        QCOMPARE(m_client->get(p("/space/") + id, m_bob).status, 403);
    }

    void members()
    {
        const auto id = createSpace(m_alice, QStringLiteral("Team"));
        QCOMPARE(m_client->get(p("/space/") + id, m_bob).status, 403);
        QCOMPARE(m_client
                     ->post(p("/space/") + id + QStringLiteral("/members"),
                         {{QStringLiteral("username"), QStringLiteral("bob")}}, m_bob)
                     .status,
            403);
        QCOMPARE(m_client
                     ->post(p("/space/") + id + QStringLiteral("/members"),
                         {{QStringLiteral("username"), QStringLiteral("nobody")}}, m_alice)
                     .status,
            400);
        const auto added = m_client->post(p("/space/") + id + QStringLiteral("/members"),
            {{QStringLiteral("username"), QStringLiteral("Bob")}, {QStringLiteral("canEdit"), false}}, m_alice);
        QCOMPARE(added.status, 200);
        QCOMPARE(added.json.value(QStringLiteral("userId")).toString(), m_bobId);
        QCOMPARE(m_client->get(p("/space/") + id, m_bob).status, 200); // members read
        const auto place = [&](const QByteArray &token) {
            return m_client
                ->post(p("/space/element"),
                    {{QStringLiteral("spaceId"), id}, {QStringLiteral("elementId"), m_plantId},
                        {QStringLiteral("x"), 1}, {QStringLiteral("y"), 1}},
                    token)
                .status;
        };
        QCOMPARE(place(m_bob), 403); // without edit right
        QCOMPARE(
            m_client
                ->post(p("/space/") + id + QStringLiteral("/members"),
                    {{QStringLiteral("username"), QStringLiteral("bob")}, {QStringLiteral("canEdit"), true}}, m_alice)
                .status,
            200);
        QCOMPARE(place(m_bob), 200);
        const auto list = m_client->get(p("/space/") + id + QStringLiteral("/members"), m_bob);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json.value(QStringLiteral("members")).toArray().size(), 1);
        QCOMPARE(list.json.value(QStringLiteral("members"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("canEdit"))
                     .toBool(),
            true);
        // The space shows up in bob's list.
        const auto bobs = m_client->get(p("/space/all"), m_bob).json.value(QStringLiteral("spaces")).toArray();
        QVERIFY(std::any_of(bobs.begin(), bobs.end(),
            [&](const QJsonValue &v) { return v.toObject().value(QStringLiteral("id")).toString() == id; }));
        QCOMPARE(m_client->del(p("/space/") + id + QStringLiteral("/members/") + m_bobId, m_bob).status, 403);
        QCOMPARE(m_client->del(p("/space/") + id + QStringLiteral("/members/") + m_bobId, m_alice).status, 200);
        QCOMPARE(m_client->del(p("/space/") + id + QStringLiteral("/members/") + m_bobId, m_alice).status, 400);
        QCOMPARE(m_client->get(p("/space/") + id, m_bob).status, 403);
        QCOMPARE(place(m_bob), 403);
    }

    // Every protected route by role: anonymous, user (a stranger), member (read-only), editor,
    // owner, admin.
    void authorizationMatrix_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QList<int>>("expected"); // anonymous, stranger, member, editor, owner, admin
        const QList<int> readable{403, 403, 200, 200, 200, 200};
        QTest::newRow("GET space") << QByteArray("GET") << "/space/{space}" << QByteArray() << readable;
        QTest::newRow("GET members") << QByteArray("GET") << "/space/{space}/members" << QByteArray() << readable;
        QTest::newRow("PATCH space") << QByteArray("PATCH") << "/space/{space}" << QByteArray(R"({"name":"Renamed"})")
                                     << QList<int>{403, 403, 403, 403, 200, 200};
        QTest::newRow("POST element") << QByteArray("POST") << "/space/element"
                                      << QByteArray(R"({"spaceId":"{space}","elementId":"{plant}","x":0,"y":0})")
                                      << QList<int>{403, 403, 403, 200, 200, 200};
        QTest::newRow("POST members") << QByteArray("POST") << "/space/{space}/members"
                                      << QByteArray(R"({"username":"erin"})")
                                      << QList<int>{403, 403, 403, 403, 200, 200};
        QTest::newRow("GET all") << QByteArray("GET") << "/space/all" << QByteArray()
                                 << QList<int>{403, 200, 200, 200, 200, 200};
        QTest::newRow("GET me") << QByteArray("GET") << "/me" << QByteArray()
                                << QList<int>{403, 200, 200, 200, 200, 200};
        const QList<int> adminOnly{403, 403, 403, 403, 403, 200};
        QTest::newRow("POST admin element")
            << QByteArray("POST") << "/admin/element"
            << QByteArray(R"({"imageUrl":"/assets/elements/desk.svg","width":1,"height":1,"static":false})")
            << adminOnly;
        QTest::newRow("PUT admin element")
            << QByteArray("PUT") << "/admin/element/{plant}" << QByteArray(R"({"static":false})") << adminOnly;
        QTest::newRow("DELETE admin element")
            << QByteArray("DELETE") << "/admin/element/{fresh-element}" << QByteArray() << adminOnly;
        QTest::newRow("PUT admin avatar")
            << QByteArray("PUT") << "/admin/avatar/{fresh-avatar}" << QByteArray(R"({"name":"Renamed"})") << adminOnly;
        QTest::newRow("DELETE admin avatar")
            << QByteArray("DELETE") << "/admin/avatar/{fresh-avatar}" << QByteArray() << adminOnly;
        QTest::newRow("POST admin avatar")
            << QByteArray("POST") << "/admin/avatar"
            << QByteArray(R"({"imageUrl":"/assets/avatars/avatar-ada.svg","name":"Twin"})") << adminOnly;
        QTest::newRow("POST admin map")
            << QByteArray("POST") << "/admin/map"
            << QByteArray(
                   R"({"name":"Tiny","dimensions":"4x4","thumbnail":"/assets/maps/hall.svg","defaultElements":[]})")
            << adminOnly;
        QTest::newRow("GET admin map") << QByteArray("GET") << "/admin/map/{template}" << QByteArray() << adminOnly;
        QTest::newRow("GET admin users") << QByteArray("GET") << "/admin/users" << QByteArray() << adminOnly;
        QTest::newRow("PATCH admin user")
            << QByteArray("PATCH") << "/admin/users/{carol}" << QByteArray(R"({"role":"User"})") << adminOnly;
        QTest::newRow("DELETE space") << QByteArray("DELETE") << "/space/{space}" << QByteArray()
                                      << QList<int>{403, 403, 403, 403, 200, 200};
        QTest::newRow("DELETE element") << QByteArray("DELETE") << "/space/element"
                                        << QByteArray(R"({"id":"{placed}"})")
                                        << QList<int>{403, 403, 403, 200, 200, 200};
        QTest::newRow("DELETE member") << QByteArray("DELETE") << "/space/{space}/members/{bob}" << QByteArray()
                                       << QList<int>{403, 403, 403, 403, 200, 200};
        QTest::newRow("PUT admin map") << QByteArray("PUT") << "/admin/map/{map}"
                                       << QByteArray(R"({"name":"Tiny","dimensions":"4x4","defaultElements":[]})")
                                       << adminOnly;
        QTest::newRow("DELETE admin map") << QByteArray("DELETE") << "/admin/map/{map}" << QByteArray() << adminOnly;
        QTest::newRow("POST admin assets") << QByteArray("POST") << "/admin/assets" << QByteArray() << adminOnly;
        QTest::newRow("POST token refresh")
            << QByteArray("POST") << "/token/refresh" << QByteArray() << QList<int>{403, 200, 200, 200, 200, 200};
        QTest::newRow("POST user metadata")
            << QByteArray("POST") << "/user/metadata" << QByteArray(R"({"avatarId":"{avatar}"})")
            << QList<int>{403, 200, 200, 200, 200, 200};
    }
    void authorizationMatrix()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QList<int>, expected);
        const QList<QByteArray> tokens{QByteArray(), m_carol, QByteArray(), QByteArray(), m_alice, m_admin};
        for (int who = 0; who < tokens.size(); ++who) {
            // A fresh space per caller, so destructive rows do not affect the next caller.
            const auto space = createSpace(m_alice, QStringLiteral("Matrix"));
            // Per caller, so destructive rows have something to destroy each time.
            const auto placed = m_client
                                    ->post(p("/space/element"),
                                        {{QStringLiteral("spaceId"), space}, {QStringLiteral("elementId"), m_plantId},
                                            {QStringLiteral("x"), 1}, {QStringLiteral("y"), 1}},
                                        m_alice)
                                    .json.value(QStringLiteral("id"))
                                    .toString();
            QCOMPARE(m_client
                         ->post(p("/space/") + space + QStringLiteral("/members"),
                             {{QStringLiteral("username"), QStringLiteral("bob")}}, m_alice)
                         .status,
                200);
            const auto map = m_client
                                 ->post(p("/admin/map"),
                                     {{QStringLiteral("name"), QStringLiteral("Matrix map")},
                                         {QStringLiteral("dimensions"), QStringLiteral("3x3")}},
                                     m_admin)
                                 .json.value(QStringLiteral("id"))
                                 .toString();
            const auto avatar = m_client->get(p("/avatars"))
                                    .json.value(QStringLiteral("avatars"))
                                    .toArray()
                                    .at(0)
                                    .toObject()
                                    .value(QStringLiteral("id"))
                                    .toString();
            QVERIFY(!placed.isEmpty() && !map.isEmpty() && !avatar.isEmpty());
            QByteArray token = tokens.at(who);
            if (who == 2 || who == 3) {
                const auto name = QStringLiteral("m%1%2").arg(who).arg(QRandomGenerator::global()->bounded(1000000));
                token = m_client->signupAndLogin(name);
                QCOMPARE(m_client
                             ->post(p("/space/") + space + QStringLiteral("/members"),
                                 {{QStringLiteral("username"), name}, {QStringLiteral("canEdit"), who == 3}}, m_alice)
                             .status,
                    200);
            }
            // Retiring is for good: rows that retire get a catalogue entry of their own per caller.
            QString freshElement;
            QString freshAvatar;
            if (path.contains(QStringLiteral("{fresh-element}"))) {
                freshElement = m_client
                                   ->post(p("/admin/element"),
                                       {{QStringLiteral("imageUrl"), QStringLiteral("/assets/elements/desk.svg")},
                                           {QStringLiteral("width"), 1}, {QStringLiteral("height"), 1},
                                           {QStringLiteral("static"), false}},
                                       m_admin)
                                   .json.value(QStringLiteral("id"))
                                   .toString();
                QVERIFY(!freshElement.isEmpty());
            }
            if (path.contains(QStringLiteral("{fresh-avatar}"))) {
                freshAvatar = m_client
                                  ->post(p("/admin/avatar"),
                                      {{QStringLiteral("imageUrl"), QStringLiteral("/assets/avatars/avatar-ada.svg")},
                                          {QStringLiteral("name"), QStringLiteral("Matrix")}},
                                      m_admin)
                                  .json.value(QStringLiteral("avatarId"))
                                  .toString();
                QVERIFY(!freshAvatar.isEmpty());
            }
            auto resolve = [&](QString text) {
                return text.replace(QStringLiteral("{space}"), space)
                    .replace(QStringLiteral("{plant}"), m_plantId)
                    .replace(QStringLiteral("{template}"), m_templateId)
                    .replace(QStringLiteral("{carol}"), m_carolId)
                    .replace(QStringLiteral("{bob}"), m_bobId)
                    .replace(QStringLiteral("{placed}"), placed)
                    .replace(QStringLiteral("{map}"), map)
                    .replace(QStringLiteral("{avatar}"), avatar)
                    .replace(QStringLiteral("{fresh-element}"), freshElement)
                    .replace(QStringLiteral("{fresh-avatar}"), freshAvatar);
            };
            QByteArray requestBody = resolve(QString::fromUtf8(body)).toUtf8();
            QByteArray contentType = body.isEmpty() ? QByteArray() : QByteArray("application/json");
            if (path == QLatin1String("/admin/assets")) {
                requestBody = Test::pngHeader(16, 16);
                contentType = "image/png";
            }
            const auto reply = m_client->request(method, V1 + resolve(path), requestBody, contentType, token);
            QVERIFY2(reply.status == expected.at(who),
                qPrintable(QStringLiteral("caller %1 got %2: %3")
                               .arg(who)
                               .arg(reply.status)
                               .arg(QString::fromUtf8(reply.body))));
        }
    }

    void adminCatalogue()
    {
        const auto created = m_client->post(p("/admin/element"),
            {{QStringLiteral("imageUrl"), QStringLiteral("https://example.com/t.png")}, {QStringLiteral("width"), 2},
                {QStringLiteral("height"), 3}, {QStringLiteral("static"), true}},
            m_admin);
        QCOMPARE(created.status, 200);
        const auto id = created.json.value(QStringLiteral("id")).toString();
        const auto updated = m_client->put(p("/admin/element/") + id,
            {{QStringLiteral("imageurl"), QStringLiteral("/assets/elements/desk.svg")},
                {QStringLiteral("static"), false}},
            m_admin);
        QCOMPARE(updated.status, 200);
        const auto element = updated.json.value(QStringLiteral("element")).toObject();
        QCOMPARE(element.value(QStringLiteral("width")).toInt(), 2);
        QCOMPARE(element.value(QStringLiteral("static")).toBool(), false);
        QCOMPARE(element.value(QStringLiteral("imageurl")).toString(), QStringLiteral("/assets/elements/desk.svg"));
        QCOMPARE(m_client->put(p("/admin/element/nope"), {{QStringLiteral("static"), false}}, m_admin).status, 400);
        QCOMPARE(m_client->put(p("/admin/element/") + id, {}, m_admin).status, 400);
        QCOMPARE(
            m_client
                ->post(p("/admin/element"),
                    {{QStringLiteral("imageUrl"), QStringLiteral("javascript:alert(1)")}, {QStringLiteral("width"), 1},
                        {QStringLiteral("height"), 1}, {QStringLiteral("static"), true}},
                    m_admin)
                .status,
            400);
        QCOMPARE(m_client
                     ->post(p("/admin/element"),
                         {{QStringLiteral("imageUrl"), QStringLiteral("/assets/x.svg")}, {QStringLiteral("width"), 0},
                             {QStringLiteral("height"), 1}, {QStringLiteral("static"), true}},
                         m_admin)
                     .status,
            400);

        const auto avatar = m_client->post(p("/admin/avatar"),
            {{QStringLiteral("imageUrl"), QStringLiteral("/assets/avatars/avatar-ada.svg")},
                {QStringLiteral("name"), QStringLiteral("Ada again")}},
            m_admin);
        QCOMPARE(avatar.status, 200);
        const auto avatarId = avatar.json.value(QStringLiteral("avatarId")).toString();
        const auto avatars = m_client->get(p("/avatars")).json.value(QStringLiteral("avatars")).toArray();
        QVERIFY(std::any_of(avatars.begin(), avatars.end(),
            [&](const QJsonValue &v) { return v.toObject().value(QStringLiteral("id")).toString() == avatarId; }));
        QCOMPARE(
            m_client->post(p("/admin/avatar"), {{QStringLiteral("name"), QStringLiteral("x")}}, m_admin).status, 400);
    }

    // Categories, and retiring: out of the palette and the avatar library, while what was placed
    // or chosen stays.
    void adminRetires()
    {
        const auto elements = m_client->get(p("/elements")).json.value(QStringLiteral("elements")).toArray();
        QHash<QString, QString> categoryByName;
        for (const auto &e : elements) {
            categoryByName.insert(e.toObject().value(QStringLiteral("name")).toString(),
                e.toObject().value(QStringLiteral("category")).toString());
        }
        QCOMPARE(categoryByName.value(QStringLiteral("Wood Floor")), QStringLiteral("floor"));
        QCOMPARE(categoryByName.value(QStringLiteral("Wall")), QStringLiteral("wall"));
        QCOMPARE(categoryByName.value(QStringLiteral("Floor Lamp")), QStringLiteral("decoration"));
        QCOMPARE(categoryByName.value(QStringLiteral("Desk")), QStringLiteral("furniture"));

        const QJsonObject lamp{{QStringLiteral("imageUrl"), QStringLiteral("/assets/elements/floor-lamp.svg")},
            {QStringLiteral("name"), QStringLiteral("Lava lamp")}, {QStringLiteral("width"), 1},
            {QStringLiteral("height"), 1}, {QStringLiteral("static"), false},
            {QStringLiteral("category"), QStringLiteral("decoration")}};
        auto badCategory = lamp;
        badCategory.insert(QStringLiteral("category"), QStringLiteral("furnitures"));
        QCOMPARE(m_client->post(p("/admin/element"), badCategory, m_admin).status, 400);
        const auto id = m_client->post(p("/admin/element"), lamp, m_admin).json.value(QStringLiteral("id")).toString();
        QVERIFY(!id.isEmpty());
        const auto recategorised = m_client->put(
            p("/admin/element/") + id, {{QStringLiteral("category"), QStringLiteral("interactive")}}, m_admin);
        QCOMPARE(recategorised.status, 200);
        QCOMPARE(recategorised.json.value(QStringLiteral("element")).toObject().value(QStringLiteral("category")),
            QStringLiteral("interactive"));

        const auto space = createSpace(m_alice, QStringLiteral("Retiring"));
        const QJsonObject placeIt{{QStringLiteral("spaceId"), space}, {QStringLiteral("elementId"), id},
            {QStringLiteral("x"), 2}, {QStringLiteral("y"), 2}};
        QCOMPARE(m_client->post(p("/space/element"), placeIt, m_alice).status, 200);

        QCOMPARE(m_client->del(p("/admin/element/") + id, m_admin).status, 200);
        QCOMPARE(m_client->del(p("/admin/element/") + id, m_admin).status, 200); // retiring twice is no error
        QCOMPARE(m_client->del(p("/admin/element/") + QStringLiteral("0d8f6f3e-7c1a-4d55-a7f0-2a0f3b1c9e11"), m_admin)
                     .status,
            400);
        const auto palette = m_client->get(p("/elements")).json.value(QStringLiteral("elements")).toArray();
        QVERIFY(std::none_of(palette.begin(), palette.end(),
            [&](const QJsonValue &v) { return v.toObject().value(QStringLiteral("id")).toString() == id; }));
        // The placed lamp still renders: it is in the space with its picture.
        const auto placed =
            m_client->get(p("/space/") + space, m_alice).json.value(QStringLiteral("elements")).toArray();
        QVERIFY(std::any_of(placed.begin(), placed.end(), [&](const QJsonValue &v) {
            const auto element = v.toObject().value(QStringLiteral("element")).toObject();
            return element.value(QStringLiteral("id")).toString() == id &&
                element.value(QStringLiteral("imageurl")).toString() ==
                QStringLiteral("/assets/elements/floor-lamp.svg");
        }));
        auto again = placeIt;
        again.insert(QStringLiteral("x"), 4);
        const auto refused = m_client->post(p("/space/element"), again, m_alice);
        QCOMPARE(refused.status, 400);
        QVERIFY(QString::fromUtf8(refused.body).contains(QStringLiteral("retired")));
        const auto map = m_client->post(p("/admin/map"),
            {{QStringLiteral("name"), QStringLiteral("With a retired lamp")},
                {QStringLiteral("dimensions"), QStringLiteral("5x5")},
                {QStringLiteral("defaultElements"),
                    QJsonArray{QJsonObject{
                        {QStringLiteral("elementId"), id}, {QStringLiteral("x"), 1}, {QStringLiteral("y"), 1}}}}},
            m_admin);
        QCOMPARE(map.status, 400);
        QVERIFY(QString::fromUtf8(map.body).contains(QStringLiteral("retired")));

        const auto avatarId = m_client
                                  ->post(p("/admin/avatar"),
                                      {{QStringLiteral("imageUrl"), QStringLiteral("/assets/avatars/avatar-omar.svg")},
                                          {QStringLiteral("name"), QStringLiteral("Omar two")}},
                                      m_admin)
                                  .json.value(QStringLiteral("avatarId"))
                                  .toString();
        QVERIFY(!avatarId.isEmpty());
        const auto renamed = m_client->put(
            p("/admin/avatar/") + avatarId, {{QStringLiteral("name"), QStringLiteral("  Omar II ")}}, m_admin);
        QCOMPARE(renamed.status, 200);
        QCOMPARE(renamed.json.value(QStringLiteral("avatar")).toObject().value(QStringLiteral("name")),
            QStringLiteral("Omar II"));
        QCOMPARE(
            m_client->put(p("/admin/avatar/") + avatarId, {{QStringLiteral("name"), QString()}}, m_admin).status, 400);
        QCOMPARE(m_client->post(p("/user/metadata"), {{QStringLiteral("avatarId"), avatarId}}, m_carol).status, 200);
        QCOMPARE(m_client->del(p("/admin/avatar/") + avatarId, m_admin).status, 200);
        const auto library = m_client->get(p("/avatars")).json.value(QStringLiteral("avatars")).toArray();
        QVERIFY(std::none_of(library.begin(), library.end(),
            [&](const QJsonValue &v) { return v.toObject().value(QStringLiteral("id")).toString() == avatarId; }));
        QCOMPARE(m_client->post(p("/user/metadata"), {{QStringLiteral("avatarId"), avatarId}}, m_alice).status, 400);
        // Carol keeps hers.
        const auto me = m_client->get(p("/me"), m_carol).json;
        QVERIFY2(QJsonDocument(me).toJson().contains(avatarId.toUtf8()), QJsonDocument(me).toJson().constData());
    }

    void adminMaps()
    {
        const auto body = QJsonObject{{QStringLiteral("name"), QStringLiteral("Booth")},
            {QStringLiteral("dimensions"), QStringLiteral("6x5")},
            {QStringLiteral("thumbnail"), QStringLiteral("/assets/maps/hall.svg")},
            {QStringLiteral("defaultElements"),
                QJsonArray{QJsonObject{{QStringLiteral("elementId"), m_deskId}, {QStringLiteral("x"), 4},
                               {QStringLiteral("y"), 4}},
                    QJsonObject{{QStringLiteral("elementId"), m_plantId}, {QStringLiteral("x"), 0},
                        {QStringLiteral("y"), 0}}}}};
        const auto created = m_client->post(p("/admin/map"), body, m_admin);
        QCOMPARE(created.status, 200);
        const auto id = created.json.value(QStringLiteral("id")).toString();
        const auto got = m_client->get(p("/admin/map/") + id, m_admin);
        QCOMPARE(got.status, 200);
        QCOMPARE(
            got.json.value(QStringLiteral("map")).toObject().value(QStringLiteral("elements")).toArray().size(), 2);
        QCOMPARE(got.json.value(QStringLiteral("map")).toObject().value(QStringLiteral("isTemplate")).toBool(), true);

        auto outside = body;
        outside.insert(QStringLiteral("defaultElements"),
            QJsonArray{QJsonObject{
                {QStringLiteral("elementId"), m_deskId}, {QStringLiteral("x"), 5}, {QStringLiteral("y"), 0}}});
        const auto rejected = m_client->post(p("/admin/map"), outside, m_admin);
        QCOMPARE(rejected.status, 400);
        QCOMPARE(rejected.errorFields(), QStringList{QStringLiteral("defaultElements[0]")});
        auto unknown = body;
        unknown.insert(QStringLiteral("defaultElements"),
            QJsonArray{QJsonObject{{QStringLiteral("elementId"), QStringLiteral("nope")}, {QStringLiteral("x"), 0},
                {QStringLiteral("y"), 0}}});
        QCOMPARE(m_client->post(p("/admin/map"), unknown, m_admin).status, 400);

        auto replaced = body;
        replaced.insert(QStringLiteral("name"), QStringLiteral("Booth 2"));
        replaced.insert(QStringLiteral("defaultElements"), QJsonArray{});
        QCOMPARE(m_client->put(p("/admin/map/") + id, replaced, m_admin).status, 200);
        const auto after = m_client->get(p("/admin/map/") + id, m_admin).json.value(QStringLiteral("map")).toObject();
        QCOMPARE(after.value(QStringLiteral("name")).toString(), QStringLiteral("Booth 2"));
        QVERIFY(after.value(QStringLiteral("elements")).toArray().isEmpty());
        // A failed replace changes nothing.
        QCOMPARE(m_client->put(p("/admin/map/") + id, outside, m_admin).status, 400);
        QCOMPARE(m_client->get(p("/admin/map/") + id, m_admin)
                     .json.value(QStringLiteral("map"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("Booth 2"));

        QCOMPARE(m_client->del(p("/admin/map/") + id, m_admin).status, 200);
        QCOMPARE(m_client->get(p("/admin/map/") + id, m_admin).status, 400);
        const auto space = createSpace(m_alice);
        QCOMPARE(m_client->get(p("/admin/map/") + space, m_admin).status, 400); // a space is not a template
    }

    void adminUsers()
    {
        const auto list = m_client->get(p("/admin/users?limit=2"), m_admin);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json.value(QStringLiteral("users")).toArray().size(), 2);
        QVERIFY(!list.body.contains("$2b$"));
        QCOMPARE(m_client->get(p("/admin/users?limit=0"), m_admin).status, 400);
        QCOMPARE(m_client->get(p("/admin/users?offset=-1"), m_admin).status, 400);

        QCOMPARE(
            m_client->patch(
                        p("/admin/users/") + m_carolId, {{QStringLiteral("role"), QStringLiteral("Admin")}}, m_admin)
                .status,
            200);
        QCOMPARE(m_client->get(p("/admin/users"), m_carol).status, 200); // takes effect on the existing token
        QCOMPARE(
            m_client->patch(p("/admin/users/") + m_carolId, {{QStringLiteral("role"), QStringLiteral("User")}}, m_admin)
                .status,
            200);
        QCOMPARE(m_client->get(p("/admin/users"), m_carol).status, 403);
        QCOMPARE(
            m_client->patch(p("/admin/users/") + m_carolId, {{QStringLiteral("role"), QStringLiteral("Boss")}}, m_admin)
                .status,
            400);
        QCOMPARE(m_client->patch(p("/admin/users/nobody"), {{QStringLiteral("role"), QStringLiteral("User")}}, m_admin)
                     .status,
            400);
    }

    void assetsUpload()
    {
        const QByteArray png = Test::pngHeader(32, 32) + QByteArray(64, '\x01');
        const auto uploaded = m_client->request("POST", p("/admin/assets"), png, "image/png", m_admin);
        QCOMPARE(uploaded.status, 200);
        const auto url = uploaded.json.value(QStringLiteral("url")).toString();
        QVERIFY(url.startsWith(QStringLiteral("/assets/u/")));
        QVERIFY(url.endsWith(QStringLiteral(".png")));
        const auto served = m_client->get(url);
        QCOMPARE(served.status, 200);
        QCOMPARE(served.body, png);
        QCOMPARE(served.header("Content-Type"), QByteArray("image/png"));
        QVERIFY(served.header("Cache-Control").contains("immutable"));

        QCOMPARE(
            m_client->request("POST", p("/admin/assets"), "hello, not an image", "image/png", m_admin).status, 415);
        QCOMPARE(m_client->request("POST", p("/admin/assets"), png, "text/plain", m_admin).status, 415);
        QCOMPARE(
            m_client
                ->request("POST", p("/admin/assets"), "<svg><script>alert(1)</script></svg>", "image/svg+xml", m_admin)
                .status,
            415);
        QCOMPARE(m_client->request("POST", p("/admin/assets"), png, "image/png", m_alice).status, 403);
        QCOMPARE(m_client->get(QStringLiteral("/assets/u/notahash.png")).status, 404);
        QCOMPARE(m_client->get(QStringLiteral("/assets/elements/..%2F..%2Fsecret.svg")).status, 404);
        QCOMPARE(m_client->get(QStringLiteral("/assets/elements/none.svg")).status, 404);
    }

    void bodyLimits()
    {
        QByteArray big(1024 * 1024 + 10, 'a');
        const auto tooLarge = m_client->request("POST", p("/space"), big, "application/json", m_alice);
        QCOMPARE(tooLarge.status, 413);
        QByteArray upload = Test::pngHeader(2048, 2048) + QByteArray(3 * 1024 * 1024, '\x02');
        QCOMPARE(m_client->request("POST", p("/admin/assets"), upload, "image/png", m_admin).status,
            200); // 5 MiB allowed here
    }

    void unknownRoutes()
    {
        // A malformed id in a path names nothing: 400 before any handler runs, on every route.
        for (const auto *path :
            {"/space/bad.id", "/space/bad%20id/members", "/admin/map/x'y", "/chatrooms/a:b/messages"}) {
            const auto malformed = m_client->get(V1 + QString::fromLatin1(path), m_admin);
            QVERIFY2(malformed.status == 400, path);
            QVERIFY(malformed.header("Content-Type").startsWith("application/problem+json"));
            // Refused by the router's id check, not looked up by a handler.
            QVERIFY2(malformed.json.value(QStringLiteral("detail")).toString().contains(QStringLiteral(" matches ")),
                qPrintable(QString::fromUtf8(malformed.body)));
        }
        const auto missing = m_client->get(p("/nothing-here"));
        QCOMPARE(missing.status, 404);
        QVERIFY(missing.header("Content-Type").startsWith("application/problem+json"));
        const auto method = m_client->request("PUT", p("/avatars"), "{}");
        QCOMPARE(method.status, 405);
        QVERIFY(method.header("Allow").contains("GET"));
    }

    void commonHeaders()
    {
        const auto reply = m_client->get(p("/avatars"));
        QCOMPARE(reply.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(reply.header("X-Frame-Options"), QByteArray("DENY"));
        QVERIFY(!reply.header("Content-Security-Policy").isEmpty());
        QCOMPARE(reply.header("X-Request-Id").size(), 16);
        QVERIFY(reply.header("Access-Control-Allow-Origin").isEmpty()); // no CORS origins configured
        const auto metrics = m_client->get(QStringLiteral("/metrics"));
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.body.contains("metaverse_http_requests_total{route=\"GET /api/v1/avatars\",status=\"200\"}"));
        QVERIFY(metrics.body.contains("metaverse_http_request_duration_seconds_bucket"));
        QVERIFY(metrics.body.contains("metaverse_http_open_connections"));
        QVERIFY(metrics.body.contains("metaverse_db_up 1"));
    }

    void cors()
    {
        TestServer server([](Config &c) { c.corsOrigins = {QStringLiteral("https://app.example")}; });
        QVERIFY(server.start().has_value());
        Client client(server.baseUrl());
        const auto preflight = client.request("OPTIONS", p("/space/all"), {}, {}, {},
            {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "GET"}});
        QCOMPARE(preflight.status, 204);
        QCOMPARE(preflight.header("Access-Control-Allow-Origin"), QByteArray("https://app.example"));
        QVERIFY(preflight.header("Access-Control-Allow-Headers").contains("Authorization"));
        const auto other = client.request("GET", p("/avatars"), {}, {}, {}, {{"Origin", "https://evil.example"}});
        QCOMPARE(other.status, 200);
        QVERIFY(other.header("Access-Control-Allow-Origin").isEmpty());
    }

    void rateLimits()
    {
        TestServer server([](Config &c) {
            c.rateLimitAuth = 3;
            c.rateLimitApi = 4;
        });
        QVERIFY(server.start().has_value());
        Client client(server.baseUrl());
        const auto token = client.signupAndLogin(QStringLiteral("limited")); // 2 auth requests
        QVERIFY(!token.isEmpty());
        QCOMPARE(client
                     .post(p("/login"),
                         {{QStringLiteral("username"), QStringLiteral("limited")},
                             {QStringLiteral("password"), QStringLiteral("wrong")}})
                     .status,
            403);
        const auto limited = client.post(p("/login"),
            {{QStringLiteral("username"), QStringLiteral("limited")},
                {QStringLiteral("password"), QStringLiteral("correct horse")}});
        QCOMPARE(limited.status, 429);
        QVERIFY(limited.header("Retry-After").toInt() >= 1);
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(client.get(p("/me"), token).status, 200);
        }
        const auto api = client.get(p("/me"), token);
        QCOMPARE(api.status, 429);
        QVERIFY(api.header("Retry-After").toInt() >= 1);
        QCOMPARE(client.get(QStringLiteral("/health")).status, 200); // not rate limited
    }

    // A client that hangs up while its slow request is being worked on must not crash the
    // server (Qt HttpServer 6.4 would write to the dead socket).
    void clientLeavesDuringSlowRequest()
    {
        TestServer server([](Config &c) { c.bcryptCost = 12; });
        QVERIFY(server.start().has_value());
        Client client(server.baseUrl());
        QVERIFY(!client.signupAndLogin(QStringLiteral("patient")).isEmpty());
        for (int i = 0; i < 3; ++i) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, server.port());
            QVERIFY(socket.waitForConnected(5000));
            const QByteArray body = R"({"username":"patient","password":"correct horse"})";
            socket.write(
                "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                QByteArray::number(body.size()) + "\r\n\r\n" + body);
            QVERIFY(socket.waitForBytesWritten(5000));
            socket.abort();
        }
        QTRY_VERIFY_WITH_TIMEOUT(client.get(QStringLiteral("/metrics")).body.contains("status=\"499\"} 3"), 15000);
        QCOMPARE(client.get(QStringLiteral("/health")).status, 200);
    }

    // /health answers 503 while the database is unreachable, requests that need it fail with
    // 503, and both recover by themselves when it returns. A real outage: the server talks to
    // PostgreSQL through a proxy that the test cuts off.
    void databaseOutage()
    {
        const auto backend = backendFromEnvironment();
        if (!backend.postgres) {
            QSKIP("runs in the PostgreSQL variant (tst_api_postgres)");
        }
        QUrl url(backend.databaseUrl);
        TcpProxy proxy(QHostAddress(url.host()), quint16(url.port(5432)));
        QVERIFY(proxy.start());
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(proxy.port());
        TestServer server([&](Config &c) { c.databaseUrl = url.toString(); });
        QVERIFY(server.start().has_value());
        Client client(server.baseUrl());
        const auto token = client.signupAndLogin(QStringLiteral("outage"));
        QVERIFY(!token.isEmpty());
        QCOMPARE(client.get(QStringLiteral("/health")).status, 200);

        proxy.cutOff();
        const auto down = client.get(QStringLiteral("/health"));
        QCOMPARE(down.status, 503);
        QCOMPARE(down.json.value(QStringLiteral("db")).toString(), QStringLiteral("down"));
        QCOMPARE(client.get(p("/space/all"), token).status, 503);

        QVERIFY(proxy.resume());
        // Requests reconnect by themselves, without waiting for a health check.
        QTRY_COMPARE_WITH_TIMEOUT(client.get(p("/space/all"), token).status, 200, 10000);
        QCOMPARE(client.get(QStringLiteral("/health")).status, 200);
    }

    void unreachableRedisRefusesToStart()
    {
        TestServer redis([](Config &c) { c.redisUrl = QStringLiteral("redis://127.0.0.1:1"); });
        const auto refused = redis.start();
        QVERIFY(!refused.has_value());
        QVERIFY(refused.error().message.contains(QStringLiteral("REDIS_URL")));
    }

    // Kafka is not needed to serve: an unreachable one only holds the events back (tst_events).
    void unreachableKafkaStillServes()
    {
        TestServer kafka([](Config &c) { c.kafkaBrokers = QStringLiteral("127.0.0.1:1"); });
        QVERIFY(kafka.start().has_value());
        Client client(kafka.baseUrl());
        QTRY_COMPARE_WITH_TIMEOUT(client.get(QStringLiteral("/health")).json.value(QStringLiteral("kafka")).toString(),
            QStringLiteral("down"), 15000);
        QCOMPARE(client.get(QStringLiteral("/health")).status, 200);
        QVERIFY(!client.signupAndLogin(QStringLiteral("streamless")).isEmpty());
    }

    void survivesRestart()
    {
        TestServer server;
        QVERIFY(server.start().has_value());
        QString spaceId;
        QByteArray token;
        qsizetype avatarCount = 0;
        {
            Client client(server.baseUrl());
            token = client.signupAndLogin(QStringLiteral("durable"));
            const auto reply = client.post(p("/space"),
                {{QStringLiteral("name"), QStringLiteral("Kept")},
                    {QStringLiteral("dimensions"), QStringLiteral("3x3")}},
                token);
            spaceId = reply.json.value(QStringLiteral("spaceId")).toString();
            QVERIFY(!spaceId.isEmpty());
            avatarCount = client.get(p("/avatars")).json.value(QStringLiteral("avatars")).toArray().size();
        }
        server.stop();
        QVERIFY(server.start().has_value());
        Client client(server.baseUrl());
        const auto reply = client.get(p("/space/") + spaceId, token); // same secret, same data
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.value(QStringLiteral("space")).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("Kept"));
        // Seeding is idempotent.
        QCOMPARE(client.get(p("/avatars")).json.value(QStringLiteral("avatars")).toArray().size(), avatarCount);
    }
};

QTEST_GUILESS_MAIN(TestApi)
#include "tst_api.moc"
