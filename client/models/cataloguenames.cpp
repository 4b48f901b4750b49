// SPDX-License-Identifier: GPL-3.0-or-later
#include "cataloguenames.h"

#include <QCoreApplication>

#include <algorithm>
#include <iterator>

namespace Metaverse::CatalogueNames
{

namespace
{
// Keyed by the names assets/seed.json gives its elements and templates (tst_client checks that
// none is missing); lupdate reads them from here.
constexpr const char *Seeded[] = {
    // elements
    QT_TRANSLATE_NOOP("Catalogue", "Wall"),
    QT_TRANSLATE_NOOP("Catalogue", "Long Wall"),
    QT_TRANSLATE_NOOP("Catalogue", "Window Wall"),
    QT_TRANSLATE_NOOP("Catalogue", "Door"),
    QT_TRANSLATE_NOOP("Catalogue", "Wood Floor"),
    QT_TRANSLATE_NOOP("Catalogue", "Carpet Floor"),
    QT_TRANSLATE_NOOP("Catalogue", "Rug"),
    QT_TRANSLATE_NOOP("Catalogue", "Desk"),
    QT_TRANSLATE_NOOP("Catalogue", "Desk with Monitor"),
    QT_TRANSLATE_NOOP("Catalogue", "Office Chair"),
    QT_TRANSLATE_NOOP("Catalogue", "Meeting Table"),
    QT_TRANSLATE_NOOP("Catalogue", "Whiteboard"),
    QT_TRANSLATE_NOOP("Catalogue", "Bookshelf"),
    QT_TRANSLATE_NOOP("Catalogue", "Printer"),
    QT_TRANSLATE_NOOP("Catalogue", "Water Cooler"),
    QT_TRANSLATE_NOOP("Catalogue", "Coffee Counter"),
    QT_TRANSLATE_NOOP("Catalogue", "Sofa"),
    QT_TRANSLATE_NOOP("Catalogue", "Armchair"),
    QT_TRANSLATE_NOOP("Catalogue", "Coffee Table"),
    QT_TRANSLATE_NOOP("Catalogue", "Bean Bag"),
    QT_TRANSLATE_NOOP("Catalogue", "Floor Lamp"),
    QT_TRANSLATE_NOOP("Catalogue", "Potted Plant"),
    QT_TRANSLATE_NOOP("Catalogue", "Large Plant"),
    QT_TRANSLATE_NOOP("Catalogue", "Trash Bin"),
    // templates
    QT_TRANSLATE_NOOP("Catalogue", "Office"),
    QT_TRANSLATE_NOOP("Catalogue", "Lounge"),
    QT_TRANSLATE_NOOP("Catalogue", "Hall"),
};

const char *seeded(const QString &name)
{
    const auto it = std::find_if(
        std::cbegin(Seeded), std::cend(Seeded), [&](const char *known) { return name == QLatin1String(known); });
    return it == std::cend(Seeded) ? nullptr : *it;
}
} // namespace

bool isSeeded(const QString &name)
{
    return seeded(name) != nullptr;
}

QString display(const QString &name)
{
    const char *known = seeded(name);
    return known ? QCoreApplication::translate(Context, known) : name;
}

} // namespace Metaverse::CatalogueNames
