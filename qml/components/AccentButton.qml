// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import Metaverse

// A button in the Theme: "accent" (the main action), "neutral" or "danger"; "flat" for toolbars.
Button {
    id: control

    property string tone: "neutral"
    property bool busy: false

    readonly property color fillColor: tone === "accent" ? Theme.accent : tone === "danger" ? Theme.danger : Theme.surfaceAlt
    readonly property color labelColor: (control.flat || control.tone === "neutral") ? Theme.text : Theme.accentText

    implicitHeight: Theme.controlHeight
    leftPadding: Theme.spacingL
    rightPadding: Theme.spacingL
    font.pixelSize: Theme.fontBody
    font.weight: tone === "neutral" ? Font.Normal : Font.DemiBold
    Accessible.name: text

    contentItem: Item {
        implicitWidth: label.implicitWidth + (control.busy ? spinner.width + Theme.spacingS : 0)
        implicitHeight: label.implicitHeight

        BusyIndicator {
            id: spinner

            x: Math.max(0, (parent.width - parent.implicitWidth) / 2)
            width: 18
            height: 18
            anchors.verticalCenter: parent.verticalCenter
            visible: control.busy
            running: control.busy
        }

        Text {
            id: label

            x: control.busy ? spinner.x + spinner.width + Theme.spacingS : Math.max(0, (parent.width - implicitWidth) / 2)
            width: Math.min(implicitWidth, parent.width - (control.busy ? spinner.width + Theme.spacingS : 0))
            anchors.verticalCenter: parent.verticalCenter
            text: control.text
            font: control.font
            color: control.labelColor
            opacity: control.enabled ? 1 : 0.6
            elide: Text.ElideRight
        }
    }

    background: Rectangle {
        radius: Theme.radiusSmall
        color: control.flat ? (control.hovered || control.down ? Theme.surfaceAlt : "transparent")
                            : control.down ? Qt.darker(control.fillColor, 1.15)
                            : control.hovered ? Qt.lighter(control.fillColor, 1.08) : control.fillColor
        opacity: control.enabled ? 1 : 0.55
        border.width: control.visualFocus ? Theme.focusWidth : (control.tone === "neutral" && !control.flat ? 1 : 0)
        border.color: control.visualFocus ? Theme.focus : Theme.border

        Behavior on color {
            ColorAnimation { duration: Theme.durationShort }
        }
    }
}
