// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// One banned person in the share dialog's Bans tab: name, reason and "Unban" (Delete too).
RowDelegate {
    id: row

    required property string userId
    required property string username
    required property string reason

    signal unbanRequested(string userId, string username)

    objectName: "ban:" + username
    width: ListView.view ? ListView.view.width : implicitWidth
    padding: Theme.spacingXs
    Accessible.role: Accessible.ListItem
    Accessible.name: reason.length > 0 ? qsTr("%1, banned: %2").arg(username).arg(reason) : qsTr("%1, banned").arg(username)
    Keys.onDeletePressed: row.unbanRequested(row.userId, row.username)

    background: Rectangle {
        radius: Theme.radiusSmall
        color: row.hovered ? Theme.surfaceAlt : "transparent"
        border.width: row.visualFocus ? Theme.focusWidth : 0
        border.color: Theme.focus
    }

    contentItem: RowLayout {
        spacing: Theme.spacingS

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0

            Label {
                Layout.fillWidth: true
                text: row.username
                color: Theme.text
                elide: Text.ElideRight
            }

            Label {
                Layout.fillWidth: true
                visible: row.reason.length > 0
                text: row.reason
                color: Theme.textMuted
                font.pixelSize: Theme.fontCaption
                wrapMode: Text.Wrap
            }
        }

        TextButton {
            objectName: "unban:" + row.username
            text: qsTr("Unban")
            focusPolicy: Qt.NoFocus
            Accessible.name: qsTr("Lift the ban on %1").arg(row.username)
            onClicked: row.unbanRequested(row.userId, row.username)
        }
    }
}
