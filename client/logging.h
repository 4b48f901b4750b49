// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

namespace Metaverse
{
Q_DECLARE_LOGGING_CATEGORY(lcClient) // app shell, settings, session
Q_DECLARE_LOGGING_CATEGORY(lcClientApi) // REST calls
Q_DECLARE_LOGGING_CATEGORY(lcClientKeychain) // token storage
} // namespace Metaverse
