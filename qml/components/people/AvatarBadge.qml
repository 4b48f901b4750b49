// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Metaverse

// The user's avatar in a round frame, or their initial when they have none.
Rectangle {
    id: root

    required property url source
    required property string name
    property int size: 36

    implicitWidth: size
    implicitHeight: size
    radius: size / 2
    color: Theme.surfaceAlt
    border.width: 1
    border.color: Theme.border
    Accessible.role: Accessible.Graphic
    Accessible.name: qsTr("Avatar of %1").arg(name)

    Image {
        anchors.fill: parent
        anchors.margins: root.size / 10
        visible: String(root.source).length > 0
        source: root.source
        sourceSize.width: width * Screen.devicePixelRatio
        sourceSize.height: height * Screen.devicePixelRatio
        fillMode: Image.PreserveAspectFit
        smooth: true
        asynchronous: true
    }

    Text {
        anchors.centerIn: parent
        visible: String(root.source).length === 0
        text: root.name.length > 0 ? root.name.charAt(0).toUpperCase() : "?"
        color: Theme.accent
        font.pixelSize: root.size * 0.45
        font.bold: true
    }
}
