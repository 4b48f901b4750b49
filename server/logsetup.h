// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.h"

namespace Metaverse
{

// Installs the message handler (text or one JSON object per line on stderr) and the level filter.
void setupLogging(LogFormat format, const QString &level);

// The text format's line for one message, without the trailing newline. Control characters of
// the message and category (a %0A in a request path, an ESC sequence in a username) are written
// as escapes (\n, \r, \t, \\, \xNN, \u{NNNN}), so one message is always one line and cannot
// forge others or drive the terminal. The JSON format escapes them by construction.
QByteArray formatTextLine(const QString &time, const char *level, const QString &category, const QString &message);

} // namespace Metaverse
