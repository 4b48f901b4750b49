// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// The signed-in header: app mark, navigation, the user with their avatar, settings and sign-out.
ToolBar {
    id: root

    signal dashboardRequested()
    signal avatarRequested()
    signal settingsRequested()

    implicitHeight: 64
    leftPadding: Theme.spacingXl
    rightPadding: Theme.spacingXl

    background: Rectangle {
        color: Theme.header

        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            height: 1
            color: Theme.border
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: Theme.spacingM

        Image {
            source: "qrc:/icons/metaverse.svg"
            sourceSize.width: 36 * Screen.devicePixelRatio
            sourceSize.height: 36 * Screen.devicePixelRatio
            Layout.preferredWidth: 36
            Layout.preferredHeight: 36
            Accessible.ignored: true
        }

        Label {
            text: qsTr("Metaverse")
            color: Theme.text
            font.pixelSize: Theme.fontTitle
            font.weight: Font.Bold
        }

        Item {
            Layout.preferredWidth: Theme.spacingXl
        }

        AccentButton {
            objectName: "navSpaces"
            text: qsTr("Spaces")
            flat: true
            onClicked: root.dashboardRequested()
        }

        AccentButton {
            objectName: "navAvatar"
            text: qsTr("Avatar")
            flat: true
            onClicked: root.avatarRequested()
        }

        Item {
            Layout.fillWidth: true
        }

        AvatarBadge {
            objectName: "headerAvatar"
            source: App.session.avatarUrl
            name: App.session.username
            size: 40
        }

        ColumnLayout {
            spacing: 0

            Label {
                objectName: "headerUsername"
                text: App.session.username
                color: Theme.text
                font.pixelSize: Theme.fontBody
                font.weight: Font.DemiBold
            }

            Label {
                text: App.session.isAdmin ? qsTr("Administrator") : qsTr("Member")
                color: Theme.textMuted
                font.pixelSize: Theme.fontCaption
            }
        }

        AccentButton {
            objectName: "settingsButton"
            text: qsTr("Settings")
            flat: true
            onClicked: root.settingsRequested()
        }

        AccentButton {
            objectName: "signOutButton"
            text: qsTr("Sign out")
            onClicked: App.session.signOut()
        }
    }
}
