// SPDX-License-Identifier: GPL-3.0-or-later
// Domain events end to end: the services' changes, the transactional outbox, the relay and Kafka
// (librdkafka's mock cluster), on SQLite or PostgreSQL (METAVERSE_TEST_BACKEND=postgres). Every
// change reaches Kafka as exactly one event with its id, in order per key, through a broker
// outage and a SIGKILL of a real server process in the middle of the relay.
#include "events/eventbus.h"
#include "mockkafka.h"
#include "serverprocess.h"
#include "spaceclient.h"
#include "store/outboxrepository.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#include <limits>

using namespace Metaverse;
using namespace Metaverse::Test;

namespace
{
const QString V1 = QStringLiteral("/api/v1");
const QList<QByteArray> Topics{"metaverse.user", "metaverse.space", "metaverse.chat", "metaverse.presence"};

QString p(const QString &path)
{
    return V1 + path;
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QJsonObject parse(const QByteArray &value)
{
    return QJsonDocument::fromJson(value).object();
}

// A number of the Prometheus text, -1 when absent.
double metric(Client &client, const QString &name)
{
    const auto body = QString::fromUtf8(client.get(QStringLiteral("/metrics")).body);
    for (const auto &line : body.split(QLatin1Char('\n'))) {
        if (line.startsWith(name + QLatin1Char(' '))) {
            return line.mid(name.size() + 1).toDouble();
        }
    }
    return -1;
}
} // namespace

class TestEvents : public QObject
{
    Q_OBJECT

    MockKafka m_kafka;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<Client> m_client;
    QList<DomainEvent> m_published; // what the bus announced, in order (in the current test)
    QHash<QByteArray, int> m_announced; // events the bus announced per topic since the start
    QByteArray m_alice;
    QString m_aliceId;
    QByteArray m_bob;
    QString m_bobId;
    QString m_elementId;

    QString userId(const QByteArray &token) { return str(m_client->get(p(QStringLiteral("/me")), token).json, "id"); }

    QString createSpace(const QString &name)
    {
        return str(
            m_client
                ->post(p(QStringLiteral("/space")),
                    {{QStringLiteral("name"), name}, {QStringLiteral("dimensions"), QStringLiteral("20x20")}}, m_alice)
                .json,
            "spaceId");
    }

    QString generalRoom(const QString &space) { return generalRoomOf(space, *m_client, m_alice); }

    static QString generalRoomOf(const QString &space, Client &client, const QByteArray &token)
    {
        return str(client.get(p(QStringLiteral("/chatrooms?spaceId=") + space), token)
                       .json.value(QStringLiteral("chatrooms"))
                       .toArray()
                       .at(0)
                       .toObject(),
            "id");
    }

    Reply send(const QString &room, const QString &content) { return sendBy(room, content, *m_client, m_alice); }

    static Reply sendBy(const QString &room, const QString &content, Client &client, const QByteArray &token)
    {
        return client.post(
            p(QStringLiteral("/chatrooms/%1/messages").arg(room)), {{QStringLiteral("content"), content}}, token);
    }

    // Every event announced on `topic` since the start: how many Kafka must hold (none came twice
    // before the kill test).
    int publishedOn(const QByteArray &topic) const { return m_announced.value(topic); }

    // Every event in Kafka, by id (an id may come more than once).
    QMultiHash<QString, QJsonObject> kafkaEvents(const QByteArray &topic, int expected)
    {
        QMultiHash<QString, QJsonObject> byId;
        const auto byKey = m_kafka.readAll(topic.constData(), expected);
        for (const auto &values : byKey) {
            for (const auto &value : values) {
                const auto event = parse(value);
                byId.insert(str(event, "id"), event);
            }
        }
        return byId;
    }

private Q_SLOTS:
    void initTestCase()
    {
        METAVERSE_PREPARE_BACKEND();
        QVERIFY(m_kafka.isValid());
        for (const auto &topic : Topics) {
            QVERIFY(m_kafka.createTopic(topic.constData()));
        }
        const QString brokers = m_kafka.bootstraps();
        m_server = std::make_unique<TestServer>([brokers](Config &config) { config.kafkaBrokers = brokers; });
        const auto started = m_server->start();
        QVERIFY2(started.has_value(), started ? "" : qPrintable(started.error().message));
        connect(&m_server->server().events(), &EventBus::published, this, [this](const DomainEvent &event) {
            m_published.append(event);
            ++m_announced[Events::topic(event.type)];
        });
        m_client = std::make_unique<Client>(m_server->baseUrl());
        m_alice = m_client->signupAndLogin(QStringLiteral("alice"));
        m_bob = m_client->signupAndLogin(QStringLiteral("bob"));
        QVERIFY(!m_alice.isEmpty() && !m_bob.isEmpty());
        m_aliceId = userId(m_alice);
        m_bobId = userId(m_bob);
        for (const auto &v :
            m_client->get(p(QStringLiteral("/elements"))).json.value(QStringLiteral("elements")).toArray()) {
            const auto e = v.toObject();
            if (e.value(QStringLiteral("width")).toInt() == 1 && e.value(QStringLiteral("height")).toInt() == 1 &&
                !e.value(QStringLiteral("static")).toBool()) {
                m_elementId = str(e, "id");
                break;
            }
        }
        QVERIFY(!m_elementId.isEmpty());
    }

    void healthSaysUp()
    {
        QTRY_COMPARE_WITH_TIMEOUT(
            str(m_client->get(QStringLiteral("/health")).json, "kafka"), QStringLiteral("up"), 15000);
    }

    // Each kind of change announces exactly one event, and Kafka has each exactly once, as announced.
    void everyChangeEmitsOneEvent()
    {
        m_published.clear();
        const auto dave = m_client->signupAndLogin(QStringLiteral("dave"));
        QVERIFY(!dave.isEmpty());
        const auto daveId = userId(dave);
        QCOMPARE(m_client
                     ->patch(p(QStringLiteral("/admin/users/") + daveId),
                         {{QStringLiteral("role"), QStringLiteral("Admin")}}, m_alice)
                     .status,
            200);
        const auto space = createSpace(QStringLiteral("Events"));
        QVERIFY(!space.isEmpty());
        QCOMPARE(m_client
                     ->patch(p(QStringLiteral("/space/")) + space,
                         {{QStringLiteral("name"), QStringLiteral("Renamed")}}, m_alice)
                     .status,
            200);
        QCOMPARE(
            m_client
                ->post(p(QStringLiteral("/space/%1/members").arg(space)),
                    {{QStringLiteral("username"), QStringLiteral("bob")}, {QStringLiteral("canEdit"), true}}, m_alice)
                .status,
            200);
        const auto placed = m_client->post(p(QStringLiteral("/space/element")),
            {{QStringLiteral("spaceId"), space}, {QStringLiteral("elementId"), m_elementId}, {QStringLiteral("x"), 2},
                {QStringLiteral("y"), 3}},
            m_bob);
        QCOMPARE(placed.status, 200);
        const auto placedId = str(placed.json, "id");
        {
            SpaceClient bob(SpaceProtocol::Dialect::Seed);
            QVERIFY(bob.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->server().spacePort()))));
            QVERIFY(bob.join(space, m_bob));
            bob.send(SpaceProtocol::MoveElement{placedId, {5, 6}});
            QVERIFY(bob.waitFor<SpaceProtocol::ElementMoved>().has_value());
        }
        QTRY_COMPARE(m_published.constLast().type, EventType::PresenceLeft);
        QCOMPARE(
            m_client->delJson(p(QStringLiteral("/space/element")), {{QStringLiteral("id"), placedId}}, m_bob).status,
            200);
        const auto room = m_client->post(p(QStringLiteral("/chatrooms")),
            {{QStringLiteral("name"), QStringLiteral("side")}, {QStringLiteral("spaceId"), space}}, m_alice);
        QCOMPARE(room.status, 200);
        const auto roomId = str(room.json, "id");
        QVERIFY(!roomId.isEmpty());
        QCOMPARE(send(roomId, QStringLiteral("hello")).status, 200);
        QCOMPARE(m_client->del(p(QStringLiteral("/chatrooms/") + roomId), m_alice).status, 200);
        QCOMPARE(m_client
                     ->post(p(QStringLiteral("/space/%1/mutes").arg(space)),
                         {{QStringLiteral("userId"), m_bobId}, {QStringLiteral("minutes"), 5}}, m_alice)
                     .status,
            200);
        QCOMPARE(m_client->del(p(QStringLiteral("/space/%1/mutes/%2").arg(space, m_bobId)), m_alice).status, 200);
        QCOMPARE(m_client->del(p(QStringLiteral("/space/%1/members/%2").arg(space, m_bobId)), m_alice).status, 200);
        QCOMPARE(m_client->del(p(QStringLiteral("/space/")) + space, m_alice).status, 200);
        // Refused changes announce nothing.
        QCOMPARE(m_client->del(p(QStringLiteral("/space/")) + space, m_alice).status, 400);
        QCOMPARE(
            m_client->patch(
                        p(QStringLiteral("/space/")) + space, {{QStringLiteral("name"), QStringLiteral("x")}}, m_bob)
                .status,
            400);

        QStringList types;
        const QHash<QString, QString> names{
            {m_aliceId, QStringLiteral("alice")}, {m_bobId, QStringLiteral("bob")}, {daveId, QStringLiteral("dave")}};
        for (const auto &event : std::as_const(m_published)) {
            types.append(Events::typeName(event.type) + QLatin1Char(' ') + names.value(event.actor, event.actor));
        }
        QCOMPARE(types,
            (QStringList{QStringLiteral("user.created dave"), QStringLiteral("user.role_changed alice"),
                QStringLiteral("space.created alice"), QStringLiteral("space.renamed alice"),
                QStringLiteral("space.member_added alice"), QStringLiteral("element.placed bob"),
                QStringLiteral("presence.joined bob"), QStringLiteral("element.moved bob"),
                QStringLiteral("presence.left bob"), QStringLiteral("element.removed bob"),
                QStringLiteral("chat.room_created alice"), QStringLiteral("chat.message_stored alice"),
                QStringLiteral("chat.room_deleted alice"), QStringLiteral("moderation.muted alice"),
                QStringLiteral("moderation.unmuted alice"), QStringLiteral("space.member_removed alice"),
                QStringLiteral("space.deleted alice")}));
        QCOMPARE(m_published.at(5).data.value(QStringLiteral("placedId")).toString(), placedId);
        QCOMPARE(m_published.at(7).data.value(QStringLiteral("fromX")).toInt(), 2);

        QTRY_COMPARE(metric(*m_client, QStringLiteral("metaverse_outbox_backlog")), 0.0);
        for (const auto &topic : Topics) {
            const auto inKafka = kafkaEvents(topic, publishedOn(topic));
            for (const auto &event : std::as_const(m_published)) {
                if (Events::topic(event.type) != topic) {
                    continue;
                }
                const auto copies = inKafka.values(event.id);
                QCOMPARE(copies.size(), 1);
                QCOMPARE(copies.first(), toJson(event));
                QCOMPARE(str(copies.first(), "key"), event.key);
            }
        }
    }

    // Presence is best-effort and skips the outbox, but reaches Kafka while it is up.
    void presenceReachesKafka()
    {
        m_published.clear();
        const auto space = createSpace(QStringLiteral("Presence"));
        {
            SpaceClient client(SpaceProtocol::Dialect::Seed);
            QVERIFY(client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->server().spacePort()))));
            QVERIFY(client.join(space, m_alice));
        }
        QTRY_COMPARE(m_published.size(), 3); // space.created, presence.joined, presence.left
        const auto joined = m_published.at(1);
        QCOMPARE(joined.type, EventType::PresenceJoined);
        QCOMPARE(m_published.at(2).type, EventType::PresenceLeft);
        const auto inKafka = kafkaEvents("metaverse.presence", publishedOn("metaverse.presence"));
        QCOMPARE(inKafka.values(joined.id).size(), 1);
        QCOMPARE(inKafka.value(joined.id), toJson(joined));
    }

    // The events of one key arrive in the order of their changes.
    void orderPerKey()
    {
        m_published.clear();
        const QStringList rooms{
            generalRoom(createSpace(QStringLiteral("A"))), generalRoom(createSpace(QStringLiteral("B")))};
        QHash<QString, QStringList> sent;
        for (int i = 0; i < 150; ++i) {
            const auto &room = rooms.at(i % 2);
            const auto reply = send(room, QString::number(i));
            QCOMPARE(reply.status, 200);
            sent[room].append(str(reply.json, "id"));
        }
        QTRY_COMPARE(metric(*m_client, QStringLiteral("metaverse_outbox_backlog")), 0.0);
        const auto byKey = m_kafka.readAll("metaverse.chat", publishedOn("metaverse.chat"));
        for (const auto &room : rooms) {
            QStringList received;
            for (const auto &value : byKey.value(room.toUtf8())) {
                const auto event = parse(value);
                if (str(event, "type") == QLatin1String("chat.message_stored")) {
                    received.append(
                        event.value(QStringLiteral("data")).toObject().value(QStringLiteral("messageId")).toString());
                }
            }
            QCOMPARE(received, sent.value(room));
        }
    }

    // While every broker is down the server keeps serving and the outbox grows; then it drains.
    void brokerDownThenUpLosesNothing()
    {
        m_published.clear();
        const auto room = generalRoom(createSpace(QStringLiteral("Outage")));
        m_kafka.setDown();
        QTRY_COMPARE_WITH_TIMEOUT(
            str(m_client->get(QStringLiteral("/health")).json, "kafka"), QStringLiteral("down"), 20000);
        constexpr int Count = 60;
        QStringList ids;
        for (int i = 0; i < Count; ++i) {
            const auto reply = send(room, QStringLiteral("while down %1").arg(i));
            QCOMPARE(reply.status, 200);
            ids.append(str(reply.json, "id"));
        }
        QVERIFY(metric(*m_client, QStringLiteral("metaverse_outbox_backlog")) >= Count);
        m_kafka.setUp();
        QTRY_COMPARE_WITH_TIMEOUT(metric(*m_client, QStringLiteral("metaverse_outbox_backlog")), 0.0, 30000);
        QCOMPARE(str(m_client->get(QStringLiteral("/health")).json, "kafka"), QStringLiteral("up"));
        const auto inKafka = kafkaEvents("metaverse.chat", publishedOn("metaverse.chat"));
        for (const auto &event : std::as_const(m_published)) {
            if (Events::topic(event.type) == "metaverse.chat") {
                QCOMPARE(inKafka.values(event.id).size(), 1);
            }
        }
        QStringList received;
        for (const auto &value :
            m_kafka.readAll("metaverse.chat", publishedOn("metaverse.chat")).value(room.toUtf8())) {
            const auto data = parse(value).value(QStringLiteral("data")).toObject();
            if (ids.contains(str(data, "messageId"))) {
                received.append(str(data, "messageId"));
            }
        }
        QCOMPARE(received, ids);
    }

    // metaverse-events reads with a consumer group: a second run goes on after the first one's last
    // committed event, filters by type and appends to its file.
    void consumerToolKeepsItsOffsets()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("events.jsonl"));
        const auto run = [&](const QStringList &extra) {
            QProcess tool;
            tool.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            tool.start(QStringLiteral(METAVERSE_EVENTS_BINARY),
                QStringList{QStringLiteral("--brokers"), m_kafka.bootstraps(), QStringLiteral("--exit-at-end"),
                    QStringLiteral("--output"), file}
                    << extra);
            return tool.waitForFinished(60000) && tool.exitStatus() == QProcess::NormalExit ? tool.exitCode() : -1;
        };
        const auto lines = [&] {
            QFile read(file);
            QList<QJsonObject> events;
            if (read.open(QIODevice::ReadOnly)) {
                for (const auto &line : read.readAll().split('\n')) {
                    if (!line.isEmpty()) {
                        events.append(parse(line));
                    }
                }
            }
            return events;
        };
        const QStringList group{QStringLiteral("--group"), QStringLiteral("tst-events-tool"), QStringLiteral("--type"),
            QStringLiteral("chat.message_stored")};

        QCOMPARE(run(QStringList{QStringLiteral("--type"), QStringLiteral("nonsense")}), 2);
        const auto room = generalRoom(createSpace(QStringLiteral("Tool")));
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(send(room, QStringLiteral("before %1").arg(i)).status, 200);
        }
        QTRY_COMPARE(metric(*m_client, QStringLiteral("metaverse_outbox_backlog")), 0.0);
        int stored = 0;
        const auto all = kafkaEvents("metaverse.chat", publishedOn("metaverse.chat"));
        for (const auto &event : all) {
            stored += str(event, "type") == QLatin1String("chat.message_stored") ? 1 : 0;
        }
        QVERIFY(stored >= 3);
        QCOMPARE(run(group + QStringList{QStringLiteral("--from-beginning")}), 0);
        auto first = lines();
        QCOMPARE(first.size(), stored);
        for (const auto &event : std::as_const(first)) {
            QCOMPARE(str(event, "type"), QStringLiteral("chat.message_stored"));
            QCOMPARE(all.values(str(event, "id")).size(), 1);
        }

        QStringList ids;
        for (int i = 0; i < 5; ++i) {
            const auto reply = send(room, QStringLiteral("after %1").arg(i));
            QCOMPARE(reply.status, 200);
            ids.append(str(reply.json, "id"));
        }
        QTRY_COMPARE(metric(*m_client, QStringLiteral("metaverse_outbox_backlog")), 0.0);
        QCOMPARE(run(group), 0); // the same group goes on where it stopped
        const auto second = lines().mid(first.size());
        QStringList received;
        for (const auto &event : second) {
            received.append(str(event.value(QStringLiteral("data")).toObject(), "messageId"));
        }
        QCOMPARE(received, ids);
    }

    // SIGKILL of a real server while its relay runs: after the restart every event reaches Kafka,
    // and the copies sent twice carry the same id and body.
    void killDuringRelayLosesNothing()
    {
        m_server.reset(); // one relay: this one's (PostgreSQL's advisory lock goes with the connection)
        const auto backend = backendFromEnvironment();
        QTemporaryDir dir;
        QStringList args{QStringLiteral("--kafka-brokers"), m_kafka.bootstraps()};
        if (backend.postgres) {
            args << QStringLiteral("--database-url") << backend.databaseUrl;
        }
        ServerProcess server(QStringLiteral(METAVERSE_SERVER_BINARY));
        QVERIFY(server.start(dir.path(), {}, args));
        Client client(server.baseUrl());
        const auto token = client.signupAndLogin(QStringLiteral("carol"));
        QVERIFY(!token.isEmpty());
        const auto room = generalRoomOf(str(client
                                                .post(p(QStringLiteral("/space")),
                                                    {{QStringLiteral("name"), QStringLiteral("Crash")},
                                                        {QStringLiteral("dimensions"), QStringLiteral("10x10")}},
                                                    token)
                                                .json,
                                            "spaceId"),
            client, token);
        QVERIFY(!room.isEmpty());
        const int before = kafkaEvents("metaverse.chat", 0).size();

        // Kafka answers slowly, so the relay is mid-way when the server dies.
        m_kafka.setRoundTrip(500);
        constexpr int Count = 300;
        QStringList ids;
        for (int i = 0; i < Count; ++i) {
            const auto reply = sendBy(room, QStringLiteral("crash %1").arg(i), client, token);
            QCOMPARE(reply.status, 200);
            ids.append(str(reply.json, "id"));
        }
        server.crash();
        m_kafka.setRoundTrip(0);
        const int delivered = kafkaEvents("metaverse.chat", 0).size() - before;
        QVERIFY(server.start(dir.path(), {}, args));
        QTRY_COMPARE_WITH_TIMEOUT(metric(client, QStringLiteral("metaverse_outbox_backlog")), 0.0, 30000);

        const auto inKafka = kafkaEvents("metaverse.chat", 0);
        QHash<QString, QString> eventOfMessage;
        int duplicates = 0;
        for (const auto &id : inKafka.uniqueKeys()) {
            const auto copies = inKafka.values(id);
            for (const auto &copy : copies) {
                QCOMPARE(copy, copies.first());
            }
            duplicates += int(copies.size()) - 1;
            const auto data = copies.first().value(QStringLiteral("data")).toObject();
            eventOfMessage.insert(str(data, "messageId"), id);
        }
        for (const auto &id : std::as_const(ids)) {
            QVERIFY2(eventOfMessage.contains(id), qPrintable(id));
        }
        qInfo() << "delivered before the kill:" << delivered << "of" << Count << "; sent twice:" << duplicates;
        server.stop();
    }

    // Two instances on one database: when the one that relays dies, the other drains the outbox
    // (on PostgreSQL it takes the advisory lock the dead one's connection held).
    void anotherInstanceTakesOverTheRelay()
    {
        const auto backend = backendFromEnvironment();
        QTemporaryDir dir;
        QStringList args{QStringLiteral("--kafka-brokers"), m_kafka.bootstraps()};
        if (backend.postgres) {
            args << QStringLiteral("--database-url") << backend.databaseUrl;
        }
        ServerProcess first(QStringLiteral(METAVERSE_SERVER_BINARY));
        ServerProcess second(QStringLiteral(METAVERSE_SERVER_BINARY));
        QVERIFY(first.start(dir.path(), {}, args));
        QVERIFY(second.start(dir.path(), {}, args));
        Client client(first.baseUrl());
        Client other(second.baseUrl());
        const auto token = client.signupAndLogin(QStringLiteral("erin"));
        QVERIFY(!token.isEmpty());
        const auto room = generalRoomOf(str(client
                                                .post(p(QStringLiteral("/space")),
                                                    {{QStringLiteral("name"), QStringLiteral("Takeover")},
                                                        {QStringLiteral("dimensions"), QStringLiteral("10x10")}},
                                                    token)
                                                .json,
                                            "spaceId"),
            client, token);
        QVERIFY(!room.isEmpty());
        m_kafka.setDown(); // nothing leaves while the first instance lives
        QStringList ids;
        for (int i = 0; i < 50; ++i) {
            const auto reply = sendBy(room, QStringLiteral("takeover %1").arg(i), client, token);
            QCOMPARE(reply.status, 200);
            ids.append(str(reply.json, "id"));
        }
        first.crash();
        m_kafka.setUp();
        QTRY_COMPARE_WITH_TIMEOUT(metric(other, QStringLiteral("metaverse_outbox_backlog")), 0.0, 30000);
        QSet<QString> received;
        for (const auto &event : kafkaEvents("metaverse.chat", 0)) {
            received.insert(str(event.value(QStringLiteral("data")).toObject(), "messageId"));
        }
        for (const auto &id : std::as_const(ids)) {
            QVERIFY2(received.contains(id), qPrintable(id));
        }
        second.stop();
    }

    // Retention, on the suite's database once no relay runs: delivered rows go after their
    // retention time, undelivered ones only past the backlog cap, the oldest first.
    void retentionPrunesDeliveredAndCapsTheBacklog()
    {
        QTemporaryDir dir;
        auto db = Database::open(backendFromEnvironment().databaseUrl, dir.path());
        QVERIFY2(db.has_value(), db ? "" : qPrintable(db.error().message));
        QVERIFY((*db)->migrate());
        OutboxRepository outbox(**db);
        QVERIFY(outbox.pruneDelivered(std::numeric_limits<qint64>::max()));
        QVERIFY(outbox.dropOldestPending(0));
        QCOMPARE(outbox.backlog().value(), 0);
        for (int i = 0; i < 10; ++i) {
            QVERIFY(outbox.append(newId(), "metaverse.test", QStringLiteral("k"), "{}", 1000 + i));
        }
        auto rows = outbox.pending(0, 100);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 10);
        QVERIFY(std::is_sorted(
            rows->cbegin(), rows->cend(), [](const OutboxRow &a, const OutboxRow &b) { return a.seq < b.seq; }));
        QVERIFY(outbox.markDelivered({rows->at(0).seq, rows->at(1).seq}, 5000));
        QVERIFY(outbox.markDelivered({rows->at(2).seq}, 9000));
        QCOMPARE(outbox.backlog().value(), 7);
        QCOMPARE(outbox.pruneDelivered(6000).value(), 2); // delivered before 6000
        QCOMPARE(outbox.pending(0, 100)->size(), 7);
        QCOMPARE(outbox.dropOldestPending(4).value(), 3); // the cap keeps the newest 4
        const auto left = outbox.pending(0, 100).value();
        QCOMPARE(left.size(), 4);
        QCOMPARE(left.first().seq, rows->at(6).seq);
        QCOMPARE(outbox.pruneDelivered(10000).value(), 1);
    }
};

QTEST_GUILESS_MAIN(TestEvents)
#include "tst_events.moc"
