// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace Metaverse::Test
{

// librdkafka's built-in mock cluster: real Kafka brokers on loopback ports, run inside the test
// process (no Kafka is installable here). Clients in other processes reach it too.
class MockKafka
{
public:
    static constexpr int Partitions = 3;

    MockKafka();
    ~MockKafka();
    MockKafka(const MockKafka &) = delete;
    MockKafka &operator=(const MockKafka &) = delete;

    [[nodiscard]] bool isValid() const { return m_cluster != nullptr; }
    // host:port of the broker, for bootstrap.servers / KAFKA_BROKERS.
    [[nodiscard]] QString bootstraps() const;
    bool createTopic(const char *topic);
    // Every broker stops (or starts again) answering.
    void setDown();
    void setUp();
    // Every request to the broker takes this long (slows a producer down).
    void setRoundTrip(int ms);

    // Every message of `topic` from the beginning, in the order of each partition (blocking until
    // at least `expected` messages were read and every partition to its end, or timeoutMs
    // passed): key -> values in order.
    QHash<QByteArray, QList<QByteArray>> readAll(const char *topic, int expected, int timeoutMs = 15000) const;

private:
    rd_kafka_s *m_host = nullptr;
    rd_kafka_mock_cluster_s *m_cluster = nullptr;
};

} // namespace Metaverse::Test
