// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// Renames one of the user's spaces.
AppDialog {
    id: root

    property string spaceId: ""
    property string spaceName: ""

    function openFor(id, name) {
        spaceId = id
        spaceName = name
        nameField.text = name
        App.spaces.clearActionError()
        open()
    }

    title: qsTr("Rename “%1”").arg(spaceName)
    width: 420
    onOpened: {
        nameField.focusField()
        nameField.field.selectAll()
    }

    Connections {
        target: App.spaces

        function onRenamed() {
            root.close()
        }
    }

    footer: DialogButtonBox {
        padding: Theme.spacingXl
        topPadding: 0
        alignment: Qt.AlignRight
        spacing: Theme.spacingS
        background: null

        AccentButton {
            objectName: "renameCancelButton"
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: Dialog.RejectRole
        }

        AccentButton {
            id: renameButton

            objectName: "renameConfirmButton"
            tone: "accent"
            text: qsTr("Rename")
            busy: App.spaces.busy
            enabled: !App.spaces.busy
            onClicked: App.spaces.rename(root.spaceId, nameField.text)
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacingL

        FormField {
            id: nameField

            objectName: "renameNameField"
            Layout.fillWidth: true
            label: qsTr("New name")
            error: App.spaces.nameError
            onAccepted: renameButton.clicked()
        }

        ErrorBanner {
            Layout.fillWidth: true
            message: App.spaces.actionError
        }
    }
}
