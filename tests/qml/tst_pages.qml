// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Metaverse

// The pages with the real App singleton against a real server (see tst_qml.cpp).
Item {
    id: root

    width: 1280
    height: 800

    Component {
        id: signInComponent

        SignInPage {
            anchors.fill: parent
        }
    }

    Component {
        id: dashboardComponent

        DashboardPage {
            anchors.fill: parent
        }
    }

    Component {
        id: avatarComponent

        AvatarPage {
            anchors.fill: parent
        }
    }

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

    Component {
        id: mainComponent

        Main {}
    }

    TestCase {
        id: test

        name: "Pages"
        when: windowShown

        function fill(page, name, text) {
            const field = findChild(page, name)
            verify(field, name)
            field.text = text
        }

        function click(page, name) {
            const button = findChild(page, name)
            verify(button, name)
            tryVerify(() => button.visible && button.enabled, 5000, name + " enabled")
            mouseClick(button)
        }

        function compareColor(actual, expected, what) {
            verify(Qt.colorEqual(actual, expected), what + ": " + actual + ", expected " + expected)
        }

        function signIn() {
            if (App.session.status === Session.SignedIn)
                return
            App.session.signIn(testServerUrl, "qmluser", "correct horse")
            tryCompare(App.session, "status", Session.SignedIn, 10000)
        }

        function test_1_signUpShowsFieldErrors() {
            const page = createTemporaryObject(signInComponent, root)
            verify(page)
            compare(App.session.status, Session.SignedOut)
            click(page, "signUpTab")
            fill(page, "serverField", testServerUrl)
            fill(page, "usernameField", "x")
            fill(page, "passwordField", "correct horse")
            click(page, "submitButton")
            // Checked in C++ (common's rule), shown next to the field.
            tryVerify(() => findChild(page, "usernameField").error.length > 0)
            compare(App.session.status, Session.SignedOut)
            // The server's rule (password length) comes back as a field error too.
            fill(page, "usernameField", "qmluser")
            fill(page, "passwordField", "short")
            click(page, "submitButton")
            tryVerify(() => findChild(page, "passwordField").error.length > 0, 5000)
            compare(findChild(page, "usernameField").error, "")
        }

        function test_2_signUpSignsIn() {
            const page = createTemporaryObject(signInComponent, root)
            click(page, "signUpTab")
            fill(page, "serverField", testServerUrl)
            fill(page, "usernameField", "qmluser")
            fill(page, "passwordField", "correct horse")
            click(page, "submitButton")
            tryCompare(App.session, "status", Session.SignedIn, 10000)
            compare(App.session.username, "qmluser")
        }

        function test_3_dashboardShowsTemplatesAndCreates() {
            const page = createTemporaryObject(dashboardComponent, root)
            tryCompare(App.spaces, "state", LoadState.Ready, 10000)
            compare(App.spaces.templates.count, 3)
            tryVerify(() => findChild(page, "templateCard:Office") !== null)
            compare(App.spaces.mine.count, 0)

            click(page, "useTemplate:Lounge")
            const dialog = findChild(page, "createDialog")
            tryCompare(dialog, "opened", true)
            const nameField = findChild(page, "createNameField")
            nameField.text = ""
            click(page, "createConfirmButton")
            // Validation from C++: the dialog stays open with the field error.
            tryVerify(() => nameField.error.length > 0)
            verify(dialog.opened)
            nameField.text = "Lounge copy"
            click(page, "createConfirmButton")
            tryCompare(App.spaces.mine, "count", 1, 10000)
            tryCompare(dialog, "visible", false)
            tryVerify(() => findChild(page, "spaceCard:Lounge copy") !== null)

            click(page, "newSpaceButton")
            tryCompare(dialog, "opened", true)
            nameField.text = "Big room"
            findChild(page, "createDimensionsField").text = "2000x1"
            click(page, "createConfirmButton")
            tryVerify(() => findChild(page, "createDimensionsField").error.length > 0)
            findChild(page, "createDimensionsField").text = "40x30"
            click(page, "createConfirmButton")
            tryCompare(App.spaces.mine, "count", 2, 10000)

            click(page, "delete:Big room")
            const confirm = findChild(page, "deleteDialog")
            tryCompare(confirm, "opened", true)
            click(page, "deleteCancelButton")
            tryCompare(confirm, "visible", false)
            compare(App.spaces.mine.count, 2)
            click(page, "delete:Big room")
            tryCompare(confirm, "opened", true)
            click(page, "deleteConfirmButton")
            tryCompare(App.spaces.mine, "count", 1, 10000)
        }

        function test_4_avatarPickerUpdatesTheSession() {
            const page = createTemporaryObject(avatarComponent, root)
            tryCompare(App.session, "avatarsState", LoadState.Ready, 10000)
            tryVerify(() => findChild(page, "avatar:Kofi") !== null)
            compare(App.session.avatarId, "")
            const save = findChild(page, "saveAvatarButton")
            verify(!save.enabled)
            click(page, "avatar:Kofi")
            tryVerify(() => save.enabled)
            click(page, "saveAvatarButton")
            tryVerify(() => App.session.avatarId.length > 0, 10000)
            verify(App.session.avatarUrl.toString().indexOf("/assets/avatars/") > 0)
            verify(!save.enabled)
        }

        function test_5_signOutReturnsToSignIn() {
            App.session.signOut()
            compare(App.session.status, Session.SignedOut)
            compare(App.spaces.mine.count, 0)
        }

        // The app starts with a remembered sign-in while the server is down: the window shows the
        // sign-in page with the reason and "Try again"; once the server is back, the retry
        // restores the session and the dashboard shows.
        function test_6_retryAfterFailedRestore() {
            signIn()
            testControl.signOutKeepingToken()
            testControl.stopServer()
            const window = createTemporaryObject(mainComponent, root)
            verify(window)
            App.session.restore() // what main() does at start
            tryCompare(App.session, "restoreFailed", true, 10000)
            compare(App.session.status, Session.SignedOut)
            const banner = findChild(window, "signInError")
            verify(banner)
            tryVerify(() => banner.visible)
            verify(banner.message.indexOf("Cannot reach the server") >= 0, banner.message)
            const retry = findChild(window, "signInErrorAction")
            verify(retry)
            verify(retry.visible)
            compare(retry.text, "Try again")
            waitForRendering(retry)

            // Too early: the same answer, and the action is still offered.
            mouseClick(retry)
            verify(!App.session.restoreFailed) // cleared while it tries
            tryCompare(App.session, "restoreFailed", true, 10000)
            compare(App.session.status, Session.SignedOut)
            tryVerify(() => retry.visible)
            waitForRendering(retry) // laid out where the click goes

            verify(testControl.startServer())
            mouseClick(retry)
            tryCompare(App.session, "status", Session.SignedIn, 10000)
            compare(App.session.username, "qmluser")
            tryVerify(() => {
                const dashboard = findChild(window, "dashboardPage")
                return dashboard !== null && dashboard.visible
            }, 10000)
            compare(App.session.errorMessage, "")
        }

        function test_7_openDialogFollowsALiveThemeSwitch_data() {
            return [
                { tag: "system colour scheme", system: true },
                { tag: "appearance setting", system: false }
            ]
        }

        // A light/dark switch while the settings dialog and its combo box list are open reaches
        // everything in them at once, not only after they are reopened.
        function test_7_openDialogFollowsALiveThemeSwitch(data) {
            signIn()
            App.setThemeMode(Settings.System)
            testControl.setSystemDark(false)
            compare(App.darkMode, false)
            const window = createTemporaryObject(mainComponent, root)
            verify(window)
            tryVerify(() => findChild(window, "settingsButton") !== null, 10000)
            const settingsButton = findChild(window, "settingsButton")
            waitForRendering(settingsButton)
            mouseClick(settingsButton)
            const dialog = findChild(window, "settingsDialog")
            tryCompare(dialog, "opened", true)
            const themeBox = findChild(window, "themeBox")
            themeBox.popup.open()
            tryCompare(themeBox.popup, "opened", true)
            const list = themeBox.popup.contentItem
            tryVerify(() => list.itemAtIndex(1) !== null)
            // As text: a colour read from a property would follow the property.
            const light = { background: String(Theme.background), surfaceAlt: String(Theme.surfaceAlt) }
            compareColor(themeBox.popup.background.color, light.background, "combo box list, light")

            if (data.system)
                testControl.setSystemDark(true)
            else
                App.setThemeMode(Settings.Dark)
            tryCompare(App, "darkMode", true)
            verify(!Qt.colorEqual(Theme.background, light.background))
            verify(dialog.opened)
            verify(themeBox.popup.opened)
            compareColor(dialog.background.color, Theme.surface, "dialog")
            compareColor(themeBox.palette.button, Theme.surfaceAlt, "combo box palette")
            compareColor(themeBox.background.color, themeBox.down ? Theme.border : Theme.surfaceAlt, "combo box")
            compareColor(themeBox.popup.background.color, Theme.background, "combo box list")
            compareColor(list.itemAtIndex(1).contentItem.color, Theme.text, "list entry")
            compareColor(findChild(window, "languageBox").palette.buttonText, Theme.text, "the other combo box")

            // And back.
            if (data.system)
                testControl.setSystemDark(false)
            else
                App.setThemeMode(Settings.Light)
            tryCompare(App, "darkMode", false)
            compareColor(themeBox.popup.background.color, light.background, "combo box list, light again")
            compareColor(themeBox.palette.button, light.surfaceAlt, "combo box palette, light again")
            themeBox.popup.close()
            dialog.close()
            tryCompare(dialog, "visible", false)
            App.setThemeMode(Settings.System)
        }

        function countItems(item) {
            let n = 1
            for (let i = 0; i < item.children.length; ++i)
                n += countItems(item.children[i])
            return n
        }

        // The space view in a 200x200 space: keys move the avatar (predicted at once), a click
        // walks there, only the elements in view become items, and in edit mode the ghost marks
        // a spot on a static element as illegal before the click; a placement can be undone.
        function test_9_spaceView() {
            signIn()
            createdSpy.clear()
            App.spaces.create("Huge hall", "200x200", "")
            tryCompare(createdSpy, "count", 1, 10000)
            const spaceId = createdSpy.signalArguments[0][0]
            const page = createTemporaryObject(spaceComponent, root, {spaceId: spaceId})
            verify(page)
            tryCompare(App.space, "state", SpaceSession.Joined, 10000)
            compare(App.space.width, 200)
            verify(App.space.canEdit)
            const view = findChild(page, "spaceView")
            tryVerify(() => view.activeFocus)
            const me = () => findChild(page, "avatar:qmluser")
            tryVerify(() => me() !== null)

            // Keys: one step, shown at once (prediction), on the avatar too.
            const x0 = App.space.x
            const right = x0 < 199
            keyClick(right ? Qt.Key_Right : Qt.Key_Left)
            tryCompare(App.space, "x", right ? x0 + 1 : x0 - 1, 2000)
            tryCompare(me(), "tileX", App.space.x)
            const y0 = App.space.y
            const down = y0 < 199
            keyClick(down ? Qt.Key_S : Qt.Key_W)
            tryCompare(App.space, "y", down ? y0 + 1 : y0 - 1, 2000)

            // Click-to-move: three tiles away, walked step by step.
            const tx = App.space.x + (App.space.x < 196 ? 3 : -3)
            const ty = App.space.y
            const target = view.tilePoint(tx, ty)
            mouseClick(view, target.x, target.y)
            tryCompare(App.space, "x", tx, 5000)
            tryCompare(App.space, "walking", false)
            compare(App.space.y, ty)

            // Elements far away are not items; the one next to the user is.
            const wall = App.space.palette.idOf("Wall")
            const plant = App.space.palette.idOf("Potted Plant")
            verify(wall.length > 0 && plant.length > 0)
            const farX = (App.space.x + 100) % 200
            for (let i = 0; i < 20; ++i)
                verify(App.space.placeElement(plant, farX, (App.space.y + 60 + i) % 200))
            const wx = App.space.x < 198 ? App.space.x + 2 : App.space.x - 2
            verify(App.space.placeElement(wall, wx, App.space.y))
            tryCompare(App.space.elements, "totalCount", 21, 10000)
            compare(App.space.elements.count, 1)
            verify(!App.space.isFree(wx, App.space.y))
            const items = countItems(page)
            verify(items < 1000, "items: " + items)

            // Edit mode: the ghost is illegal on the wall and legal next to it; a click places.
            click(page, "editModeButton")
            tryCompare(view, "editMode", true)
            fill(page, "paletteSearch", "plant") // search: only the plants are listed
            tryCompare(App.space.palette, "count", 2)
            // Click the list's live delegate: findChild could return one the filter is replacing,
            // which no longer sits where it says (a flake under load).
            const paletteList = findChild(page, "paletteList")
            tryCompare(paletteList, "count", 2)
            let plantItem = null
            tryVerify(() => {
                paletteList.forceLayout()
                for (let i = 0; i < paletteList.count; ++i) {
                    const item = paletteList.itemAtIndex(i)
                    if (item && item.name === "Potted Plant" && item.width > 0 && item.height > 0)
                        plantItem = item
                }
                return plantItem !== null
            }, 5000, "the Potted Plant row")
            mouseClick(plantItem)
            tryCompare(view, "placeElementId", plant)
            const ghost = findChild(page, "ghost")
            let p = view.tilePoint(wx, App.space.y)
            mouseMove(view, p.x, p.y)
            tryCompare(ghost, "visible", true)
            compare(ghost.tileX, wx)
            compare(ghost.legal, false)
            const fy = App.space.y < 199 ? App.space.y + 1 : App.space.y - 1
            p = view.tilePoint(wx, fy)
            mouseMove(view, p.x, p.y)
            tryCompare(ghost, "tileY", fy)
            compare(ghost.legal, true)
            mouseClick(view, p.x, p.y)
            tryCompare(App.space.elements, "totalCount", 22, 10000)
            tryCompare(App.space, "canUndo", true)
            click(page, "undoButton")
            tryCompare(App.space.elements, "totalCount", 21, 10000)

            // Delete the wall: select it, press Delete.
            App.space.palette.selectedElementId = ""
            p = view.tilePoint(wx, App.space.y)
            mouseClick(view, p.x, p.y)
            tryVerify(() => view.selectedPlacedId.length > 0)
            keyClick(Qt.Key_Delete)
            tryCompare(App.space.elements, "totalCount", 20, 10000)
            verify(App.space.isFree(wx, App.space.y))

            // The people panel lists the user.
            tryVerify(() => findChild(page, "person:qmluser") !== null)
            compare(App.space.occupants.count, 1)
        }

        function test_8_signOut() {
            App.session.signOut()
            compare(App.session.status, Session.SignedOut)
        }
    }
}
