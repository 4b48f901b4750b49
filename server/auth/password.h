// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QCoroTask>
#include <QString>

namespace Metaverse::Password
{

// bcrypt ($2b$) through libxcrypt. Both calls block for the hash's duration (about 135 ms at
// cost 11 here): call them from a worker thread, or use the *Async variants, which run on
// Qt's global thread pool and are awaited without blocking the event loop.
Result<QString> hash(const QString &password, int cost);
bool verify(const QString &password, const QString &storedHash);

QCoro::Task<Result<QString>> hashAsync(QString password, int cost);
QCoro::Task<bool> verifyAsync(QString password, QString storedHash);

// A valid hash of a random password at `cost` (the server's BCRYPT_COST), for spending the same
// time on unknown usernames as on known ones: with a fixed cost, any other BCRYPT_COST would tell
// which usernames exist. prepareDummyHash() starts computing it on Qt's thread pool (the server
// calls it at start); dummyHash() waits for that only if it is not done yet.
void prepareDummyHash(int cost);
QString dummyHash(int cost);

} // namespace Metaverse::Password
