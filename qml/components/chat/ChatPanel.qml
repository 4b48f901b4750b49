// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// The chat beside a space: its rooms and the user's direct conversations (with unread badges and
// who is there), actions on them (new room, rename, delete, invite, leave, mute: each shown only
// to who may use it), the chosen room's messages with older history on demand, who is typing,
// and the input. Everything comes from App.chat (ChatSession); this panel only shows it and
// forwards what the user does.
Rectangle {
    id: root

    // The space whose rooms are shown.
    property string spaceId: ""
    // The user may edit the space: create, rename and delete its rooms.
    property bool canEditSpace: false
    // The user manages the space (owner, Admin): may delete anyone's message in its rooms.
    property bool canManageSpace: false

    objectName: "chatPanel"
    color: Theme.surface
    border.width: 1
    border.color: Theme.border
    radius: Theme.radius
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Chat")

    // The service follows the panel: its space, whether the room is on screen (read markers) and
    // whether the window has focus (notifications otherwise).
    onSpaceIdChanged: App.chat.spaceId = spaceId
    Component.onCompleted: App.chat.spaceId = spaceId
    Component.onDestruction: {
        if (App.chat.spaceId === spaceId) {
            App.chat.viewing = false
            App.chat.spaceId = ""
        }
    }

    Binding {
        target: App.chat
        property: "viewing"
        value: root.visible && root.Window.window !== null && root.Window.window.visible
    }

    Binding {
        target: App.chat
        property: "windowActive"
        value: root.Window.active
    }

    Binding {
        target: App.chat
        property: "canEditSpace"
        value: root.canEditSpace
    }

    Binding {
        target: App.chat
        property: "canManageSpace"
        value: root.canManageSpace
    }

    RoomDialog {
        id: roomDialog
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingM
        spacing: Theme.spacingS

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            Label {
                Layout.fillWidth: true
                text: qsTr("Chat")
                color: Theme.text
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            Label {
                objectName: "chatOnlineCount"
                visible: App.chat.currentRoomId.length > 0 && App.chat.connected
                text: qsTr("%1 online in #%2").arg(App.chat.currentOnline).arg(App.chat.currentRoomName)
                color: Theme.textMuted
                font.pixelSize: Theme.fontCaption
                Accessible.name: text
            }
        }

        ErrorBanner {
            objectName: "chatConnectionBanner"
            Layout.fillWidth: true
            warning: true
            message: App.chat.connectionState === ChatSession.Reconnecting
                     ? qsTr("Connection to the chat lost. Reconnecting…") : ""
        }

        ErrorBanner {
            objectName: "chatError"
            Layout.fillWidth: true
            message: App.chat.errorMessage
            actionText: qsTr("Dismiss")
            onActionTriggered: App.chat.clearError()
        }

        ChatRoomList {
            Layout.fillWidth: true
            Layout.preferredHeight: implicitHeight
        }

        Flow {
            objectName: "roomActions"
            Layout.fillWidth: true
            spacing: Theme.spacingXs

            TextButton {
                objectName: "newRoomButton"
                visible: root.canEditSpace
                text: qsTr("New room")
                Accessible.name: qsTr("Create a chat room")
                onClicked: roomDialog.openFor("create", "", "")
            }

            TextButton {
                objectName: "renameRoomButton"
                visible: App.chat.currentRoomManageable
                text: qsTr("Rename")
                Accessible.name: qsTr("Rename #%1").arg(App.chat.currentRoomName)
                onClicked: roomDialog.openFor("rename", App.chat.currentRoomId, App.chat.currentRoomName)
            }

            TextButton {
                objectName: "inviteRoomButton"
                visible: App.chat.currentRoomInvitable
                text: qsTr("Invite")
                Accessible.name: qsTr("Invite someone to #%1").arg(App.chat.currentRoomName)
                onClicked: roomDialog.openFor("invite", App.chat.currentRoomId, App.chat.currentRoomName)
            }

            TextButton {
                objectName: "leaveRoomButton"
                visible: App.chat.currentRoomLeavable
                text: qsTr("Leave")
                Accessible.name: qsTr("Leave #%1").arg(App.chat.currentRoomName)
                onClicked: App.chat.leaveRoom(App.chat.currentRoomId)
            }

            TextButton {
                objectName: "deleteRoomButton"
                visible: App.chat.currentRoomManageable
                text: qsTr("Delete")
                Accessible.name: qsTr("Delete #%1").arg(App.chat.currentRoomName)
                onClicked: roomDialog.openFor("delete", App.chat.currentRoomId, App.chat.currentRoomName)
            }

            TextButton {
                objectName: "muteRoomButton"
                visible: App.chat.currentRoomId.length > 0
                checkable: true
                checked: App.chat.currentRoomMuted
                text: checked ? qsTr("Unmute") : qsTr("Mute")
                Accessible.name: checked ? qsTr("Unmute #%1").arg(App.chat.currentRoomName)
                                         : qsTr("Mute #%1 (mentions still notify)").arg(App.chat.currentRoomName)
                onToggled: App.chat.currentRoomMuted = checked
            }
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 1
            color: Theme.border
        }

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true

            MessageList {
                id: messages

                anchors.fill: parent
                visible: count > 0
            }

            AccentButton {
                objectName: "newMessagesButton"
                anchors.horizontalCenter: parent.horizontalCenter
                anchors.bottom: parent.bottom
                anchors.bottomMargin: Theme.spacingS
                visible: messages.visible && messages.unseen > 0
                tone: "accent"
                text: qsTr("%n new message(s) ↓", "", messages.unseen)
                Accessible.name: qsTr("%n new message(s): show them", "", messages.unseen)
                onClicked: messages.scrollToEnd()
            }

            Label {
                anchors.centerIn: parent
                width: parent.width
                visible: messages.count === 0
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: App.chat.connectionState === ChatSession.Connecting ? qsTr("Connecting to the chat…")
                      : App.chat.currentRoomId.length > 0 ? qsTr("No messages yet. Say hello!")
                      : qsTr("This space has no chat rooms.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontBody
            }
        }

        Label {
            id: typingLabel

            // Keeps the last text while it fades out.
            property string shown: ""

            objectName: "typingLabel"
            Layout.fillWidth: true
            text: shown
            opacity: App.chat.typingText.length > 0 ? 1 : 0
            color: Theme.textMuted
            font.pixelSize: Theme.fontCaption
            font.italic: true
            elide: Text.ElideRight
            Accessible.role: Accessible.StaticText
            Accessible.name: App.chat.typingText

            Connections {
                target: App.chat

                function onTypingChanged() {
                    if (App.chat.typingText.length > 0)
                        typingLabel.shown = App.chat.typingText
                }
            }

            Behavior on opacity {
                NumberAnimation { duration: Theme.durationMedium }
            }
        }

        ChatInput {
            Layout.fillWidth: true
            onSent: messages.scrollToEnd()
        }
    }
}
