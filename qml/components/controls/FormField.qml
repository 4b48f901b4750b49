// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// A labelled text field with room for the field's error message (from C++ / the server).
ColumnLayout {
    id: root

    required property string label
    property string error: ""
    property string hint: ""
    property alias text: field.text
    property alias placeholderText: field.placeholderText
    property alias echoMode: field.echoMode
    property alias field: field

    signal accepted()

    function focusField() {
        field.forceActiveFocus()
    }

    spacing: Theme.spacingXs

    Label {
        text: root.label
        color: Theme.text
        font.pixelSize: Theme.fontCaption
        font.weight: Font.DemiBold
    }

    TextField {
        id: field

        Layout.fillWidth: true
        implicitHeight: Theme.controlHeight
        color: Theme.text
        placeholderTextColor: Theme.textMuted
        selectByMouse: true
        font.pixelSize: Theme.fontBody
        Accessible.name: root.label
        Accessible.description: root.error
        onAccepted: root.accepted()

        background: Rectangle {
            radius: Theme.radiusSmall
            color: Theme.surface
            border.width: field.activeFocus || root.error.length > 0 ? Theme.focusWidth : 1
            border.color: root.error.length > 0 ? Theme.danger : field.activeFocus ? Theme.focus : Theme.border
        }
    }

    Label {
        Layout.fillWidth: true
        visible: text.length > 0
        text: root.error.length > 0 ? root.error : root.hint
        color: root.error.length > 0 ? Theme.danger : Theme.textMuted
        font.pixelSize: Theme.fontCaption
        wrapMode: Text.Wrap
    }
}
