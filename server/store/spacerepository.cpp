// SPDX-License-Identifier: GPL-3.0-or-later
#include "spacerepository.h"

#include <QVariant>

namespace Metaverse
{

namespace
{
const auto SpaceColumns =
    QStringLiteral("s.id, s.name, s.width, s.height, s.thumbnail, s.creator_id, s.is_template, s.revision, "
                   "s.max_users");

Space readSpace(const QSqlQuery &q)
{
    Space space;
    space.id = q.value(0).toString();
    space.name = q.value(1).toString();
    space.size = {q.value(2).toInt(), q.value(3).toInt()};
    space.thumbnail = q.value(4).toString();
    space.creatorId = q.value(5).toString();
    space.isTemplate = q.value(6).toBool();
    space.revision = q.value(7).toLongLong();
    if (!q.value(8).isNull()) {
        space.maxUsers = q.value(8).toInt();
    }
    return space;
}

// Columns: se.id, se.x, se.y, e.id, e.name, e.image_url, e.width, e.height, e.is_static, e.category
const auto PlacedColumns =
    QStringLiteral("se.id, se.x, se.y, e.id, e.name, e.image_url, e.width, e.height, e.is_static, e.category");

SpaceElement readPlaced(const QSqlQuery &q, int offset)
{
    SpaceElement placed;
    placed.id = q.value(offset).toString();
    placed.position = {q.value(offset + 1).toInt(), q.value(offset + 2).toInt()};
    placed.element.id = q.value(offset + 3).toString();
    placed.element.name = q.value(offset + 4).toString();
    placed.element.imageUrl = q.value(offset + 5).toString();
    placed.element.width = q.value(offset + 6).toInt();
    placed.element.height = q.value(offset + 7).toInt();
    placed.element.isStatic = q.value(offset + 8).toBool();
    placed.element.category = q.value(offset + 9).toString();
    return placed;
}
} // namespace

Status SpaceRepository::insertElements(const QString &spaceId, const QList<ElementAt> &elements)
{
    for (const auto &e : elements) {
        auto q = m_db.prepare(
            QStringLiteral("INSERT INTO space_elements (id, space_id, element_id, x, y) VALUES (?, ?, ?, ?, ?)"));
        q->addBindValue(newId());
        q->addBindValue(spaceId);
        q->addBindValue(e.elementId);
        q->addBindValue(e.position.x);
        q->addBindValue(e.position.y);
        if (auto status = m_db.exec(*q); !status) {
            return status;
        }
    }
    return {};
}

Result<QString> SpaceRepository::create(const NewSpace &space)
{
    Transaction tx(m_db);
    if (!tx.isActive()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    const auto id = newId();
    auto q =
        m_db.prepare(QStringLiteral("INSERT INTO spaces (id, name, width, height, thumbnail, creator_id, is_template, "
                                    "seed_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    q->addBindValue(id);
    q->addBindValue(space.name);
    q->addBindValue(space.size.width);
    q->addBindValue(space.size.height);
    q->addBindValue(nullableText(space.thumbnail));
    q->addBindValue(nullableText(space.creatorId));
    q->addBindValue(space.isTemplate);
    q->addBindValue(nullableText(space.seedKey));
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    if (auto status = insertElements(id, space.elements); !status) {
        return std::move(status).error();
    }
    if (!space.isTemplate) {
        auto room =
            m_db.prepare(QStringLiteral("INSERT INTO chatrooms (id, name, space_id, owner_id) VALUES (?, ?, ?, ?)"));
        room->addBindValue(newId());
        room->addBindValue(QStringLiteral("general"));
        room->addBindValue(id);
        room->addBindValue(nullableText(space.creatorId));
        if (auto status = m_db.exec(*room); !status) {
            return std::move(status).error();
        }
    }
    if (auto status = tx.commit(); !status) {
        return std::move(status).error();
    }
    return id;
}

Result<std::optional<Space>> SpaceRepository::findSummary(const QString &id)
{
    return m_db.fetchOne<Space>(
        QStringLiteral("SELECT %1 FROM spaces s WHERE s.id = ?").arg(SpaceColumns), {id}, readSpace);
}

Result<std::optional<Space>> SpaceRepository::find(const QString &id)
{
    auto summary = findSummary(id);
    if (!summary || !summary->has_value()) {
        return summary;
    }
    Space space = **summary;
    auto elements = this->elements(id);
    if (!elements) {
        return std::move(elements).error();
    }
    space.elements = std::move(elements).value();
    return std::optional<Space>(std::move(space));
}

Result<QList<SpaceElement>> SpaceRepository::elements(const QString &spaceId)
{
    return m_db.fetchAll<SpaceElement>(
        QStringLiteral("SELECT %1 FROM space_elements se JOIN elements e ON e.id = se.element_id "
                       "WHERE se.space_id = ? ORDER BY se.y, se.x, se.id")
            .arg(PlacedColumns),
        {spaceId}, [](const QSqlQuery &q) { return readPlaced(q, 0); });
}

Result<QList<SpaceElement>> SpaceRepository::staticElementsOverlapping(const QString &spaceId, const Rect &area)
{
    return m_db.fetchAll<SpaceElement>(
        QStringLiteral("SELECT %1 FROM space_elements se JOIN elements e ON e.id = se.element_id "
                       "WHERE se.space_id = ? AND e.is_static = ? AND se.x < ? AND se.x + e.width > ? "
                       "AND se.y < ? AND se.y + e.height > ? ORDER BY se.y, se.x, se.id")
            .arg(PlacedColumns),
        {spaceId, true, area.x + area.width, area.x, area.y + area.height, area.y},
        [](const QSqlQuery &q) { return readPlaced(q, 0); });
}

Result<std::optional<QString>> SpaceRepository::templateIdForSeedKey(const QString &seedKey)
{
    return m_db.fetchOne<QString>(QStringLiteral("SELECT id FROM spaces WHERE seed_key = ?"), {seedKey},
        [](const QSqlQuery &q) { return q.value(0).toString(); });
}

Status SpaceRepository::update(const QString &id, const SpaceChanges &changes)
{
    Transaction tx(m_db);
    if (!tx.isActive()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    if (changes.name) {
        auto q = m_db.prepare(QStringLiteral("UPDATE spaces SET name = ?, revision = revision + 1 WHERE id = ?"));
        q->addBindValue(*changes.name);
        q->addBindValue(id);
        if (auto status = m_db.exec(*q); !status) {
            return status;
        }
    }
    if (changes.thumbnail) {
        auto q = m_db.prepare(QStringLiteral("UPDATE spaces SET thumbnail = ?, revision = revision + 1 WHERE id = ?"));
        q->addBindValue(nullableText(*changes.thumbnail));
        q->addBindValue(id);
        if (auto status = m_db.exec(*q); !status) {
            return status;
        }
    }
    if (changes.maxUsers) {
        auto q = m_db.prepare(QStringLiteral("UPDATE spaces SET max_users = ?, revision = revision + 1 WHERE id = ?"));
        q->addBindValue(*changes.maxUsers ? QVariant(**changes.maxUsers) : QVariant(QMetaType(QMetaType::Int)));
        q->addBindValue(id);
        if (auto status = m_db.exec(*q); !status) {
            return status;
        }
    }
    return tx.commit();
}

Status SpaceRepository::replaceTemplate(const QString &id, const NewSpace &content)
{
    Transaction tx(m_db);
    if (!tx.isActive()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    auto q = m_db.prepare(
        QStringLiteral("UPDATE spaces SET name = ?, width = ?, height = ?, thumbnail = ?, revision = revision + 1 "
                       "WHERE id = ?"));
    q->addBindValue(content.name);
    q->addBindValue(content.size.width);
    q->addBindValue(content.size.height);
    q->addBindValue(nullableText(content.thumbnail));
    q->addBindValue(id);
    if (auto status = m_db.exec(*q); !status) {
        return status;
    }
    auto clear = m_db.prepare(QStringLiteral("DELETE FROM space_elements WHERE space_id = ?"));
    clear->addBindValue(id);
    if (auto status = m_db.exec(*clear); !status) {
        return status;
    }
    if (auto status = insertElements(id, content.elements); !status) {
        return status;
    }
    return tx.commit();
}

Status SpaceRepository::remove(const QString &id)
{
    // Foreign keys cascade to elements, members, rooms and messages.
    return m_db.run(QStringLiteral("DELETE FROM spaces WHERE id = ?"), {id});
}

Status SpaceRepository::bumpRevision(const QString &spaceId)
{
    return m_db.run(QStringLiteral("UPDATE spaces SET revision = revision + 1 WHERE id = ?"), {spaceId});
}

Result<SpaceElement> SpaceRepository::addElement(const QString &spaceId, const Element &element, Point position)
{
    Transaction tx(m_db);
    if (!tx.isActive()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    SpaceElement placed{newId(), position, element};
    auto q = m_db.prepare(
        QStringLiteral("INSERT INTO space_elements (id, space_id, element_id, x, y) VALUES (?, ?, ?, ?, ?)"));
    q->addBindValue(placed.id);
    q->addBindValue(spaceId);
    q->addBindValue(element.id);
    q->addBindValue(position.x);
    q->addBindValue(position.y);
    if (auto status = m_db.exec(*q); !status) {
        return std::move(status).error();
    }
    if (auto status = bumpRevision(spaceId); !status) {
        return std::move(status).error();
    }
    if (auto status = tx.commit(); !status) {
        return std::move(status).error();
    }
    return placed;
}

Result<std::optional<PlacedElementRef>> SpaceRepository::findPlaced(const QString &placedId)
{
    return m_db.fetchOne<PlacedElementRef>(
        QStringLiteral("SELECT se.space_id, %1 FROM space_elements se JOIN elements e ON e.id = "
                       "se.element_id WHERE se.id = ?")
            .arg(PlacedColumns),
        {placedId}, [](const QSqlQuery &q) {
            return PlacedElementRef{q.value(0).toString(), readPlaced(q, 1)};
        });
}

Status SpaceRepository::moveElement(const QString &spaceId, const QString &placedId, Point position)
{
    Transaction tx(m_db);
    if (!tx.isActive()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    auto q = m_db.prepare(QStringLiteral("UPDATE space_elements SET x = ?, y = ? WHERE id = ?"));
    q->addBindValue(position.x);
    q->addBindValue(position.y);
    q->addBindValue(placedId);
    if (auto status = m_db.exec(*q); !status) {
        return status;
    }
    if (auto status = bumpRevision(spaceId); !status) {
        return status;
    }
    return tx.commit();
}

Status SpaceRepository::removeElement(const QString &spaceId, const QString &placedId)
{
    Transaction tx(m_db);
    if (!tx.isActive()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    auto q = m_db.prepare(QStringLiteral("DELETE FROM space_elements WHERE id = ?"));
    q->addBindValue(placedId);
    if (auto status = m_db.exec(*q); !status) {
        return status;
    }
    if (auto status = bumpRevision(spaceId); !status) {
        return status;
    }
    return tx.commit();
}

Result<QList<SpaceMember>> SpaceRepository::members(const QString &spaceId)
{
    return m_db.fetchAll<SpaceMember>(
        QStringLiteral("SELECT m.user_id, u.username, m.can_edit FROM space_members m JOIN users u ON "
                       "u.id = m.user_id WHERE m.space_id = ? ORDER BY lower(u.username)"),
        {spaceId}, [](const QSqlQuery &q) {
            return SpaceMember{q.value(0).toString(), q.value(1).toString(), q.value(2).toBool()};
        });
}

Result<std::optional<bool>> SpaceRepository::membership(const QString &spaceId, const QString &userId)
{
    return m_db.fetchOne<bool>(QStringLiteral("SELECT can_edit FROM space_members WHERE space_id = ? AND user_id = ?"),
        {spaceId, userId}, [](const QSqlQuery &q) { return q.value(0).toBool(); });
}

Status SpaceRepository::upsertMember(const QString &spaceId, const QString &userId, bool canEdit)
{
    return m_db.run(QStringLiteral("INSERT INTO space_members (space_id, user_id, can_edit) VALUES (?, ?, ?) "
                                   "ON CONFLICT (space_id, user_id) DO UPDATE SET can_edit = excluded.can_edit"),
        {spaceId, userId, canEdit});
}

Status SpaceRepository::insertMember(const QString &spaceId, const QString &userId, bool canEdit)
{
    return m_db.run(QStringLiteral("INSERT INTO space_members (space_id, user_id, can_edit) VALUES (?, ?, ?)"),
        {spaceId, userId, canEdit});
}

Status SpaceRepository::removeMember(const QString &spaceId, const QString &userId)
{
    auto q = m_db.prepare(QStringLiteral("DELETE FROM space_members WHERE space_id = ? AND user_id = ?"));
    q->addBindValue(spaceId);
    q->addBindValue(userId);
    if (auto status = m_db.exec(*q); !status) {
        return status;
    }
    if (q->numRowsAffected() == 0) {
        return Error::notFound(QStringLiteral("That user is not a member of this space"));
    }
    return {};
}

namespace
{
Result<qint64> countOf(const Database &db, const QString &sql, const QVariantList &binds)
{
    auto n = db.fetchOne<qint64>(sql, binds, [](const QSqlQuery &q) { return q.value(0).toLongLong(); });
    if (!n) {
        return n.error();
    }
    return n->value_or(0);
}
} // namespace

Result<qint64> SpaceRepository::countOwnedBy(const QString &userId)
{
    return countOf(
        m_db, QStringLiteral("SELECT COUNT(*) FROM spaces WHERE creator_id = ? AND is_template = ?"), {userId, false});
}

Result<qint64> SpaceRepository::countElements(const QString &spaceId)
{
    return countOf(m_db, QStringLiteral("SELECT COUNT(*) FROM space_elements WHERE space_id = ?"), {spaceId});
}

Result<qint64> SpaceRepository::countMembers(const QString &spaceId)
{
    return countOf(m_db, QStringLiteral("SELECT COUNT(*) FROM space_members WHERE space_id = ?"), {spaceId});
}

} // namespace Metaverse
