// SPDX-License-Identifier: GPL-3.0-or-later
// The rules server and client share: who may read, edit and manage a space (model/spaceaccess).

#include "model/spaceaccess.h"

#include <QTest>

using namespace Metaverse;

Q_DECLARE_METATYPE(Metaverse::Membership)

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
};

QTEST_GUILESS_MAIN(TestSpaceRules)
#include "tst_spacerules.moc"
