// SPDX-License-Identifier: GPL-3.0-or-later
// Chat across real metaverse-server processes on one database and one real Redis: users on two
// instances chat and see each other's presence; the Redis history cache answers room-joined and is
// rebuilt from SQL after FLUSHALL; a Redis outage degrades to local delivery and recovers; and a
// server killed right after acknowledging messages loses none of them.
#include "bus/redisclient.h"
#include "chatclient.h"
#include "serverprocess.h"
#include "tcpproxy.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <QCoroTask>

using namespace Metaverse;
using namespace Metaverse::Test;
using namespace Metaverse::ChatProtocol;

namespace
{
const QString V1 = QStringLiteral("/api/v1");
const QString ServerBinary = QStringLiteral(METAVERSE_SERVER_BINARY);

QStringList namesOf(const QList<ChatUser> &users)
{
    QStringList names;
    for (const auto &user : users) {
        names.append(user.username);
    }
    return names;
}

// "m1", "m2", ... "m<n>".
QStringList numbered(int n)
{
    QStringList list;
    for (int i = 1; i <= n; ++i) {
        list.append(QStringLiteral("m%1").arg(i));
    }
    return list;
}

QStringList contentsOf(const QList<Message> &messages)
{
    QStringList contents;
    for (const auto &message : messages) {
        contents.append(message.content);
    }
    return contents;
}

// A metric's value in a Prometheus text page (-1 when absent).
double metric(const QByteArray &page, const QByteArray &name)
{
    for (const auto &line : page.split('\n')) {
        if (line.startsWith(QByteArray(name + ' '))) {
            return line.mid(name.size() + 1).toDouble();
        }
    }
    return -1;
}
} // namespace

class TestChatScaleOut : public QObject
{
    Q_OBJECT

    QString m_redisUrl;
    QTemporaryDir m_dataDir;
    std::unique_ptr<ServerProcess> m_a;
    std::unique_ptr<ServerProcess> m_b;
    std::unique_ptr<RedisClient> m_redis;
    QByteArray m_alice;
    QByteArray m_bob;
    QByteArray m_carol;
    QString m_room; // alice's room outside a space; bob and carol are members

    Result<RedisReply> redis(QList<QByteArray> args)
    {
        auto task = m_redis->command(std::move(args));
        return QCoro::waitFor(task);
    }

    std::unique_ptr<ChatClient> connectAt(const ServerProcess &instance, const QByteArray &token)
    {
        auto client = std::make_unique<ChatClient>();
        if (!client->open(instance.chatUrl(), token) || !client->waitFor<Authenticated>()) {
            return nullptr;
        }
        return client;
    }

    QString createRoom(Client &http, const QString &name)
    {
        const auto room = http.post(V1 + QStringLiteral("/chatrooms"), {{QStringLiteral("name"), name}}, m_alice)
                              .json.value(QStringLiteral("id"))
                              .toString();
        for (const auto *member : {"bob", "carol"}) {
            http.post(V1 + QStringLiteral("/chatrooms/") + room + QStringLiteral("/members"),
                {{QStringLiteral("username"), QString::fromLatin1(member)}}, m_alice);
        }
        return room;
    }

private Q_SLOTS:
    void initTestCase()
    {
        METAVERSE_REQUIRE_REDIS(m_redisUrl);
        m_redis = std::make_unique<RedisClient>(RedisClient::Options{m_redisUrl});
        QVERIFY(m_redis->connectNow().has_value());
        m_a = std::make_unique<ServerProcess>(ServerBinary);
        QVERIFY(m_a->start(m_dataDir.path(), m_redisUrl));
        m_b = std::make_unique<ServerProcess>(ServerBinary);
        QVERIFY(m_b->start(m_dataDir.path(), m_redisUrl)); // same database, same JWT secret
        Client http(m_a->baseUrl());
        m_alice = http.signupAndLogin(QStringLiteral("alice"));
        m_bob = http.signupAndLogin(QStringLiteral("bob"));
        m_carol = http.signupAndLogin(QStringLiteral("carol"));
        QVERIFY(!m_alice.isEmpty() && !m_bob.isEmpty() && !m_carol.isEmpty());
        m_room = createRoom(http, QStringLiteral("across"));
        QVERIFY(!m_room.isEmpty());
    }

    void usersOnTwoInstancesChat()
    {
        auto alice = connectAt(*m_a, m_alice);
        auto bob = connectAt(*m_b, m_bob);
        QVERIFY(alice && bob);
        QVERIFY(alice->join(m_room));
        const auto joined = bob->join(m_room);
        QVERIFY(joined);
        // Presence crosses instances: each sees the other.
        QCOMPARE(namesOf(joined->users), (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
        QVERIFY(alice->waitFor<PresenceUpdate>(
            [](const PresenceUpdate &p) { return namesOf(p.users).contains(QStringLiteral("bob")); }));

        const auto sent = alice->say(m_room, QStringLiteral("hello from A"));
        QVERIFY(sent);
        const auto atB = bob->waitFor<MessageReceived>();
        QVERIFY(atB);
        QCOMPARE(atB->message, *sent);
        QVERIFY(atB->clientMsgId.isEmpty());

        const auto reply = bob->say(m_room, QStringLiteral("hello from B"));
        QVERIFY(reply);
        const auto atA = alice->waitFor<MessageReceived>();
        QVERIFY(atA);
        QCOMPARE(atA->message.id, reply->id);

        bob->send(Typing{m_room});
        const auto typing = alice->waitFor<UserTyping>();
        QVERIFY(typing);
        QCOMPARE(typing->username, QStringLiteral("bob"));

        // Leaving on B is seen on A.
        bob->send(LeaveRoom{m_room});
        QVERIFY(alice->waitFor<PresenceUpdate>(
            [](const PresenceUpdate &p) { return namesOf(p.users) == QStringList{QStringLiteral("alice")}; }));
    }

    // A member removed from a space on instance A leaves its rooms on instance B (`room-left`,
    // reason `revoked`), and the others there see the room's presence shrink.
    void removalFromSpaceLeavesItsRoomsOnEveryInstance()
    {
        Client http(m_a->baseUrl());
        const auto space = http.post(V1 + QStringLiteral("/space"),
                                   {{QStringLiteral("name"), QStringLiteral("Rooms")},
                                       {QStringLiteral("dimensions"), QStringLiteral("5x5")}},
                                   m_alice)
                               .json.value(QStringLiteral("spaceId"))
                               .toString();
        QCOMPARE(http.post(V1 + QStringLiteral("/space/%1/members").arg(space),
                         {{QStringLiteral("username"), QStringLiteral("bob")}}, m_alice)
                     .status,
            200);
        const auto general = http.get(V1 + QStringLiteral("/chatrooms?spaceId=") + space, m_alice)
                                 .json.value(QStringLiteral("chatrooms"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QStringLiteral("id"))
                                 .toString();
        auto alice = connectAt(*m_b, m_alice);
        auto bob = connectAt(*m_b, m_bob);
        QVERIFY(alice && bob);
        QVERIFY(alice->join(general) && bob->join(general));
        QVERIFY(alice->waitFor<PresenceUpdate>([](const PresenceUpdate &m) { return m.users.size() == 2; }));
        QCOMPARE(http.del(V1 + QStringLiteral("/space/%1/members/%2").arg(space, bob->userId()), m_alice).status, 200);
        const auto left = bob->waitFor<RoomLeft>();
        QVERIFY(left);
        QCOMPARE(left->roomId, general);
        QCOMPARE(left->reason, QStringLiteral("revoked"));
        QVERIFY(alice->waitFor<PresenceUpdate>([](const PresenceUpdate &m) { return m.users.size() == 1; }));
    }

    void historyCacheIsUsedAndRebuiltAfterFlushAll()
    {
        Client http(m_a->baseUrl());
        const QString room = createRoom(http, QStringLiteral("cached"));
        auto alice = connectAt(*m_a, m_alice);
        QVERIFY(alice && alice->join(room));
        for (int i = 1; i <= 3; ++i) {
            QVERIFY(alice->say(room, QStringLiteral("m%1").arg(i)));
        }
        const QByteArray key = "chatroom:" + room.toUtf8() + ":messages";
        const auto misses = [&](const ServerProcess &instance) {
            return metric(Client(instance.baseUrl()).get(QStringLiteral("/metrics")).body,
                "metaverse_chat_history_cache_misses_total");
        };

        // The first join on B builds the cache from SQL; the next one is served from it.
        auto bob = connectAt(*m_b, m_bob);
        QVERIFY(bob);
        const double before = misses(*m_b);
        auto first = bob->join(room);
        QVERIFY(first);
        QCOMPARE(contentsOf(first->history), numbered(3));
        QCOMPARE(misses(*m_b), before + 1);
        const auto cached = redis({"LLEN", key});
        QVERIFY(cached);
        QCOMPARE(cached->integer, 3);
        QVERIFY(alice->say(room, QStringLiteral("m4"))); // appended to the cache
        QTRY_COMPARE(redis({"LLEN", key})->integer, 4);
        auto carol = connectAt(*m_b, m_carol);
        QVERIFY(carol);
        const auto second = carol->join(room);
        QVERIFY(second);
        QCOMPARE(contentsOf(second->history), numbered(4));
        QCOMPARE(misses(*m_b), before + 1);

        // Redis forgets everything: the history is still whole, and the cache comes back.
        QVERIFY(redis({"FLUSHALL"}));
        QVERIFY(alice->say(room, QStringLiteral("m5"))); // no list to append to: RPUSHX
        auto carol2 = connectAt(*m_a, m_carol);
        QVERIFY(carol2);
        const auto rebuilt = carol2->join(room);
        QVERIFY(rebuilt);
        QCOMPARE(contentsOf(rebuilt->history), numbered(5));
        QTRY_COMPARE(redis({"LLEN", key})->integer, 5);
        // And presence comes back with the next refresh.
        QTRY_VERIFY_WITH_TIMEOUT(redis({"ZCARD", "chatroom:" + room.toUtf8() + ":users"})->integer >= 2, 5000);
    }

    // A message deleted through instance A disappears for the room's sockets on B, and from the
    // shared Redis history cache that answers the next room-joined there.
    void deletedMessageIsRemovedOnEveryInstance()
    {
        Client http(m_a->baseUrl());
        const QString room = createRoom(http, QStringLiteral("deletions"));
        auto alice = connectAt(*m_a, m_alice);
        auto bob = connectAt(*m_b, m_bob);
        QVERIFY(alice && bob && alice->join(room) && bob->join(room));
        const auto kept = bob->say(room, QStringLiteral("kept"));
        const auto gone = bob->say(room, QStringLiteral("to be removed"));
        QVERIFY(kept && gone);
        // The cache holds both (a join on B read them).
        auto carol = connectAt(*m_b, m_carol);
        QVERIFY(carol);
        QCOMPARE(contentsOf(carol->join(room)->history),
            (QStringList{QStringLiteral("kept"), QStringLiteral("to be removed")}));

        // alice, the Admin (the first account), deletes it on A.
        QCOMPARE(http.del(V1 + QStringLiteral("/chatrooms/") + room + QStringLiteral("/messages/") + gone->id, m_alice)
                     .status,
            200);
        for (auto *client : {bob.get(), carol.get(), alice.get()}) {
            const auto deleted = client->waitFor<MessageDeleted>();
            QVERIFY(deleted);
            QCOMPARE(deleted->roomId, room);
            QCOMPARE(deleted->messageId, gone->id);
        }
        // A later join on B shows the tombstone, whether from the cache or from SQL.
        auto carol2 = connectAt(*m_b, m_carol);
        QVERIFY(carol2);
        const auto joined = carol2->join(room);
        QVERIFY(joined);
        QCOMPARE(joined->history.size(), 2);
        QCOMPARE(joined->history.at(0).content, QStringLiteral("kept"));
        QVERIFY(joined->history.at(1).deleted);
        QVERIFY(joined->history.at(1).content.isEmpty());
        QCOMPARE(joined->history.at(1).id, gone->id);
    }

    // A direct room opened on instance A is announced to the other user's socket on B.
    void roomListChangesCrossInstances()
    {
        auto bob = connectAt(*m_b, m_bob);
        QVERIFY(bob);
        Client http(m_a->baseUrl());
        // alice is the Admin (the first account): she may message anyone.
        QCOMPARE(
            http.post(V1 + QStringLiteral("/chatrooms/direct"), {{QStringLiteral("userId"), bob->userId()}}, m_alice)
                .status,
            200);
        QVERIFY(bob->waitFor<RoomsChanged>());
    }

    void crashedInstanceUsersLeavePresence()
    {
        ServerProcess doomed(ServerBinary);
        QVERIFY(doomed.start(m_dataDir.path(), m_redisUrl));
        auto alice = connectAt(*m_a, m_alice);
        auto carol = connectAt(doomed, m_carol);
        QVERIFY(alice && carol && alice->join(m_room) && carol->join(m_room));
        QVERIFY(alice->waitFor<PresenceUpdate>(
            [](const PresenceUpdate &p) { return namesOf(p.users).contains(QStringLiteral("carol")); }));
        doomed.crash();
        QVERIFY(alice->waitFor<PresenceUpdate>(
            [](const PresenceUpdate &p) { return !namesOf(p.users).contains(QStringLiteral("carol")); }, 10000));
    }

    void redisOutageDegradesAndRecovers()
    {
        QUrl url(m_redisUrl);
        TcpProxy proxy(QHostAddress(url.host()), quint16(url.port(6379)));
        QVERIFY(proxy.start());
        const QString proxied = QStringLiteral("redis://127.0.0.1:%1").arg(proxy.port());
        ServerProcess a(ServerBinary);
        ServerProcess b(ServerBinary);
        QVERIFY(a.start(m_dataDir.path(), proxied));
        QVERIFY(b.start(m_dataDir.path(), proxied));
        Client httpA(a.baseUrl());
        const QString room = createRoom(httpA, QStringLiteral("outage"));
        auto alice = connectAt(a, m_alice);
        auto carol = connectAt(a, m_carol);
        auto bob = connectAt(b, m_bob);
        QVERIFY(alice && carol && bob);
        QVERIFY(alice->join(room) && carol->join(room) && bob->join(room));

        proxy.cutOff();
        QTRY_VERIFY_WITH_TIMEOUT(httpA.get(QStringLiteral("/health")).json.value(QStringLiteral("redis")).toString() ==
                QLatin1String("down"),
            5000);
        // Local delivery goes on, and what is stored meanwhile is not lost.
        alice->clear();
        const auto during = carol->say(room, QStringLiteral("during the outage"));
        QVERIFY(during);
        const auto local = alice->waitFor<MessageReceived>();
        QVERIFY(local);
        QCOMPARE(local->message.id, during->id);

        // Cross-instance delivery resumes by itself, and the history has everything.
        QVERIFY(proxy.resume());
        QTRY_VERIFY_WITH_TIMEOUT(
            httpA.get(QStringLiteral("/health")).json.value(QStringLiteral("redis")).toString() == QLatin1String("up"),
            15000);
        QTRY_VERIFY_WITH_TIMEOUT(
            Client(b.baseUrl()).get(QStringLiteral("/health")).json.value(QStringLiteral("redis")).toString() ==
                QLatin1String("up"),
            15000);
        const auto after = bob->say(room, QStringLiteral("after the outage"));
        QVERIFY(after);
        QVERIFY(alice->waitFor<MessageReceived>(
            [&](const MessageReceived &m) { return m.message.id == after->id; }, 10000));
        auto late = connectAt(b, m_alice);
        QVERIFY(late);
        const auto joined = late->join(room);
        QVERIFY(joined);
        QVERIFY(contentsOf(joined->history).contains(QStringLiteral("during the outage")));
        QVERIFY(contentsOf(joined->history).contains(QStringLiteral("after the outage")));
    }

    void killAfterAcknowledgementLosesNothing()
    {
        QTemporaryDir dir;
        ServerProcess server(ServerBinary);
        QVERIFY(server.start(dir.path(), {}));
        Client http(server.baseUrl());
        const auto token = http.signupAndLogin(QStringLiteral("durable"));
        const auto room =
            http.post(V1 + QStringLiteral("/chatrooms"), {{QStringLiteral("name"), QStringLiteral("d")}}, token)
                .json.value(QStringLiteral("id"))
                .toString();
        ChatClient client;
        QVERIFY(client.open(server.chatUrl(), token) && client.join(room));
        constexpr int Count = 50;
        for (int i = 0; i < Count; ++i) {
            client.send(SendMessage{room, QStringLiteral("burst %1").arg(i), QStringLiteral("burst-%1").arg(i)});
        }
        QSet<QString> acknowledged;
        for (int i = 0; i < Count; ++i) {
            const auto echo = client.waitFor<MessageReceived>();
            QVERIFY(echo);
            acknowledged.insert(echo->message.id);
        }
        server.crash(); // right after the last acknowledgement
        QVERIFY(server.start(dir.path(), {}));
        const auto stored =
            Client(server.baseUrl())
                .get(V1 + QStringLiteral("/chatrooms/") + room + QStringLiteral("/messages?limit=100"), token)
                .json.value(QStringLiteral("messages"))
                .toArray();
        QSet<QString> ids;
        for (const auto &message : stored) {
            ids.insert(message.toObject().value(QStringLiteral("id")).toString());
        }
        QCOMPARE(ids, acknowledged);
    }
};

QTEST_GUILESS_MAIN(TestChatScaleOut)
#include "tst_chatscaleout.moc"
