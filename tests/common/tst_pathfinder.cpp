// SPDX-License-Identifier: GPL-3.0-or-later
// common/grid/pathfinder: shortest walks by the same rules the server enforces (Occupancy).

#include "grid/pathfinder.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <climits>

using namespace Metaverse;

Q_DECLARE_METATYPE(Metaverse::Point)

namespace
{

// A map drawn as text: '#' blocked, 'S' start, 'G' goal, anything else free.
struct Map {
    Occupancy grid{Size{0, 0}};
    Point start;
    Point goal;
};

Map parse(const QStringList &rows)
{
    Map map{Occupancy(Size{int(rows.value(0).size()), int(rows.size())}), {}, {-1, -1}};
    for (int y = 0; y < rows.size(); ++y) {
        for (int x = 0; x < rows.at(y).size(); ++x) {
            const QChar c = rows.at(y).at(x);
            if (c == QLatin1Char('#')) {
                map.grid.block({x, y, 1, 1});
            } else if (c == QLatin1Char('S')) {
                map.start = {x, y};
            } else if (c == QLatin1Char('G')) {
                map.goal = {x, y};
            }
        }
    }
    if (map.goal == Point{-1, -1}) {
        map.goal = map.start; // no 'G': the start is the goal
    }
    return map;
}

// The bounding box of the map's 'E' (static: blocked) or 'e' (dynamic) tiles: an element's footprint.
Rect footprintOf(const QStringList &rows, Occupancy &grid)
{
    int left = INT_MAX, top = INT_MAX, right = -1, bottom = -1;
    bool isStatic = false;
    for (int y = 0; y < rows.size(); ++y) {
        for (int x = 0; x < rows.at(y).size(); ++x) {
            const QChar c = rows.at(y).at(x);
            if (c == QLatin1Char('E') || c == QLatin1Char('e')) {
                isStatic = isStatic || c == QLatin1Char('E');
                left = std::min(left, x);
                top = std::min(top, y);
                right = std::max(right, x);
                bottom = std::max(bottom, y);
            }
        }
    }
    const Rect footprint{left, top, right - left + 1, bottom - top + 1};
    if (isStatic) {
        grid.block(footprint);
    }
    return footprint;
}

// Every step legal and the walk ends at the goal.
bool isValidWalk(const Occupancy &grid, Point start, Point goal, const QList<Point> &path)
{
    Point at = start;
    for (const auto &next : path) {
        if (!grid.isLegalMove(at, next)) {
            return false;
        }
        at = next;
    }
    return at == goal;
}

} // namespace

class TestPathfinder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shortestPath_data()
    {
        QTest::addColumn<QStringList>("rows");
        QTest::addColumn<int>("length"); // -1: no path

        QTest::newRow("straight") << QStringList{QStringLiteral("S...G")} << 4;
        QTest::newRow("start is goal") << QStringList{QStringLiteral("..."), QStringLiteral(".S."),
                                              QStringLiteral("...")}
                                       << 0;
        QTest::newRow("around a wall") << QStringList{QStringLiteral("S.#.G"), QStringLiteral("..#.."),
                                              QStringLiteral(".....")}
                                       << 8;
        QTest::newRow("maze") << QStringList{QStringLiteral("S#...."), QStringLiteral(".#.##."),
                                     QStringLiteral(".#..#."), QStringLiteral(".##.#."), QStringLiteral("....#G")}
                              << 19;
        QTest::newRow("walled in goal") << QStringList{QStringLiteral("S..#G"), QStringLiteral("...##")} << -1;
        QTest::newRow("walled in start") << QStringList{QStringLiteral("S#..G"), QStringLiteral("#...."),
                                                QStringLiteral(".....")}
                                         << -1;
        QTest::newRow("no diagonal squeeze") << QStringList{QStringLiteral("S#"), QStringLiteral("#G")} << -1;
    }

    void shortestPath()
    {
        QFETCH(QStringList, rows);
        QFETCH(int, length);
        const auto map = parse(rows);
        const auto path = Pathfinder::findPath(map.grid, map.start, map.goal);
        if (length < 0) {
            QVERIFY(!path);
            return;
        }
        QVERIFY(path);
        QCOMPARE(path->size(), length);
        QVERIFY(isValidWalk(map.grid, map.start, map.goal, *path));
    }

    void badEnds_data()
    {
        QTest::addColumn<Point>("start");
        QTest::addColumn<Point>("goal");
        QTest::newRow("goal outside") << Point{0, 0} << Point{5, 0};
        QTest::newRow("goal negative") << Point{0, 0} << Point{-1, 0};
        QTest::newRow("start outside") << Point{9, 9} << Point{0, 0};
        QTest::newRow("goal blocked") << Point{0, 0} << Point{2, 1};
    }

    void badEnds()
    {
        QFETCH(Point, start);
        QFETCH(Point, goal);
        Occupancy grid(Size{5, 3});
        grid.block({2, 1, 1, 1});
        QVERIFY(!Pathfinder::findPath(grid, start, goal));
    }

    void blockedStartMayWalkOff()
    {
        Occupancy grid(Size{4, 1});
        grid.block({0, 0, 1, 1});
        const auto path = Pathfinder::findPath(grid, {0, 0}, {3, 0});
        QVERIFY(path);
        QCOMPARE(*path, (QList<Point>{{1, 0}, {2, 0}, {3, 0}}));
    }

    void footprintsBlockLikeTheServer()
    {
        // A 3x2 static footprint (a meeting table) in the middle of a corridor.
        Occupancy grid(Size{7, 3});
        grid.block({2, 0, 3, 2});
        const auto path = Pathfinder::findPath(grid, {0, 0}, {6, 0});
        QVERIFY(path);
        QCOMPARE(path->size(), 10);
        QVERIFY(isValidWalk(grid, {0, 0}, {6, 0}, *path));
        grid.block({3, 2, 1, 1});
        QVERIFY(!Pathfinder::findPath(grid, {0, 0}, {6, 0}));
    }

    void searchLimit()
    {
        Occupancy grid(Size{50, 50});
        QVERIFY(!Pathfinder::findPath(grid, {0, 0}, {49, 49}, 10));
        QVERIFY(Pathfinder::findPath(grid, {0, 0}, {49, 49}, 10000));
    }

    void largeGrids()
    {
        // 1000x1000 (the largest space): a serpentine of walls forces a long detour; and an
        // unreachable goal searches the whole grid. Both stay well within interactive time.
        Occupancy grid(Size{1000, 1000});
        for (int y = 100; y < 1000; y += 200) {
            grid.block({0, y, 999, 1}); // open at the right end
            if (y + 100 < 1000) {
                grid.block({1, y + 100, 999, 1}); // open at the left end
            }
        }
        QElapsedTimer clock;
        clock.start();
        const auto path = Pathfinder::findPath(grid, {0, 0}, {0, 999});
        QVERIFY(path);
        QVERIFY(isValidWalk(grid, {0, 0}, {0, 999}, *path));
        QVERIFY(path->size() > 9 * 999);
        // The goal sealed off in the bottom-right corner: no path, after visiting every reachable tile.
        grid.block({998, 999, 1, 1});
        grid.block({999, 998, 1, 1});
        QVERIFY(!Pathfinder::findPath(grid, {0, 0}, {999, 999}));
        qInfo("two 1000x1000 searches: %lld ms", static_cast<long long>(clock.elapsed()));
    }

    void nextToFootprint_data()
    {
        QTest::addColumn<QStringList>("rows");
        QTest::addColumn<int>("length"); // -1: no path

        QTest::newRow("static, in line") << QStringList{QStringLiteral("S..E.")} << 2;
        QTest::newRow("dynamic, in line") << QStringList{QStringLiteral("S.e..")} << 1;
        QTest::newRow("already next to it") << QStringList{QStringLiteral(".SE..")} << 0;
        QTest::newRow("near side blocked") << QStringList{QStringLiteral("S.#.."), QStringLiteral("..#E."),
                                                  QStringLiteral("..#.."), QStringLiteral(".....")}
                                           << 7;
        QTest::newRow("three sides blocked") << QStringList{QStringLiteral("S...."), QStringLiteral(".###."),
                                                    QStringLiteral(".#E#."), QStringLiteral(".....")}
                                             << 5;
        QTest::newRow("2x2 footprint") << QStringList{QStringLiteral("......"), QStringLiteral("..EE.."),
                                              QStringLiteral("..EE.."), QStringLiteral("....S.")}
                                       << 1;
        QTest::newRow("2x2 footprint, corner is not next to it")
            << QStringList{QStringLiteral("S....."), QStringLiteral(".#EE.."), QStringLiteral("..EE.."),
                   QStringLiteral("......")}
            << 2;
        QTest::newRow("unreachable element")
            << QStringList{QStringLiteral("S..###"), QStringLiteral("...#E#"), QStringLiteral("...###")} << -1;
        QTest::newRow("every side outside or blocked") << QStringList{QStringLiteral("S#E")} << -1;
    }

    void nextToFootprint()
    {
        QFETCH(QStringList, rows);
        QFETCH(int, length);
        auto map = parse(rows);
        const auto footprint = footprintOf(rows, map.grid);
        const auto path = Pathfinder::findPathNextTo(map.grid, map.start, footprint);
        if (length < 0) {
            QVERIFY(!path);
            return;
        }
        QVERIFY(path);
        QCOMPARE(path->size(), length);
        const Point end = path->isEmpty() ? map.start : path->constLast();
        QCOMPARE(Pathfinder::distanceTo(end, footprint), 1);
        QVERIFY(!map.grid.isBlocked(end));
        QVERIFY(isValidWalk(map.grid, map.start, end, *path));
    }

    void nextToBadInput()
    {
        Occupancy grid(Size{5, 5});
        QVERIFY(!Pathfinder::findPathNextTo(grid, {0, 0}, Rect{2, 2, 0, 0}));
        QVERIFY(!Pathfinder::findPathNextTo(grid, {-1, 0}, Rect{2, 2, 1, 1}));
        Occupancy large(Size{50, 50});
        QVERIFY(!Pathfinder::findPathNextTo(large, {0, 0}, Rect{48, 48, 1, 1}, 10));
        QVERIFY(Pathfinder::findPathNextTo(large, {0, 0}, Rect{48, 48, 1, 1}, 10000));
    }

    void distanceToFootprint_data()
    {
        QTest::addColumn<Point>("p");
        QTest::addColumn<int>("distance");
        // A 2x2 footprint at 3,3.
        QTest::newRow("inside") << Point{4, 4} << 0;
        QTest::newRow("west") << Point{0, 3} << 3;
        QTest::newRow("east") << Point{6, 4} << 2;
        QTest::newRow("north-west corner") << Point{2, 2} << 2;
        QTest::newRow("south") << Point{3, 9} << 5;
    }

    void distanceToFootprint()
    {
        QFETCH(Point, p);
        QFETCH(int, distance);
        QCOMPARE(Pathfinder::distanceTo(p, Rect{3, 3, 2, 2}), distance);
    }

    void shortestOnOpenGrid()
    {
        Occupancy grid(Size{200, 200});
        const auto path = Pathfinder::findPath(grid, {3, 7}, {150, 190});
        QVERIFY(path);
        QCOMPARE(path->size(), (150 - 3) + (190 - 7));
    }
};

QTEST_GUILESS_MAIN(TestPathfinder)
#include "tst_pathfinder.moc"
