// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Metaverse

// The space page's "Nearby" list with the real App.space against a real server (see tst_qml.cpp):
// it shows a placed element with where it is, for screen readers too, and "Go to" (the button or
// Enter on the row) walks next to it; the panel alone shows the session it is given. Signs up its
// own user and signs out at the end.
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

    // The panel alone: it shows the space session it is given, no page around it.
    Component {
        id: panelComponent

        NearbyPanel {
            width: 320
            height: 300
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

        name: "Nearby"
        when: windowShown

        function initTestCase() {
            App.session.signUp(testServerUrl, "nearbyuser", "correct horse")
            tryCompare(App.session, "status", Session.SignedIn, 10000)
            createdSpy.clear()
            App.spaces.create("Nearby room", "10x10", "")
            createdSpy.wait(10000)
            test.spaceId = createdSpy.signalArguments[0][0]
            verify(test.spaceId.length > 0)
        }

        function cleanupTestCase() {
            App.session.signOut()
        }

        function click(page, name) {
            const button = findChild(page, name)
            verify(button, name)
            tryVerify(() => button.visible && button.enabled, 5000, name + " enabled")
            mouseClick(button)
        }

        // Orthogonal steps from the user to the 1x1 element at x, y.
        function stepsTo(x, y) {
            return Math.abs(App.space.x - x) + Math.abs(App.space.y - y)
        }

        function test_panelAlone() {
            App.space.enter(test.spaceId)
            tryCompare(App.space, "state", SpaceSession.Joined, 10000)
            const panel = createTemporaryObject(panelComponent, root, { space: App.space })
            verify(panel)
            compare(findChild(panel, "nearbyList").model, App.space.nearbyElements)
            // A wall two tiles away (or the one another test left there), taken away again after.
            const wall = App.space.palette.idOf("Wall")
            const placed = App.space.placeElement(wall, App.space.x < 5 ? App.space.x + 2 : App.space.x - 2,
                                                  App.space.y)
            tryVerify(() => findChild(panel, "nearby:Wall") !== null, 5000)
            if (placed) {
                tryVerify(() => App.space.canUndo, 5000)
                verify(App.space.undoPlacement())
            }
            App.space.leave()
        }

        function test_goToANearbyElement() {
            const page = createTemporaryObject(spaceComponent, root, { spaceId: test.spaceId })
            verify(page)
            tryCompare(App.space, "state", SpaceSession.Joined, 10000)
            const panel = findChild(page, "nearbyPanel")
            verify(panel)
            compare(panel.Accessible.name, "Elements near you")
            tryCompare(findChild(page, "nearbyEmpty"), "visible", true)

            // A wall three tiles east or west: listed, with where it is in words.
            const wall = App.space.palette.idOf("Wall")
            const wx = App.space.x < 5 ? App.space.x + 3 : App.space.x - 3
            const wy = App.space.y
            verify(App.space.placeElement(wall, wx, wy))
            tryVerify(() => findChild(page, "nearby:Wall") !== null, 5000)
            const row = findChild(page, "nearby:Wall")
            const words = wx > App.space.x ? "3 tiles east" : "3 tiles west"
            compare(row.Accessible.role, Accessible.ListItem)
            compare(row.Accessible.name, "Wall, " + words + ", blocks the way")
            compare(findChild(page, "nearbyWhere:Wall").text, words + " · blocks the way")
            const goTo = findChild(page, "nearbyGoTo:Wall")
            compare(goTo.Accessible.name, "Walk to Wall")

            // "Go to": walks to the tile next to it, and the words follow.
            waitForRendering(goTo)
            mouseClick(goTo)
            tryCompare(App.space, "walking", false, 5000)
            tryVerify(() => stepsTo(wx, wy) === 1, 5000)
            compare(App.space.y, wy)
            tryVerify(() => row.Accessible.name === "Wall, 1 tile " + (wx > App.space.x ? "east" : "west")
                            + ", blocks the way")

            // Away again, then Enter on the row (keyboard only) goes there too.
            verify(App.space.walkTo(wx, wy < 5 ? wy + 3 : wy - 3))
            tryCompare(App.space, "walking", false, 5000)
            tryVerify(() => stepsTo(wx, wy) === 3)
            row.forceActiveFocus()
            keyClick(Qt.Key_Return)
            tryVerify(() => App.space.walking || stepsTo(wx, wy) === 1, 2000)
            tryCompare(App.space, "walking", false, 5000)
            compare(stepsTo(wx, wy), 1)
            compare(page.walkError, "")
            // Tab goes from the row to its action, which Enter activates too.
            keyClick(Qt.Key_Tab)
            tryVerify(() => goTo.activeFocus)

            // No way there: the page's banner says so, and Dismiss clears it.
            row.goToRequested("no-such-element", "Nowhere")
            const banner = findChild(page, "walkErrorBanner")
            tryCompare(banner, "visible", true)
            compare(banner.Accessible.name, "No way to reach Nowhere from here.")
            click(page, "walkErrorBannerAction")
            tryCompare(banner, "visible", false)

            // Collapsed, the list is hidden but the heading stays.
            const toggle = findChild(page, "nearbyToggle")
            mouseClick(toggle)
            compare(panel.expanded, false)
            compare(findChild(page, "nearbyList").visible, false)
            mouseClick(toggle)
            compare(panel.expanded, true)
        }
    }
}
