// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// Creates a space from a template or with chosen dimensions; rules are checked by App.spaces.
AppDialog {
    id: root

    property string templateId: ""
    property string templateName: ""

    function openFor(id, name) {
        templateId = id
        templateName = name
        nameField.text = name.length > 0 ? qsTr("My %1").arg(name) : ""
        dimensionsField.text = "30x20"
        App.spaces.clearActionError()
        open()
    }

    title: templateId.length > 0 ? qsTr("New space from “%1”").arg(templateName) : qsTr("New empty space")
    width: 440
    onOpened: nameField.focusField()

    Connections {
        target: App.spaces

        function onCreated() {
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
            objectName: "createCancelButton"
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: Dialog.RejectRole
        }

        AccentButton {
            id: createButton

            objectName: "createConfirmButton"
            tone: "accent"
            text: qsTr("Create space")
            busy: App.spaces.busy
            enabled: !App.spaces.busy
            onClicked: App.spaces.create(nameField.text, dimensionsField.text, root.templateId)
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacingL

        FormField {
            id: nameField

            objectName: "createNameField"
            Layout.fillWidth: true
            label: qsTr("Name")
            error: App.spaces.nameError
            onAccepted: createButton.clicked()
        }

        FormField {
            id: dimensionsField

            objectName: "createDimensionsField"
            Layout.fillWidth: true
            visible: root.templateId.length === 0
            label: qsTr("Size in tiles")
            hint: qsTr("Width × height, for example 30x20 (each side 1 to 1000).")
            error: App.spaces.dimensionsError
            onAccepted: createButton.clicked()
        }

        ErrorBanner {
            Layout.fillWidth: true
            message: App.spaces.actionError || App.spaces.mapIdError
        }
    }
}
