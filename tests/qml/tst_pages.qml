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
    }
}
