// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import Metaverse

// The application window: the sign-in page until a session exists, then the signed-in shell
// (ShellPage: the header, the dashboard and the avatar picker).
ApplicationWindow {
    id: window

    objectName: "mainWindow"
    width: 1280
    height: 800
    minimumWidth: 1024
    minimumHeight: 640
    visible: true
    title: App.session.signedIn ? qsTr("Metaverse — %1").arg(App.session.username) : qsTr("Metaverse")
    color: Theme.background
    font.pixelSize: Theme.fontBody

    // A link handed over by another `metaverse` process.
    Connections {
        target: App

        function onRaiseRequested() {
            window.raise()
            window.requestActivate()
        }
    }

    // The Theme as the palette of every standard control (see ThemeScope).
    ThemeScope {
        anchors.fill: parent

        Loader {
            id: content

            anchors.fill: parent
            sourceComponent: App.session.signedIn ? shell : signIn
        }
    }

    Component {
        id: signIn

        SignInPage {
            objectName: "signInPage"
        }
    }

    Component {
        id: shell

        ShellPage {
            objectName: "shell"
        }
    }
}
