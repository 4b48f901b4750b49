// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Metaverse

// Statuses in the people panel with the real App.space against a real server (see tst_qml.cpp),
// a second user ("spacepeer") on a test space socket through testControl. Signs up its own user
// and signs out at the end.
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

        name: "PeopleStatus"
        when: windowShown

        function compareColor(actual, expected, what) {
            verify(Qt.colorEqual(actual, expected), what + ": " + actual + ", expected " + expected)
        }

        function initTestCase() {
            App.session.signUp(testServerUrl, "statususer", "correct horse")
            tryCompare(App.session, "status", Session.SignedIn, 10000)
            App.space.status = "available"
            createdSpy.clear()
            App.spaces.create("Status room", "10x10", "")
            createdSpy.wait(10000)
            test.spaceId = createdSpy.signalArguments[0][0]
            verify(test.spaceId.length > 0)
        }

        function cleanupTestCase() {
            testControl.spacePeerLeave()
            App.space.status = "available"
            App.session.signOut()
        }

        function test_statusesInThePeoplePanel() {
            const page = createTemporaryObject(spaceComponent, root, { spaceId: test.spaceId })
            verify(page)
            tryCompare(App.space, "state", SpaceSession.Joined, 10000)
            tryVerify(() => findChild(page, "person:statususer") !== null)
            compare(findChild(page, "statusText:statususer").text, "Available")

            // Someone else, busy: the dot's colour, the words beside the name and for screen readers.
            verify(testControl.spacePeerJoin(test.spaceId, "busy"))
            tryVerify(() => findChild(page, "person:spacepeer") !== null, 5000)
            const peerText = findChild(page, "statusText:spacepeer")
            const peerDot = findChild(page, "statusDot:spacepeer")
            compare(peerText.text, "Busy")
            compareColor(peerDot.color, Theme.danger, "busy dot")
            compare(peerDot.Accessible.name, "Busy")
            const peerRow = findChild(page, "person:spacepeer")
            verify(peerRow.Accessible.name.indexOf("spacepeer, Busy") === 0, peerRow.Accessible.name)

            // "Message" opens the direct conversation with them in the chat panel; none for oneself.
            verify(!findChild(page, "directMessage:statususer").visible)
            const message = findChild(page, "directMessage:spacepeer")
            verify(message.visible)
            compare(message.Accessible.name, "Send spacepeer a direct message")
            mouseClick(message)
            tryCompare(App.chat, "currentRoomKind", "direct", 5000)
            compare(App.chat.currentRoomName, "spacepeer")

            // They change it: the panel follows.
            testControl.spacePeerSetStatus("away")
            tryCompare(peerText, "text", "Away", 5000)
            compareColor(peerDot.color, Theme.mustard, "away dot")
            verify(peerRow.Accessible.name.indexOf("spacepeer, Away") === 0, peerRow.Accessible.name)

            // We set ours with the picker in the panel's header: shown, remembered, sent.
            const box = findChild(page, "statusBox")
            verify(box)
            compare(box.currentValue, "available")
            waitForRendering(box)
            mouseClick(box)
            tryCompare(box.popup, "opened", true)
            const list = box.popup.contentItem
            tryVerify(() => list.itemAtIndex(1) !== null)
            const busyEntry = list.itemAtIndex(1)
            compare(busyEntry.objectName, "status:busy")
            waitForRendering(busyEntry)
            mouseClick(busyEntry)
            tryCompare(App.space, "status", "busy")
            tryCompare(box.popup, "visible", false)
            compare(box.currentValue, "busy")
            compare(box.displayText, "Busy")
            compare(App.settings.spaceStatus, "busy")
            tryCompare(findChild(page, "statusText:statususer"), "text", "Busy")
            tryVerify(() => testControl.spacePeerSeenStatus(App.space.userId) === "busy", 5000)

            // Back to available from code: the picker follows.
            App.space.status = "available"
            compare(box.currentValue, "available")
            tryVerify(() => testControl.spacePeerSeenStatus(App.space.userId) === "available", 5000)
            testControl.spacePeerLeave()
            tryVerify(() => findChild(page, "person:spacepeer") === null, 5000)
        }
    }
}
