// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Metaverse

// Room management in the chat panel with the real App.chat against a real server (see
// tst_qml.cpp): an owner creates a private room with the keyboard, renames it, invites a member,
// mutes it, deletes a message ("Message removed") and the room; opens the direct conversation with
// the member. Signs up "roompeer" (a member) and "roomowner"; signs out at the end.
Item {
    id: root

    width: 1280
    height: 800

    Component {
        id: panelComponent

        ChatPanel {
            width: 480
            height: 760
            canEditSpace: true
            canManageSpace: true
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
        property string peerId: ""

        name: "ChatRooms"
        when: windowShown

        function openPanel() {
            const panel = createTemporaryObject(panelComponent, root, { spaceId: test.spaceId })
            verify(panel)
            tryCompare(App.chat, "connected", true, 10000)
            tryVerify(() => App.chat.currentRoomId.length > 0 && App.chat.messages !== null, 10000)
            return panel
        }

        function roomIndex(name) {
            const rooms = App.chat.rooms
            for (let i = 0; i < rooms.count; ++i) {
                if (rooms.data(rooms.index(i, 0), ChatRoomListModel.NameRole) === name)
                    return i
            }
            return -1
        }

        // A click once the button can take it: shown, enabled, and laid out in a rendered frame
        // (a button that has just appeared may still be moving when the machine is busy).
        function press(item) {
            tryVerify(() => item.visible && item.enabled)
            waitForRendering(item)
            mouseClick(item)
        }

        function typeText(text) {
            for (const c of text)
                keyClick(c)
        }

        function initTestCase() {
            App.session.signUp(testServerUrl, "roompeer", "correct horse")
            tryCompare(App.session, "status", Session.SignedIn, 10000)
            App.session.signOut()
            tryCompare(App.session, "status", Session.SignedOut)
            App.session.signUp(testServerUrl, "roomowner", "correct horse")
            tryCompare(App.session, "status", Session.SignedIn, 10000)
            App.spaces.create("Rooms space", "10x10", "")
            createdSpy.wait(10000)
            test.spaceId = createdSpy.signalArguments[0][0]
            verify(test.spaceId.length > 0)
            App.sharing.open(test.spaceId)
            tryCompare(App.sharing, "state", LoadState.Ready, 5000)
            App.sharing.add("roompeer", false)
            tryCompare(App.sharing.members, "count", 1, 5000)
            const members = App.sharing.members
            test.peerId = members.data(members.index(0, 0), MemberListModel.UserIdRole)
            verify(test.peerId.length > 0)
        }

        function cleanupTestCase() {
            App.session.signOut()
        }

        function test_1_createRenameInviteMuteAndDelete() {
            const panel = openPanel()
            // The general room can be neither renamed nor deleted; it can be muted.
            compare(App.chat.currentRoomName, "general")
            const rename = findChild(panel, "renameRoomButton")
            const remove = findChild(panel, "deleteRoomButton")
            const invite = findChild(panel, "inviteRoomButton")
            const leave = findChild(panel, "leaveRoomButton")
            verify(!rename.visible && !remove.visible && !invite.visible && !leave.visible)

            // New room, by keyboard: a name, Space ticks "private", Enter creates.
            const create = findChild(panel, "newRoomButton")
            verify(create.visible)
            compare(create.Accessible.name, "Create a chat room")
            press(create)
            const dialog = findChild(panel, "roomDialog")
            tryCompare(dialog, "opened", true)
            const field = findChild(dialog, "roomDialogField")
            tryVerify(() => field.field.activeFocus)
            typeText("plans")
            const privateBox = findChild(dialog, "roomDialogPrivate")
            privateBox.forceActiveFocus()
            keyClick(Qt.Key_Space)
            verify(privateBox.checked)
            keyClick(Qt.Key_Return)
            tryCompare(dialog, "visible", false)
            tryCompare(App.chat, "currentRoomName", "plans", 5000)
            compare(App.chat.currentRoomKind, "private")
            verify(roomIndex("plans") >= 0)
            // Its owner manages it and cannot leave it.
            tryVerify(() => rename.visible && remove.visible && invite.visible)
            verify(!leave.visible)

            // Rename.
            compare(rename.Accessible.name, "Rename #plans")
            press(rename)
            tryCompare(dialog, "opened", true)
            tryVerify(() => field.field.activeFocus)
            compare(field.text, "plans")
            field.field.selectAll()
            typeText("big plans")
            keyClick(Qt.Key_Return)
            tryCompare(App.chat, "currentRoomName", "big plans", 5000)
            verify(roomIndex("plans") < 0)

            // Invite the member.
            press(invite)
            tryCompare(dialog, "opened", true)
            tryVerify(() => field.field.activeFocus)
            typeText("roompeer")
            press(findChild(dialog, "roomDialogConfirm"))
            tryCompare(dialog, "visible", false)
            compare(App.chat.errorMessage, "")

            // A refused invitation is said in the panel.
            press(invite)
            tryCompare(dialog, "opened", true)
            typeText("nobody-at-all")
            keyClick(Qt.Key_Return)
            tryVerify(() => App.chat.errorMessage.length > 0, 5000)
            App.chat.clearError()

            // Mute: kept in the settings, per room.
            const mute = findChild(panel, "muteRoomButton")
            verify(!mute.checked)
            press(mute)
            verify(App.chat.currentRoomMuted)
            verify(App.settings.isRoomMuted(App.chat.currentRoomId))
            compare(mute.text, "Unmute")
            press(mute)
            verify(!App.settings.isRoomMuted(App.chat.currentRoomId))

            // A message of one's own, deleted: the row stays, "Message removed".
            const input = findChild(panel, "chatInput")
            input.forceActiveFocus()
            typeText("oops")
            keyClick(Qt.Key_Return)
            tryVerify(() => App.chat.messages.count === 1
                      && App.chat.messages.data(App.chat.messages.index(0, 0), MessageListModel.MessageIdRole).length > 0,
                      5000)
            const list = findChild(panel, "messageList")
            list.forceActiveFocus()
            list.currentIndex = 0
            keyClick(Qt.Key_Delete)
            tryVerify(() => findChild(panel, "message:0").deleted, 5000)
            const row = findChild(panel, "message:0")
            verify(findChild(row, "messageRemoved").visible)
            verify(row.Accessible.name.indexOf("message removed") >= 0, row.Accessible.name)

            // Delete the room, after confirming.
            const roomId = App.chat.currentRoomId
            press(remove)
            tryCompare(dialog, "opened", true)
            compare(dialog.title, "Delete “big plans”?")
            // The confirmation has the focus: Space deletes.
            tryVerify(() => findChild(dialog, "roomDialogConfirm").activeFocus)
            keyClick(Qt.Key_Space)
            tryVerify(() => roomIndex("big plans") < 0, 5000)
            verify(App.chat.currentRoomId !== roomId)
        }

        function test_2_directConversation() {
            const panel = openPanel()
            App.chat.openDirect(test.peerId)
            tryCompare(App.chat, "currentRoomKind", "direct", 5000)
            compare(App.chat.currentRoomName, "roompeer")
            const first = App.chat.currentRoomId
            // Nothing to manage; the same room every time.
            verify(!findChild(panel, "renameRoomButton").visible)
            verify(!findChild(panel, "deleteRoomButton").visible)
            verify(!findChild(panel, "leaveRoomButton").visible)
            App.chat.currentRoomId = App.chat.rooms.roomIdAt(0)
            App.chat.openDirect(test.peerId)
            tryCompare(App.chat, "currentRoomId", first, 5000)
            const item = findChild(panel, "chatRoom:roompeer")
            verify(item)
            compare(item.Accessible.name.indexOf("Conversation with roompeer"), 0)
        }
    }
}
