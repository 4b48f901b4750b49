// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import Metaverse

// A room's messages, oldest first, kept scrolled to the newest unless the user scrolled up.
// Scrolling to the top, "Load earlier messages" or Up on the oldest message pages in older
// history. With focus, the arrow keys move between messages, which the screen reader reads.
ListView {
    id: root

    // Follow new messages while the newest one is in view.
    property bool pinned: true

    function scrollToEnd() {
        pinned = true
        positionViewAtEnd()
    }

    objectName: "messageList"
    clip: true
    spacing: Theme.spacingXs
    model: App.chat.messages
    activeFocusOnTab: true
    keyNavigationEnabled: true
    highlightFollowsCurrentItem: true
    currentIndex: -1
    boundsBehavior: Flickable.StopAtBounds
    Accessible.role: Accessible.List
    Accessible.name: qsTr("Messages in #%1").arg(App.chat.currentRoomName)

    onModelChanged: scrollToEnd()
    onCountChanged: {
        if (pinned)
            positionViewAtEnd()
    }
    onMovementEnded: pinned = atYEnd
    onAtYBeginningChanged: {
        if (atYBeginning && moving && App.chat.messages !== null && App.chat.messages.hasMore)
            App.chat.loadOlder()
    }
    // Up on the oldest message loaded pages in the ones before it.
    Keys.onUpPressed: event => {
        if (currentIndex === 0 && App.chat.messages !== null && App.chat.messages.hasMore)
            App.chat.loadOlder()
        event.accepted = false
    }
    // Enter on a message: send a failed one again, or open its first link.
    Keys.onReturnPressed: App.chat.activateMessage(currentIndex)
    Keys.onEnterPressed: App.chat.activateMessage(currentIndex)
    onActiveFocusChanged: {
        if (activeFocus && currentIndex < 0 && count > 0)
            currentIndex = count - 1
    }

    ScrollBar.vertical: ScrollBar {
        Accessible.name: qsTr("Scroll messages")
    }

    header: Item {
        width: ListView.view ? ListView.view.width : 0
        height: loadOlder.visible ? loadOlder.height + Theme.spacingS : 0

        AccentButton {
            id: loadOlder

            objectName: "loadOlderButton"
            anchors.horizontalCenter: parent.horizontalCenter
            visible: App.chat.messages !== null && App.chat.messages.hasMore
            flat: true
            busy: App.chat.messages !== null && App.chat.messages.loadingOlder
            text: qsTr("Load earlier messages")
            onClicked: App.chat.loadOlder()
        }
    }

    delegate: MessageDelegate {
        width: ListView.view.width - Theme.spacingS
        current: ListView.isCurrentItem && ListView.view.activeFocus
    }
}
