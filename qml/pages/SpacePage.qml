// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// Inside a space: the live view, the people panel, the elements nearby, the mini-map, edit mode (palette, place, move,
// delete, undo) for those with the right, and the space's chat rooms. App.space (C++) holds the
// state and the rules; this page shows it.
Page {
    id: root

    required property string spaceId
    property string spaceName: ""
    // A template, read-only: the map alone, marked "Preview" (no socket, no people, no chat).
    property bool preview: false
    // Why the last "go to" from the Nearby list did not start ("" when it did).
    property string walkError: ""

    signal leaveRequested()

    objectName: "spacePage"
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Space %1").arg(App.space.spaceName.length > 0 ? App.space.spaceName : root.spaceName)
    Component.onCompleted: {
        if (root.preview)
            App.space.previewTemplate(root.spaceId)
        else
            App.space.enter(root.spaceId)
    }
    Component.onDestruction: {
        if (App.space.spaceId === root.spaceId)
            App.space.leave()
    }

    // None: the window's colour is the same (each full-window layer costs, see ShellPage).
    background: null

    Connections {
        target: App.space

        function onStateChanged() {
            if (App.space.state === SpaceSession.Joined)
                view.forceActiveFocus()
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingM

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            AccentButton {
                objectName: "leaveSpaceButton"
                text: qsTr("Back to dashboard")
                onClicked: root.leaveRequested()
            }

            Label {
                objectName: "previewBadge"
                visible: root.preview
                text: qsTr("Preview")
                color: Theme.accentText
                font.weight: Font.Bold
                padding: Theme.spacingXs
                leftPadding: Theme.spacingS
                rightPadding: Theme.spacingS
                Accessible.name: qsTr("Preview: read-only, nobody else sees you")
                background: Rectangle {
                    radius: Theme.radiusSmall
                    color: Theme.accent
                }
            }

            Label {
                Layout.fillWidth: true
                text: App.space.spaceName.length > 0 ? (root.preview ? qsTranslate("Catalogue", App.space.spaceName) : App.space.spaceName)
                                                     : root.spaceName
                color: Theme.text
                elide: Text.ElideRight
                font.pixelSize: Theme.fontTitle
                font.weight: Font.Bold
                Accessible.role: Accessible.Heading
            }

            Label {
                objectName: "spaceStatus"
                text: App.space.state === SpaceSession.Joined
                      ? qsTr("%1 × %2 tiles · you are at %3, %4").arg(App.space.width).arg(App.space.height)
                                                                  .arg(App.space.x).arg(App.space.y)
                      : App.space.state === SpaceSession.Previewing ? qsTr("%1 × %2 tiles · a template, read-only").arg(App.space.width).arg(App.space.height)
                      : App.space.state === SpaceSession.Loading ? qsTr("Entering…") : ""
                color: Theme.textMuted
                font.pixelSize: Theme.fontCaption
            }

            AccentButton {
                objectName: "undoButton"
                visible: view.editMode
                enabled: App.space.canUndo
                text: qsTr("Undo placement")
                onClicked: App.space.undoPlacement()
            }

            AccentButton {
                objectName: "deleteElementButton"
                visible: view.editMode
                enabled: view.selectedPlacedId.length > 0
                tone: "danger"
                text: qsTr("Delete element")
                onClicked: view.deleteSelected()
            }

            AccentButton {
                objectName: "spaceShareButton"
                visible: App.space.canManage && !root.preview
                text: qsTr("Share")
                Accessible.name: qsTr("Share this space")
                onClicked: shareDialog.openFor(root.spaceId, App.space.spaceName)
            }

            AccentButton {
                objectName: "editModeButton"
                visible: App.space.canEdit && !root.preview
                checkable: true
                checked: view.editMode
                tone: view.editMode ? "accent" : "neutral"
                text: view.editMode ? qsTr("Done editing") : qsTr("Edit space")
                onClicked: view.editMode = !view.editMode
            }
        }

        ErrorBanner {
            objectName: "connectionBanner"
            Layout.fillWidth: true
            warning: App.space.state === SpaceSession.Reconnecting
            message: App.space.state === SpaceSession.Reconnecting
                     ? qsTr("Connection lost. Reconnecting (attempt %1)…").arg(App.space.reconnectAttempt)
                     : App.space.state === SpaceSession.Failed ? App.space.errorMessage : ""
            actionText: App.space.state === SpaceSession.Reconnecting ? qsTr("Reconnect now") : qsTr("Back to dashboard")
            onActionTriggered: {
                if (App.space.state === SpaceSession.Reconnecting)
                    App.space.reconnectNow()
                else
                    root.leaveRequested()
            }
        }

        ErrorBanner {
            objectName: "moderationBanner"
            Layout.fillWidth: true
            warning: App.moderation.errorMessage.length === 0
            message: App.moderation.errorMessage.length > 0 ? App.moderation.errorMessage : App.moderation.notice
            actionText: qsTr("Dismiss")
            onActionTriggered: App.moderation.clearMessages()
        }

        ErrorBanner {
            objectName: "walkErrorBanner"
            Layout.fillWidth: true
            warning: true
            message: root.walkError
            actionText: qsTr("Dismiss")
            onActionTriggered: root.walkError = ""
        }

        ErrorBanner {
            objectName: "editErrorBanner"
            Layout.fillWidth: true
            warning: true
            message: App.space.editError
            actionText: qsTr("Dismiss")
            onActionTriggered: App.space.clearEditError()
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacingM

            PalettePanel {
                objectName: "palettePanel"
                catalogue: App.space.palette
                visible: view.editMode
                Layout.preferredWidth: 240
                Layout.fillHeight: true
            }

            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                radius: Theme.radius
                // The view covers the inside (floor and background, each pixel once): only the
                // frame is drawn then, since a rounded fill is blended over the whole area.
                color: view.visible ? "transparent" : Theme.surface
                border.width: view.activeFocus ? Theme.focusWidth : 1
                border.color: view.activeFocus ? Theme.focus : Theme.border

                SpaceView {
                    id: view

                    objectName: "spaceView"
                    anchors.fill: parent
                    anchors.margins: Theme.focusWidth
                    visible: App.space.width > 0
                }

                StatePlaceholder {
                    anchors.centerIn: parent
                    width: parent.width - 2 * Theme.spacingXl
                    visible: loading
                    // Only while entering: a running spinner (even hidden) keeps the render loop busy.
                    loading: App.space.state === SpaceSession.Loading && App.space.width === 0
                    title: qsTr("Entering the space…")
                    message: ""
                }

                MiniMap {
                    id: miniMap

                    objectName: "miniMap"
                    space: App.space
                    anchors.right: parent.right
                    anchors.bottom: parent.bottom
                    anchors.margins: Theme.spacingM
                    // Only when part of the space is out of view: otherwise it covered a corner.
                    visible: App.space.width > 0 && !view.showsAll
                    viewRect: view.viewRect
                }

                Label {
                    anchors.left: parent.left
                    anchors.bottom: parent.bottom
                    anchors.margins: Theme.spacingM
                    objectName: "spaceHint"
                    width: Math.min(implicitWidth, (miniMap.visible ? miniMap.x : parent.width) - 2 * Theme.spacingM)
                    elide: Text.ElideRight
                    visible: App.space.state === SpaceSession.Joined
                    text: view.editMode ? qsTr("Pick an element, then click to place it. Drag movable ones. Delete removes the selected one.")
                                        : qsTr("Arrow keys or WASD to move, click to walk, Ctrl+wheel to zoom.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontCaption
                    padding: Theme.spacingXs
                    background: Rectangle {
                        radius: Theme.radiusSmall
                        color: Theme.surface
                        opacity: 0.85
                    }
                }
            }

            ColumnLayout {
                visible: !root.preview
                Layout.fillWidth: false
                Layout.preferredWidth: 340
                Layout.fillHeight: true
                spacing: Theme.spacingM

                // People and Nearby take what their rows need, up to a quarter and a fifth of the
                // page (then they scroll; two people fit whole); the chat gets the rest, about
                // half the column or more. (The page's
                // height, not the column's: a layout does not redo itself for a size hint that
                // follows its own height.)
                PeoplePanel {
                    id: peoplePanel

                    objectName: "peoplePanel"
                    space: App.space
                    moderation: App.moderation
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.min(peoplePanel.implicitHeight, root.height / 4)
                    onMessageRequested: userId => App.chat.openDirect(userId)
                }

                NearbyPanel {
                    id: nearbyPanel

                    objectName: "nearbyPanel"
                    space: App.space
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.min(nearbyPanel.implicitHeight, root.height / 5)
                    onUnreachable: name => root.walkError = qsTr("No way to reach %1 from here.").arg(name)
                    onWalking: root.walkError = ""
                }

                ChatPanel {
                    id: chatPanel

                    objectName: "chatPanel"
                    spaceId: root.preview ? "" : root.spaceId
                    canEditSpace: App.space.canEdit
                    canManageSpace: App.space.canManage
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                }
            }
        }
    }

    ShareDialog {
        id: shareDialog

        sharing: App.sharing
        moderation: App.moderation
    }
}
