// SPDX-License-Identifier: GPL-3.0-or-later
// metaverse-bench-mockkafka: runs librdkafka's mock cluster (one broker, the four metaverse.*
// topics with 3 partitions each), prints its bootstrap address on stdout and serves until stdin
// closes, so a bench can point `--kafka-brokers` at it. See bench/README.md.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <array>
#include <cstdio>
#include <unistd.h>

int main()
{
    std::array<char, 256> error{};
    rd_kafka_t *host = rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), error.data(), error.size());
    rd_kafka_mock_cluster_t *cluster = host ? rd_kafka_mock_cluster_new(host, 1) : nullptr;
    if (!cluster) {
        std::fprintf(stderr, "metaverse-bench-mockkafka: cannot start the mock cluster: %s\n", error.data());
        return 1;
    }
    for (const char *topic : {"metaverse.user", "metaverse.space", "metaverse.chat", "metaverse.presence"}) {
        rd_kafka_mock_topic_create(cluster, topic, 3, 1);
    }
    std::printf("%s\n", rd_kafka_mock_cluster_bootstraps(cluster));
    std::fflush(stdout);
    std::array<char, 64> drain{};
    while (::read(STDIN_FILENO, drain.data(), drain.size()) > 0) { }
    rd_kafka_mock_cluster_destroy(cluster);
    rd_kafka_destroy(host);
    return 0;
}
