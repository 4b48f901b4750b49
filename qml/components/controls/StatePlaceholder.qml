// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// What a list shows instead of content: loading, empty or failed (with a retry button).
ColumnLayout {
    id: root

    property bool loading: false
    property string title: ""
    property string message: ""
    property string actionText: ""
    property bool error: false

    signal actionTriggered()

    spacing: Theme.spacingM

    BusyIndicator {
        Layout.alignment: Qt.AlignHCenter
        visible: root.loading
        running: root.loading
        Accessible.name: qsTr("Loading")
    }

    Label {
        Layout.alignment: Qt.AlignHCenter
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        visible: text.length > 0
        text: root.title
        color: root.error ? Theme.danger : Theme.text
        font.pixelSize: Theme.fontSubtitle
        font.weight: Font.DemiBold
        wrapMode: Text.Wrap
    }

    Label {
        Layout.alignment: Qt.AlignHCenter
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        visible: text.length > 0
        text: root.message
        color: Theme.textMuted
        wrapMode: Text.Wrap
    }

    AccentButton {
        objectName: root.objectName.length > 0 ? root.objectName + "Action" : ""
        Layout.alignment: Qt.AlignHCenter
        visible: root.actionText.length > 0
        tone: "accent"
        text: root.actionText
        onClicked: root.actionTriggered()
    }
}
