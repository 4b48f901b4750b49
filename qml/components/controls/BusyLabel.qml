// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import Metaverse

// A button's label (AccentButton's contentItem): the text, centred and elided when too long,
// with a spinner in front of it while `busy`. The spinner exists only while busy: a hidden,
// stopped BusyIndicator kept the threaded render loop drawing frames (30-100 % CPU when idle).
Item {
    id: root

    required property string text
    required property font font
    required property color color
    property bool busy: false

    implicitWidth: label.implicitWidth + (busy ? spinner.width + Theme.spacingS : 0)
    implicitHeight: label.implicitHeight

    Loader {
        id: spinner

        x: Math.max(0, (root.width - root.implicitWidth) / 2)
        width: 18
        height: 18
        anchors.verticalCenter: root.verticalCenter
        active: root.busy
        sourceComponent: BusyIndicator {
            running: true
        }
    }

    Text {
        id: label

        x: root.busy ? spinner.x + spinner.width + Theme.spacingS : Math.max(0, (root.width - implicitWidth) / 2)
        width: Math.min(implicitWidth, root.width - (root.busy ? spinner.width + Theme.spacingS : 0))
        anchors.verticalCenter: root.verticalCenter
        text: root.text
        font: root.font
        color: root.color
        elide: Text.ElideRight
    }
}
