// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// One invite link in the share dialog: its right, expiry and uses; copy (app or web form, when
// this app made it and knows its token) and revoke. From the keyboard, Enter copies the app link
// and Delete revokes it.
RowDelegate {
    id: row

    required property string inviteId
    required property bool canEdit
    required property date expiresAt
    required property bool expired
    required property int uses
    required property int maxUses
    required property bool usedUp
    required property string schemeLink
    required property string webLink
    readonly property string summary: (canEdit ? qsTr("Editors") : qsTr("Members")) + " · "
        + (expired ? qsTr("expired") : qsTr("expires %1").arg(expiresAt.toLocaleString(Qt.locale(App.languageCode), Locale.ShortFormat))) + " · "
        + (maxUses > 0 ? qsTr("used %1 of %2 times").arg(uses).arg(maxUses) : qsTr("used %n time(s)", "", uses))

    signal copyRequested(string inviteId, bool web)
    signal revokeRequested(string inviteId)

    objectName: "invite:" + inviteId
    width: ListView.view ? ListView.view.width : implicitWidth
    padding: Theme.spacingXs
    Accessible.role: Accessible.ListItem
    Accessible.name: qsTr("Invite link: %1").arg(summary)
    Keys.onDeletePressed: row.revokeRequested(row.inviteId)
    Keys.onReturnPressed: {
        if (row.schemeLink.length > 0)
            row.copyRequested(row.inviteId, false)
    }

    background: Rectangle {
        radius: Theme.radiusSmall
        color: row.hovered ? Theme.surfaceAlt : "transparent"
        border.width: row.visualFocus ? Theme.focusWidth : 0
        border.color: Theme.focus
    }

    // The summary above, the actions below it (long German labels fit beside each other).
    contentItem: ColumnLayout {
        spacing: 0

        Label {
            Layout.fillWidth: true
            text: row.summary
            color: row.expired || row.usedUp ? Theme.textMuted : Theme.text
            wrapMode: Text.Wrap
        }

        RowLayout {
            Layout.alignment: Qt.AlignRight
            spacing: Theme.spacingS

            TextButton {
                objectName: "inviteCopyApp:" + row.inviteId
                visible: row.schemeLink.length > 0
                text: qsTr("Copy app link")
                focusPolicy: Qt.NoFocus
                onClicked: row.copyRequested(row.inviteId, false)
            }

            TextButton {
                objectName: "inviteCopyWeb:" + row.inviteId
                visible: row.webLink.length > 0
                text: qsTr("Copy web link")
                focusPolicy: Qt.NoFocus
                onClicked: row.copyRequested(row.inviteId, true)
            }

            TextButton {
                objectName: "inviteRevoke:" + row.inviteId
                text: qsTr("Revoke")
                focusPolicy: Qt.NoFocus
                Accessible.name: qsTr("Revoke invite link: %1").arg(row.summary)
                onClicked: row.revokeRequested(row.inviteId)
            }
        }
    }
}
