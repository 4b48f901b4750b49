// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Metaverse

// Where an element would go (placing or moving in edit mode), before the click: its sprite,
// half transparent, framed in teal where it may go and in coral where it may not.
Item {
    id: root

    property url imageUrl
    property int tileX: 0
    property int tileY: 0
    property int tileWidth: 1
    property int tileHeight: 1
    property int tileSize: 32
    property bool legal: true

    x: tileX * tileSize
    y: tileY * tileSize
    width: tileWidth * tileSize
    height: tileHeight * tileSize
    Accessible.role: Accessible.Graphic
    Accessible.name: legal ? qsTr("The element fits here") : qsTr("The element cannot go here")

    Image {
        anchors.fill: parent
        source: root.imageUrl
        sourceSize.width: root.width
        sourceSize.height: root.height
        opacity: 0.55
        asynchronous: true
    }

    Rectangle {
        anchors.fill: parent
        color: root.legal ? "transparent" : Theme.danger
        opacity: root.legal ? 1 : 0.45
        border.width: Theme.focusWidth
        border.color: root.legal ? Theme.success : Theme.danger
        radius: Theme.radiusSmall / 2
    }
}
