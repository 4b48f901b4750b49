// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import Metaverse

// A small text action in a row ("Locate", "Go to"). Not an AccentButton: its hidden
// spinner's opacity animator, started when a row is created after the page, never finishes under
// the threaded render loop and kept the window rendering (30-100 % CPU while idle).
ToolButton {
    id: control

    implicitHeight: 28
    leftPadding: Theme.spacingS
    rightPadding: Theme.spacingS
    font.pixelSize: Theme.fontBody
    Accessible.name: text
    // Qt 6.4's Controls list a "Press" action on AT-SPI but do nothing with it: do what a click
    // does, so screen readers and voice control can use the button.
    Accessible.onPressAction: {
        if (control.checkable) {
            control.toggle()
            control.toggled()
        }
        control.clicked()
    }
    // Space activates a button; Enter too, as on the rows.
    Keys.onReturnPressed: control.clicked()
    Keys.onEnterPressed: control.clicked()

    contentItem: Text {
        text: control.text
        font: control.font
        color: control.enabled ? Theme.accent : Theme.textMuted
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }

    background: Rectangle {
        radius: Theme.radiusSmall
        color: control.hovered || control.down ? Theme.surfaceAlt : "transparent"
        border.width: control.visualFocus ? Theme.focusWidth : 0
        border.color: Theme.focus
    }
}
