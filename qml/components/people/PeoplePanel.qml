// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// Who is in the space (you first) and their status, with "locate" (centre the camera on them) and
// "go to" (walk there along the shortest path); the header sets your own status. With `moderation`
// and the right to manage the space (owners, Admins), each other person has a menu: kick, ban
// (with a reason), mute in the chat for some minutes.
Pane {
    id: root

    required property SpaceSession space
    // Null: no moderation menu.
    property SpaceModeration moderation: null
    readonly property bool canModerate: moderation !== null && space.canManage

    // "Message": the user wants the direct conversation with this person.
    signal messageRequested(string userId)

    padding: Theme.spacingM
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("People in this space")

    background: Rectangle {
        radius: Theme.radius
        color: Theme.surface
        border.width: 1
        border.color: Theme.border
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacingS

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            Label {
                Layout.fillWidth: true
                text: qsTr("People here (%1)").arg(root.space.occupants.count)
                color: Theme.text
                elide: Text.ElideRight
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
            }

            StatusPicker {
                space: root.space
                Layout.preferredWidth: 140
            }
        }

        ListView {
            objectName: "peopleList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            implicitHeight: contentHeight
            clip: true
            spacing: 2
            model: root.space.occupants
            activeFocusOnTab: true
            keyNavigationEnabled: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("People in this space")

            delegate: PersonRow {
                // (Bound here: qmllint 6.4 does not resolve the panel's id in a delegate's bindings.)
                Component.onCompleted: canModerate = Qt.binding(() => root.canModerate)
                onLocateRequested: userId => root.space.locate(userId)
                onGoToRequested: userId => root.space.goToUser(userId)
                onKickRequested: (userId, username) => {
                    root.moderation.setSpaceId(root.space.spaceId)
                    root.moderation.kick(userId, username)
                }
                onBanRequested: (userId, username) => moderationDialog.openFor("ban", userId, username)
                onMuteRequested: (userId, username) => moderationDialog.openFor("mute", userId, username)
                onMessageRequested: userId => root.messageRequested(userId)
            }
        }
    }

    ModerationDialog {
        id: moderationDialog

        objectName: "moderationDialog"
        onBanConfirmed: (userId, username, reason) => {
            root.moderation.setSpaceId(root.space.spaceId)
            root.moderation.ban(userId, username, reason)
        }
        onMuteConfirmed: (userId, username, minutes) => {
            root.moderation.setSpaceId(root.space.spaceId)
            root.moderation.mute(userId, username, minutes)
        }
    }
}
