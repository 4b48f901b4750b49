// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <memory>

struct rd_kafka_conf_s;

namespace Metaverse
{

// Where and how a Kafka client connects (KAFKA_BROKERS, KAFKA_USERNAME, KAFKA_PASSWORD,
// KAFKA_SASL_MECHANISM, KAFKA_SSL_CA): shared by the server's producer and metaverse-events.
struct KafkaConnection {
    QString brokers; // host:port[,host:port...]
    QString username; // SASL, with `password`
    QString password;
    QString saslMechanism = QStringLiteral("PLAIN"); // PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
    QString sslCaFile; // TLS to the brokers, verified against this CA file
};

struct KafkaConfDeleter {
    void operator()(rd_kafka_conf_s *conf) const;
};
using KafkaConf = std::unique_ptr<rd_kafka_conf_s, KafkaConfDeleter>;

// A librdkafka configuration for `connection` (bootstrap servers, security protocol, SASL, TLS)
// plus `settings`. Errors name the setting and the problem, never a value (it may be a secret).
Result<KafkaConf> makeKafkaConf(const KafkaConnection &connection, const QList<QPair<QByteArray, QString>> &settings);

} // namespace Metaverse
