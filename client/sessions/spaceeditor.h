// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "grid/spacelayout.h"
#include "model/space.h"
#include "protocol/space.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QVariantMap>

#include <functional>

namespace Metaverse
{

class PaletteModel;
class PlacedElementModel;

// Edit mode in a space: whether the user may edit, what the ghost may show as placeable, and the
// edit operations, sent over the space socket. Everyone, the editor included, sees an edit when
// the server broadcasts it (SpaceSession keeps the elements); the editor remembers its own
// placements for undo and shows the server's refusals. SpaceSession owns it.
class SpaceEditor : public QObject
{
    Q_OBJECT

public:
    using Sender = std::function<void(const SpaceProtocol::ClientMessage &)>;
    using UrlResolver = std::function<QUrl(const QString &)>;

    // The models and the layout belong to the session and outlive the editor.
    SpaceEditor(const PaletteModel *palette, const PlacedElementModel *elements, const SpaceLayout *layout, Sender send,
        UrlResolver resolve, QObject *parent = nullptr);

    [[nodiscard]] bool canEdit() const { return m_canEdit; }
    void setCanEdit(bool canEdit);
    [[nodiscard]] bool canUndo() const { return !m_undo.isEmpty(); }
    [[nodiscard]] QString editError() const { return m_editError; }
    void setEditError(const QString &message);
    // Edits go out only while joined.
    void setJoined(bool joined) { m_joined = joined; }

    // common's Placement rule (grid/placement.h), the one the server enforces: the ghost shows
    // as illegal exactly what the server refuses.
    [[nodiscard]] bool canPlace(const QString &elementId, int x, int y) const;
    [[nodiscard]] bool canMoveElement(const QString &placedId, int x, int y) const;
    [[nodiscard]] QVariantMap elementInfo(const QString &placedId) const;
    bool placeElement(const QString &elementId, int x, int y);
    bool moveElement(const QString &placedId, int x, int y);
    bool removeElement(const QString &placedId);
    bool undoPlacement();

    // What the session saw on the socket.
    void elementPlaced(const SpaceElement &element);
    void elementRemoved(const QString &placedId);
    void serverError(const QString &code, const QString &message);
    // The space was read again: undo only what is still there.
    void pruneUndo();
    // Placements in flight will not be answered (the connection is gone).
    void forgetPending() { m_pendingPlacements.clear(); }
    // Leaving the space.
    void clear();

Q_SIGNALS:
    void canEditChanged();
    void canUndoChanged();
    void editErrorChanged();

private:
    struct PendingPlacement {
        QString elementId;
        Point position;
    };

    const PaletteModel *m_palette; // not owned
    const PlacedElementModel *m_elements; // not owned
    const SpaceLayout *m_layout; // not owned
    Sender m_send;
    UrlResolver m_resolve;
    bool m_canEdit = false;
    bool m_joined = false;
    QList<PendingPlacement> m_pendingPlacements;
    QList<QString> m_undo; // ids of elements this session placed, last on top
    QString m_editError;
};

} // namespace Metaverse
