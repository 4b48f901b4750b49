// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Metaverse

// A person's status as a coloured dot ("available", "busy" or "away", as App.space and its
// occupants name them), with the words for it in `label` (what screen readers and the text
// beside it say: the colour alone is not enough).
Rectangle {
    id: root

    property string status: "available"
    property int size: 10
    readonly property string label: status === "busy" ? qsTr("Busy")
                                   : status === "away" ? qsTr("Away") : qsTr("Available")

    implicitWidth: size
    implicitHeight: size
    radius: size / 2
    color: status === "busy" ? Theme.danger : status === "away" ? Theme.mustard : Theme.success
    border.width: 2
    border.color: Theme.surface
    Accessible.role: Accessible.Graphic
    Accessible.name: label
}
