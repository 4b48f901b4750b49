// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QByteArray>

namespace Metaverse
{

// The one mapping from ErrorCode to HTTP status. Lineage codes: unknown ids and duplicates are
// 400, every authentication or authorization failure is 403.
int httpStatus(ErrorCode code);
QString httpReason(int status);
// An RFC 9457 application/problem+json body: {type, title, status, detail, requestId?, errors?}
// (no requestId for requests refused before they have one: the connection guard's).
QByteArray problemBody(const Error &error, int status, const QString &requestId);

} // namespace Metaverse
