// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// Appearance and language.
AppDialog {
    id: root

    title: qsTr("Settings")
    width: 420

    footer: DialogButtonBox {
        padding: Theme.spacingXl
        topPadding: 0
        alignment: Qt.AlignRight
        spacing: Theme.spacingS
        background: null

        AccentButton {
            objectName: "settingsCloseButton"
            tone: "accent"
            text: qsTr("Close")
            DialogButtonBox.buttonRole: Dialog.AcceptRole
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacingL

        Label {
            text: qsTr("Appearance")
            color: Theme.text
            font.weight: Font.DemiBold
        }

        ComboBox {
            id: themeBox

            objectName: "themeBox"
            Layout.fillWidth: true
            textRole: "label"
            valueRole: "mode"
            model: [
                { label: qsTr("Follow the system"), mode: Settings.System },
                { label: qsTr("Light"), mode: Settings.Light },
                { label: qsTr("Dark"), mode: Settings.Dark }
            ]
            currentIndex: count > 0 ? indexOfValue(App.settings.themeMode) : -1
            Accessible.name: qsTr("Appearance")
            onActivated: App.setThemeMode(currentValue)
        }

        Label {
            text: qsTr("Language")
            color: Theme.text
            font.weight: Font.DemiBold
        }

        ComboBox {
            objectName: "languageBox"
            Layout.fillWidth: true
            textRole: "label"
            valueRole: "code"
            model: [
                { label: qsTr("System language"), code: "" },
                { label: "English", code: "en" },
                { label: "Deutsch", code: "de" }
            ]
            currentIndex: count > 0 ? indexOfValue(App.settings.language) : -1
            Accessible.name: qsTr("Language")
            onActivated: App.setLanguage(currentValue)
        }

        Label {
            Layout.fillWidth: true
            text: qsTr("Metaverse %1").arg(App.version)
            color: Theme.textMuted
            font.pixelSize: Theme.fontCaption
        }
    }
}
