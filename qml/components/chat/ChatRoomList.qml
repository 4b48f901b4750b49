// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Metaverse

// The space's chat rooms; choosing one shows its messages. Arrow keys move between rooms.
ListView {
    id: root

    objectName: "chatRoomList"
    implicitHeight: Math.min(contentHeight, Theme.controlHeight * 4)
    clip: true
    spacing: 2
    model: App.chat.rooms
    currentIndex: App.chat.rooms.indexOf(App.chat.currentRoomId)
    keyNavigationEnabled: true
    boundsBehavior: Flickable.StopAtBounds
    Accessible.role: Accessible.List
    Accessible.name: qsTr("Chat rooms")

    // The arrow keys move the current item: that room is shown.
    onCurrentIndexChanged: {
        if (activeFocus && currentIndex >= 0)
            App.chat.currentRoomId = App.chat.rooms.roomIdAt(currentIndex)
    }

    delegate: ChatRoomDelegate {
        required property int index

        width: ListView.view.width
        current: roomId === App.chat.currentRoomId
        onClicked: App.chat.currentRoomId = roomId
        // Moving with the arrow keys chooses the room, as the screen reader announces it.
        onActiveFocusChanged: {
            if (activeFocus)
                App.chat.currentRoomId = roomId
        }
    }
}
