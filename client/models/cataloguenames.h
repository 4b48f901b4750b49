// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Metaverse::CatalogueNames
{

// The translation context of the names the server seeds (assets/seed.json: its elements and
// templates). QML shows them with qsTranslate("Catalogue", name), which leaves any other name
// (an Admin's own element, a user's space) as the server has it.
inline constexpr char Context[] = "Catalogue";

// Whether `name` is one of the seeded names (then it has a translation).
[[nodiscard]] bool isSeeded(const QString &name);
// `name` in the user's language when it is seeded; otherwise `name` unchanged.
[[nodiscard]] QString display(const QString &name);

} // namespace Metaverse::CatalogueNames
