// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// Where a message is written: Enter sends, Shift+Enter starts a new line, Tab completes the
// @mention being typed to someone in the room. Typing tells the others (App.chat limits how often).
RowLayout {
    id: root

    property alias text: input.text
    property alias input: input

    // A message went out (the list shows it, however far up its reader was).
    signal sent()

    function send() {
        if (App.chat.send(input.text).length > 0) {
            input.clear()
            root.sent()
        }
    }

    function handleReturn(event) {
        if (event.modifiers & Qt.ShiftModifier) {
            input.insert(input.cursorPosition, "\n")
        } else {
            root.send()
        }
        event.accepted = true
    }

    spacing: Theme.spacingS

    ScrollView {
        Layout.fillWidth: true
        Layout.preferredHeight: Math.min(Math.max(input.implicitHeight, Theme.controlHeight), 120)

        TextArea {
            id: input

            objectName: "chatInput"
            enabled: App.chat.currentRoomId.length > 0
            color: Theme.text
            placeholderText: enabled ? qsTr("Message #%1").arg(App.chat.currentRoomName) : ""
            placeholderTextColor: Theme.textMuted
            wrapMode: TextEdit.Wrap
            textFormat: TextEdit.PlainText
            selectByMouse: true
            font.pixelSize: Theme.fontBody
            Accessible.role: Accessible.EditableText
            Accessible.name: qsTr("Message to #%1").arg(App.chat.currentRoomName)
            Accessible.description: qsTr("Enter sends, Shift+Enter starts a new line, Tab completes an @mention")
            Keys.onReturnPressed: event => root.handleReturn(event)
            Keys.onTabPressed: event => {
                const completed = App.chat.completeMention(input.text)
                // Nothing to complete: Tab moves on as usual.
                event.accepted = completed !== input.text
                if (event.accepted) {
                    input.text = completed
                    input.cursorPosition = completed.length
                }
            }
            Keys.onEnterPressed: event => root.handleReturn(event)
            onTextChanged: {
                if (activeFocus && text.length > 0)
                    App.chat.userTyping()
            }

            background: Rectangle {
                radius: Theme.radiusSmall
                color: Theme.surface
                border.width: input.activeFocus ? Theme.focusWidth : 1
                border.color: input.activeFocus ? Theme.focus : Theme.border
            }
        }
    }

    AccentButton {
        objectName: "chatSendButton"
        Layout.alignment: Qt.AlignBottom
        tone: "accent"
        enabled: input.enabled && input.text.trim().length > 0
        text: qsTr("Send")
        Accessible.name: qsTr("Send message")
        onClicked: root.send()
    }
}
