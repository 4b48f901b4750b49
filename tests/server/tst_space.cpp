// SPDX-License-Identifier: GPL-3.0-or-later
// The space WebSocket against a real server in this process, with real QWebSocket clients:
// both dialects, movement rules, presence, element edits, heartbeat, slow consumers, bad input.
#include "grid/placement.h"
#include "spaceclient.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <deque>

using namespace Metaverse;
using namespace Metaverse::Test;
using namespace Metaverse::SpaceProtocol;

Q_DECLARE_METATYPE(Metaverse::Point)

namespace
{
const QString V1 = QStringLiteral("/api/v1");

// Legal steps from `from` to `to` on the grid (breadth-first), using common's rules.
QList<Point> pathTo(const Occupancy &grid, Point from, Point to)
{
    const Size size = grid.size();
    QHash<int, int> previous;
    const auto index = [&](Point p) { return p.y * size.width + p.x; };
    std::deque<Point> queue{from};
    previous.insert(index(from), -1);
    while (!queue.empty()) {
        const Point p = queue.front();
        queue.pop_front();
        if (p == to) {
            break;
        }
        for (const Point step : {Point{p.x + 1, p.y}, Point{p.x - 1, p.y}, Point{p.x, p.y + 1}, Point{p.x, p.y - 1}}) {
            if (grid.isLegalMove(p, step) && !previous.contains(index(step))) {
                previous.insert(index(step), index(p));
                queue.push_back(step);
            }
        }
    }
    QList<Point> path;
    if (!previous.contains(index(to))) {
        return path;
    }
    for (int i = index(to); i != index(from); i = previous.value(i)) {
        path.prepend(Point{i % size.width, i / size.width});
    }
    return path;
}
} // namespace

// A server of its own with users and one space, for tests that need other settings.
struct World {
    std::unique_ptr<TestServer> server;
    std::unique_ptr<Client> http;
    QList<QByteArray> tokens; // tokens[0] owns the space (and is the Admin); the others are members
    QString space;

    [[nodiscard]] QUrl url() const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server->server().spacePort()));
    }
    // On the dedicated port, or upgraded on the HTTP port (written through QWebSocket there).
    std::unique_ptr<SpaceClient> join(int user, bool batch, bool httpPort = false, bool interest = false) const
    {
        auto client = std::make_unique<SpaceClient>(Dialect::Seed);
        const QUrl target = httpPort ? QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/space").arg(server->port())) : url();
        if (!client->open(target) || !client->join(space, tokens.at(user), batch, UserStatus::Available, interest)) {
            return nullptr;
        }
        return client;
    }
};

std::unique_ptr<World> makeWorld(const std::function<void(Config &)> &adjust, int users, const QString &dimensions)
{
    auto world = std::make_unique<World>();
    world->server = std::make_unique<TestServer>([&](Config &c) {
        c.databaseUrl.clear();
        c.moveRateLimit = 0;
        adjust(c);
    });
    if (!world->server->start()) {
        return nullptr;
    }
    world->http = std::make_unique<Client>(world->server->baseUrl());
    for (int i = 0; i < users; ++i) {
        world->tokens.append(world->http->signupAndLogin(QStringLiteral("user%1").arg(i)));
    }
    world->space =
        world->http
            ->post(QStringLiteral("/api/v1/space"),
                {{QStringLiteral("name"), QStringLiteral("World")}, {QStringLiteral("dimensions"), dimensions}},
                world->tokens.at(0))
            .json.value(QStringLiteral("spaceId"))
            .toString();
    for (int i = 1; i < users; ++i) {
        world->http->post(QStringLiteral("/api/v1/space/") + world->space + QStringLiteral("/members"),
            {{QStringLiteral("username"), QStringLiteral("user%1").arg(i)}, {QStringLiteral("canEdit"), true}},
            world->tokens.at(0));
    }
    return world->space.isEmpty() ? nullptr : std::move(world);
}

enum class MoveKind { Any, Live, Periodic };

// The user-move (and user-position) events of `userId` among `messages`.
QList<Point> movesOf(const QList<ServerMessage> &messages, const QString &userId, MoveKind kind = MoveKind::Any)
{
    QList<Point> moves;
    for (const auto &m : messages) {
        if (const auto *moved = std::get_if<UserMoved>(&m); moved && moved->userId == userId &&
            (kind == MoveKind::Any || moved->periodic == (kind == MoveKind::Periodic))) {
            moves.append(moved->position);
        }
    }
    return moves;
}

// Where `userId` is after replaying `messages` in order (nothing once they left).
std::optional<Point> lastKnownPosition(const QList<ServerMessage> &messages, const QString &userId)
{
    std::optional<Point> seen;
    for (const auto &m : messages) {
        if (const auto *joined = std::get_if<UserJoined>(&m); joined && joined->user.userId == userId) {
            seen = joined->user.position;
        } else if (const auto *moved = std::get_if<UserMoved>(&m); moved && moved->userId == userId) {
            seen = moved->position;
        } else if (const auto *left = std::get_if<UserLeft>(&m); left && left->userId == userId) {
            seen.reset();
        }
    }
    return seen;
}

class TestSpace : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<Client> m_http;
    QByteArray m_owner;
    QByteArray m_guest; // member with edit rights
    QByteArray m_viewer; // member without edit rights
    QByteArray m_stranger;
    QString m_staticId; // 1x1 static
    QString m_dynamicId; // 1x1 dynamic
    QHash<QString, QString> m_furniture; // element ids by name, for placementFollowsTheCommonRule

    QUrl spaceUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->server().spacePort())); }

    // A fresh space owned by m_owner with the guest (edit) and viewer as members.
    QString createSpace(const QString &dimensions = QStringLiteral("6x5"))
    {
        const auto reply = m_http->post(V1 + QStringLiteral("/space"),
            {{QStringLiteral("name"), QStringLiteral("Live")}, {QStringLiteral("dimensions"), dimensions}}, m_owner);
        const auto id = reply.json.value(QStringLiteral("spaceId")).toString();
        m_http->post(V1 + QStringLiteral("/space/") + id + QStringLiteral("/members"),
            {{QStringLiteral("username"), QStringLiteral("guest")}, {QStringLiteral("canEdit"), true}}, m_owner);
        m_http->post(V1 + QStringLiteral("/space/") + id + QStringLiteral("/members"),
            {{QStringLiteral("username"), QStringLiteral("viewer")}, {QStringLiteral("canEdit"), false}}, m_owner);
        return id;
    }

    QString placeViaRest(const QString &spaceId, const QString &elementId, Point p, const QByteArray &token)
    {
        const auto reply = m_http->post(V1 + QStringLiteral("/space/element"),
            {{QStringLiteral("spaceId"), spaceId}, {QStringLiteral("elementId"), elementId}, {QStringLiteral("x"), p.x},
                {QStringLiteral("y"), p.y}},
            token);
        return reply.json.value(QStringLiteral("id")).toString();
    }

    std::unique_ptr<SpaceClient> joined(
        const QString &spaceId, const QByteArray &token, Dialect dialect = Dialect::Seed, bool batch = false)
    {
        auto client = std::make_unique<SpaceClient>(dialect);
        if (!client->open(spaceUrl()) || !client->join(spaceId, token, batch)) {
            return nullptr;
        }
        return client;
    }

    // Walks the client to `target` with legal moves, waiting for no rejection.
    bool walk(SpaceClient &client, const Occupancy &grid, Point target)
    {
        const auto path = pathTo(grid, client.position(), target);
        if (path.isEmpty() && client.position() != target) {
            return false;
        }
        for (const Point step : path) {
            client.send(Move{step});
        }
        // A ping after the moves: its pong proves every move before it was processed.
        client.send(Ping{});
        return client.waitFor<Pong>().has_value() && !client.waitFor<MoveRejected>({}, 0).has_value();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>([](Config &c) {
            c.moveRateLimit = 0;
            c.wsIdleTimeoutMs = 1500;
            c.wsHeartbeatMs = 300;
            c.wsBatchMs = 50;
            c.wsMaxQueueBytes = 64 * 1024;
            c.databaseUrl.clear(); // SQLite: the PostgreSQL paths are covered by tst_api_postgres
        });
        const auto started = m_server->start();
        QVERIFY2(started.has_value(), started ? "" : qPrintable(started.error().message));
        m_http = std::make_unique<Client>(m_server->baseUrl());
        m_owner = m_http->signupAndLogin(QStringLiteral("owner"));
        m_guest = m_http->signupAndLogin(QStringLiteral("guest"));
        m_viewer = m_http->signupAndLogin(QStringLiteral("viewer"));
        m_stranger = m_http->signupAndLogin(QStringLiteral("stranger"));
        QVERIFY(!m_owner.isEmpty() && !m_guest.isEmpty() && !m_viewer.isEmpty() && !m_stranger.isEmpty());
        for (const auto &value :
            m_http->get(V1 + QStringLiteral("/elements")).json.value(QStringLiteral("elements")).toArray()) {
            const auto e = value.toObject();
            if (e.value(QStringLiteral("width")).toInt() != 1 || e.value(QStringLiteral("height")).toInt() != 1) {
                continue;
            }
            auto &target = e.value(QStringLiteral("static")).toBool() ? m_staticId : m_dynamicId;
            if (target.isEmpty()) {
                target = e.value(QStringLiteral("id")).toString();
            }
        }
        QVERIFY(!m_staticId.isEmpty() && !m_dynamicId.isEmpty());
    }

    void joinMoveLeaveSeed()
    {
        const auto space = createSpace();
        auto alice = joined(space, m_owner);
        QVERIFY(alice);
        QVERIFY(!alice->userId().isEmpty());
        QVERIFY(Grid::isInside(alice->position(), Size{6, 5}));
        auto bob = std::make_unique<SpaceClient>(Dialect::Seed);
        QVERIFY(bob->open(spaceUrl()));
        bob->send(Join{space, QString::fromLatin1(m_guest)});
        const auto bobJoined = bob->waitFor<Joined>();
        QVERIFY(bobJoined);
        QCOMPARE(bobJoined->users.size(), 1); // everyone else: alice
        QCOMPARE(bobJoined->users.at(0).userId, alice->userId());
        QCOMPARE(bobJoined->users.at(0).username, QStringLiteral("owner"));
        QCOMPARE(bobJoined->users.at(0).position, alice->position());
        const auto seen = alice->waitFor<UserJoined>();
        QVERIFY(seen);
        QCOMPARE(seen->user.userId, bob->userId());
        QCOMPARE(seen->user.position, bob->position());

        Occupancy grid(Size{6, 5});
        const Point from = alice->position();
        const Point step =
            pathTo(grid, from, from.x > 0 ? Point{from.x - 1, from.y} : Point{from.x + 1, from.y}).constFirst();
        alice->send(Move{step});
        const auto moved = bob->waitFor<UserMoved>();
        QVERIFY(moved);
        QCOMPARE(moved->userId, alice->userId());
        QCOMPARE(moved->position, step);

        alice->send(Leave{});
        const auto left = bob->waitFor<UserLeft>();
        QVERIFY(left);
        QCOMPARE(left->userId, alice->userId());
        QVERIFY(alice->waitForDisconnect());
    }

    void lineageAndMixedDialects()
    {
        const auto space = createSpace();
        auto seed = joined(space, m_owner, Dialect::Seed);
        QVERIFY(seed);
        auto lineage = std::make_unique<SpaceClient>(Dialect::Lineage);
        QVERIFY(lineage->open(spaceUrl()));
        lineage->send(Join{space, QString::fromLatin1(m_guest)});
        const auto joinedLineage = lineage->waitFor<Joined>();
        QVERIFY(joinedLineage);
        QCOMPARE(joinedLineage->users.size(), 1);
        QCOMPARE(joinedLineage->users.at(0).userId, seed->userId());
        QCOMPARE(seed->waitFor<UserJoined>()->user.userId, lineage->userId());

        Occupancy grid(Size{6, 5});
        const Point target = pathTo(grid, lineage->position(),
            lineage->position().y > 0 ? Point{lineage->position().x, lineage->position().y - 1}
                                      : Point{lineage->position().x, 1})
                                 .constFirst();
        lineage->send(Move{target});
        const auto seenBySeed = seed->waitFor<UserMoved>();
        QVERIFY(seenBySeed);
        QCOMPARE(seenBySeed->userId, lineage->userId());
        QCOMPARE(seenBySeed->position, target);

        const Point seedTarget = pathTo(grid, seed->position(),
            seed->position().x > 0 ? Point{seed->position().x - 1, seed->position().y} : Point{1, seed->position().y})
                                     .constFirst();
        seed->send(Move{seedTarget});
        const auto seenByLineage = lineage->waitFor<UserMoved>();
        QVERIFY(seenByLineage);
        QCOMPARE(seenByLineage->userId, seed->userId());
        QCOMPARE(seenByLineage->position, seedTarget);

        // Lineage clients get no element events and no errors: the next thing it sees after a
        // REST placement and a bad message is the next movement.
        placeViaRest(space, m_dynamicId, {0, 0}, m_owner);
        QVERIFY(seed->waitFor<ElementPlaced>());
        lineage->sendRaw(QStringLiteral("{\"type\":\"teleport\",\"payload\":{}}"));
        const Point back =
            pathTo(grid, seedTarget, Point{seedTarget.x, seedTarget.y > 0 ? seedTarget.y - 1 : 1}).constFirst();
        seed->send(Move{back});
        const auto next = lineage->next();
        QVERIFY(next);
        QVERIFY2(std::holds_alternative<UserMoved>(*next), "the lineage client received something other than movement");
        QCOMPARE(std::get<UserMoved>(*next).position, back);

        lineage->socket().close();
        const auto left = seed->waitFor<UserLeft>();
        QVERIFY(left);
        QCOMPARE(left->userId, lineage->userId());
    }

    // Statuses (seed dialect): the initial one in user-join, changes to everyone else, in
    // space-joined for later joiners; lineage clients neither send nor receive them.
    void statuses()
    {
        const auto space = createSpace();
        Occupancy grid(Size{6, 5});
        auto alice = std::make_unique<SpaceClient>(Dialect::Seed);
        QVERIFY(alice->open(spaceUrl()));
        QVERIFY(alice->join(space, m_owner, false, UserStatus::Busy));
        auto bob = std::make_unique<SpaceClient>(Dialect::Seed);
        QVERIFY(bob->open(spaceUrl()));
        bob->send(Join{space, QString::fromLatin1(m_guest)});
        const auto bobJoined = bob->waitFor<Joined>();
        QVERIFY(bobJoined);
        QCOMPARE(bobJoined->users.size(), 1);
        QCOMPARE(bobJoined->users.at(0).status, UserStatus::Busy);
        const auto bobSeen = alice->waitFor<UserJoined>();
        QVERIFY(bobSeen);
        QCOMPARE(bobSeen->user.status, UserStatus::Available);

        auto lineage = std::make_unique<SpaceClient>(Dialect::Lineage);
        QVERIFY(lineage->open(spaceUrl()));
        QVERIFY(lineage->join(space, m_viewer));
        const auto lineageSeen = alice->waitFor<UserJoined>();
        QVERIFY(lineageSeen);
        QCOMPARE(lineageSeen->user.status, UserStatus::Available);
        QVERIFY(bob->waitFor<UserJoined>());

        // A change reaches the others, not the sender; the lineage client hears nothing of it.
        bob->send(SetStatus{UserStatus::Away});
        const auto changed = alice->waitFor<StatusChanged>();
        QVERIFY(changed);
        QCOMPARE(changed->userId, bob->userId());
        QCOMPARE(changed->status, UserStatus::Away);
        // The same status again is no news; an unknown one is a bad message, and nobody hears of it.
        bob->send(SetStatus{UserStatus::Away});
        bob->sendRaw(QStringLiteral(R"({"type":"user-status","data":{"status":"offline"}})"));
        const auto error = bob->waitFor<ErrorMessage>();
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCodes::BadMessage);
        QVERIFY(bob->isConnected());
        // A lineage client that tries is dropped quietly.
        lineage->sendRaw(QStringLiteral(R"({"type":"user-status","payload":{"status":"busy"}})"));
        const Point step = pathTo(grid, bob->position(),
            bob->position().x > 0 ? Point{bob->position().x - 1, bob->position().y} : Point{1, bob->position().y})
                               .constFirst();
        bob->send(Move{step});
        QVERIFY(alice->waitFor<UserMoved>([&](const UserMoved &m) { return m.userId == bob->userId(); }));
        // Events of one sender keep their order: nothing else came before the move.
        QVERIFY(std::none_of(alice->received().cbegin(), alice->received().cend(),
            [](const ServerMessage &m) { return std::holds_alternative<StatusChanged>(m); }));
        bob->send(Ping{});
        QVERIFY(bob->waitFor<Pong>());
        QVERIFY(std::none_of(bob->received().cbegin(), bob->received().cend(),
            [](const ServerMessage &m) { return std::holds_alternative<StatusChanged>(m); }));
        const auto lineageNext = lineage->next();
        QVERIFY(lineageNext);
        QVERIFY2(std::holds_alternative<UserMoved>(*lineageNext), "the lineage client received a status");
        QVERIFY(lineage->isConnected());

        // A later joiner sees everyone's current status.
        lineage->socket().close();
        QVERIFY(alice->waitFor<UserLeft>());
        auto carol = std::make_unique<SpaceClient>(Dialect::Seed);
        QVERIFY(carol->open(spaceUrl()));
        carol->send(Join{space, QString::fromLatin1(m_viewer)});
        const auto carolJoined = carol->waitFor<Joined>();
        QVERIFY(carolJoined);
        QCOMPARE(carolJoined->users.size(), 2);
        for (const auto &user : carolJoined->users) {
            QCOMPARE(user.status, user.userId == bob->userId() ? UserStatus::Away : UserStatus::Busy);
        }

        // Back to available: both others hear it.
        bob->send(SetStatus{UserStatus::Available});
        QCOMPARE(alice->waitFor<StatusChanged>()->status, UserStatus::Available);
        QCOMPARE(carol->waitFor<StatusChanged>()->status, UserStatus::Available);
    }

    void statusesInBatches()
    {
        const auto space = createSpace();
        auto batched = joined(space, m_viewer, Dialect::Seed, true);
        auto other = joined(space, m_owner);
        QVERIFY(batched && other);
        // Several changes within a tick or two: the latest arrives, and nothing after it.
        other->send(SetStatus{UserStatus::Busy});
        other->send(SetStatus{UserStatus::Away});
        other->send(SetStatus{UserStatus::Busy});
        QTRY_VERIFY(std::any_of(batched->received().cbegin(), batched->received().cend(), [](const ServerMessage &m) {
            const auto *changed = std::get_if<StatusChanged>(&m);
            return changed && changed->status == UserStatus::Busy;
        }));
        QVERIFY(batched->batchFrames() > 0);
        // A batching sender does not get its own change back.
        batched->send(SetStatus{UserStatus::Away});
        const auto seen = other->waitFor<StatusChanged>();
        QVERIFY(seen);
        QCOMPARE(seen->userId, batched->userId());
        QCOMPARE(seen->status, UserStatus::Away);
        batched->send(Ping{});
        QVERIFY(batched->waitFor<Pong>());
        QVERIFY(std::none_of(batched->received().cbegin(), batched->received().cend(), [&](const ServerMessage &m) {
            const auto *changed = std::get_if<StatusChanged>(&m);
            return changed && changed->userId == batched->userId();
        }));
    }

    void rejectedMoves_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("out of bounds") << "bounds";
        QTest::newRow("into static element") << "static";
        QTest::newRow("diagonal") << "diagonal";
        QTest::newRow("two steps") << "two";
        QTest::newRow("teleport") << "teleport";
        QTest::newRow("standing still") << "still";
    }
    void rejectedMoves()
    {
        QFETCH(QString, kind);
        // 5x3 with a static element at (2,1): walk to (1,1) first, next to it.
        const auto space = createSpace(QStringLiteral("5x3"));
        QVERIFY(!placeViaRest(space, m_staticId, {2, 1}, m_owner).isEmpty());
        auto walker = joined(space, m_owner);
        auto watcher = joined(space, m_guest);
        QVERIFY(walker && watcher);
        Occupancy grid(Size{5, 3});
        grid.block(Rect{2, 1, 1, 1});
        QVERIFY(walk(*walker, grid, Point{1, 1}));
        watcher->clear();

        Point target;
        if (kind == QLatin1String("bounds")) {
            QVERIFY(walk(*walker, grid, Point{0, 1}));
            watcher->clear();
            target = {-1, 1};
        } else if (kind == QLatin1String("static")) {
            target = {2, 1};
        } else if (kind == QLatin1String("diagonal")) {
            target = {2, 2};
        } else if (kind == QLatin1String("two")) {
            target = {3, 1}; // free, but two steps away (over the element)
        } else if (kind == QLatin1String("teleport")) {
            target = {4, 0};
        } else {
            target = walker->position();
        }
        const Point before = walker->position();
        walker->send(Move{target});
        const auto rejected = walker->waitFor<MoveRejected>();
        QVERIFY(rejected);
        QCOMPARE(rejected->position, before); // the true position
        // Nobody else heard of it: the watcher's next message is a later legal move.
        const Point legal = kind == QLatin1String("bounds") ? Point{0, 0} : Point{1, 0};
        walker->send(Move{legal});
        const auto next = watcher->next();
        QVERIFY(next);
        QVERIFY(std::holds_alternative<UserMoved>(*next));
        QCOMPARE(std::get<UserMoved>(*next).position, legal);
    }

    void moveRateCap()
    {
        TestServer server([](Config &c) { c.moveRateLimit = 5; });
        QVERIFY(server.start().has_value());
        Client http(server.baseUrl());
        const auto token = http.signupAndLogin(QStringLiteral("runner"));
        const auto space = http.post(V1 + QStringLiteral("/space"),
                                   {{QStringLiteral("name"), QStringLiteral("Track")},
                                       {QStringLiteral("dimensions"), QStringLiteral("2x1")}},
                                   token)
                               .json.value(QStringLiteral("spaceId"))
                               .toString();
        SpaceClient runner(Dialect::Seed);
        QVERIFY(runner.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server.server().spacePort()))));
        QVERIFY(runner.join(space, token));
        // Back and forth 20 times at once: only a burst of 5 may pass.
        Point p = runner.position();
        for (int i = 0; i < 20; ++i) {
            p = Point{1 - p.x, 0};
            runner.send(Move{p});
        }
        runner.send(Ping{});
        QVERIFY(runner.waitFor<Pong>());
        int rejected = 0;
        for (const auto &m : runner.received()) {
            rejected += std::holds_alternative<MoveRejected>(m) ? 1 : 0;
        }
        QVERIFY2(rejected >= 14, qPrintable(QString::number(rejected)));
    }

    void elementEditsOverSocket()
    {
        const auto space = createSpace();
        auto editor = joined(space, m_guest);
        auto viewer = joined(space, m_viewer);
        QVERIFY(editor && viewer);

        editor->send(PlaceElement{m_dynamicId, {4, 4}});
        const auto placedForViewer = viewer->waitFor<ElementPlaced>();
        const auto placedForEditor = editor->waitFor<ElementPlaced>(); // the sender hears it too, with the id
        QVERIFY(placedForViewer && placedForEditor);
        const QString placedId = placedForViewer->placed.id;
        QCOMPARE(placedForEditor->placed.id, placedId);
        QCOMPARE(placedForViewer->placed.position, (Point{4, 4}));
        QCOMPARE(placedForViewer->placed.element.id, m_dynamicId);

        editor->send(MoveElement{placedId, {3, 4}});
        const auto moved = viewer->waitFor<ElementMoved>();
        QVERIFY(moved);
        QCOMPARE(moved->position, (Point{3, 4}));

        // Rights: the viewer may not edit; errors go to the sender only.
        viewer->send(PlaceElement{m_dynamicId, {0, 0}});
        const auto refused = viewer->waitFor<ErrorMessage>();
        QVERIFY(refused);
        QCOMPARE(refused->code, ErrorCodes::Forbidden);
        editor->send(MoveElement{placedId, {6, 0}}); // outside
        QCOMPARE(editor->waitFor<ErrorMessage>()->code, ErrorCodes::Invalid);
        editor->send(PlaceElement{QStringLiteral("nope"), {0, 0}});
        QCOMPARE(editor->waitFor<ErrorMessage>()->code, ErrorCodes::Invalid);
        editor->send(RemoveElement{QStringLiteral("nope")});
        QCOMPARE(editor->waitFor<ErrorMessage>()->code, ErrorCodes::NotFound);

        // Static elements cannot be moved.
        editor->send(PlaceElement{m_staticId, {0, 4}});
        const auto staticPlaced = viewer->waitFor<ElementPlaced>();
        QVERIFY(staticPlaced);
        editor->send(MoveElement{staticPlaced->placed.id, {1, 4}});
        QCOMPARE(editor->waitFor<ErrorMessage>()->code, ErrorCodes::Invalid);

        editor->send(RemoveElement{placedId});
        const auto removed = viewer->waitFor<ElementRemoved>();
        QVERIFY(removed);
        QCOMPARE(removed->id, placedId);

        // Stored before broadcast: the REST view agrees.
        const auto elements = m_http->get(V1 + QStringLiteral("/space/") + space, m_owner)
                                  .json.value(QStringLiteral("elements"))
                                  .toArray();
        QCOMPARE(elements.size(), 1);
        QCOMPARE(elements.at(0).toObject().value(QStringLiteral("id")).toString(), staticPlaced->placed.id);
    }

    // The server places and moves exactly where the common rule (grid/placement.h) allows, over
    // REST and the socket alike, with its reason: what the client's ghost shows is what happens.
    void placementFollowsTheCommonRule_data()
    {
        QTest::addColumn<QString>("element"); // desk: static 2x1, wall: static 1x1, rug: dynamic 3x2, plant: 1x1
        QTest::addColumn<bool>("move"); // place `element`, or move the one furnishing of that name
        QTest::addColumn<Point>("position");
        QTest::addColumn<bool>("allowed");
        // An 8x5 space: a desk at (4,1)-(5,1), a rug at (0,3)-(2,4), a plant at (7,4).
        QTest::newRow("desk on the rug") << "desk" << false << Point{1, 3} << true;
        QTest::newRow("plant on the rug") << "plant" << false << Point{1, 4} << true;
        QTest::newRow("rug over the rug") << "rug" << false << Point{1, 2} << true;
        QTest::newRow("desk beside the desk") << "desk" << false << Point{2, 1} << true;
        QTest::newRow("rug touching the desk") << "rug" << false << Point{1, 0} << true;
        QTest::newRow("rug under the desk") << "rug" << false << Point{3, 0} << false;
        QTest::newRow("plant on the desk") << "plant" << false << Point{5, 1} << false;
        QTest::newRow("desk half on the desk") << "desk" << false << Point{5, 1} << false;
        QTest::newRow("wall on the desk") << "wall" << false << Point{4, 1} << false;
        QTest::newRow("desk overhanging") << "desk" << false << Point{7, 0} << false;
        QTest::newRow("move the plant onto the rug") << "plant" << true << Point{2, 3} << true;
        QTest::newRow("move the rug over itself") << "rug" << true << Point{1, 2} << true;
        QTest::newRow("move the plant onto the desk") << "plant" << true << Point{4, 1} << false;
        QTest::newRow("move the rug under the desk") << "rug" << true << Point{3, 1} << false;
        QTest::newRow("move the rug out") << "rug" << true << Point{6, 3} << false;
        QTest::newRow("move the desk") << "desk" << true << Point{4, 2} << false;
    }
    void placementFollowsTheCommonRule()
    {
        QFETCH(QString, element);
        QFETCH(bool, move);
        QFETCH(Point, position);
        QFETCH(bool, allowed);
        if (m_furniture.isEmpty()) {
            const auto create = [&](const QString &name, int width, int height, bool isStatic) {
                return m_http
                    ->post(V1 + QStringLiteral("/admin/element"),
                        {{QStringLiteral("name"), name},
                            {QStringLiteral("imageUrl"), QStringLiteral("/assets/elements/desk.svg")},
                            {QStringLiteral("width"), width}, {QStringLiteral("height"), height},
                            {QStringLiteral("static"), isStatic}},
                        m_owner)
                    .json.value(QStringLiteral("id"))
                    .toString();
            };
            m_furniture = {{QStringLiteral("desk"), create(QStringLiteral("Test desk"), 2, 1, true)},
                {QStringLiteral("wall"), create(QStringLiteral("Test wall"), 1, 1, true)},
                {QStringLiteral("rug"), create(QStringLiteral("Test rug"), 3, 2, false)},
                {QStringLiteral("plant"), create(QStringLiteral("Test plant"), 1, 1, false)}};
        }
        const auto &elementIds = m_furniture;
        // Furnished alike for each channel; the placed ids by name.
        const auto furnish = [&](QHash<QString, QString> &placed) {
            const auto space = createSpace(QStringLiteral("8x5"));
            placed.insert(
                QStringLiteral("desk"), placeViaRest(space, elementIds.value(QStringLiteral("desk")), {4, 1}, m_owner));
            placed.insert(
                QStringLiteral("rug"), placeViaRest(space, elementIds.value(QStringLiteral("rug")), {0, 3}, m_owner));
            placed.insert(QStringLiteral("plant"),
                placeViaRest(space, elementIds.value(QStringLiteral("plant")), {7, 4}, m_owner));
            return space;
        };
        QHash<QString, QString> restPlaced;
        const auto restSpace = furnish(restPlaced);
        QHash<QString, QString> socketPlaced;
        const auto socketSpace = furnish(socketPlaced);
        for (const auto &id : std::as_const(restPlaced)) {
            QVERIFY(!id.isEmpty());
        }

        // What the common rule says, from the space as any client reads it.
        const auto read = fromJson<Space>(
            m_http->get(V1 + QStringLiteral("/space/") + restSpace, m_guest).json.value(QStringLiteral("space")));
        QVERIFY(read);
        const SpaceLayout layout(*read);
        QCOMPARE(layout.count(), 3);
        Element definition;
        for (const auto &value :
            m_http->get(V1 + QStringLiteral("/elements")).json.value(QStringLiteral("elements")).toArray()) {
            if (auto e = fromJson<Element>(value); e && e->id == elementIds.value(element)) {
                definition = *e;
            }
        }
        QCOMPARE(definition.id, elementIds.value(element));
        const Status expected = move ? Placement::checkMove(layout, restPlaced.value(element), position)
                                     : Placement::checkPlace(layout, definition, position);
        QCOMPARE(expected.has_value(), allowed);

        // Over REST (which places, but does not move).
        if (!move) {
            const auto reply = m_http->post(V1 + QStringLiteral("/space/element"),
                {{QStringLiteral("spaceId"), restSpace}, {QStringLiteral("elementId"), elementIds.value(element)},
                    {QStringLiteral("x"), position.x}, {QStringLiteral("y"), position.y}},
                m_guest);
            QCOMPARE(reply.status, allowed ? 200 : 400);
            if (!allowed) {
                QCOMPARE(reply.json.value(QStringLiteral("detail")).toString(), expected.error().message);
                QCOMPARE(reply.errorFields(), (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
            }
        }

        // Over the socket.
        auto editor = joined(socketSpace, m_guest);
        QVERIFY(editor);
        if (move) {
            editor->send(MoveElement{socketPlaced.value(element), position});
        } else {
            editor->send(PlaceElement{elementIds.value(element), position});
        }
        editor->send(Ping{});
        QVERIFY(editor->waitFor<Pong>());
        const auto error = editor->waitFor<ErrorMessage>({}, 0);
        if (allowed) {
            QVERIFY2(!error, error ? qPrintable(error->message) : "");
            if (move) {
                const auto moved = editor->waitFor<ElementMoved>({}, 0);
                QVERIFY(moved);
                QCOMPARE(moved->position, position);
            } else {
                const auto placed = editor->waitFor<ElementPlaced>({}, 0);
                QVERIFY(placed);
                QCOMPARE(placed->placed.position, position);
            }
        } else {
            QVERIFY(error);
            QCOMPARE(error->code, ErrorCodes::Invalid);
            QCOMPARE(error->message, expected.error().message);
            QVERIFY(!editor->waitFor<ElementPlaced>({}, 0) && !editor->waitFor<ElementMoved>({}, 0));
        }
        // Stored as answered.
        const auto stored = m_http->get(V1 + QStringLiteral("/space/") + socketSpace, m_guest)
                                .json.value(QStringLiteral("elements"))
                                .toArray();
        QCOMPARE(stored.size(), !move && allowed ? 4 : 3);
    }

    void restEditsReachSockets()
    {
        const auto space = createSpace();
        auto viewer = joined(space, m_viewer);
        QVERIFY(viewer);
        const auto placedId = placeViaRest(space, m_staticId, {1, 1}, m_owner);
        QVERIFY(!placedId.isEmpty());
        const auto placed = viewer->waitFor<ElementPlaced>();
        QVERIFY(placed);
        QCOMPARE(placed->placed.id, placedId);
        QCOMPARE(
            m_http->delJson(V1 + QStringLiteral("/space/element"), {{QStringLiteral("id"), placedId}}, m_owner).status,
            200);
        const auto removed = viewer->waitFor<ElementRemoved>();
        QVERIFY(removed);
        QCOMPARE(removed->id, placedId);
    }

    void staticPlacementBlocksMovement()
    {
        const auto space = createSpace(QStringLiteral("3x1"));
        auto walker = joined(space, m_owner);
        QVERIFY(walker);
        Occupancy grid(Size{3, 1});
        QVERIFY(walk(*walker, grid, Point{0, 0}));
        placeViaRest(space, m_staticId, {1, 0}, m_owner);
        QVERIFY(walker->waitFor<ElementPlaced>());
        walker->send(Move{{1, 0}});
        QVERIFY(walker->waitFor<MoveRejected>());
    }

    void editsSurviveRestart()
    {
        TestServer server;
        QVERIFY(server.start().has_value());
        Client http(server.baseUrl());
        const auto token = http.signupAndLogin(QStringLiteral("keeper"));
        const auto space = http.post(V1 + QStringLiteral("/space"),
                                   {{QStringLiteral("name"), QStringLiteral("Kept")},
                                       {QStringLiteral("dimensions"), QStringLiteral("4x4")}},
                                   token)
                               .json.value(QStringLiteral("spaceId"))
                               .toString();
        QString plant;
        for (const auto &value :
            http.get(V1 + QStringLiteral("/elements")).json.value(QStringLiteral("elements")).toArray()) {
            if (!value.toObject().value(QStringLiteral("static")).toBool()) {
                plant = value.toObject().value(QStringLiteral("id")).toString();
            }
        }
        QString placedId;
        {
            SpaceClient editor(Dialect::Seed);
            QVERIFY(editor.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server.server().spacePort()))));
            QVERIFY(editor.join(space, token));
            editor.send(PlaceElement{plant, {2, 3}});
            const auto placed = editor.waitFor<ElementPlaced>();
            QVERIFY(placed);
            placedId = placed->placed.id;
        }
        server.stop();
        QVERIFY(server.start().has_value());
        Client again(server.baseUrl());
        const auto elements =
            again.get(V1 + QStringLiteral("/space/") + space, token).json.value(QStringLiteral("elements")).toArray();
        QCOMPARE(elements.size(), 1);
        QCOMPARE(elements.at(0).toObject().value(QStringLiteral("id")).toString(), placedId);
        QCOMPARE(elements.at(0).toObject().value(QStringLiteral("x")).toInt(), 2);
    }

    void secondConnectionReplacesFirst()
    {
        const auto space = createSpace();
        auto watcher = joined(space, m_guest);
        auto first = joined(space, m_owner);
        QVERIFY(watcher && first);
        QVERIFY(watcher->waitFor<UserJoined>());
        auto second = joined(space, m_owner);
        QVERIFY(second);
        QVERIFY(first->waitForDisconnect());
        QCOMPARE(int(first->closeCode()), 4001);
        QVERIFY(first->closeReason().contains(QStringLiteral("replaced")));
        QCOMPARE(watcher->waitFor<UserLeft>()->userId, second->userId());
        const auto rejoined = watcher->waitFor<UserJoined>();
        QVERIFY(rejoined);
        QCOMPARE(rejoined->user.position, second->position());
        // The second connection works.
        Occupancy grid(Size{6, 5});
        QVERIFY(walk(
            *second, grid, second->position().x > 0 ? Point{0, second->position().y} : Point{1, second->position().y}));
    }

    void silentSocketsAreReaped()
    {
        const auto space = createSpace();
        auto watcher = joined(space, m_guest);
        QVERIFY(watcher);
        RawWebSocket silent;
        QVERIFY(silent.open(m_server->server().spacePort()));
        silent.sendText(toFrame(encodeClient(Join{space, QString::fromLatin1(m_owner)}, Dialect::Seed)));
        const auto arrived = watcher->waitFor<UserJoined>();
        QVERIFY(arrived);
        // It never answers the server's pings: gone within the idle timeout (1.5 s here).
        const auto left = watcher->waitFor<UserLeft>({}, 6000);
        QVERIFY(left);
        QCOMPARE(left->userId, arrived->user.userId);
        QVERIFY(silent.waitForDisconnect(3000));
        // The watcher answered every ping and is still there.
        QVERIFY(watcher->isConnected());
    }

    void socketsThatNeverJoinAreClosed()
    {
        // It answers pings (QWebSocket does), so only the join deadline (1.5 s here) removes it.
        SpaceClient idle(Dialect::Seed);
        QVERIFY(idle.open(spaceUrl()));
        QVERIFY(idle.waitForDisconnect(6000));
        QCOMPARE(idle.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QVERIFY(idle.closeReason().contains(QStringLiteral("join")));
    }

    void slowConsumerIsCoalescedThenDisconnected()
    {
        // Its own server: a reader that never reads also never answers pings, so the idle timeout
        // must not be what removes it.
        TestServer server([](Config &c) {
            c.moveRateLimit = 0;
            c.wsIdleTimeoutMs = 600000;
            c.wsMaxQueueBytes = 64 * 1024;
        });
        QVERIFY(server.start().has_value());
        Client http(server.baseUrl());
        const auto editorToken = http.signupAndLogin(QStringLiteral("busy"));
        const auto slowToken = http.signupAndLogin(QStringLiteral("sleepy"));
        const auto space = http.post(V1 + QStringLiteral("/space"),
                                   {{QStringLiteral("name"), QStringLiteral("Slow")},
                                       {QStringLiteral("dimensions"), QStringLiteral("40x40")}},
                                   editorToken)
                               .json.value(QStringLiteral("spaceId"))
                               .toString();
        http.post(V1 + QStringLiteral("/space/") + space + QStringLiteral("/members"),
            {{QStringLiteral("username"), QStringLiteral("sleepy")}}, editorToken);
        // Big events fill the kernel's socket buffers (which grow to megabytes) sooner: an element
        // with a 2,000-character image URL makes each placement event about 2 KB.
        const QString longUrl = QStringLiteral("https://example.com/") + QString(2000, QLatin1Char('a'));
        const auto plant = http.post(V1 + QStringLiteral("/admin/element"),
                                   {{QStringLiteral("imageUrl"), longUrl}, {QStringLiteral("width"), 1},
                                       {QStringLiteral("height"), 1}, {QStringLiteral("static"), false}},
                                   editorToken)
                               .json.value(QStringLiteral("id"))
                               .toString();
        QVERIFY(!plant.isEmpty());
        SpaceClient editor(Dialect::Seed);
        QVERIFY(editor.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server.server().spacePort()))));
        QVERIFY(editor.join(space, editorToken));
        RawWebSocket slow;
        QVERIFY(slow.open(server.server().spacePort(), "/", 2048));
        slow.sendText(toFrame(encodeClient(Join{space, QString::fromLatin1(slowToken)}, Dialect::Seed)));
        QVERIFY(editor.waitFor<UserJoined>());
        const auto slowCounter = [&] {
            const auto metrics = http.get(QStringLiteral("/metrics")).body;
            const QByteArray counter("\nmetaverse_space_slow_consumers_total ");
            const auto at = metrics.indexOf(counter);
            return at < 0 ? QByteArray() : metrics.mid(at + counter.size()).split('\n').constFirst();
        };

        // Moves are coalesced (latest position wins): however many, the slow reader stays.
        Occupancy grid(Size{40, 40});
        for (int round = 0; round < 20; ++round) {
            QVERIFY(walk(editor, grid, Point{round % 2 ? 0 : 39, editor.position().y}));
        }
        QVERIFY(!editor.waitFor<UserLeft>({}, 0));
        QCOMPARE(slowCounter(), QByteArray("0"));
        // Placements cannot be coalesced: once the kernel's buffers are full, past
        // WS_MAX_QUEUE_BYTES (64 KiB here) of backlog it is cut off.
        // How much the kernel buffers first depends on its autotuning (up to tcp_wmem's 4 MiB
        // here), so place in rounds until the server gives up on the reader.
        int placements = 0;
        std::optional<UserLeft> left;
        while (!left && placements < 12000) {
            for (int i = 0; i < 500; ++i, ++placements) {
                editor.send(PlaceElement{plant, {placements % 40, (placements / 40) % 40}});
            }
            editor.send(Ping{});
            QVERIFY(editor.waitFor<Pong>({}, 30000));
            left = editor.waitFor<UserLeft>({}, 0);
        }
        QVERIFY2(left, qPrintable(QStringLiteral("still connected after %1 placements").arg(placements)));
        QCOMPARE(slowCounter(), QByteArray("1"));
        // The editor was never held back: it heard every placement.
        QTRY_COMPARE_WITH_TIMEOUT(std::count_if(editor.received().cbegin(), editor.received().cend(),
                                      [](const ServerMessage &m) { return std::holds_alternative<ElementPlaced>(m); }),
            qsizetype(placements), 10000);
    }

    void batching()
    {
        const auto space = createSpace(QStringLiteral("20x1"));
        auto batched = joined(space, m_viewer, Dialect::Seed, true);
        auto mover = joined(space, m_owner);
        QVERIFY(batched && mover);
        Occupancy grid(Size{20, 1});
        QVERIFY(walk(*mover, grid, Point{0, 0}));
        QVERIFY(walk(*mover, grid, Point{19, 0}));
        QTRY_VERIFY(batched->batchFrames() > 0);
        // Moves within a tick are coalesced: the last position arrives, not necessarily each step.
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(batched->received().cbegin(), batched->received().cend(),
                [&](const ServerMessage &m) {
                    const auto *moved = std::get_if<UserMoved>(&m);
                    return moved && moved->userId == mover->userId() && moved->position == Point{19, 0};
                }),
            3000);
        int moves = 0;
        for (const auto &m : batched->received()) {
            moves += std::holds_alternative<UserMoved>(m) ? 1 : 0;
        }
        QVERIFY2(moves < 38, qPrintable(QString::number(moves)));
    }

    void batchFramesAreSharedAndCoalesced()
    {
        // A long tick, so that a burst of moves falls into one tick (two at most).
        const auto world = makeWorld([](Config &c) { c.wsBatchMs = 400; }, 4, QStringLiteral("20x1"));
        QVERIFY(world);
        auto first = world->join(1, true);
        auto second = world->join(2, true);
        auto third = world->join(3, true, true);
        QVERIFY(first && second && third);
        auto mover = world->join(0, false);
        QVERIFY(mover);
        const auto isMover = [&](const UserJoined &j) { return j.user.userId == mover->userId(); };
        for (auto *client : {first.get(), second.get(), third.get()}) {
            QVERIFY(client->waitFor<UserJoined>(isMover));
        }
        // From here on the batching sockets were in the room all along: every tick, the same frame.
        first->clearRawBatches();
        second->clearRawBatches();
        third->clearRawBatches();

        const Point target{mover->position().x < 10 ? 19 : 0, 0};
        const int steps = std::abs(target.x - mover->position().x);
        QVERIFY(walk(*mover, Occupancy(Size{20, 1}), target));
        for (auto *client : {first.get(), second.get(), third.get()}) {
            QTRY_VERIFY_WITH_TIMEOUT(movesOf(client->received(), mover->userId()).contains(target), 5000);
        }
        // Byte for byte the same frames, in the same order, whichever port the socket came through.
        QVERIFY(!first->rawBatches().isEmpty());
        QCOMPARE(first->rawBatches(), second->rawBatches());
        QCOMPARE(first->rawBatches(), third->rawBatches());
        // Latest wins within a tick: one position per user per frame, the walk's end last.
        for (const auto &frame : first->rawBatches()) {
            const auto messages = decodeServerFrame(frame, Dialect::Seed);
            QVERIFY(messages);
            QVERIFY2(movesOf(*messages, mover->userId()).size() <= 1, frame.constData());
        }
        const auto seen = movesOf(first->received(), mover->userId());
        QCOMPARE(seen.constLast(), target);
        QVERIFY2(seen.size() <= 2 && seen.size() < steps,
            qPrintable(QStringLiteral("%1 of %2").arg(seen.size()).arg(steps)));
    }

    void batchingLeavesOutOwnEvents()
    {
        const auto world = makeWorld([](Config &c) { c.wsBatchMs = 100; }, 2, QStringLiteral("20x1"));
        QVERIFY(world);
        auto watcher = world->join(1, true);
        auto mover = world->join(0, true);
        QVERIFY(watcher && mover);
        QVERIFY(watcher->waitFor<UserJoined>());
        // The pong that ends the walk comes in the mover's own batch, after its moves were handled.
        const Point target{mover->position().x < 10 ? 19 : 0, 0};
        QVERIFY(walk(*mover, Occupancy(Size{20, 1}), target));
        QTRY_VERIFY_WITH_TIMEOUT(movesOf(watcher->received(), mover->userId()).contains(target), 5000);
        // user-move goes to everyone else: the shared frame minus the mover's own entry.
        QVERIFY(movesOf(mover->received(), mover->userId()).isEmpty());
        QVERIFY(std::none_of(mover->received().cbegin(), mover->received().cend(), [&](const ServerMessage &m) {
            const auto *joined = std::get_if<UserJoined>(&m);
            return joined && joined->user.userId == mover->userId();
        }));
        // element-place goes to everyone, the sender included.
        QString plant;
        for (const auto &value :
            world->http->get(V1 + QStringLiteral("/elements")).json.value(QStringLiteral("elements")).toArray()) {
            const auto e = value.toObject();
            if (!e.value(QStringLiteral("static")).toBool() && e.value(QStringLiteral("width")).toInt() == 1 &&
                e.value(QStringLiteral("height")).toInt() == 1) {
                plant = e.value(QStringLiteral("id")).toString();
            }
        }
        QVERIFY(!plant.isEmpty());
        mover->send(PlaceElement{plant, {3, 0}});
        const auto forWatcher = watcher->waitFor<ElementPlaced>();
        const auto forMover = mover->waitFor<ElementPlaced>();
        QVERIFY(forWatcher && forMover);
        QCOMPARE(forMover->placed.id, forWatcher->placed.id);
    }

    void areaOfInterest()
    {
        // Cells of 5 tiles on a 40x1 strip: cells 0..7. A client with an area of interest gets
        // live moves from its own and the neighbouring cells, and of everyone else the latest
        // position at least every WS_INTEREST_FAR_MS.
        const auto world = makeWorld(
            [](Config &c) {
                c.wsBatchMs = 50;
                c.wsInterestCell = 5;
                c.wsInterestFarMs = 300;
            },
            4, QStringLiteral("40x1"));
        QVERIFY(world);
        const Occupancy grid(Size{40, 1});
        auto nearby = world->join(1, true, false, true);
        auto faraway = world->join(2, true, true, true); // through the HTTP port's upgrade
        auto everything = world->join(3, true);
        auto mover = world->join(0, false);
        QVERIFY(nearby && faraway && everything && mover);
        QVERIFY(walk(*nearby, grid, Point{0, 0}));
        QVERIFY(walk(*faraway, grid, Point{39, 0}));
        QVERIFY(walk(*mover, grid, Point{3, 0}));
        // Everyone has the mover at 3 (live or periodic) before the measured walk.
        for (auto *client : {nearby.get(), faraway.get(), everything.get()}) {
            QTRY_VERIFY_WITH_TIMEOUT(movesOf(client->received(), mover->userId()).contains(Point{3, 0}), 5000);
            client->clear();
        }

        QVERIFY(walk(*mover, grid, Point{8, 0})); // cell 0 -> 1: near the first, far from the second
        QTRY_VERIFY_WITH_TIMEOUT(
            movesOf(nearby->received(), mover->userId(), MoveKind::Live).contains(Point{8, 0}), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            movesOf(everything->received(), mover->userId(), MoveKind::Live).contains(Point{8, 0}), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            movesOf(faraway->received(), mover->userId(), MoveKind::Periodic).contains(Point{8, 0}), 5000);
        // The far one never got a live move of the mover; the one without an area no periodic one.
        QVERIFY(movesOf(faraway->received(), mover->userId(), MoveKind::Live).isEmpty());
        QVERIFY(movesOf(everything->received(), mover->userId(), MoveKind::Periodic).isEmpty());
        // Periodic positions are of far users only as far as the sender goes: never one's own.
        QVERIFY(movesOf(nearby->received(), nearby->userId()).isEmpty());
        QVERIFY(movesOf(faraway->received(), faraway->userId()).isEmpty());

        // Walking into the mover's area: its next moves arrive live.
        faraway->clear();
        QVERIFY(walk(*faraway, grid, Point{13, 0})); // cell 2: next to cell 1
        QVERIFY(walk(*mover, grid, Point{9, 0}));
        QTRY_VERIFY_WITH_TIMEOUT(
            movesOf(faraway->received(), mover->userId(), MoveKind::Live).contains(Point{9, 0}), 5000);

        // interest without batch is refused.
        auto bad = std::make_unique<SpaceClient>(Dialect::Seed);
        QVERIFY(bad->open(world->url()));
        bad->sendRaw(QStringLiteral(R"({"type":"user-join","data":{"spaceId":"%1","token":"%2","interest":true}})")
                         .arg(world->space, QString::fromLatin1(world->tokens.at(1))));
        const auto refused = bad->waitFor<ErrorMessage>();
        QVERIFY(refused);
        QCOMPARE(refused->code, ErrorCodes::BadMessage);
    }

    void areaOfInterestCatchesUp()
    {
        // A client that walks into an area after someone there moved (while it was far) gets
        // that user's position with the next periodic round, even though it is near now.
        const auto world = makeWorld(
            [](Config &c) {
                c.wsBatchMs = 50;
                c.wsInterestCell = 5;
                c.wsInterestFarMs = 1500;
            },
            2, QStringLiteral("40x1"));
        QVERIFY(world);
        const Occupancy grid(Size{40, 1});
        auto watcher = world->join(1, true, false, true);
        auto mover = world->join(0, false);
        QVERIFY(watcher && mover);
        QVERIFY(walk(*watcher, grid, Point{39, 0}));
        QVERIFY(walk(*mover, grid, Point{2, 0}));
        QTRY_VERIFY_WITH_TIMEOUT(movesOf(watcher->received(), mover->userId()).contains(Point{2, 0}), 5000);
        watcher->clear();
        QVERIFY(walk(*mover, grid, Point{1, 0})); // far from the watcher: no live move
        // Areas are decided when a tick goes out: the watcher's pong comes with a tick no earlier
        // than the one with that move, sent while the watcher was still far.
        watcher->send(Ping{});
        QVERIFY(watcher->waitFor<Pong>());
        QVERIFY(walk(*watcher, grid, Point{4, 0})); // now in the mover's cell, before the periodic round
        QTRY_VERIFY_WITH_TIMEOUT(
            movesOf(watcher->received(), mover->userId(), MoveKind::Periodic).contains(Point{1, 0}), 5000);
        QVERIFY(movesOf(watcher->received(), mover->userId(), MoveKind::Live).isEmpty());
    }

    void rejoinWithinATickKeepsOrder()
    {
        // A user moves, is replaced by a second connection (leave + join) and moves again, all in
        // one tick: the later move must come after the join, not replace the first move in place
        // (which would leave watchers with the spawn of the rejoin).
        const auto world = makeWorld([](Config &c) { c.wsBatchMs = 1000; }, 2, QStringLiteral("20x1"));
        QVERIFY(world);
        auto watcher = world->join(1, true);
        auto first = world->join(0, false);
        QVERIFY(watcher && first);
        QVERIFY(watcher->waitFor<UserJoined>());
        const Occupancy grid(Size{20, 1});
        QVERIFY(
            walk(*first, grid, Point{first->position().x < 10 ? first->position().x + 1 : first->position().x - 1, 0}));
        auto second = world->join(0, false);
        QVERIFY(second);
        const Point spawn = second->position();
        const Point target{spawn.x < 10 ? spawn.x + 1 : spawn.x - 1, 0};
        QVERIFY(walk(*second, grid, target));
        QTRY_COMPARE_WITH_TIMEOUT(
            lastKnownPosition(watcher->received(), second->userId()), std::optional(target), 5000);
    }

    void lateJoinerGetsOnlyWhatFollows()
    {
        // A socket that joins in the middle of a tick knows the room from space-joined: of that
        // tick's batch it gets what happened after it joined, including a later position of a
        // user whose earlier move in the same tick it must not get.
        const auto world = makeWorld([](Config &c) { c.wsBatchMs = 1000; }, 3, QStringLiteral("20x1"));
        QVERIFY(world);
        auto early = world->join(1, true);
        auto mover = world->join(0, false);
        QVERIFY(early && mover);
        Occupancy grid(Size{20, 1});
        const Point start = mover->position();
        const int dx = start.x < 10 ? 1 : -1;
        const Point before{start.x + dx, 0};
        const Point after{start.x + 2 * dx, 0};
        QVERIFY(walk(*mover, grid, before));
        auto late = world->join(2, true);
        QVERIFY(late);
        QVERIFY(walk(*mover, grid, after));
        QTRY_VERIFY_WITH_TIMEOUT(movesOf(late->received(), mover->userId()).contains(after), 5000);
        QVERIFY(!movesOf(late->received(), mover->userId()).contains(before));
        QVERIFY(std::none_of(late->received().cbegin(), late->received().cend(),
            [](const ServerMessage &m) { return std::holds_alternative<UserJoined>(m); }));
        QTRY_VERIFY_WITH_TIMEOUT(movesOf(early->received(), mover->userId()).contains(after), 5000);
    }

    void batchingSlowConsumerIsCutOff()
    {
        // As slowConsumerIsCoalescedThenDisconnected, with a batching reader that never reads.
        const auto world = makeWorld(
            [](Config &c) {
                c.wsIdleTimeoutMs = 600000;
                c.wsMaxQueueBytes = 64 * 1024;
            },
            2, QStringLiteral("40x40"));
        QVERIFY(world);
        const QString longUrl = QStringLiteral("https://example.com/") + QString(2000, QLatin1Char('a'));
        const auto plant = world->http
                               ->post(V1 + QStringLiteral("/admin/element"),
                                   {{QStringLiteral("imageUrl"), longUrl}, {QStringLiteral("width"), 1},
                                       {QStringLiteral("height"), 1}, {QStringLiteral("static"), false}},
                                   world->tokens.at(0))
                               .json.value(QStringLiteral("id"))
                               .toString();
        QVERIFY(!plant.isEmpty());
        auto editor = world->join(0, false);
        QVERIFY(editor);
        // It stops reading once 2 KiB wait in its buffer; the kernel's buffers keep their normal
        // size, so it can take everything quickly at the end.
        RawWebSocket slow;
        QVERIFY(slow.open(world->server->server().spacePort()));
        slow.socket().setReadBufferSize(2048);
        slow.sendText(
            toFrame(encodeClient(Join{world->space, QString::fromLatin1(world->tokens.at(1)), true}, Dialect::Seed)));
        QVERIFY(editor->waitFor<UserJoined>());
        int placements = 0;
        std::optional<UserLeft> left;
        while (!left && placements < 12000) {
            for (int i = 0; i < 500; ++i, ++placements) {
                editor->send(PlaceElement{plant, {placements % 40, (placements / 40) % 40}});
            }
            editor->send(Ping{});
            QVERIFY(editor->waitFor<Pong>({}, 30000));
            left = editor->waitFor<UserLeft>({}, 300);
        }
        QVERIFY2(left, qPrintable(QStringLiteral("still connected after %1 placements").arg(placements)));
        const auto metrics = world->http->get(QStringLiteral("/metrics")).body;
        QVERIFY(metrics.contains("\nmetaverse_space_slow_consumers_total 1\n"));
        // Behind what was already on its way, the close frame says why.
        QCOMPARE(slow.readUntilClose(10000), std::optional<int>(4008));
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("frame");
        QTest::addColumn<bool>("join");
        QTest::addColumn<QString>("code");
        QTest::newRow("malformed json") << "{\"type\":" << false << ErrorCodes::BadMessage;
        QTest::newRow("unknown type") << "{\"type\":\"fly\",\"data\":{}}" << true << ErrorCodes::BadMessage;
        QTest::newRow("move before join")
            << "{\"type\":\"user-move\",\"data\":{\"position\":{\"x\":1,\"y\":1}}}" << false << ErrorCodes::NotJoined;
        QTest::newRow("coordinates as strings")
            << "{\"type\":\"user-move\",\"data\":{\"position\":{\"x\":\"1\",\"y\":1}}}" << true
            << ErrorCodes::BadMessage;
        QTest::newRow("unknown status") << "{\"type\":\"user-status\",\"data\":{\"status\":\"gone\"}}" << true
                                        << ErrorCodes::BadMessage;
        QTest::newRow("status before join")
            << "{\"type\":\"user-status\",\"data\":{\"status\":\"busy\"}}" << false << ErrorCodes::NotJoined;
        QTest::newRow("join with unknown status")
            << "{\"type\":\"user-join\",\"data\":{\"spaceId\":\"x\",\"token\":\"t\",\"status\":\"dnd\"}}" << false
            << ErrorCodes::BadMessage;
        QTest::newRow("bad token") << "{\"type\":\"user-join\",\"data\":{\"spaceId\":\"x\",\"token\":\"nope\"}}"
                                   << false << ErrorCodes::Unauthorized;
        QTest::newRow("join twice") << "{\"type\":\"user-join\",\"data\":{\"spaceId\":\"x\",\"token\":\"nope\"}}"
                                    << true << ErrorCodes::AlreadyJoined;
        QTest::newRow("too large")
            << QStringLiteral("{\"type\":\"ping\",\"data\":{\"p\":\"%1\"}}").arg(QString(20000, QLatin1Char('a')))
            << true << ErrorCodes::TooLarge;
    }
    void badInput()
    {
        QFETCH(QString, frame);
        QFETCH(bool, join);
        QFETCH(QString, code);
        const auto space = createSpace();
        auto client = std::make_unique<SpaceClient>(Dialect::Seed);
        QVERIFY(client->open(spaceUrl()));
        std::unique_ptr<SpaceClient> other;
        if (join) {
            QVERIFY(client->join(space, m_owner));
            other = joined(space, m_guest);
            QVERIFY(other);
        }
        client->sendRaw(frame);
        const auto error = client->waitFor<ErrorMessage>();
        QVERIFY(error);
        QCOMPARE(error->code, code);
        QVERIFY(client->isConnected()); // one mistake does not close the socket
        if (other) {
            other->send(Ping{});
            QVERIFY(other->waitFor<Pong>());
            QVERIFY(std::none_of(other->received().cbegin(), other->received().cend(),
                [](const ServerMessage &m) { return std::holds_alternative<ErrorMessage>(m); }));
        }
    }

    void joinRefusals()
    {
        const auto space = createSpace();
        SpaceClient stranger(Dialect::Seed);
        QVERIFY(stranger.open(spaceUrl()));
        stranger.send(Join{space, QString::fromLatin1(m_stranger)});
        QCOMPARE(stranger.waitFor<ErrorMessage>()->code, ErrorCodes::Forbidden);
        stranger.send(Join{QStringLiteral("no-such-space"), QString::fromLatin1(m_stranger)});
        QCOMPARE(stranger.waitFor<ErrorMessage>()->code, ErrorCodes::NotFound);
        stranger.sendBinary(QByteArray("\x01\x02", 2));
        QCOMPARE(stranger.waitFor<ErrorMessage>()->code, ErrorCodes::BadMessage);
    }

    void abuseCloses()
    {
        SpaceClient abuser(Dialect::Seed);
        QVERIFY(abuser.open(spaceUrl()));
        for (int i = 0; i < 30; ++i) {
            abuser.sendRaw(QStringLiteral("garbage"));
        }
        QVERIFY(abuser.waitForDisconnect());
        QCOMPARE(abuser.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    }

    void randomFramesDoNotHurt()
    {
        const auto space = createSpace();
        auto observer = joined(space, m_guest);
        QVERIFY(observer);
        QRandomGenerator random(20261126);
        const QList<QByteArray> valid{
            toFrame(encodeClient(Join{space, QString::fromLatin1(m_owner)}, Dialect::Seed)),
            toFrame(encodeClient(Move{{1, 1}}, Dialect::Seed)),
            toFrame(encodeClient(PlaceElement{m_dynamicId, {2, 2}}, Dialect::Seed)),
            toFrame(encodeClient(Join{space, QString::fromLatin1(m_owner)}, Dialect::Lineage)),
        };
        for (int round = 0; round < 5; ++round) {
            SpaceClient fuzzer(Dialect::Seed);
            QVERIFY(fuzzer.open(spaceUrl()));
            for (int i = 0; i < 15; ++i) {
                QByteArray frame = valid.at(random.bounded(valid.size()));
                switch (random.bounded(4)) {
                case 0: // truncated
                    frame.truncate(random.bounded(frame.size()));
                    break;
                case 1: // flipped bytes
                    for (int k = 0; k < 4; ++k) {
                        frame[random.bounded(frame.size())] = char(random.bounded(32, 127));
                    }
                    break;
                case 2: // random printable noise
                    frame = QByteArray(random.bounded(1, 200), 'x');
                    for (auto &c : frame) {
                        c = char(random.bounded(32, 127));
                    }
                    break;
                default:
                    break;
                }
                fuzzer.sendRaw(QString::fromUtf8(frame));
            }
            fuzzer.send(Ping{});
            fuzzer.waitFor<Pong>({}, 2000);
        }
        // A normal client is served as before.
        auto normal = joined(space, m_viewer);
        QVERIFY(normal);
        observer->send(Ping{});
        QVERIFY(observer->waitFor<Pong>());
        QCOMPARE(observer->undecodable(), 0);
    }

    void upgradeOnHttpPort()
    {
        const auto space = createSpace();
        SpaceClient client(Dialect::Seed);
        QVERIFY(client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/space").arg(m_server->port()))));
        QVERIFY(client.join(space, m_owner));
        auto other = joined(space, m_guest);
        QVERIFY(other);
        QVERIFY(client.waitFor<UserJoined>());
    }

    void deletedSpaceClosesSockets()
    {
        const auto space = createSpace();
        auto inside = joined(space, m_guest);
        QVERIFY(inside);
        QCOMPARE(m_http->del(V1 + QStringLiteral("/space/") + space, m_owner).status, 200);
        QVERIFY(inside->waitForDisconnect());
        QCOMPARE(int(inside->closeCode()), 4004);
    }
};

QTEST_GUILESS_MAIN(TestSpace)
#include "tst_space.moc"
