// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/config.h"

namespace Metaverse
{

// Installs the message handler (text or one JSON object per line on stderr) and the level filter.
void setupLogging(LogFormat format, const QString &level);

} // namespace Metaverse
