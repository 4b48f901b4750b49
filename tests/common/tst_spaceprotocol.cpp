// SPDX-License-Identifier: GPL-3.0-or-later
// The space WebSocket protocol in both dialects: round trips and bad frames.
#include "protocol/space.h"

#include <QJsonDocument>
#include <QTest>

using namespace Metaverse;
using namespace Metaverse::SpaceProtocol;

Q_DECLARE_METATYPE(Metaverse::SpaceProtocol::Dialect)

class TestSpaceProtocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clientRoundTrip_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<int>("index");
        for (int i = 0; i < 9; ++i) {
            QTest::addRow("seed %d", i) << Dialect::Seed << i;
        }
        // The lineage dialect has join, move and leave.
        for (int i = 0; i < 3; ++i) {
            QTest::addRow("lineage %d", i) << Dialect::Lineage << i;
        }
    }
    void clientRoundTrip()
    {
        QFETCH(Dialect, dialect);
        QFETCH(int, index);
        const bool seed = dialect == Dialect::Seed;
        const QList<ClientMessage> messages{
            Join{QStringLiteral("s1"), QStringLiteral("tok"), seed, seed ? UserStatus::Away : UserStatus::Available},
            Move{{3, 4}}, Leave{}, PlaceElement{QStringLiteral("e1"), {1, 2}},
            MoveElement{QStringLiteral("p1"), {5, 6}}, RemoveElement{QStringLiteral("p1")}, Ping{},
            SetStatus{UserStatus::Busy},
            Join{QStringLiteral("s1"), QStringLiteral("tok"), true, UserStatus::Available, true}, // area of interest
        };
        const auto frame = toFrame(encodeClient(messages.at(index), dialect));
        // The first message fixes the dialect: decode without telling it.
        const auto decoded =
            decodeClient(frame, index == 0 || index == 8 ? std::nullopt : std::optional<Dialect>(dialect));
        QVERIFY2(decoded.has_value(), decoded ? "" : qPrintable(decoded.error().message));
        QCOMPARE(decoded->dialect, dialect);
        QVERIFY(decoded->message == messages.at(index));
    }

    void lineageWireFormat()
    {
        const auto join = decodeClient(R"({"type":"join","payload":{"spaceId":"s","token":"t"}})", std::nullopt);
        QVERIFY(join.has_value());
        QCOMPARE(join->dialect, Dialect::Lineage);
        const auto move = decodeClient(R"({"type":"move","payload":{"x":2,"y":3}})", Dialect::Lineage);
        QVERIFY(move.has_value());
        QCOMPARE(std::get<Move>(move->message).to, (Point{2, 3}));

        const auto joined = encodeServer(
            Joined{QStringLiteral("u1"), {1, 1}, {Presence{QStringLiteral("u2"), QStringLiteral("bob"), {}, {4, 5}}}},
            Dialect::Lineage);
        QVERIFY(joined.has_value());
        const auto payload = joined->value(QStringLiteral("payload")).toObject();
        QCOMPARE(payload.value(QStringLiteral("spawn")).toObject().value(QStringLiteral("x")).toInt(), 1);
        QCOMPARE(
            payload.value(QStringLiteral("users")).toArray().at(0).toObject().value(QStringLiteral("x")).toInt(), 4);
        const auto moved = encodeServer(UserMoved{QStringLiteral("u2"), {4, 6}}, Dialect::Lineage);
        QCOMPARE(moved->value(QStringLiteral("type")).toString(), QStringLiteral("movement"));
        QCOMPARE(moved->value(QStringLiteral("payload")).toObject().value(QStringLiteral("userId")).toString(),
            QStringLiteral("u2"));
        QCOMPARE(encodeServer(UserJoined{}, Dialect::Lineage)->value(QStringLiteral("type")).toString(),
            QStringLiteral("user-joined"));
        QCOMPARE(encodeServer(UserLeft{}, Dialect::Lineage)->value(QStringLiteral("type")).toString(),
            QStringLiteral("user-left"));
        QCOMPARE(encodeServer(MoveRejected{}, Dialect::Lineage)->value(QStringLiteral("type")).toString(),
            QStringLiteral("movement-rejected"));
        // Messages the lineage dialect does not know are not sent to it.
        QVERIFY(!encodeServer(ElementRemoved{QStringLiteral("p")}, Dialect::Lineage).has_value());
        QVERIFY(!encodeServer(ErrorMessage{}, Dialect::Lineage).has_value());
    }

    void serverRoundTrip_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<int>("index");
        for (int i = 0; i < 11; ++i) {
            QTest::addRow("seed %d", i) << Dialect::Seed << i;
        }
        for (int i = 0; i < 5; ++i) {
            QTest::addRow("lineage %d", i) << Dialect::Lineage << i;
        }
    }
    void serverRoundTrip()
    {
        QFETCH(Dialect, dialect);
        QFETCH(int, index);
        const bool seed = dialect == Dialect::Seed;
        const Presence bob{QStringLiteral("u2"), seed ? QStringLiteral("bob") : QString(),
            seed ? QStringLiteral("/assets/avatars/a.svg") : QString(), {4, 5},
            seed ? UserStatus::Busy : UserStatus::Available};
        const SpaceElement placed{QStringLiteral("p1"), {2, 3},
            Element{
                QStringLiteral("e1"), QStringLiteral("Desk"), QStringLiteral("/assets/elements/desk.svg"), 2, 1, true}};
        const QList<ServerMessage> messages{
            Joined{QStringLiteral("u1"), {1, 1}, {bob}},
            UserJoined{bob},
            UserMoved{QStringLiteral("u2"), {4, 6}},
            MoveRejected{{1, 1}},
            UserLeft{QStringLiteral("u2")},
            ElementPlaced{placed},
            ElementMoved{QStringLiteral("p1"), {0, 0}},
            ElementRemoved{QStringLiteral("p1")},
            Pong{},
            ErrorMessage{QStringLiteral("invalid"), QStringLiteral("nope")},
            StatusChanged{QStringLiteral("u2"), UserStatus::Away},
        };
        const auto encoded = encodeServer(messages.at(index), dialect);
        QVERIFY(encoded.has_value());
        const auto decoded = decodeServer(*encoded, dialect);
        QVERIFY2(decoded.has_value(), decoded ? "" : qPrintable(decoded.error().message));
        QVERIFY(*decoded == messages.at(index));
    }

    // The exact shapes of docs/api/websocket.md: statuses are seed-only, lower-case names.
    void statusWireFormat()
    {
        QCOMPARE(toFrame(encodeClient(SetStatus{UserStatus::Busy}, Dialect::Seed)),
            QByteArray(R"({"data":{"status":"busy"},"type":"user-status"})"));
        // A join asks for a status only when it is not the default.
        QCOMPARE(toFrame(encodeClient(Join{QStringLiteral("s"), QStringLiteral("t")}, Dialect::Seed)),
            QByteArray(R"({"data":{"spaceId":"s","token":"t"},"type":"user-join"})"));
        QCOMPARE(toFrame(encodeClient(
                     Join{QStringLiteral("s"), QStringLiteral("t"), false, UserStatus::Away}, Dialect::Seed)),
            QByteArray(R"({"data":{"spaceId":"s","status":"away","token":"t"},"type":"user-join"})"));
        const auto join = decodeClient(R"({"type":"user-join","data":{"spaceId":"s","token":"t"}})", std::nullopt);
        QVERIFY(join.has_value());
        QCOMPARE(std::get<Join>(join->message).status, UserStatus::Available);

        QCOMPARE(toFrame(*encodeServer(StatusChanged{QStringLiteral("u1"), UserStatus::Away}, Dialect::Seed)),
            QByteArray(R"({"data":{"status":"away","userId":"u1"},"type":"user-status"})"));
        const Presence bob{QStringLiteral("u2"), QStringLiteral("bob"), {}, {4, 5}, UserStatus::Busy};
        QCOMPARE(toFrame(*encodeServer(UserJoined{bob}, Dialect::Seed)),
            QByteArray(R"({"data":{"avatar":null,"position":{"x":4,"y":5},"status":"busy","userId":"u2",)"
                       R"("username":"bob"},"type":"user-join"})"));
        const auto joined = encodeServer(Joined{QStringLiteral("u1"), {1, 1}, {bob}}, Dialect::Seed);
        QCOMPARE(joined->value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("users"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
            QStringLiteral("busy"));

        // The lineage dialect has no statuses: nothing is sent to it, and its presence has none.
        QVERIFY(!encodeServer(StatusChanged{QStringLiteral("u1"), UserStatus::Busy}, Dialect::Lineage).has_value());
        QVERIFY(!encodeServer(UserJoined{bob}, Dialect::Lineage)
                     ->value(QStringLiteral("payload"))
                     .toObject()
                     .contains(QStringLiteral("status")));
        QVERIFY(!decodeClient(R"({"type":"user-status","payload":{"status":"busy"}})", Dialect::Lineage).has_value());

        // A presence without a status (a server from before statuses) is available.
        const auto old = decodeServer(QJsonDocument::fromJson(R"({"type":"user-join","data":{"userId":"u2",)"
                                                              R"("username":"bob","avatar":null,)"
                                                              R"("position":{"x":1,"y":2}}})")
                                          .object(),
            Dialect::Seed);
        QVERIFY(old.has_value());
        QCOMPARE(std::get<UserJoined>(*old).user.status, UserStatus::Available);
    }

    void statusNames()
    {
        for (const auto status : {UserStatus::Available, UserStatus::Busy, UserStatus::Away}) {
            QCOMPARE(parseStatus(statusName(status)), std::optional<UserStatus>(status));
        }
        QCOMPARE(statusName(UserStatus::Available), QStringLiteral("available"));
        QVERIFY(!parseStatus(QStringLiteral("Busy")));
        QVERIFY(!parseStatus(QStringLiteral(" away")));
        QVERIFY(!parseStatus(QString()));
    }

    void badServerStatus()
    {
        const auto unknown = decodeServer(
            QJsonDocument::fromJson(R"({"type":"user-status","data":{"userId":"u","status":"gone"}})").object(),
            Dialect::Seed);
        QVERIFY(!unknown.has_value());
        const auto missing = decodeServer(
            QJsonDocument::fromJson(R"({"type":"user-status","data":{"userId":"u"}})").object(), Dialect::Seed);
        QVERIFY(!missing.has_value());
    }

    void batches()
    {
        QList<QJsonObject> items;
        items.append(*encodeServer(UserMoved{QStringLiteral("a"), {1, 2}}, Dialect::Seed));
        items.append(*encodeServer(UserLeft{QStringLiteral("b")}, Dialect::Seed));
        const auto decoded = decodeServerFrame(toFrame(encodeBatch(items)), Dialect::Seed);
        QVERIFY(decoded.has_value());
        QCOMPARE(decoded->size(), 2);
        QVERIFY(std::holds_alternative<UserLeft>(decoded->at(1)));
    }

    void periodicPositions()
    {
        // Far users' positions (area of interest) travel as one `user-positions` entry of a
        // batch, [[userId, x, y], ...], decoded into periodic UserMoved.
        const UserMoved periodic{QStringLiteral("a"), {7, 8}, true};
        const auto seed = encodeServer(periodic, Dialect::Seed);
        QVERIFY(seed);
        QCOMPARE(toFrame(*seed), QByteArray(R"({"data":[["a",7,8]],"type":"user-positions"})"));
        const auto back = decodeServer(*seed, Dialect::Seed);
        QVERIFY(back.has_value());
        QVERIFY(std::get<UserMoved>(*back) == periodic);
        const QByteArray entries = PositionsHead + encodePositionEntry(QStringLiteral("a\"b"), {1, 2}) + ',' +
            encodePositionEntry(QStringLiteral("c"), {3, 4}) + PositionsTail;
        const auto frame = decodeServerFrame(
            R"({"type":"batch","data":[{"type":"user-leave","data":{"userId":"z"}},)" + entries + "]}", Dialect::Seed);
        QVERIFY2(frame.has_value(), frame ? "" : qPrintable(frame.error().message));
        QCOMPARE(frame->size(), 3);
        QVERIFY(std::get<UserMoved>(frame->at(1)) == (UserMoved{QStringLiteral("a\"b"), {1, 2}, true}));
        QVERIFY(std::get<UserMoved>(frame->at(2)) == (UserMoved{QStringLiteral("c"), {3, 4}, true}));
        for (const char *bad : {R"([["a",1]])", R"([["a",1,2.5]])", R"([[1,1,2]])", R"({"a":1})", R"([["a",1,1e9]])"}) {
            const QByteArray text =
                R"({"type":"batch","data":[{"type":"user-positions","data":)" + QByteArray(bad) + "}]}";
            QVERIFY2(!decodeServerFrame(text, Dialect::Seed).has_value(), bad);
        }
        const auto live = encodeServer(UserMoved{QStringLiteral("a"), {7, 8}}, Dialect::Seed);
        QCOMPARE(live->value(QStringLiteral("type")).toString(), QStringLiteral("user-move"));
        QVERIFY(!std::get<UserMoved>(*decodeServer(*live, Dialect::Seed)).periodic);
        // interest only with batch.
        QVERIFY(
            !decodeClient(R"({"type":"user-join","data":{"spaceId":"s","token":"t","interest":true}})", std::nullopt)
                 .has_value());
        QVERIFY(!decodeClient(
            R"({"type":"user-join","data":{"spaceId":"s","token":"t","batch":true,"interest":1}})", std::nullopt)
                     .has_value());
    }

    void badFrames_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<bool>("joined");
        QTest::newRow("not json") << QByteArray("hello") << false;
        QTest::newRow("truncated") << QByteArray(R"({"type":"user-move","data":{"position":{"x":1)") << true;
        QTest::newRow("array") << QByteArray("[1,2]") << false;
        QTest::newRow("no type") << QByteArray(R"({"data":{}})") << false;
        QTest::newRow("type not string") << QByteArray(R"({"type":5,"data":{}})") << false;
        QTest::newRow("unknown type") << QByteArray(R"({"type":"teleport","data":{}})") << true;
        QTest::newRow("join without token") << QByteArray(R"({"type":"user-join","data":{"spaceId":"s"}})") << false;
        QTest::newRow("position string") << QByteArray(R"({"type":"user-move","data":{"position":{"x":"1","y":2}}})")
                                         << true;
        QTest::newRow("position float") << QByteArray(R"({"type":"user-move","data":{"position":{"x":1.5,"y":2}}})")
                                        << true;
        QTest::newRow("position missing") << QByteArray(R"({"type":"user-move","data":{}})") << true;
        QTest::newRow("absurd coordinate")
            << QByteArray(R"({"type":"user-move","data":{"position":{"x":1e12,"y":2}}})") << true;
        QTest::newRow("data not object") << QByteArray(R"({"type":"element-remove","data":"p1"})") << true;
        QTest::newRow("status missing") << QByteArray(R"({"type":"user-status","data":{}})") << true;
        QTest::newRow("status unknown") << QByteArray(R"({"type":"user-status","data":{"status":"offline"}})") << true;
        QTest::newRow("status capitalised") << QByteArray(R"({"type":"user-status","data":{"status":"Busy"}})") << true;
        QTest::newRow("status not string") << QByteArray(R"({"type":"user-status","data":{"status":1}})") << true;
        QTest::newRow("status null") << QByteArray(R"({"type":"user-status","data":{"status":null}})") << true;
        QTest::newRow("join with unknown status")
            << QByteArray(R"({"type":"user-join","data":{"spaceId":"s","token":"t","status":"dnd"}})") << false;
        QTest::newRow("too large") << QByteArray(R"({"type":"ping","data":{"pad":")") + QByteArray(20000, 'a') +
                QByteArray(R"("}})")
                                   << true;
    }
    void badFrames()
    {
        QFETCH(QByteArray, frame);
        QFETCH(bool, joined);
        const auto decoded = decodeClient(frame, joined ? std::optional<Dialect>(Dialect::Seed) : std::nullopt);
        QVERIFY(!decoded.has_value());
        QVERIFY(!decoded.error().message.isEmpty());
    }

    void offGridMovesAreMovesNotErrors()
    {
        // Illegal but well-formed coordinates decode; the grid rejects them with the true position.
        const auto decoded =
            decodeClient(R"({"type":"user-move","data":{"position":{"x":-1,"y":5000}}})", Dialect::Seed);
        QVERIFY(decoded.has_value());
        QCOMPARE(std::get<Move>(decoded->message).to, (Point{-1, 5000}));
    }
};

QTEST_GUILESS_MAIN(TestSpaceProtocol)
#include "tst_spaceprotocol.moc"
