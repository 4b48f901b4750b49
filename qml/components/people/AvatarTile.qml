// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// One avatar in the picker's grid (the delegate of AvatarPage's GridView): the picture, the name
// and a "Current" mark. The grid's current item is the selection; a click makes this tile current.
RowDelegate {
    id: root

    required property int index
    required property string avatarId
    required property string name
    required property url imageUrl
    required property bool isCurrent

    readonly property bool focusShown: visualFocus || (GridView.view.activeFocus && GridView.isCurrentItem)

    objectName: "avatar:" + name
    width: (GridView.view as GridView).cellWidth - Theme.spacingM
    height: (GridView.view as GridView).cellHeight - Theme.spacingM
    highlighted: GridView.isCurrentItem
    Accessible.name: isCurrent ? qsTr("%1 (current avatar)").arg(name) : name
    onClicked: GridView.view.currentIndex = index

    background: Rectangle {
        radius: Theme.radius
        color: root.highlighted ? Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.14)
             : root.hovered ? Theme.surfaceAlt : Theme.surface
        border.width: root.highlighted || root.focusShown ? Theme.focusWidth : 1
        border.color: root.focusShown ? Theme.focus : root.highlighted ? Theme.accent : Theme.border
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacingXs

        Image {
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: 88
            Layout.preferredHeight: 88
            source: root.imageUrl
            sourceSize.width: 88 * Screen.devicePixelRatio
            sourceSize.height: 88 * Screen.devicePixelRatio
            fillMode: Image.PreserveAspectFit
            asynchronous: true
        }

        Label {
            Layout.fillWidth: true
            text: root.name
            color: Theme.text
            horizontalAlignment: Text.AlignHCenter
            elide: Text.ElideRight
        }

        Label {
            Layout.fillWidth: true
            visible: root.isCurrent
            text: qsTr("Current")
            color: Theme.teal
            font.pixelSize: Theme.fontCaption
            font.weight: Font.Bold
            horizontalAlignment: Text.AlignHCenter
        }
    }
}
