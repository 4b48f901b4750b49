// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// The application window: the sign-in page until a session exists, then the signed-in shell
// (header plus the dashboard, with the avatar picker pushed on top).
ApplicationWindow {
    id: window

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

        Page {
            objectName: "shell"
            background: Rectangle {
                color: Theme.background
            }

            header: AppHeader {
                onDashboardRequested: stack.pop(null)
                onAvatarRequested: {
                    if (stack.depth === 1)
                        stack.push(avatarPage)
                }
                onSettingsRequested: settingsDialog.open()
            }

            StackView {
                id: stack

                anchors.fill: parent
                initialItem: DashboardPage {
                    objectName: "dashboardPage"
                    onAvatarRequested: stack.push(avatarPage)
                }
                pushEnter: Transition {
                    NumberAnimation { property: "opacity"; from: 0; to: 1; duration: Theme.durationMedium }
                }
                pushExit: Transition {
                    NumberAnimation { property: "opacity"; from: 1; to: 0; duration: Theme.durationMedium }
                }
                popEnter: Transition {
                    NumberAnimation { property: "opacity"; from: 0; to: 1; duration: Theme.durationMedium }
                }
                popExit: Transition {
                    NumberAnimation { property: "opacity"; from: 1; to: 0; duration: Theme.durationMedium }
                }
            }

            Component {
                id: avatarPage

                AvatarPage {
                    objectName: "avatarPage"
                    onDone: stack.pop()
                }
            }
        }
    }

    SettingsDialog {
        id: settingsDialog

        objectName: "settingsDialog"
    }
}
