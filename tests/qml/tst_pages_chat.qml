// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Metaverse

// The chat panel with the real App.chat against a real server (see tst_qml.cpp), a second user
// ("chatpeer") on a test chat socket through testControl. Runs after tst_pages.qml (whose first
// sign-up makes the Admin); signs up its own user and signs out at the end.
Item {
    id: root

    width: 1280
    height: 800

    Component {
        id: panelComponent

        ChatPanel {
            width: 480
            height: 760
        }
    }

    SignalSpy {
        id: createdSpy

        target: App.spaces
        signalName: "created"
    }

    TestCase {
        id: test

        property string spaceId: ""

        name: "ChatPanel"
        when: windowShown

        function openPanel() {
            const panel = createTemporaryObject(panelComponent, root, { spaceId: test.spaceId })
            verify(panel)
            tryCompare(App.chat, "connected", true, 10000)
            tryVerify(() => App.chat.currentRoomId.length > 0 && App.chat.messages !== null, 10000)
            tryVerify(() => App.chat.rooms.count > 0)
            return panel
        }

        function messageItem(panel, text) {
            const list = findChild(panel, "messageList")
            for (let i = 0; i < list.count; ++i) {
                const item = findChild(panel, "message:" + i)
                if (item && item.text === text)
                    return item
            }
            return null
        }

        function initTestCase() {
            App.session.signUp(testServerUrl, "chatuser", "correct horse")
            tryCompare(App.session, "status", Session.SignedIn, 10000)
            App.spaces.create("Chat space", "10x10", "")
            createdSpy.wait(10000)
            test.spaceId = createdSpy.signalArguments[0][0]
            verify(test.spaceId.length > 0)
        }

        function cleanupTestCase() {
            App.session.signOut()
            compare(App.chat.connectionState, ChatSession.Disconnected)
        }

        function test_1_enterSendsAndShiftEnterAddsALine() {
            const panel = openPanel()
            const input = findChild(panel, "chatInput")
            verify(input.Accessible.name.indexOf("general") >= 0, input.Accessible.name)
            input.forceActiveFocus()
            keyClick(Qt.Key_H)
            keyClick(Qt.Key_I)
            keyClick(Qt.Key_Return, Qt.ShiftModifier)
            keyClick(Qt.Key_X)
            compare(input.text, "hi\nx")
            compare(App.chat.messages.count, 0)
            keyClick(Qt.Key_Return)
            compare(input.text, "")
            compare(App.chat.messages.count, 1)
            tryVerify(() => {
                const item = messageItem(panel, "hi\nx")
                return item !== null && item.sendState === MessageListModel.Sent
            }, 5000)
            const message = messageItem(panel, "hi\nx")
            verify(message.own)
            verify(message.Accessible.name.indexOf("chatuser") >= 0, message.Accessible.name)
            verify(message.Accessible.name.indexOf("hi") >= 0, message.Accessible.name)
            // Enter on an empty input sends nothing.
            keyClick(Qt.Key_Return)
            compare(App.chat.messages.count, 1)
        }

        function test_2_linksAreShownNotOpenedAndMarkupIsEscaped() {
            const panel = openPanel()
            verify(testControl.chatPeerJoin(test.spaceId, App.chat.currentRoomId))
            tryCompare(App.chat, "currentOnline", 2, 5000)
            const online = findChild(panel, "chatOnlineCount")
            verify(online.text.indexOf("2 online") >= 0, online.text)
            const text = "look <b>here</b>: https://example.org/x?a=1&b=2"
            verify(testControl.chatPeerSay(App.chat.currentRoomId, text))
            tryVerify(() => messageItem(panel, text) !== null, 5000)
            const message = messageItem(panel, text)
            verify(!message.own)
            compare(message.senderName, "chatpeer")
            const body = findChild(message, "messageText")
            verify(body.text.indexOf("<a href=\"https://example.org/x?a=1&b=2\">") >= 0, body.text)
            verify(body.text.indexOf("&lt;b&gt;here&lt;/b&gt;") >= 0, body.text)
            verify(body.text.indexOf("<b>") < 0, body.text)
            waitForRendering(body)
            // Shown, hovered, never opened without a click.
            mouseMove(body, body.width - 5, body.height / 2)
            compare(App.chat.openedLinks, 0)
            // A click opens it (recorded by tst_qml.cpp instead of a browser).
            let x = body.width - 1
            while (x > 0 && body.linkAt(x, body.height / 2) === "")
                --x
            verify(x > 0, "no link laid out")
            compare(body.linkAt(x, body.height / 2), "https://example.org/x?a=1&b=2")
            mouseClick(body, x, body.height / 2)
            tryCompare(App.chat, "openedLinks", 1)
            compare(App.chat.lastOpenedLink, "https://example.org/x?a=1&b=2")
            // From the keyboard: Enter on the focused message.
            const list = findChild(panel, "messageList")
            list.forceActiveFocus()
            compare(list.currentIndex, list.count - 1)
            verify(message.Accessible.description.indexOf("https://example.org/x") >= 0, message.Accessible.description)
            keyClick(Qt.Key_Return)
            compare(App.chat.openedLinks, 2)
            keyClick(Qt.Key_Up)
            compare(list.currentIndex, list.count - 2)
            keyClick(Qt.Key_Return) // no link there: nothing opens
            compare(App.chat.openedLinks, 2)
        }

        function test_3_unreadBadgeInAnotherRoom() {
            const panel = openPanel()
            const roomId = testControl.createChatRoom(test.spaceId, "random")
            verify(roomId.length > 0)
            App.chat.refresh()
            tryCompare(App.chat.rooms, "count", 2, 5000)
            tryVerify(() => App.chat.isJoined(roomId), 5000)
            verify(testControl.chatPeerJoin(test.spaceId, roomId))
            verify(testControl.chatPeerSay(roomId, "over here"))
            const badge = () => findChild(panel, "unreadBadge:random")
            tryVerify(() => badge() !== null && badge().visible, 5000)
            const room = findChild(panel, "chatRoom:random")
            verify(room.Accessible.name.indexOf("1 unread") >= 0, room.Accessible.name)
            compare(App.chat.rooms.totalUnread, 1)
            // Choosing the room shows its messages and reads them.
            mouseClick(room)
            compare(App.chat.currentRoomId, roomId)
            tryVerify(() => !badge().visible)
            tryVerify(() => messageItem(panel, "over here") !== null, 5000)
            compare(App.chat.rooms.totalUnread, 0)
            // The room list works from the keyboard too.
            room.forceActiveFocus()
            keyClick(Qt.Key_Up)
            tryCompare(App.chat, "currentRoomName", "general")
        }

        function test_4_typingShowsAndFades() {
            const panel = openPanel()
            verify(testControl.chatPeerJoin(test.spaceId, App.chat.currentRoomId))
            const label = findChild(panel, "typingLabel")
            testControl.chatPeerTyping(App.chat.currentRoomId)
            tryCompare(App.chat, "typingText", "chatpeer is typing…", 5000)
            compare(label.text, "chatpeer is typing…")
            tryCompare(label, "opacity", 1)
            tryCompare(App.chat, "typingText", "", 6000)
            tryCompare(label, "opacity", 0)
            verify(App.chat.isIdle())
        }

        function test_5_lostConnectionShowsABannerAndReconnects() {
            const panel = openPanel()
            const count = App.chat.messages.count
            const banner = findChild(panel, "chatConnectionBanner")
            verify(!banner.visible)
            testControl.stopServer()
            tryCompare(App.chat, "connectionState", ChatSession.Reconnecting, 5000)
            verify(banner.visible)
            verify(banner.message.indexOf("Reconnecting") >= 0, banner.message)
            verify(testControl.startServer())
            tryCompare(App.chat, "connected", true, 15000)
            verify(!banner.visible)
            // The history came again, without duplicates.
            tryVerify(() => App.chat.isJoined(App.chat.currentRoomId), 5000)
            compare(App.chat.messages.count, count)
        }

        // New messages scroll into view while the newest is shown; a reader who scrolled up
        // stays where they are and gets a "new messages" button instead; their own message
        // always shows.
        function test_6_newMessagesFollowUnlessScrolledUp() {
            const panel = openPanel()
            const list = findChild(panel, "messageList")
            const button = findChild(panel, "newMessagesButton")
            verify(testControl.chatPeerJoin(test.spaceId, App.chat.currentRoomId))
            for (let i = 0; i < 20; ++i)
                verify(testControl.chatPeerSay(App.chat.currentRoomId, "filler " + i))
            tryVerify(() => messageItem(panel, "filler 19") !== null, 5000)
            tryVerify(() => list.contentHeight > list.height)
            tryVerify(() => list.atYEnd)
            verify(!button.visible)

            // Dragged up: the next message waits below, announced by the button.
            mouseDrag(list, list.width / 2, 40, 0, list.height - 80)
            tryVerify(() => !list.moving && !list.pinned)
            verify(!list.atYEnd)
            const at = list.contentY
            verify(testControl.chatPeerSay(App.chat.currentRoomId, "below the fold"))
            tryVerify(() => button.visible, 5000)
            compare(list.unseen, 1)
            compare(button.text, "1 new message ↓")
            compare(button.Accessible.name, "1 new message: show it")
            compare(list.contentY, at)
            mouseClick(button)
            tryVerify(() => list.atYEnd)
            verify(!button.visible)
            verify(list.pinned)

            // Scrolled up again, the user's own message brings them down.
            mouseDrag(list, list.width / 2, 40, 0, list.height - 80)
            tryVerify(() => !list.moving && !list.pinned)
            const input = findChild(panel, "chatInput")
            input.forceActiveFocus()
            keyClick(Qt.Key_O)
            keyClick(Qt.Key_K)
            keyClick(Qt.Key_Return)
            tryVerify(() => messageItem(panel, "ok") !== null, 5000)
            tryVerify(() => list.atYEnd)
            verify(!button.visible)
        }
    }
}
