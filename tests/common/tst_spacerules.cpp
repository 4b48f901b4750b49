// SPDX-License-Identifier: GPL-3.0-or-later
// The rules server and client share: who may read, edit and manage a space (model/spaceaccess), the
// element bookkeeping (grid/spacelayout), and where an element may stand (grid/placement).

#include "grid/placement.h"
#include "grid/spacelayout.h"
#include "model/spaceaccess.h"

#include <QTest>

using namespace Metaverse;

Q_DECLARE_METATYPE(Metaverse::Point)
Q_DECLARE_METATYPE(Metaverse::Membership)
Q_DECLARE_METATYPE(Metaverse::ErrorCode)

namespace
{

Element element(const QString &id, int width, int height, bool isStatic)
{
    return Element{id, id, QStringLiteral("/assets/") + id + QStringLiteral(".svg"), width, height, isStatic};
}

const Element Wall = element(QStringLiteral("wall"), 1, 1, true);
const Element Desk = element(QStringLiteral("desk"), 2, 1, true);
const Element Rug = element(QStringLiteral("rug"), 3, 2, false);
const Element Plant = element(QStringLiteral("plant"), 1, 1, false);
const Element Chair = element(QStringLiteral("chair"), 1, 1, false);

Element byName(const QString &name)
{
    for (const auto &e : {Wall, Desk, Rug, Plant, Chair}) {
        if (e.id == name) {
            return e;
        }
    }
    return element(name, 1, 1, false);
}

// A 10x6 office:
//   0123456789
// 0 ....W...p.     W wall (static 1x1) "w1", p plant (dynamic) "p1"
// 1 ..........
// 2 ..........
// 3 RRR...DD..     R rug (dynamic 3x2) "r1", D desk (static 2x1) "d1"
// 4 RRR.......
// 5 ..........
SpaceLayout office()
{
    return SpaceLayout(Size{10, 6},
        {SpaceElement{QStringLiteral("w1"), {4, 0}, Wall}, SpaceElement{QStringLiteral("p1"), {8, 0}, Plant},
            SpaceElement{QStringLiteral("r1"), {0, 3}, Rug}, SpaceElement{QStringLiteral("d1"), {6, 3}, Desk}});
}

// The layout's occupancy as rows of '#' (blocked) and '.' (free).
QStringList drawn(const SpaceLayout &layout)
{
    QStringList rows;
    for (int y = 0; y < layout.size().height; ++y) {
        QString row;
        for (int x = 0; x < layout.size().width; ++x) {
            row.append(layout.isBlocked({x, y}) ? QLatin1Char('#') : QLatin1Char('.'));
        }
        rows.append(row);
    }
    return rows;
}

} // namespace

class TestSpaceRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // --- who may do what ------------------------------------------------------------------------

    void access_data()
    {
        QTest::addColumn<bool>("admin");
        QTest::addColumn<QString>("userId");
        QTest::addColumn<QString>("creatorId");
        QTest::addColumn<bool>("isTemplate");
        QTest::addColumn<Membership>("membership");
        QTest::addColumn<bool>("needsMembership");
        QTest::addColumn<bool>("read");
        QTest::addColumn<bool>("edit");
        QTest::addColumn<bool>("manage");
        const QString me = QStringLiteral("u1");
        const QString other = QStringLiteral("u2");
        // clang-format off
        //                                    admin  user  creator template membership           needs  read   edit   manage
        QTest::newRow("owner")             << false << me << me    << false << Membership::None   << false << true  << true  << true;
        QTest::newRow("stranger")          << false << me << other << false << Membership::None   << true  << false << false << false;
        QTest::newRow("member")            << false << me << other << false << Membership::Member << true  << true  << false << false;
        QTest::newRow("editor")            << false << me << other << false << Membership::Editor << true  << true  << true  << false;
        QTest::newRow("admin elsewhere")   << true  << me << other << false << Membership::None   << false << true  << true  << true;
        QTest::newRow("template, user")    << false << me << other << true  << Membership::None   << false << true  << false << false;
        QTest::newRow("template, creator") << false << me << me    << true  << Membership::None   << false << true  << false << false;
        QTest::newRow("template, admin")   << true  << me << other << true  << Membership::None   << false << true  << true  << true;
        // Bad rows: a membership of a template grants nothing; no id is nobody's space.
        QTest::newRow("template, editor")  << false << me << other << true  << Membership::Editor << false << true  << false << false;
        QTest::newRow("no ids")            << false << QString() << QString() << false << Membership::None << true << false << false << false;
        QTest::newRow("seeded template")   << false << QString() << QString() << true << Membership::None << false << true << false << false;
        // clang-format on
    }
    void access()
    {
        QFETCH(bool, admin);
        QFETCH(QString, userId);
        QFETCH(QString, creatorId);
        QFETCH(bool, isTemplate);
        QFETCH(Membership, membership);
        QFETCH(bool, needsMembership);
        QFETCH(bool, read);
        QFETCH(bool, edit);
        QFETCH(bool, manage);
        const User user{userId, QStringLiteral("someone"), admin ? Role::Admin : Role::User, {}};
        Space space;
        space.id = QStringLiteral("s1");
        space.creatorId = creatorId;
        space.isTemplate = isTemplate;
        QCOMPARE(SpaceAccess::needsMembership(user, space), needsMembership);
        QCOMPARE(SpaceAccess::canRead(user, space, membership), read);
        QCOMPARE(SpaceAccess::canEdit(user, space, membership), edit);
        QCOMPARE(SpaceAccess::canManage(user, space), manage);
        if (!needsMembership) {
            // The answer may not depend on what was not looked up.
            for (const auto m : {Membership::None, Membership::Member, Membership::Editor}) {
                QCOMPARE(SpaceAccess::canRead(user, space, m), read);
                QCOMPARE(SpaceAccess::canEdit(user, space, m), edit);
            }
        }
    }

    void membership()
    {
        const QList<SpaceMember> members{
            {QStringLiteral("u1"), QStringLiteral("ann"), false}, {QStringLiteral("u2"), QStringLiteral("bob"), true}};
        QCOMPARE(SpaceAccess::membershipIn(members, QStringLiteral("u1")), Membership::Member);
        QCOMPARE(SpaceAccess::membershipIn(members, QStringLiteral("u2")), Membership::Editor);
        QCOMPARE(SpaceAccess::membershipIn(members, QStringLiteral("u3")), Membership::None);
        QCOMPARE(SpaceAccess::membershipIn(members, QString()), Membership::None);
        QCOMPARE(SpaceAccess::membershipIn({}, QStringLiteral("u1")), Membership::None);
        QCOMPARE(SpaceAccess::membershipFrom(std::nullopt), Membership::None);
        QCOMPARE(SpaceAccess::membershipFrom(false), Membership::Member);
        QCOMPARE(SpaceAccess::membershipFrom(true), Membership::Editor);
    }

    // --- bookkeeping ------------------------------------------------------------------------------

    void layout_data()
    {
        // Operations on office(): "+id element x y" places, "~id x y" moves, "-id" removes; a
        // trailing "!" expects the operation to find no such element (and change nothing).
        QTest::addColumn<QStringList>("operations");
        QTest::addColumn<QStringList>("expected"); // the occupancy after them
        QTest::addColumn<int>("count");
        const QStringList start{QStringLiteral("....#....."), QStringLiteral(".........."),
            QStringLiteral(".........."), QStringLiteral("......##.."), QStringLiteral(".........."),
            QStringLiteral("..........")};
        QTest::newRow("as loaded: statics block, dynamics do not") << QStringList{} << start << 4;
        QTest::newRow("place a dynamic") << QStringList{QStringLiteral("+c1 chair 0 0")} << start << 5;
        QTest::newRow("place a static") << QStringList{QStringLiteral("+d2 desk 0 0")}
                                        << QStringList{QStringLiteral("##..#....."), QStringLiteral(".........."),
                                               QStringLiteral(".........."), QStringLiteral("......##.."),
                                               QStringLiteral(".........."), QStringLiteral("..........")}
                                        << 5;
        QTest::newRow("the same event twice")
            << QStringList{QStringLiteral("+d2 desk 0 0"), QStringLiteral("+d2 desk 0 0"), QStringLiteral("-d2")}
            << start << 4;
        QTest::newRow("a replacement moves the block")
            << QStringList{QStringLiteral("+d2 desk 0 0"), QStringLiteral("+d2 desk 0 5")}
            << QStringList{QStringLiteral("....#....."), QStringLiteral(".........."), QStringLiteral(".........."),
                   QStringLiteral("......##.."), QStringLiteral(".........."), QStringLiteral("##........")}
            << 5;
        QTest::newRow("move a static") << QStringList{QStringLiteral("~d1 0 5")}
                                       << QStringList{QStringLiteral("....#....."), QStringLiteral(".........."),
                                              QStringLiteral(".........."), QStringLiteral(".........."),
                                              QStringLiteral(".........."), QStringLiteral("##........")}
                                       << 4;
        QTest::newRow("move a dynamic") << QStringList{QStringLiteral("~r1 5 0")} << start << 4;
        QTest::newRow("remove a static") << QStringList{QStringLiteral("-w1")}
                                         << QStringList{QStringLiteral(".........."), QStringLiteral(".........."),
                                                QStringLiteral(".........."), QStringLiteral("......##.."),
                                                QStringLiteral(".........."), QStringLiteral("..........")}
                                         << 3;
        QTest::newRow("remove a dynamic") << QStringList{QStringLiteral("-p1")} << start << 3;
        QTest::newRow("overlapping statics unblock by count")
            << QStringList{QStringLiteral("+w2 wall 6 3"), QStringLiteral("-d1")}
            << QStringList{QStringLiteral("....#....."), QStringLiteral(".........."), QStringLiteral(".........."),
                   QStringLiteral("......#..."), QStringLiteral(".........."), QStringLiteral("..........")}
            << 4;
        QTest::newRow("partly outside blocks only inside")
            << QStringList{QStringLiteral("+d2 desk 9 5"), QStringLiteral("~d2 -1 0")}
            << QStringList{QStringLiteral("#...#....."), QStringLiteral(".........."), QStringLiteral(".........."),
                   QStringLiteral("......##.."), QStringLiteral(".........."), QStringLiteral("..........")}
            << 5;
        QTest::newRow("unknown move") << QStringList{QStringLiteral("~nope 0 0 !")} << start << 4;
        QTest::newRow("unknown remove") << QStringList{QStringLiteral("-nope !")} << start << 4;
        QTest::newRow("removed twice") << QStringList{QStringLiteral("-p1"), QStringLiteral("-p1 !")} << start << 3;
        QTest::newRow("moved after removal")
            << QStringList{QStringLiteral("-d1"), QStringLiteral("~d1 0 0 !")}
            << QStringList{QStringLiteral("....#....."), QStringLiteral(".........."), QStringLiteral(".........."),
                   QStringLiteral(".........."), QStringLiteral(".........."), QStringLiteral("..........")}
            << 3;
    }
    void layout()
    {
        QFETCH(QStringList, operations);
        QFETCH(QStringList, expected);
        QFETCH(int, count);
        auto layout = office();
        for (const auto &operation : std::as_const(operations)) {
            const auto words = operation.mid(1).split(QLatin1Char(' '), Qt::SkipEmptyParts);
            const bool missing = words.constLast() == QLatin1String("!");
            const QString id = words.at(0);
            switch (operation.at(0).toLatin1()) {
            case '+': {
                const Point at{words.at(2).toInt(), words.at(3).toInt()};
                layout.place(SpaceElement{id, at, byName(words.at(1))});
                QCOMPARE(layout.find(id)->position, at);
                break;
            }
            case '~': {
                const Point to{words.at(1).toInt(), words.at(2).toInt()};
                const auto before = layout.find(id) ? std::optional<Point>(layout.find(id)->position) : std::nullopt;
                QCOMPARE(layout.move(id, to), before);
                QCOMPARE(before.has_value(), !missing);
                if (!missing) {
                    QCOMPARE(layout.find(id)->position, to);
                }
                break;
            }
            case '-': {
                const auto removed = layout.remove(id);
                QCOMPARE(removed.has_value(), !missing);
                QVERIFY(!layout.find(id));
                if (removed) {
                    QCOMPARE(removed->id, id);
                }
                break;
            }
            default:
                QFAIL(qPrintable(operation));
            }
        }
        QCOMPARE(drawn(layout), expected);
        QCOMPARE(layout.count(), count);
        QCOMPARE(layout.elements().size(), count);
        // The grid is what a fresh layout of the same elements makes.
        QCOMPARE(drawn(SpaceLayout(layout.size(), layout.elements())), expected);
    }

    void layoutFromSpace()
    {
        Space space;
        space.size = {3, 2};
        space.elements = {
            SpaceElement{QStringLiteral("w"), {1, 1}, Wall}, SpaceElement{QStringLiteral("c"), {0, 0}, Chair}};
        const SpaceLayout layout(space);
        QCOMPARE(layout.size(), (Size{3, 2}));
        QCOMPARE(layout.elements(), space.elements);
        QCOMPARE(drawn(layout), (QStringList{QStringLiteral("..."), QStringLiteral(".#.")}));
        QCOMPARE(layout.find(QStringLiteral("c"))->element, Chair);
        QVERIFY(!layout.find(QStringLiteral("x")));
        QVERIFY(layout.isBlocked({-1, 0})); // outside is never walkable
        QCOMPARE(SpaceLayout().count(), 0);
        QCOMPARE(SpaceLayout().size(), (Size{0, 0}));
    }

    void replacementKeepsOrder()
    {
        auto layout = office();
        layout.place(SpaceElement{QStringLiteral("r1"), {5, 1}, Rug});
        QCOMPARE(layout.elements().at(2).id, QStringLiteral("r1"));
        QCOMPARE(layout.elements().at(2).position, (Point{5, 1}));
        QCOMPARE(layout.count(), 4);
    }

    void staticOverlapping()
    {
        const auto layout = office();
        QCOMPARE(layout.staticOverlapping(Rect{3, 0, 3, 1})->id, QStringLiteral("w1"));
        QVERIFY(!layout.staticOverlapping(Rect{3, 0, 3, 1}, QStringLiteral("w1")));
        QVERIFY(!layout.staticOverlapping(Rect{0, 3, 3, 2})); // the rug is not static
        QVERIFY(!layout.staticOverlapping(Rect{5, 3, 1, 1})); // touching is not overlapping
        QVERIFY(!layout.staticOverlapping(Rect{6, 3, 0, 0})); // an empty footprint overlaps nothing
    }
    // --- where an element may stand --------------------------------------------------------------

    void place_data()
    {
        QTest::addColumn<QString>("element");
        QTest::addColumn<Point>("position");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<QString>("because"); // a word of the refusal's message
        QTest::newRow("free floor") << "plant" << Point{1, 1} << true << QString();
        QTest::newRow("corner") << "desk" << Point{8, 5} << true << QString();
        QTest::newRow("chair on rug") << "chair" << Point{1, 4} << true << QString();
        QTest::newRow("plant on plant") << "plant" << Point{8, 0} << true << QString();
        QTest::newRow("rug over rug") << "rug" << Point{1, 3} << true << QString();
        QTest::newRow("desk on rug") << "desk" << Point{1, 3} << true << QString();
        QTest::newRow("desk beside desk") << "desk" << Point{4, 3} << true << QString();
        QTest::newRow("wall beside wall") << "wall" << Point{5, 0} << true << QString();
        QTest::newRow("rug beside desk") << "rug" << Point{3, 4} << true << QString();
        QTest::newRow("desk on wall") << "desk" << Point{3, 0} << false << "wall";
        QTest::newRow("wall on wall") << "wall" << Point{4, 0} << false << "wall";
        QTest::newRow("plant on wall") << "plant" << Point{4, 0} << false << "wall";
        QTest::newRow("rug under desk") << "rug" << Point{5, 2} << false << "desk";
        QTest::newRow("desk half on desk") << "desk" << Point{7, 3} << false << "desk";
        QTest::newRow("overhangs right") << "desk" << Point{9, 1} << false << "inside";
        QTest::newRow("overhangs bottom") << "rug" << Point{0, 5} << false << "inside";
        QTest::newRow("negative x") << "plant" << Point{-1, 0} << false << "inside";
        QTest::newRow("negative y") << "plant" << Point{0, -1} << false << "inside";
        QTest::newRow("far away") << "plant" << Point{1000, 1000} << false << "inside";
        QTest::newRow("overflow") << "desk" << Point{std::numeric_limits<int>::max(), 0} << false << "inside";
        QTest::newRow("outside and on a wall") << "rug" << Point{3, -1} << false << "inside";
    }
    void place()
    {
        QFETCH(QString, element);
        QFETCH(Point, position);
        QFETCH(bool, allowed);
        QFETCH(QString, because);
        const auto layout = office();
        const auto status = Placement::checkPlace(layout, byName(element), position);
        QCOMPARE(status.has_value(), allowed);
        if (!allowed) {
            QCOMPARE(status.error().code, ErrorCode::Invalid);
            QVERIFY2(status.error().message.contains(because), qPrintable(status.error().message));
            QCOMPARE(status.error().fields.size(), 2);
            QCOMPARE(status.error().fields.at(0).field, QStringLiteral("x"));
            QCOMPARE(status.error().fields.at(1).field, QStringLiteral("y"));
        }
    }

    void move_data()
    {
        QTest::addColumn<QString>("placedId");
        QTest::addColumn<Point>("position");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("because");
        QTest::newRow("plant to the floor") << "p1" << Point{0, 0} << true << ErrorCode::Internal << QString();
        QTest::newRow("plant onto the rug") << "p1" << Point{2, 4} << true << ErrorCode::Internal << QString();
        QTest::newRow("plant stays") << "p1" << Point{8, 0} << true << ErrorCode::Internal << QString();
        QTest::newRow("rug over itself") << "r1" << Point{1, 3} << true << ErrorCode::Internal << QString();
        QTest::newRow("rug beside desk") << "r1" << Point{3, 3} << true << ErrorCode::Internal << QString();
        QTest::newRow("plant onto wall") << "p1" << Point{4, 0} << false << ErrorCode::Invalid << "wall";
        QTest::newRow("rug under desk") << "r1" << Point{4, 3} << false << ErrorCode::Invalid << "desk";
        QTest::newRow("rug out") << "r1" << Point{8, 3} << false << ErrorCode::Invalid << "inside";
        QTest::newRow("plant negative") << "p1" << Point{-1, 0} << false << ErrorCode::Invalid << "inside";
        QTest::newRow("static desk") << "d1" << Point{6, 4} << false << ErrorCode::Invalid << "Static";
        QTest::newRow("static wall in place") << "w1" << Point{4, 0} << false << ErrorCode::Invalid << "Static";
        QTest::newRow("unknown id") << "nope" << Point{0, 0} << false << ErrorCode::NotFound << "nope";
        QTest::newRow("empty id") << "" << Point{0, 0} << false << ErrorCode::NotFound << "";
    }
    void move()
    {
        QFETCH(QString, placedId);
        QFETCH(Point, position);
        QFETCH(bool, allowed);
        QFETCH(ErrorCode, code);
        QFETCH(QString, because);
        const auto layout = office();
        const auto status = Placement::checkMove(layout, placedId, position);
        QCOMPARE(status.has_value(), allowed);
        if (!allowed) {
            QCOMPARE(status.error().code, code);
            QVERIFY2(status.error().message.contains(because), qPrintable(status.error().message));
        }
    }

    void placementFollowsTheLayout()
    {
        auto layout = office();
        QVERIFY(Placement::checkPlace(layout, Plant, {4, 0}).error().message.contains(QStringLiteral("wall")));
        QVERIFY(layout.remove(QStringLiteral("w1")));
        QVERIFY(Placement::checkPlace(layout, Plant, {4, 0}).has_value()); // the wall is gone
        layout.place(SpaceElement{QStringLiteral("d2"), {0, 0}, Desk});
        QVERIFY(!Placement::checkPlace(layout, Plant, {1, 0}).has_value()); // the new desk blocks
        QVERIFY(layout.move(QStringLiteral("d2"), {0, 1}));
        QVERIFY(Placement::checkPlace(layout, Plant, {1, 0}).has_value());
        QVERIFY(!Placement::checkPlace(layout, Plant, {1, 1}).has_value());
    }
};

QTEST_GUILESS_MAIN(TestSpaceRules)
#include "tst_spacerules.moc"
