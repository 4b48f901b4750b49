// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QQmlEngine>
#include <QRect>
#include <QSortFilterProxyModel>

namespace Metaverse
{

// The occupants whose tile is in view (setViewport, in tiles), and always the signed-in user: what
// the space view draws. People entering or leaving the view become or stop being rows as they
// move, so 200 people in a big space cost only the ones on screen.
class OccupantViewModel : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Occupants in view come from App.space")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    explicit OccupantViewModel(QObject *parent = nullptr);

    void setViewport(const QRect &tiles);
    [[nodiscard]] QRect viewport() const { return m_viewport; }

Q_SIGNALS:
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QRect m_viewport;
};

} // namespace Metaverse
