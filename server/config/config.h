// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/trustedproxies.h"
#include "result.h"
#include "units.h"

#include <QHostAddress>
#include <QProcessEnvironment>
#include <QSslConfiguration>
#include <QStringList>

namespace Metaverse
{

enum class SignupPolicy { FirstAdmin, Open, Closed };

// How much one user or space may hold (docs/configuration.md); going over is a 403 (a 400 on
// `dimensions` for the area) that names the limit.
struct Quotas {
    int spacesPerUser = 100; // spaces a user owns (templates do not count)
    int elementsPerSpace = 5000;
    int roomsPerSpace = 50; // chat rooms of one space, its "general" room included
    int membersPerSpace = 500; // besides the owner
    int spaceArea = 250000; // width x height in tiles (500x500; each joined space costs memory)
};
enum class LogFormat { Text, Json };

// The one validated configuration of a server instance, passed by const reference.
// Precedence: command line > environment > config file > defaults. Every key is listed in
// configOptions() and documented in docs/configuration.md (a test keeps the two in step).
struct Config {
    QString dataDir;
    QHostAddress bindAddress = QHostAddress::LocalHost;
    quint16 httpPort = 3001;
    quint16 wsPort = 3002;
    quint16 chatPort = 3003;

    QString databaseUrl; // empty: SQLite in dataDir
    QString redisUrl; // empty: presence and fan-out in memory
    QString kafkaBrokers; // empty: no event stream
    QString kafkaUsername; // SASL, with kafkaPassword; empty: no SASL
    QString kafkaPassword;
    QString kafkaSaslMechanism = QStringLiteral("PLAIN"); // PLAIN, SCRAM-SHA-256, SCRAM-SHA-512
    QString kafkaSslCa; // non-empty: TLS to the brokers, verified against this CA file
    qint64 outboxMaxBacklog = 1000000; // undelivered events kept at most
    int outboxRetentionSeconds = 3600; // delivered events are pruned after this

    QByteArray jwtSecret; // empty: generated and kept in dataDir/jwt-secret
    int tokenLifetimeSeconds = 24 * 3600;
    int maxSessionAgeSeconds = 30 * 24 * 3600; // refreshes stop this long after the sign-in
    SignupPolicy signupPolicy = SignupPolicy::FirstAdmin;
    int passwordMinLength = 8;
    int bcryptCost = 11;

    int rateLimitAuth = 5; // per minute, per IP and per (username, IP); 0 = off
    int rateLimitAuthAccount = 100; // per minute, per username over every address; 0 = off
    int rateLimitApi = 100; // per minute, per user (or IP when anonymous); 0 = off
    int rateLimitWs = 1000; // messages per minute, per connection; 0 = off
    int moveRateLimit = 20; // movement steps per second, per connection; 0 = off
    int chatRateLimit = 60; // chat messages per minute per user (socket + REST); 0 = off
    int kickCooldownSeconds = 300; // a kicked user may rejoin the space after this
    int wsHeartbeatMs = 10000; // the server pings every socket this often
    int wsIdleTimeoutMs = 30000; // a socket silent for this long (no pong, no message) is dropped
    int wsBatchMs = 50; // the tick of batched delivery (seed clients that ask for it)
    int wsInterestCell = 16; // area of interest: cell size in tiles (clients see 3x3 cells live)
    int wsInterestFarMs = 1000; // area of interest: positions of far users at least this often
    qint64 wsMaxQueueBytes = 4 * MiB; // a consumer further behind than this is disconnected
    int wsMaxConnections = 10000; // open sockets per hub (space, chat), in all
    int wsMaxConnectionsPerAddress = 64; // open sockets per hub from one client address
    int chatMaxSocketsPerUser = 5; // authenticated chat sockets of one user

    QStringList corsOrigins;
    TrustedProxies trustedProxies; // empty: X-Forwarded-For and Forwarded are never read
    // Set from TLS_CERT and TLS_KEY: every port (REST, both WebSockets) speaks TLS only.
    std::optional<QSslConfiguration> tls;
    LogFormat logFormat = LogFormat::Text;
    QString logLevel = QStringLiteral("info");

    qint64 maxBodyBytes = MiB;
    qint64 maxUploadBytes = 5 * MiB;
    int maxConnectionsPerAddress = 256;
    int headerTimeoutMs = 10000;
    int idleTimeoutMs = 60000;

    Quotas quotas;

    bool seed = true;
};

struct ConfigOption {
    QString key; // environment variable and config-file key, e.g. HTTP_PORT
    QString flag; // command-line flag without dashes, e.g. http-port; empty when env/file only
    QString valueName; // e.g. PORT; empty for boolean flags
    QString defaultText;
    QString description;
    bool repeatable = false; // the flag may be given more than once; the values form a list
};

// Every option the server understands, in --help order.
const QList<ConfigOption> &configOptions();

struct ConfigLoad {
    Config config;
    bool helpRequested = false;
    bool versionRequested = false;
    QString configFile; // the file that was read, if any
};

// Reads args (argv including the program name), env, and the config file named by --config or
// METAVERSE_CONFIG; validates everything. Errors name the offending key.
Result<ConfigLoad> loadConfig(const QStringList &args, const QProcessEnvironment &env);

QString configHelpText();

} // namespace Metaverse
