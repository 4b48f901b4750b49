// SPDX-License-Identifier: GPL-3.0-or-later
// metaverse-bench-ws: N space WebSocket clients in one space moving at R Hz; end-to-end move
// latency and delivery, server CPU and RSS; prints one JSON line. See bench/README.md.

#include "http.h"
#include "measure.h"
#include "protocol/rest.h"
#include "serverprocess.h"
#include "shared.h"
#include "validation/validation.h"
#include "wsworker.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QUrl>

#include <cmath>
#include <cstdio>

using namespace Metaverse;
using namespace Metaverse::Bench;

namespace
{

enum ExitCode : int { Ok = 0, DeliveryFailed = 1, BadUsage = 2, ServerFailed = 3, SetupFailed = 4 };

struct Options {
    QString serverPath;
    QUrl url;
    QUrl wsUrl;
    int users = 200;
    double rateHz = 5;
    double durationS = 10;
    bool batch = false;
    bool interest = false;
    Size space{100, 100};
    int connectOnly = 0;
    int threads = 2;
    int maxConnecting = 32;
    int verifyEvery = 1;
    double drainS = 5;
    bool quickAck = false;
    QStringList serverArgs;
};

void log(const QString &message)
{
    std::fprintf(stderr, "bench-ws: %s\n", qUtf8Printable(message));
}

std::optional<Options> parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Space WebSocket load generator for metaverse-server: N users in one space move at R Hz. "
                       "Prints one JSON line with the results on stdout."));
    parser.addHelpOption();
    const QCommandLineOption server(QStringLiteral("server"),
        QStringLiteral("metaverse-server binary to start (default: %1).")
            .arg(serverNextToBench(METAVERSE_BENCH_SERVER_RELPATH)),
        QStringLiteral("PATH"));
    const QCommandLineOption url(QStringLiteral("url"),
        QStringLiteral("Use the already running server at URL (http://HOST:PORT) instead of starting one."),
        QStringLiteral("URL"));
    const QCommandLineOption wsUrl(QStringLiteral("ws-url"),
        QStringLiteral("Space socket of the running server (default: ws://HOST:PORT/ws/space of --url)."),
        QStringLiteral("URL"));
    const QCommandLineOption users(QStringLiteral("users"), QStringLiteral("Users in the space (default 200)."),
        QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption rate(QStringLiteral("rate"), QStringLiteral("Moves per second per user (default 5)."),
        QStringLiteral("HZ"), QStringLiteral("5"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Seconds of moving (default 10)."),
        QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption batch(
        QStringLiteral("batch"), QStringLiteral("Join with batch: true (events arrive as one frame per tick)."));
    const QCommandLineOption interest(QStringLiteral("interest"),
        QStringLiteral("Join with batch: true and interest: true (area of interest: live moves only from nearby "
                       "users, the others' positions periodically); implies --batch."));
    const QCommandLineOption space(QStringLiteral("space"), QStringLiteral("Size of the space (default 100x100)."),
        QStringLiteral("WxH"), QStringLiteral("100x100"));
    const QCommandLineOption connectOnly(QStringLiteral("connect-only"),
        QStringLiteral("Only sign up, connect and join N users, then report the server's RSS."), QStringLiteral("N"));
    const QCommandLineOption threads(QStringLiteral("threads"),
        QStringLiteral("Worker threads the clients are spread over (default 2)."), QStringLiteral("T"),
        QStringLiteral("2"));
    const QCommandLineOption maxConnecting(QStringLiteral("max-connecting"),
        QStringLiteral("Handshakes in flight per worker thread while joining (default 32)."), QStringLiteral("N"),
        QStringLiteral("32"));
    const QCommandLineOption verifyEvery(QStringLiteral("verify-every"),
        QStringLiteral("Diagnostic: only every K-th client decodes and checks what it receives (all read "
                       "everything); delivery and latency are then over those clients (default 1)."),
        QStringLiteral("K"), QStringLiteral("1"));
    const QCommandLineOption drain(QStringLiteral("drain"),
        QStringLiteral("Longest wait for outstanding events after the moving stops (default 5 s)."),
        QStringLiteral("S"), QStringLiteral("5"));
    const QCommandLineOption quickAck(QStringLiteral("tcp-quickack"),
        QStringLiteral("Diagnostic: never delay ACKs (TCP_QUICKACK), which hides Nagle stalls of the server."));
    const QCommandLineOption serverArg(QStringLiteral("server-arg"),
        QStringLiteral("Extra argument for the started server (repeatable)."), QStringLiteral("ARG"));
    parser.addOptions({server, url, wsUrl, users, rate, duration, batch, interest, space, connectOnly, threads,
        maxConnecting, verifyEvery, drain, quickAck, serverArg});
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
    o.rateHz = number(rate, 0.1, 1000);
    o.durationS = number(duration, 0.1, 3600);
    o.interest = parser.isSet(interest);
    o.batch = parser.isSet(batch) || o.interest;
    if (const auto size = Validation::dimensions(parser.value(space), QStringLiteral("--space"))) {
        o.space = *size;
    } else {
        log(size.error().message);
        ok = false;
    }
    if (parser.isSet(connectOnly)) {
        o.connectOnly = static_cast<int>(number(connectOnly, 1, 100000));
        o.users = o.connectOnly;
    }
    o.threads = static_cast<int>(number(threads, 1, 64));
    o.maxConnecting = static_cast<int>(number(maxConnecting, 1, 10000));
    o.verifyEvery = static_cast<int>(number(verifyEvery, 1, 100000));
    o.drainS = number(drain, 0, 600);
    o.serverArgs = parser.values(serverArg);
    o.quickAck = parser.isSet(quickAck);
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
            o.wsUrl.setPath(QStringLiteral("/ws/space"));
        }
        if (!o.wsUrl.isValid() || o.wsUrl.scheme() != QLatin1String("ws")) {
            log(QStringLiteral("--ws-url must look like ws://HOST:PORT/"));
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
    QString spaceId;
    QList<QByteArray> tokens;
};

// Signs up and logs in the users; the first creates the space (--space) and adds the others as
// members (a space is entered by its owner, members and Admins).
std::optional<Setup> setUp(BlockingClient &client, const Options &o)
{
    Setup setup;
    // Unique names, so --url can be pointed at the same server repeatedly.
    const QString prefix =
        QStringLiteral("wsb%1").arg(QRandomGenerator::global()->generate() % 1000000, 6, 10, QLatin1Char('0'));
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
        reply =
            client.request("POST", "/api/v1/login", {}, jsonBody(Rest::toJson(Rest::LoginRequest{username, password})));
        const auto token = reply.json().object().value(QStringLiteral("token")).toString().toUtf8();
        if (reply.status != 200 || token.isEmpty()) {
            log(QStringLiteral("login of %1 failed: %2").arg(username, reply.describe()));
            return std::nullopt;
        }
        setup.tokens.append(token);
        usernames.append(username);
    }
    Rest::CreateSpaceRequest create;
    create.name = QStringLiteral("WS bench %1").arg(prefix);
    create.dimensions = o.space;
    const auto created =
        client.request("POST", "/api/v1/space", setup.tokens.constFirst(), jsonBody(Rest::toJson(create)));
    setup.spaceId = created.json().object().value(QStringLiteral("spaceId")).toString();
    if (created.status != 200 || setup.spaceId.isEmpty()) {
        log(QStringLiteral("creating the space failed: %1").arg(created.describe()));
        return std::nullopt;
    }
    const QByteArray membersPath = "/api/v1/space/" + setup.spaceId.toUtf8() + "/members";
    for (int i = 1; i < o.users; ++i) {
        const auto reply = client.request("POST", membersPath, setup.tokens.constFirst(),
            jsonBody(Rest::toJson(Rest::AddMemberRequest{usernames.at(i), false})));
        if (reply.status != 200) {
            log(QStringLiteral("adding %1 as a member failed: %2").arg(usernames.at(i), reply.describe()));
            return std::nullopt;
        }
    }
    return setup;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("metaverse-bench-ws"));
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
    if (o.url.isValid() && !o.url.isEmpty()) {
        host = o.url.host();
        port = static_cast<quint16>(o.url.port(80));
        log(QStringLiteral("using the running server at %1, space socket %2").arg(o.url.toString(), wsUrl.toString()));
    } else {
        const quint16 wsPort = freePort();
        if (wsPort == 0) {
            log(QStringLiteral("cannot find a free TCP port"));
            return ServerFailed;
        }
        // Later flags win: these override the ServerProcess defaults (--ws-port 0). Every client
        // comes from one address: no socket caps.
        QStringList args{QStringLiteral("--ws-port"), QString::number(wsPort), QStringLiteral("--rate-limit-ws"),
            QStringLiteral("0"), QStringLiteral("--move-rate-limit"), QStringLiteral("0"),
            QStringLiteral("--ws-max-connections"), QStringLiteral("10000000"),
            QStringLiteral("--ws-max-connections-per-address"), QStringLiteral("10000000")};
        args += o.serverArgs;
        if (!server.start(o.serverPath, args, 20000)) {
            log(server.error());
            return ServerFailed;
        }
        host = QStringLiteral("127.0.0.1");
        port = server.port();
        wsUrl = QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(wsPort));
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
    log(QStringLiteral("setup: %1 users signed up, space %2, in %3 ms")
            .arg(o.users)
            .arg(setup->spaceId)
            .arg(phaseTimer.elapsed()));

    Shared shared;
    shared.users = o.users;
    shared.batch = o.batch;
    shared.interest = o.interest;
    shared.grid = o.space;
    shared.verifyEvery = o.verifyEvery;
    shared.rateHz = o.rateHz;
    shared.movesPerClient = o.connectOnly > 0 ? 0 : std::max(1, static_cast<int>(std::lround(o.rateHz * o.durationS)));
    shared.logs = std::make_unique<SendLog[]>(static_cast<std::size_t>(o.users));
    for (int i = 0; i < o.users; ++i) {
        shared.logs[i].reserve(static_cast<std::uint32_t>(shared.movesPerClient));
    }
    shared.userIds.resize(static_cast<std::size_t>(o.users));

    // The clients, round-robin over the worker threads.
    const int threadCount = std::min(o.threads, o.users);
    std::vector<std::unique_ptr<WsWorker>> workers;
    QByteArray wsPath = wsUrl.path(QUrl::FullyEncoded).toUtf8();
    if (wsPath.isEmpty()) {
        wsPath = "/";
    }
    for (int t = 0; t < threadCount; ++t) {
        QList<WsWorker::Member> members;
        for (int i = t; i < o.users; i += threadCount) {
            members.append(WsWorker::Member{i, setup->tokens.at(i)});
        }
        workers.push_back(std::make_unique<WsWorker>(&shared, members, wsUrl.host(),
            static_cast<quint16>(wsUrl.port(80)), wsPath, setup->spaceId, o.maxConnecting, o.quickAck,
            0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(t + 1)));
    }
    const auto stopWorkers = [&] {
        for (auto &worker : workers) {
            worker->stop();
        }
    };
    const auto received = [&] {
        std::uint64_t sum = 0;
        for (const auto &worker : workers) {
            sum += worker->progress();
        }
        return sum;
    };

    bool serverDied = false;
    phaseTimer.restart();
    for (auto &worker : workers) {
        worker->run();
    }
    const auto allJoined = [&] { return shared.joined.load() + shared.failed.load() >= o.users; };
    waitUntil(allJoined, 60000 + o.users * 50, server, serverDied,
        [&] { log(QStringLiteral("joining: %1 of %2").arg(shared.joined.load()).arg(o.users)); });
    if (shared.joined.load() < o.users) {
        stopWorkers();
        QString why;
        for (const auto &w : workers) {
            if (!w->stats().lastProblem.isEmpty()) {
                why = w->stats().lastProblem;
            }
        }
        log(QStringLiteral("only %1 of %2 users joined (%3)").arg(shared.joined.load()).arg(o.users).arg(why));
        return serverDied ? ServerFailed : SetupFailed;
    }
    const double joinS = static_cast<double>(phaseTimer.elapsed()) / 1000.0;
    // Everyone hears of everyone else (space-joined lists + user-join events): the join storm is over.
    const std::int64_t expectedPeers = static_cast<std::int64_t>(o.users) * (o.users - 1);
    if (!waitUntil(
            [&] { return shared.knownPeers.load() >= expectedPeers; }, 60000 + o.users * 20, server, serverDied)) {
        stopWorkers();
        log(QStringLiteral("the clients heard of %1 of %2 presences").arg(shared.knownPeers.load()).arg(expectedPeers));
        return serverDied ? ServerFailed : SetupFailed;
    }
    const double settledS = static_cast<double>(phaseTimer.elapsed()) / 1000.0;
    log(QStringLiteral("%1 users joined in %2 s, presences settled after %3 s")
            .arg(o.users)
            .arg(joinS, 0, 'f', 2)
            .arg(settledS, 0, 'f', 2));

    if (o.connectOnly > 0) {
        // Let the server settle (freed join buffers), then read its memory.
        waitUntil([] { return false; }, 1000, server, serverDied);
        const auto usage = readProcessUsage(server.pid());
        stopWorkers();
        server.stop();
        const QByteArray line = "{\"bench\":\"ws\",\"mode\":\"connect-only\",\"users\":" + QByteArray::number(o.users) +
            ",\"batch\":" + (o.batch ? "true" : "false") + ",\"join_s\":" + num(joinS, 2) +
            ",\"settled_s\":" + num(settledS, 2) + ",\"server_rss_mb\":" + usageField(usage, &ProcessUsage::rssMb, 1) +
            ",\"threads\":" + QByteArray::number(threadCount) + "}\n";
        std::fputs(line.constData(), stdout);
        std::fflush(stdout);
        return serverDied ? ServerFailed : Ok;
    }

    shared.userIdBytes.reserve(static_cast<std::size_t>(o.users));
    for (int i = 0; i < o.users; ++i) {
        shared.userIdBytes.push_back(shared.userIds[static_cast<std::size_t>(i)].toStdString());
    }
    if (!shared.buildIndex()) {
        stopWorkers();
        log(QStringLiteral("the users' ids are not distinct"));
        return SetupFailed;
    }

    // Measured phase.
    const std::int64_t startNs = nowNs() + 100'000'000;
    const auto serverAtStart = readProcessUsage(server.pid());
    const double clientCpuStart = processCpuSeconds();
    const auto machineAtStart = machineBusySeconds();
    const std::int64_t wallStartNs = nowNs();
    for (auto &worker : workers) {
        worker->startMoves(startNs);
    }
    std::uint64_t receivedAtTick = 0;
    const auto progress = [&] {
        const auto now = received();
        log(QStringLiteral("%1 move events/s received").arg(now - receivedAtTick));
        receivedAtTick = now;
    };
    const std::int64_t endNs = startNs + static_cast<std::int64_t>(o.durationS * 1e9);
    waitUntil(
        [&] { return nowNs() >= endNs; }, static_cast<int>(o.durationS * 1000) + 1000, server, serverDied, progress);
    const auto serverAtEnd = readProcessUsage(server.pid());
    const double clientCpuS = processCpuSeconds() - clientCpuStart;
    const auto machineAtEnd = machineBusySeconds();
    const double windowS = static_cast<double>(nowNs() - wallStartNs) / 1e9;

    // Drain: until every move reached everyone, or nothing arrived for a second, or --drain.
    const std::uint64_t expectedDeliveries = static_cast<std::uint64_t>(shared.verifiedClients()) *
        static_cast<std::uint64_t>(shared.movesPerClient) * static_cast<std::uint64_t>(o.users - 1);
    // With --interest the far users' last positions come up to WS_INTEREST_FAR_MS (1 s) later:
    // the whole --drain is waited for.
    std::uint64_t lastReceived = received();
    std::int64_t lastProgressNs = nowNs();
    waitUntil(
        [&] {
            const auto now = received();
            if (now != lastReceived) {
                lastReceived = now;
                lastProgressNs = nowNs();
            }
            return !o.interest && (now >= expectedDeliveries || nowNs() - lastProgressNs > 1'000'000'000);
        },
        static_cast<int>(o.drainS * 1000), server, serverDied);
    const auto serverFinal = readProcessUsage(server.pid());
    stopWorkers();
    server.stop();

    WorkerStats total;
    std::uint64_t converged = 0;
    for (const auto &w : workers) {
        converged += w->convergedPairs();
        const auto &s = w->stats();
        total.sent += s.sent;
        total.rejected += s.rejected;
        total.received += s.received;
        total.superseded += s.superseded;
        total.skipped += s.skipped;
        total.unmatched += s.unmatched;
        total.undecodable += s.undecodable;
        total.errors += s.errors;
        total.disconnects += s.disconnects;
        total.batchFrames += s.batchFrames;
        total.framesIn += s.framesIn;
        total.bytesIn += s.bytesIn;
        total.decoded += s.decoded;
        total.positions += s.positions;
        total.positionsKnown += s.positionsKnown;
        total.latency.merge(s.latency);
        total.positionAge.merge(s.positionAge);
        if (!s.lastProblem.isEmpty()) {
            log(QStringLiteral("worker problem: %1").arg(s.lastProblem));
        }
    }
    const std::uint64_t accepted = total.sent - std::min(total.sent, total.rejected);
    // Every verified client expects every accepted move of the others (exact when all clients
    // sent alike, which they do unless one fell behind or was rejected).
    const double expected = static_cast<double>(accepted) * static_cast<double>(o.users - 1) *
        static_cast<double>(shared.verifiedClients()) / static_cast<double>(o.users);
    const std::uint64_t delivered = total.received + (o.batch ? total.superseded : 0);
    // With an area of interest not every move goes to everyone; what counts is that everyone
    // ends up knowing where everyone is: (receiver, user) pairs whose last news was the last move.
    const double pairs = static_cast<double>(shared.verifiedClients()) * static_cast<double>(o.users - 1);
    const double deliveredRatio = o.interest ? (pairs > 0 ? static_cast<double>(converged) / pairs : 0)
                                             : (expected > 0 ? static_cast<double>(delivered) / expected : 0);
    const auto cpuPercent = [windowS](const std::optional<ProcessUsage> &a, const std::optional<ProcessUsage> &b) {
        return a && b && windowS > 0 ? num((b->cpuSeconds - a->cpuSeconds) / windowS * 100.0, 1) : QByteArray("null");
    };
    // The rest of the machine: everything busy minus server and bench (kernel work on their
    // behalf in softirq context may land on either side).
    QByteArray otherCpu("null");
    if (machineAtStart && machineAtEnd && windowS > 0) {
        double others = *machineAtEnd - *machineAtStart - clientCpuS;
        if (serverAtStart && serverAtEnd) {
            others -= serverAtEnd->cpuSeconds - serverAtStart->cpuSeconds;
        }
        otherCpu = num(std::max(0.0, others) / windowS * 100.0, 1);
    }

    const QByteArray line = "{\"bench\":\"ws\",\"users\":" + QByteArray::number(o.users) +
        ",\"rate_hz\":" + QByteArray::number(o.rateHz) + ",\"duration_s\":" + QByteArray::number(o.durationS) +
        ",\"batch\":" + (o.batch ? "true" : "false") + ",\"interest\":" + (o.interest ? "true" : "false") +
        ",\"space\":\"" + Validation::formatDimensions(o.space).toUtf8() + "\"" +
        ",\"sent\":" + QByteArray::number(total.sent) + ",\"rejected\":" + QByteArray::number(total.rejected) +
        ",\"delivered_ratio\":" + num(deliveredRatio, 4) +
        ",\"latency_p50_ms\":" + num(total.latency.percentileMs(50), 2) +
        ",\"latency_p90_ms\":" + num(total.latency.percentileMs(90), 2) +
        ",\"latency_p99_ms\":" + num(total.latency.percentileMs(99), 2) +
        ",\"latency_max_ms\":" + num(total.latency.maxMs(), 2) +
        ",\"server_cpu_percent\":" + cpuPercent(serverAtStart, serverAtEnd) +
        ",\"server_rss_mb\":" + usageField(serverFinal, &ProcessUsage::rssMb, 1) +
        ",\"client_cpu_percent\":" + num(windowS > 0 ? clientCpuS / windowS * 100.0 : 0, 1) +
        ",\"other_cpu_percent\":" + otherCpu + ",\"received\":" + QByteArray::number(total.received) +
        ",\"superseded\":" + QByteArray::number(total.superseded) +
        ",\"skipped\":" + QByteArray::number(total.skipped) + ",\"unmatched\":" + QByteArray::number(total.unmatched) +
        ",\"positions\":" + QByteArray::number(total.positions) +
        ",\"positions_known\":" + QByteArray::number(total.positionsKnown) +
        ",\"position_age_p50_ms\":" + num(total.positionAge.percentileMs(50), 2) +
        ",\"position_age_p99_ms\":" + num(total.positionAge.percentileMs(99), 2) +
        ",\"batch_frames\":" + QByteArray::number(total.batchFrames) +
        ",\"frames_in\":" + QByteArray::number(total.framesIn) +
        ",\"mb_in\":" + num(static_cast<double>(total.bytesIn) / 1e6, 1) +
        ",\"decoded\":" + QByteArray::number(total.decoded) +
        ",\"errors\":" + QByteArray::number(total.errors + total.undecodable) +
        ",\"disconnects\":" + QByteArray::number(total.disconnects) + ",\"join_s\":" + num(joinS, 2) +
        ",\"threads\":" + QByteArray::number(threadCount) + ",\"verify_every\":" + QByteArray::number(o.verifyEvery) +
        ",\"window_s\":" + num(windowS, 3) + ",\"tcp_quickack\":" + (o.quickAck ? "true" : "false") + "}\n";
    std::fputs(line.constData(), stdout);
    std::fflush(stdout);

    if (serverDied) {
        log(QStringLiteral("the server exited during the run"));
        return ServerFailed;
    }
    if (total.disconnects > 0) {
        log(QStringLiteral("%1 clients were disconnected during the run").arg(total.disconnects));
        return DeliveryFailed;
    }
    if (total.sent == 0) {
        log(QStringLiteral("no move was sent"));
        return DeliveryFailed;
    }
    if ((!o.batch || o.interest) && deliveredRatio < 0.99) {
        log(QStringLiteral("delivered ratio %1 is below 0.99").arg(deliveredRatio, 0, 'f', 4));
        return DeliveryFailed;
    }
    return Ok;
}
