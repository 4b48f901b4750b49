// SPDX-License-Identifier: GPL-3.0-or-later
// Client start-up benchmark: launches the real `metaverse` binary against a fresh metaverse-server
// whose user owns 50 spaces, and prints one JSON line:
//   launchToSignInMs    process start -> sign-in page shown (measured by this program)
//   signInToDashboardMs sign-in clicked -> dashboard populated with all spaces (measured in the app)
// The app is driven through its e2e hook (METAVERSE_E2E_SCRIPT); "e2e-mark NAME MS" lines carry
// the app's own timestamps. Targets: <= 1000 ms and <= 300 ms. Run it under Xvfb for GPU-like
// rendering, or offscreen (the default here) for the software renderer.

#include "../rest/http.h"
#include "../rest/serverprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace Metaverse::Bench;

namespace
{
QString besideMe(const char *relative)
{
    return QDir(QCoreApplication::applicationDirPath()).filePath(QString::fromUtf8(relative));
}

struct Run {
    qint64 launchToSignIn = -1;
    qint64 signInToDashboard = -1;
};

Run runOnce(const QString &client, quint16 port, const QString &username, int spaces, const QTemporaryDir &dir)
{
    const auto script = dir.filePath(QStringLiteral("script.json"));
    const auto steps = QStringLiteral(R"({"steps":[
        {"do":"waitFor","item":"signInPage","property":"visible","equals":true},
        {"do":"mark","name":"signin"},
        {"do":"set","item":"usernameField","property":"text","value":"%1"},
        {"do":"set","item":"passwordField","property":"text","value":"correct horse"},
        {"do":"mark","name":"submit"},
        {"do":"click","item":"submitButton"},
        {"do":"waitFor","object":"mine","property":"count","equals":%2,"timeoutMs":20000},
        {"do":"waitFor","item":"spaceCard:Space %2","property":"visible","equals":true},
        {"do":"mark","name":"dashboard"}]})")
                           .arg(username)
                           .arg(spaces);
    QFile file(script);
    if (!file.open(QIODevice::WriteOnly) || file.write(steps.toUtf8()) < 0) {
        return {};
    }
    file.close();
    auto env = QProcessEnvironment::systemEnvironment();
    if (!env.contains(QStringLiteral("QT_QPA_PLATFORM"))) {
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    }
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir.path());
    env.insert(QStringLiteral("METAVERSE_E2E_SCRIPT"), script);
    env.insert(QStringLiteral("METAVERSE_E2E_OUTPUT"), dir.filePath(QStringLiteral("shots")));
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.setStandardErrorFile(QProcess::nullDevice());
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
    if (process.exitCode() != 0) {
        return {};
    }
    return run;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Client start-up benchmark (one JSON line on stdout)"));
    parser.addHelpOption();
    const QCommandLineOption clientOption(QStringLiteral("client"), QStringLiteral("The metaverse binary."),
        QStringLiteral("PATH"), besideMe(METAVERSE_BENCH_CLIENT_RELPATH));
    const QCommandLineOption serverOption(QStringLiteral("server"), QStringLiteral("The metaverse-server binary."),
        QStringLiteral("PATH"), besideMe(METAVERSE_BENCH_SERVER_RELPATH));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs (the median is reported)."),
        QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption spacesOption(
        QStringLiteral("spaces"), QStringLiteral("Spaces the user owns."), QStringLiteral("N"), QStringLiteral("50"));
    parser.addOptions({clientOption, serverOption, runsOption, spacesOption});
    parser.process(app);
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const int spaces = std::max(1, parser.value(spacesOption).toInt());

    ServerProcess server;
    if (!server.start(parser.value(serverOption), {}, 20000)) {
        std::fprintf(stderr, "bench: %s\n", qUtf8Printable(server.error()));
        return 1;
    }
    BlockingClient http(QStringLiteral("127.0.0.1"), server.port());
    const QByteArray credentials = R"({"username":"bench","password":"correct horse"})";
    http.request("POST", "/api/v1/signup", {}, credentials);
    const auto login = http.request("POST", "/api/v1/login", {}, credentials);
    const auto token = login.json().object().value(QStringLiteral("token")).toString().toUtf8();
    if (token.isEmpty()) {
        std::fprintf(stderr, "bench: cannot sign in: %s\n", qUtf8Printable(login.describe()));
        return 1;
    }
    for (int i = 1; i <= spaces; ++i) {
        const auto body = QStringLiteral(R"({"name":"Space %1","dimensions":"30x20"})").arg(i).toUtf8();
        const auto reply = http.request("POST", "/api/v1/space", token, body);
        if (reply.status != 200) {
            std::fprintf(stderr, "bench: cannot create a space: %s\n", qUtf8Printable(reply.describe()));
            return 1;
        }
    }

    QList<qint64> launch;
    QList<qint64> dashboard;
    for (int i = 0; i < runs; ++i) {
        QTemporaryDir dir;
        const auto run = runOnce(parser.value(clientOption), server.port(), QStringLiteral("bench"), spaces, dir);
        if (run.launchToSignIn < 0 || run.signInToDashboard < 0) {
            std::fprintf(stderr, "bench: run %d failed\n", i + 1);
            return 1;
        }
        launch.append(run.launchToSignIn);
        dashboard.append(run.signInToDashboard);
    }
    std::sort(launch.begin(), launch.end());
    std::sort(dashboard.begin(), dashboard.end());
    const QJsonObject result{{QStringLiteral("bench"), QStringLiteral("client-startup")},
        {QStringLiteral("platform"), qEnvironmentVariable("QT_QPA_PLATFORM", QStringLiteral("offscreen"))},
        {QStringLiteral("runs"), runs}, {QStringLiteral("spaces"), spaces},
        {QStringLiteral("launchToSignInMs"), launch.at(launch.size() / 2)},
        {QStringLiteral("launchToSignInMinMs"), launch.constFirst()},
        {QStringLiteral("signInToDashboardMs"), dashboard.at(dashboard.size() / 2)},
        {QStringLiteral("signInToDashboardMinMs"), dashboard.constFirst()}, {QStringLiteral("targetLaunchMs"), 1000},
        {QStringLiteral("targetDashboardMs"), 300}};
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return 0;
}
