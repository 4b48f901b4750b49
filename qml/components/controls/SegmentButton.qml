// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import Metaverse

// One choice of a segmented switch (a TabBar): the chosen one raised on the bar's fill.
TabButton {
    id: control

    Accessible.name: text
    // Qt 6.4's Controls list a "Press" action on AT-SPI but do nothing with it: choose the tab
    // as a click does, so screen readers and voice control can use it.
    Accessible.onPressAction: {
        control.checked = true
        control.clicked()
    }

    contentItem: Text {
        text: control.text
        font.pixelSize: Theme.fontBody
        font.weight: control.checked ? Font.DemiBold : Font.Normal
        color: control.checked ? Theme.text : Theme.textMuted
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }

    background: Rectangle {
        implicitHeight: Theme.controlHeight - 4
        radius: Theme.radiusSmall
        color: control.checked ? Theme.surface : "transparent"
        border.width: control.visualFocus ? Theme.focusWidth : (control.checked ? 1 : 0)
        border.color: control.visualFocus ? Theme.focus : Theme.border
    }
}
