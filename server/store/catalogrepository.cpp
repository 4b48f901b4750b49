// SPDX-License-Identifier: GPL-3.0-or-later
#include "catalogrepository.h"

#include <QVariant>

namespace Metaverse
{

namespace
{
const auto ElementColumns =
    QStringLiteral("id, name, image_url, width, height, is_static, category, retired_at IS NOT NULL");

Element readElement(const QSqlQuery &q, int offset = 0)
{
    Element e;
    e.id = q.value(offset).toString();
    e.name = q.value(offset + 1).toString();
    e.imageUrl = q.value(offset + 2).toString();
    e.width = q.value(offset + 3).toInt();
    e.height = q.value(offset + 4).toInt();
    e.isStatic = q.value(offset + 5).toBool();
    e.category = q.value(offset + 6).toString();
    e.retired = q.value(offset + 7).toBool();
    return e;
}

const auto AvatarColumns = QStringLiteral("id, name, image_url, retired_at IS NOT NULL");

Avatar readAvatar(const QSqlQuery &q)
{
    return {q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toBool()};
}

// Sets retired_at on the row `id` of `table` (elements or avatars) unless it is already set:
// NotFound when there is no such row; retiring twice is no error.
Status retire(const Database &db, const QString &table, const QString &id, const QString &what)
{
    auto q = db.prepare(
        QStringLiteral("UPDATE %1 SET retired_at = CURRENT_TIMESTAMP WHERE id = ? AND retired_at IS NULL").arg(table));
    q->addBindValue(id);
    if (auto status = db.exec(*q); !status) {
        return status;
    }
    if (q->numRowsAffected() > 0) {
        return {};
    }
    auto exists = db.fetchOne<QString>(QStringLiteral("SELECT id FROM %1 WHERE id = ?").arg(table), {id},
        [](const QSqlQuery &row) { return row.value(0).toString(); });
    if (!exists) {
        return exists.error();
    }
    if (!exists->has_value()) {
        return Error::notFound(QStringLiteral("No %1 with id %2").arg(what, id));
    }
    return {};
}
} // namespace

Result<QList<Avatar>> CatalogRepository::avatars()
{
    return m_db.fetchAll<Avatar>(
        QStringLiteral("SELECT %1 FROM avatars WHERE retired_at IS NULL ORDER BY created_at, name").arg(AvatarColumns),
        {}, readAvatar);
}

Result<std::optional<Avatar>> CatalogRepository::avatar(const QString &id)
{
    return m_db.fetchOne<Avatar>(
        QStringLiteral("SELECT %1 FROM avatars WHERE id = ?").arg(AvatarColumns), {id}, readAvatar);
}

Result<Avatar> CatalogRepository::renameAvatar(const QString &id, const QString &name)
{
    auto q = m_db.prepare(QStringLiteral("UPDATE avatars SET name = ? WHERE id = ?"));
    q->addBindValue(name);
    q->addBindValue(id);
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    auto renamed = avatar(id);
    if (!renamed) {
        return renamed.error();
    }
    if (!renamed->has_value()) {
        return Error::notFound(QStringLiteral("No avatar with id %1").arg(id));
    }
    return **renamed;
}

Status CatalogRepository::retireAvatar(const QString &id)
{
    return retire(m_db, QStringLiteral("avatars"), id, QStringLiteral("avatar"));
}

Result<Avatar> CatalogRepository::createAvatar(const QString &name, const QString &imageUrl, const QString &seedKey)
{
    if (!seedKey.isEmpty()) {
        auto q = m_db.prepare(QStringLiteral("SELECT %1 FROM avatars WHERE seed_key = ?").arg(AvatarColumns));
        q->addBindValue(seedKey);
        if (auto status = m_db.exec(*q); !status) {
            return std::move(status).error();
        }
        if (q->next()) {
            return readAvatar(*q);
        }
    }
    Avatar avatar{newId(), name, imageUrl, false};
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

Result<QList<Element>> CatalogRepository::elements(Retired retired)
{
    return m_db.fetchAll<Element>(
        QStringLiteral("SELECT %1 FROM elements %2 ORDER BY created_at, name")
            .arg(ElementColumns, retired == Retired::Include ? QString() : QStringLiteral("WHERE retired_at IS NULL")),
        {}, [](const QSqlQuery &q) { return readElement(q); });
}

Status CatalogRepository::retireElement(const QString &id)
{
    return retire(m_db, QStringLiteral("elements"), id, QStringLiteral("element"));
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
    auto q = m_db.prepare(QStringLiteral("INSERT INTO elements (id, name, image_url, width, height, is_static, "
                                         "category, seed_key) VALUES (?, ?, ?, ?, ?, "
                                         "?, ?, ?)"));
    q->addBindValue(e.id);
    q->addBindValue(e.name.isNull() ? QString(QLatin1String("")) : e.name); // NOT NULL, may be empty
    q->addBindValue(e.imageUrl);
    q->addBindValue(e.width);
    q->addBindValue(e.height);
    q->addBindValue(e.isStatic);
    q->addBindValue(e.category);
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
    e.category = changes.category.value_or(e.category);
    auto q = m_db.prepare(QStringLiteral("UPDATE elements SET name = ?, image_url = ?, width = ?, height = ?, "
                                         "is_static = ?, category = ? WHERE id = ?"));
    q->addBindValue(e.name.isNull() ? QString(QLatin1String("")) : e.name);
    q->addBindValue(e.imageUrl);
    q->addBindValue(e.width);
    q->addBindValue(e.height);
    q->addBindValue(e.isStatic);
    q->addBindValue(e.category);
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
