// SPDX-License-Identifier: GPL-3.0-or-later
// metaverse-events: reads the server's domain events from Kafka (docs/events.md) with a consumer
// group and committed offsets, and prints them as JSON lines or appends them to a file.
#include "bus/kafkaconsumer.h"
#include "events/domainevent.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QProcessEnvironment>

#include <atomic>
#include <csignal>
#include <cstdio>

using namespace Metaverse;

namespace
{
std::atomic_bool s_stop = false;

void onSignal(int)
{
    s_stop = true;
}

const QByteArrayList AllTopics{"metaverse.user", "metaverse.space", "metaverse.chat", "metaverse.presence"};

// `--type` values: exact type names, or `prefix.*` for every type of an aggregate.
Result<QStringList> typeFilters(const QStringList &values)
{
    QStringList filters;
    for (const auto &value : values) {
        for (const auto &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString type = part.trimmed();
            if (type.endsWith(QLatin1String(".*"))) {
                const QString prefix = type.chopped(1);
                const auto all = Events::allTypes();
                if (std::none_of(all.cbegin(), all.cend(),
                        [&](EventType known) { return Events::typeName(known).startsWith(prefix); })) {
                    return Error::invalid(QStringLiteral("--type %1 matches no event type").arg(type));
                }
            } else if (auto known = Events::typeFromName(type); !known) {
                return Error::invalid(QStringLiteral("--type %1 is no event type (docs/events.md)").arg(type));
            }
            filters.append(type);
        }
    }
    return filters;
}

bool matches(const QStringList &filters, const QString &type)
{
    return filters.isEmpty() || std::any_of(filters.cbegin(), filters.cend(), [&](const QString &filter) {
        return filter.endsWith(QLatin1String(".*")) ? type.startsWith(filter.chopped(1)) : type == filter;
    });
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("metaverse-events"));
    QCoreApplication::setApplicationVersion(QStringLiteral(METAVERSE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Reads Metaverse domain events from Kafka and writes them as JSON lines.\n"
        "Connection from the environment: KAFKA_BROKERS, KAFKA_USERNAME, KAFKA_PASSWORD, KAFKA_SASL_MECHANISM, "
        "KAFKA_SSL_CA (as for metaverse-server)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption brokers(QStringLiteral("brokers"),
        QStringLiteral("Kafka bootstrap servers (default: KAFKA_BROKERS)."), QStringLiteral("LIST"));
    const QCommandLineOption group(QStringLiteral("group"),
        QStringLiteral("Consumer group; its committed offsets say where to go on (default: metaverse-events)."),
        QStringLiteral("NAME"), QStringLiteral("metaverse-events"));
    const QCommandLineOption topic(QStringLiteral("topic"),
        QStringLiteral("A topic to read (repeatable; default: all four metaverse.* topics)."), QStringLiteral("TOPIC"));
    const QCommandLineOption type(QStringLiteral("type"),
        QStringLiteral("Only events of this type, or of `prefix.*` (repeatable, or comma-separated)."),
        QStringLiteral("TYPE"));
    const QCommandLineOption fromBeginning(QStringLiteral("from-beginning"),
        QStringLiteral("A group without committed offsets starts at the oldest event (default: only new events)."));
    const QCommandLineOption output(QStringLiteral("output"),
        QStringLiteral("Append the lines to FILE instead of printing them."), QStringLiteral("FILE"));
    const QCommandLineOption exitAtEnd(
        QStringLiteral("exit-at-end"), QStringLiteral("Stop once every partition was read to its end."));
    parser.addOptions({brokers, group, topic, type, fromBeginning, output, exitAtEnd});
    parser.process(app);

    const auto env = QProcessEnvironment::systemEnvironment();
    KafkaConsumer::Options options;
    options.brokers = parser.isSet(brokers) ? parser.value(brokers) : env.value(QStringLiteral("KAFKA_BROKERS"));
    options.username = env.value(QStringLiteral("KAFKA_USERNAME"));
    options.password = env.value(QStringLiteral("KAFKA_PASSWORD"));
    options.saslMechanism = env.value(QStringLiteral("KAFKA_SASL_MECHANISM"), QStringLiteral("PLAIN")).toUpper();
    options.sslCaFile = env.value(QStringLiteral("KAFKA_SSL_CA"));
    options.group = parser.value(group);
    options.fromBeginning = parser.isSet(fromBeginning);
    for (const auto &name : parser.values(topic)) {
        options.topics.append(name.toUtf8());
    }
    if (options.topics.isEmpty()) {
        options.topics = AllTopics;
    }
    const auto filters = typeFilters(parser.values(type));
    if (!filters) {
        std::fprintf(stderr, "metaverse-events: %s\n", qUtf8Printable(filters.error().message));
        return 2;
    }
    QFile out;
    const bool opened = parser.isSet(output)
        ? (out.setFileName(parser.value(output)), out.open(QIODevice::WriteOnly | QIODevice::Append))
        : out.open(stdout, QIODevice::WriteOnly);
    if (!opened) {
        std::fprintf(stderr, "metaverse-events: cannot write %s: %s\n", qUtf8Printable(parser.value(output)),
            qUtf8Printable(out.errorString()));
        return 2;
    }
    auto consumer = KafkaConsumer::create(options);
    if (!consumer) {
        std::fprintf(stderr, "metaverse-events: %s\n", qUtf8Printable(consumer.error().message));
        return 2;
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    while (!s_stop) {
        auto record = (*consumer)->poll(200);
        if (!record) {
            std::fprintf(stderr, "metaverse-events: %s\n", qUtf8Printable(record.error().message));
            return 1;
        }
        if (!record->has_value()) {
            if (parser.isSet(exitAtEnd) && (*consumer)->atEnd()) {
                break;
            }
            continue;
        }
        const auto &value = (*record)->value;
        const QString eventType = QJsonDocument::fromJson(value).object().value(QStringLiteral("type")).toString();
        if (matches(*filters, eventType)) {
            // Written before the offset is committed: a crash in between prints the event again.
            if (out.write(value + '\n') != value.size() + 1 || !out.flush()) {
                std::fprintf(stderr, "metaverse-events: cannot write: %s\n", qUtf8Printable(out.errorString()));
                return 1;
            }
        }
        if (auto committed = (*consumer)->commit(**record); !committed) {
            std::fprintf(stderr, "metaverse-events: %s\n", qUtf8Printable(committed.error().message));
            return 1;
        }
    }
    return 0;
}
