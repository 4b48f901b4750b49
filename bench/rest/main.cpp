// SPDX-License-Identifier: GPL-3.0-or-later
// metaverse-bench-rest: closed-loop REST load against metaverse-server; prints one JSON line.
// See bench/README.md.

#include "http.h"
#include "loadworker.h"
#include "measure.h"
#include "serverprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace Metaverse::Bench;

namespace
{

enum ExitCode : int { Ok = 0, TooManyErrors = 1, BadUsage = 2, ServerFailed = 3, SetupFailed = 4 };

struct Options {
    QString serverPath;
    QUrl url;
    double durationS = 10;
    double warmupS = 2;
    int connections = 32;
    int users = 20;
    int spacesPerUser = 2;
    int threads = 2;
    int spacePercent = 80;
    QStringList serverArgs;
    bool quickAck = false;
};

void log(const QString &message)
{
    std::fprintf(stderr, "bench: %s\n", qUtf8Printable(message));
}

std::optional<Options> parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Closed-loop REST load generator for metaverse-server. Prints one JSON line with the results on stdout."));
    parser.addHelpOption();
    const QCommandLineOption server(QStringLiteral("server"),
        QStringLiteral("metaverse-server binary to start (default: %1).")
            .arg(serverNextToBench(METAVERSE_BENCH_SERVER_RELPATH)),
        QStringLiteral("PATH"));
    const QCommandLineOption url(QStringLiteral("url"),
        QStringLiteral("Use the already running server at URL (e.g. http://127.0.0.1:3001) instead of starting one."),
        QStringLiteral("URL"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Measured seconds (default 10)."),
        QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption warmup(QStringLiteral("warmup"), QStringLiteral("Unmeasured warm-up seconds (default 2)."),
        QStringLiteral("S"), QStringLiteral("2"));
    const QCommandLineOption connections(QStringLiteral("connections"),
        QStringLiteral("Keep-alive connections, one request in flight each (default 32)."), QStringLiteral("C"),
        QStringLiteral("32"));
    const QCommandLineOption users(QStringLiteral("users"), QStringLiteral("Users to sign up (default 20)."),
        QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption spaces(QStringLiteral("spaces-per-user"),
        QStringLiteral("Spaces each user creates from a template (default 2)."), QStringLiteral("N"),
        QStringLiteral("2"));
    const QCommandLineOption threads(QStringLiteral("threads"),
        QStringLiteral("Worker threads the connections are spread over (default 2)."), QStringLiteral("T"),
        QStringLiteral("2"));
    const QCommandLineOption mix(QStringLiteral("space-percent"),
        QStringLiteral("Percent of requests that are GET /space/{id}; the rest are GET /space/all (default 80)."),
        QStringLiteral("P"), QStringLiteral("80"));
    const QCommandLineOption serverArg(QStringLiteral("server-arg"),
        QStringLiteral("Extra argument for the started server (repeatable)."), QStringLiteral("ARG"));
    const QCommandLineOption quickAck(QStringLiteral("tcp-quickack"),
        QStringLiteral("Diagnostic: never delay ACKs (TCP_QUICKACK), which hides Nagle stalls of the server."));
    parser.addOptions({server, url, duration, warmup, connections, users, spaces, threads, mix, serverArg, quickAck});
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
    o.durationS = number(duration, 0.1, 3600);
    o.warmupS = number(warmup, 0, 600);
    o.connections = static_cast<int>(number(connections, 1, 10000));
    o.users = static_cast<int>(number(users, 1, 100000));
    o.spacesPerUser = static_cast<int>(number(spaces, 1, 1000));
    o.threads = static_cast<int>(number(threads, 1, 64));
    o.spacePercent = static_cast<int>(number(mix, 0, 100));
    o.serverArgs = parser.values(serverArg);
    o.quickAck = parser.isSet(quickAck);
    if (parser.isSet(url)) {
        o.url = QUrl(parser.value(url));
        if (!o.url.isValid() || o.url.scheme() != QLatin1String("http") || o.url.host().isEmpty()) {
            log(QStringLiteral("--url must look like http://HOST:PORT"));
            ok = false;
        }
    }
    o.serverPath = parser.isSet(server) ? parser.value(server) : serverNextToBench(METAVERSE_BENCH_SERVER_RELPATH);
    if (!ok) {
        return std::nullopt;
    }
    return o;
}

// Signs up and logs in the users, creates their spaces and prebuilds the measured requests.
std::optional<RequestPlan> setUp(BlockingClient &client, const QByteArray &hostHeader, const Options &o)
{
    RequestPlan plan;
    plan.spacePercent = o.spacePercent;
    plan.quickAck = o.quickAck;
    // Unique names, so --url can be pointed at the same server repeatedly.
    const QString prefix =
        QStringLiteral("bench%1").arg(QRandomGenerator::global()->generate() % 1000000, 6, 10, QLatin1Char('0'));
    const QString password = QStringLiteral("bench-password-123");
    QList<QByteArray> tokens;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < o.users; ++i) {
        const QString username = prefix + QLatin1Char('u') + QString::number(i);
        auto reply = client.request("POST", "/api/v1/signup", {},
            jsonBody({{QStringLiteral("username"), username}, {QStringLiteral("password"), password},
                {QStringLiteral("type"), QStringLiteral("user")}}));
        if (reply.status < 200 || reply.status > 299) {
            log(QStringLiteral("signup of %1 failed: %2").arg(username, reply.describe()));
            return std::nullopt;
        }
        reply = client.request("POST", "/api/v1/login", {},
            jsonBody({{QStringLiteral("username"), username}, {QStringLiteral("password"), password}}));
        const auto token = reply.json().object().value(QStringLiteral("token")).toString().toUtf8();
        if (reply.status != 200 || token.isEmpty()) {
            log(QStringLiteral("login of %1 failed: %2").arg(username, reply.describe()));
            return std::nullopt;
        }
        tokens.append(token);
    }

    const auto all = client.request("GET", "/api/v1/space/all", tokens.constFirst());
    QString templateId;
    for (const auto &item : all.json().object().value(QStringLiteral("spaces")).toArray()) {
        const auto space = item.toObject();
        if (space.value(QStringLiteral("isTemplate")).toBool()) {
            templateId = space.value(QStringLiteral("id")).toString();
            break;
        }
    }
    if (all.status != 200 || templateId.isEmpty()) {
        log(QStringLiteral("no template found in GET /api/v1/space/all (is the server seeded?): %1")
                .arg(all.describe()));
        return std::nullopt;
    }

    for (int i = 0; i < o.users; ++i) {
        RequestPlan::User user;
        for (int s = 0; s < o.spacesPerUser; ++s) {
            const auto reply = client.request("POST", "/api/v1/space", tokens.at(i),
                jsonBody({{QStringLiteral("name"), QStringLiteral("Bench space %1-%2").arg(i).arg(s)},
                    {QStringLiteral("mapId"), templateId}}));
            const auto spaceId = reply.json().object().value(QStringLiteral("spaceId")).toString().toUtf8();
            if (reply.status != 200 || spaceId.isEmpty()) {
                log(QStringLiteral("creating a space from template %1 failed: %2").arg(templateId, reply.describe()));
                return std::nullopt;
            }
            user.spaceRequests.append(buildRequest("GET", "/api/v1/space/" + spaceId, hostHeader, tokens.at(i)));
        }
        user.allRequest = buildRequest("GET", "/api/v1/space/all", hostHeader, tokens.at(i));
        // One check per request kind before the load starts, so a broken route fails loudly here.
        const QByteArray firstSpace = user.spaceRequests.constFirst().split(' ').at(1); // "GET <path> HTTP/1.1"
        for (const auto &path : {QByteArray("/api/v1/space/all"), firstSpace}) {
            const auto check = client.request("GET", path, tokens.at(i));
            if (check.status != 200) {
                log(QStringLiteral("GET %1 failed: %2").arg(QString::fromUtf8(path), check.describe()));
                return std::nullopt;
            }
        }
        plan.users.append(std::move(user));
    }
    log(QStringLiteral("setup: %1 users, %2 spaces from template %3 in %4 ms")
            .arg(o.users)
            .arg(o.users * o.spacesPerUser)
            .arg(templateId)
            .arg(timer.elapsed()));
    return plan;
}

double percentileMs(const std::vector<std::int64_t> &sorted, double p)
{
    if (sorted.empty()) {
        return 0;
    }
    // Nearest rank.
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return static_cast<double>(sorted[rank - 1]) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("metaverse-bench-rest"));
    const auto options = parseOptions(app);
    if (!options) {
        return BadUsage;
    }
    const Options &o = *options;

    ServerProcess server;
    QString host;
    quint16 port = 0;
    if (o.url.isValid() && !o.url.isEmpty()) {
        host = o.url.host();
        port = static_cast<quint16>(o.url.port(80));
        log(QStringLiteral("using the running server at %1").arg(o.url.toString()));
    } else {
        if (!server.start(o.serverPath, o.serverArgs, 20000)) {
            log(server.error());
            return ServerFailed;
        }
        host = QStringLiteral("127.0.0.1");
        port = server.port();
    }
    const QByteArray hostHeader = host.toUtf8() + ':' + QByteArray::number(port);

    std::optional<RequestPlan> plan;
    {
        BlockingClient client(host, port);
        plan = setUp(client, hostHeader, o);
    }
    if (!plan) {
        return SetupFailed;
    }

    // Measured phase: the connections, spread round-robin over the worker threads.
    std::atomic<int> phase{static_cast<int>(Phase::WarmUp)};
    const int threadCount = std::min(o.threads, o.connections);
    std::vector<std::unique_ptr<QThread>> threads;
    std::vector<std::unique_ptr<LoadWorker>> workers;
    for (int t = 0; t < threadCount; ++t) {
        QList<int> userPerConnection;
        for (int c = t; c < o.connections; c += threadCount) {
            userPerConnection.append(c % o.users);
        }
        auto worker = std::make_unique<LoadWorker>(
            host, port, &*plan, userPerConnection, &phase, 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(t + 1));
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(QStringLiteral("bench-worker-%1").arg(t));
        worker->moveToThread(thread.get());
        thread->start();
        QMetaObject::invokeMethod(worker.get(), &LoadWorker::start, Qt::QueuedConnection);
        workers.push_back(std::move(worker));
        threads.push_back(std::move(thread));
    }
    log(QStringLiteral("load: %1 connections on %2 threads, %3 s warm-up + %4 s measured")
            .arg(o.connections)
            .arg(threadCount)
            .arg(o.warmupS)
            .arg(o.durationS));

    const auto totalCompleted = [&workers] {
        std::uint64_t sum = 0;
        for (const auto &w : workers) {
            sum += w->completed();
        }
        return sum;
    };

    QEventLoop loop;
    QElapsedTimer measureTimer;
    double measuredS = 0;
    double clientCpuStart = 0;
    double clientCpuS = 0;
    std::optional<ProcessUsage> serverAtStart;
    bool serverDied = false;
    std::uint64_t completedAtTick = 0;
    QTimer progress;
    progress.setInterval(1000);
    QObject::connect(&progress, &QTimer::timeout, &loop, [&] {
        const auto now = totalCompleted();
        log(QStringLiteral("%1 %2 req/s")
                .arg(phase.load() == static_cast<int>(Phase::WarmUp) ? QStringLiteral("warm-up")
                                                                     : QStringLiteral("measure"))
                .arg(now - completedAtTick));
        completedAtTick = now;
    });
    progress.start();
    QTimer::singleShot(static_cast<int>(o.warmupS * 1000), Qt::PreciseTimer, &loop, [&] {
        serverAtStart = readProcessUsage(server.pid());
        clientCpuStart = processCpuSeconds();
        measureTimer.start();
        phase.store(static_cast<int>(Phase::Measure));
    });
    QTimer::singleShot(static_cast<int>((o.warmupS + o.durationS) * 1000), Qt::PreciseTimer, &loop, [&] {
        phase.store(static_cast<int>(Phase::Stop));
        measuredS = static_cast<double>(measureTimer.nsecsElapsed()) / 1e9;
        clientCpuS = processCpuSeconds() - clientCpuStart;
        loop.quit();
    });
    if (server.pid() > 0) {
        QObject::connect(&server.process(), &QProcess::finished, &loop, [&] {
            log(QStringLiteral("the server exited during the load (code %1)").arg(server.process().exitCode()));
            serverDied = true;
            phase.store(static_cast<int>(Phase::Stop));
            measuredS = measureTimer.isValid() ? static_cast<double>(measureTimer.nsecsElapsed()) / 1e9 : 0;
            loop.quit();
        });
    }
    loop.exec();
    progress.stop();
    // From here on the server exits because we stop it.
    QObject::disconnect(&server.process(), &QProcess::finished, &loop, nullptr);

    const auto serverAtEnd = readProcessUsage(server.pid());
    for (std::size_t t = 0; t < workers.size(); ++t) {
        QMetaObject::invokeMethod(workers[t].get(), &LoadWorker::stop, Qt::BlockingQueuedConnection);
        threads[t]->quit();
        threads[t]->wait();
    }
    server.stop();

    std::vector<std::int64_t> latencies;
    std::uint64_t errors = 0;
    std::uint64_t connectionErrors = 0;
    for (const auto &w : workers) {
        auto &s = w->stats();
        latencies.insert(latencies.end(), s.latenciesNs.cbegin(), s.latenciesNs.cend());
        errors += s.errors;
        connectionErrors += s.connectionErrors;
        if (s.errors > 0) {
            QStringList statuses;
            for (int status : std::as_const(s.errorStatuses)) {
                statuses.append(QString::number(status));
            }
            log(QStringLiteral("errors: statuses [%1], last: %2")
                    .arg(statuses.join(QLatin1Char(',')), QString::fromUtf8(s.lastError).simplified()));
        }
    }
    workers.clear();
    threads.clear();
    std::sort(latencies.begin(), latencies.end());

    const std::uint64_t requests = latencies.size() + connectionErrors;
    const double rps = measuredS > 0 ? static_cast<double>(latencies.size()) / measuredS : 0;
    QByteArray line = "{\"bench\":\"rest\",\"connections\":" + QByteArray::number(o.connections) +
        ",\"duration_s\":" + QByteArray::number(o.durationS) + ",\"requests\":" + QByteArray::number(requests) +
        ",\"errors\":" + QByteArray::number(errors) + ",\"rps\":" + num(rps, 1) +
        ",\"p50_ms\":" + num(percentileMs(latencies, 50), 3) + ",\"p90_ms\":" + num(percentileMs(latencies, 90), 3) +
        ",\"p99_ms\":" + num(percentileMs(latencies, 99), 3) +
        ",\"max_ms\":" + num(latencies.empty() ? 0 : static_cast<double>(latencies.back()) / 1e6, 3) +
        ",\"server_rss_mb\":" + usageField(serverAtEnd, &ProcessUsage::rssMb, 1) +
        ",\"server_cpu_s\":" + usageField(serverAtEnd, &ProcessUsage::cpuSeconds, 2) +
        ",\"server_cpu_measured_s\":" +
        (serverAtEnd && serverAtStart ? num(serverAtEnd->cpuSeconds - serverAtStart->cpuSeconds, 2)
                                      : QByteArray("null")) +
        ",\"client_cpu_measured_s\":" + num(clientCpuS, 2) + ",\"threads\":" + QByteArray::number(threadCount) +
        ",\"measured_s\":" + num(measuredS, 3) + ",\"tcp_quickack\":" + (o.quickAck ? "true" : "false") + "}\n";
    std::fputs(line.constData(), stdout);
    std::fflush(stdout);

    if (serverDied) {
        return ServerFailed;
    }
    if (requests == 0) {
        log(QStringLiteral("no request completed during the measured phase"));
        return TooManyErrors;
    }
    if (static_cast<double>(errors) > 0.01 * static_cast<double>(requests)) {
        log(QStringLiteral("%1 of %2 requests failed (more than 1%)").arg(errors).arg(requests));
        return TooManyErrors;
    }
    return Ok;
}
