// SPDX-License-Identifier: GPL-3.0-or-later
// Codecs, validation and grid rules from common/, with bad-input rows.
#include "grid/grid.h"
#include "json.h"
#include "model/avatar.h"
#include "model/chat.h"
#include "model/element.h"
#include "model/space.h"
#include "model/user.h"
#include "protocol/rest.h"
#include "validation/validation.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

using namespace Metaverse;

namespace
{
QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}
} // namespace

class TestCommon : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dimensions_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("simple") << QStringLiteral("100x200") << true << 100 << 200;
        QTest::newRow("min") << QStringLiteral("1x1") << true << 1 << 1;
        QTest::newRow("max") << QStringLiteral("1000x1000") << true << 1000 << 1000;
        QTest::newRow("zero") << QStringLiteral("0x10") << false << 0 << 0;
        QTest::newRow("too big") << QStringLiteral("1001x10") << false << 0 << 0;
        QTest::newRow("negative") << QStringLiteral("-5x10") << false << 0 << 0;
        QTest::newRow("upper X") << QStringLiteral("10X10") << false << 0 << 0;
        QTest::newRow("spaces") << QStringLiteral("10 x 10") << false << 0 << 0;
        QTest::newRow("empty") << QStringLiteral("") << false << 0 << 0;
        QTest::newRow("one side") << QStringLiteral("10") << false << 0 << 0;
        QTest::newRow("huge digits") << QStringLiteral("99999999999x1") << false << 0 << 0;
        QTest::newRow("trailing") << QStringLiteral("10x10x") << false << 0 << 0;
    }
    void dimensions()
    {
        QFETCH(QString, input);
        QFETCH(bool, valid);
        const auto result = Validation::dimensions(input);
        QCOMPARE(result.has_value(), valid);
        if (valid) {
            QFETCH(int, width);
            QFETCH(int, height);
            QCOMPARE(result->width, width);
            QCOMPARE(result->height, height);
            QCOMPARE(Validation::formatDimensions(*result), input);
        } else {
            QCOMPARE(result.error().fields.constFirst().field, QStringLiteral("dimensions"));
        }
    }

    void username_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("alice") << true;
        QTest::newRow("digits and marks") << QStringLiteral("a.b-c_9") << true;
        QTest::newRow("too short") << QStringLiteral("ab") << false;
        QTest::newRow("too long") << QString(33, QLatin1Char('a')) << false;
        QTest::newRow("leading dot") << QStringLiteral(".alice") << false;
        QTest::newRow("space") << QStringLiteral("al ice") << false;
        QTest::newRow("unicode") << QString::fromUtf8("älice") << false;
        QTest::newRow("empty") << QStringLiteral("") << false;
        QTest::newRow("injection") << QStringLiteral("a'; DROP TABLE users;--") << false;
    }
    void username()
    {
        QFETCH(QString, input);
        QFETCH(bool, valid);
        QCOMPARE(Validation::username(input).has_value(), valid);
    }

    void password_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ok") << QStringLiteral("correct horse") << true;
        QTest::newRow("short") << QStringLiteral("short") << false;
        QTest::newRow("72 bytes") << QString(72, QLatin1Char('x')) << true;
        QTest::newRow("73 bytes") << QString(73, QLatin1Char('x')) << false;
        QTest::newRow("multibyte over 72") << QString(25, QChar(0x20AC)) << false; // 75 bytes
        QTest::newRow("nul") << QStringLiteral("abcdefgh") + QChar(0) << false;
    }
    void password()
    {
        QFETCH(QString, input);
        QFETCH(bool, valid);
        QCOMPARE(Validation::password(input, 8).has_value(), valid);
    }

    void imageUrl_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("valid");
        QTest::newRow("https") << QStringLiteral("https://example.com/a.png") << true;
        QTest::newRow("assets path") << QStringLiteral("/assets/elements/desk.svg") << true;
        QTest::newRow("traversal") << QStringLiteral("/assets/../etc/passwd") << false;
        QTest::newRow("javascript") << QStringLiteral("javascript:alert(1)") << false;
        QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << false;
        QTest::newRow("empty") << QStringLiteral("") << false;
        QTest::newRow("space") << QStringLiteral("https://example.com/a b.png") << false;
        QTest::newRow("too long") << QStringLiteral("https://example.com/") + QString(3000, QLatin1Char('a')) << false;
    }
    void imageUrl()
    {
        QFETCH(QString, input);
        QFETCH(bool, valid);
        QCOMPARE(Validation::imageUrl(input).has_value(), valid);
    }

    void names()
    {
        QVERIFY(Validation::name(QStringLiteral("Office")).has_value());
        QVERIFY(!Validation::name(QStringLiteral("   ")).has_value());
        QVERIFY(!Validation::name(QString(101, QLatin1Char('a'))).has_value());
        QVERIFY(!Validation::name(QStringLiteral("a\x01b")).has_value());
        QVERIFY(Validation::id(QStringLiteral("0b1c7e2a-aaaa-bbbb-cccc-000000000000")).has_value());
        QVERIFY(!Validation::id(QStringLiteral("../x")).has_value());
        QVERIFY(!Validation::id(QString(65, QLatin1Char('a'))).has_value());
    }

    void gridFits_data()
    {
        QTest::addColumn<Rect>("footprint");
        QTest::addColumn<bool>("fits");
        QTest::newRow("origin") << Rect{0, 0, 1, 1} << true;
        QTest::newRow("bottom right corner") << Rect{8, 3, 2, 2} << true;
        QTest::newRow("overhangs right") << Rect{9, 0, 2, 1} << false;
        QTest::newRow("overhangs bottom") << Rect{0, 4, 1, 2} << false;
        QTest::newRow("negative") << Rect{-1, 0, 1, 1} << false;
        QTest::newRow("empty") << Rect{0, 0, 0, 1} << false;
        QTest::newRow("overflow") << Rect{std::numeric_limits<int>::max(), 0, 2, 1} << false;
    }
    void gridFits()
    {
        QFETCH(Rect, footprint);
        QFETCH(bool, fits);
        QCOMPARE(Grid::fitsInside(footprint, Size{10, 5}), fits);
    }

    void gridMoves_data()
    {
        QTest::addColumn<Point>("from");
        QTest::addColumn<Point>("to");
        QTest::addColumn<bool>("legal");
        // A 5x5 space with a static 2x1 element at (2,2)-(3,2).
        QTest::newRow("right") << Point{0, 0} << Point{1, 0} << true;
        QTest::newRow("down") << Point{0, 0} << Point{0, 1} << true;
        QTest::newRow("diagonal") << Point{0, 0} << Point{1, 1} << false;
        QTest::newRow("two steps") << Point{0, 0} << Point{2, 0} << false;
        QTest::newRow("stay") << Point{1, 1} << Point{1, 1} << false;
        QTest::newRow("off left") << Point{0, 0} << Point{-1, 0} << false;
        QTest::newRow("off bottom") << Point{0, 4} << Point{0, 5} << false;
        QTest::newRow("into static") << Point{2, 1} << Point{2, 2} << false;
        QTest::newRow("into static second tile") << Point{4, 2} << Point{3, 2} << false;
        QTest::newRow("beside static") << Point{1, 1} << Point{1, 2} << true;
    }
    void gridMoves()
    {
        QFETCH(Point, from);
        QFETCH(Point, to);
        QFETCH(bool, legal);
        Occupancy grid(Size{5, 5});
        grid.block(Rect{2, 2, 2, 1});
        QCOMPARE(grid.isLegalMove(from, to), legal);
    }

    void occupancyCountsOverlaps()
    {
        Occupancy grid(Size{3, 3});
        grid.block(Rect{0, 0, 2, 2});
        grid.block(Rect{1, 1, 2, 2});
        grid.unblock(Rect{0, 0, 2, 2});
        QVERIFY(grid.isBlocked(Point{1, 1})); // still covered by the second footprint
        QVERIFY(!grid.isBlocked(Point{0, 0}));
    }

    void spawn()
    {
        Occupancy grid(Size{4, 4});
        grid.block(Rect{0, 0, 4, 3});
        grid.block(Rect{0, 3, 3, 1});
        QRandomGenerator random(42);
        for (int i = 0; i < 20; ++i) {
            const auto spawn = grid.findSpawn(random);
            QVERIFY(spawn.has_value());
            QCOMPARE(*spawn, (Point{3, 3}));
        }
        grid.block(Rect{3, 3, 1, 1});
        QVERIFY(!grid.findSpawn(random).has_value());
    }

    void userCodec()
    {
        const User user{QStringLiteral("u1"), QStringLiteral("alice"), Role::Admin, QStringLiteral("a1")};
        const auto json = toJson(user);
        QCOMPARE(json.value(QStringLiteral("role")).toString(), QStringLiteral("Admin"));
        const auto back = fromJson<User>(json);
        QVERIFY(back.has_value());
        QCOMPARE(*back, user);
        const auto bad = fromJson<User>(obj(R"({"id": "u1", "username": 5, "role": "Root"})"));
        QVERIFY(!bad.has_value());
        QCOMPARE(bad.error().fields.size(), 2);
    }

    void spaceCodec()
    {
        Space space;
        space.id = QStringLiteral("s1");
        space.name = QStringLiteral("Office");
        space.size = {30, 20};
        space.creatorId = QStringLiteral("u1");
        space.elements.append(SpaceElement{QStringLiteral("p1"), {3, 4},
            Element{QStringLiteral("e1"), QStringLiteral("Desk"), QStringLiteral("/assets/elements/desk.svg"), 2, 1,
                true}});
        const auto json = toJson(space);
        QCOMPARE(json.value(QStringLiteral("dimensions")).toString(), QStringLiteral("30x20"));
        const auto element = json.value(QStringLiteral("elements"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QStringLiteral("element"))
                                 .toObject();
        QCOMPARE(element.value(QStringLiteral("imageurl")).toString(), QStringLiteral("/assets/elements/desk.svg"));
        QCOMPARE(element.value(QStringLiteral("static")).toBool(), true);
        const auto back = fromJson<Space>(json);
        QVERIFY(back.has_value());
        QCOMPARE(*back, space);

        const auto summary = spaceFromSummaryJson(toSummaryJson(space));
        QVERIFY(summary.has_value());
        QCOMPARE(summary->size, space.size);

        auto broken = json;
        auto elements = broken.value(QStringLiteral("elements")).toArray();
        auto first = elements.at(0).toObject();
        first.insert(QStringLiteral("x"), QStringLiteral("three"));
        elements.replace(0, first);
        broken.insert(QStringLiteral("elements"), elements);
        const auto bad = fromJson<Space>(broken);
        QVERIFY(!bad.has_value());
        QCOMPARE(bad.error().fields.constFirst().field, QStringLiteral("elements[0].x"));
    }

    void chatCodecs()
    {
        Message message{QStringLiteral("m1"), QStringLiteral("r1"), QStringLiteral("u1"), QStringLiteral("alice"),
            QStringLiteral("av1"), QStringLiteral("hi"), QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC)};
        auto back = fromJson<Message>(toJson(message));
        QVERIFY(back.has_value());
        QCOMPARE(back->timestamp, message.timestamp);
        QCOMPARE(back->content, message.content);
        QCOMPARE(back->senderAvatarId, message.senderAvatarId);
        QVERIFY(!back->deleted);
        message.deleted = true;
        message.content.clear();
        QVERIFY(fromJson<Message>(toJson(message))->deleted);
        QVERIFY(
            !fromJson<Message>(obj(R"({"id":"m","senderId":"u","content":"x","timestamp":"yesterday"})")).has_value());
        Chatroom room{QStringLiteral("r1"), QStringLiteral("general"), QStringLiteral("s1"), QStringLiteral("u1"),
            ChatroomKind::Private, 3};
        auto roomBack = fromJson<Chatroom>(toJson(room));
        QVERIFY(roomBack.has_value());
        QCOMPARE(*roomBack, room);
        auto unknownKind = toJson(room);
        unknownKind.insert(QStringLiteral("kind"), QStringLiteral("secret"));
        QVERIFY(!fromJson<Chatroom>(unknownKind).has_value());
    }

    void requests_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QStringList>("badFields");
        QTest::newRow("signup ok") << QByteArray(R"({"username":"alice","password":"secret123","type":"ADMIN"})")
                                   << QStringLiteral("signup") << QStringList{};
        QTest::newRow("signup missing") << QByteArray(R"({"password":"secret123"})") << QStringLiteral("signup")
                                        << QStringList{QStringLiteral("username")};
        QTest::newRow("signup bad type") << QByteArray(R"({"username":"alice","password":"secret123","type":"root"})")
                                         << QStringLiteral("signup") << QStringList{QStringLiteral("type")};
        QTest::newRow("signup wrong types")
            << QByteArray(R"({"username":5,"password":true})") << QStringLiteral("signup")
            << QStringList{QStringLiteral("username"), QStringLiteral("password")};
        QTest::newRow("space dims") << QByteArray(R"({"name":"A","dimensions":"100x200"})") << QStringLiteral("space")
                                    << QStringList{};
        QTest::newRow("space map") << QByteArray(R"({"name":"A","mapId":"abc"})") << QStringLiteral("space")
                                   << QStringList{};
        QTest::newRow("space neither") << QByteArray(R"({"name":"A"})") << QStringLiteral("space")
                                       << QStringList{QStringLiteral("dimensions")};
        QTest::newRow("space bad dims") << QByteArray(R"({"name":"A","dimensions":"0x5"})") << QStringLiteral("space")
                                        << QStringList{QStringLiteral("dimensions")};
        QTest::newRow("space blank name") << QByteArray(R"({"name":"  ","dimensions":"5x5"})")
                                          << QStringLiteral("space") << QStringList{QStringLiteral("name")};
        QTest::newRow("element ok alias")
            << QByteArray(R"({"imageurl":"/assets/x.svg","width":1,"height":2,"static":true})")
            << QStringLiteral("element") << QStringList{};
        QTest::newRow("element float") << QByteArray(
                                              R"({"imageUrl":"/assets/x.svg","width":1.5,"height":2,"static":true})")
                                       << QStringLiteral("element") << QStringList{QStringLiteral("width")};
        QTest::newRow("element static string")
            << QByteArray(R"({"imageUrl":"/assets/x.svg","width":1,"height":2,"static":"yes"})")
            << QStringLiteral("element") << QStringList{QStringLiteral("static")};
        QTest::newRow("place ok") << QByteArray(R"({"spaceId":"s","elementId":"e","x":0,"y":3})")
                                  << QStringLiteral("place") << QStringList{};
        QTest::newRow("place negative") << QByteArray(R"({"spaceId":"s","elementId":"e","x":-1,"y":3})")
                                        << QStringLiteral("place") << QStringList{QStringLiteral("x")};
        QTest::newRow("place string coord") << QByteArray(R"({"spaceId":"s","elementId":"e","x":"1","y":3})")
                                            << QStringLiteral("place") << QStringList{QStringLiteral("x")};
        QTest::newRow("map ok")
            << QByteArray(R"({"name":"M","dimensions":"10x10","defaultElements":[{"elementId":"e","x":1,"y":1}]})")
            << QStringLiteral("map") << QStringList{};
        QTest::newRow("map bad item") << QByteArray(
                                             R"({"name":"M","dimensions":"10x10","defaultElements":[{"x":1,"y":1}]})")
                                      << QStringLiteral("map")
                                      << QStringList{QStringLiteral("defaultElements[0].elementId")};
        QTest::newRow("map items not array") << QByteArray(R"({"name":"M","dimensions":"10x10","defaultElements":{}})")
                                             << QStringLiteral("map") << QStringList{QStringLiteral("defaultElements")};
    }
    void requests()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, type);
        QFETCH(QStringList, badFields);
        const auto value = QJsonDocument::fromJson(json).object();
        Error error;
        bool ok = false;
        const auto check = [&](const auto &result) {
            ok = result.has_value();
            if (!ok) {
                error = result.error();
            }
        };
        if (type == QLatin1String("signup")) {
            check(fromJson<Rest::SignupRequest>(value));
        } else if (type == QLatin1String("space")) {
            check(fromJson<Rest::CreateSpaceRequest>(value));
        } else if (type == QLatin1String("element")) {
            check(fromJson<Rest::CreateElementRequest>(value));
        } else if (type == QLatin1String("place")) {
            check(fromJson<Rest::PlaceElementRequest>(value));
        } else if (type == QLatin1String("map")) {
            check(fromJson<Rest::MapRequest>(value));
        }
        QCOMPARE(ok, badFields.isEmpty());
        QStringList fields;
        for (const auto &f : error.fields) {
            fields.append(f.field);
        }
        QCOMPARE(fields, badFields);
    }

    void requestRoundTrips()
    {
        Rest::MapRequest map{
            QStringLiteral("M"), {10, 8}, QStringLiteral("/assets/maps/office.svg"), {{QStringLiteral("e1"), {1, 2}}}};
        const auto back = fromJson<Rest::MapRequest>(Rest::toJson(map));
        QVERIFY(back.has_value());
        QCOMPARE(back->dimensions, map.dimensions);
        QCOMPARE(back->defaultElements.size(), 1);
        QCOMPARE(back->defaultElements.at(0).position, (Point{1, 2}));

        const Rest::CreateSpaceRequest space{QStringLiteral("Mine"), Size{5, 6}, {}};
        const auto spaceBack = fromJson<Rest::CreateSpaceRequest>(Rest::toJson(space));
        QVERIFY(spaceBack.has_value());
        QCOMPARE(*spaceBack->dimensions, (Size{5, 6}));
    }

    void parseBody()
    {
        QVERIFY(parseJsonObject("{\"a\":1}").has_value());
        QVERIFY(!parseJsonObject("{\"a\":").has_value());
        QVERIFY(!parseJsonObject("[1,2]").has_value());
        QVERIFY(!parseJsonObject("").has_value());
    }
};

QTEST_GUILESS_MAIN(TestCommon)
#include "tst_common.moc"
