// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kafkaconfig.h"
#include "result.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

namespace Metaverse
{

class KafkaProducerPrivate;

// An idempotent Kafka producer on Qt's event loop (librdkafka; only server/bus/ includes it).
//
// - produce() queues a message and returns at once; librdkafka batches, retries and keeps the
//   order per partition (enable.idempotence: no duplicates from its own retries, no reordering).
//   Each message is reported exactly once, as delivered(token) or failed(token, reason), from the
//   event loop: librdkafka's queue wakes a socket notifier, never a timer.
// - A broker outage is not a failure: messages wait (up to messageTimeoutMs) and go out when a
//   broker is back. isUp() is false from "all brokers down" until the next delivery.
// - Credentials are never logged.
class KafkaProducer : public QObject
{
    Q_OBJECT
public:
    struct Options : KafkaConnection {
        QString clientId = QStringLiteral("metaverse-server");
        int messageTimeoutMs = 300000; // how long a message may wait for a broker before it fails; 0: forever
        int lingerMs = 5; // batching delay
    };

    // Validates the options and creates the producer (no broker is contacted yet).
    static Result<std::unique_ptr<KafkaProducer>> create(const Options &options, QObject *parent = nullptr);
    ~KafkaProducer() override;

    // Queues `value` for `topic`, keyed by `key` (one partition per key, so one order per key).
    // `token` comes back in delivered() or failed(). Fails at once only when the local queue is
    // full or the producer hit a fatal error.
    Status produce(const QByteArray &topic, const QByteArray &key, const QByteArray &value, quint64 token);
    // Waits (blocking) up to timeoutMs for queued messages; true when none is left.
    bool flush(int timeoutMs);

    [[nodiscard]] bool isUp() const;
    // Messages produced but not yet reported.
    [[nodiscard]] qint64 inFlight() const;
    [[nodiscard]] quint64 deliveryErrors() const;

Q_SIGNALS:
    void delivered(quint64 token);
    void failed(quint64 token, const QString &reason);
    void upChanged(bool up);

private:
    explicit KafkaProducer(QObject *parent);
    friend class KafkaProducerPrivate;
    std::unique_ptr<KafkaProducerPrivate> d;
};

} // namespace Metaverse
