// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/element.h"

#include <QAbstractListModel>
#include <QQmlEngine>
#include <QUrl>
#include <QVariantMap>

#include <functional>

namespace Metaverse
{

// The element catalogue (GET /api/v1/elements) for edit mode's palette, filtered by a search text
// (name, case-insensitive).
class PaletteModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The palette comes from App.space")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString filter READ filter WRITE setFilter NOTIFY filterChanged)
    // The element picked for placing ("" when none).
    Q_PROPERTY(
        QString selectedElementId READ selectedElementId WRITE setSelectedElementId NOTIFY selectedElementIdChanged)

public:
    enum Role {
        ElementIdRole = Qt::UserRole + 1,
        NameRole,
        ImageUrlRole,
        TileWidthRole,
        TileHeightRole,
        IsStaticRole,
        SelectedRole, // the picked one (selectedElementId)
    };
    Q_ENUM(Role)

    using UrlResolver = std::function<QUrl(const QString &)>;

    explicit PaletteModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setUrlResolver(UrlResolver resolve) { m_resolve = std::move(resolve); }
    void setElements(QList<Element> elements);
    [[nodiscard]] bool isEmpty() const { return m_all.isEmpty(); }
    [[nodiscard]] const Element *find(const QString &elementId) const;
    [[nodiscard]] QString filter() const { return m_filter; }
    void setFilter(const QString &filter);
    // The element's id by its name ("" when none); for tests and scripts.
    [[nodiscard]] Q_INVOKABLE QString idOf(const QString &name) const;
    // {elementId, name, imageUrl, width, height, isStatic} of a catalogue element (empty when unknown).
    [[nodiscard]] Q_INVOKABLE QVariantMap info(const QString &elementId) const;
    [[nodiscard]] QString selectedElementId() const { return m_selected; }
    void setSelectedElementId(const QString &elementId);
    // Picks the element, or drops the pick when it is the picked one.
    Q_INVOKABLE void toggle(const QString &elementId);

Q_SIGNALS:
    void countChanged();
    void filterChanged();
    void selectedElementIdChanged();

private:
    void rebuild();
    // Tells views that the row showing `elementId` changed its SelectedRole (if it is shown).
    void selectionChangedFor(const QString &elementId);

    QList<Element> m_all;
    QList<int> m_rows; // indexes into m_all that match the filter
    QString m_filter;
    QString m_selected;
    UrlResolver m_resolve;
};

} // namespace Metaverse
