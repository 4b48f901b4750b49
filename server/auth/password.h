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

// A valid hash of a random password, for spending the same time on unknown usernames.
const QString &dummyHash();

} // namespace Metaverse::Password
