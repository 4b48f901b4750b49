// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kafkaconfig.h"

#include <QByteArray>
#include <QByteArrayList>

#include <memory>
#include <optional>

namespace Metaverse
{

class KafkaConsumerPrivate;

// A blocking Kafka group consumer for command-line tools (librdkafka; only server/bus/ includes
// it): joins `group`, reads `topics` and commits the offset of each record the caller has
// handled, so a restart goes on after the last committed record.
class KafkaConsumer
{
public:
    struct Options : KafkaConnection {
        QString group;
        QByteArrayList topics;
        bool fromBeginning = false; // a group without committed offsets starts at the oldest record
        QString clientId = QStringLiteral("metaverse-events");
    };
    struct Record {
        QByteArray topic;
        QByteArray key;
        QByteArray value;
        int partition = 0;
        qint64 offset = 0;
    };

    static Result<std::unique_ptr<KafkaConsumer>> create(const Options &options);
    ~KafkaConsumer();
    KafkaConsumer(const KafkaConsumer &) = delete;
    KafkaConsumer &operator=(const KafkaConsumer &) = delete;

    // The next record, or nothing after timeoutMs. Errors the client recovers from (a broker
    // away) are logged, not returned. At the end of a partition its end offset is committed.
    Result<std::optional<Record>> poll(int timeoutMs);
    // Commits `record` as handled (synchronously). During a group rebalance the commit is skipped
    // (logged): the record may then be read again, never lost.
    Status commit(const Record &record);
    // True once the group assigned partitions and every one was read to its end since its last
    // record.
    [[nodiscard]] bool atEnd() const;

private:
    KafkaConsumer();
    std::unique_ptr<KafkaConsumerPrivate> d;
};

} // namespace Metaverse
