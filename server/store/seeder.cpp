// SPDX-License-Identifier: GPL-3.0-or-later
#include "seeder.h"

#include "catalogrepository.h"
#include "logging.h"
#include "spacerepository.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Metaverse
{

namespace
{
QString assetUrl(const QString &file)
{
    return QStringLiteral("/assets/") + file;
}
} // namespace

Status seedDefaults(const Database &db, const QString &manifestPath)
{
    QFile file(manifestPath);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::internal(QStringLiteral("The seed manifest %1 is missing").arg(manifestPath));
    }
    auto manifest = parseJsonObject(file.readAll());
    if (!manifest) {
        return Error::internal(QStringLiteral("The seed manifest is invalid: %1").arg(manifest.error().message));
    }
    CatalogRepository catalog(db);
    SpaceRepository spaces(db);
    Transaction tx(db);
    if (!tx.isActive()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    int created = 0;
    for (const auto &value : manifest->value(QStringLiteral("avatars")).toArray()) {
        const auto o = value.toObject();
        const QString key = QStringLiteral("avatar:") + o.value(QStringLiteral("key")).toString();
        const QString name = o.value(QStringLiteral("name")).toString();
        const QString url = assetUrl(o.value(QStringLiteral("file")).toString());
        auto avatar = catalog.createAvatar(name, url, key);
        if (!avatar) {
            return avatar.error();
        }
    }
    QHash<QString, QString> elementIds;
    for (const auto &value : manifest->value(QStringLiteral("elements")).toArray()) {
        const auto o = value.toObject();
        const auto key = o.value(QStringLiteral("key")).toString();
        Element definition{{}, o.value(QStringLiteral("name")).toString(),
            assetUrl(o.value(QStringLiteral("file")).toString()), o.value(QStringLiteral("width")).toInt(1),
            o.value(QStringLiteral("height")).toInt(1), o.value(QStringLiteral("static")).toBool()};
        definition.category = o.value(QStringLiteral("category")).toString(definition.category);
        auto element = catalog.createElement(definition, QStringLiteral("element:") + key);
        if (!element) {
            return element.error();
        }
        elementIds.insert(key, element->id);
    }
    for (const auto &value : manifest->value(QStringLiteral("templates")).toArray()) {
        const auto o = value.toObject();
        const QString key = QStringLiteral("template:") + o.value(QStringLiteral("key")).toString();
        auto existing = spaces.templateIdForSeedKey(key);
        if (!existing) {
            return existing.error();
        }
        if (existing->has_value()) {
            continue;
        }
        NewSpace space;
        space.name = o.value(QStringLiteral("name")).toString();
        space.size = {o.value(QStringLiteral("width")).toInt(), o.value(QStringLiteral("height")).toInt()};
        space.thumbnail = assetUrl(o.value(QStringLiteral("thumbnail")).toString());
        space.isTemplate = true;
        space.seedKey = key;
        for (const auto &item : o.value(QStringLiteral("elements")).toArray()) {
            const auto e = item.toObject();
            const auto elementId = elementIds.value(e.value(QStringLiteral("element")).toString());
            if (elementId.isEmpty()) {
                return Error::internal(QStringLiteral("Template %1 names an unknown element").arg(key));
            }
            space.elements.append(
                {elementId, {e.value(QStringLiteral("x")).toInt(), e.value(QStringLiteral("y")).toInt()}});
        }
        auto id = spaces.create(space);
        if (!id) {
            return id.error();
        }
        ++created;
    }
    if (auto status = tx.commit(); !status) {
        return status;
    }
    if (created > 0) {
        qCInfo(lcStore) << "seeded" << created << "templates with the default avatars and elements";
    }
    return {};
}

} // namespace Metaverse
