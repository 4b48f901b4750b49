// SPDX-License-Identifier: GPL-3.0-or-later
#include "catalogrepository.h"

#include <QVariant>

namespace Metaverse
{

namespace
{
const auto ElementColumns = QStringLiteral("id, name, image_url, width, height, is_static");

Element readElement(const QSqlQuery &q, int offset = 0)
{
    Element e;
    e.id = q.value(offset).toString();
    e.name = q.value(offset + 1).toString();
    e.imageUrl = q.value(offset + 2).toString();
    e.width = q.value(offset + 3).toInt();
    e.height = q.value(offset + 4).toInt();
    e.isStatic = q.value(offset + 5).toBool();
    return e;
}

Avatar readAvatar(const QSqlQuery &q)
{
    return {q.value(0).toString(), q.value(1).toString(), q.value(2).toString()};
}
} // namespace

Result<QList<Avatar>> CatalogRepository::avatars()
{
    return m_db.fetchAll<Avatar>(
        QStringLiteral("SELECT id, name, image_url FROM avatars ORDER BY created_at, name"), {}, readAvatar);
}

Result<std::optional<Avatar>> CatalogRepository::avatar(const QString &id)
{
    return m_db.fetchOne<Avatar>(
        QStringLiteral("SELECT id, name, image_url FROM avatars WHERE id = ?"), {id}, readAvatar);
}

Result<Avatar> CatalogRepository::createAvatar(const QString &name, const QString &imageUrl, const QString &seedKey)
{
    if (!seedKey.isEmpty()) {
        auto q = m_db.prepare(QStringLiteral("SELECT id, name, image_url FROM avatars WHERE seed_key = ?"));
        q->addBindValue(seedKey);
        if (auto status = m_db.exec(*q); !status) {
            return std::move(status).error();
        }
        if (q->next()) {
            return readAvatar(*q);
        }
    }
    Avatar avatar{newId(), name, imageUrl};
    auto q = m_db.prepare(QStringLiteral("INSERT INTO avatars (id, name, image_url, seed_key) VALUES (?, ?, ?, ?)"));
    q->addBindValue(avatar.id);
    q->addBindValue(avatar.name);
    q->addBindValue(avatar.imageUrl);
    q->addBindValue(nullableText(seedKey));
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    return avatar;
}

Result<QList<Element>> CatalogRepository::elements()
{
    return m_db.fetchAll<Element>(
        QStringLiteral("SELECT %1 FROM elements ORDER BY created_at, name").arg(ElementColumns), {},
        [](const QSqlQuery &q) { return readElement(q); });
}

Result<std::optional<Element>> CatalogRepository::element(const QString &id)
{
    return m_db.fetchOne<Element>(QStringLiteral("SELECT %1 FROM elements WHERE id = ?").arg(ElementColumns), {id},
        [](const QSqlQuery &q) { return readElement(q); });
}

Result<std::optional<QString>> CatalogRepository::elementIdForSeedKey(const QString &seedKey)
{
    return m_db.fetchOne<QString>(QStringLiteral("SELECT id FROM elements WHERE seed_key = ?"), {seedKey},
        [](const QSqlQuery &q) { return q.value(0).toString(); });
}

Result<Element> CatalogRepository::createElement(const Element &definition, const QString &seedKey)
{
    if (!seedKey.isEmpty()) {
        auto existing = elementIdForSeedKey(seedKey);
        if (!existing) {
            return existing.error();
        }
        if (existing->has_value()) {
            auto found = element(**existing);
            if (!found) {
                return found.error();
            }
            if (found->has_value()) {
                return **found;
            }
        }
    }
    Element e = definition;
    e.id = newId();
    auto q = m_db.prepare(QStringLiteral(
        "INSERT INTO elements (id, name, image_url, width, height, is_static, seed_key) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q->addBindValue(e.id);
    q->addBindValue(e.name.isNull() ? QString(QLatin1String("")) : e.name); // NOT NULL, may be empty
    q->addBindValue(e.imageUrl);
    q->addBindValue(e.width);
    q->addBindValue(e.height);
    q->addBindValue(e.isStatic);
    q->addBindValue(nullableText(seedKey));
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    return e;
}

Result<Element> CatalogRepository::updateElement(const QString &id, const ElementChanges &changes)
{
    auto found = element(id);
    if (!found) {
        return found.error();
    }
    if (!found->has_value()) {
        return Error::notFound(QStringLiteral("No element with id %1").arg(id));
    }
    Transaction tx(m_db);
    if (!tx.isActive()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    Element e = **found;
    e.name = changes.name.value_or(e.name);
    e.imageUrl = changes.imageUrl.value_or(e.imageUrl);
    e.width = changes.width.value_or(e.width);
    e.height = changes.height.value_or(e.height);
    e.isStatic = changes.isStatic.value_or(e.isStatic);
    auto q = m_db.prepare(QStringLiteral(
        "UPDATE elements SET name = ?, image_url = ?, width = ?, height = ?, is_static = ? WHERE id = ?"));
    q->addBindValue(e.name.isNull() ? QString(QLatin1String("")) : e.name);
    q->addBindValue(e.imageUrl);
    q->addBindValue(e.width);
    q->addBindValue(e.height);
    q->addBindValue(e.isStatic);
    q->addBindValue(e.id);
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    // Every space that shows this element changed too.
    auto bump = m_db.prepare(QStringLiteral("UPDATE spaces SET revision = revision + 1 WHERE id IN "
                                            "(SELECT space_id FROM space_elements WHERE element_id = ?)"));
    bump->addBindValue(e.id);
    if (auto status = m_db.exec(*bump); !status) {
        return std::move(status).error();
    }
    if (auto status = tx.commit(); !status) {
        return std::move(status).error();
    }
    return e;
}

} // namespace Metaverse
