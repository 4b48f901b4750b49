// SPDX-License-Identifier: GPL-3.0-or-later
// About 800 lines on purpose: RedisClient, its private part and RedisLink (one hiredis connection
// on Qt's event loop) are one unit that shares the hiredis lifetime rules described below; no
// other file includes hiredis, and splitting would spread those rules over three files.
#include "redisclient.h"

#include "logging.h"

#include <QEventLoop>
#include <QHostAddress>
#include <QHostInfo>
#include <QPointer>
#include <QRandomGenerator>
#include <QSet>
#include <QSocketNotifier>
#include <QTimer>
#include <QUrl>

// Only server/bus/ includes hiredis. Its own Qt adapter (hiredis/adapters/qt.h) is not used: when
// Redis drops a connection, hiredis frees the context itself and ~RedisQtAdapter then writes into
// the freed context (heap-use-after-free under ASan); deleting the adapter first makes hiredis call
// its cleanup hook with a null pointer; and it deletes a QSocketNotifier inside that notifier's own
// activated() emission. The glue below (RedisLink's hooks) is the same idea, ~40 lines, and safe.
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <coroutine>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

namespace Metaverse
{

namespace
{

// A command waiting for its reply. The coroutine (through ReplyAwaiter) and the hiredis callback
// (through a heap-allocated shared_ptr passed as privdata) share it.
struct PendingReply {
    bool done = false;
    Result<RedisReply> result;
    std::coroutine_handle<> waiter;
};

struct ReplyAwaiter {
    std::shared_ptr<PendingReply> pending;
    [[nodiscard]] bool await_ready() const noexcept { return pending->done; }
    void await_suspend(std::coroutine_handle<> handle) noexcept { pending->waiter = handle; }
    void await_resume() const noexcept { }
};

void complete(const std::shared_ptr<PendingReply> &pending, Result<RedisReply> result)
{
    if (pending->done) {
        return; // already answered (a reply after its timeout is dropped)
    }
    pending->result = std::move(result);
    pending->done = true;
    if (pending->waiter) {
        // Resumed from the event loop, never inside hiredis: the coroutine may do anything next,
        // including destroying the client. Without a context object, this runs on this thread.
        QTimer::singleShot(0, [pending] {
            if (auto waiter = std::exchange(pending->waiter, {})) {
                waiter.resume();
            }
        });
    }
}

QByteArray bytes(const redisReply *reply)
{
    return {reply->str, qsizetype(reply->len)};
}

RedisReply convert(const redisReply *reply)
{
    RedisReply out;
    switch (reply->type) {
    case REDIS_REPLY_STRING:
        out.type = RedisReply::Type::String;
        out.string = bytes(reply);
        break;
    case REDIS_REPLY_STATUS:
        out.type = RedisReply::Type::SimpleString;
        out.string = bytes(reply);
        break;
    case REDIS_REPLY_ERROR:
        out.type = RedisReply::Type::Error;
        out.string = bytes(reply);
        break;
    case REDIS_REPLY_INTEGER:
        out.type = RedisReply::Type::Integer;
        out.integer = reply->integer;
        break;
    case REDIS_REPLY_ARRAY:
        out.type = RedisReply::Type::Array;
        out.elements.reserve(qsizetype(reply->elements));
        for (size_t i = 0; i < reply->elements; ++i) {
            out.elements.append(convert(reply->element[i]));
        }
        break;
    default:
        break; // REDIS_REPLY_NIL
    }
    return out;
}

Error replyError(const redisReply *reply)
{
    const QByteArray text = bytes(reply);
    const QByteArray code = text.left(text.indexOf(' '));
    auto message = QStringLiteral("Redis: %1").arg(QString::fromUtf8(text));
    static const QByteArrayList transient{QByteArrayLiteral("LOADING"), QByteArrayLiteral("BUSY"),
        QByteArrayLiteral("READONLY"), QByteArrayLiteral("MASTERDOWN"), QByteArrayLiteral("TRYAGAIN"),
        QByteArrayLiteral("CLUSTERDOWN")};
    return transient.contains(code) ? Error::unavailable(std::move(message)) : Error::internal(std::move(message));
}

// Commands that would change the connection's mode or state behind the client's back.
bool isConnectionCommand(const QByteArray &name)
{
    static const QByteArrayList refused{QByteArrayLiteral("subscribe"), QByteArrayLiteral("psubscribe"),
        QByteArrayLiteral("ssubscribe"), QByteArrayLiteral("unsubscribe"), QByteArrayLiteral("punsubscribe"),
        QByteArrayLiteral("sunsubscribe"), QByteArrayLiteral("monitor"), QByteArrayLiteral("quit"),
        QByteArrayLiteral("reset"), QByteArrayLiteral("select"), QByteArrayLiteral("hello")};
    return refused.contains(name.toLower());
}

char s_handshakeDone; // its address tags the last handshake command

} // namespace

class RedisLink;

class RedisClientPrivate
{
public:
    RedisClientPrivate(RedisClient *client, RedisClient::Options opts);

    void linkUp();
    void linkDown(RedisLink *link, const QString &reason);
    void updateConnected();
    void deliver(QByteArray channel, QByteArray payload);
    void drain();
    [[nodiscard]] int backoffMs(int attempt) const;
    Status submitCommand(const QList<QByteArray> &args, const std::shared_ptr<PendingReply> &pending);
    [[nodiscard]] bool bothReady() const;

    static void onCommandReply(redisAsyncContext *context, void *reply, void *privdata);
    static void onSendReply(redisAsyncContext *context, void *reply, void *privdata);

    RedisClient *q;
    RedisClient::Options options;
    QString host;
    quint16 port = 6379;
    int database = 0;
    QByteArray user;
    QByteArray password;
    QString urlError;
    QString endpoint;

    std::unique_ptr<RedisLink> commands;
    std::unique_ptr<RedisLink> subscriber;
    QSet<QByteArray> channels;

    bool started = false; // connectNow() succeeded: keep reconnecting from now on
    bool connected = false;
    bool destroying = false;
    QEventLoop *startupLoop = nullptr;
    QString startupFailure;
    quint64 errors = 0;
    quint64 reconnects = 0;
    QList<std::pair<QByteArray, QByteArray>> inbox;
    bool drainPosted = false;
};

// One hiredis async connection driven by QSocketNotifiers, with its own connect deadline and
// retry timer. It owns its redisAsyncContext (ctx->data and ctx->ev.data point back here, and the
// link always outlives the context). hiredis frees a context by itself when the connection breaks;
// the cleanup hook (contextGone) is the one place that learns about it, always before the free.
class RedisLink
{
public:
    enum class Role { Commands, Subscriber };
    enum class State { Idle, Resolving, Connecting, Subscribing, Ready };

    RedisLink(RedisClientPrivate *owner, Role role)
        : m_owner(owner)
        , m_role(role)
    {
        m_deadline.setSingleShot(true);
        m_retry.setSingleShot(true);
        QObject::connect(&m_deadline, &QTimer::timeout, &m_deadline,
            [this] { abandon(QStringLiteral("timed out after %1 ms").arg(m_owner->options.connectTimeoutMs)); });
        QObject::connect(&m_retry, &QTimer::timeout, &m_retry, [this] { start(); });
    }
    ~RedisLink() { close(); }
    RedisLink(const RedisLink &) = delete;
    RedisLink &operator=(const RedisLink &) = delete;

    [[nodiscard]] bool isReady() const { return m_state == State::Ready; }
    [[nodiscard]] bool isIdle() const { return m_state == State::Idle; }

    // Starts an attempt: resolve (unless the host is an address), connect, AUTH/SELECT, SUBSCRIBE.
    void start()
    {
        close();
        m_state = State::Resolving;
        m_deadline.start(m_owner->options.connectTimeoutMs);
        QHostAddress literal;
        if (literal.setAddress(m_owner->host)) {
            connectTo(literal);
            return;
        }
        m_lookupId = QHostInfo::lookupHost(m_owner->host, &m_deadline, [this](const QHostInfo &info) {
            if (info.lookupId() != m_lookupId) {
                return;
            }
            m_lookupId = -1;
            const auto addresses = info.addresses();
            if (info.error() != QHostInfo::NoError || addresses.isEmpty()) {
                abandon(QStringLiteral("cannot resolve the host (%1)").arg(info.errorString()));
                return;
            }
            auto chosen = addresses.first();
            for (const auto &address : addresses) {
                if (address.protocol() == QAbstractSocket::IPv4Protocol) {
                    chosen = address;
                    break;
                }
            }
            connectTo(chosen);
        });
    }

    // Drops the connection or attempt without reporting it. Never call it from inside hiredis.
    void close()
    {
        m_closing = true;
        m_deadline.stop();
        m_retry.stop();
        if (m_lookupId >= 0) {
            QHostInfo::abortHostLookup(m_lookupId);
            m_lookupId = -1;
        }
        if (m_context) {
            redisAsyncFree(m_context); // runs pending callbacks with a null reply, then contextGone()
        }
        m_state = State::Idle;
        m_failure.clear();
        m_closing = false;
    }

    void scheduleRetry() { m_retry.start(m_owner->backoffMs(m_attempt++)); }

    Status submit(const QList<QByteArray> &args, redisCallbackFn *callback, void *privdata)
    {
        if (m_state != State::Ready) {
            return Error::unavailable(QStringLiteral("Redis at %1 is not connected").arg(m_owner->endpoint));
        }
        return submitRaw(args, callback, privdata);
    }

    void subscribe(const QByteArray &channel)
    {
        if (m_state == State::Subscribing || m_state == State::Ready) {
            std::ignore = submitRaw({QByteArrayLiteral("SUBSCRIBE"), channel}, &RedisLink::onSubscriberReply, nullptr);
        }
    }

    void unsubscribe(const QByteArray &channel)
    {
        if (m_state == State::Subscribing || m_state == State::Ready) {
            // hiredis refuses UNSUBSCRIBE when the context has no subscription: nothing to undo then.
            std::ignore = submitRaw({QByteArrayLiteral("UNSUBSCRIBE"), channel}, nullptr, nullptr);
        }
    }

private:
    Status submitRaw(const QList<QByteArray> &args, redisCallbackFn *callback, void *privdata)
    {
        if (!m_context) {
            return Error::unavailable(QStringLiteral("Redis at %1 is not connected").arg(m_owner->endpoint));
        }
        std::vector<const char *> argv;
        std::vector<size_t> lengths;
        argv.reserve(size_t(args.size()));
        lengths.reserve(size_t(args.size()));
        for (const auto &arg : args) {
            argv.push_back(arg.constData());
            lengths.push_back(size_t(arg.size()));
        }
        if (redisAsyncCommandArgv(m_context, callback, privdata, int(argv.size()), argv.data(), lengths.data()) !=
            REDIS_OK) {
            return Error::unavailable(QStringLiteral("Redis at %1 is disconnecting").arg(m_owner->endpoint));
        }
        return {};
    }

    void connectTo(const QHostAddress &address)
    {
        const QByteArray ip = address.toString().toLatin1();
        redisAsyncContext *context = redisAsyncConnect(ip.constData(), int(m_owner->port));
        if (!context) {
            abandon(QStringLiteral("out of memory"));
            return;
        }
        if (context->err) {
            const QString reason = QString::fromUtf8(context->errstr);
            redisAsyncFree(context);
            abandon(reason);
            return;
        }
        m_context = context;
        context->data = this;
        context->ev.data = this;
        context->ev.addRead = &RedisLink::hookAddRead;
        context->ev.delRead = &RedisLink::hookDelRead;
        context->ev.addWrite = &RedisLink::hookAddWrite;
        context->ev.delWrite = &RedisLink::hookDelWrite;
        context->ev.cleanup = &RedisLink::hookCleanup;
        redisEnableKeepAlive(&context->c);
        m_state = State::Connecting;
        // The handshake is queued now and written as soon as the TCP connection is up.
        QList<QList<QByteArray>> handshake;
        if (!m_owner->password.isEmpty()) {
            handshake.append(m_owner->user.isEmpty()
                    ? QList<QByteArray>{QByteArrayLiteral("AUTH"), m_owner->password}
                    : QList<QByteArray>{QByteArrayLiteral("AUTH"), m_owner->user, m_owner->password});
        }
        if (m_owner->database != 0) {
            handshake.append({QByteArrayLiteral("SELECT"), QByteArray::number(m_owner->database)});
        }
        handshake.append({QByteArrayLiteral("PING")});
        for (qsizetype i = 0; i < handshake.size(); ++i) {
            void *tag = i + 1 == handshake.size() ? &s_handshakeDone : nullptr;
            if (const auto queued = submitRaw(handshake.at(i), &RedisLink::onHandshakeReply, tag); !queued) {
                abandon(queued.error().message);
                return;
            }
        }
    }

    // The attempt or the connection is over and must be reported. Not from inside hiredis.
    void abandon(const QString &reason)
    {
        m_failure = reason;
        if (m_lookupId >= 0) {
            QHostInfo::abortHostLookup(m_lookupId);
            m_lookupId = -1;
        }
        if (m_context) {
            redisAsyncFree(m_context); // -> contextGone() -> lost(m_failure)
        } else {
            lost(reason);
        }
    }

    void lost(const QString &reason)
    {
        m_state = State::Idle;
        m_deadline.stop();
        m_failure.clear();
        m_owner->linkDown(this, reason);
    }

    void ready()
    {
        m_state = State::Ready;
        m_deadline.stop();
        m_attempt = 0;
        m_owner->linkUp();
    }

    void handshakeDone()
    {
        if (m_role == Role::Commands || m_owner->channels.isEmpty()) {
            ready();
            return;
        }
        // Ready only once every subscription is confirmed, so connectedChanged(true) means that
        // messages flow again.
        m_state = State::Subscribing;
        m_awaitingAcks = m_owner->channels;
        QList<QByteArray> args{QByteArrayLiteral("SUBSCRIBE")};
        for (const auto &channel : std::as_const(m_owner->channels)) {
            args.append(channel);
        }
        if (const auto queued = submitRaw(args, &RedisLink::onSubscriberReply, nullptr); !queued) {
            m_failure = queued.error().message;
        }
    }

    void subscribeConfirmed(const QByteArray &channel)
    {
        if (m_state == State::Subscribing && m_awaitingAcks.remove(channel) && m_awaitingAcks.isEmpty()) {
            ready();
        }
    }

    // hiredis's cleanup hook: the context is about to be freed (it may be called twice).
    void contextGone()
    {
        if (!m_context) {
            return;
        }
        QString reason = m_failure;
        if (reason.isEmpty()) {
            reason = m_context->err ? QString::fromUtf8(m_context->errstr) : QStringLiteral("connection closed");
        }
        m_context = nullptr;
        for (auto *notifier : {&m_read, &m_write}) {
            if (*notifier) {
                (*notifier)->setEnabled(false);
                (*notifier)->disconnect();
                // We may be inside this notifier's activated() emission: never delete it there.
                if (m_closing) {
                    notifier->reset();
                } else {
                    notifier->release()->deleteLater();
                }
            }
        }
        if (!m_closing) {
            lost(reason);
        }
    }

    void watch(QSocketNotifier::Type type, bool enable)
    {
        auto &notifier = type == QSocketNotifier::Read ? m_read : m_write;
        if (!notifier) {
            if (!enable || !m_context) {
                return;
            }
            notifier = std::make_unique<QSocketNotifier>(qintptr(m_context->c.fd), type);
            QObject::connect(notifier.get(), &QSocketNotifier::activated, notifier.get(),
                [this](QSocketDescriptor, QSocketNotifier::Type activated) {
                    if (!m_context) {
                        return;
                    }
                    if (activated == QSocketNotifier::Read) {
                        redisAsyncHandleRead(m_context);
                    } else {
                        redisAsyncHandleWrite(m_context);
                    }
                });
        }
        notifier->setEnabled(enable);
    }

    static RedisLink *link(void *data) { return static_cast<RedisLink *>(data); }
    static void hookAddRead(void *data) { link(data)->watch(QSocketNotifier::Read, true); }
    static void hookDelRead(void *data) { link(data)->watch(QSocketNotifier::Read, false); }
    static void hookAddWrite(void *data) { link(data)->watch(QSocketNotifier::Write, true); }
    static void hookDelWrite(void *data) { link(data)->watch(QSocketNotifier::Write, false); }
    static void hookCleanup(void *data) { link(data)->contextGone(); }

    static void onHandshakeReply(redisAsyncContext *context, void *replyData, void *privdata)
    {
        auto *self = link(context->data);
        const auto *reply = static_cast<const redisReply *>(replyData);
        if (!reply) {
            return; // the context is going away; contextGone() reports it
        }
        if (reply->type == REDIS_REPLY_ERROR) {
            if (self->m_failure.isEmpty()) {
                self->m_failure = QStringLiteral("handshake refused: %1").arg(QString::fromUtf8(bytes(reply)));
            }
            redisAsyncFree(context); // inside a reply callback hiredis defers it until we return
            return;
        }
        if (privdata == &s_handshakeDone) {
            self->handshakeDone();
        }
    }

    static void onSubscriberReply(redisAsyncContext *context, void *replyData, void *)
    {
        const auto *reply = static_cast<const redisReply *>(replyData);
        if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements < 3 ||
            reply->element[0]->type != REDIS_REPLY_STRING || reply->element[1]->type != REDIS_REPLY_STRING) {
            return;
        }
        auto *self = link(context->data);
        const QByteArray kind = bytes(reply->element[0]);
        if (kind == "message" && reply->element[2]->type == REDIS_REPLY_STRING) {
            self->m_owner->deliver(bytes(reply->element[1]), bytes(reply->element[2]));
        } else if (kind == "subscribe") {
            self->subscribeConfirmed(bytes(reply->element[1]));
        }
    }

    RedisClientPrivate *m_owner;
    Role m_role;
    State m_state = State::Idle;
    redisAsyncContext *m_context = nullptr;
    std::unique_ptr<QSocketNotifier> m_read;
    std::unique_ptr<QSocketNotifier> m_write;
    QTimer m_deadline; // the current attempt must be ready by then
    QTimer m_retry;
    int m_attempt = 0;
    int m_lookupId = -1;
    bool m_closing = false;
    QString m_failure; // why the current context is being freed, when we know better than hiredis
    QSet<QByteArray> m_awaitingAcks;

    friend class RedisClientPrivate;
};

RedisClientPrivate::RedisClientPrivate(RedisClient *client, RedisClient::Options opts)
    : q(client)
    , options(std::move(opts))
{
    const QUrl url(options.url, QUrl::StrictMode);
    host = url.host();
    port = quint16(url.port(6379));
    user = url.userName().toUtf8();
    password = url.password().toUtf8();
    endpoint = host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(host).arg(port)
                                               : QStringLiteral("%1:%2").arg(host).arg(port);
    const auto path = url.path();
    bool ok = true;
    if (path.size() > 1) {
        database = path.mid(1).toInt(&ok);
    }
    if (url.scheme() == QLatin1String("rediss")) {
        urlError = QStringLiteral("TLS (rediss://) is not supported");
    } else if (!url.isValid() || url.scheme() != QLatin1String("redis") || host.isEmpty() || !ok || database < 0) {
        urlError = QStringLiteral("Invalid Redis URL \"%1\" (expected redis://[[user]:password@]host[:port][/db])")
                       .arg(url.toDisplayString(QUrl::RemovePassword));
    }
    options.connectTimeoutMs = qMax(1, options.connectTimeoutMs);
    options.commandTimeoutMs = qMax(1, options.commandTimeoutMs);
    options.reconnectMinMs = qMax(1, options.reconnectMinMs);
    options.reconnectMaxMs = qMax(options.reconnectMinMs, options.reconnectMaxMs);
    commands = std::make_unique<RedisLink>(this, RedisLink::Role::Commands);
    subscriber = std::make_unique<RedisLink>(this, RedisLink::Role::Subscriber);
}

bool RedisClientPrivate::bothReady() const
{
    return commands->isReady() && subscriber->isReady();
}

void RedisClientPrivate::linkUp()
{
    if (startupLoop) {
        if (bothReady()) {
            startupLoop->quit();
        }
        return;
    }
    updateConnected();
}

void RedisClientPrivate::linkDown(RedisLink *link, const QString &reason)
{
    if (destroying) {
        return;
    }
    if (startupLoop) {
        if (startupFailure.isEmpty()) {
            startupFailure = reason;
        }
        startupLoop->quit();
        return;
    }
    if (!started) {
        return;
    }
    if (connected) {
        ++errors;
        qCWarning(lcBus).noquote() << QStringLiteral("Lost Redis at %1 (%2); reconnecting").arg(endpoint, reason);
    } else {
        qCDebug(lcBus).noquote() << QStringLiteral("Redis at %1 still unavailable (%2)").arg(endpoint, reason);
    }
    updateConnected();
    link->scheduleRetry();
}

void RedisClientPrivate::updateConnected()
{
    const bool now = started && bothReady();
    if (now == connected) {
        return;
    }
    connected = now;
    if (now) {
        ++reconnects;
        qCInfo(lcBus).noquote() << QStringLiteral("Reconnected to Redis at %1").arg(endpoint);
    }
    // Emitted from the event loop, never inside hiredis; queued, so the order is kept.
    QMetaObject::invokeMethod(
        q, [client = q, now] { Q_EMIT client->connectedChanged(now); }, Qt::QueuedConnection);
}

void RedisClientPrivate::deliver(QByteArray channel, QByteArray payload)
{
    inbox.append({std::move(channel), std::move(payload)});
    if (!drainPosted) {
        drainPosted = true;
        QMetaObject::invokeMethod(
            q, [this] { drain(); }, Qt::QueuedConnection);
    }
}

void RedisClientPrivate::drain()
{
    drainPosted = false;
    const auto batch = std::exchange(inbox, {});
    const QPointer<RedisClient> alive(q);
    RedisClient *client = q;
    for (const auto &[channel, payload] : batch) {
        Q_EMIT client->message(channel, payload);
        if (!alive) {
            return;
        }
    }
}

int RedisClientPrivate::backoffMs(int attempt) const
{
    const qint64 ceiling = qMin<qint64>(options.reconnectMaxMs, qint64(options.reconnectMinMs) << qMin(attempt, 20));
    // Jitter in [ceiling/2, ceiling], so that many instances do not reconnect in lockstep.
    return int(ceiling / 2 + QRandomGenerator::global()->bounded(ceiling / 2 + 1));
}

Status RedisClientPrivate::submitCommand(const QList<QByteArray> &args, const std::shared_ptr<PendingReply> &pending)
{
    if (args.isEmpty()) {
        return Error::invalid(QStringLiteral("Empty Redis command"));
    }
    if (isConnectionCommand(args.first())) {
        return Error::invalid(
            QStringLiteral("%1 is not allowed through RedisClient::command()").arg(QString::fromUtf8(args.first())));
    }
    auto *holder = new std::shared_ptr<PendingReply>(pending);
    auto submitted = commands->submit(args, &RedisClientPrivate::onCommandReply, holder);
    if (!submitted) {
        delete holder;
    }
    return submitted;
}

void RedisClientPrivate::onCommandReply(redisAsyncContext *context, void *replyData, void *privdata)
{
    std::unique_ptr<std::shared_ptr<PendingReply>> holder(static_cast<std::shared_ptr<PendingReply> *>(privdata));
    auto *self = static_cast<RedisLink *>(context->data)->m_owner;
    const auto *reply = static_cast<const redisReply *>(replyData);
    if (!reply) {
        ++self->errors;
        complete(*holder,
            Error::unavailable(self->destroying
                    ? QStringLiteral("The Redis client was destroyed")
                    : QStringLiteral("Lost the connection to Redis at %1 (%2)")
                          .arg(self->endpoint,
                              context->err ? QString::fromUtf8(context->errstr) : QStringLiteral("closed"))));
    } else if (reply->type == REDIS_REPLY_ERROR) {
        ++self->errors;
        complete(*holder, replyError(reply));
    } else {
        complete(*holder, convert(reply));
    }
}

void RedisClientPrivate::onSendReply(redisAsyncContext *context, void *replyData, void *)
{
    auto *self = static_cast<RedisLink *>(context->data)->m_owner;
    const auto *reply = static_cast<const redisReply *>(replyData);
    if (!reply) {
        ++self->errors;
        qCDebug(lcBus) << "A fire-and-forget Redis command was lost with its connection";
    } else if (reply->type == REDIS_REPLY_ERROR) {
        ++self->errors;
        qCWarning(lcBus).noquote()
            << QStringLiteral("Redis error for a fire-and-forget command: %1").arg(QString::fromUtf8(bytes(reply)));
    }
}

RedisClient::RedisClient(Options options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<RedisClientPrivate>(this, std::move(options)))
{
}

RedisClient::~RedisClient()
{
    d->destroying = true;
    // Frees both contexts: commands in flight complete with Unavailable (resumed from the event loop).
    d->commands->close();
    d->subscriber->close();
}

Status RedisClient::connectNow()
{
    if (d->connected) {
        return {};
    }
    if (!d->urlError.isEmpty()) {
        return Error::invalid(d->urlError);
    }
    d->started = false;
    QEventLoop loop;
    QTimer backstop; // the links' own deadlines normally end the wait first, with a precise reason
    backstop.setSingleShot(true);
    connect(&backstop, &QTimer::timeout, &loop, &QEventLoop::quit);
    d->startupLoop = &loop;
    d->startupFailure.clear();
    backstop.start(d->options.connectTimeoutMs + 100);
    d->commands->start();
    d->subscriber->start();
    // A failure may already be known (quit() before exec() would be lost).
    if (!d->bothReady() && d->startupFailure.isEmpty()) {
        loop.exec();
    }
    d->startupLoop = nullptr;
    if (d->bothReady()) {
        d->started = true;
        d->connected = true;
        qCInfo(lcBus).noquote() << QStringLiteral("Connected to Redis at %1").arg(d->endpoint);
        Q_EMIT connectedChanged(true);
        return {};
    }
    const QString reason = d->startupFailure.isEmpty()
        ? QStringLiteral("timed out after %1 ms").arg(d->options.connectTimeoutMs)
        : d->startupFailure;
    d->commands->close();
    d->subscriber->close();
    return Error::unavailable(QStringLiteral("Cannot connect to Redis at %1: %2").arg(d->endpoint, reason));
}

bool RedisClient::isConnected() const
{
    return d->connected;
}

QString RedisClient::endpoint() const
{
    return d->endpoint;
}

QCoro::Task<Result<RedisReply>> RedisClient::command(QList<QByteArray> args)
{
    auto pending = std::make_shared<PendingReply>();
    const Status submitted = d->submitCommand(args, pending);
    if (!submitted) {
        ++d->errors;
        co_return submitted.error();
    }
    // No context object: the timer holds only `pending`, so it is safe after the client is gone.
    const int timeoutMs = d->options.commandTimeoutMs;
    const QString endpoint = d->endpoint;
    QTimer::singleShot(timeoutMs, [pending, timeoutMs, endpoint] {
        complete(pending,
            Error::unavailable(QStringLiteral("Redis at %1 did not answer within %2 ms").arg(endpoint).arg(timeoutMs)));
    });
    // `this` may be gone once this resumes: only `pending` is touched after the co_await.
    ReplyAwaiter awaiter{pending};
    co_await awaiter;
    co_return std::move(pending->result);
}

void RedisClient::send(QList<QByteArray> args)
{
    Status submitted = args.isEmpty() || isConnectionCommand(args.first())
        ? Status(Error::invalid(QStringLiteral("Refused fire-and-forget Redis command")))
        : d->commands->submit(args, &RedisClientPrivate::onSendReply, nullptr);
    if (!submitted) {
        ++d->errors;
        qCDebug(lcBus).noquote() << QStringLiteral("Dropped a Redis command: %1").arg(submitted.error().message);
    }
}

void RedisClient::publish(const QByteArray &channel, const QByteArray &payload)
{
    send({QByteArrayLiteral("PUBLISH"), channel, payload});
}

void RedisClient::subscribe(const QByteArray &channel)
{
    if (d->channels.contains(channel)) {
        return;
    }
    d->channels.insert(channel);
    d->subscriber->subscribe(channel);
}

void RedisClient::unsubscribe(const QByteArray &channel)
{
    if (!d->channels.remove(channel)) {
        return;
    }
    d->subscriber->unsubscribe(channel);
}

quint64 RedisClient::errorCount() const
{
    return d->errors;
}

quint64 RedisClient::reconnectCount() const
{
    return d->reconnects;
}

} // namespace Metaverse
