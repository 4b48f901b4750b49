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

    palette {
        window: Theme.background
        windowText: Theme.text
        base: Theme.surface
        alternateBase: Theme.surfaceAlt
        text: Theme.text
        button: Theme.surfaceAlt
        buttonText: Theme.text
        brightText: Theme.accentText
        highlight: Theme.accent
        highlightedText: Theme.accentText
        placeholderText: Theme.textMuted
        light: Theme.surface
        midlight: Theme.surfaceAlt
        mid: Theme.border
        dark: Theme.border
        shadow: Theme.ink
        toolTipBase: Theme.ink
        toolTipText: "#ffffff"
        link: Theme.blue
    }

    Loader {
        id: content

        anchors.fill: parent
        sourceComponent: App.session.signedIn ? shell : signIn
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
