// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// One chat room in the room list: its name, how many people are in it and an unread badge.
RowDelegate {
    id: root

    required property string roomId
    required property string name
    required property int unread
    required property int online
    required property string kind
    property bool current: false
    // "#" for a space's rooms, a lock for private ones, "@" for a direct conversation.
    readonly property string kindName: kind === "direct" ? qsTr("Conversation with %1").arg(name)
                                      : kind === "private" ? qsTr("Private room %1").arg(name) : qsTr("Room %1").arg(name)

    objectName: "chatRoom:" + name
    implicitHeight: Theme.controlHeight
    leftPadding: Theme.spacingM
    rightPadding: Theme.spacingM
    focusPolicy: Qt.StrongFocus
    highlighted: current
    Accessible.role: Accessible.ListItem
    Accessible.name: unread > 0 ? qsTr("%1, %2 unread, %3 online").arg(kindName).arg(unread).arg(online)
                                : qsTr("%1, %2 online").arg(kindName).arg(online)
    Accessible.selected: current

    background: Rectangle {
        radius: Theme.radiusSmall
        color: root.current ? Theme.surfaceAlt : root.hovered ? Qt.lighter(Theme.surfaceAlt, 1.02) : "transparent"
        border.width: root.visualFocus ? Theme.focusWidth : 0
        border.color: Theme.focus
    }

    contentItem: RowLayout {
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: (root.kind === "direct" ? "@ " : root.kind === "private" ? "🔒 " : "# ") + root.name
            color: Theme.text
            font.pixelSize: Theme.fontBody
            font.weight: root.unread > 0 || root.current ? Font.DemiBold : Font.Normal
            elide: Text.ElideRight
        }

        Label {
            visible: root.online > 0
            text: qsTr("%1 online").arg(root.online)
            color: Theme.textMuted
            font.pixelSize: Theme.fontCaption
        }

        Label {
            objectName: "unreadBadge:" + root.name
            visible: root.unread > 0
            leftPadding: Theme.spacingS
            rightPadding: Theme.spacingS
            topPadding: 2
            bottomPadding: 2
            horizontalAlignment: Text.AlignHCenter
            text: root.unread > 99 ? "99+" : String(root.unread)
            color: Theme.accentText
            font.pixelSize: Theme.fontCaption
            font.weight: Font.DemiBold
            Accessible.ignored: true

            background: Rectangle {
                radius: height / 2
                color: Theme.accent
            }
        }
    }
}
