// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Metaverse

// The whole space in a corner: elements, people (you in coral) and the camera's frame. A click
// looks at that spot.
Rectangle {
    id: root

    required property SpaceSession space
    property rect viewRect

    implicitWidth: 180
    implicitHeight: root.space.width > 0 ? Math.max(60, Math.min(180, 180 * root.space.height / root.space.width)) : 120
    radius: Theme.radiusSmall
    color: Theme.surface
    border.width: 1
    border.color: Theme.border
    opacity: 0.95
    Accessible.role: Accessible.Graphic
    Accessible.name: qsTr("Map of the whole space")

    SpaceMiniMap {
        id: map

        objectName: "miniMapImage"
        anchors.fill: parent
        anchors.margins: Theme.spacingXs
        session: root.space
        viewRect: root.viewRect
        floorColor: Theme.surfaceAlt
        staticColor: Theme.textMuted
        dynamicColor: Theme.border
        peopleColor: Theme.blue
        selfColor: Theme.coral
        viewColor: Theme.accent
    }

    MouseArea {
        anchors.fill: map
        onClicked: (mouse) => {
            const tile = map.tileAt(mouse.x, mouse.y)
            if (tile.x >= 0)
                root.space.lookAt(tile.x, tile.y)
        }
    }
}
