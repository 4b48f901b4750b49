// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// "Join with a link", the user's spaces, the spaces shared with them (with their owners), the
// templates (preview or use), for Admins every space page by page; create, rename, share and
// delete. The lists and the operations are App.spaces and App.invites (C++).
Page {
    id: root

    signal avatarRequested()
    signal enterRequested(string spaceId, string name)
    signal previewRequested(string spaceId, string name)

    background: Rectangle {
        color: Theme.background
    }

    ScrollView {
        id: scroll

        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            x: Theme.spacingXxl
            width: scroll.availableWidth - 2 * Theme.spacingXxl
            spacing: Theme.spacingXl

            Item {
                Layout.preferredHeight: Theme.spacingS
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingM

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingXs

                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Hello, %1").arg(App.session.username)
                        color: Theme.text
                        font.pixelSize: Theme.fontHeadline
                        font.weight: Font.Bold
                        Accessible.role: Accessible.Heading
                    }

                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Pick a space to meet your team, or make a new one.")
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSubtitle
                    }
                }

                AccentButton {
                    objectName: "reloadButton"
                    text: qsTr("Reload")
                    enabled: App.spaces.state !== LoadState.Loading
                    onClicked: App.spaces.reload()
                }

                AccentButton {
                    objectName: "newSpaceButton"
                    tone: "accent"
                    text: qsTr("New empty space")
                    onClicked: createDialog.openFor("", "")
                }
            }

            ErrorBanner {
                objectName: "storageWarning"
                Layout.fillWidth: true
                warning: true
                message: App.session.storageWarning
            }

            ErrorBanner {
                objectName: "avatarHint"
                Layout.fillWidth: true
                warning: true
                message: App.session.avatarId.length === 0
                         ? qsTr("You have no avatar yet. Choose one so your colleagues recognise you.") : ""
                actionText: qsTr("Choose avatar")
                onActionTriggered: root.avatarRequested()
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                FormField {
                    id: joinField

                    objectName: "joinLinkField"
                    Layout.fillWidth: true
                    label: qsTr("Join with a link")
                    placeholderText: qsTr("metaverse://… or https://…/invite/…")
                    hint: qsTr("Paste an invite link someone sent you.")
                    error: App.invites.errorMessage
                    onAccepted: joinButton.clicked()
                    field.onTextEdited: App.invites.clearError()
                }

                AccentButton {
                    id: joinButton

                    objectName: "joinLinkButton"
                    Layout.alignment: Qt.AlignTop
                    Layout.topMargin: joinField.field.y
                    text: qsTr("Join")
                    Accessible.name: qsTr("Join with this link")
                    busy: App.invites.busy
                    enabled: !App.invites.busy && joinField.text.trim().length > 0
                    onClicked: App.invites.accept(joinField.text)
                }
            }

            ErrorBanner {
                objectName: "actionError"
                Layout.fillWidth: true
                message: createDialog.visible || renameDialog.visible || deleteDialog.visible ? "" : App.spaces.actionError
            }

            StatePlaceholder {
                objectName: "spacesState"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXxl
                visible: App.spaces.state === LoadState.Loading && App.spaces.templates.count === 0
                         || App.spaces.state === LoadState.Failed
                loading: App.spaces.state === LoadState.Loading
                error: App.spaces.state === LoadState.Failed
                title: App.spaces.state === LoadState.Failed ? qsTr("Your spaces could not be loaded")
                                                             : qsTr("Loading your spaces…")
                message: App.spaces.state === LoadState.Failed ? App.spaces.errorMessage : ""
                actionText: App.spaces.state === LoadState.Failed ? qsTr("Try again") : ""
                onActionTriggered: App.spaces.reload()
            }

            SpaceSection {
                objectName: "mySpaces"
                Layout.fillWidth: true
                visible: App.spaces.state === LoadState.Ready || App.spaces.mine.count > 0
                title: qsTr("Your spaces")
                model: App.spaces.mine
                emptyText: qsTr("You have no spaces yet. Start from one of the templates below, or create an empty space.")
                onRenameRequested: (spaceId, name) => renameDialog.openFor(spaceId, name)
                onShareRequested: (spaceId, name) => shareDialog.openFor(spaceId, name)
                onDeleteRequested: (spaceId, name) => deleteDialog.openFor(spaceId, name)
                onEnterRequested: (spaceId, name) => root.enterRequested(spaceId, name)
            }

            SpaceSection {
                objectName: "sharedSpaces"
                Layout.fillWidth: true
                visible: App.spaces.shared.count > 0
                title: qsTr("Shared with you")
                model: App.spaces.shared
                onShareRequested: (spaceId, name) => shareDialog.openFor(spaceId, name)
                onEnterRequested: (spaceId, name) => root.enterRequested(spaceId, name)
            }

            SpaceSection {
                objectName: "templates"
                Layout.fillWidth: true
                visible: App.spaces.state === LoadState.Ready || App.spaces.templates.count > 0
                title: qsTr("Templates")
                model: App.spaces.templates
                emptyText: qsTr("This server has no templates yet.")
                onUseTemplateRequested: (spaceId, name) => createDialog.openFor(spaceId, name)
                onPreviewRequested: (spaceId, name) => root.previewRequested(spaceId, name)
            }

            SpaceSection {
                objectName: "allSpaces"
                Layout.fillWidth: true
                visible: App.session.isAdmin
                title: qsTr("All spaces")
                model: App.spaces.all
                emptyText: App.spaces.allState === LoadState.Failed ? App.spaces.allError
                                                                     : qsTr("There are no spaces on this server yet.")
                onShareRequested: (spaceId, name) => shareDialog.openFor(spaceId, name)
                onEnterRequested: (spaceId, name) => root.enterRequested(spaceId, name)
                onRenameRequested: (spaceId, name) => renameDialog.openFor(spaceId, name)
                onDeleteRequested: (spaceId, name) => deleteDialog.openFor(spaceId, name)
            }

            RowLayout {
                visible: App.session.isAdmin && App.spaces.allPageCount > 1
                spacing: Theme.spacingS

                AccentButton {
                    objectName: "allPreviousButton"
                    text: qsTr("Previous page")
                    enabled: App.spaces.allPage > 1 && App.spaces.allState !== LoadState.Loading
                    onClicked: App.spaces.loadAllSpaces(App.spaces.allPage - 1)
                }

                Label {
                    objectName: "allPageLabel"
                    text: qsTr("Page %1 of %2").arg(App.spaces.allPage).arg(App.spaces.allPageCount)
                    color: Theme.textMuted
                }

                AccentButton {
                    objectName: "allNextButton"
                    text: qsTr("Next page")
                    enabled: App.spaces.allPage < App.spaces.allPageCount && App.spaces.allState !== LoadState.Loading
                    onClicked: App.spaces.loadAllSpaces(App.spaces.allPage + 1)
                }
            }

            Item {
                Layout.preferredHeight: Theme.spacingXl
            }
        }
    }

    CreateSpaceDialog {
        id: createDialog

        objectName: "createDialog"
    }

    RenameSpaceDialog {
        id: renameDialog

        objectName: "renameDialog"
    }

    DeleteSpaceDialog {
        id: deleteDialog

        objectName: "deleteDialog"
    }

    ShareDialog {
        id: shareDialog

        sharing: App.sharing
        moderation: App.moderation
    }

    // Admins: the first page of every space, again after a reload.
    Connections {
        target: App.spaces

        function onStateChanged() {
            if (App.session.isAdmin && App.spaces.state === LoadState.Ready)
                App.spaces.loadAllSpaces(App.spaces.allPage)
        }
    }
}
