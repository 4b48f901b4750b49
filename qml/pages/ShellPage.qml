// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import Metaverse

// The signed-in shell: the header, the dashboard with the avatar picker pushed on top, and the
// settings dialog the header opens.
Page {
    id: root

    // None: the window's colour is the same, and on a software rasteriser every full-window
    // layer costs milliseconds per frame (bench/client-render).
    background: null

    header: AppHeader {
        onDashboardRequested: stack.pop(null)
        onAvatarRequested: {
            if (stack.depth === 1) {
                stack.push(avatarPage)
            }
        }
        onSettingsRequested: settingsDialog.open()
    }

    StackView {
        id: stack

        anchors.fill: parent
        initialItem: DashboardPage {
            objectName: "dashboardPage"
            onAvatarRequested: stack.push(avatarPage)
            onEnterRequested: (spaceId, name) => stack.push(spacePage, {spaceId: spaceId, spaceName: name})
            onPreviewRequested: (spaceId, name) => stack.push(spacePage, {spaceId: spaceId, spaceName: name, preview: true})
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
            id: picker

            objectName: "avatarPage"
            onDone: picker.StackView.view.pop()
        }
    }

    Component {
        id: spacePage

        SpacePage {
            id: inside

            onLeaveRequested: inside.StackView.view.pop()
        }
    }

    // An accepted invite link (the dashboard's field, the command line, another process): go in.
    Connections {
        target: App.invites

        function onAccepted(spaceId) {
            stack.pop(null)
            stack.push(spacePage, {spaceId: spaceId, spaceName: ""})
        }
    }

    SettingsDialog {
        id: settingsDialog

        objectName: "settingsDialog"
    }
}
