// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <QCoroTask>

#include <memory>

namespace Metaverse
{

class RedisClientPrivate;

// One reply from Redis (RESP2). Nested Error elements only occur inside arrays (e.g. EXEC);
// a top-level error reply is returned as an Error by RedisClient::command().
struct RedisReply {
    enum class Type { Nil, Integer, String, Array, SimpleString, Error };
    Type type = Type::Nil;
    qint64 integer = 0; // Type::Integer
    QByteArray string; // Type::String, SimpleString (status replies: "OK", "PONG") and Error (the message)
    QList<RedisReply> elements; // Type::Array

    [[nodiscard]] bool isNil() const { return type == Type::Nil; }
    bool operator==(const RedisReply &) const = default;
};

// A Redis client for cross-instance fan-out and presence, on hiredis's async API driven by this
// thread's Qt event loop. Two connections: one for commands (in order, pipelined) and one for
// pub/sub. Use it from the thread it lives in.
//
// - connectNow() is the start-up check and the only call that waits (at most connectTimeoutMs,
//   in a local event loop). After it succeeded, nothing blocks the event loop (host names are
//   resolved with QHostInfo), and the client keeps itself connected: when Redis drops, it logs
//   one warning, emits connectedChanged(false), counts the error, fails pending and new commands
//   with ErrorCode::Unavailable, and reconnects each connection with exponential backoff
//   (reconnectMinMs doubling up to reconnectMaxMs, with jitter), restores every subscription,
//   then emits connectedChanged(true). If connectNow() fails, the client stays disconnected.
// - User code never runs inside a hiredis callback: replies resume the awaiting coroutine, and
//   message()/connectedChanged() are emitted, from the event loop. So any slot may issue commands
//   (but delete the client with deleteLater() from its own signals, as with any QObject).
// - Destroying the client with commands in flight is safe: their tasks complete with Unavailable.
// - Everything is binary-safe (arguments are passed with their lengths).
class RedisClient : public QObject
{
    Q_OBJECT
public:
    struct Options {
        QString url; // redis://[[user]:password@]host[:port][/db]; the password is never logged
        int connectTimeoutMs = 2000; // per attempt: TCP connect + AUTH/SELECT (+ re-SUBSCRIBE)
        int reconnectMinMs = 100;
        int reconnectMaxMs = 5000;
        // A command without a reply after this long fails with Unavailable, so a Redis that hangs
        // with its connection open cannot stall callers until TCP keepalive notices.
        int commandTimeoutMs = 2000;
    };

    explicit RedisClient(Options options, QObject *parent = nullptr);
    ~RedisClient() override;

    // Start-up check: connects both connections (AUTH and SELECT included), waiting at most
    // connectTimeoutMs. Unavailable naming host:port and the reason when Redis cannot be reached,
    // Invalid for a malformed URL. Returns at once when already connected.
    Status connectNow();
    [[nodiscard]] bool isConnected() const;
    // "host:port" (never credentials), for messages.
    [[nodiscard]] QString endpoint() const;

    // Runs a command on the command connection, e.g. command({"SMEMBERS", key}). While
    // disconnected it fails at once with Unavailable; if the connection drops before the reply,
    // Unavailable too. A Redis error reply is an Error (Unavailable for LOADING, BUSY, READONLY,
    // MASTERDOWN, TRYAGAIN, CLUSTERDOWN; Internal otherwise). Pub/sub commands are refused
    // (Invalid): use subscribe(). Blocking commands (BLPOP...) would stall every other command.
    QCoro::Task<Result<RedisReply>> command(QList<QByteArray> args);
    // Fire-and-forget on the command connection; failures are counted and logged.
    void send(QList<QByteArray> args);
    void publish(const QByteArray &channel, const QByteArray &payload);
    // Remembered and restored after a reconnect; idempotent.
    void subscribe(const QByteArray &channel);
    void unsubscribe(const QByteArray &channel);

    // Outages (once each, however many connections dropped) + failed command() and send() calls.
    [[nodiscard]] quint64 errorCount() const;
    // How many times the client came back after losing Redis.
    [[nodiscard]] quint64 reconnectCount() const;

Q_SIGNALS:
    void message(const QByteArray &channel, const QByteArray &payload);
    void connectedChanged(bool connected);

private:
    friend class RedisClientPrivate;
    std::unique_ptr<RedisClientPrivate> d;
};

} // namespace Metaverse
