// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/space.h"

#include <QAbstractListModel>
#include <QHash>
#include <QQmlEngine>
#include <QRect>
#include <QUrl>

#include <functional>

namespace Metaverse
{

// The elements placed in the space. It holds all of them, but its rows are only those whose
// footprint meets the viewport (setViewport, in tiles), so a view creates items only for what is
// on screen: a 200x200 space with thousands of elements stays a few hundred items.
class PlacedElementModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Elements come from App.space")
    // Rows: the elements in view.
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    // Every element of the space.
    Q_PROPERTY(int totalCount READ totalCount NOTIFY totalCountChanged)
    // Grows with every change to any element (bindings that ask App.space about elements use it).
    Q_PROPERTY(int revision READ revision NOTIFY elementsChanged)

public:
    enum Role {
        PlacedIdRole = Qt::UserRole + 1,
        ElementIdRole,
        NameRole,
        ImageUrlRole,
        TileXRole,
        TileYRole,
        TileWidthRole,
        TileHeightRole,
        IsStaticRole,
        StackOrderRole, // placement order: later elements are drawn on top
    };
    Q_ENUM(Role)

    using UrlResolver = std::function<QUrl(const QString &)>;

    explicit PlacedElementModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setUrlResolver(UrlResolver resolve) { m_resolve = std::move(resolve); }
    void reset(const QList<SpaceElement> &elements);
    void clear() { reset({}); }
    // Adds or replaces by placed id.
    void add(const SpaceElement &element);
    void move(const QString &id, Point position);
    void remove(const QString &id);
    [[nodiscard]] const SpaceElement *find(const QString &id) const;
    [[nodiscard]] int totalCount() const { return int(m_all.size()); }
    [[nodiscard]] int revision() const { return m_revision; }
    [[nodiscard]] const QHash<QString, SpaceElement> &all() const { return m_all; }
    // The id of the element drawn on top at the tile (the last placed), "" when none.
    [[nodiscard]] QString topmostAt(Point tile) const;

    [[nodiscard]] QRect viewport() const { return m_viewport; }
    // The tiles in view; an empty rectangle shows nothing.
    void setViewport(const QRect &tiles);

Q_SIGNALS:
    void countChanged();
    void totalCountChanged();
    // Any change to any element, in view or not (the mini-map redraws).
    void elementsChanged();

private:
    [[nodiscard]] bool inView(const SpaceElement &element) const;
    void appendRow(const QString &id);
    void removeRow(const QString &id);

    QHash<QString, SpaceElement> m_all;
    QHash<QString, quint64> m_order; // placement order, for stacking (later on top)
    quint64 m_nextOrder = 0;
    int m_revision = 0;
    QList<QString> m_rows; // ids in view
    QRect m_viewport;
    UrlResolver m_resolve;
};

} // namespace Metaverse
