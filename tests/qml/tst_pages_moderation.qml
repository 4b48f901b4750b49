// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Metaverse

// The people panel's moderation menu on the real space page, App.space and App.moderation against
// a real server (see tst_qml.cpp; kicks have no cooldown there), a second user ("spacepeer") on a
// test space socket through testControl: kick, mute, ban by the menu and its dialog, the notices,
// the accessible names; Share from the space page. Signs up its own user and signs out at the end.
Item {
    id: root

    width: 1280
    height: 800

    Component {
        id: spaceComponent

        SpacePage {
            anchors.fill: parent
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

        name: "Moderation"
        when: windowShown

        function initTestCase() {
            App.session.signUp(testServerUrl, "moduser", "correct horse")
            tryCompare(App.session, "status", Session.SignedIn, 10000)
            createdSpy.clear()
            App.spaces.create("Moderated room", "10x10", "")
            createdSpy.wait(10000)
            test.spaceId = createdSpy.signalArguments[0][0]
            verify(test.spaceId.length > 0)
        }

        function cleanupTestCase() {
            testControl.spacePeerLeave()
            App.session.signOut()
        }

        // Opens the person's menu; its entry `name` (the menu's items live in the window's overlay).
        function menuItem(page, name) {
            const button = findChild(page, "moderate:spacepeer")
            verify(button.visible)
            mouseClick(button)
            const menu = findChild(page, "person:spacepeer").moderationMenu
            tryCompare(menu, "opened", true)
            for (let i = 0; i < menu.count; ++i) {
                if (menu.itemAt(i).objectName === name)
                    return menu.itemAt(i)
            }
            fail("no menu entry " + name)
            return null
        }

        function test_moderationMenu() {
            const page = createTemporaryObject(spaceComponent, root, { spaceId: test.spaceId })
            tryCompare(App.space, "state", SpaceSession.Joined, 10000)
            verify(App.space.canManage)
            verify(findChild(page, "spaceShareButton").visible)
            // No menu for oneself.
            tryVerify(() => findChild(page, "person:moduser") !== null)
            verify(!findChild(page, "moderate:moduser").visible)

            verify(testControl.spacePeerJoin(test.spaceId, "available"))
            tryVerify(() => findChild(page, "person:spacepeer") !== null, 5000)
            const button = findChild(page, "moderate:spacepeer")
            compare(button.Accessible.name, "Moderate spacepeer")

            // Kick: they leave, the page says so.
            const kick = menuItem(page, "kick:spacepeer")
            compare(kick.Accessible.name, "Kick spacepeer out of the space")
            mouseClick(kick)
            tryCompare(App.moderation, "notice", "spacepeer was kicked out of the space.", 5000)
            tryVerify(() => findChild(page, "person:spacepeer") === null, 5000)
            const banner = findChild(page, "moderationBanner")
            verify(banner.visible)

            // Back (no cooldown here): mute for 30 minutes through the dialog.
            verify(testControl.spacePeerJoin(test.spaceId, "available"))
            tryVerify(() => findChild(page, "person:spacepeer") !== null, 5000)
            mouseClick(menuItem(page, "mute:spacepeer"))
            const dialog = findChild(page, "moderationDialog")
            tryCompare(dialog, "opened", true)
            compare(dialog.title, "Mute spacepeer in the chat")
            findChild(dialog, "muteMinutesBox").value = 30
            mouseClick(findChild(dialog, "moderationConfirmButton"))
            // (The English plural comes from the translation, when the test loads one.)
            tryVerify(() => App.moderation.notice.startsWith("spacepeer is muted in the chat for 30 minute"), 5000)
            verify(findChild(page, "person:spacepeer") !== null) // still there

            // Ban with a reason typed into the dialog; Enter confirms.
            mouseClick(menuItem(page, "ban:spacepeer"))
            tryCompare(dialog, "opened", true)
            compare(dialog.title, "Ban spacepeer?")
            const reason = findChild(dialog, "banReasonField")
            tryVerify(() => reason.field.activeFocus)
            for (const c of "spam")
                keyClick(c)
            keyClick(Qt.Key_Return)
            tryCompare(App.moderation, "notice", "spacepeer is banned from the space.", 5000)
            tryVerify(() => findChild(page, "person:spacepeer") === null, 5000)
            tryCompare(App.moderation.bans, "count", 1, 5000)
            verify(!testControl.spacePeerJoin(test.spaceId, "available"))
        }
    }
}
