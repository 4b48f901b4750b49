// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick

// One placed element on the floor: its sprite, sized to its footprint. The sprite is rendered
// once at its tile size and cached (zoom scales the texture, it never re-renders the SVG).
Item {
    id: root

    required property string placedId
    required property string name
    required property url imageUrl
    required property int tileX
    required property int tileY
    required property int tileWidth
    required property int tileHeight
    required property bool isStatic
    required property real stackOrder
    property int tileSize: 32

    objectName: "element:" + name + ":" + tileX + "," + tileY
    x: tileX * tileSize
    y: tileY * tileSize
    z: stackOrder
    width: tileWidth * tileSize
    height: tileHeight * tileSize
    Accessible.role: Accessible.Graphic
    Accessible.name: isStatic ? qsTr("%1 at %2, %3 (blocks the way)").arg(qsTranslate("Catalogue", name)).arg(tileX).arg(tileY)
                              : qsTr("%1 at %2, %3").arg(qsTranslate("Catalogue", name)).arg(tileX).arg(tileY)

    Image {
        anchors.fill: parent
        source: root.imageUrl
        sourceSize.width: root.width
        sourceSize.height: root.height
        fillMode: Image.Stretch
        asynchronous: true
        cache: true
        smooth: true
    }
}
