// SPDX-License-Identifier: GPL-3.0-or-later
#include "kafkaconsumer.h"

#include "logging.h"

#include <QSet>

#include <librdkafka/rdkafka.h>

#include <array>

namespace Metaverse
{

namespace
{
struct HandleDeleter {
    void operator()(rd_kafka_t *handle) const
    {
        rd_kafka_consumer_close(handle);
        rd_kafka_destroy(handle);
    }
};
} // namespace

class KafkaConsumerPrivate
{
public:
    // Closing the consumer revokes its partitions through onRebalance(), which clears the sets
    // below: the handle must go before them (AddressSanitizer caught the reverse order).
    ~KafkaConsumerPrivate() { handle.reset(); }

    std::unique_ptr<rd_kafka_t, HandleDeleter> handle;
    QSet<QPair<QByteArray, int>> assigned;
    QSet<QPair<QByteArray, int>> atEnd;

    static void onRebalance(
        rd_kafka_t *handle, rd_kafka_resp_err_t error, rd_kafka_topic_partition_list_t *partitions, void *opaque)
    {
        auto *self = static_cast<KafkaConsumerPrivate *>(opaque);
        if (error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
            for (int i = 0; i < partitions->cnt; ++i) {
                self->assigned.insert({QByteArray(partitions->elems[i].topic), int(partitions->elems[i].partition)});
            }
            rd_kafka_assign(handle, partitions);
        } else {
            self->assigned.clear();
            self->atEnd.clear();
            rd_kafka_assign(handle, nullptr);
        }
    }
};

KafkaConsumer::KafkaConsumer()
    : d(std::make_unique<KafkaConsumerPrivate>())
{
}

KafkaConsumer::~KafkaConsumer() = default;

Result<std::unique_ptr<KafkaConsumer>> KafkaConsumer::create(const Options &options)
{
    if (options.group.isEmpty()) {
        return Error::invalid(QStringLiteral("The consumer group is empty"));
    }
    if (options.topics.isEmpty()) {
        return Error::invalid(QStringLiteral("No topic to read"));
    }
    auto made = makeKafkaConf(options,
        {{"client.id", options.clientId}, {"group.id", options.group}, {"enable.auto.commit", QStringLiteral("false")},
            {"enable.partition.eof", QStringLiteral("true")},
            // A reader that died hands its partitions on after 6 s (the brokers' usual minimum),
            // not librdkafka's 45 s: a restarted tool goes on at once.
            {"session.timeout.ms", QStringLiteral("6000")},
            {"auto.offset.reset", options.fromBeginning ? QStringLiteral("earliest") : QStringLiteral("latest")}});
    if (!made) {
        return made.error();
    }
    KafkaConf conf = std::move(made).value();
    std::unique_ptr<KafkaConsumer> consumer(new KafkaConsumer);
    rd_kafka_conf_set_opaque(conf.get(), consumer->d.get());
    rd_kafka_conf_set_rebalance_cb(conf.get(), &KafkaConsumerPrivate::onRebalance);
    std::array<char, 512> error{};
    rd_kafka_t *handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), error.data(), error.size());
    if (!handle) {
        return Error::invalid(
            QStringLiteral("Cannot create the Kafka consumer: %1").arg(QString::fromUtf8(error.data())));
    }
    std::ignore = conf.release(); // rd_kafka_new took it
    consumer->d->handle.reset(handle);
    rd_kafka_poll_set_consumer(handle);
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(int(options.topics.size()));
    for (const auto &topic : options.topics) {
        rd_kafka_topic_partition_list_add(topics, topic.constData(), RD_KAFKA_PARTITION_UA);
    }
    const rd_kafka_resp_err_t subscribed = rd_kafka_subscribe(handle, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (subscribed != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return Error::invalid(
            QStringLiteral("Cannot subscribe: %1").arg(QString::fromUtf8(rd_kafka_err2str(subscribed))));
    }
    return consumer;
}

Result<std::optional<KafkaConsumer::Record>> KafkaConsumer::poll(int timeoutMs)
{
    std::unique_ptr<rd_kafka_message_t, void (*)(rd_kafka_message_t *)> message(
        rd_kafka_consumer_poll(d->handle.get(), timeoutMs), &rd_kafka_message_destroy);
    if (!message) {
        return std::optional<Record>();
    }
    const QPair<QByteArray, int> partition{
        message->rkt ? QByteArray(rd_kafka_topic_name(message->rkt)) : QByteArray(), int(message->partition)};
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        d->atEnd.insert(partition);
        // Everything before the end was handled: commit the end, so that a partition this group has
        // read no record of yet goes on from here next time rather than from auto.offset.reset.
        if (auto status = commit(Record{partition.first, {}, {}, partition.second, qint64(message->offset) - 1});
            !status) {
            return std::move(status).error();
        }
        return std::optional<Record>();
    }
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        const QString reason = QString::fromUtf8(rd_kafka_message_errstr(message.get()));
        if (message->err == RD_KAFKA_RESP_ERR__FATAL || message->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
            message->err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
            message->err == RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED) {
            return Error::unavailable(QStringLiteral("Kafka: %1").arg(reason));
        }
        qCWarning(lcBus).noquote() << "Kafka:" << reason;
        return std::optional<Record>();
    }
    d->atEnd.remove(partition);
    return std::optional<Record>(
        Record{partition.first, QByteArray(static_cast<const char *>(message->key), qsizetype(message->key_len)),
            QByteArray(static_cast<const char *>(message->payload), qsizetype(message->len)), partition.second,
            qint64(message->offset)});
}

Status KafkaConsumer::commit(const Record &record)
{
    rd_kafka_topic_partition_list_t *offsets = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(offsets, record.topic.constData(), record.partition)->offset =
        record.offset + 1; // the next record to read
    const rd_kafka_resp_err_t error = rd_kafka_commit(d->handle.get(), offsets, 0);
    rd_kafka_topic_partition_list_destroy(offsets);
    if (error == RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS || error == RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION ||
        error == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID || error == RD_KAFKA_RESP_ERR__STATE) {
        // The group is rebalancing: the partition's next owner reads from the last committed offset,
        // so this record may be read again (at least once), and nothing is lost.
        qCInfo(lcBus).noquote() << "Kafka: offset not committed during a rebalance:" << rd_kafka_err2str(error);
        return {};
    }
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return Error::unavailable(
            QStringLiteral("Cannot commit the offset: %1").arg(QString::fromUtf8(rd_kafka_err2str(error))));
    }
    return {};
}

bool KafkaConsumer::atEnd() const
{
    return !d->assigned.isEmpty() && d->atEnd.contains(d->assigned);
}

} // namespace Metaverse
