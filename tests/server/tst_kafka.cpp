// SPDX-License-Identifier: GPL-3.0-or-later
// KafkaProducer against librdkafka's built-in mock cluster (real brokers on loopback ports, run
// inside this process; no Kafka is installable here): delivery reports, the order per key, and a
// broker outage that loses nothing.
#include "bus/kafkaproducer.h"
#include "mockkafka.h"
#include "signalwait.h"

#include <QHash>
#include <QSet>
#include <QTest>

#include <memory>

using namespace Metaverse;
using Metaverse::Test::MockKafka;

namespace
{
// Counts the producer's reports.
struct Reports {
    QSet<quint64> delivered;
    QList<quint64> duplicates;
    QHash<quint64, QString> failed;
    QList<bool> upChanges;

    explicit Reports(KafkaProducer &producer)
    {
        QObject::connect(&producer, &KafkaProducer::delivered, &producer, [this](quint64 token) {
            if (delivered.contains(token)) {
                duplicates.append(token);
            }
            delivered.insert(token);
        });
        QObject::connect(&producer, &KafkaProducer::failed, &producer,
            [this](quint64 token, const QString &reason) { failed.insert(token, reason); });
        QObject::connect(&producer, &KafkaProducer::upChanged, &producer, [this](bool up) { upChanges.append(up); });
    }

    // Waits until `count` messages were reported, delivered or failed.
    bool waitForAll(KafkaProducer &producer, qsizetype count, int timeoutMs)
    {
        Test::SignalWait all([&] { return delivered.size() + failed.size() >= count; });
        all.on(&producer, &KafkaProducer::delivered).on(&producer, &KafkaProducer::failed);
        return all.until(timeoutMs);
    }
};

std::unique_ptr<KafkaProducer> makeProducer(const MockKafka &cluster)
{
    KafkaProducer::Options options;
    options.brokers = cluster.bootstraps();
    auto producer = KafkaProducer::create(options);
    return producer ? std::move(*producer) : nullptr;
}
} // namespace

class TestKafka : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rejectsBadOptions_data()
    {
        QTest::addColumn<QString>("brokers");
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("mechanism");
        QTest::newRow("no brokers") << QString() << QString() << QString() << QStringLiteral("PLAIN");
        QTest::newRow("user without password")
            << QStringLiteral("127.0.0.1:9092") << QStringLiteral("u") << QString() << QStringLiteral("PLAIN");
        QTest::newRow("password without user")
            << QStringLiteral("127.0.0.1:9092") << QString() << QStringLiteral("p") << QStringLiteral("PLAIN");
        QTest::newRow("unknown mechanism") << QStringLiteral("127.0.0.1:9092") << QStringLiteral("u")
                                           << QStringLiteral("secret-password") << QStringLiteral("MAGIC");
    }
    void rejectsBadOptions()
    {
        QFETCH(QString, brokers);
        QFETCH(QString, username);
        QFETCH(QString, password);
        QFETCH(QString, mechanism);
        KafkaProducer::Options options;
        options.brokers = brokers;
        options.username = username;
        options.password = password;
        options.saslMechanism = mechanism;
        const auto producer = KafkaProducer::create(options);
        QVERIFY(!producer);
        QCOMPARE(producer.error().code, ErrorCode::Invalid);
        QVERIFY(!producer.error().message.contains(QLatin1String("secret-password")));
    }

    void deliversEachOnceInOrderPerKey()
    {
        MockKafka cluster;
        QVERIFY(cluster.isValid());
        QVERIFY(cluster.createTopic("metaverse.test"));
        auto producer = makeProducer(cluster);
        QVERIFY(producer);
        Reports reports(*producer);
        constexpr int Count = 600;
        for (int i = 0; i < Count; ++i) {
            const QByteArray key = "space-" + QByteArray::number(i % 7);
            QVERIFY(producer->produce("metaverse.test", key, QByteArray::number(i), quint64(i) + 1));
        }
        QCOMPARE(producer->inFlight(), qint64(Count));
        QVERIFY(reports.waitForAll(*producer, Count, 15000));
        QCOMPARE(reports.delivered.size(), Count);
        QVERIFY(reports.failed.isEmpty());
        QVERIFY(reports.duplicates.isEmpty());
        QCOMPARE(producer->inFlight(), qint64(0));
        QVERIFY(producer->isUp());

        const auto byKey = cluster.readAll("metaverse.test", Count);
        int read = 0;
        for (auto it = byKey.begin(); it != byKey.end(); ++it) {
            qsizetype previous = -1;
            for (const auto &value : it.value()) {
                QVERIFY2(value.toLongLong() > previous, qPrintable(QString::fromLatin1(it.key())));
                previous = value.toLongLong();
                ++read;
            }
        }
        QCOMPARE(read, Count);
        QCOMPARE(byKey.size(), 7);
    }

    // Messages produced while every broker is down wait, and all arrive, in order, once it is back.
    void brokerOutageLosesNothing()
    {
        MockKafka cluster;
        QVERIFY(cluster.isValid());
        QVERIFY(cluster.createTopic("metaverse.outage"));
        auto producer = makeProducer(cluster);
        QVERIFY(producer);
        Reports reports(*producer);
        QVERIFY(producer->produce("metaverse.outage", "k", "before", 1));
        Test::SignalWait first([&] { return reports.delivered.contains(1); });
        first.on(producer.get(), &KafkaProducer::delivered);
        QVERIFY(first.until(10000));

        cluster.setDown();
        Test::SignalWait down([&] { return !producer->isUp(); });
        down.on(producer.get(), &KafkaProducer::upChanged);
        QVERIFY(down.until(15000));
        constexpr int Count = 100;
        for (int i = 0; i < Count; ++i) {
            QVERIFY(producer->produce("metaverse.outage", "k", "during " + QByteArray::number(i), quint64(i) + 2));
        }
        QVERIFY(reports.failed.isEmpty());

        cluster.setUp();
        QVERIFY(reports.waitForAll(*producer, Count + 1, 30000));
        QVERIFY2(reports.failed.isEmpty(), qPrintable(reports.failed.value(reports.failed.keys().value(0))));
        QCOMPARE(reports.delivered.size(), Count + 1);
        QVERIFY(producer->isUp());
        QCOMPARE(reports.upChanges, (QList<bool>{false, true}));

        const auto values = cluster.readAll("metaverse.outage", Count + 1).value("k");
        QCOMPARE(values.size(), Count + 1);
        QCOMPARE(values.first(), QByteArray("before"));
        for (int i = 0; i < Count; ++i) {
            QCOMPARE(values.at(i + 1), "during " + QByteArray::number(i));
        }
    }
};

QTEST_GUILESS_MAIN(TestKafka)
#include "tst_kafka.moc"
