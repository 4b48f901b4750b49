// SPDX-License-Identifier: GPL-3.0-or-later
#include "spaceeditor.h"

#include "grid/placement.h"
#include "models/palettemodel.h"
#include "models/placedelementmodel.h"

#include <algorithm>

namespace Metaverse
{

using namespace SpaceProtocol;

SpaceEditor::SpaceEditor(const PaletteModel *palette, const PlacedElementModel *elements, const SpaceLayout *layout,
    Sender send, UrlResolver resolve, QObject *parent)
    : QObject(parent)
    , m_palette(palette)
    , m_elements(elements)
    , m_layout(layout)
    , m_send(std::move(send))
    , m_resolve(std::move(resolve))
{
}

void SpaceEditor::setCanEdit(bool canEdit)
{
    if (canEdit == m_canEdit) {
        return;
    }
    m_canEdit = canEdit;
    Q_EMIT canEditChanged();
}

void SpaceEditor::setEditError(const QString &message)
{
    if (message == m_editError) {
        return;
    }
    m_editError = message;
    Q_EMIT editErrorChanged();
}

bool SpaceEditor::canPlace(const QString &elementId, int x, int y) const
{
    const auto *element = m_palette->find(elementId);
    return element && Placement::checkPlace(*m_layout, *element, {x, y});
}

bool SpaceEditor::canMoveElement(const QString &placedId, int x, int y) const
{
    return bool(Placement::checkMove(*m_layout, placedId, {x, y}));
}

QVariantMap SpaceEditor::elementInfo(const QString &placedId) const
{
    const auto *placed = m_elements->find(placedId);
    if (!placed) {
        return {};
    }
    return {{QStringLiteral("placedId"), placed->id}, {QStringLiteral("elementId"), placed->element.id},
        {QStringLiteral("name"), placed->element.name},
        {QStringLiteral("imageUrl"), m_resolve(placed->element.imageUrl)}, {QStringLiteral("x"), placed->position.x},
        {QStringLiteral("y"), placed->position.y}, {QStringLiteral("width"), placed->element.width},
        {QStringLiteral("height"), placed->element.height}, {QStringLiteral("isStatic"), placed->element.isStatic}};
}

bool SpaceEditor::placeElement(const QString &elementId, int x, int y)
{
    if (!m_canEdit || !m_joined || !canPlace(elementId, x, y)) {
        return false;
    }
    setEditError({});
    m_pendingPlacements.append({elementId, {x, y}});
    m_send(PlaceElement{elementId, {x, y}});
    return true;
}

bool SpaceEditor::moveElement(const QString &placedId, int x, int y)
{
    const auto *placed = m_elements->find(placedId);
    if (!m_canEdit || !m_joined || !placed || placed->position == Point{x, y} || !canMoveElement(placedId, x, y)) {
        return false;
    }
    setEditError({});
    m_send(MoveElement{placedId, {x, y}});
    return true;
}

bool SpaceEditor::removeElement(const QString &placedId)
{
    if (!m_canEdit || !m_joined || !m_elements->find(placedId)) {
        return false;
    }
    setEditError({});
    m_send(RemoveElement{placedId});
    return true;
}

bool SpaceEditor::undoPlacement()
{
    while (!m_undo.isEmpty()) {
        const auto id = m_undo.takeLast();
        if (m_elements->find(id)) {
            Q_EMIT canUndoChanged();
            return removeElement(id);
        }
    }
    Q_EMIT canUndoChanged();
    return false;
}

void SpaceEditor::elementPlaced(const SpaceElement &element)
{
    const auto mine = std::find_if(m_pendingPlacements.begin(), m_pendingPlacements.end(),
        [&](const PendingPlacement &p) { return p.elementId == element.element.id && p.position == element.position; });
    if (mine != m_pendingPlacements.end()) {
        m_pendingPlacements.erase(mine);
        m_undo.append(element.id);
        Q_EMIT canUndoChanged();
    }
}

void SpaceEditor::elementRemoved(const QString &placedId)
{
    if (m_undo.removeAll(placedId) > 0) {
        Q_EMIT canUndoChanged();
    }
}

void SpaceEditor::serverError(const QString &code, const QString &message)
{
    if (code == ErrorCodes::Forbidden) {
        setEditError(tr("You may not edit this space."));
    } else if (code == ErrorCodes::Invalid || code == ErrorCodes::NotFound) {
        setEditError(tr("The server refused the change: %1").arg(message));
    }
    // Another answer to a placement that failed: it will not come back as element-place.
    if (!m_pendingPlacements.isEmpty() && code != ErrorCodes::RateLimited) {
        m_pendingPlacements.removeFirst();
    }
}

void SpaceEditor::pruneUndo()
{
    const auto before = m_undo.size();
    m_undo.erase(
        std::remove_if(m_undo.begin(), m_undo.end(), [this](const QString &id) { return !m_elements->find(id); }),
        m_undo.end());
    if (before != m_undo.size()) {
        Q_EMIT canUndoChanged();
    }
}

void SpaceEditor::clear()
{
    m_pendingPlacements.clear();
    if (!m_undo.isEmpty()) {
        m_undo.clear();
        Q_EMIT canUndoChanged();
    }
    setEditError({});
    setCanEdit(false);
}

} // namespace Metaverse
