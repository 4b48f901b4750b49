// SPDX-License-Identifier: GPL-3.0-or-later
// RedisClient against a real Redis (METAVERSE_TEST_REDIS_URL; required when CI=true), with
// outages made by cutting a TCP proxy between the client and Redis.
#include "bus/redisclient.h"
#include "tcpproxy.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QPointer>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QTimer>
#include <QUrl>
#include <QUuid>

#include <QCoroTask>

#include <algorithm>
#include <memory>
#include <optional>

using namespace Metaverse;
using Metaverse::Test::TcpProxy;

namespace
{

// Runs the event loop until the task finishes or timeoutMs pass (nullopt: it did not finish).
std::optional<Result<RedisReply>> finish(QCoro::Task<Result<RedisReply>> &task, int timeoutMs = 5000)
{
    const QDeadlineTimer deadline(timeoutMs);
    QTimer wake; // bounds each wait below, so the deadline is seen
    wake.start(10);
    while (!task.isReady() && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    if (!task.isReady()) {
        return std::nullopt;
    }
    return QCoro::waitFor(task);
}

// Runs the event loop until `done()` or timeoutMs pass; no fixed steps, for timing loops.
template<typename Predicate>
bool spinUntil(Predicate done, int timeoutMs = 5000)
{
    const QDeadlineTimer deadline(timeoutMs);
    QTimer wake;
    wake.start(10);
    while (!done() && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return done();
}

std::optional<Result<RedisReply>> run(RedisClient &client, QList<QByteArray> args, int timeoutMs = 5000)
{
    auto task = client.command(std::move(args));
    return finish(task, timeoutMs);
}

RedisReply str(const QByteArray &value)
{
    return {RedisReply::Type::String, 0, value, {}};
}

RedisReply integer(qint64 value)
{
    return {RedisReply::Type::Integer, value, {}, {}};
}

QByteArray describe(const std::optional<Result<RedisReply>> &result)
{
    if (!result) {
        return QByteArrayLiteral("no reply in time");
    }
    if (!*result) {
        return result->error().message.toUtf8();
    }
    return QByteArrayLiteral("type ") + QByteArray::number(int((*result)->type)) + QByteArrayLiteral(" ") +
        (*result)->string + QByteArrayLiteral(" ") + QByteArray::number((*result)->integer);
}

// Number of subscribers Redis counts on `channel`.
qint64 subscribers(RedisClient &client, const QByteArray &channel)
{
    const auto reply = run(client, {QByteArrayLiteral("PUBSUB"), QByteArrayLiteral("NUMSUB"), channel});
    if (!reply || !*reply || (*reply)->elements.size() != 2) {
        return -1;
    }
    return (*reply)->elements.at(1).integer;
}

// A port nobody listens on.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    return server.serverPort();
}

} // namespace

class TestRedis : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RedisClient> client(const QString &url = {}, int reconnectMaxMs = 5000)
    {
        RedisClient::Options options;
        options.url = url.isEmpty() ? m_url : url;
        options.connectTimeoutMs = 1000;
        options.reconnectMinMs = 20;
        options.reconnectMaxMs = reconnectMaxMs;
        return std::make_unique<RedisClient>(options);
    }
    // Keys and channels unique to this run, so runs never see each other's data.
    QByteArray name(const char *suffix) const { return m_prefix + QByteArray(suffix); }

    QString m_url;
    QUrl m_parsed;
    QByteArray m_prefix;

private Q_SLOTS:
    void initTestCase()
    {
        const auto env = QProcessEnvironment::systemEnvironment();
        m_url = env.value(QStringLiteral("METAVERSE_TEST_REDIS_URL"));
        if (m_url.isEmpty()) {
            if (env.value(QStringLiteral("CI")) == QLatin1String("true")) {
                QFAIL("METAVERSE_TEST_REDIS_URL is not set (required in CI)");
            }
            QSKIP("METAVERSE_TEST_REDIS_URL is not set (source scripts/services.sh && start_services)");
        }
        m_parsed = QUrl(m_url);
        m_prefix = QByteArrayLiteral("tst_redis:") + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) +
            QByteArrayLiteral(":");
    }

    void unreachablePortFailsFast()
    {
        const quint16 port = closedPort();
        auto redis = client(QStringLiteral("redis://:s3cret@127.0.0.1:%1").arg(port));
        QElapsedTimer timer;
        timer.start();
        const auto status = redis->connectNow();
        QVERIFY(!status);
        QCOMPARE(status.error().code, ErrorCode::Unavailable);
        QVERIFY2(timer.elapsed() < 500, QByteArray::number(timer.elapsed()).constData());
        const auto message = status.error().message;
        QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("refused")), qPrintable(message));
        QVERIFY2(!message.contains(QLatin1String("s3cret")), qPrintable(message));
        QVERIFY(!redis->isConnected());
        // Not connected: commands fail at once.
        const auto reply = run(*redis, {QByteArrayLiteral("PING")}, 100);
        QVERIFY(reply && !*reply);
        QCOMPARE(reply->error().code, ErrorCode::Unavailable);
    }

    void silentServerTimesOut()
    {
        QTcpServer silent; // accepts, never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        RedisClient::Options options;
        options.url = QStringLiteral("redis://127.0.0.1:%1").arg(silent.serverPort());
        options.connectTimeoutMs = 300;
        RedisClient redis(options);
        QElapsedTimer timer;
        timer.start();
        const auto status = redis.connectNow();
        QVERIFY(!status);
        QVERIFY2(timer.elapsed() >= 250 && timer.elapsed() < 1000, QByteArray::number(timer.elapsed()).constData());
        QVERIFY2(status.error().message.contains(QLatin1String("timed out")), qPrintable(status.error().message));
    }

    void invalidUrl()
    {
        RedisClient redis({QStringLiteral("http://nowhere"), 100, 10, 10});
        const auto status = redis.connectNow();
        QVERIFY(!status);
        QCOMPARE(status.error().code, ErrorCode::Invalid);
    }

    void roundTrip()
    {
        auto redis = client();
        const auto connected = redis->connectNow();
        QVERIFY2(connected, qPrintable(connected ? QString() : connected.error().message));
        QVERIFY(redis->isConnected());
        const auto key = name("greeting");

        auto reply = run(*redis, {QByteArrayLiteral("SET"), key, QByteArrayLiteral("hello")});
        QVERIFY2(reply && *reply, describe(reply).constData());
        QCOMPARE((*reply)->type, RedisReply::Type::SimpleString);
        QCOMPARE((*reply)->string, QByteArrayLiteral("OK"));

        reply = run(*redis, {QByteArrayLiteral("GET"), key});
        QVERIFY2(reply && *reply, describe(reply).constData());
        QCOMPARE(**reply, str(QByteArrayLiteral("hello")));

        reply = run(*redis, {QByteArrayLiteral("DEL"), key});
        QVERIFY2(reply && *reply, describe(reply).constData());
        QCOMPARE(**reply, integer(1));

        reply = run(*redis, {QByteArrayLiteral("GET"), key});
        QVERIFY2(reply && *reply, describe(reply).constData());
        QVERIFY((*reply)->isNil());
    }

    void replyTypes()
    {
        auto redis = client();
        QVERIFY(redis->connectNow());
        const auto counter = name("counter");
        const auto set = name("set");

        auto reply = run(*redis, {QByteArrayLiteral("INCRBY"), counter, QByteArrayLiteral("-42")});
        QVERIFY2(reply && *reply, describe(reply).constData());
        QCOMPARE(**reply, integer(-42));

        reply = run(*redis,
            {QByteArrayLiteral("SADD"), set, QByteArrayLiteral("a"), QByteArrayLiteral("b"), QByteArrayLiteral("c")});
        QVERIFY2(reply && *reply, describe(reply).constData());
        QCOMPARE(**reply, integer(3));
        reply = run(*redis, {QByteArrayLiteral("SMEMBERS"), set});
        QVERIFY2(reply && *reply, describe(reply).constData());
        QCOMPARE((*reply)->type, RedisReply::Type::Array);
        QByteArrayList members;
        for (const auto &element : std::as_const((*reply)->elements)) {
            QCOMPARE(element.type, RedisReply::Type::String);
            members.append(element.string);
        }
        std::sort(members.begin(), members.end());
        QCOMPARE(members, (QByteArrayList{"a", "b", "c"}));

        reply = run(*redis, {QByteArrayLiteral("SMEMBERS"), name("missing")});
        QVERIFY2(reply && *reply, describe(reply).constData());
        QCOMPARE((*reply)->type, RedisReply::Type::Array);
        QVERIFY((*reply)->elements.isEmpty());

        // Nested nil inside an array.
        reply = run(*redis, {QByteArrayLiteral("MGET"), counter, name("missing")});
        QVERIFY2(reply && *reply, describe(reply).constData());
        QCOMPARE((*reply)->elements.size(), 2);
        QCOMPARE((*reply)->elements.at(0), str(QByteArrayLiteral("-42")));
        QVERIFY((*reply)->elements.at(1).isNil());

        // A Redis error reply is an Error, and counted.
        const auto errorsBefore = redis->errorCount();
        reply = run(*redis, {QByteArrayLiteral("INCR"), set});
        QVERIFY(reply);
        QVERIFY(!*reply);
        QCOMPARE(reply->error().code, ErrorCode::Internal);
        QVERIFY2(reply->error().message.contains(QLatin1String("WRONGTYPE")), qPrintable(reply->error().message));
        QCOMPARE(redis->errorCount(), errorsBefore + 1);

        // Commands that would change the connection's mode are refused.
        reply = run(*redis, {QByteArrayLiteral("subscribe"), name("x")});
        QVERIFY(reply && !*reply);
        QCOMPARE(reply->error().code, ErrorCode::Invalid);
        reply = run(*redis, {});
        QVERIFY(reply && !*reply);
        QCOMPARE(reply->error().code, ErrorCode::Invalid);

        // The connection still works after all that.
        reply = run(*redis, {QByteArrayLiteral("DEL"), counter, set});
        QVERIFY2(reply && *reply, describe(reply).constData());
        QCOMPARE(**reply, integer(2));
    }

    void binaryPayload()
    {
        auto redis = client();
        QVERIFY(redis->connectNow());
        QByteArray payload(100 * 1024, Qt::Uninitialized);
        for (qsizetype i = 0; i < payload.size(); ++i) {
            payload[i] = char(i % 256); // every byte value, NULs included
        }
        const QByteArray key = name("bin\0ary\r\n") + QByteArray("\0\xff", 2);
        auto reply = run(*redis, {QByteArrayLiteral("SET"), key, payload});
        QVERIFY2(reply && *reply, describe(reply).constData());
        reply = run(*redis, {QByteArrayLiteral("STRLEN"), key});
        QVERIFY2(reply && *reply, describe(reply).constData());
        QCOMPARE(**reply, integer(payload.size()));
        reply = run(*redis, {QByteArrayLiteral("GET"), key});
        QVERIFY2(reply && *reply, describe(reply).constData());
        QCOMPARE((*reply)->type, RedisReply::Type::String);
        QVERIFY((*reply)->string == payload);

        // The same through pub/sub, on a channel name with a NUL in it.
        auto subscriber = client();
        QVERIFY(subscriber->connectNow());
        const QByteArray channel = name("chan") + QByteArray("\0nel", 4);
        subscriber->subscribe(channel);
        QTRY_COMPARE_WITH_TIMEOUT(subscribers(*redis, channel), 1, 5000);
        QSignalSpy messages(subscriber.get(), &RedisClient::message);
        redis->publish(channel, payload);
        QVERIFY(messages.wait(5000));
        QCOMPARE(messages.first().at(0).toByteArray(), channel);
        QVERIFY(messages.first().at(1).toByteArray() == payload);
        reply = run(*redis, {QByteArrayLiteral("DEL"), key});
        QVERIFY2(reply && *reply, describe(reply).constData());
    }

    void publishSubscribeUnsubscribe()
    {
        auto publisher = client();
        auto subscriber = client();
        QVERIFY(publisher->connectNow());
        QVERIFY(subscriber->connectNow());
        const auto channel = name("room");
        const auto sentinel = name("sentinel");
        subscriber->subscribe(channel);
        subscriber->subscribe(channel); // idempotent
        subscriber->subscribe(sentinel);
        QTRY_COMPARE_WITH_TIMEOUT(subscribers(*publisher, channel), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(subscribers(*publisher, sentinel), 1, 5000);

        QSignalSpy messages(subscriber.get(), &RedisClient::message);
        publisher->publish(channel, QByteArrayLiteral("hello"));
        QVERIFY(messages.wait(5000));
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.at(0).at(0).toByteArray(), channel);
        QCOMPARE(messages.at(0).at(1).toByteArray(), QByteArrayLiteral("hello"));

        // After unsubscribe, nothing more from that channel: the sentinel is published after it on
        // the same connection, so a message on `channel` would arrive before the sentinel's.
        subscriber->unsubscribe(channel);
        QTRY_COMPARE_WITH_TIMEOUT(subscribers(*publisher, channel), 0, 5000);
        messages.clear();
        publisher->publish(channel, QByteArrayLiteral("too late"));
        publisher->publish(sentinel, QByteArrayLiteral("sentinel"));
        QVERIFY(messages.wait(5000));
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.at(0).at(0).toByteArray(), sentinel);

        // Subscribing again works.
        subscriber->subscribe(channel);
        QTRY_COMPARE_WITH_TIMEOUT(subscribers(*publisher, channel), 1, 5000);
        messages.clear();
        publisher->publish(channel, QByteArrayLiteral("again"));
        QVERIFY(messages.wait(5000));
        QCOMPARE(messages.at(0).at(1).toByteArray(), QByteArrayLiteral("again"));
        QCOMPARE(publisher->errorCount(), quint64(0));
        QCOMPARE(subscriber->errorCount(), quint64(0));
    }

    void outageAndRecovery()
    {
        TcpProxy proxy(QHostAddress(m_parsed.host()), quint16(m_parsed.port(6379)));
        QVERIFY(proxy.start());
        auto redis = client(QStringLiteral("redis://127.0.0.1:%1").arg(proxy.port()), 200);
        auto direct = client();
        const auto channel = name("outage");
        redis->subscribe(channel); // before connectNow: subscribed as part of the start-up
        QVERIFY(redis->connectNow());
        QVERIFY(direct->connectNow());
        QCOMPARE(subscribers(*direct, channel), 1); // confirmed before connectNow() returned
        QSignalSpy connectedChanged(redis.get(), &RedisClient::connectedChanged);
        QSignalSpy messages(redis.get(), &RedisClient::message);

        proxy.cutOff();
        QVERIFY(connectedChanged.wait(5000));
        QCOMPARE(connectedChanged.first().at(0).toBool(), false);
        QVERIFY(!redis->isConnected());
        QVERIFY(redis->errorCount() >= 1);
        QCOMPARE(redis->reconnectCount(), quint64(0));

        // While cut off, commands fail at once.
        QElapsedTimer timer;
        timer.start();
        const auto reply = run(*redis, {QByteArrayLiteral("PING")}, 1000);
        QVERIFY2(reply && !*reply, describe(reply).constData());
        QCOMPARE(reply->error().code, ErrorCode::Unavailable);
        QVERIFY2(timer.elapsed() < 100, QByteArray::number(timer.elapsed()).constData());
        redis->publish(channel, QByteArrayLiteral("lost")); // counted, no crash
        // It keeps trying (connections refused) without emitting again.
        QTRY_VERIFY_WITH_TIMEOUT(redis->errorCount() >= 2, 1000);
        QCOMPARE(connectedChanged.size(), 1);

        QVERIFY(proxy.resume());
        QTRY_COMPARE_WITH_TIMEOUT(connectedChanged.size(), 2, 5000);
        QCOMPARE(connectedChanged.at(1).at(0).toBool(), true);
        QVERIFY(redis->isConnected());
        QCOMPARE(redis->reconnectCount(), quint64(1));
        // Re-subscribed before connectedChanged(true).
        QCOMPARE(subscribers(*direct, channel), 1);
        direct->publish(channel, QByteArrayLiteral("back"));
        QVERIFY(messages.wait(5000));
        QCOMPARE(messages.last().at(1).toByteArray(), QByteArrayLiteral("back"));
        const auto after = run(*redis, {QByteArrayLiteral("PING")});
        QVERIFY2(after && *after, describe(after).constData());
        QCOMPARE((*after)->string, QByteArrayLiteral("PONG"));
    }

    // A reconnect attempt that hangs (TCP accepted, never an answer) is abandoned after
    // connectTimeoutMs and retried; commands meanwhile fail at once.
    void hungServerDuringReconnect()
    {
        TcpProxy proxy(QHostAddress(m_parsed.host()), quint16(m_parsed.port(6379)));
        QVERIFY(proxy.start());
        RedisClient::Options options;
        options.url = QStringLiteral("redis://127.0.0.1:%1").arg(proxy.port());
        options.connectTimeoutMs = 300;
        options.reconnectMinMs = 20;
        options.reconnectMaxMs = 100;
        RedisClient redis(options);
        QVERIFY(redis.connectNow());
        QSignalSpy connectedChanged(&redis, &RedisClient::connectedChanged);

        proxy.cutOff();
        QTcpServer silent; // takes the proxy's port while it is cut off
        QVERIFY(silent.listen(QHostAddress::LocalHost, proxy.port()));
        QSignalSpy accepted(&silent, &QTcpServer::newConnection);
        // Both connections' attempts are now waiting for an answer.
        QTRY_VERIFY_WITH_TIMEOUT(accepted.size() >= 2, 5000);
        const auto reply = run(redis, {QByteArrayLiteral("PING")}, 100);
        QVERIFY2(reply && !*reply, describe(reply).constData());
        QCOMPARE(reply->error().code, ErrorCode::Unavailable);
        // Abandoned after 300 ms and retried (the silent server never closes them).
        QTRY_VERIFY_WITH_TIMEOUT(accepted.size() >= 4, 2000);

        silent.close();
        QVERIFY(proxy.resume());
        QTRY_COMPARE_WITH_TIMEOUT(connectedChanged.size(), 2, 5000); // false, then true
        QVERIFY(redis.isConnected());
        const auto after = run(redis, {QByteArrayLiteral("PING")});
        QVERIFY2(after && *after, describe(after).constData());
    }

    // A Redis that hangs with the connection open: commands fail after commandTimeoutMs instead of
    // waiting for TCP keepalive.
    void hungRedisTimesOutCommands()
    {
        TcpProxy proxy(QHostAddress(m_parsed.host()), quint16(m_parsed.port(6379)));
        QVERIFY(proxy.start());
        RedisClient::Options options;
        options.url = QStringLiteral("redis://127.0.0.1:%1").arg(proxy.port());
        options.commandTimeoutMs = 300;
        RedisClient redis(options);
        QVERIFY(redis.connectNow());
        proxy.setFrozen(true);
        QElapsedTimer timer;
        timer.start();
        auto task = redis.command({QByteArrayLiteral("PING")});
        const auto reply = finish(task, 5000);
        QVERIFY2(reply && !*reply, describe(reply).constData());
        QCOMPARE(reply->error().code, ErrorCode::Unavailable);
        QVERIFY(reply->error().message.contains(QStringLiteral("did not answer")));
        QVERIFY2(timer.elapsed() < 3000, QByteArray::number(timer.elapsed()).constData());
        proxy.setFrozen(false);
    }

    void commandInFlightDuringCutOff()
    {
        TcpProxy proxy(QHostAddress(m_parsed.host()), quint16(m_parsed.port(6379)));
        QVERIFY(proxy.start());
        auto redis = client(QStringLiteral("redis://127.0.0.1:%1").arg(proxy.port()), 200);
        auto direct = client();
        QVERIFY(redis->connectNow());
        QVERIFY(direct->connectNow());
        const auto list = name("never-filled");

        // BLPOP waits 10 s for an element that never comes: it is in flight for sure once Redis
        // reports a blocked client.
        auto blocked = redis->command({QByteArrayLiteral("BLPOP"), list, QByteArrayLiteral("10")});
        auto queued = redis->command({QByteArrayLiteral("GET"), list}); // pipelined behind it
        const auto blockedClients = [&] {
            const auto info = run(*direct, {QByteArrayLiteral("INFO"), QByteArrayLiteral("clients")});
            return info && *info && (*info)->string.contains("blocked_clients:1");
        };
        QTRY_VERIFY_WITH_TIMEOUT(blockedClients(), 5000);
        QVERIFY(!blocked.isReady());

        QElapsedTimer timer;
        timer.start();
        proxy.cutOff();
        const auto first = finish(blocked, 2000);
        const auto second = finish(queued, 2000);
        QVERIFY2(first && !*first, describe(first).constData());
        QCOMPARE(first->error().code, ErrorCode::Unavailable);
        QVERIFY2(second && !*second, describe(second).constData());
        QCOMPARE(second->error().code, ErrorCode::Unavailable);
        QVERIFY2(timer.elapsed() < 1000, QByteArray::number(timer.elapsed()).constData());

        QVERIFY(proxy.resume());
        QTRY_VERIFY_WITH_TIMEOUT(redis->isConnected(), 5000);
        const auto reply = run(*redis, {QByteArrayLiteral("PING")});
        QVERIFY2(reply && *reply, describe(reply).constData());
    }

    void destroyWithCommandsInFlight()
    {
        auto redis = client();
        QVERIFY(redis->connectNow());
        redis->subscribe(name("gone"));
        auto blocked = redis->command({QByteArrayLiteral("BLPOP"), name("never"), QByteArrayLiteral("10")});
        auto ping = redis->command({QByteArrayLiteral("PING")});
        redis->publish(name("gone"), QByteArrayLiteral("bye"));
        redis.reset(); // no crash, no hang; under ASan, no use-after-free
        const auto first = finish(blocked, 1000);
        const auto second = finish(ping, 1000);
        QVERIFY2(first && !*first, describe(first).constData());
        QCOMPARE(first->error().code, ErrorCode::Unavailable);
        QVERIFY2(second && !*second, describe(second).constData());
        QCOMPARE(second->error().code, ErrorCode::Unavailable);
    }

    // The coroutine awaiting a reply deletes the client as soon as it resumes: it must not be
    // resumed inside hiredis (which would then touch the freed client and its contexts).
    void destroyInsideContinuation()
    {
        auto redis = client();
        QVERIFY(redis->connectNow());
        auto *raw = redis.release();
        const auto pingThenDelete = [](RedisClient *target) -> QCoro::Task<Result<RedisReply>> {
            auto first = target->command({QByteArrayLiteral("PING")});
            auto reply = co_await first;
            delete target;
            co_return reply;
        };
        auto task = pingThenDelete(raw);
        auto second = raw->command({QByteArrayLiteral("PING")}); // its reply is in the same read
        const auto reply = finish(task);
        QVERIFY2(reply && *reply, describe(reply).constData());
        // Its reply came with the first one (then it is a PONG) or it fails with Unavailable.
        const auto afterDelete = finish(second);
        QVERIFY2(afterDelete, describe(afterDelete).constData());
        QVERIFY2(
            *afterDelete || afterDelete->error().code == ErrorCode::Unavailable, describe(afterDelete).constData());
    }

    void destroyFromMessageSlot()
    {
        auto publisher = client();
        QVERIFY(publisher->connectNow());
        auto *subscriber = client().release();
        QVERIFY(subscriber->connectNow());
        const auto channel = name("delete-me");
        subscriber->subscribe(channel);
        QTRY_COMPARE_WITH_TIMEOUT(subscribers(*publisher, channel), 1, 5000);
        QPointer<RedisClient> watched(subscriber);
        int received = 0;
        connect(subscriber, &RedisClient::message, subscriber, [&] {
            ++received;
            subscriber->deleteLater();
        });
        publisher->publish(channel, QByteArrayLiteral("one"));
        publisher->publish(channel, QByteArrayLiteral("two"));
        QTRY_VERIFY_WITH_TIMEOUT(watched.isNull(), 5000);
        QVERIFY(received >= 1);
        QTRY_COMPARE_WITH_TIMEOUT(subscribers(*publisher, channel), 0, 5000);
    }

    // Information only: publish -> message() round trip on localhost (never asserted).
    void pubSubLatency()
    {
        auto publisher = client();
        auto subscriber = client();
        QVERIFY(publisher->connectNow());
        QVERIFY(subscriber->connectNow());
        const auto channel = name("latency");
        subscriber->subscribe(channel);
        QTRY_COMPARE_WITH_TIMEOUT(subscribers(*publisher, channel), 1, 5000);
        constexpr int count = 1000;
        QList<qint64> samples;
        samples.reserve(count);
        QElapsedTimer clock;
        clock.start();
        qint64 sentAt = 0;
        int received = 0;
        connect(subscriber.get(), &RedisClient::message, this, [&] {
            samples.append(clock.nsecsElapsed() - sentAt);
            ++received;
        });
        for (int i = 0; i < count; ++i) {
            sentAt = clock.nsecsElapsed();
            publisher->publish(channel, QByteArray::number(i));
            QVERIFY(spinUntil([&] { return received == i + 1; }));
        }
        std::sort(samples.begin(), samples.end());
        const auto at = [&](double q) {
            return double(samples.at(qsizetype(q * double(samples.size() - 1)))) / 1000.0;
        };
        qInfo("publish -> message over %d messages: p50 %.0f us, p99 %.0f us, max %.0f us", count, at(0.5), at(0.99),
            at(1.0));
    }
};

QTEST_GUILESS_MAIN(TestRedis)
#include "tst_redis.moc"
