// SPDX-License-Identifier: GPL-3.0-or-later
// metaverse-bench-chat: U chat WebSocket clients in R rooms send M messages per second in total;
// acknowledgement and delivery latency, lost messages, server CPU and RSS; prints one JSON line.
// See bench/README.md.

#include "chatworker.h"
#include "http.h"
#include "measure.h"
#include "protocol/rest.h"
#include "serverprocess.h"
#include "shared.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace Metaverse;
using namespace Metaverse::Bench;

namespace
{

enum ExitCode : int { Ok = 0, Lost = 1, BadUsage = 2, ServerFailed = 3, SetupFailed = 4 };

struct Options {
    QString serverPath;
    QString databaseUrl;
    QUrl url;
    QUrl wsUrl;
    int users = 100;
    int rooms = 10;
    double rate = 500;
    double durationS = 10;
    int messageChars = 64;
    int threads = 2;
    int maxConnecting = 32;
    double graceS = 5;
    bool authMessage = false;
    bool viaHttp = false;
    bool quickAck = false;
    QString latencyLog;
    QStringList serverArgs;
};

void log(const QString &message)
{
    std::fprintf(stderr, "bench-chat: %s\n", qUtf8Printable(message));
}

std::optional<Options> parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Chat WebSocket load generator for metaverse-server: U users in R rooms send M messages per "
                       "second in total. Prints one JSON line with the results on stdout."));
    parser.addHelpOption();
    const QCommandLineOption server(QStringLiteral("server"),
        QStringLiteral("metaverse-server binary to start (default: %1).")
            .arg(serverNextToBench(METAVERSE_BENCH_SERVER_RELPATH)),
        QStringLiteral("PATH"));
    const QCommandLineOption databaseUrl(QStringLiteral("database-url"),
        QStringLiteral("Start the server on this PostgreSQL database (postgresql://...) instead of SQLite."),
        QStringLiteral("URL"));
    const QCommandLineOption url(QStringLiteral("url"),
        QStringLiteral("Use the already running server at URL (http://HOST:PORT) instead of starting one."),
        QStringLiteral("URL"));
    const QCommandLineOption wsUrl(QStringLiteral("ws-url"),
        QStringLiteral("Chat socket of the running server (default: ws://HOST:PORT/ws/chat of --url)."),
        QStringLiteral("URL"));
    const QCommandLineOption users(
        QStringLiteral("users"), QStringLiteral("Users (default 100)."), QStringLiteral("U"), QStringLiteral("100"));
    const QCommandLineOption rooms(QStringLiteral("rooms"),
        QStringLiteral("Rooms; user i is in room i mod R (default 10)."), QStringLiteral("R"), QStringLiteral("10"));
    const QCommandLineOption rate(QStringLiteral("rate"),
        QStringLiteral("Messages per second, all users together (default 500)."), QStringLiteral("M"),
        QStringLiteral("500"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Seconds of sending (default 10)."),
        QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption messageChars(QStringLiteral("message-chars"),
        QStringLiteral("Characters per message (default 64)."), QStringLiteral("N"), QStringLiteral("64"));
    const QCommandLineOption threads(QStringLiteral("threads"),
        QStringLiteral("Worker threads the clients are spread over (default 2)."), QStringLiteral("T"),
        QStringLiteral("2"));
    const QCommandLineOption maxConnecting(QStringLiteral("max-connecting"),
        QStringLiteral("Handshakes in flight per worker thread while connecting (default 32)."), QStringLiteral("N"),
        QStringLiteral("32"));
    const QCommandLineOption grace(QStringLiteral("grace"),
        QStringLiteral("How long after the sending stops messages may still arrive (default 5 s)."),
        QStringLiteral("S"), QStringLiteral("5"));
    const QCommandLineOption authMessage(QStringLiteral("auth-message"),
        QStringLiteral("Authenticate with an `auth` message instead of the Authorization header."));
    const QCommandLineOption viaHttp(QStringLiteral("via-http"),
        QStringLiteral("Connect to /ws/chat on the HTTP port instead of the dedicated chat port."));
    const QCommandLineOption quickAck(QStringLiteral("tcp-quickack"),
        QStringLiteral("Diagnostic: never delay ACKs (TCP_QUICKACK), which hides Nagle stalls of the server."));
    const QCommandLineOption latencyLog(QStringLiteral("latency-log"),
        QStringLiteral("Diagnostic: write every message's send time and ack latency to FILE (CSV)."),
        QStringLiteral("FILE"));
    const QCommandLineOption serverArg(QStringLiteral("server-arg"),
        QStringLiteral("Extra argument for the started server (repeatable)."), QStringLiteral("ARG"));
    parser.addOptions({server, databaseUrl, url, wsUrl, users, rooms, rate, duration, messageChars, threads,
        maxConnecting, grace, authMessage, viaHttp, quickAck, latencyLog, serverArg});
    parser.process(app);

    Options o;
    bool ok = true;
    const auto number = [&](const QCommandLineOption &option, double min, double max) {
        bool good = false;
        const double value = parser.value(option).toDouble(&good);
        if (!good || value < min || value > max) {
            log(QStringLiteral("--%1 must be a number between %2 and %3")
                    .arg(option.names().constFirst())
                    .arg(min)
                    .arg(max));
            ok = false;
        }
        return value;
    };
    o.users = static_cast<int>(number(users, 2, 100000));
    o.rooms = static_cast<int>(number(rooms, 1, 100000));
    if (ok && o.users < 2 * o.rooms) {
        log(QStringLiteral("--users must be at least twice --rooms (every room needs a sender and a receiver)"));
        ok = false;
    }
    o.rate = number(rate, 0.1, 1000000);
    o.durationS = number(duration, 0.1, 3600);
    // The server accepts 1..2000 characters; the text starts with "u<user> m<seq>".
    o.messageChars = static_cast<int>(number(messageChars, 1, 2000));
    o.threads = static_cast<int>(number(threads, 1, 64));
    o.maxConnecting = static_cast<int>(number(maxConnecting, 1, 10000));
    o.graceS = number(grace, 0, 600);
    o.authMessage = parser.isSet(authMessage);
    o.viaHttp = parser.isSet(viaHttp);
    o.quickAck = parser.isSet(quickAck);
    o.serverArgs = parser.values(serverArg);
    o.latencyLog = parser.value(latencyLog);
    o.databaseUrl = parser.value(databaseUrl);
    if (parser.isSet(url)) {
        o.url = QUrl(parser.value(url));
        if (!o.url.isValid() || o.url.scheme() != QLatin1String("http") || o.url.host().isEmpty()) {
            log(QStringLiteral("--url must look like http://HOST:PORT"));
            ok = false;
        }
        if (parser.isSet(wsUrl)) {
            o.wsUrl = QUrl(parser.value(wsUrl));
        } else {
            o.wsUrl = o.url;
            o.wsUrl.setScheme(QStringLiteral("ws"));
            o.wsUrl.setPath(QStringLiteral("/ws/chat"));
        }
        if (!o.wsUrl.isValid() || o.wsUrl.scheme() != QLatin1String("ws")) {
            log(QStringLiteral("--ws-url must look like ws://HOST:PORT/"));
            ok = false;
        }
        if (!o.databaseUrl.isEmpty()) {
            log(QStringLiteral("--database-url is for the started server, not with --url"));
            ok = false;
        }
    } else if (parser.isSet(wsUrl)) {
        log(QStringLiteral("--ws-url needs --url"));
        ok = false;
    }
    o.serverPath = parser.isSet(server) ? parser.value(server) : serverNextToBench(METAVERSE_BENCH_SERVER_RELPATH);
    if (!ok) {
        return std::nullopt;
    }
    return o;
}

struct Setup {
    QList<QByteArray> tokens;
    std::vector<QString> userIds;
    std::vector<QString> roomIds;
};

// Signs up and signs in the users; the first user of each room creates it (a room outside any
// space, so only its members may enter) and invites the room's other users.
std::optional<Setup> setUp(BlockingClient &client, const Options &o)
{
    Setup setup;
    // Unique names, so --url can be pointed at the same server repeatedly.
    const QString prefix =
        QStringLiteral("chb%1").arg(QRandomGenerator::global()->generate() % 1000000, 6, 10, QLatin1Char('0'));
    const QString password = QStringLiteral("bench-password-123");
    QStringList usernames;
    for (int i = 0; i < o.users; ++i) {
        const QString username = prefix + QLatin1Char('u') + QString::number(i);
        auto reply = client.request(
            "POST", "/api/v1/signup", {}, jsonBody(Rest::toJson(Rest::SignupRequest{username, password})));
        if (reply.status < 200 || reply.status > 299) {
            log(QStringLiteral("signup of %1 failed: %2").arg(username, reply.describe()));
            return std::nullopt;
        }
        reply = client.request(
            "POST", "/api/v1/signin", {}, jsonBody(Rest::toJson(Rest::LoginRequest{username, password})));
        const auto object = reply.json().object();
        const auto token = object.value(QStringLiteral("token")).toString().toUtf8();
        const auto userId = object.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString();
        if (reply.status != 200 || token.isEmpty() || userId.isEmpty()) {
            log(QStringLiteral("signin of %1 failed: %2").arg(username, reply.describe()));
            return std::nullopt;
        }
        setup.tokens.append(token);
        setup.userIds.push_back(userId);
        usernames.append(username);
        if ((i + 1) % 100 == 0) {
            log(QStringLiteral("signed up %1 of %2 users").arg(i + 1).arg(o.users));
        }
    }
    for (int r = 0; r < o.rooms; ++r) {
        const QByteArray &owner = setup.tokens.at(r); // user r is the first of room r
        const auto created = client.request("POST", "/api/v1/chatrooms", owner,
            jsonBody(Rest::toJson(Rest::CreateChatroomRequest{QStringLiteral("%1 room %2").arg(prefix).arg(r), {}})));
        const QString roomId = created.json().object().value(QStringLiteral("id")).toString();
        if (created.status != 200 || roomId.isEmpty()) {
            log(QStringLiteral("creating room %1 failed: %2").arg(r).arg(created.describe()));
            return std::nullopt;
        }
        setup.roomIds.push_back(roomId);
        const QByteArray membersPath = "/api/v1/chatrooms/" + roomId.toUtf8() + "/members";
        for (int i = r + o.rooms; i < o.users; i += o.rooms) {
            const auto reply = client.request(
                "POST", membersPath, owner, jsonBody(Rest::toJson(Rest::AddChatMemberRequest{usernames.at(i)})));
            if (reply.status != 200) {
                log(QStringLiteral("inviting %1 to room %2 failed: %3")
                        .arg(usernames.at(i))
                        .arg(r)
                        .arg(reply.describe()));
                return std::nullopt;
            }
        }
    }
    return setup;
}

QByteArray jsonString(const QString &value)
{
    // QJsonDocument escapes it; strip the array brackets.
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

// One line per sent message, in send order: when it was sent (ms after the window started) and
// how long its acknowledgement took (-1: never), to see whether slow ones come in bursts.
void writeLatencyLog(const QString &path, Shared &shared, std::int64_t startNs)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        log(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    struct Row {
        std::int64_t sendNs;
        std::int64_t ackNs;
        int user;
        int seq;
        std::uint32_t deliveries;
    };
    std::vector<Row> rows;
    for (int i = 0; i < shared.users; ++i) {
        for (int seq = 0; seq < shared.perUser; ++seq) {
            const auto &record = shared.at(i, seq);
            if (const auto sendNs = record.sendNs.load(); sendNs != 0) {
                rows.push_back({sendNs, record.ackNs.load(), i, seq, record.deliveries.load()});
            }
        }
    }
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.sendNs < b.sendNs; });
    file.write("send_ms,ack_ms,user,seq,deliveries\n");
    for (const auto &row : rows) {
        const double ackMs = row.ackNs != 0 ? static_cast<double>(row.ackNs - row.sendNs) / 1e6 : -1.0;
        file.write(num(static_cast<double>(row.sendNs - startNs) / 1e6, 3) + ',' + num(ackMs, 3) + ',' +
            QByteArray::number(row.user) + ',' + QByteArray::number(row.seq) + ',' +
            QByteArray::number(row.deliveries) + '\n');
    }
}

} // namespace

int main(int argc, char *argv[])
{
    // Qt's own event dispatcher costs less per socket event than the GLib one; the started server
    // keeps the environment it would have had (see below).
    const bool setNoGlib = !qEnvironmentVariableIsSet("QT_NO_GLIB");
    if (setNoGlib) {
        qputenv("QT_NO_GLIB", "1");
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("metaverse-bench-chat"));
    const auto options = parseOptions(app);
    if (!options) {
        return BadUsage;
    }
    const Options &o = *options;
    if (!raiseFileLimit()) {
        log(QStringLiteral("cannot raise the open-file limit"));
    }

    ServerProcess server;
    QString host;
    quint16 port = 0;
    QUrl wsUrl = o.wsUrl;
    QString database = QStringLiteral("external");
    if (o.url.isValid() && !o.url.isEmpty()) {
        host = o.url.host();
        port = static_cast<quint16>(o.url.port(80));
        log(QStringLiteral("using the running server at %1, chat socket %2").arg(o.url.toString(), wsUrl.toString()));
    } else {
        const quint16 chatPort = freePort();
        if (chatPort == 0) {
            log(QStringLiteral("cannot find a free TCP port"));
            return ServerFailed;
        }
        // Later flags win: these override the ServerProcess defaults (--chat-port 0). No rate
        // limits: the bench sends far more than a person would; and every client comes from one address.
        QStringList args{QStringLiteral("--chat-port"), QString::number(chatPort), QStringLiteral("--rate-limit-ws"),
            QStringLiteral("0"), QStringLiteral("--chat-rate-limit"), QStringLiteral("0"),
            QStringLiteral("--ws-max-connections"), QStringLiteral("10000000"),
            QStringLiteral("--ws-max-connections-per-address"), QStringLiteral("10000000")};
        if (!o.databaseUrl.isEmpty()) {
            args += {QStringLiteral("--database-url"), o.databaseUrl};
        }
        args += o.serverArgs;
        if (setNoGlib) {
            auto environment = QProcessEnvironment::systemEnvironment();
            environment.remove(QStringLiteral("QT_NO_GLIB"));
            server.process().setProcessEnvironment(environment);
        }
        if (!server.start(o.serverPath, args, 20000)) {
            log(server.error());
            return ServerFailed;
        }
        host = QStringLiteral("127.0.0.1");
        port = server.port();
        wsUrl = o.viaHttp ? QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/chat").arg(port))
                          : QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(chatPort));
        database = o.databaseUrl.isEmpty() ? QStringLiteral("sqlite") : QStringLiteral("postgresql");
    }

    QElapsedTimer phaseTimer;
    phaseTimer.start();
    std::optional<Setup> setup;
    {
        BlockingClient client(host, port);
        setup = setUp(client, o);
    }
    if (!setup) {
        return SetupFailed;
    }
    log(QStringLiteral("setup: %1 users signed up in %2 rooms in %3 ms")
            .arg(o.users)
            .arg(o.rooms)
            .arg(phaseTimer.elapsed()));

    Shared shared;
    shared.users = o.users;
    shared.rooms = o.rooms;
    shared.perUser = std::max(1, static_cast<int>(std::lround(o.rate * o.durationS / o.users)));
    shared.messageChars = o.messageChars;
    shared.runId = QStringLiteral("b%1").arg(QRandomGenerator::global()->generate() % 1000000, 6, 10, QLatin1Char('0'));
    shared.messages = std::make_unique<SentMessage[]>(static_cast<std::size_t>(o.users) * shared.perUser);
    shared.userIds = setup->userIds;
    shared.roomIds = setup->roomIds;
    for (int i = 0; i < o.users; ++i) {
        shared.indexOfUser.insert(shared.userIds[static_cast<std::size_t>(i)], i);
    }
    if (shared.indexOfUser.size() != o.users) {
        log(QStringLiteral("the users' ids are not distinct"));
        return SetupFailed;
    }
    // The schedule spreads the messages evenly: the last is due just before the duration ends.
    const double sendSpanS = static_cast<double>(shared.perUser) * o.users / o.rate;

    // The clients, round-robin over the worker threads.
    const int threadCount = std::min(o.threads, o.users);
    std::vector<std::unique_ptr<QThread>> threads;
    std::vector<std::unique_ptr<ChatWorker>> workers;
    for (int t = 0; t < threadCount; ++t) {
        QList<ChatWorker::Member> members;
        for (int i = t; i < o.users; i += threadCount) {
            members.append(ChatWorker::Member{i, setup->tokens.at(i)});
        }
        auto worker = std::make_unique<ChatWorker>(&shared, members, wsUrl, o.maxConnecting, o.authMessage, o.quickAck);
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(QStringLiteral("bench-chat-%1").arg(t));
        worker->moveToThread(thread.get());
        thread->start();
        workers.push_back(std::move(worker));
        threads.push_back(std::move(thread));
    }
    const auto stopWorkers = [&] {
        for (std::size_t t = 0; t < workers.size(); ++t) {
            QMetaObject::invokeMethod(workers[t].get(), &ChatWorker::stop, Qt::BlockingQueuedConnection);
            threads[t]->quit();
            threads[t]->wait();
        }
    };
    const auto lastProblem = [&] {
        QString why;
        for (const auto &w : workers) {
            if (!w->stats().lastProblem.isEmpty()) {
                why = w->stats().lastProblem;
            }
        }
        return why;
    };

    bool serverDied = false;
    phaseTimer.restart();
    for (auto &worker : workers) {
        QMetaObject::invokeMethod(worker.get(), &ChatWorker::start, Qt::QueuedConnection);
    }
    const auto allJoined = [&] { return shared.joined.load() + shared.failed.load() >= o.users; };
    waitUntil(allJoined, 30000 + o.users * 50, server, serverDied,
        [&] { log(QStringLiteral("joining: %1 of %2").arg(shared.joined.load()).arg(o.users)); });
    if (shared.joined.load() < o.users) {
        stopWorkers();
        log(QStringLiteral("only %1 of %2 users joined their room (%3)")
                .arg(shared.joined.load())
                .arg(o.users)
                .arg(lastProblem()));
        return serverDied ? ServerFailed : SetupFailed;
    }
    const double joinS = static_cast<double>(phaseTimer.elapsed()) / 1000.0;
    // Every client sees its whole room present (room-joined, then presence): the join storm is over.
    const bool settled =
        waitUntil([&] { return shared.full.load() >= o.users; }, 10000 + o.users * 10, server, serverDied);
    if (serverDied) {
        stopWorkers();
        log(QStringLiteral("the server exited while the users joined"));
        return ServerFailed;
    }
    if (!settled) {
        log(QStringLiteral("only %1 of %2 clients saw their whole room present; going on")
                .arg(shared.full.load())
                .arg(o.users));
    }
    log(QStringLiteral("%1 users joined %2 rooms in %3 s, presence settled after %4 s")
            .arg(o.users)
            .arg(o.rooms)
            .arg(joinS, 0, 'f', 2)
            .arg(static_cast<double>(phaseTimer.elapsed()) / 1000.0, 0, 'f', 2));

    // Measured window: from the first due message to the last one's due time.
    const std::int64_t startNs = nowNs() + 100'000'000;
    const auto serverAtStart = readProcessUsage(server.pid());
    const double clientCpuStart = processCpuSeconds();
    for (auto &worker : workers) {
        QMetaObject::invokeMethod(
            worker.get(), [w = worker.get(), startNs, rate = o.rate] { w->startSending(startNs, rate); });
    }
    std::uint64_t ackedAtTick = 0;
    const auto progress = [&] {
        const auto now = shared.acked.load();
        log(QStringLiteral("%1 messages/s acknowledged, %2 deliveries so far")
                .arg(now - ackedAtTick)
                .arg(shared.delivered.load()));
        ackedAtTick = now;
    };
    const std::int64_t endNs = startNs + static_cast<std::int64_t>(sendSpanS * 1e9);
    waitUntil(
        [&] { return nowNs() >= endNs; }, static_cast<int>(sendSpanS * 1000) + 2000, server, serverDied, progress);
    for (auto &worker : workers) {
        QMetaObject::invokeMethod(worker.get(), &ChatWorker::windowEnd, Qt::BlockingQueuedConnection);
    }
    const auto serverAtEnd = readProcessUsage(server.pid());
    const double clientCpuS = processCpuSeconds() - clientCpuStart;
    const double windowS = static_cast<double>(nowNs() - startNs) / 1e9;

    // Grace: until every message was acknowledged (or refused) and reached every other member of
    // its room, or --grace seconds passed.
    const std::uint64_t totalMessages = static_cast<std::uint64_t>(o.users) * shared.perUser;
    std::uint64_t expectedDeliveries = 0;
    for (int i = 0; i < o.users; ++i) {
        expectedDeliveries += static_cast<std::uint64_t>(shared.perUser) * (shared.roomSize(shared.roomOf(i)) - 1);
    }
    const auto complete = [&] {
        return shared.acked.load() + shared.refused.load() >= totalMessages &&
            shared.delivered.load() + shared.refusedDeliveries.load() >= expectedDeliveries;
    };
    const std::int64_t graceStartNs = nowNs();
    waitUntil(complete, static_cast<int>(o.graceS * 1000), server, serverDied);
    const double drainS = static_cast<double>(nowNs() - graceStartNs) / 1e9;
    const auto serverFinal = readProcessUsage(server.pid());
    stopWorkers();
    server.stop();

    WorkerStats total;
    double maxThreadCpuS = 0;
    for (const auto &w : workers) {
        const auto &s = w->stats();
        total.sent += s.sent;
        total.unsent += s.unsent;
        total.acked += s.acked;
        total.duplicateAcks += s.duplicateAcks;
        total.delivered += s.delivered;
        total.duplicates += s.duplicates;
        total.unmatched += s.unmatched;
        total.mismatched += s.mismatched;
        total.leaked += s.leaked;
        total.ownWithoutId += s.ownWithoutId;
        total.refused += s.refused;
        total.errors += s.errors;
        total.undecodable += s.undecodable;
        total.disconnects += s.disconnects;
        total.ack.merge(s.ack);
        total.delivery.merge(s.delivery);
        maxThreadCpuS = std::max(maxThreadCpuS, s.windowCpuS);
        if (!s.lastProblem.isEmpty()) {
            log(QStringLiteral("worker problem: %1").arg(s.lastProblem));
        }
    }
    // Lost: sent, but not acknowledged, or not delivered to every other member of its room.
    std::uint64_t unacked = 0;
    std::uint64_t undelivered = 0;
    std::uint64_t lost = 0;
    for (int i = 0; i < o.users; ++i) {
        const auto others = static_cast<std::uint32_t>(shared.roomSize(shared.roomOf(i)) - 1);
        for (int seq = 0; seq < shared.perUser; ++seq) {
            const auto &record = shared.at(i, seq);
            if (record.sendNs.load() == 0) {
                continue;
            }
            const bool acked = record.ackNs.load() != 0;
            const bool delivered = record.deliveries.load() >= others;
            unacked += acked ? 0 : 1;
            undelivered += delivered ? 0 : 1;
            lost += acked && delivered ? 0 : 1;
        }
    }
    if (!o.latencyLog.isEmpty()) {
        writeLatencyLog(o.latencyLog, shared, startNs);
    }
    const std::uint64_t anomalies = total.duplicateAcks + total.duplicates + total.unmatched + total.mismatched +
        total.leaked + total.ownWithoutId + total.undecodable;
    const auto cpuPercent = [windowS](const std::optional<ProcessUsage> &a, const std::optional<ProcessUsage> &b) {
        return a && b && windowS > 0 ? num((b->cpuSeconds - a->cpuSeconds) / windowS * 100.0, 1) : QByteArray("null");
    };

    const QByteArray line = "{\"bench\":\"chat\",\"users\":" + QByteArray::number(o.users) +
        ",\"rooms\":" + QByteArray::number(o.rooms) + ",\"rate\":" + QByteArray::number(o.rate) +
        ",\"duration_s\":" + QByteArray::number(o.durationS) +
        ",\"message_chars\":" + QByteArray::number(o.messageChars) + ",\"database\":" + jsonString(database) +
        ",\"sent\":" + QByteArray::number(total.sent) + ",\"acked\":" + QByteArray::number(total.acked) +
        ",\"lost\":" + QByteArray::number(lost) + ",\"unacked\":" + QByteArray::number(unacked) +
        ",\"undelivered\":" + QByteArray::number(undelivered) + ",\"refused\":" + QByteArray::number(total.refused) +
        ",\"delivered\":" + QByteArray::number(total.delivered) +
        ",\"expected_deliveries\":" + QByteArray::number(expectedDeliveries) +
        ",\"ack_p50_ms\":" + num(total.ack.percentileMs(50), 2) +
        ",\"ack_p99_ms\":" + num(total.ack.percentileMs(99), 2) + ",\"ack_max_ms\":" + num(total.ack.maxMs(), 2) +
        ",\"delivery_p50_ms\":" + num(total.delivery.percentileMs(50), 2) +
        ",\"delivery_p99_ms\":" + num(total.delivery.percentileMs(99), 2) +
        ",\"delivery_max_ms\":" + num(total.delivery.maxMs(), 2) +
        ",\"sent_per_s\":" + num(windowS > 0 ? static_cast<double>(total.sent) / windowS : 0, 1) +
        ",\"server_cpu_percent\":" + cpuPercent(serverAtStart, serverAtEnd) +
        ",\"server_rss_mb\":" + usageField(serverFinal, &ProcessUsage::rssMb, 1) +
        ",\"client_cpu_percent\":" + num(windowS > 0 ? clientCpuS / windowS * 100.0 : 0, 1) +
        ",\"client_thread_cpu_max_percent\":" + num(windowS > 0 ? maxThreadCpuS / windowS * 100.0 : 0, 1) +
        ",\"errors\":" + QByteArray::number(total.errors) + ",\"anomalies\":" + QByteArray::number(anomalies) +
        ",\"duplicates\":" + QByteArray::number(total.duplicates + total.duplicateAcks) +
        ",\"unmatched\":" + QByteArray::number(total.unmatched + total.ownWithoutId) +
        ",\"mismatched\":" + QByteArray::number(total.mismatched) +
        ",\"leaked_client_msg_id\":" + QByteArray::number(total.leaked) +
        ",\"undecodable\":" + QByteArray::number(total.undecodable) +
        ",\"unsent\":" + QByteArray::number(total.unsent) +
        ",\"disconnects\":" + QByteArray::number(total.disconnects) + ",\"join_s\":" + num(joinS, 2) +
        ",\"presence_settled\":" + (settled ? "true" : "false") + ",\"threads\":" + QByteArray::number(threadCount) +
        ",\"window_s\":" + num(windowS, 3) + ",\"drain_s\":" + num(drainS, 3) +
        ",\"auth\":" + (o.authMessage ? "\"message\"" : "\"header\"") + ",\"socket\":" +
        (o.url.isValid()    ? "\"url\""
                : o.viaHttp ? "\"http\""
                            : "\"chat-port\"") +
        ",\"tcp_quickack\":" + (o.quickAck ? "true" : "false") + "}\n";
    std::fputs(line.constData(), stdout);
    std::fflush(stdout);

    if (serverDied) {
        log(QStringLiteral("the server exited during the run"));
        return ServerFailed;
    }
    if (total.sent == 0) {
        log(QStringLiteral("no message was sent"));
        return Lost;
    }
    if (lost > 0 || total.unsent > 0 || total.disconnects > 0 || anomalies > 0) {
        log(QStringLiteral("%1 lost (%2 unacknowledged, %3 not delivered to every member), %4 unsent, %5 disconnects, "
                           "%6 wrong frames")
                .arg(lost)
                .arg(unacked)
                .arg(undelivered)
                .arg(total.unsent)
                .arg(total.disconnects)
                .arg(anomalies));
        return Lost;
    }
    return Ok;
}
