// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// One person a space is shared with, in the share dialog: the name, "may edit" and "remove".
// Space (or Press) on the row changes the right, Delete removes them; the dialog acts.
RowDelegate {
    id: row

    required property string userId
    required property string username
    required property bool canEdit

    signal canEditRequested(string userId, bool canEdit)
    signal removeRequested(string userId)

    objectName: "member:" + username
    width: ListView.view ? ListView.view.width : implicitWidth
    padding: Theme.spacingXs
    Accessible.role: Accessible.ListItem
    Accessible.name: canEdit ? qsTr("%1, may edit").arg(username) : qsTr("%1, may visit").arg(username)
    onClicked: row.canEditRequested(row.userId, !row.canEdit)
    Keys.onDeletePressed: row.removeRequested(row.userId)

    background: Rectangle {
        radius: Theme.radiusSmall
        color: row.hovered ? Theme.surfaceAlt : "transparent"
        border.width: row.visualFocus ? Theme.focusWidth : 0
        border.color: Theme.focus
    }

    contentItem: RowLayout {
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: row.username
            color: Theme.text
            elide: Text.ElideRight
        }

        Switch {
            objectName: "memberCanEdit:" + row.username
            checked: row.canEdit
            text: qsTr("May edit")
            focusPolicy: Qt.NoFocus
            Accessible.name: qsTr("%1 may edit").arg(row.username)
            Accessible.onPressAction: row.canEditRequested(row.userId, !row.canEdit)
            onToggled: row.canEditRequested(row.userId, checked)
        }

        TextButton {
            objectName: "memberRemove:" + row.username
            text: qsTr("Remove")
            focusPolicy: Qt.NoFocus
            Accessible.name: qsTr("Stop sharing with %1").arg(row.username)
            onClicked: row.removeRequested(row.userId)
        }
    }
}
