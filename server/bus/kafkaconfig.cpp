// SPDX-License-Identifier: GPL-3.0-or-later
#include "kafkaconfig.h"

#include <librdkafka/rdkafka.h>

#include <array>

namespace Metaverse
{

void KafkaConfDeleter::operator()(rd_kafka_conf_s *conf) const
{
    rd_kafka_conf_destroy(conf);
}

Result<KafkaConf> makeKafkaConf(const KafkaConnection &connection, const QList<QPair<QByteArray, QString>> &settings)
{
    if (connection.brokers.trimmed().isEmpty()) {
        return Error::invalid(QStringLiteral("KAFKA_BROKERS is empty"));
    }
    if (connection.username.isEmpty() != connection.password.isEmpty()) {
        return Error::invalid(QStringLiteral("KAFKA_USERNAME and KAFKA_PASSWORD go together"));
    }
    const bool sasl = !connection.username.isEmpty();
    const bool tls = !connection.sslCaFile.isEmpty();
    QList<QPair<QByteArray, QString>> all{{"bootstrap.servers", connection.brokers},
        {"security.protocol",
            sasl ? (tls ? QStringLiteral("sasl_ssl") : QStringLiteral("sasl_plaintext"))
                 : (tls ? QStringLiteral("ssl") : QStringLiteral("plaintext"))}};
    if (sasl) {
        all.append({"sasl.mechanisms", connection.saslMechanism});
        all.append({"sasl.username", connection.username});
        all.append({"sasl.password", connection.password});
    }
    if (tls) {
        all.append({"ssl.ca.location", connection.sslCaFile});
    }
    all.append(settings);

    KafkaConf conf(rd_kafka_conf_new());
    std::array<char, 512> error{};
    for (const auto &[key, value] : std::as_const(all)) {
        const QByteArray utf8 = value.toUtf8();
        if (rd_kafka_conf_set(conf.get(), key.constData(), utf8.constData(), error.data(), error.size()) !=
            RD_KAFKA_CONF_OK) {
            return Error::invalid(
                QStringLiteral("Kafka setting %1: %2").arg(QString::fromLatin1(key), QString::fromUtf8(error.data())));
        }
    }
    return conf;
}

} // namespace Metaverse
