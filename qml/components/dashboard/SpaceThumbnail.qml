// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import Metaverse

// A space's thumbnail in a rounded frame; its size in tiles stands in until the image is there.
Rectangle {
    id: root

    required property url source
    required property string dimensions

    radius: Theme.radius
    color: Theme.surfaceAlt
    clip: true

    Image {
        id: image

        anchors.fill: parent
        anchors.margins: 1
        source: root.source
        sourceSize.width: width * Screen.devicePixelRatio
        sourceSize.height: height * Screen.devicePixelRatio
        fillMode: Image.PreserveAspectCrop
        asynchronous: true
        Accessible.ignored: true
    }

    Label {
        anchors.centerIn: parent
        visible: image.status !== Image.Ready
        text: root.dimensions
        color: Theme.textMuted
        font.pixelSize: Theme.fontTitle
    }
}
