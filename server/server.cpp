// SPDX-License-Identifier: GPL-3.0-or-later
#include "server.h"

#include "assets/assetstore.h"
#include "auth/accountservice.h"
#include "bus/kafkaproducer.h"
#include "bus/redisclient.h"
#include "chat/chathub.h"
#include "chat/chatservice.h"
#include "events/eventbus.h"
#include "events/outboxrelay.h"
#include "http/httpserver.h"
#include "http/logging.h"
#include "space/spacehub.h"
#include "space/spaceservice.h"
#include "space/teamservice.h"
#include "store/database.h"
#include "store/outboxrepository.h"
#include "store/seeder.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSaveFile>

namespace Metaverse
{

Server::Server(Config config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
}

Server::~Server() = default;

Result<QByteArray> Server::loadJwtSecret()
{
    if (!m_config.jwtSecret.isEmpty()) {
        return m_config.jwtSecret;
    }
    const auto path = QDir(m_config.dataDir).filePath(QStringLiteral("jwt-secret"));
    QFile existing(path);
    if (existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly)) {
            return Error::unavailable(QStringLiteral("Cannot read %1: %2").arg(path, existing.errorString()));
        }
        const auto secret = existing.readAll().trimmed();
        if (secret.size() < 32) {
            return Error::invalid(
                QStringLiteral("%1 holds fewer than 32 bytes; delete it to generate a new one").arg(path));
        }
        existing.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        return secret;
    }
    QByteArray random(48, Qt::Uninitialized);
    QRandomGenerator::system()->generate(
        reinterpret_cast<quint32 *>(random.data()), reinterpret_cast<quint32 *>(random.data() + random.size()));
    const auto secret = random.toBase64();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(secret) != secret.size() || !file.commit()) {
        return Error::unavailable(QStringLiteral("Cannot write %1").arg(path));
    }
    qCInfo(lcHttp).noquote() << "generated a new JWT secret in" << path;
    return secret;
}

Status Server::startEventStream()
{
    if (m_config.kafkaBrokers.isEmpty()) {
        return {};
    }
    KafkaProducer::Options options;
    options.brokers = m_config.kafkaBrokers;
    options.username = m_config.kafkaUsername;
    options.password = m_config.kafkaPassword;
    options.saslMechanism = m_config.kafkaSaslMechanism;
    options.sslCaFile = m_config.kafkaSslCa;
    options.messageTimeoutMs = 0; // wait for the brokers however long they are away: the outbox keeps the order
    auto producer = KafkaProducer::create(options);
    if (!producer) {
        return producer.error();
    }
    m_kafka = std::move(*producer);
    m_events->setOutboxEnabled(true);
    OutboxRelay::Options relayOptions;
    relayOptions.maxBacklog = m_config.outboxMaxBacklog;
    relayOptions.retentionMs = qint64(m_config.outboxRetentionSeconds) * 1000;
    m_relay = std::make_unique<OutboxRelay>(*m_db, *m_events, *m_kafka, relayOptions);
    m_relay->start();

    auto *kafka = m_kafka.get();
    auto *relay = m_relay.get();
    auto *database = m_db.get();
    m_metrics.addGauge(QStringLiteral("metaverse_kafka_up"), QStringLiteral("1 while Kafka takes events."),
        [kafka] { return kafka->isUp() ? 1.0 : 0.0; });
    m_metrics.addCounter(QStringLiteral("metaverse_kafka_delivery_errors_total"),
        QStringLiteral("Events Kafka did not take (each is sent again)."),
        [kafka] { return double(kafka->deliveryErrors()); });
    m_metrics.addCounter(QStringLiteral("metaverse_events_delivered_total"),
        QStringLiteral("Events Kafka acknowledged."), [relay] { return double(relay->deliveredEvents()); });
    m_metrics.addCounter(QStringLiteral("metaverse_outbox_dropped_total"),
        QStringLiteral("Undelivered events dropped by OUTBOX_MAX_BACKLOG."),
        [relay] { return double(relay->droppedEvents()); });
    m_metrics.addGauge(QStringLiteral("metaverse_outbox_backlog"),
        QStringLiteral("Events in the outbox not yet delivered to Kafka."), [database] {
            auto backlog = OutboxRepository(*database).backlog();
            return backlog ? double(*backlog) : -1.0;
        });
    return {};
}

Status Server::start()
{
    if (!QDir().mkpath(m_config.dataDir)) {
        return Error::unavailable(QStringLiteral("Cannot create the data directory %1").arg(m_config.dataDir));
    }
    auto db = Database::open(m_config.databaseUrl, m_config.dataDir);
    if (!db) {
        return db.error();
    }
    m_db = std::move(db).value();
    if (auto status = m_db->migrate(); !status) {
        return status;
    }
    if (m_config.seed) {
        if (auto status = seedDefaults(*m_db); !status) {
            return status;
        }
    }
    if (!m_config.redisUrl.isEmpty()) {
        // A configured Redis that cannot be reached is an error, never a quiet switch to memory.
        m_redis = std::make_unique<RedisClient>(RedisClient::Options{m_config.redisUrl});
        if (auto status = m_redis->connectNow(); !status) {
            return Error::unavailable(
                QStringLiteral("REDIS_URL is set but Redis is unreachable: %1").arg(status.error().message));
        }
    }
    auto secret = loadJwtSecret();
    if (!secret) {
        return secret.error();
    }

    m_events = std::make_unique<EventBus>(*m_db);
    if (auto status = startEventStream(); !status) {
        return status;
    }
    m_accounts = std::make_unique<AccountService>(*m_db, *m_events, m_config, *secret);
    if (auto status = m_accounts->start(); !status) {
        return status;
    }
    if (m_redis) {
        m_accounts->setRedis(m_redis.get());
    }
    m_assets = std::make_unique<AssetStore>(m_config.dataDir);
    m_spaces = std::make_unique<SpaceService>(*m_db, *m_events, m_config.quotas);
    m_chat = std::make_unique<ChatService>(*m_db, *m_events, *m_spaces, m_config.chatRateLimit);
    m_teams = std::make_unique<TeamService>(*m_db, *m_events, *m_spaces, m_config.kickCooldownSeconds);
    m_chat->setAuditor([teams = m_teams.get()](const AuditRecord &record, const std::function<Status()> &change) {
        return teams->audited(record, [&change](TeamRepository &) { return change(); });
    });
    m_context.reset(
        new ApiContext{m_config, *m_db, *m_accounts, *m_spaces, *m_chat, *m_teams, *m_assets, m_metrics, {}, {}});
    m_context->uptime.start();

    registerAccountRoutes(m_router, *m_context);
    registerSpaceRoutes(m_router, *m_context);
    registerAdminRoutes(m_router, *m_context);
    registerChatRoutes(m_router, *m_context);
    registerTeamRoutes(m_router, *m_context);
    registerOperationsRoutes(m_router, *m_context);

    HttpOptions options;
    options.limits.maxBodyBytes = m_config.maxBodyBytes;
    options.limits.maxUploadBytes = m_config.maxUploadBytes;
    options.limits.uploadPathPrefixes = {"/api/v1/admin/assets"};
    options.limits.headerTimeoutMs = m_config.headerTimeoutMs;
    options.limits.idleTimeoutMs = m_config.idleTimeoutMs;
    options.limits.maxConnectionsPerAddress = m_config.maxConnectionsPerAddress;
    options.limits.trustedProxies = m_config.trustedProxies;
    options.tls = m_config.tls;
    options.corsOrigins = m_config.corsOrigins;
    options.rateLimitAuth = m_config.rateLimitAuth;
    options.rateLimitAuthAccount = m_config.rateLimitAuthAccount;
    options.rateLimitApi = m_config.rateLimitApi;
    auto *accounts = m_accounts.get();
    m_http = std::make_unique<HttpServer>(
        m_router, m_metrics, [accounts](const QByteArray &token) { return accounts->authenticate(token); }, options);
    auto port = m_http->listenOn(m_config.bindAddress, m_config.httpPort);
    if (!port) {
        return port.error();
    }
    m_httpPort = *port;

    m_spaceHub = std::make_unique<SpaceHub>(m_config, *m_accounts, *m_spaces, m_metrics);
    if (m_redis) {
        m_spaceHub->setRedis(m_redis.get());
        auto *redis = m_redis.get();
        m_metrics.addGauge(QStringLiteral("metaverse_redis_up"), QStringLiteral("1 while Redis is reachable."),
            [redis] { return redis->isConnected() ? 1.0 : 0.0; });
        m_metrics.addCounter(QStringLiteral("metaverse_redis_errors_total"),
            QStringLiteral("Redis outages and failed commands."), [redis] { return double(redis->errorCount()); });
        m_metrics.addCounter(QStringLiteral("metaverse_redis_reconnects_total"),
            QStringLiteral("Times the Redis connection came back."),
            [redis] { return double(redis->reconnectCount()); });
    }
    auto *redis = m_redis.get();
    auto *kafka = m_kafka.get();
    m_context->dependencyStatus = [redis, kafka] {
        QJsonObject status;
        if (redis) {
            status.insert(
                QStringLiteral("redis"), redis->isConnected() ? QStringLiteral("up") : QStringLiteral("down"));
        }
        if (kafka) {
            status.insert(QStringLiteral("kafka"), kafka->isUp() ? QStringLiteral("up") : QStringLiteral("down"));
        }
        return status;
    };
    auto *events = m_events.get();
    connect(m_spaceHub.get(), &SpaceHub::userJoined, events, [events](const QString &spaceId, const QString &userId) {
        events->publishTransient(Events::presence(EventType::PresenceJoined, userId, spaceId));
    });
    connect(m_spaceHub.get(), &SpaceHub::userLeft, events, [events](const QString &spaceId, const QString &userId) {
        events->publishTransient(Events::presence(EventType::PresenceLeft, userId, spaceId));
    });
    connect(m_spaceHub.get(), &SpaceHub::userStatusChanged, events,
        [events](const QString &spaceId, const QString &userId, const QString &status) {
            events->publishTransient(Events::presence(EventType::PresenceStatus, userId, spaceId, status));
        });
    auto spacePort = m_spaceHub->listen(m_config.bindAddress, m_config.wsPort);
    if (!spacePort) {
        return spacePort.error();
    }
    m_spacePort = *spacePort;

    m_chatHub = std::make_unique<ChatHub>(m_config, *m_accounts, *m_chat, *m_spaces, m_metrics);
    if (m_redis) {
        m_chatHub->setRedis(m_redis.get());
    }
    auto chatPort = m_chatHub->listen(m_config.bindAddress, m_config.chatPort);
    if (!chatPort) {
        return chatPort.error();
    }
    m_chatPort = *chatPort;
    auto *chatHub = m_chatHub.get();
    auto *teams = m_teams.get();
    m_spaceHub->setAdmission(
        [teams](const User &user, const QString &spaceId) { return teams->admission(user, spaceId); });
    m_chat->setSpaceSendCheck(
        [teams](const User &user, const QString &spaceId) { return teams->chatAllowed(user, spaceId); });
    connect(teams, &TeamService::accessRevoked, m_spaceHub.get(), &SpaceHub::revokeAccess);
    connect(teams, &TeamService::accessRevoked, chatHub,
        [chatHub](const QString &spaceId, const QString &userId) { chatHub->revokeSpaceAccess(spaceId, userId); });
    m_chat->setOnlineCounter([chatHub](const QString &roomId) { return chatHub->onlineCount(roomId); });

    // The same sockets by upgrade on the HTTP port, for deployments behind one reverse proxy.
    static const QString SpacePath = QStringLiteral("/ws/space");
    static const QString ChatPath = QStringLiteral("/ws/chat");
    m_http->setUpgradeFilter([](const QString &path) { return path == SpacePath || path == ChatPath; });
    auto *hub = m_spaceHub.get();
    auto *http = m_http.get();
    connect(http, &HttpServer::newWebSocketConnection, this, [http, hub, chatHub] {
        while (auto socket = http->nextPendingWebSocketConnection()) {
            if (socket->requestUrl().path() == ChatPath) {
                chatHub->adopt(std::move(socket));
            } else {
                hub->adopt(std::move(socket));
            }
        }
    });
    m_metrics.addGauge(QStringLiteral("metaverse_http_open_connections"), QStringLiteral("Open HTTP connections."),
        [http] { return double(http->openConnections()); });
    auto *database = m_db.get();
    m_metrics.addGauge(QStringLiteral("metaverse_db_up"), QStringLiteral("1 when the database answers."),
        [database] { return database->ping() ? 1.0 : 0.0; });
    m_metrics.addGauge(QStringLiteral("metaverse_db_connections"),
        QStringLiteral("Open database connections (one per thread)."),
        [] { return double(QSqlDatabase::connectionNames().size()); });
    return {};
}

} // namespace Metaverse
