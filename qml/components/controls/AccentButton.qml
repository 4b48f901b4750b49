// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import Metaverse

// A button in the Theme: "accent" (the main action), "neutral" or "danger"; "flat" for toolbars.
Button {
    id: control

    property string tone: "neutral"
    property bool busy: false

    // Disabled buttons of every tone look alike: the muted text on the neutral fill, which stays
    // readable in both themes (a dimmed accent fill with dimmed text did not, in dark mode).
    readonly property color fillColor: !enabled ? Theme.surfaceAlt
                                     : tone === "accent" ? Theme.accent
                                     : tone === "danger" ? Theme.danger : Theme.surfaceAlt
    readonly property color labelColor: !enabled ? Theme.textMuted
                                      : (control.flat || control.tone === "neutral") ? Theme.text : Theme.accentText

    implicitHeight: Theme.controlHeight
    leftPadding: Theme.spacingL
    rightPadding: Theme.spacingL
    font.pixelSize: Theme.fontBody
    font.weight: tone === "neutral" ? Font.Normal : Font.DemiBold
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

    contentItem: BusyLabel {
        text: control.text
        font: control.font
        color: control.labelColor
        busy: control.busy
    }

    background: Rectangle {
        radius: Theme.radiusSmall
        color: control.flat ? (control.hovered || control.down ? Theme.surfaceAlt : "transparent")
                            : control.down ? Qt.darker(control.fillColor, 1.15)
                            : control.hovered ? Qt.lighter(control.fillColor, 1.08) : control.fillColor
        border.width: control.visualFocus ? Theme.focusWidth : (control.tone === "neutral" && !control.flat ? 1 : 0)
        border.color: control.visualFocus ? Theme.focus : Theme.border

        Behavior on color {
            ColorAnimation { duration: Theme.durationShort }
        }
    }
}
