// SPDX-License-Identifier: GPL-3.0-or-later
#include "logging.h"

Q_LOGGING_CATEGORY(lcHttp, "metaverse.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAccess, "metaverse.access", QtInfoMsg)
