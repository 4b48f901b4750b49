// SPDX-License-Identifier: GPL-3.0-or-later
// Two real metaverse-server processes on one database and one real Redis: users on different
// instances see each other join, move, edit and leave; a crashed instance's users expire; a
// Redis outage degrades to local delivery and recovers by itself.
#include "serverprocess.h"
#include "spaceclient.h"
#include "tcpproxy.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Metaverse;
using namespace Metaverse::Test;
using namespace Metaverse::SpaceProtocol;

namespace
{
const QString V1 = QStringLiteral("/api/v1");

Point stepFrom(Point p)
{
    return p.x > 0 ? Point{p.x - 1, p.y} : Point{p.x + 1, p.y};
}
} // namespace

class TestScaleOut : public QObject
{
    Q_OBJECT

    QString m_redisUrl;
    QTemporaryDir m_dataDir;
    std::unique_ptr<ServerProcess> m_a;
    std::unique_ptr<ServerProcess> m_b;
    QByteArray m_alice;
    QByteArray m_bob;
    QByteArray m_carol;

    QString createSpace(Client &http, const QByteArray &owner)
    {
        const auto id = http.post(V1 + QStringLiteral("/space"),
                                {{QStringLiteral("name"), QStringLiteral("Shared")},
                                    {QStringLiteral("dimensions"), QStringLiteral("8x8")}},
                                owner)
                            .json.value(QStringLiteral("spaceId"))
                            .toString();
        for (const auto *name : {"bob", "carol"}) {
            http.post(V1 + QStringLiteral("/space/") + id + QStringLiteral("/members"),
                {{QStringLiteral("username"), QString::fromLatin1(name)}, {QStringLiteral("canEdit"), true}}, owner);
        }
        return id;
    }

    std::unique_ptr<SpaceClient> joinAt(const ServerProcess &instance, const QString &space, const QByteArray &token)
    {
        auto client = std::make_unique<SpaceClient>(Dialect::Seed);
        if (!client->open(instance.spaceUrl()) || !client->join(space, token)) {
            return nullptr;
        }
        return client;
    }

private Q_SLOTS:
    void initTestCase()
    {
        METAVERSE_REQUIRE_REDIS(m_redisUrl);
        m_a = std::make_unique<ServerProcess>(QStringLiteral(METAVERSE_SERVER_BINARY));
        m_b = std::make_unique<ServerProcess>(QStringLiteral(METAVERSE_SERVER_BINARY));
        QVERIFY(m_a->start(m_dataDir.path(), m_redisUrl));
        QVERIFY(m_b->start(m_dataDir.path(), m_redisUrl)); // same database, same JWT secret
        Client http(m_a->baseUrl());
        m_alice = http.signupAndLogin(QStringLiteral("alice"));
        m_bob = http.signupAndLogin(QStringLiteral("bob"));
        m_carol = http.signupAndLogin(QStringLiteral("carol"));
        QVERIFY(!m_alice.isEmpty() && !m_bob.isEmpty() && !m_carol.isEmpty());
    }

    void usersOnTwoInstancesSeeEachOther()
    {
        Client httpA(m_a->baseUrl());
        const auto space = createSpace(httpA, m_alice);
        auto alice = joinAt(*m_a, space, m_alice);
        QVERIFY(alice);
        auto bob = std::make_unique<SpaceClient>(Dialect::Seed);
        QVERIFY(bob->open(m_b->spaceUrl()));
        bob->send(Join{space, QString::fromLatin1(m_bob)});
        const auto bobJoined = bob->waitFor<Joined>();
        QVERIFY(bobJoined);
        // Bob's instance knows Alice from Redis presence.
        QCOMPARE(bobJoined->users.size(), 1);
        QCOMPARE(bobJoined->users.at(0).userId, alice->userId());
        QCOMPARE(bobJoined->users.at(0).position, alice->position());
        QCOMPARE(alice->waitFor<UserJoined>()->user.userId, bob->userId());

        const Point step = stepFrom(bob->position());
        bob->send(Move{step});
        const auto moved = alice->waitFor<UserMoved>();
        QVERIFY(moved);
        QCOMPARE(moved->userId, bob->userId());
        QCOMPARE(moved->position, step);

        // An edit through REST on A reaches Bob on B; one over B's socket reaches Alice.
        QString plant;
        for (const auto &value :
            httpA.get(V1 + QStringLiteral("/elements")).json.value(QStringLiteral("elements")).toArray()) {
            if (!value.toObject().value(QStringLiteral("static")).toBool()) {
                plant = value.toObject().value(QStringLiteral("id")).toString();
            }
        }
        httpA.post(V1 + QStringLiteral("/space/element"),
            {{QStringLiteral("spaceId"), space}, {QStringLiteral("elementId"), plant}, {QStringLiteral("x"), 0},
                {QStringLiteral("y"), 0}},
            m_alice);
        QCOMPARE(bob->waitFor<ElementPlaced>()->placed.position, (Point{0, 0}));
        bob->send(PlaceElement{plant, {7, 7}});
        QCOMPARE(alice->waitFor<ElementPlaced>([](const ElementPlaced &e) {
                          return e.placed.position == Point{7, 7};
                      })
                     ->placed.element.id,
            plant);

        bob->send(Leave{});
        QCOMPARE(alice->waitFor<UserLeft>()->userId, bob->userId());
    }

    // A member removed by REST on one instance loses their space socket on the other at once
    // (4003), and the others there see them leave; a kick closes with 4006.
    void removalClosesSocketsOnEveryInstance()
    {
        Client httpA(m_a->baseUrl());
        const auto space = createSpace(httpA, m_alice);
        auto alice = joinAt(*m_a, space, m_alice);
        auto bob = joinAt(*m_b, space, m_bob);
        auto carol = joinAt(*m_b, space, m_carol);
        QVERIFY(alice && bob && carol);
        QVERIFY(alice->waitFor<UserJoined>([&](const UserJoined &m) { return m.user.userId == carol->userId(); }));
        QCOMPARE(httpA.del(V1 + QStringLiteral("/space/%1/members/%2").arg(space, bob->userId()), m_alice).status, 200);
        QVERIFY(bob->waitForDisconnect());
        QCOMPARE(int(bob->closeCode()), 4003);
        QVERIFY(carol->waitFor<UserLeft>([&](const UserLeft &m) { return m.userId == bob->userId(); }));
        QVERIFY(alice->waitFor<UserLeft>([&](const UserLeft &m) { return m.userId == bob->userId(); }));
        QCOMPARE(httpA
                     .post(V1 + QStringLiteral("/space/%1/kick").arg(space),
                         {{QStringLiteral("userId"), carol->userId()}}, m_alice)
                     .status,
            200);
        QVERIFY(carol->waitForDisconnect());
        QCOMPARE(int(carol->closeCode()), 4006);
        QVERIFY(alice->isConnected());
    }

    // Statuses travel between instances: as events, and in the Redis presence that a joiner on
    // yet another instance reads.
    void statusesAcrossInstances()
    {
        Client httpA(m_a->baseUrl());
        const auto space = createSpace(httpA, m_alice);
        auto alice = std::make_unique<SpaceClient>(Dialect::Seed);
        QVERIFY(alice->open(m_a->spaceUrl()));
        QVERIFY(alice->join(space, m_alice, false, UserStatus::Busy));
        auto bob = std::make_unique<SpaceClient>(Dialect::Seed);
        QVERIFY(bob->open(m_b->spaceUrl()));
        bob->send(Join{space, QString::fromLatin1(m_bob)});
        const auto bobJoined = bob->waitFor<Joined>();
        QVERIFY(bobJoined);
        QCOMPARE(bobJoined->users.size(), 1);
        QCOMPARE(bobJoined->users.at(0).status, UserStatus::Busy);
        const auto bobSeen = alice->waitFor<UserJoined>();
        QVERIFY(bobSeen);
        QCOMPARE(bobSeen->user.status, UserStatus::Available);

        bob->send(SetStatus{UserStatus::Away});
        const auto changed = alice->waitFor<StatusChanged>();
        QVERIFY(changed);
        QCOMPARE(changed->userId, bob->userId());
        QCOMPARE(changed->status, UserStatus::Away);
        alice->send(SetStatus{UserStatus::Available});
        QCOMPARE(bob->waitFor<StatusChanged>()->status, UserStatus::Available);

        // A third instance has nobody in this space yet: it learns both statuses from Redis.
        ServerProcess c(QStringLiteral(METAVERSE_SERVER_BINARY));
        QVERIFY(c.start(m_dataDir.path(), m_redisUrl));
        auto carol = std::make_unique<SpaceClient>(Dialect::Seed);
        QVERIFY(carol->open(c.spaceUrl()));
        carol->send(Join{space, QString::fromLatin1(m_carol)});
        const auto carolJoined = carol->waitFor<Joined>();
        QVERIFY(carolJoined);
        QCOMPARE(carolJoined->users.size(), 2);
        for (const auto &user : carolJoined->users) {
            QCOMPARE(user.status, user.userId == bob->userId() ? UserStatus::Away : UserStatus::Available);
        }
        // And a change made on A after that reaches C.
        alice->send(SetStatus{UserStatus::Busy});
        const auto seenOnC = carol->waitFor<StatusChanged>();
        QVERIFY(seenOnC);
        QCOMPARE(seenOnC->userId, alice->userId());
        QCOMPARE(seenOnC->status, UserStatus::Busy);
    }

    void secondConnectionOnAnotherInstanceReplacesFirst()
    {
        Client httpA(m_a->baseUrl());
        const auto space = createSpace(httpA, m_alice);
        auto watcher = joinAt(*m_a, space, m_carol);
        auto first = joinAt(*m_a, space, m_alice);
        QVERIFY(watcher && first);
        QVERIFY(watcher->waitFor<UserJoined>());
        auto second = joinAt(*m_b, space, m_alice);
        QVERIFY(second);
        QVERIFY(first->waitForDisconnect());
        QCOMPARE(int(first->closeCode()), 4001);
        const auto rejoined =
            watcher->waitFor<UserJoined>([&](const UserJoined &j) { return j.user.userId == second->userId(); });
        QVERIFY(rejoined);
        QCOMPARE(rejoined->user.position, second->position());
    }

    void crashedInstanceUsersExpire()
    {
        ServerProcess doomed(QStringLiteral(METAVERSE_SERVER_BINARY));
        QVERIFY(doomed.start(m_dataDir.path(), m_redisUrl));
        Client httpA(m_a->baseUrl());
        const auto space = createSpace(httpA, m_alice);
        auto alice = joinAt(*m_a, space, m_alice);
        auto carol = joinAt(doomed, space, m_carol);
        QVERIFY(alice && carol);
        QVERIFY(alice->waitFor<UserJoined>());
        doomed.crash();
        // Nobody told Redis; Carol's presence expires (3 s here) and instance A says she left.
        const auto left = alice->waitFor<UserLeft>({}, 15000);
        QVERIFY(left);
        QCOMPARE(left->userId, carol->userId());
    }

    void redisOutageDegradesAndRecovers()
    {
        QUrl redis(m_redisUrl);
        TcpProxy proxy(QHostAddress(redis.host()), quint16(redis.port(6379)));
        QVERIFY(proxy.start());
        const QString proxied = QStringLiteral("redis://127.0.0.1:%1").arg(proxy.port());
        ServerProcess a(QStringLiteral(METAVERSE_SERVER_BINARY));
        ServerProcess b(QStringLiteral(METAVERSE_SERVER_BINARY));
        QVERIFY(a.start(m_dataDir.path(), proxied));
        QVERIFY(b.start(m_dataDir.path(), proxied));
        Client httpA(a.baseUrl());
        const auto space = createSpace(httpA, m_alice);
        auto alice = joinAt(a, space, m_alice);
        auto carol = joinAt(a, space, m_carol);
        auto bob = joinAt(b, space, m_bob);
        QVERIFY(alice && carol && bob);
        QVERIFY(alice->waitFor<UserJoined>([&](const UserJoined &j) { return j.user.userId == bob->userId(); }));

        proxy.cutOff();
        QTRY_VERIFY_WITH_TIMEOUT(httpA.get(QStringLiteral("/health")).json.value(QStringLiteral("redis")).toString() ==
                QLatin1String("down"),
            5000);
        // Local delivery goes on.
        alice->clear();
        const Point carolStep = stepFrom(carol->position());
        carol->send(Move{carolStep});
        const auto local = alice->waitFor<UserMoved>();
        QVERIFY(local);
        QCOMPARE(local->userId, carol->userId());
        // A status change made meanwhile reaches only the sockets of A (it is not published)...
        carol->send(SetStatus{UserStatus::Busy});
        QCOMPARE(alice->waitFor<StatusChanged>()->status, UserStatus::Busy);
        const auto metrics = httpA.get(QStringLiteral("/metrics")).body;
        QVERIFY(metrics.contains("metaverse_redis_up 0"));
        QVERIFY(!metrics.contains("metaverse_redis_errors_total 0\n"));

        // Cross-instance delivery resumes by itself.
        QVERIFY(proxy.resume());
        QTRY_VERIFY_WITH_TIMEOUT(
            httpA.get(QStringLiteral("/health")).json.value(QStringLiteral("redis")).toString() == QLatin1String("up"),
            15000);
        // ...but once Redis is back, B learns it (re-announced, or from the stored presence).
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(bob->received().cbegin(), bob->received().cend(),
                [&](const ServerMessage &m) {
                    const auto *joined = std::get_if<UserJoined>(&m);
                    const auto *changed = std::get_if<StatusChanged>(&m);
                    return (joined && joined->user.userId == carol->userId() &&
                               joined->user.status == UserStatus::Busy) ||
                        (changed && changed->userId == carol->userId() && changed->status == UserStatus::Busy);
                }),
            15000);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                bob->send(Move{stepFrom(bob->position())});
                return alice->waitFor<UserMoved>([&](const UserMoved &m) { return m.userId == bob->userId(); }, 300)
                    .has_value();
            }(),
            15000);
    }
};

QTEST_GUILESS_MAIN(TestScaleOut)
#include "tst_scaleout.moc"
