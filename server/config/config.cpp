// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"
#include "units.h"

#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QSslCertificate>
#include <QSslKey>
#include <QStandardPaths>
#include <QUrl>

namespace Metaverse
{

namespace
{
ConfigOption opt(
    const char *key, const char *flag, const char *valueName, const char *defaultText, const char *description)
{
    return {QString::fromLatin1(key), QString::fromLatin1(flag), QString::fromLatin1(valueName),
        QString::fromUtf8(defaultText), QString::fromUtf8(description)};
}

ConfigOption repeatable(ConfigOption option)
{
    option.repeatable = true;
    return option;
}

struct Layers {
    QMap<QString, QString> values; // key -> raw value, highest precedence wins
    QMap<QString, QString> sources; // key -> where it came from, for error messages
};

Result<int> parseInt(const Layers &layers, const QString &key, int min, int max)
{
    bool ok = false;
    const auto raw = layers.values.value(key);
    const int value = raw.trimmed().toInt(&ok);
    if (!ok || value < min || value > max) {
        return Error::field(key,
            QStringLiteral("%1 (from %2) must be an integer between %3 and %4, got \"%5\"")
                .arg(key, layers.sources.value(key))
                .arg(min)
                .arg(max)
                .arg(raw));
    }
    return value;
}

Result<bool> parseBool(const Layers &layers, const QString &key)
{
    const auto raw = layers.values.value(key).trimmed().toLower();
    if (raw == QLatin1String("true") || raw == QLatin1String("1") || raw == QLatin1String("yes")) {
        return true;
    }
    if (raw == QLatin1String("false") || raw == QLatin1String("0") || raw == QLatin1String("no")) {
        return false;
    }
    return Error::field(key, QStringLiteral("%1 must be true or false").arg(key));
}

// TLS_CERT and TLS_KEY: the server's certificate (then any intermediates) and its private key.
Result<QSslConfiguration> loadTls(const QString &certPath, const QString &keyPath)
{
    const auto chain = QSslCertificate::fromPath(certPath, QSsl::Pem, QSslCertificate::PatternSyntax::FixedString);
    if (chain.isEmpty()) {
        return Error::field(QStringLiteral("TLS_CERT"),
            QStringLiteral("TLS_CERT: no PEM certificate could be read from %1").arg(certPath));
    }
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly)) {
        return Error::field(QStringLiteral("TLS_KEY"),
            QStringLiteral("TLS_KEY: cannot read %1: %2").arg(keyPath, keyFile.errorString()));
    }
    const QByteArray pem = keyFile.readAll();
    QSslKey key;
    for (auto algorithm : {QSsl::Rsa, QSsl::Ec}) {
        key = QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull()) {
            break;
        }
    }
    if (key.isNull()) {
        return Error::field(QStringLiteral("TLS_KEY"),
            QStringLiteral("TLS_KEY: %1 holds no unencrypted RSA or EC private key in PEM").arg(keyPath));
    }
    auto tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with tokens, not certificates
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    return tls;
}

Status readConfigFile(const QString &path, Layers &layers)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        return Error::invalid(QStringLiteral("Cannot read config file %1: %2").arg(path, file.errorString()));
    }
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        const auto line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) {
            continue;
        }
        const auto eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            return Error::invalid(QStringLiteral("%1:%2: expected KEY=value").arg(path).arg(lineNumber));
        }
        const auto key = line.left(eq).trimmed();
        auto value = line.mid(eq + 1).trimmed();
        if (value.size() >= 2 && value.startsWith(QLatin1Char('"')) && value.endsWith(QLatin1Char('"'))) {
            value = value.mid(1, value.size() - 2);
        }
        const auto &all = configOptions();
        if (std::none_of(all.cbegin(), all.cend(), [&](const ConfigOption &o) { return o.key == key; })) {
            return Error::invalid(QStringLiteral("%1:%2: unknown key %3").arg(path).arg(lineNumber).arg(key));
        }
        layers.values.insert(key, value);
        layers.sources.insert(key, QStringLiteral("%1:%2").arg(path).arg(lineNumber));
    }
    return {};
}
} // namespace

const QList<ConfigOption> &configOptions()
{
    static const QList<ConfigOption> options = {
        opt("METAVERSE_CONFIG", "config", "FILE", "none", "Read KEY=value lines from FILE (keys as in this list)."),
        opt("METAVERSE_DATA_DIR", "data-dir", "DIR", "the platform's app data dir",
            "Where the SQLite database, the generated JWT secret and uploaded assets live."),
        opt("BIND_ADDRESS", "bind", "ADDRESS", "127.0.0.1",
            "Address to listen on; 0.0.0.0 exposes the server to the network."),
        opt("HTTP_PORT", "http-port", "PORT", "3001", "Port of the REST API."),
        opt("WS_PORT", "ws-port", "PORT", "3002", "Port of the space WebSocket."),
        opt("CHAT_PORT", "chat-port", "PORT", "3003", "Port of the chat WebSocket."),
        opt("DATABASE_URL", "database-url", "URL", "SQLite in the data dir",
            "postgresql://user:password@host:port/database[?sslmode=...&sslrootcert=...] to use PostgreSQL; query "
            "parameters are libpq connection parameters (sslmode, sslrootcert, sslcert, sslkey, connect_timeout, "
            "application_name, target_session_attrs, keepalives..., others are refused)."),
        opt("REDIS_URL", "redis-url", "URL", "none (in-process)",
            "redis://host:port[/db] for presence and cross-instance fan-out."),
        opt("KAFKA_BROKERS", "kafka-brokers", "LIST", "none",
            "Comma-separated Kafka bootstrap servers for the event stream (docs/events.md)."),
        opt("KAFKA_USERNAME", "kafka-username", "NAME", "none",
            "SASL user name for Kafka (with KAFKA_PASSWORD); unset: no SASL."),
        opt("KAFKA_PASSWORD", "", "", "none",
            "SASL password for Kafka. Environment or config file only, never a flag; never logged."),
        opt("KAFKA_SASL_MECHANISM", "kafka-sasl-mechanism", "NAME", "PLAIN",
            "SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512."),
        opt("KAFKA_SSL_CA", "kafka-ssl-ca", "FILE", "none",
            "CA certificate file (PEM): talk TLS to the brokers and verify them against it."),
        opt("OUTBOX_MAX_BACKLOG", "outbox-max-backlog", "N", "1000000",
            "Undelivered events the outbox keeps while Kafka is unreachable (1000..1000000000); beyond it the oldest "
            "are dropped "
            "with a warning."),
        opt("OUTBOX_RETENTION_SECONDS", "outbox-retention", "SECONDS", "3600",
            "How long delivered events stay in the outbox before they are pruned."),
        opt("JWT_SECRET", "", "", "generated on first start",
            "HS256 signing secret (at least 32 bytes). Environment or config file only, never a flag. When unset, a "
            "random "
            "secret is generated and kept in DATA_DIR/jwt-secret (mode 0600)."),
        opt("TOKEN_LIFETIME", "token-lifetime", "SECONDS", "86400", "Lifetime of issued tokens."),
        opt("MAX_SESSION_AGE", "max-session-age", "SECONDS", "2592000",
            "Longest session: POST /token/refresh refuses tokens of a sign-in older than this (30 days), and no "
            "token outlives it."),
        opt("SIGNUP_POLICY", "signup-policy", "POLICY", "first-admin",
            "first-admin: the first account is Admin, later Admin signups need an Admin's token; open: anyone may sign "
            "up as Admin (development only); closed: only Admins create accounts."),
        opt("PASSWORD_MIN_LENGTH", "password-min-length", "N", "8", "Minimum password length in characters (1..72)."),
        opt("BCRYPT_COST", "bcrypt-cost", "N", "11",
            "bcrypt cost factor (4..16); 11 takes about 110 ms per hash on a 2-core build machine."),
        opt("RATE_LIMIT_AUTH", "rate-limit-auth", "N", "5",
            "Sign-in/sign-up attempts per minute per IP, and per username from one IP; 0 = off."),
        opt("RATE_LIMIT_AUTH_ACCOUNT", "rate-limit-auth-account", "N", "100",
            "Sign-in attempts per minute per username from all addresses together (a ceiling far above one "
            "address's budget, so one attacker cannot lock the user out); 0 = off."),
        opt("RATE_LIMIT_API", "rate-limit-api", "N", "100",
            "API requests per minute per user (per IP when anonymous); 0 = off."),
        opt("RATE_LIMIT_WS", "rate-limit-ws", "N", "1000",
            "WebSocket messages per minute per user (all of a user's space sockets together, and all chat sockets "
            "together; per connection before it identified itself); 0 = off."),
        opt("MOVE_RATE_LIMIT", "move-rate-limit", "N", "20",
            "Movement steps per second per space connection (bursts up to N); faster steps are rejected; 0 = off."),
        opt("CHAT_RATE_LIMIT", "chat-rate-limit", "N", "60",
            "Chat messages per minute per user (socket and REST together, bursts up to 20); 0 = off."),
        opt("KICK_COOLDOWN_SECONDS", "kick-cooldown-seconds", "SECONDS", "300",
            "How long a user kicked from a space must wait before joining it again."),
        opt("WS_HEARTBEAT_MS", "ws-heartbeat-ms", "MS", "10000", "How often the server pings each WebSocket."),
        opt("WS_IDLE_TIMEOUT_MS", "ws-idle-timeout-ms", "MS", "30000",
            "A WebSocket that sends nothing (not even a pong) for this long is dropped and its user leaves."),
        opt("WS_BATCH_MS", "ws-batch-ms", "MS", "50",
            "The tick of batched delivery for seed clients that join with batch: true."),
        opt("WS_INTEREST_CELL", "ws-interest-cell", "TILES", "16",
            "Area of interest (clients that join with interest: true): the space is cut into cells of this many "
            "tiles; such a client gets every move in its own and the 8 neighbouring cells."),
        opt("WS_INTEREST_FAR_MS", "ws-interest-far-ms", "MS", "1000",
            "Area of interest: how often such a client hears where the users outside its area are (if they moved)."),
        opt("WS_MAX_QUEUE_BYTES", "ws-max-queue-bytes", "N", "4194304",
            "A WebSocket client this far behind on its outgoing data is disconnected (close code 4008)."),
        opt("WS_MAX_CONNECTIONS", "ws-max-connections", "N", "10000",
            "Open space sockets, and open chat sockets, in all; more are closed with 1008."),
        opt("WS_MAX_CONNECTIONS_PER_ADDRESS", "ws-max-connections-per-address", "N", "64",
            "Open space sockets, and open chat sockets, from one client address; more are closed with 1008."),
        opt("CHAT_MAX_SOCKETS_PER_USER", "chat-max-sockets-per-user", "N", "5",
            "Authenticated chat sockets of one user; another one is closed with 1008."),
        opt("MAX_SPACES_PER_USER", "max-spaces-per-user", "N", "100",
            "Spaces one user may own (templates do not count); more is 403."),
        opt("MAX_ELEMENTS_PER_SPACE", "max-elements-per-space", "N", "5000",
            "Elements placed in one space; more is 403 (REST and space socket)."),
        opt("MAX_ROOMS_PER_SPACE", "max-rooms-per-space", "N", "50",
            "Chat rooms of one space, its general room included; more is 403."),
        opt("MAX_MEMBERS_PER_SPACE", "max-members-per-space", "N", "500",
            "Members of one space besides its owner; more is 403."),
        opt("MAX_SPACE_AREA", "max-space-area", "TILES", "250000",
            "Largest space (and template) as width x height in tiles; larger is 400 on dimensions. Each tile of a "
            "joined space costs the server about 2 bytes."),
        opt("CORS_ORIGINS", "cors-origins", "LIST", "none", "Comma-separated origins allowed by CORS, or * for any."),
        opt("TLS_CERT", "tls-cert", "FILE", "none",
            "PEM certificate (then its chain) to serve HTTPS and WSS on every port; needs TLS_KEY."),
        opt("TLS_KEY", "tls-key", "FILE", "none", "PEM private key (RSA or EC, unencrypted) of TLS_CERT."),
        repeatable(opt("TRUSTED_PROXIES", "trusted-proxy", "CIDR", "none",
            "Reverse proxies (addresses or CIDR subnets; the flag repeats, the key takes a comma-separated list) "
            "whose X-Forwarded-For and Forwarded headers name the client; from any other peer those headers are "
            "ignored.")),
        opt("LOG_FORMAT", "log-format", "FORMAT", "text",
            "text or json (one JSON object per line); control characters in text lines are escaped, so one message "
            "is always one line."),
        opt("LOG_LEVEL", "log-level", "LEVEL", "info", "debug, info, warning or critical."),
        opt("MAX_BODY_BYTES", "max-body-bytes", "N", "1048576",
            "Largest request body; larger requests get 413 unread."),
        opt("MAX_UPLOAD_BYTES", "max-upload-bytes", "N", "5242880", "Largest body for POST /api/v1/admin/assets."),
        opt("MAX_CONNECTIONS_PER_ADDRESS", "max-connections-per-address", "N", "256",
            "Concurrent HTTP connections allowed from one client address."),
        opt("HEADER_TIMEOUT_MS", "header-timeout-ms", "MS", "10000", "Time a client has to send a request's headers."),
        opt("IDLE_TIMEOUT_MS", "idle-timeout-ms", "MS", "60000",
            "Idle keep-alive HTTP connections are closed after this."),
        opt("SEED_DATA", "seed-data", "BOOL", "true", "Seed default avatars, elements and templates on first start."),
    };
    return options;
}

QString configHelpText()
{
    QString text = QStringLiteral(
        "Usage: metaverse-server [options]\n"
        "       metaverse-server backup --to FILE [options]   (an online copy of the SQLite database)\n\n"
        "The Metaverse server: REST API, space and chat WebSockets.\n"
        "Every option can also be set by the environment variable or config-file key shown in brackets.\n"
        "Precedence: command line > environment > config file > defaults.\n\nOptions:\n"
        "  --help                     Show this help and exit.\n"
        "  --version                  Show the version and exit.\n");
    for (const auto &o : configOptions()) {
        QString left = o.flag.isEmpty() ? QStringLiteral("(env) %1").arg(o.key)
                                        : QStringLiteral("--%1 %2").arg(o.flag, o.valueName);
        text += QStringLiteral("  %1 %2 [%3, default: %4]\n")
                    .arg(left.leftJustified(26), o.description, o.key, o.defaultText);
    }
    return text;
}

Result<ConfigLoad> loadConfig(const QStringList &args, const QProcessEnvironment &env)
{
    ConfigLoad load;
    Layers cli;
    const auto &options = configOptions();

    // 1. Command line.
    for (qsizetype i = 1; i < args.size(); ++i) {
        const auto &arg = args.at(i);
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            load.helpRequested = true;
            continue;
        }
        if (arg == QLatin1String("--version")) {
            load.versionRequested = true;
            continue;
        }
        if (!arg.startsWith(QLatin1String("--"))) {
            return Error::invalid(QStringLiteral("Unexpected argument \"%1\" (see --help)").arg(arg));
        }
        auto name = arg.mid(2);
        std::optional<QString> inlineValue;
        if (const auto eq = name.indexOf(QLatin1Char('=')); eq > 0) {
            inlineValue = name.mid(eq + 1);
            name = name.left(eq);
        }
        const auto it = std::find_if(options.cbegin(), options.cend(),
            [&](const ConfigOption &o) { return !o.flag.isEmpty() && o.flag == name; });
        if (it == options.cend()) {
            return Error::invalid(QStringLiteral("Unknown option --%1 (see --help)").arg(name));
        }
        QString value;
        if (inlineValue) {
            value = *inlineValue;
        } else if (i + 1 < args.size()) {
            value = args.at(++i);
        } else {
            return Error::invalid(QStringLiteral("Option --%1 needs a value").arg(name));
        }
        if (it->repeatable && cli.values.contains(it->key)) {
            value = cli.values.value(it->key) + QLatin1Char(',') + value;
        }
        cli.values.insert(it->key, value);
        cli.sources.insert(it->key, QStringLiteral("--%1").arg(name));
    }

    // 2. Config file, then environment, then command line on top.
    Layers layers;
    const auto configFile =
        cli.values.value(QStringLiteral("METAVERSE_CONFIG"), env.value(QStringLiteral("METAVERSE_CONFIG")));
    if (!configFile.isEmpty()) {
        if (auto status = readConfigFile(configFile, layers); !status) {
            return std::move(status).error();
        }
        load.configFile = configFile;
    }
    for (const auto &o : options) {
        if (env.contains(o.key)) {
            layers.values.insert(o.key, env.value(o.key));
            layers.sources.insert(o.key, QStringLiteral("environment"));
        }
    }
    for (auto it = cli.values.cbegin(); it != cli.values.cend(); ++it) {
        layers.values.insert(it.key(), it.value());
        layers.sources.insert(it.key(), cli.sources.value(it.key()));
    }

    // 3. Convert and validate.
    Config &c = load.config;
    const auto has = [&](const char *key) { return layers.values.contains(QString::fromLatin1(key)); };
    const auto str = [&](const char *key) { return layers.values.value(QString::fromLatin1(key)).trimmed(); };
    QList<FieldError> errors;
    const auto intValue = [&](const char *key, int min, int max, int &target) {
        if (!has(key)) {
            return;
        }
        auto value = parseInt(layers, QString::fromLatin1(key), min, max);
        if (value) {
            target = *value;
        } else {
            errors.append(value.error().fields);
        }
    };
    const auto portValue = [&](const char *key, quint16 &target) {
        int port = target;
        intValue(key, 0, 65535, port);
        target = quint16(port);
    };

    c.dataDir = has("METAVERSE_DATA_DIR") ? str("METAVERSE_DATA_DIR")
                                          : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (c.dataDir.isEmpty()) {
        errors.append({QStringLiteral("METAVERSE_DATA_DIR"),
            QStringLiteral("no data directory could be determined; set --data-dir")});
    }
    if (has("BIND_ADDRESS") && !c.bindAddress.setAddress(str("BIND_ADDRESS"))) {
        errors.append({QStringLiteral("BIND_ADDRESS"), QStringLiteral("BIND_ADDRESS must be an IP address")});
    }
    portValue("HTTP_PORT", c.httpPort);
    portValue("WS_PORT", c.wsPort);
    portValue("CHAT_PORT", c.chatPort);

    c.databaseUrl = str("DATABASE_URL");
    if (!c.databaseUrl.isEmpty()) {
        const QUrl url(c.databaseUrl);
        if (!url.isValid() ||
            (url.scheme() != QLatin1String("postgresql") && url.scheme() != QLatin1String("postgres")) ||
            url.host().isEmpty() || url.path().size() < 2) {
            // Never echo the URL: it may hold a password.
            errors.append({QStringLiteral("DATABASE_URL"),
                QStringLiteral("DATABASE_URL must look like postgresql://user:password@host:port/database")});
        }
    }
    c.redisUrl = str("REDIS_URL");
    if (!c.redisUrl.isEmpty()) {
        const QUrl url(c.redisUrl);
        if (!url.isValid() || url.scheme() != QLatin1String("redis") || url.host().isEmpty()) {
            errors.append(
                {QStringLiteral("REDIS_URL"), QStringLiteral("REDIS_URL must look like redis://host:port[/db]")});
        }
    }
    c.kafkaBrokers = str("KAFKA_BROKERS");
    c.kafkaUsername = str("KAFKA_USERNAME");
    c.kafkaPassword = layers.values.value(QStringLiteral("KAFKA_PASSWORD"));
    if (c.kafkaUsername.isEmpty() != c.kafkaPassword.isEmpty()) {
        errors.append(
            {QStringLiteral("KAFKA_USERNAME"), QStringLiteral("KAFKA_USERNAME and KAFKA_PASSWORD go together")});
    }
    if (has("KAFKA_SASL_MECHANISM")) {
        c.kafkaSaslMechanism = str("KAFKA_SASL_MECHANISM").toUpper();
        static const QStringList mechanisms{
            QStringLiteral("PLAIN"), QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-512")};
        if (!mechanisms.contains(c.kafkaSaslMechanism)) {
            errors.append({QStringLiteral("KAFKA_SASL_MECHANISM"),
                QStringLiteral("KAFKA_SASL_MECHANISM must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512")});
        }
    }
    c.kafkaSslCa = str("KAFKA_SSL_CA");
    if (!c.kafkaSslCa.isEmpty() && !QFileInfo(c.kafkaSslCa).isReadable()) {
        errors.append({QStringLiteral("KAFKA_SSL_CA"), QStringLiteral("KAFKA_SSL_CA names no readable file")});
    }
    int maxBacklog = int(c.outboxMaxBacklog);
    intValue("OUTBOX_MAX_BACKLOG", 1000, 1000000000, maxBacklog);
    c.outboxMaxBacklog = maxBacklog;
    intValue("OUTBOX_RETENTION_SECONDS", 0, 366 * 24 * 3600, c.outboxRetentionSeconds);

    c.jwtSecret = layers.values.value(QStringLiteral("JWT_SECRET")).toUtf8();
    if (!c.jwtSecret.isEmpty() && c.jwtSecret.size() < 32) {
        errors.append({QStringLiteral("JWT_SECRET"), QStringLiteral("JWT_SECRET must be at least 32 bytes long")});
    }
    intValue("TOKEN_LIFETIME", 60, 30 * 24 * 3600, c.tokenLifetimeSeconds);
    intValue("MAX_SESSION_AGE", 60, 366 * 24 * 3600, c.maxSessionAgeSeconds);
    if (has("SIGNUP_POLICY")) {
        const auto policy = str("SIGNUP_POLICY").toLower();
        if (policy == QLatin1String("first-admin")) {
            c.signupPolicy = SignupPolicy::FirstAdmin;
        } else if (policy == QLatin1String("open")) {
            c.signupPolicy = SignupPolicy::Open;
        } else if (policy == QLatin1String("closed")) {
            c.signupPolicy = SignupPolicy::Closed;
        } else {
            errors.append(
                {QStringLiteral("SIGNUP_POLICY"), QStringLiteral("SIGNUP_POLICY must be first-admin, open or closed")});
        }
    }
    intValue("PASSWORD_MIN_LENGTH", 1, 72, c.passwordMinLength);
    intValue("BCRYPT_COST", 4, 16, c.bcryptCost);
    intValue("RATE_LIMIT_AUTH", 0, 1000000000, c.rateLimitAuth);
    intValue("RATE_LIMIT_AUTH_ACCOUNT", 0, 1000000000, c.rateLimitAuthAccount);
    intValue("RATE_LIMIT_API", 0, 1000000000, c.rateLimitApi);
    intValue("RATE_LIMIT_WS", 0, 1000000000, c.rateLimitWs);
    intValue("MOVE_RATE_LIMIT", 0, 1000, c.moveRateLimit);
    intValue("CHAT_RATE_LIMIT", 0, 1000000000, c.chatRateLimit);
    intValue("KICK_COOLDOWN_SECONDS", 0, 30 * 24 * 3600, c.kickCooldownSeconds);
    intValue("WS_HEARTBEAT_MS", 50, 3600000, c.wsHeartbeatMs);
    intValue("WS_IDLE_TIMEOUT_MS", 100, 36000000, c.wsIdleTimeoutMs);
    intValue("WS_BATCH_MS", 5, 10000, c.wsBatchMs);
    intValue("WS_INTEREST_CELL", 1, 100000, c.wsInterestCell);
    intValue("WS_INTEREST_FAR_MS", 5, 600000, c.wsInterestFarMs);
    int maxQueue = int(c.wsMaxQueueBytes);
    intValue("WS_MAX_QUEUE_BYTES", int(64 * KiB), int(GiB), maxQueue);
    c.wsMaxQueueBytes = maxQueue;
    intValue("WS_MAX_CONNECTIONS", 1, 10000000, c.wsMaxConnections);
    intValue("WS_MAX_CONNECTIONS_PER_ADDRESS", 1, 10000000, c.wsMaxConnectionsPerAddress);
    intValue("CHAT_MAX_SOCKETS_PER_USER", 1, 10000, c.chatMaxSocketsPerUser);
    intValue("MAX_SPACES_PER_USER", 1, 1000000, c.quotas.spacesPerUser);
    intValue("MAX_ELEMENTS_PER_SPACE", 1, 1000000, c.quotas.elementsPerSpace);
    intValue("MAX_ROOMS_PER_SPACE", 1, 100000, c.quotas.roomsPerSpace);
    intValue("MAX_MEMBERS_PER_SPACE", 1, 1000000, c.quotas.membersPerSpace);
    intValue("MAX_SPACE_AREA", 1, 1000000, c.quotas.spaceArea);
    if (has("CORS_ORIGINS")) {
        for (const auto &origin : str("CORS_ORIGINS").split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            c.corsOrigins.append(origin.trimmed());
        }
    }
    if (has("TRUSTED_PROXIES")) {
        auto proxies = TrustedProxies::parse(str("TRUSTED_PROXIES").split(QLatin1Char(','), Qt::SkipEmptyParts));
        if (proxies) {
            c.trustedProxies = std::move(proxies).value();
        } else {
            errors.append({QStringLiteral("TRUSTED_PROXIES"),
                QStringLiteral("TRUSTED_PROXIES: %1").arg(proxies.error().message)});
        }
    }
    if (has("TLS_CERT") != has("TLS_KEY")) {
        errors.append({QString::fromLatin1(has("TLS_CERT") ? "TLS_KEY" : "TLS_CERT"),
            QStringLiteral("TLS_CERT and TLS_KEY must be set together")});
    } else if (has("TLS_CERT")) {
        auto tls = loadTls(str("TLS_CERT"), str("TLS_KEY"));
        if (tls) {
            c.tls = std::move(tls).value();
        } else {
            errors.append(tls.error().fields);
        }
    }
    if (has("LOG_FORMAT")) {
        const auto format = str("LOG_FORMAT").toLower();
        if (format == QLatin1String("text")) {
            c.logFormat = LogFormat::Text;
        } else if (format == QLatin1String("json")) {
            c.logFormat = LogFormat::Json;
        } else {
            errors.append({QStringLiteral("LOG_FORMAT"), QStringLiteral("LOG_FORMAT must be text or json")});
        }
    }
    if (has("LOG_LEVEL")) {
        c.logLevel = str("LOG_LEVEL").toLower();
        static const QStringList levels{
            QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"), QStringLiteral("critical")};
        if (!levels.contains(c.logLevel)) {
            errors.append(
                {QStringLiteral("LOG_LEVEL"), QStringLiteral("LOG_LEVEL must be debug, info, warning or critical")});
        }
    }
    int maxBody = int(c.maxBodyBytes);
    intValue("MAX_BODY_BYTES", int(KiB), int(GiB), maxBody);
    c.maxBodyBytes = maxBody;
    int maxUpload = int(c.maxUploadBytes);
    intValue("MAX_UPLOAD_BYTES", int(KiB), int(GiB), maxUpload);
    c.maxUploadBytes = maxUpload;
    intValue("MAX_CONNECTIONS_PER_ADDRESS", 1, 1000000, c.maxConnectionsPerAddress);
    intValue("HEADER_TIMEOUT_MS", 100, 3600000, c.headerTimeoutMs);
    intValue("IDLE_TIMEOUT_MS", 100, 36000000, c.idleTimeoutMs);
    if (has("SEED_DATA")) {
        auto seed = parseBool(layers, QStringLiteral("SEED_DATA"));
        if (seed) {
            c.seed = *seed;
        } else {
            errors.append(seed.error().fields);
        }
    }

    if (!errors.isEmpty()) {
        QStringList messages;
        for (const auto &e : errors) {
            messages.append(e.message);
        }
        return Error::invalid(QStringLiteral("Invalid configuration: ") + messages.join(QStringLiteral("; ")), errors);
    }
    return load;
}

} // namespace Metaverse
