// SPDX-License-Identifier: GPL-3.0-or-later
// KafkaProducer against librdkafka's built-in mock cluster (real brokers on loopback ports, run
// inside this process; no Kafka is installable here): delivery reports, the order per key, and a
// broker outage that loses nothing.
#include "bus/kafkaproducer.h"
#include "signalwait.h"

#include <QHash>
#include <QSet>
#include <QTest>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <memory>

using namespace Metaverse;

namespace
{
constexpr int Partitions = 3;

// A mock cluster of one broker and the librdkafka handle that hosts it.
class MockCluster
{
public:
    MockCluster()
    {
        std::array<char, 256> error{};
        m_host = rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), error.data(), error.size());
        m_cluster = m_host ? rd_kafka_mock_cluster_new(m_host, 1) : nullptr;
    }
    ~MockCluster()
    {
        if (m_cluster) {
            rd_kafka_mock_cluster_destroy(m_cluster);
        }
        if (m_host) {
            rd_kafka_destroy(m_host);
        }
    }
    MockCluster(const MockCluster &) = delete;
    MockCluster &operator=(const MockCluster &) = delete;

    [[nodiscard]] bool isValid() const { return m_cluster != nullptr; }
    [[nodiscard]] QString bootstraps() const
    {
        return QString::fromLatin1(rd_kafka_mock_cluster_bootstraps(m_cluster));
    }
    bool createTopic(const char *topic)
    {
        return rd_kafka_mock_topic_create(m_cluster, topic, Partitions, 1) == RD_KAFKA_RESP_ERR_NO_ERROR;
    }
    void setDown() { rd_kafka_mock_broker_set_down(m_cluster, -1); }
    void setUp() { rd_kafka_mock_broker_set_up(m_cluster, -1); }

    // Every message of `topic` from the beginning, in the order of each partition (blocking,
    // bounded by timeoutMs): key -> values in order.
    QHash<QByteArray, QList<QByteArray>> readAll(const char *topic, int expected, int timeoutMs = 15000) const
    {
        QHash<QByteArray, QList<QByteArray>> byKey;
        std::array<char, 256> error{};
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        const QByteArray servers = bootstraps().toLatin1();
        rd_kafka_conf_set(conf, "bootstrap.servers", servers.constData(), error.data(), error.size());
        rd_kafka_conf_set(conf, "group.id", "tst-kafka-reader", error.data(), error.size());
        rd_kafka_conf_set(conf, "enable.auto.commit", "false", error.data(), error.size());
        rd_kafka_t *consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error.data(), error.size());
        if (!consumer) {
            return byKey;
        }
        rd_kafka_topic_partition_list_t *partitions = rd_kafka_topic_partition_list_new(Partitions);
        for (int p = 0; p < Partitions; ++p) {
            rd_kafka_topic_partition_list_add(partitions, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
        }
        rd_kafka_assign(consumer, partitions); // no group join: read the partitions directly
        rd_kafka_topic_partition_list_destroy(partitions);
        int received = 0;
        QDeadlineTimer deadline(timeoutMs);
        while (received < expected && !deadline.hasExpired()) {
            rd_kafka_message_t *message = rd_kafka_consumer_poll(consumer, 100);
            if (!message) {
                continue;
            }
            if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                const QByteArray key(static_cast<const char *>(message->key), qsizetype(message->key_len));
                byKey[key].append(QByteArray(static_cast<const char *>(message->payload), qsizetype(message->len)));
                ++received;
            }
            rd_kafka_message_destroy(message);
        }
        rd_kafka_consumer_close(consumer);
        rd_kafka_destroy(consumer);
        return byKey;
    }

private:
    rd_kafka_t *m_host = nullptr;
    rd_kafka_mock_cluster_t *m_cluster = nullptr;
};

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

std::unique_ptr<KafkaProducer> makeProducer(const MockCluster &cluster)
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
        MockCluster cluster;
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
        MockCluster cluster;
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
