// SPDX-License-Identifier: GPL-3.0-or-later
// Client render benchmark: the real client (`metaverse-e2e`) in a 200x200 space with 2,000 elements and
// 200 people, 199 of them bots (space sockets in this process) stepping at 5 Hz. Prints one JSON
// line with, per run: frames per second and the 95th percentile / maximum frame interval while
// the bots move (measured in the app by its e2e driver's frameStats step), then, with the bots
// still, the client's CPU % and RSS over 10 s of idle. Runs on the X display in $DISPLAY or on a
// private Xvfb (the OpenGL scene graph), or offscreen (--platform offscreen, the software
// renderer). Targets: >= 60 fps, p95 <= 16 ms, idle CPU < 1 %. Nothing here asserts on time.

#include "http.h"
#include "serverprocess.h"
#include "xvfb.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>

using namespace Metaverse::Bench;

namespace
{
QString besideMe(const char *relative)
{
    return QDir(QCoreApplication::applicationDirPath()).filePath(QString::fromUtf8(relative));
}

void waitMs(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// A bot in the space: joins with its token, then steps to a random neighbouring tile at each
// tick (the server refuses steps into walls; the bot then stays put).
class Bot : public QObject
{
public:
    Bot(QUrl url, QString spaceId, QByteArray token, int size)
        : m_spaceId(std::move(spaceId))
        , m_token(std::move(token))
        , m_size(size)
    {
        connect(&m_socket, &QWebSocket::connected, this, [this] {
            m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(
                QJsonObject{{QStringLiteral("type"), QStringLiteral("user-join")},
                    {QStringLiteral("data"),
                        QJsonObject{{QStringLiteral("batch"), true}, {QStringLiteral("spaceId"), m_spaceId},
                            {QStringLiteral("token"), QString::fromUtf8(m_token)}}}})
                                                           .toJson(QJsonDocument::Compact)));
        });
        // Batched delivery (one frame per 50 ms), and only the frames that matter are parsed: the
        // bench must not starve the client it measures by parsing 200,000 moves a second.
        connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            if (!text.contains(QLatin1String("space-joined")) && !text.contains(QLatin1String("move-rejected"))) {
                return;
            }
            const auto object = QJsonDocument::fromJson(text.toUtf8()).object();
            QJsonArray messages{object};
            if (object.value(QStringLiteral("type")).toString() == QLatin1String("batch")) {
                messages = object.value(QStringLiteral("data")).toArray();
            }
            for (const auto &entry : std::as_const(messages)) {
                const auto message = entry.toObject();
                const auto type = message.value(QStringLiteral("type")).toString();
                if (type == QLatin1String("space-joined") || type == QLatin1String("move-rejected")) {
                    const auto position =
                        message.value(QStringLiteral("data")).toObject().value(QStringLiteral("position")).toObject();
                    m_x = position.value(QStringLiteral("x")).toInt();
                    m_y = position.value(QStringLiteral("y")).toInt();
                    m_joined = true;
                }
            }
        });
        m_socket.open(url);
    }

    [[nodiscard]] bool joined() const { return m_joined; }

    void step()
    {
        if (!m_joined) {
            return;
        }
        static constexpr int Dx[] = {1, -1, 0, 0};
        static constexpr int Dy[] = {0, 0, 1, -1};
        const int d = int(QRandomGenerator::global()->bounded(4));
        const int x = m_x + Dx[d];
        const int y = m_y + Dy[d];
        if (x < 0 || y < 0 || x >= m_size || y >= m_size) {
            return;
        }
        m_x = x;
        m_y = y;
        m_socket.sendTextMessage(QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("user-move")},
                              {QStringLiteral("data"),
                                  QJsonObject{{QStringLiteral("position"),
                                      QJsonObject{{QStringLiteral("x"), x}, {QStringLiteral("y"), y}}}}}})
                .toJson(QJsonDocument::Compact)));
    }

private:
    QWebSocket m_socket;
    QString m_spaceId;
    QByteArray m_token;
    int m_size;
    int m_x = 0;
    int m_y = 0;
    bool m_joined = false;
};

QByteArray signIn(BlockingClient &http, const QString &name)
{
    const auto credentials = QStringLiteral(R"({"username":"%1","password":"correct horse"})").arg(name).toUtf8();
    http.request("POST", "/api/v1/signup", {}, credentials);
    return http.request("POST", "/api/v1/login", {}, credentials)
        .json()
        .object()
        .value(QStringLiteral("token"))
        .toString()
        .toUtf8();
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Client render benchmark (one JSON line on stdout, progress on stderr)."));
    parser.addHelpOption();
    const QCommandLineOption clientOption(QStringLiteral("client"), QStringLiteral("The metaverse-e2e binary."),
        QStringLiteral("PATH"), besideMe(METAVERSE_BENCH_CLIENT_RELPATH));
    const QCommandLineOption serverOption(QStringLiteral("server"), QStringLiteral("The metaverse-server binary."),
        QStringLiteral("PATH"), besideMe(METAVERSE_BENCH_SERVER_RELPATH));
    const QCommandLineOption sizeOption(QStringLiteral("size"), QStringLiteral("The space's side in tiles."),
        QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption elementsOption(
        QStringLiteral("elements"), QStringLiteral("Elements placed."), QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption peopleOption(QStringLiteral("people"),
        QStringLiteral("People in the space (the app's user and bots)."), QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption hzOption(
        QStringLiteral("hz"), QStringLiteral("Steps per second per bot."), QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
        QStringLiteral("Seconds of moving and of idle measured."), QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption platformOption(QStringLiteral("platform"),
        QStringLiteral("xcb (default; $DISPLAY or a private Xvfb) or offscreen."), QStringLiteral("NAME"),
        QStringLiteral("xcb"));
    const QCommandLineOption xvfbOption(
        QStringLiteral("xvfb"), QStringLiteral("Use a private Xvfb even when DISPLAY is set."));
    const QCommandLineOption logOption(QStringLiteral("log"),
        QStringLiteral("Write the client's standard error to FILE (e.g. with QSG_RENDER_TIMING=1 set)."),
        QStringLiteral("FILE"));
    const QCommandLineOption shotsOption(QStringLiteral("shots"),
        QStringLiteral("Keep a screenshot of the view before measuring (DIR/moving.png)."), QStringLiteral("DIR"));
    parser.addOptions({clientOption, serverOption, sizeOption, elementsOption, peopleOption, hzOption, secondsOption,
        platformOption, xvfbOption, logOption, shotsOption});
    parser.process(app);
    const int size = std::clamp(parser.value(sizeOption).toInt(), 10, 1000);
    const int elements = std::max(0, parser.value(elementsOption).toInt());
    const int people = std::max(1, parser.value(peopleOption).toInt());
    const int hz = std::clamp(parser.value(hzOption).toInt(), 1, 20);
    const int seconds = std::max(1, parser.value(secondsOption).toInt());
    const auto platform = parser.value(platformOption);
    if (platform != QLatin1String("xcb") && platform != QLatin1String("offscreen")) {
        std::fprintf(stderr, "bench: unknown platform \"%s\" (xcb, offscreen)\n", qUtf8Printable(platform));
        return 2;
    }

    QString display = qEnvironmentVariable("DISPLAY");
    QString authFile;
    std::unique_ptr<XvfbProcess> xvfb;
    if (platform == QLatin1String("xcb") && (display.isEmpty() || parser.isSet(xvfbOption))) {
        xvfb = std::make_unique<XvfbProcess>();
        if (!xvfb->start(-1, 20000)) {
            std::fprintf(stderr, "bench: %s\n", qUtf8Printable(xvfb->error()));
            return 3;
        }
        display = xvfb->display();
        authFile = xvfb->authFile();
        std::fprintf(stderr, "bench: Xvfb on %s\n", qUtf8Printable(display));
    }

    ServerProcess server;
    if (!server.start(parser.value(serverOption),
            {QStringLiteral("--rate-limit-api"), QStringLiteral("0"), QStringLiteral("--rate-limit-auth"),
                QStringLiteral("0"), QStringLiteral("--bcrypt-cost"), QStringLiteral("4")},
            20000)) {
        std::fprintf(stderr, "bench: %s\n", qUtf8Printable(server.error()));
        return 3;
    }
    BlockingClient http(QStringLiteral("127.0.0.1"), server.port());
    const auto token = signIn(http, QStringLiteral("viewer"));
    if (token.isEmpty()) {
        std::fprintf(stderr, "bench: cannot sign in\n");
        return 4;
    }
    const auto created = http.request("POST", "/api/v1/space", token,
        QStringLiteral(R"({"name":"Render hall","dimensions":"%1x%1"})").arg(size).toUtf8());
    const auto spaceId = created.json().object().value(QStringLiteral("spaceId")).toString();
    if (spaceId.isEmpty()) {
        std::fprintf(stderr, "bench: cannot create the space: %s\n", qUtf8Printable(created.describe()));
        return 4;
    }
    const auto catalogue =
        http.request("GET", "/api/v1/elements").json().object().value(QStringLiteral("elements")).toArray();
    auto *random = QRandomGenerator::global();
    // Random spots; one the placement rule refuses (on a static element) is drawn again.
    for (int i = 0, refused = 0; i < elements && !catalogue.isEmpty();) {
        const auto element = catalogue.at(int(random->bounded(qsizetype(catalogue.size())))).toObject();
        const int w = element.value(QStringLiteral("width")).toInt(1);
        const int h = element.value(QStringLiteral("height")).toInt(1);
        const QJsonObject body{{QStringLiteral("spaceId"), spaceId},
            {QStringLiteral("elementId"), element.value(QStringLiteral("id"))},
            {QStringLiteral("x"), int(random->bounded(size - w + 1))},
            {QStringLiteral("y"), int(random->bounded(size - h + 1))}};
        const auto placed =
            http.request("POST", "/api/v1/space/element", token, QJsonDocument(body).toJson(QJsonDocument::Compact));
        if (placed.status == 400 && ++refused <= 20 * elements) {
            continue;
        }
        if (placed.status != 200) {
            std::fprintf(stderr, "bench: cannot place an element: %s\n", qUtf8Printable(placed.describe()));
            return 4;
        }
        ++i;
    }
    std::fprintf(stderr, "bench: %dx%d space with %d elements\n", size, size, elements);

    // The bots: members of the space, each on its own socket.
    std::vector<std::unique_ptr<Bot>> bots;
    const QUrl socketUrl(QStringLiteral("ws://127.0.0.1:%1/ws/space").arg(server.port()));
    for (int i = 1; i < people; ++i) {
        const auto name = QStringLiteral("bot%1").arg(i);
        const auto botToken = signIn(http, name);
        http.request("POST", QStringLiteral("/api/v1/space/%1/members").arg(spaceId).toUtf8(), token,
            QStringLiteral(R"({"username":"%1"})").arg(name).toUtf8());
        bots.push_back(std::make_unique<Bot>(socketUrl, spaceId, botToken, size));
    }
    QElapsedTimer joining;
    joining.start();
    while (joining.elapsed() < 30000 &&
        std::any_of(bots.cbegin(), bots.cend(), [](const auto &bot) { return !bot->joined(); })) {
        waitMs(50);
    }
    std::fprintf(stderr, "bench: %d bots in the space\n", int(bots.size()));
    QTimer ticker;
    ticker.setInterval(1000 / hz);
    QObject::connect(&ticker, &QTimer::timeout, [&bots] {
        for (auto &bot : bots) {
            bot->step();
        }
    });
    ticker.start();

    // The app: sign in, enter, wait for everyone, measure frames, then wait while we measure idle.
    QTemporaryDir dir;
    const auto script = dir.filePath(QStringLiteral("script.json"));
    {
        QFile file(script);
        if (!file.open(QIODevice::WriteOnly)) {
            return 5;
        }
        file.write(QStringLiteral(R"({"steps":[
            {"do":"waitFor","item":"signInPage","property":"visible","equals":true},
            {"do":"set","item":"usernameField","property":"text","value":"viewer"},
            {"do":"set","item":"passwordField","property":"text","value":"correct horse"},
            {"do":"click","item":"submitButton"},
            {"do":"waitFor","item":"enter:Render hall","property":"visible","equals":true,"timeoutMs":30000},
            {"do":"click","item":"enter:Render hall"},
            {"do":"waitFor","object":"space","property":"state","equals":"Joined","timeoutMs":30000},
            {"do":"waitFor","object":"occupants","property":"count","equals":%1,"timeoutMs":30000},
            {"do":"frame"},%4
            {"do":"mark","name":"moving"},
            {"do":"frameStats","name":"moving","ms":%2,"continuous":true},
            {"do":"mark","name":"idle"},
            {"do":"pause","ms":%3}]})")
                       .arg(people)
                       .arg(seconds * 1000)
                       .arg(seconds * 1000 + 4000)
                       .arg(parser.isSet(shotsOption) ? QStringLiteral(R"(
            {"do":"screenshot","name":"moving"},)")
                                                      : QString())
                       .toUtf8());
    }
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
    env.insert(QStringLiteral("QSG_INFO"), QStringLiteral("1"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir.path());
    env.insert(QStringLiteral("METAVERSE_E2E_SCRIPT"), script);
    // The e2e driver turns transitions off; the bench measures the real thing: others glide.
    env.insert(QStringLiteral("METAVERSE_REDUCED_MOTION"), QStringLiteral("0"));
    env.insert(QStringLiteral("METAVERSE_E2E_OUTPUT"),
        parser.isSet(shotsOption) ? QDir(parser.value(shotsOption)).absolutePath()
                                  : dir.filePath(QStringLiteral("shots")));
    if (platform == QLatin1String("xcb")) {
        env.insert(QStringLiteral("DISPLAY"), display);
        if (!authFile.isEmpty()) {
            env.insert(QStringLiteral("XAUTHORITY"), authFile);
        }
    }
    QProcess client;
    client.setProcessEnvironment(env);
    client.setProcessChannelMode(QProcess::SeparateChannels);
    if (parser.isSet(logOption)) {
        client.setStandardErrorFile(parser.value(logOption));
    }
    client.start(parser.value(clientOption),
        {QStringLiteral("--server"), QStringLiteral("http://127.0.0.1:%1").arg(server.port()),
            QStringLiteral("--settings"), dir.filePath(QStringLiteral("client.ini")), QStringLiteral("--no-keychain"),
            QStringLiteral("--language"), QStringLiteral("en")});
    double fps = -1;
    double p95 = -1;
    double worst = -1;
    double frameP95 = -1; // sync -> presented
    qint64 frames = -1;
    double idleCpu = -1;
    double movingCpu = -1;
    std::optional<ProcessUsage> movingStart;
    QElapsedTimer movingClock;
    double rssMb = -1;
    QByteArray pending;
    QElapsedTimer overall;
    overall.start();
    while (client.state() != QProcess::NotRunning && overall.elapsed() < 180000) {
        waitMs(20);
        pending += client.readAllStandardOutput();
        qsizetype newline = 0;
        while ((newline = pending.indexOf('\n')) >= 0) {
            const auto words = QString::fromUtf8(pending.left(newline)).trimmed().split(QLatin1Char(' '));
            pending.remove(0, newline + 1);
            if (words.size() == 3 && words.at(0) == QLatin1String("e2e-mark") &&
                words.at(1) == QLatin1String("moving")) {
                movingStart = readProcessUsage(client.processId());
                movingClock.start();
            } else if (words.size() == 7 && words.at(0) == QLatin1String("e2e-frames")) {
                if (const auto now = readProcessUsage(client.processId()); now && movingStart) {
                    movingCpu =
                        100.0 * (now->cpuSeconds - movingStart->cpuSeconds) / (double(movingClock.elapsed()) / 1000.0);
                }
                frames = words.at(2).toLongLong();
                fps = words.at(3).toDouble();
                p95 = words.at(4).toDouble();
                worst = words.at(5).toDouble();
                frameP95 = words.at(6).toDouble();
                std::fprintf(stderr,
                    "bench: moving: %lld frames, %.1f fps, interval p95 %.1f ms (max %.1f), frame p95 %.1f ms, client "
                    "CPU %.0f %%\n",
                    static_cast<long long>(frames), fps, p95, worst, frameP95, movingCpu);
            } else if (words.size() == 3 && words.at(0) == QLatin1String("e2e-mark") &&
                words.at(1) == QLatin1String("idle")) {
                // Idle: nobody moves. Let the last glides end, then measure.
                ticker.stop();
                waitMs(2000);
                const auto before = readProcessUsage(client.processId());
                QElapsedTimer clock;
                clock.start();
                waitMs(seconds * 1000);
                const auto after = readProcessUsage(client.processId());
                if (before && after) {
                    idleCpu = 100.0 * (after->cpuSeconds - before->cpuSeconds) / (double(clock.elapsed()) / 1000.0);
                    rssMb = after->rssMb;
                }
                std::fprintf(stderr, "bench: idle: CPU %.2f %%, RSS %.0f MB\n", idleCpu, rssMb);
            }
        }
    }
    client.waitForFinished(10000);
    QString log;
    if (parser.isSet(logOption)) {
        QFile logFile(parser.value(logOption));
        if (logFile.open(QIODevice::ReadOnly)) {
            log = QString::fromUtf8(logFile.readAll());
        }
    } else {
        log = QString::fromUtf8(client.readAllStandardError());
    }
    if (client.exitStatus() != QProcess::NormalExit || client.exitCode() != 0 || fps < 0 || idleCpu < 0) {
        std::fprintf(stderr, "bench: the client failed:\n%s\n", qUtf8Printable(log.right(3000)));
        return 1;
    }
    QString renderer = platform == QLatin1String("offscreen") ? QStringLiteral("software") : QStringLiteral("unknown");
    if (const auto at = log.indexOf(QLatin1String("RENDERER: ")); at >= 0) {
        renderer = QStringLiteral("OpenGL: ") +
            log.mid(at + 10).section(QLatin1Char('\n'), 0, 0).section(QLatin1String("  "), 0, 0).trimmed();
    }
    ticker.stop();
    bots.clear();
    server.stop();
    if (xvfb) {
        xvfb->stop();
    }
    const QJsonObject result{{QStringLiteral("bench"), QStringLiteral("client-render")},
        {QStringLiteral("platform"), platform}, {QStringLiteral("renderer"), renderer},
        {QStringLiteral("space"), QStringLiteral("%1x%1").arg(size)}, {QStringLiteral("elements"), elements},
        {QStringLiteral("people"), people}, {QStringLiteral("stepsPerSecond"), hz},
        {QStringLiteral("seconds"), seconds}, {QStringLiteral("frames"), frames}, {QStringLiteral("fps"), fps},
        {QStringLiteral("p95FrameIntervalMs"), p95}, {QStringLiteral("p95FrameMs"), frameP95},
        {QStringLiteral("maxFrameIntervalMs"), worst}, {QStringLiteral("movingCpuPercent"), movingCpu},
        {QStringLiteral("idleCpuPercent"), idleCpu}, {QStringLiteral("rssMb"), rssMb},
        {QStringLiteral("targetFps"), 60}, {QStringLiteral("targetP95FrameMs"), 16}};
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return 0;
}
