// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// Managing the chat's rooms: create one (open to the space, or private), rename or delete the
// current one, invite a member of the space to a private one. The dialog closes when the request
// goes out; what the server refuses shows in the chat panel's error banner.
AppDialog {
    id: root

    // "create", "rename", "invite" or "delete".
    property string mode: "create"
    property string roomId: ""
    property string roomName: ""

    function openFor(newMode, id, name) {
        mode = newMode
        roomId = id
        roomName = name
        textField.text = newMode === "rename" ? name : ""
        privateBox.checked = false
        App.chat.clearError()
        // The popup gives its focus scope's focused item the focus when it opens.
        if (newMode === "delete")
            confirmButton.focus = true
        else
            textField.field.focus = true
        open()
    }

    function confirm() {
        const text = textField.text.trim()
        if (mode !== "delete" && text.length === 0)
            return
        if (mode === "create")
            App.chat.createRoom(text, privateBox.checked)
        else if (mode === "rename")
            App.chat.renameRoom(roomId, text)
        else if (mode === "invite")
            App.chat.inviteToRoom(roomId, text)
        else
            App.chat.deleteRoom(roomId)
        close()
    }

    objectName: "roomDialog"
    title: mode === "create" ? qsTr("New chat room")
           : mode === "rename" ? qsTr("Rename “%1”").arg(roomName)
           : mode === "invite" ? qsTr("Invite to “%1”").arg(roomName)
           : qsTr("Delete “%1”?").arg(roomName)
    width: 420
    onOpened: {
        if (mode === "delete") {
            confirmButton.forceActiveFocus()
        } else {
            textField.focusField()
            textField.field.selectAll()
        }
    }

    footer: DialogButtonBox {
        padding: Theme.spacingXl
        topPadding: 0
        alignment: Qt.AlignRight
        spacing: Theme.spacingS
        background: null

        AccentButton {
            objectName: "roomDialogCancel"
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: Dialog.RejectRole
        }

        AccentButton {
            id: confirmButton

            objectName: "roomDialogConfirm"
            tone: root.mode === "delete" ? "danger" : "accent"
            text: root.mode === "create" ? qsTr("Create") : root.mode === "rename" ? qsTr("Rename")
                  : root.mode === "invite" ? qsTr("Invite") : qsTr("Delete")
            enabled: root.mode === "delete" || textField.text.trim().length > 0
            onClicked: root.confirm()
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacingL

        FormField {
            id: textField

            objectName: "roomDialogField"
            visible: root.mode !== "delete"
            Layout.fillWidth: true
            label: root.mode === "invite" ? qsTr("Username of a member of this space") : qsTr("Room name")
            onAccepted: root.confirm()
        }

        CheckBox {
            id: privateBox

            objectName: "roomDialogPrivate"
            visible: root.mode === "create"
            text: qsTr("Private: only people I invite")
            Accessible.name: text
            Accessible.onPressAction: toggle()
            Keys.onReturnPressed: root.confirm()
        }

        Label {
            visible: root.mode === "delete"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("The room and all its messages are deleted for everyone.")
            color: Theme.text
        }
    }
}
