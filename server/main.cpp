// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/config.h"
#include "logsetup.h"
#include "server.h"
#include "store/backup.h"
#include "store/database.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QThreadPool>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace Metaverse;

namespace
{
int s_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    // write() is async-signal-safe; the event loop reads the byte and quits.
    [[maybe_unused]] auto written = ::write(s_signalPipe[0], &byte, 1);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("metaverse-server"));
    QCoreApplication::setOrganizationName(QStringLiteral("metaverse"));
    QCoreApplication::setApplicationVersion(QStringLiteral(METAVERSE_VERSION));

    // `metaverse-server backup --to FILE [options]`: the same options and config file as the server.
    QStringList args = QCoreApplication::arguments();
    QString backupTarget;
    const bool backup = args.size() > 1 && args.at(1) == QLatin1String("backup");
    if (backup) {
        args.removeAt(1);
        const auto to = args.indexOf(QLatin1String("--to"));
        if (to < 1 || to + 1 >= args.size()) {
            std::fprintf(stderr, "usage: metaverse-server backup --to FILE [--config FILE] [--data-dir DIR]\n");
            return 2;
        }
        backupTarget = args.at(to + 1);
        args.remove(to, 2);
    }

    auto load = loadConfig(args, QProcessEnvironment::systemEnvironment());
    if (!load) {
        std::fprintf(stderr, "metaverse-server: %s\n", qUtf8Printable(load.error().message));
        return 2;
    }
    if (load->helpRequested) {
        std::printf("%s", qUtf8Printable(configHelpText()));
        return 0;
    }
    if (load->versionRequested) {
        std::printf("metaverse-server %s\n", METAVERSE_VERSION);
        return 0;
    }
    setupLogging(load->config.logFormat, load->config.logLevel);
    if (backup) {
        if (!load->config.databaseUrl.isEmpty()) {
            std::fprintf(stderr,
                "metaverse-server: backup copies the SQLite database; for PostgreSQL use pg_dump "
                "(docs/self-hosting.md, Backups)\n");
            return 2;
        }
        const auto file = Database::sqliteFile(load->config.dataDir);
        if (auto done = backupSqlite(file, backupTarget); !done) {
            std::fprintf(stderr, "metaverse-server: %s\n", qUtf8Printable(done.error().message));
            return 1;
        }
        std::printf("Backed up %s to %s\n", qUtf8Printable(file), qUtf8Printable(backupTarget));
        return 0;
    }

    Server server(load->config);
    if (auto status = server.start(); !status) {
        qCritical("metaverse-server: cannot start: %s", qUtf8Printable(status.error().message));
        return 1;
    }
    const auto &config = server.config();
    std::printf("Metaverse server listening on %s://%s:%u (data in %s, database %s)\n", config.tls ? "https" : "http",
        qUtf8Printable(config.bindAddress.toString()), unsigned(server.httpPort()), qUtf8Printable(config.dataDir),
        config.databaseUrl.isEmpty() ? "SQLite" : "PostgreSQL");
    std::fflush(stdout);

    // SIGTERM/SIGINT: stop the event loop and let destructors close the database cleanly.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(s_signalPipe[1], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [] {
            char byte = 0;
            [[maybe_unused]] auto got = ::read(s_signalPipe[1], &byte, 1);
            qInfo("metaverse-server: shutting down");
            QCoreApplication::quit();
        });
        for (int sig : {SIGINT, SIGTERM}) {
            std::signal(sig, onSignal);
        }
    }
    const int code = QCoreApplication::exec();
    QThreadPool::globalInstance()->waitForDone();
    return code;
}
