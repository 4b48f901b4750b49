// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// Asks before deleting a space for good.
AppDialog {
    id: root

    property string spaceId: ""
    property string spaceName: ""

    function openFor(id, name) {
        spaceId = id
        spaceName = name
        App.spaces.clearActionError()
        open()
    }

    title: qsTr("Delete “%1”?").arg(spaceName)
    width: 420
    onOpened: cancelButton.forceActiveFocus()

    Connections {
        target: App.spaces

        function onRemoved() {
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
            id: cancelButton

            objectName: "deleteCancelButton"
            text: qsTr("Keep it")
            DialogButtonBox.buttonRole: Dialog.RejectRole
        }

        AccentButton {
            objectName: "deleteConfirmButton"
            tone: "danger"
            text: qsTr("Delete space")
            busy: App.spaces.busy
            enabled: !App.spaces.busy
            onClicked: App.spaces.remove(root.spaceId)
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacingL

        Label {
            Layout.fillWidth: true
            text: qsTr("The space, everything placed in it and its chat history will be deleted. This cannot be undone.")
            color: Theme.text
            wrapMode: Text.Wrap
        }

        ErrorBanner {
            Layout.fillWidth: true
            message: App.spaces.actionError
        }
    }
}
