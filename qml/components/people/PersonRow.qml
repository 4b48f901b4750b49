// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// One person in the people panel: avatar, name, status (a dot on the avatar and its words),
// "locate" (a click on the row; a button on one's own), "message", "go to", and for moderators a menu (kick, ban, mute) that the panel acts on.
RowDelegate {
    id: root

    required property string userId
    required property string username
    required property url avatarUrl
    required property int tileX
    required property int tileY
    required property bool isSelf
    required property string status
    // The panel's: whether the signed-in user may moderate this space.
    property bool canModerate: false
    // The moderation menu (its entries live in the window's overlay while open).
    readonly property alias moderationMenu: moderationMenu
    // In words: the dot's colour alone is not enough.
    readonly property string statusLabel: status === "busy" ? qsTr("Busy")
                                         : status === "away" ? qsTr("Away") : qsTr("Available")

    // "Locate" and "go to": the panel acts on the space it shows.
    signal locateRequested(string userId)
    signal goToRequested(string userId)
    signal kickRequested(string userId, string username)
    signal banRequested(string userId, string username)
    signal muteRequested(string userId, string username)
    signal messageRequested(string userId)

    objectName: "person:" + username
    width: ListView.view ? ListView.view.width : implicitWidth
    padding: Theme.spacingS
    Accessible.role: Accessible.ListItem
    Accessible.name: isSelf ? qsTr("You, %1, at %2, %3").arg(statusLabel).arg(tileX).arg(tileY)
                            : qsTr("%1, %2, at %3, %4").arg(username).arg(statusLabel).arg(tileX).arg(tileY)
    onClicked: root.locateRequested(root.userId)
    Keys.onReturnPressed: {
        if (!root.isSelf)
            root.goToRequested(root.userId)
    }

    background: Rectangle {
        radius: Theme.radiusSmall
        color: root.hovered ? Theme.surfaceAlt : "transparent"
        border.width: root.visualFocus ? Theme.focusWidth : 0
        border.color: Theme.focus
    }

    contentItem: RowLayout {
        spacing: Theme.spacingS

        AvatarBadge {
            size: 30
            source: root.avatarUrl
            name: root.username

            StatusDot {
                objectName: "statusDot:" + root.username
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                anchors.rightMargin: -2
                anchors.bottomMargin: -2
                size: 12
                status: root.status
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0

            Label {
                Layout.fillWidth: true
                Layout.minimumWidth: 56
                text: root.isSelf ? qsTr("%1 (you)").arg(root.username) : root.username
                color: Theme.text
                elide: Text.ElideRight
                font.pixelSize: Theme.fontBody
                font.weight: root.isSelf ? Font.DemiBold : Font.Normal
            }

            Label {
                objectName: "statusText:" + root.username
                Layout.fillWidth: true
                text: root.statusLabel
                color: Theme.textMuted
                elide: Text.ElideRight
                font.pixelSize: Theme.fontCaption
            }
        }

        // Clicking (or pressing) someone else's row locates them: their row keeps its width for
        // the name and Message, Go to and the moderation menu.
        TextButton {
            objectName: "locate:" + root.username
            visible: root.isSelf
            text: qsTr("Locate")
            Accessible.name: qsTr("Show %1 on the map").arg(root.username)
            onClicked: root.locateRequested(root.userId)
        }

        TextButton {
            objectName: "directMessage:" + root.username
            visible: !root.isSelf
            text: qsTr("Message")
            Accessible.name: qsTr("Send %1 a direct message").arg(root.username)
            onClicked: root.messageRequested(root.userId)
        }

        TextButton {
            objectName: "goTo:" + root.username
            visible: !root.isSelf
            text: qsTr("Go to")
            Accessible.name: qsTr("Walk to %1").arg(root.username)
            onClicked: root.goToRequested(root.userId)
        }

        TextButton {
            objectName: "moderate:" + root.username
            visible: root.canModerate && !root.isSelf
            text: "⋯"
            Accessible.name: qsTr("Moderate %1").arg(root.username)
            onClicked: moderationMenu.popup(root.width - moderationMenu.width, root.height)
        }
    }

    Menu {
        id: moderationMenu

        objectName: "moderationMenu:" + root.username

        MenuItem {
            objectName: "kick:" + root.username
            text: qsTr("Kick out")
            Accessible.name: qsTr("Kick %1 out of the space").arg(root.username)
            Accessible.onPressAction: triggered()
            onTriggered: root.kickRequested(root.userId, root.username)
        }

        MenuItem {
            objectName: "ban:" + root.username
            text: qsTr("Ban…")
            Accessible.name: qsTr("Ban %1 from the space").arg(root.username)
            Accessible.onPressAction: triggered()
            onTriggered: root.banRequested(root.userId, root.username)
        }

        MenuItem {
            objectName: "mute:" + root.username
            text: qsTr("Mute in chat…")
            Accessible.name: qsTr("Mute %1 in the chat").arg(root.username)
            Accessible.onPressAction: triggered()
            onTriggered: root.muteRequested(root.userId, root.username)
        }
    }
}
