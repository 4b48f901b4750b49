// SPDX-License-Identifier: GPL-3.0-or-later
#include "kafkaproducer.h"

#include "logging.h"

#include <QList>
#include <QPointer>
#include <QSocketNotifier>

#include <librdkafka/rdkafka.h>

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <utility>

namespace Metaverse
{

namespace
{
struct KafkaDeleter {
    void operator()(rd_kafka_t *handle) const { rd_kafka_destroy(handle); }
    void operator()(rd_kafka_queue_t *queue) const { rd_kafka_queue_destroy(queue); }
};

struct Report {
    quint64 token = 0;
    rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
};
} // namespace

class KafkaProducerPrivate
{
public:
    explicit KafkaProducerPrivate(KafkaProducer *producer)
        : q(producer)
    {
    }
    ~KafkaProducerPrivate()
    {
        notifier.reset();
        mainQueue.reset();
        handle.reset(); // before the pipe: librdkafka may write to it until then
        for (int fd : wakeFds) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
    }

    // Serves librdkafka's main queue (delivery reports, errors) until it is empty, then reports
    // from here, outside librdkafka, so a slot may produce again or delete the producer.
    void serve()
    {
        std::array<char, 64> drain{};
        while (::read(wakeFds[0], drain.data(), drain.size()) > 0) { }
        while (handle && rd_kafka_poll(handle.get(), 0) > 0) { }
        const auto reports = std::exchange(pending, {});
        const auto changes = std::exchange(upChanges, {});
        QPointer<KafkaProducer> alive(q);
        for (bool change : changes) {
            Q_EMIT q->upChanged(change);
            if (!alive) {
                return;
            }
        }
        for (const auto &report : reports) {
            if (report.error == RD_KAFKA_RESP_ERR_NO_ERROR) {
                Q_EMIT q->delivered(report.token);
            } else {
                Q_EMIT q->failed(report.token, QString::fromUtf8(rd_kafka_err2str(report.error)));
            }
            if (!alive) {
                return;
            }
        }
    }

    void setUp(bool value)
    {
        if (up != value) {
            up = value;
            upChanges.append(value);
        }
    }

    static void onDelivery(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque)
    {
        auto *self = static_cast<KafkaProducerPrivate *>(opaque);
        --self->inFlight;
        const auto token = quint64(reinterpret_cast<std::uintptr_t>(message->_private));
        if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            self->setUp(true);
        } else {
            ++self->errors;
            qCWarning(lcBus) << "Kafka delivery failed:" << rd_kafka_err2str(message->err);
        }
        self->pending.append(Report{token, message->err});
    }

    // librdkafka's own log lines (from its threads; Qt's logging is thread-safe), by syslog level.
    static void onLog(const rd_kafka_t *, int level, const char *facility, const char *line)
    {
        if (level <= 4) {
            qCWarning(lcBus).noquote() << "librdkafka" << facility << line;
        } else if (level <= 6) {
            qCInfo(lcBus).noquote() << "librdkafka" << facility << line;
        } else {
            qCDebug(lcBus).noquote() << "librdkafka" << facility << line;
        }
    }

    static void onError(rd_kafka_t *handle, int error, const char *reason, void *opaque)
    {
        auto *self = static_cast<KafkaProducerPrivate *>(opaque);
        const auto code = static_cast<rd_kafka_resp_err_t>(error);
        if (code == RD_KAFKA_RESP_ERR__FATAL) {
            std::array<char, 512> text{};
            rd_kafka_fatal_error(handle, text.data(), text.size());
            qCCritical(lcBus) << "Kafka producer stopped by a fatal error:" << text.data();
            self->fatal = true;
            self->setUp(false);
            return;
        }
        if (code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
            qCWarning(lcBus) << "Kafka: all brokers are down; messages wait for them";
            self->setUp(false);
            return;
        }
        qCInfo(lcBus) << "Kafka:" << reason;
    }

    KafkaProducer *q;
    std::unique_ptr<rd_kafka_t, KafkaDeleter> handle;
    std::unique_ptr<rd_kafka_queue_t, KafkaDeleter> mainQueue;
    std::array<int, 2> wakeFds{-1, -1};
    std::unique_ptr<QSocketNotifier> notifier;
    QList<Report> pending;
    QList<bool> upChanges;
    qint64 inFlight = 0;
    quint64 errors = 0;
    bool up = true;
    bool fatal = false;
};

KafkaProducer::KafkaProducer(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<KafkaProducerPrivate>(this))
{
}

KafkaProducer::~KafkaProducer() = default;

Result<std::unique_ptr<KafkaProducer>> KafkaProducer::create(const Options &options, QObject *parent)
{
    auto made = makeKafkaConf(options,
        {{"client.id", options.clientId}, {"enable.idempotence", QStringLiteral("true")},
            {"acks", QStringLiteral("all")}, {"linger.ms", QString::number(options.lingerMs)},
            {"message.timeout.ms", QString::number(options.messageTimeoutMs)}});
    if (!made) {
        return made.error();
    }
    KafkaConf conf = std::move(made).value();
    std::array<char, 512> error{};

    std::unique_ptr<KafkaProducer> producer(new KafkaProducer(parent));
    KafkaProducerPrivate *p = producer->d.get();
    rd_kafka_conf_set_opaque(conf.get(), p);
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &KafkaProducerPrivate::onDelivery);
    rd_kafka_conf_set_error_cb(conf.get(), &KafkaProducerPrivate::onError);
    rd_kafka_conf_set_log_cb(conf.get(), &KafkaProducerPrivate::onLog);
    rd_kafka_t *handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), error.data(), error.size());
    if (!handle) {
        return Error::invalid(
            QStringLiteral("Cannot create the Kafka producer: %1").arg(QString::fromUtf8(error.data())));
    }
    std::ignore = conf.release(); // rd_kafka_new took it
    p->handle.reset(handle);

    // librdkafka writes a byte to the pipe when its main queue (delivery reports, errors) turns
    // non-empty; the notifier then serves the whole queue on the event loop.
    if (::pipe2(p->wakeFds.data(), O_NONBLOCK | O_CLOEXEC) != 0) {
        return Error::internal(QStringLiteral("Cannot create the Kafka wake-up pipe"));
    }
    p->mainQueue.reset(rd_kafka_queue_get_main(handle));
    static const char wake = 1;
    rd_kafka_queue_io_event_enable(p->mainQueue.get(), p->wakeFds[1], &wake, 1);
    p->notifier = std::make_unique<QSocketNotifier>(qintptr(p->wakeFds[0]), QSocketNotifier::Read);
    QObject::connect(p->notifier.get(), &QSocketNotifier::activated, producer.get(), [p] { p->serve(); });
    // What librdkafka queued before the pipe was enabled (a refused first connection reports "all
    // brokers down" within microseconds) wrote no byte, and nothing else would ever wake us for it.
    QMetaObject::invokeMethod(
        producer.get(), [p] { p->serve(); }, Qt::QueuedConnection);
    return producer;
}

Status KafkaProducer::produce(const QByteArray &topic, const QByteArray &key, const QByteArray &value, quint64 token)
{
    if (d->fatal) {
        return Error::unavailable(QStringLiteral("The Kafka producer stopped after a fatal error"));
    }
    const QByteArray topicName = topic; // NUL-terminated for librdkafka
    std::array<rd_kafka_vu_t, 5> fields{};
    fields[0].vtype = RD_KAFKA_VTYPE_TOPIC;
    fields[0].u.cstr = topicName.constData();
    fields[1].vtype = RD_KAFKA_VTYPE_KEY;
    fields[1].u.mem = {const_cast<char *>(key.constData()), size_t(key.size())};
    fields[2].vtype = RD_KAFKA_VTYPE_VALUE;
    fields[2].u.mem = {const_cast<char *>(value.constData()), size_t(value.size())};
    fields[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    fields[3].u.i = RD_KAFKA_MSG_F_COPY;
    fields[4].vtype = RD_KAFKA_VTYPE_OPAQUE;
    fields[4].u.ptr = reinterpret_cast<void *>(std::uintptr_t(token));
    if (rd_kafka_error_t *error = rd_kafka_produceva(d->handle.get(), fields.data(), fields.size())) {
        const QString reason = QString::fromUtf8(rd_kafka_error_string(error));
        rd_kafka_error_destroy(error);
        return Error::unavailable(QStringLiteral("Kafka: %1").arg(reason));
    }
    ++d->inFlight;
    return {};
}

bool KafkaProducer::flush(int timeoutMs)
{
    const bool done = rd_kafka_flush(d->handle.get(), timeoutMs) == RD_KAFKA_RESP_ERR_NO_ERROR;
    d->serve(); // the reports that flush() collected
    return done;
}

bool KafkaProducer::isUp() const
{
    return d->up;
}

qint64 KafkaProducer::inFlight() const
{
    return d->inFlight;
}

quint64 KafkaProducer::deliveryErrors() const
{
    return d->errors;
}

} // namespace Metaverse
