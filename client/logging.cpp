// SPDX-License-Identifier: GPL-3.0-or-later
#include "logging.h"

namespace Metaverse
{
Q_LOGGING_CATEGORY(lcClient, "metaverse.client", QtInfoMsg)
Q_LOGGING_CATEGORY(lcClientApi, "metaverse.client.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcClientKeychain, "metaverse.client.keychain", QtInfoMsg)
} // namespace Metaverse
