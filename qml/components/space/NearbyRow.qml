// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// One element in the "Nearby" list: its picture and name, where it is from you in words, whether
// it blocks the way, "show" (click) and "go to" (Enter, or the button).
RowDelegate {
    id: root

    required property string placedId
    required property string name
    required property url imageUrl
    required property bool isStatic
    required property int deltaX
    required property int deltaY
    // Copies of this element nearby (this row is the nearest one).
    required property int count
    // The seeded catalogue's names in the user's language (others as the server has them).
    readonly property string shownName: qsTranslate("Catalogue", name)
    readonly property string title: count > 1 ? qsTr("%1 (%2)").arg(shownName).arg(count) : shownName
    // In words, from you to its nearest tile: "3 tiles east, 1 tile north", or "here".
    readonly property string whereText: {
        const parts = []
        if (deltaX > 0)
            parts.push(qsTr("%n tile(s) east", "", deltaX))
        else if (deltaX < 0)
            parts.push(qsTr("%n tile(s) west", "", -deltaX))
        if (deltaY > 0)
            parts.push(qsTr("%n tile(s) south", "", deltaY))
        else if (deltaY < 0)
            parts.push(qsTr("%n tile(s) north", "", -deltaY))
        return parts.length > 0 ? parts.join(qsTr(", ")) : qsTr("here")
    }
    readonly property string kindText: isStatic ? qsTr("blocks the way") : qsTr("can be walked over")

    // Show it (centre the view on it), or walk there: the panel decides how.
    signal showRequested(int deltaX, int deltaY)
    signal goToRequested(string placedId, string name)

    objectName: "nearby:" + name
    width: ListView.view ? ListView.view.width : implicitWidth
    padding: Theme.spacingS
    Accessible.role: Accessible.ListItem
    Accessible.name: count > 1 ? qsTr("%1, %2 nearby, the nearest %3, %4").arg(shownName).arg(count).arg(whereText).arg(kindText)
                               : qsTr("%1, %2, %3").arg(shownName).arg(whereText).arg(kindText)
    onClicked: root.showRequested(root.deltaX, root.deltaY)
    Keys.onReturnPressed: root.goToRequested(root.placedId, root.shownName)
    Keys.onEnterPressed: root.goToRequested(root.placedId, root.shownName)

    background: Rectangle {
        radius: Theme.radiusSmall
        color: root.hovered ? Theme.surfaceAlt : "transparent"
        border.width: root.visualFocus ? Theme.focusWidth : 0
        border.color: Theme.focus
    }

    contentItem: RowLayout {
        spacing: Theme.spacingS

        Image {
            Layout.preferredWidth: 26
            Layout.preferredHeight: 26
            source: root.imageUrl
            sourceSize.width: 52
            sourceSize.height: 52
            fillMode: Image.PreserveAspectFit
            asynchronous: true
            Accessible.ignored: true
        }

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0

            Label {
                Layout.fillWidth: true
                text: root.title
                color: Theme.text
                elide: Text.ElideRight
                font.pixelSize: Theme.fontBody
            }

            Label {
                objectName: "nearbyWhere:" + root.name
                Layout.fillWidth: true
                text: qsTr("%1 · %2").arg(root.whereText).arg(root.kindText)
                color: Theme.textMuted
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
                font.pixelSize: Theme.fontCaption
            }
        }

        TextButton {
            objectName: "nearbyGoTo:" + root.name
            text: qsTr("Go to")
            Accessible.name: qsTr("Walk to %1").arg(root.shownName)
            onClicked: root.goToRequested(root.placedId, root.shownName)
        }
    }
}
