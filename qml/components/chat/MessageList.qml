// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import Metaverse

// A room's messages, oldest first, kept scrolled to the newest unless the user scrolled up; then
// `unseen` counts the messages that arrived below (the panel shows a "new messages" button).
// Scrolling to the top, "Load earlier messages" or Up on the oldest message pages in older
// history. With focus, the arrow keys move between messages, which the screen reader reads.
ListView {
    id: root

    // Follow new messages while the newest one is in view.
    property bool pinned: true
    // Messages that arrived below while the reader was scrolled up.
    property int unseen: 0

    function scrollToEnd() {
        pinned = true
        unseen = 0
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
    // Once the new rows are laid out (a room's history arrives in one batch, while the list is
    // still hidden for being empty), and when the list grows or shrinks.
    onCountChanged: {
        if (pinned)
            toEnd.restart()
    }
    onVisibleChanged: {
        if (visible && pinned)
            toEnd.restart()
    }
    onHeightChanged: {
        if (pinned)
            toEnd.restart()
    }
    onMovementEnded: {
        pinned = atYEnd
        if (pinned)
            unseen = 0
    }
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
    Keys.onDeletePressed: {
        const item = currentItem as MessageDelegate
        if (item !== null && item.deletable)
            App.chat.deleteMessage(item.messageId)
    }
    Keys.onEnterPressed: App.chat.activateMessage(currentIndex)
    onActiveFocusChanged: {
        if (activeFocus && currentIndex < 0 && count > 0)
            currentIndex = count - 1
    }

    // Back in the event loop, after the layout: to the newest message.
    Timer {
        id: toEnd

        interval: 0
        onTriggered: root.positionViewAtEnd()
    }

    // Appended rows (not older history, which comes in at the top) that the reader cannot see.
    Connections {
        target: root.model

        function onRowsInserted(parent, first, last) {
            if (!root.pinned && last === root.model.count - 1)
                root.unseen += last - first + 1
        }
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
        canModerate: App.chat.canModerate
    }
}
