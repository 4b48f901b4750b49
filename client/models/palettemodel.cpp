// SPDX-License-Identifier: GPL-3.0-or-later
#include "palettemodel.h"

#include "cataloguenames.h"

#include <utility>

namespace Metaverse
{

PaletteModel::PaletteModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int PaletteModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant PaletteModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto &element = m_all.at(m_rows.at(index.row()));
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return element.name;
    case ElementIdRole:
        return element.id;
    case ImageUrlRole:
        return m_resolve ? m_resolve(element.imageUrl) : QUrl(element.imageUrl);
    case TileWidthRole:
        return element.width;
    case TileHeightRole:
        return element.height;
    case IsStaticRole:
        return element.isStatic;
    case SelectedRole:
        return !m_selected.isEmpty() && element.id == m_selected;
    default:
        return {};
    }
}

QHash<int, QByteArray> PaletteModel::roleNames() const
{
    return {{ElementIdRole, "elementId"}, {NameRole, "name"}, {ImageUrlRole, "imageUrl"}, {TileWidthRole, "tileWidth"},
        {TileHeightRole, "tileHeight"}, {IsStaticRole, "isStatic"}, {SelectedRole, "selected"}};
}

void PaletteModel::setElements(QList<Element> elements)
{
    m_all = std::move(elements);
    rebuild();
}

const Element *PaletteModel::find(const QString &elementId) const
{
    for (const auto &element : m_all) {
        if (element.id == elementId) {
            return &element;
        }
    }
    return nullptr;
}

void PaletteModel::setFilter(const QString &filter)
{
    if (filter == m_filter) {
        return;
    }
    m_filter = filter;
    rebuild();
    Q_EMIT filterChanged();
}

QString PaletteModel::idOf(const QString &name) const
{
    for (const auto &element : m_all) {
        if (element.name == name) {
            return element.id;
        }
    }
    return {};
}

QVariantMap PaletteModel::info(const QString &elementId) const
{
    const auto *element = find(elementId);
    if (!element) {
        return {};
    }
    return {{QStringLiteral("elementId"), element->id}, {QStringLiteral("name"), element->name},
        {QStringLiteral("imageUrl"), m_resolve ? m_resolve(element->imageUrl) : QUrl(element->imageUrl)},
        {QStringLiteral("width"), element->width}, {QStringLiteral("height"), element->height},
        {QStringLiteral("isStatic"), element->isStatic}};
}

void PaletteModel::setSelectedElementId(const QString &elementId)
{
    if (elementId == m_selected) {
        return;
    }
    const QString previous = std::exchange(m_selected, elementId);
    selectionChangedFor(previous);
    selectionChangedFor(m_selected);
    Q_EMIT selectedElementIdChanged();
}

void PaletteModel::selectionChangedFor(const QString &elementId)
{
    if (elementId.isEmpty()) {
        return;
    }
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_all.at(m_rows.at(row)).id == elementId) {
            const auto changed = index(row);
            Q_EMIT dataChanged(changed, changed, {SelectedRole});
            return;
        }
    }
}

void PaletteModel::toggle(const QString &elementId)
{
    setSelectedElementId(elementId == m_selected ? QString() : elementId);
}

void PaletteModel::rebuild()
{
    const auto oldCount = m_rows.size();
    const auto needle = m_filter.trimmed();
    beginResetModel();
    m_rows.clear();
    for (int i = 0; i < m_all.size(); ++i) {
        // The name as shown (translated when seeded) or as the server has it.
        const auto &name = m_all.at(i).name;
        if (needle.isEmpty() || name.contains(needle, Qt::CaseInsensitive) ||
            CatalogueNames::display(name).contains(needle, Qt::CaseInsensitive)) {
            m_rows.append(i);
        }
    }
    endResetModel();
    if (oldCount != m_rows.size()) {
        Q_EMIT countChanged();
    }
}

} // namespace Metaverse
