// SPDX-License-Identifier: GPL-3.0-or-later
// `metaverse-server backup --to FILE`: the real binary copies the SQLite database of a running
// server while that server keeps taking writes; the copy is one consistent snapshot (the
// accounts in it are exactly the first N of those created, in order, and at least every one
// created before the backup started), it passes SQLite's integrity check, and a server started on
// it (the documented restore) serves those accounts. Also the refusals: an existing target file,
// a PostgreSQL configuration, no database; and a database newer than the server stops its start.
#include "serverprocess.h"
#include "signalwait.h"
#include "store/database.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace Metaverse;
using namespace Metaverse::Test;

namespace
{
QString userName(int i)
{
    return QStringLiteral("writer%1").arg(i, 4, 10, QLatin1Char('0'));
}

struct Run {
    int exitCode = -1;
    QByteArray output;
};

Run runBackup(const QStringList &args)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(METAVERSE_SERVER_BINARY), QStringList{QStringLiteral("backup")} + args);
    process.waitForFinished(60000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAll()};
}
} // namespace

class TestBackup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onlineBackupIsConsistentAndRestores()
    {
        TestServer server([](Config &c) { c.databaseUrl.clear(); }); // SQLite whatever the backend
        QVERIFY(server.start());
        Client client(server.baseUrl());
        int created = 0;
        for (; created < 20; ++created) {
            QVERIFY(!client.signupAndLogin(userName(created)).isEmpty());
        }
        const int beforeBackup = created;

        QTemporaryDir out;
        QVERIFY(out.isValid());
        const QString target = out.filePath(QStringLiteral("backup.db"));
        QProcess backup;
        backup.setProcessChannelMode(QProcess::MergedChannels);
        backup.start(QStringLiteral(METAVERSE_SERVER_BINARY),
            {QStringLiteral("backup"), QStringLiteral("--to"), target, QStringLiteral("--data-dir"), server.dataDir()});
        QVERIFY(backup.waitForStarted(10000));
        // Writes while the backup runs (each request turns the event loop, so the server works).
        while (backup.state() != QProcess::NotRunning) {
            QVERIFY(!client.signupAndLogin(userName(created++)).isEmpty());
        }
        SignalWait finished([&] { return backup.state() == QProcess::NotRunning; });
        finished.on(&backup, &QProcess::stateChanged);
        QVERIFY(finished.until(60000));
        const QByteArray output = backup.readAll();
        QVERIFY2(backup.exitStatus() == QProcess::NormalExit && backup.exitCode() == 0, output.constData());
        QVERIFY2(output.contains("Backed up"), output.constData());
        QVERIFY(QFile::exists(target));
        QVERIFY(!QFile::exists(target + QStringLiteral(".partial")));
        QVERIFY(!QFile::exists(target + QStringLiteral("-wal")));

        QStringList inBackup;
        {
            const auto name = QStringLiteral("tst_backup_check");
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(target);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            QVERIFY(db.open());
            QSqlQuery check(db);
            QVERIFY(check.exec(QStringLiteral("PRAGMA integrity_check")) && check.next());
            QCOMPARE(check.value(0).toString(), QStringLiteral("ok"));
            QSqlQuery users(db);
            QVERIFY(users.exec(QStringLiteral("SELECT username FROM users ORDER BY username")));
            while (users.next()) {
                inBackup.append(users.value(0).toString());
            }
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
        }
        // One snapshot: the first N accounts exactly, N at least those made before it started.
        QVERIFY2(inBackup.size() >= beforeBackup, qPrintable(inBackup.join(u',')));
        QVERIFY(inBackup.size() <= created);
        for (int i = 0; i < inBackup.size(); ++i) {
            QCOMPARE(inBackup.at(i), userName(i));
        }
        server.stop();

        // Restore: a server started on the backup file serves the accounts in it, and only those.
        TestServer restored([](Config &c) { c.databaseUrl.clear(); });
        QVERIFY(QFile::copy(target, Database::sqliteFile(restored.dataDir())));
        QVERIFY(restored.start());
        Client again(restored.baseUrl());
        const auto login = [&](const QString &name) {
            return again
                .post(QStringLiteral("/api/v1/signin"),
                    {{QStringLiteral("username"), name}, {QStringLiteral("password"), QStringLiteral("correct horse")}})
                .status;
        };
        QCOMPARE(login(inBackup.constLast()), 200);
        QCOMPARE(login(userName(0)), 200);
        if (inBackup.size() < created) {
            QVERIFY(login(userName(int(inBackup.size()))) != 200);
        }
    }

    // Upgrades go one way: a database migrated by a newer server stops an older one at start.
    void newerDatabaseIsRefused()
    {
        TestServer first([](Config &c) { c.databaseUrl.clear(); });
        QVERIFY(first.start());
        first.stop();
        {
            const auto name = QStringLiteral("tst_backup_future");
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(Database::sqliteFile(first.dataDir()));
            QVERIFY(db.open());
            QSqlQuery future(db);
            QVERIFY(future.exec(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES "
                                               "(9999, '9999_future.sql', '2099-01-01T00:00:00.000Z')")));
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
        }
        const auto again = first.start();
        QVERIFY(!again);
        QVERIFY2(again.error().message.contains(QStringLiteral("schema version 9999 is newer")),
            qPrintable(again.error().message));
    }

    void refusals()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // No database in the data directory.
        auto run = runBackup({QStringLiteral("--to"), dir.filePath(QStringLiteral("x.db")),
            QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("empty"))});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.output.contains("No SQLite database"), run.output.constData());
        // Missing --to.
        run = runBackup({QStringLiteral("--data-dir"), dir.path()});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.output.contains("usage: metaverse-server backup --to FILE"), run.output.constData());
        // PostgreSQL: pg_dump's job.
        run = runBackup({QStringLiteral("--to"), dir.filePath(QStringLiteral("y.db")), QStringLiteral("--database-url"),
            QStringLiteral("postgresql://u:p@127.0.0.1:1/db")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.output.contains("pg_dump"), run.output.constData());
        // Never overwrites.
        QFile existing(dir.filePath(QStringLiteral("existing.db")));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("keep me");
        existing.close();
        TestServer server([](Config &c) { c.databaseUrl.clear(); });
        QVERIFY(server.start());
        run = runBackup({QStringLiteral("--to"), existing.fileName(), QStringLiteral("--data-dir"), server.dataDir()});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.output.contains("exists already"), run.output.constData());
        QVERIFY(existing.open(QIODevice::ReadOnly));
        QCOMPARE(existing.readAll(), QByteArray("keep me"));
    }
};

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
