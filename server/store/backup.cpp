// SPDX-License-Identifier: GPL-3.0-or-later
#include "backup.h"

#include <QFile>
#include <QFileInfo>

#include <memory>
#include <sqlite3.h>

namespace Metaverse
{

namespace
{
struct CloseDatabase {
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
using DatabaseHandle = std::unique_ptr<sqlite3, CloseDatabase>;

Result<DatabaseHandle> openDatabase(const QString &path, int flags)
{
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &raw, flags, nullptr);
    DatabaseHandle db(raw);
    if (rc != SQLITE_OK) {
        return Error::unavailable(
            QStringLiteral("Cannot open %1: %2")
                .arg(path, QString::fromUtf8(db ? sqlite3_errmsg(db.get()) : sqlite3_errstr(rc))));
    }
    // The running server may hold a write lock for a moment: wait for it rather than fail.
    sqlite3_busy_timeout(db.get(), 10000);
    return db;
}
} // namespace

Status backupSqlite(const QString &databaseFile, const QString &targetFile)
{
    if (!QFileInfo::exists(databaseFile)) {
        return Error::notFound(
            QStringLiteral("No SQLite database at %1 (is the data directory right?)").arg(databaseFile));
    }
    if (QFileInfo::exists(targetFile)) {
        return Error::conflict(QStringLiteral("%1 exists already; a backup never overwrites a file").arg(targetFile));
    }
    const QString partial = targetFile + QStringLiteral(".partial");
    QFile::remove(partial);

    auto source = openDatabase(databaseFile, SQLITE_OPEN_READONLY);
    if (!source) {
        return source.error();
    }
    auto target = openDatabase(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!target) {
        return target.error();
    }
    sqlite3_backup *backup = sqlite3_backup_init(target->get(), "main", source->get(), "main");
    if (!backup) {
        const auto message = QString::fromUtf8(sqlite3_errmsg(target->get()));
        target->reset();
        QFile::remove(partial);
        return Error::unavailable(QStringLiteral("Cannot start the backup: %1").arg(message));
    }
    // All pages in one step: one read transaction on the source, so the copy is one consistent
    // snapshot (stepping in parts would restart whenever the server writes in between).
    int rc = sqlite3_backup_step(backup, -1);
    while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        sqlite3_sleep(50);
        rc = sqlite3_backup_step(backup, -1);
    }
    const int finished = sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE || finished != SQLITE_OK) {
        const auto message = QString::fromUtf8(sqlite3_errstr(rc != SQLITE_DONE ? rc : finished));
        target->reset();
        QFile::remove(partial);
        return Error::unavailable(QStringLiteral("The backup failed: %1").arg(message));
    }
    // A self-contained file: no WAL beside it, whatever the source's journal mode.
    char *error = nullptr;
    if (sqlite3_exec(target->get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, &error) != SQLITE_OK) {
        const auto message = QString::fromUtf8(error ? error : "unknown error");
        sqlite3_free(error);
        target->reset();
        QFile::remove(partial);
        return Error::unavailable(QStringLiteral("Cannot finish the backup file: %1").arg(message));
    }
    target->reset();
    if (!QFile::rename(partial, targetFile)) {
        QFile::remove(partial);
        return Error::unavailable(QStringLiteral("Cannot move the backup to %1").arg(targetFile));
    }
    return {};
}

} // namespace Metaverse
