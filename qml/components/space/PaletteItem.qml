// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// One catalogue element in the edit palette: sprite, name, size and whether it blocks the way.
RowDelegate {
    id: root

    required property string elementId
    required property string name
    required property url imageUrl
    required property int tileWidth
    required property int tileHeight
    required property bool isStatic
    // The picked one: a role of the palette model, so the row needs no session.
    required property bool selected
    // The seeded catalogue's names in the user's language (others as the server has them).
    readonly property string shownName: qsTranslate("Catalogue", name)

    // Pick it for placing (or drop the pick): the panel acts on its palette.
    signal pickRequested(string elementId)

    objectName: "paletteItem:" + name
    width: ListView.view ? ListView.view.width : implicitWidth
    padding: Theme.spacingXs
    highlighted: selected
    onClicked: root.pickRequested(root.elementId)
    Accessible.role: Accessible.ListItem
    Accessible.name: isStatic ? qsTr("%1, %2 by %3 tiles, blocks the way").arg(shownName).arg(tileWidth).arg(tileHeight)
                              : qsTr("%1, %2 by %3 tiles, movable").arg(shownName).arg(tileWidth).arg(tileHeight)

    background: Rectangle {
        radius: Theme.radiusSmall
        color: root.selected ? Theme.surfaceAlt : root.hovered ? Theme.background : "transparent"
        border.width: root.selected || root.visualFocus ? Theme.focusWidth : 0
        border.color: root.visualFocus ? Theme.focus : Theme.accent
    }

    contentItem: RowLayout {
        spacing: Theme.spacingS

        Image {
            Layout.preferredWidth: 32
            Layout.preferredHeight: 32
            source: root.imageUrl
            sourceSize.width: 32
            sourceSize.height: 32
            fillMode: Image.PreserveAspectFit
            asynchronous: true
        }

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0

            Label {
                Layout.fillWidth: true
                text: root.shownName
                color: Theme.text
                elide: Text.ElideRight
                font.pixelSize: Theme.fontBody
            }

            Label {
                Layout.fillWidth: true
                text: root.isStatic ? qsTr("%1×%2 · blocks the way").arg(root.tileWidth).arg(root.tileHeight)
                                    : qsTr("%1×%2 · movable").arg(root.tileWidth).arg(root.tileHeight)
                color: root.isStatic ? Theme.textMuted : Theme.success
                elide: Text.ElideRight
                font.pixelSize: Theme.fontCaption
            }
        }
    }
}
