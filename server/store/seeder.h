// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"

namespace Metaverse
{

// Seeds the default avatars, elements and templates from the compiled-in manifest
// (:/assets/seed.json, from assets/seed.json). Idempotent: rows are keyed by seed_key, so a
// restart adds only what is missing and never duplicates or overwrites Admin changes.
Status seedDefaults(const Database &db, const QString &manifestPath = QStringLiteral(":/assets/seed.json"));

} // namespace Metaverse
