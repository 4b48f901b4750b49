// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QString>

namespace Metaverse
{

// `metaverse-server backup --to FILE`: an online, consistent copy of the SQLite database through
// SQLite's backup API, while the server keeps running (in WAL mode its writers are not blocked;
// the copy is the database as of one transaction). FILE must not exist yet; it is written beside
// as FILE.partial and renamed when complete, so a FILE that exists is always a whole backup.
// Restore: stop the server, replace DATA_DIR/metaverse.db with the file (and remove any
// metaverse.db-wal and -shm next to it), start the server. PostgreSQL: use pg_dump.
Status backupSqlite(const QString &databaseFile, const QString &targetFile);

} // namespace Metaverse
