// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// Asks before a ban (with an optional reason) or a mute (for how many minutes). The people panel
// opens it and acts on the answer; Escape or "Cancel" changes nothing.
AppDialog {
    id: root

    // "ban" or "mute"
    property string mode: "ban"
    property string userId: ""
    property string username: ""

    signal banConfirmed(string userId, string username, string reason)
    signal muteConfirmed(string userId, string username, int minutes)

    function openFor(what, id, name) {
        mode = what
        userId = id
        username = name
        reasonField.text = ""
        minutesBox.value = 10
        open()
    }

    title: mode === "ban" ? qsTr("Ban %1?").arg(username) : qsTr("Mute %1 in the chat").arg(username)
    width: 440
    closePolicy: Popup.CloseOnEscape
    onOpened: {
        if (mode === "ban")
            reasonField.focusField()
        else
            minutesBox.forceActiveFocus()
    }

    footer: DialogButtonBox {
        padding: Theme.spacingXl
        topPadding: 0
        alignment: Qt.AlignRight
        spacing: Theme.spacingS
        background: null

        AccentButton {
            objectName: "moderationCancelButton"
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: Dialog.RejectRole
        }

        AccentButton {
            objectName: "moderationConfirmButton"
            tone: root.mode === "ban" ? "danger" : "accent"
            text: root.mode === "ban" ? qsTr("Ban") : qsTr("Mute")
            onClicked: {
                if (root.mode === "ban")
                    root.banConfirmed(root.userId, root.username, reasonField.text)
                else
                    root.muteConfirmed(root.userId, root.username, minutesBox.value)
                root.close()
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacingM

        Label {
            Layout.fillWidth: true
            text: root.mode === "ban"
                  ? qsTr("%1 leaves the space at once, stops being a member and cannot come back or use invite links until the ban is lifted (Share, Bans).").arg(root.username)
                  : qsTr("%1 cannot send chat messages in this space until the time is up.").arg(root.username)
            color: Theme.text
            wrapMode: Text.Wrap
        }

        FormField {
            id: reasonField

            objectName: "banReasonField"
            Layout.fillWidth: true
            visible: root.mode === "ban"
            label: qsTr("Reason (optional, kept in the ban list)")
            onAccepted: confirm()

            function confirm() {
                root.banConfirmed(root.userId, root.username, reasonField.text)
                root.close()
            }
        }

        RowLayout {
            visible: root.mode === "mute"
            spacing: Theme.spacingS

            Label {
                text: qsTr("Minutes")
                color: Theme.text
            }

            SpinBox {
                id: minutesBox

                objectName: "muteMinutesBox"
                from: 1
                to: App.moderation.muteMaxMinutes
                value: 10
                editable: true
                Accessible.name: qsTr("Mute for this many minutes")
            }
        }
    }
}
