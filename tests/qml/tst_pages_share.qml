// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Metaverse

// The share dialog with the real App.sharing against a real server (see tst_qml.cpp): add a
// member by keyboard, the edit right, a refused username beside the field, remove, the accessible
// names, and Escape closing it; the invite links tab (create, the links, revoke) and the activity tab. Signs up "sharepeer" (to be added) and "shareowner"; signs out
// at the end.
Item {
    id: root

    width: 1280
    height: 800

    Component {
        id: dialogComponent

        ShareDialog {
            sharing: App.sharing
            moderation: App.moderation
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

        name: "ShareDialog"
        when: windowShown

        function initTestCase() {
            App.session.signUp(testServerUrl, "sharepeer", "correct horse")
            tryCompare(App.session, "status", Session.SignedIn, 10000)
            App.session.signOut()
            tryCompare(App.session, "status", Session.SignedOut)
            App.session.signUp(testServerUrl, "shareowner", "correct horse")
            tryCompare(App.session, "status", Session.SignedIn, 10000)
            App.spaces.create("Share room", "10x10", "")
            createdSpy.wait(10000)
            test.spaceId = createdSpy.signalArguments[0][0]
            verify(test.spaceId.length > 0)
        }

        function cleanupTestCase() {
            App.session.signOut()
        }

        function test_1_addChangeRemoveAndClose() {
            const dialog = createTemporaryObject(dialogComponent, root)
            verify(dialog)
            dialog.openFor(test.spaceId, "Share room")
            tryCompare(dialog, "opened", true)
            compare(dialog.title, "Share “Share room”")
            tryCompare(App.sharing, "state", LoadState.Ready, 5000)
            const empty = findChild(dialog, "shareEmpty")
            verify(empty.visible)

            // The username field has the focus: type, tick "may edit" with the keyboard, Enter adds.
            const field = findChild(dialog, "shareUsernameField")
            tryVerify(() => field.field.activeFocus)
            for (const c of "sharepeer")
                keyClick(c)
            const canEdit = findChild(dialog, "shareCanEditBox")
            const add = findChild(dialog, "shareAddButton")
            compare(add.Accessible.name, "Add as member")
            canEdit.forceActiveFocus()
            keyClick(Qt.Key_Space)
            verify(canEdit.checked)
            compare(add.Accessible.name, "Add as editor")
            field.focusField()
            compare(field.text, "sharepeer")
            keyClick(Qt.Key_Return)
            tryCompare(App.sharing.members, "count", 1, 5000)
            compare(App.sharing.usernameError, "")
            const list = findChild(dialog, "shareMemberList")
            tryVerify(() => list.itemAtIndex(0) !== null, 5000)
            const row = list.itemAtIndex(0)
            compare(row.objectName, "member:sharepeer")
            verify(list.height > 0, "the row is shown")
            compare(row.Accessible.name, "sharepeer, may edit")
            compare(field.text, "")
            verify(!canEdit.checked)
            verify(!empty.visible)

            // The switch takes the right away again.
            const toggle = findChild(row, "memberCanEdit:sharepeer")
            verify(toggle.checked)
            mouseClick(toggle)
            tryCompare(row, "canEdit", false, 5000)
            compare(row.Accessible.name, "sharepeer, may visit")

            // Nobody by that name: said beside the field.
            field.text = "nobody-at-all"
            mouseClick(add)
            tryVerify(() => App.sharing.usernameError.length > 0, 5000)
            compare(field.error, App.sharing.usernameError)
            compare(App.sharing.members.count, 1)

            // Remove, then Escape closes.
            const remove = findChild(row, "memberRemove:sharepeer")
            compare(remove.Accessible.name, "Stop sharing with sharepeer")
            mouseClick(remove)
            tryCompare(App.sharing.members, "count", 0, 5000)
            verify(empty.visible)
            field.focusField()
            keyClick(Qt.Key_Escape)
            tryCompare(dialog, "visible", false)
        }
    
        function test_2_inviteLinks() {
            const dialog = createTemporaryObject(dialogComponent, root)
            dialog.openFor(test.spaceId, "Share room")
            tryCompare(dialog, "opened", true)
            tryCompare(App.sharing, "state", LoadState.Ready, 5000)
            const tab = findChild(dialog, "shareTabInvites")
            compare(tab.Accessible.name, "Invite links")
            mouseClick(tab)
            const empty = findChild(dialog, "inviteEmpty")
            tryVerify(() => empty.visible)

            // One use, 24 hours, may edit; made with the keyboard's Space on the check box.
            const hours = findChild(dialog, "inviteHoursBox")
            compare(hours.value, App.sharing.inviteDefaultHours)
            hours.value = 24
            const uses = findChild(dialog, "inviteUsesBox")
            compare(uses.displayText, "No limit")
            uses.value = 1
            const canEdit = findChild(dialog, "inviteCanEditBox")
            canEdit.forceActiveFocus()
            keyClick(Qt.Key_Space)
            verify(canEdit.checked)
            mouseClick(findChild(dialog, "inviteCreateButton"))
            tryCompare(App.sharing.invites, "count", 1, 5000)
            const newLink = findChild(dialog, "inviteNewLink")
            tryVerify(() => newLink.visible)
            verify(newLink.text.startsWith("metaverse://"), newLink.text)
            verify(!empty.visible)

            const list = findChild(dialog, "inviteList")
            tryVerify(() => list.itemAtIndex(0) !== null, 5000)
            const row = list.itemAtIndex(0)
            verify(row.Accessible.name.indexOf("Editors") >= 0, row.Accessible.name)
            verify(row.Accessible.name.indexOf("used 0 of 1 times") >= 0, row.Accessible.name)
            compare(row.schemeLink, newLink.text)
            verify(row.webLink.startsWith(testServerUrl + "/invite/"), row.webLink)
            const copy = findChild(row, "inviteCopyWeb:" + row.inviteId)
            verify(copy.visible)
            compare(copy.Accessible.name, "Copy web link")

            const revoke = findChild(row, "inviteRevoke:" + row.inviteId)
            verify(revoke.Accessible.name.startsWith("Revoke invite link"))
            mouseClick(revoke)
            tryCompare(App.sharing.invites, "count", 0, 5000)
            verify(empty.visible)

            // The activity tab lists what happened, newest first.
            mouseClick(findChild(dialog, "shareTabActivity"))
            App.moderation.open(test.spaceId)
            tryCompare(App.moderation, "state", LoadState.Ready, 5000)
            const audit = findChild(dialog, "auditList")
            tryVerify(() => audit.itemAtIndex(0) !== null, 5000)
            verify(audit.itemAtIndex(0).text.startsWith("shareowner revoked an invite link"), audit.itemAtIndex(0).text)
            keyClick(Qt.Key_Escape)
            tryCompare(dialog, "visible", false)
        }
    }
}
