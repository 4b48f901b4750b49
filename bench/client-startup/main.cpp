// SPDX-License-Identifier: GPL-3.0-or-later
// Client start-up benchmark: launches the real client (`metaverse-e2e`) against a fresh metaverse-server
// whose user owns 50 spaces, on each platform asked for, and prints one JSON line with, per
// platform, the medians over the runs of:
//   launchToSignInMs    process start -> sign-in page on screen (measured by this program)
//   signInToDashboardMs sign-in clicked -> dashboard with all spaces on screen (measured in the app)
// The app is driven by its e2e script (METAVERSE_E2E_SCRIPT, tests/client/e2e/e2erunner.h);
// "e2e-mark NAME MS" lines carry the app's own timestamps, and a "frame" step waits until a frame
// showing the state was presented.
// Platforms: "offscreen" (the software renderer) and "xcb" (the default OpenGL scene graph) on the
// X display in $DISPLAY or on a private Xvfb the bench starts and stops. Targets: <= 1000 ms and
// <= 300 ms. Benchmarks print numbers; nothing here asserts on time. See bench/README.md.

#include "../rest/http.h"
#include "../rest/serverprocess.h"
#include "xvfb.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace Metaverse::Bench;

namespace
{
const auto Offscreen = QStringLiteral("offscreen");
const auto Xcb = QStringLiteral("xcb");

QString besideMe(const char *relative)
{
    return QDir(QCoreApplication::applicationDirPath()).filePath(QString::fromUtf8(relative));
}

// Where and how the client runs, and what it measured there.
struct Platform {
    QString name; // the QT_QPA_PLATFORM value
    QString display; // xcb: the X display
    QString authFile; // xcb: XAUTHORITY ("" = the caller's)
    bool xvfb = false; // xcb: the display is our own Xvfb
    QString renderer; // what the scene graph reported (QSG_INFO) in the first run
    QList<qint64> launch;
    QList<qint64> dashboard;
};

struct Run {
    qint64 launchToSignIn = -1;
    qint64 signInToDashboard = -1;
    QString renderer;
};

// The scene graph's own description of its renderer, from the client's QSG_INFO log: the OpenGL
// renderer string, or the software backend.
QString rendererFrom(const QString &log)
{
    static const QRegularExpression gl(QStringLiteral("RENDERER: (.*?)\\s+VERSION:"));
    if (const auto match = gl.match(log); match.hasMatch()) {
        return QStringLiteral("OpenGL: ") + match.captured(1);
    }
    static const QRegularExpression backend(QStringLiteral("QRhi with backend (\\S+)"));
    if (const auto match = backend.match(log); match.hasMatch()) {
        return match.captured(1);
    }
    if (log.contains(QLatin1String("software"), Qt::CaseInsensitive)) {
        return QStringLiteral("software");
    }
    return QStringLiteral("unknown");
}

Run runOnce(const QString &client, quint16 port, const QString &username, int spaces, const Platform &platform)
{
    QTemporaryDir dir;
    if (!dir.isValid()) {
        return {};
    }
    const auto script = dir.filePath(QStringLiteral("script.json"));
    // pollMs 5: a waitFor notices within 5 ms (the default 20 ms would blur the numbers).
    const auto steps = QStringLiteral(R"({"pollMs":5,"steps":[
        {"do":"waitFor","item":"signInPage","property":"visible","equals":true},
        {"do":"frame"},
        {"do":"mark","name":"signin"},
        {"do":"set","item":"usernameField","property":"text","value":"%1"},
        {"do":"set","item":"passwordField","property":"text","value":"correct horse"},
        {"do":"mark","name":"submit"},
        {"do":"click","item":"submitButton"},
        {"do":"waitFor","object":"mine","property":"count","equals":%2,"timeoutMs":20000},
        {"do":"waitFor","item":"spaceCard:Space %2","property":"visible","equals":true},
        {"do":"frame"},
        {"do":"mark","name":"dashboard"}]})")
                           .arg(username)
                           .arg(spaces);
    QFile file(script);
    if (!file.open(QIODevice::WriteOnly) || file.write(steps.toUtf8()) < 0) {
        return {};
    }
    file.close();
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), platform.name);
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    if (platform.name == Xcb) {
        env.insert(QStringLiteral("DISPLAY"), platform.display);
        if (!platform.authFile.isEmpty()) {
            env.insert(QStringLiteral("XAUTHORITY"), platform.authFile);
        }
    }
    // The scene graph logs its renderer (a few lines, once).
    env.insert(QStringLiteral("QSG_INFO"), QStringLiteral("1"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir.path());
    env.insert(QStringLiteral("METAVERSE_E2E_SCRIPT"), script);
    env.insert(QStringLiteral("METAVERSE_E2E_OUTPUT"), dir.filePath(QStringLiteral("shots")));
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    Run run;
    qint64 submitAt = -1;
    QElapsedTimer clock;
    clock.start();
    process.start(client,
        {QStringLiteral("--server"), QStringLiteral("http://127.0.0.1:%1").arg(port), QStringLiteral("--settings"),
            dir.filePath(QStringLiteral("client.ini")), QStringLiteral("--no-keychain")});
    while (process.state() != QProcess::NotRunning || process.bytesAvailable() > 0) {
        if (!process.canReadLine()) {
            process.waitForReadyRead(50);
            if (process.state() == QProcess::NotRunning && !process.canReadLine()) {
                break;
            }
            continue;
        }
        const auto line = QString::fromUtf8(process.readLine()).trimmed().split(QLatin1Char(' '));
        if (line.size() != 3 || line.at(0) != QLatin1String("e2e-mark")) {
            continue;
        }
        if (line.at(1) == QLatin1String("signin")) {
            run.launchToSignIn = clock.elapsed();
        } else if (line.at(1) == QLatin1String("submit")) {
            submitAt = line.at(2).toLongLong();
        } else if (line.at(1) == QLatin1String("dashboard") && submitAt >= 0) {
            run.signInToDashboard = line.at(2).toLongLong() - submitAt;
        }
    }
    process.waitForFinished(20000);
    const auto log = QString::fromUtf8(process.readAllStandardError());
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        std::fprintf(stderr, "bench: the client failed on %s:\n%s\n", qUtf8Printable(platform.name),
            qUtf8Printable(log.right(2000)));
        return {};
    }
    run.renderer = rendererFrom(log);
    return run;
}

// The median (the mean of the middle two for an even count) of a sorted list.
double median(const QList<qint64> &sorted)
{
    const auto n = sorted.size();
    if (n == 0) {
        return -1;
    }
    return n % 2 == 1 ? static_cast<double>(sorted.at(n / 2))
                      : static_cast<double>(sorted.at(n / 2 - 1) + sorted.at(n / 2)) / 2.0;
}

QJsonArray toJsonArray(const QList<qint64> &values)
{
    QJsonArray array;
    for (const auto value : values) {
        array.append(value);
    }
    return array;
}

QJsonObject summary(Platform platform)
{
    std::sort(platform.launch.begin(), platform.launch.end());
    std::sort(platform.dashboard.begin(), platform.dashboard.end());
    QJsonObject object{{QStringLiteral("renderer"), platform.renderer},
        {QStringLiteral("launchToSignInMs"), median(platform.launch)},
        {QStringLiteral("launchToSignInMinMs"), platform.launch.constFirst()},
        {QStringLiteral("launchToSignInMaxMs"), platform.launch.constLast()},
        {QStringLiteral("signInToDashboardMs"), median(platform.dashboard)},
        {QStringLiteral("signInToDashboardMinMs"), platform.dashboard.constFirst()},
        {QStringLiteral("signInToDashboardMaxMs"), platform.dashboard.constLast()},
        {QStringLiteral("launchToSignInRunsMs"), toJsonArray(platform.launch)},
        {QStringLiteral("signInToDashboardRunsMs"), toJsonArray(platform.dashboard)}};
    if (platform.name == Xcb) {
        object.insert(QStringLiteral("display"), platform.display);
        object.insert(QStringLiteral("xvfb"), platform.xvfb);
    }
    return object;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Client start-up benchmark (one JSON line on stdout, progress on stderr).\n"
        "Platforms: offscreen (software renderer) and xcb (OpenGL) on $DISPLAY, or on a private Xvfb "
        "when DISPLAY is unset or --xvfb is given. Default: both when an X display or Xvfb is available."));
    parser.addHelpOption();
    const QCommandLineOption clientOption(QStringLiteral("client"), QStringLiteral("The metaverse-e2e binary."),
        QStringLiteral("PATH"), besideMe(METAVERSE_BENCH_CLIENT_RELPATH));
    const QCommandLineOption serverOption(QStringLiteral("server"), QStringLiteral("The metaverse-server binary."),
        QStringLiteral("PATH"), besideMe(METAVERSE_BENCH_SERVER_RELPATH));
    const QCommandLineOption runsOption(QStringLiteral("runs"),
        QStringLiteral("Runs per platform (the median is reported)."), QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption spacesOption(
        QStringLiteral("spaces"), QStringLiteral("Spaces the user owns."), QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption platformOption(QStringLiteral("platform"),
        QStringLiteral("Comma-separated platforms: offscreen, xcb (default: both when X is available, else "
                       "offscreen)."),
        QStringLiteral("LIST"));
    const QCommandLineOption xvfbOption(QStringLiteral("xvfb"),
        QStringLiteral("Run xcb on a private Xvfb (started and stopped by the bench) even when DISPLAY is set."));
    const QCommandLineOption displayOption(QStringLiteral("display"),
        QStringLiteral("The display number for the private Xvfb (default: the first free one); implies --xvfb."),
        QStringLiteral("N"));
    parser.addOptions(
        {clientOption, serverOption, runsOption, spacesOption, platformOption, xvfbOption, displayOption});
    parser.process(app);
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const int spaces = std::max(1, parser.value(spacesOption).toInt());
    const auto hostDisplay = qEnvironmentVariable("DISPLAY");
    const bool useXvfb = parser.isSet(xvfbOption) || parser.isSet(displayOption) || hostDisplay.isEmpty();

    QStringList names;
    if (parser.isSet(platformOption)) {
        names = parser.value(platformOption).split(QLatin1Char(','), Qt::SkipEmptyParts);
        names.removeDuplicates();
        for (const auto &name : std::as_const(names)) {
            if (name != Offscreen && name != Xcb) {
                std::fprintf(stderr, "bench: unknown platform \"%s\" (offscreen, xcb)\n", qUtf8Printable(name));
                return 2;
            }
        }
    } else {
        names = {Offscreen};
        if (!useXvfb || XvfbProcess::available()) {
            names.append(Xcb);
        } else {
            std::fprintf(stderr, "bench: no Xvfb found: measuring offscreen only\n");
        }
    }
    if (names.isEmpty()) {
        std::fprintf(stderr, "bench: no platform given\n");
        return 2;
    }
    int xvfbDisplay = -1;
    if (parser.isSet(displayOption)) {
        bool ok = false;
        xvfbDisplay = parser.value(displayOption).remove(QLatin1Char(':')).toInt(&ok);
        if (!ok || xvfbDisplay < 0) {
            std::fprintf(stderr, "bench: bad --display \"%s\"\n", qUtf8Printable(parser.value(displayOption)));
            return 2;
        }
    }

    // The X server first: its start-up must not count in any run.
    std::unique_ptr<XvfbProcess> xvfb;
    QList<Platform> platforms;
    for (const auto &name : std::as_const(names)) {
        Platform platform;
        platform.name = name;
        if (name == Xcb) {
            if (useXvfb) {
                xvfb = std::make_unique<XvfbProcess>();
                if (!xvfb->start(xvfbDisplay, 20000)) {
                    std::fprintf(stderr, "bench: %s\n", qUtf8Printable(xvfb->error()));
                    return 3;
                }
                platform.display = xvfb->display();
                platform.authFile = xvfb->authFile();
                platform.xvfb = true;
                std::fprintf(stderr, "bench: Xvfb on %s\n", qUtf8Printable(platform.display));
            } else {
                platform.display = hostDisplay;
            }
        }
        platforms.append(platform);
    }

    ServerProcess server;
    if (!server.start(parser.value(serverOption), {}, 20000)) {
        std::fprintf(stderr, "bench: %s\n", qUtf8Printable(server.error()));
        return 3;
    }
    BlockingClient http(QStringLiteral("127.0.0.1"), server.port());
    const QByteArray credentials = R"({"username":"bench","password":"correct horse"})";
    http.request("POST", "/api/v1/signup", {}, credentials);
    const auto login = http.request("POST", "/api/v1/login", {}, credentials);
    const auto token = login.json().object().value(QStringLiteral("token")).toString().toUtf8();
    if (token.isEmpty()) {
        std::fprintf(stderr, "bench: cannot sign in: %s\n", qUtf8Printable(login.describe()));
        return 4;
    }
    for (int i = 1; i <= spaces; ++i) {
        const auto body = QStringLiteral(R"({"name":"Space %1","dimensions":"30x20"})").arg(i).toUtf8();
        const auto reply = http.request("POST", "/api/v1/space", token, body);
        if (reply.status != 200) {
            std::fprintf(stderr, "bench: cannot create a space: %s\n", qUtf8Printable(reply.describe()));
            return 4;
        }
    }

    // Runs alternate between the platforms, so a busy moment on the machine hits both alike.
    for (int i = 0; i < runs; ++i) {
        for (auto &platform : platforms) {
            const auto run =
                runOnce(parser.value(clientOption), server.port(), QStringLiteral("bench"), spaces, platform);
            if (run.launchToSignIn < 0 || run.signInToDashboard < 0) {
                std::fprintf(stderr, "bench: run %d on %s failed\n", i + 1, qUtf8Printable(platform.name));
                return 1;
            }
            if (platform.renderer.isEmpty()) {
                platform.renderer = run.renderer;
            }
            platform.launch.append(run.launchToSignIn);
            platform.dashboard.append(run.signInToDashboard);
            std::fprintf(stderr, "bench: %-9s run %d/%d: launch -> sign-in %lld ms, sign-in -> dashboard %lld ms\n",
                qUtf8Printable(platform.name), i + 1, runs, static_cast<long long>(run.launchToSignIn),
                static_cast<long long>(run.signInToDashboard));
        }
    }
    server.stop();
    if (xvfb) {
        xvfb->stop();
    }

    QJsonObject result{{QStringLiteral("bench"), QStringLiteral("client-startup")}, {QStringLiteral("runs"), runs},
        {QStringLiteral("spaces"), spaces}, {QStringLiteral("targetLaunchMs"), 1000},
        {QStringLiteral("targetDashboardMs"), 300}};
    for (const auto &platform : std::as_const(platforms)) {
        const auto numbers = summary(platform);
        result.insert(platform.name, numbers);
        std::fprintf(stderr, "bench: %-9s median of %d: launch -> sign-in %.0f ms, sign-in -> dashboard %.0f ms (%s)\n",
            qUtf8Printable(platform.name), runs, numbers.value(QStringLiteral("launchToSignInMs")).toDouble(),
            numbers.value(QStringLiteral("signInToDashboardMs")).toDouble(), qUtf8Printable(platform.renderer));
    }
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return 0;
}
