// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import Metaverse

// A person on the floor: avatar and name. Others glide from tile to tile at the pace of a step;
// the animation ends with the step, so nothing runs while nobody moves.
Item {
    id: root

    required property string userId
    required property string username
    required property url avatarUrl
    required property int tileX
    required property int tileY
    required property bool isSelf
    property int tileSize: 32
    property int glideMs: 125

    objectName: "avatar:" + username
    x: tileX * tileSize
    y: tileY * tileSize
    z: isSelf ? 2 : 1
    width: tileSize
    height: tileSize
    Accessible.role: Accessible.Graphic
    Accessible.name: isSelf ? qsTr("You, at %1, %2").arg(tileX).arg(tileY)
                            : qsTr("%1 at %2, %3").arg(username).arg(tileX).arg(tileY)

    Behavior on x {
        enabled: root.glideMs > 0
        NumberAnimation { duration: root.glideMs }
    }
    Behavior on y {
        enabled: root.glideMs > 0
        NumberAnimation { duration: root.glideMs }
    }

    Rectangle {
        id: shadow

        readonly property color tint: root.isSelf ? Theme.coral : Theme.ink

        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: -2
        width: root.tileSize * 0.8
        height: root.tileSize * 0.25
        radius: height / 2
        // Colours with alpha rather than item opacity: the scene graph batches them.
        color: Qt.rgba(shadow.tint.r, shadow.tint.g, shadow.tint.b, 0.35)
    }

    AvatarBadge {
        anchors.centerIn: parent
        size: root.tileSize
        source: root.avatarUrl
        name: root.username
        border.width: root.isSelf ? Theme.focusWidth : 1
        border.color: root.isSelf ? Theme.coral : Theme.border
    }

    Label {
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.top
        anchors.bottomMargin: 2
        text: root.isSelf ? qsTr("%1 (you)").arg(root.username) : root.username
        color: Theme.text
        font.pixelSize: Theme.fontCaption
        font.weight: root.isSelf ? Font.DemiBold : Font.Normal
        leftPadding: Theme.spacingXs
        rightPadding: Theme.spacingXs
        background: Rectangle {
            radius: Theme.radiusSmall
            color: Qt.rgba(Theme.surface.r, Theme.surface.g, Theme.surface.b, 0.85)
        }
    }
}
