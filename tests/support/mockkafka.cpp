// SPDX-License-Identifier: GPL-3.0-or-later
#include "mockkafka.h"

#include <QDeadlineTimer>
#include <QSet>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <array>

namespace Metaverse::Test
{

MockKafka::MockKafka()
{
    std::array<char, 256> error{};
    m_host = rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), error.data(), error.size());
    m_cluster = m_host ? rd_kafka_mock_cluster_new(m_host, 1) : nullptr;
}

MockKafka::~MockKafka()
{
    if (m_cluster) {
        rd_kafka_mock_cluster_destroy(m_cluster);
    }
    if (m_host) {
        rd_kafka_destroy(m_host);
    }
}

QString MockKafka::bootstraps() const
{
    return QString::fromLatin1(rd_kafka_mock_cluster_bootstraps(m_cluster));
}

bool MockKafka::createTopic(const char *topic)
{
    return rd_kafka_mock_topic_create(m_cluster, topic, Partitions, 1) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

void MockKafka::setDown()
{
    rd_kafka_mock_broker_set_down(m_cluster, -1);
}

void MockKafka::setUp()
{
    rd_kafka_mock_broker_set_up(m_cluster, -1);
}

void MockKafka::setRoundTrip(int ms)
{
    rd_kafka_mock_broker_set_rtt(m_cluster, -1, ms);
}

QHash<QByteArray, QList<QByteArray>> MockKafka::readAll(const char *topic, int expected, int timeoutMs) const
{
    QHash<QByteArray, QList<QByteArray>> byKey;
    std::array<char, 256> error{};
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const QByteArray servers = bootstraps().toLatin1();
    rd_kafka_conf_set(conf, "bootstrap.servers", servers.constData(), error.data(), error.size());
    rd_kafka_conf_set(conf, "group.id", "tst-kafka-reader", error.data(), error.size());
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", error.data(), error.size());
    rd_kafka_conf_set(conf, "enable.partition.eof", "true", error.data(), error.size());
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
    QSet<int32_t> atEnd; // partitions read to their end since their last message
    QDeadlineTimer deadline(timeoutMs);
    while ((received < expected || atEnd.size() < Partitions) && !deadline.hasExpired()) {
        rd_kafka_message_t *message = rd_kafka_consumer_poll(consumer, 100);
        if (!message) {
            continue;
        }
        if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            const QByteArray key(static_cast<const char *>(message->key), qsizetype(message->key_len));
            byKey[key].append(QByteArray(static_cast<const char *>(message->payload), qsizetype(message->len)));
            atEnd.remove(message->partition);
            ++received;
        } else if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            atEnd.insert(message->partition);
        }
        rd_kafka_message_destroy(message);
    }
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    return byKey;
}

} // namespace Metaverse::Test
