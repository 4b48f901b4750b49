// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"
#include "model/avatar.h"
#include "model/element.h"

#include <optional>

namespace Metaverse
{

// The avatar and element libraries.
class CatalogRepository
{
public:
    explicit CatalogRepository(const Database &db)
        : m_db(db)
    {
    }

    // The library without retired avatars; avatar() finds retired ones too (users keep theirs).
    Result<QList<Avatar>> avatars();
    Result<std::optional<Avatar>> avatar(const QString &id);
    Result<Avatar> renameAvatar(const QString &id, const QString &name);
    // Out of the library for good; users who chose it keep it. NotFound for an unknown id.
    Status retireAvatar(const QString &id);
    // `seedKey` makes seeding idempotent: an existing row with that key is returned unchanged.
    Result<Avatar> createAvatar(const QString &name, const QString &imageUrl, const QString &seedKey = {});

    enum class Retired { Exclude, Include };
    // The palette (retired elements only with Retired::Include); element() finds retired ones too.
    Result<QList<Element>> elements(Retired retired = Retired::Exclude);
    Result<std::optional<Element>> element(const QString &id);
    // Out of the palette for good; placed instances keep rendering. NotFound for an unknown id.
    Status retireElement(const QString &id);
    // A new element like `definition` (its id is ignored).
    Result<Element> createElement(const Element &definition, const QString &seedKey = {});
    // Applies the given fields; NotFound when there is no such element.
    Result<Element> updateElement(const QString &id, const ElementChanges &changes);
    Result<std::optional<QString>> elementIdForSeedKey(const QString &seedKey);

private:
    const Database &m_db;
};

} // namespace Metaverse
