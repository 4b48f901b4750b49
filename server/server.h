// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/routes.h"
#include "config/config.h"
#include "http/metrics.h"
#include "http/router.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace Metaverse
{

class AccountService;
class AssetStore;
class ChatHub;
class ChatService;
class TeamService;
class Database;
class EventBus;
class KafkaProducer;
class OutboxRelay;
class HttpServer;
class RedisClient;
class SpaceHub;
class SpaceService;

// Composes the modules of one server instance: storage, auth, spaces, the HTTP front. Owns
// them and nothing else: routing, storage and broadcasting live in their modules.
class Server : public QObject
{
    Q_OBJECT
public:
    explicit Server(Config config, QObject *parent = nullptr);
    ~Server() override;

    // Opens and migrates the database, seeds defaults, loads the JWT secret, and listens.
    Status start();
    [[nodiscard]] quint16 httpPort() const { return m_httpPort; }
    [[nodiscard]] quint16 spacePort() const { return m_spacePort; }
    [[nodiscard]] quint16 chatPort() const { return m_chatPort; }
    [[nodiscard]] const Config &config() const { return m_config; }
    [[nodiscard]] const Router &router() const { return m_router; }
    [[nodiscard]] Database &database() const { return *m_db; }
    // For the chat socket hub and tests: stored messages are announced here.
    [[nodiscard]] ChatService &chat() const { return *m_chat; }
    // For tests: every domain event is announced here.
    [[nodiscard]] EventBus &events() const { return *m_events; }

private:
    Result<QByteArray> loadJwtSecret();
    // With KAFKA_BROKERS: the producer, the outbox and its relay, their metrics.
    Status startEventStream();

    Config m_config;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<RedisClient> m_redis;
    std::unique_ptr<EventBus> m_events;
    std::unique_ptr<KafkaProducer> m_kafka;
    std::unique_ptr<OutboxRelay> m_relay;
    std::unique_ptr<AccountService> m_accounts;
    std::unique_ptr<AssetStore> m_assets;
    std::unique_ptr<SpaceService> m_spaces;
    std::unique_ptr<ChatService> m_chat;
    std::unique_ptr<TeamService> m_teams;
    Metrics m_metrics;
    Router m_router;
    std::unique_ptr<ApiContext> m_context;
    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<SpaceHub> m_spaceHub;
    std::unique_ptr<ChatHub> m_chatHub;
    quint16 m_httpPort = 0;
    quint16 m_spacePort = 0;
    quint16 m_chatPort = 0;
};

} // namespace Metaverse
