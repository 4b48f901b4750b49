// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// Who a space is shared with (for its owner or an Admin): add someone by username, with or
// without the right to edit; change that right or remove them. `sharing` (App.sharing) holds the
// members and talks to the server. Escape or Close closes it.
AppDialog {
    id: root

    required property SpaceSharing sharing
    property string spaceName: ""

    function openFor(id, name) {
        spaceName = name
        usernameField.text = ""
        canEditBox.checked = false
        sharing.open(id)
        open()
    }

    objectName: "shareDialog"
    title: qsTr("Share “%1”").arg(spaceName)
    width: 480
    closePolicy: Popup.CloseOnEscape
    onOpened: usernameField.focusField()

    Connections {
        target: root.sharing

        function onAdded() {
            usernameField.text = ""
            canEditBox.checked = false
            usernameField.focusField()
        }
    }

    footer: DialogButtonBox {
        padding: Theme.spacingXl
        topPadding: 0
        alignment: Qt.AlignRight
        background: null

        AccentButton {
            objectName: "shareCloseButton"
            text: qsTr("Close")
            DialogButtonBox.buttonRole: Dialog.RejectRole
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacingM

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            FormField {
                id: usernameField

                objectName: "shareUsernameField"
                Layout.fillWidth: true
                label: qsTr("Add someone by username")
                error: root.sharing.usernameError
                onAccepted: addButton.clicked()
            }

            AccentButton {
                id: addButton

                objectName: "shareAddButton"
                // Level with the field (the label sits above it; an error below moves nothing).
                Layout.alignment: Qt.AlignTop
                Layout.topMargin: usernameField.field.y
                tone: "accent"
                text: qsTr("Add")
                Accessible.name: canEditBox.checked ? qsTr("Add as editor") : qsTr("Add as member")
                busy: root.sharing.busy
                enabled: !root.sharing.busy && usernameField.text.trim().length > 0
                onClicked: root.sharing.add(usernameField.text, canEditBox.checked)
            }
        }

        CheckBox {
            id: canEditBox

            objectName: "shareCanEditBox"
            text: qsTr("May edit the space")
            Accessible.name: text
            Accessible.onPressAction: canEditBox.toggle()
            Keys.onReturnPressed: canEditBox.toggle()
        }

        ErrorBanner {
            objectName: "shareError"
            Layout.fillWidth: true
            message: root.sharing.errorMessage
            actionText: qsTr("Dismiss")
            onActionTriggered: root.sharing.clearError()
        }

        Label {
            text: qsTr("Shared with (%1)").arg(root.sharing.members.count)
            color: Theme.text
            font.pixelSize: Theme.fontSubtitle
            font.weight: Font.DemiBold
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }

        Label {
            objectName: "shareEmpty"
            Layout.fillWidth: true
            visible: root.sharing.members.count === 0
            text: root.sharing.state === LoadState.Loading ? qsTr("Loading…")
                                                            : qsTr("Only you so far. Add someone above.")
            color: Theme.textMuted
            wrapMode: Text.Wrap
        }

        ListView {
            id: memberList

            objectName: "shareMemberList"
            Layout.fillWidth: true
            // At least a row's height, so that the first row is made (and measured).
            Layout.preferredHeight: Math.min(Math.max(contentHeight, 48), 240)
            visible: count > 0
            clip: true
            spacing: 2
            model: root.sharing.members
            activeFocusOnTab: true
            keyNavigationEnabled: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("People this space is shared with")

            delegate: MemberRow {
                onCanEditRequested: (userId, canEdit) => root.sharing.setCanEdit(userId, canEdit)
                onRemoveRequested: userId => root.sharing.remove(userId)
            }
        }
    }
}
