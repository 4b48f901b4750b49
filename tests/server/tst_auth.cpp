// SPDX-License-Identifier: GPL-3.0-or-later
// JWT signing and verification, bcrypt hashing.
#include "auth/jwt.h"
#include "auth/password.h"

#include <QCoroTask>
#include <QMessageAuthenticationCode>
#include <QTest>

using namespace Metaverse;

namespace
{
const QByteArray Secret = "0123456789abcdef0123456789abcdef-test";

TokenClaims claims(qint64 now = 1000)
{
    return {
        QStringLiteral("u1"), QStringLiteral("alice"), Role::Admin, now, now + 60, 3, QStringLiteral("s1"), now - 5};
}
} // namespace

class TestAuth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        const auto token = Jwt::sign(claims(), Secret);
        const auto parsed = Jwt::verify(token, Secret, 1010);
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->userId, QStringLiteral("u1"));
        QCOMPARE(parsed->username, QStringLiteral("alice"));
        QCOMPARE(parsed->role, Role::Admin);
        QCOMPARE(parsed->expiresAt, 1060);
        QCOMPARE(parsed->tokenVersion, 3);
        QCOMPARE(parsed->sessionId, QStringLiteral("s1"));
        QCOMPARE(parsed->signedInAt, 995);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<qint64>("now");
        const auto good = Jwt::sign(claims(), Secret);
        const auto parts = good.split('.');
        constexpr auto b64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
        QTest::newRow("expired") << good << Secret << qint64(1060);
        QTest::newRow("wrong secret") << good << QByteArray("another-secret-another-secret-xx") << qint64(1010);
        QTest::newRow("empty") << QByteArray() << Secret << qint64(1010);
        QTest::newRow("two parts") << parts[0] + '.' + parts[1] << Secret << qint64(1010);
        QTest::newRow("garbage") << QByteArray("a.b.c") << Secret << qint64(1010);
        const auto tamperedPayload =
            QByteArray(R"({"sub":"u1","username":"alice","role":"Admin","iat":1000,"exp":99999999999})").toBase64(b64);
        QTest::newRow("tampered payload")
            << parts[0] + '.' + tamperedPayload + '.' + parts[2] << Secret << qint64(1010);
        const auto withoutSession =
            QByteArray(R"({"sub":"u1","username":"alice","role":"Admin","iat":1000,"exp":1060})").toBase64(b64);
        const auto sign = [&](const QByteArray &payload) -> QByteArray {
            const QByteArray input = parts[0] + '.' + payload;
            return input + '.' +
                QMessageAuthenticationCode::hash(input, Secret, QCryptographicHash::Sha256).toBase64(b64);
        };
        QTest::newRow("no session claims") << sign(withoutSession) << Secret << qint64(1010);
        const auto signedInLater = QByteArray(
            R"({"sub":"u1","username":"alice","role":"Admin","iat":1000,"exp":1060,"ver":0,"sid":"s","sit":1001})")
                                       .toBase64(b64);
        QTest::newRow("signed in after issue") << sign(signedInLater) << Secret << qint64(1010);
        const auto noneHeader = QByteArray(R"({"alg":"none","typ":"JWT"})").toBase64(b64);
        QTest::newRow("alg none") << noneHeader + '.' + parts[1] + '.' << Secret << qint64(1010);
        QTest::newRow("alg none with sig") << noneHeader + '.' + parts[1] + '.' + parts[2] << Secret << qint64(1010);
        const auto hs512 = QByteArray(R"({"alg":"HS512","typ":"JWT"})").toBase64(b64);
        QTest::newRow("other alg") << hs512 + '.' + parts[1] + '.' + parts[2] << Secret << qint64(1010);
        QTest::newRow("huge") << QByteArray(10000, 'a') << Secret << qint64(1010);
    }
    void rejects()
    {
        QFETCH(QByteArray, token);
        QFETCH(QByteArray, secret);
        QFETCH(qint64, now);
        const auto parsed = Jwt::verify(token, secret, now);
        QVERIFY(!parsed.has_value());
        QCOMPARE(parsed.error().code, ErrorCode::Unauthenticated);
    }

    void bcrypt()
    {
        const auto hash = Password::hash(QStringLiteral("correct horse"), 4);
        QVERIFY(hash.has_value());
        QVERIFY(hash->startsWith(QStringLiteral("$2b$04$")));
        QVERIFY(Password::verify(QStringLiteral("correct horse"), *hash));
        QVERIFY(!Password::verify(QStringLiteral("correct horsE"), *hash));
        QVERIFY(!Password::verify(QStringLiteral("correct horse"), QStringLiteral("plaintext")));
        QVERIFY(!Password::verify(QStringLiteral("x"), QString()));
        // Salted: the same password hashes differently.
        QVERIFY(*Password::hash(QStringLiteral("correct horse"), 4) != *hash);
        const auto costly = Password::hash(QStringLiteral("pw"), 10);
        QVERIFY(costly->startsWith(QStringLiteral("$2b$10$")));
    }

    void asyncHashing()
    {
        const auto hash = QCoro::waitFor(Password::hashAsync(QStringLiteral("secret words"), 4));
        QVERIFY(hash.has_value());
        QVERIFY(QCoro::waitFor(Password::verifyAsync(QStringLiteral("secret words"), *hash)));
        QVERIFY(!QCoro::waitFor(Password::verifyAsync(QStringLiteral("other words"), *hash)));
    }

    // With a fixed dummy cost, BCRYPT_COST other than 11 told which usernames exist.
    void dummyHashFollowsTheCost_data()
    {
        QTest::addColumn<int>("cost");
        QTest::newRow("4") << 4;
        QTest::newRow("5") << 5;
        QTest::newRow("12") << 12;
    }
    void dummyHashFollowsTheCost()
    {
        QFETCH(int, cost);
        Password::prepareDummyHash(cost);
        const QString hash = Password::dummyHash(cost);
        QVERIFY2(hash.startsWith(QStringLiteral("$2b$%1$").arg(cost, 2, 10, QLatin1Char('0'))), qPrintable(hash));
        QCOMPARE(Password::dummyHash(cost), hash); // computed once
        QVERIFY(!Password::verify(QString(), hash));
    }
};

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
