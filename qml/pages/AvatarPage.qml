// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// Choose an avatar: the server's catalogue as a grid, a large preview of the selection, the
// current choice marked. Saving goes through App.session, which updates the header at once.
Page {
    id: root

    // The selection is the grid's current item; it starts at the user's avatar.
    readonly property string selectedId: grid.currentItem ? (grid.currentItem as AvatarTile).avatarId : ""
    readonly property int selectedIndex: grid.currentIndex

    signal done()

    background: Rectangle {
        color: Theme.background
    }

    Connections {
        target: App.session

        function onAvatarSaved() {
            saveError.message = ""
        }

        function onAvatarSaveFailed(message) {
            saveError.message = message
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingXxl
        spacing: Theme.spacingXxl

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacingL

            Label {
                text: qsTr("Choose your avatar")
                color: Theme.text
                font.pixelSize: Theme.fontHeadline
                font.weight: Font.Bold
                Accessible.role: Accessible.Heading
            }

            Label {
                Layout.fillWidth: true
                text: qsTr("This is how your colleagues see you when you walk around a space.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSubtitle
                wrapMode: Text.Wrap
            }

            StatePlaceholder {
                objectName: "avatarsState"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXxl
                visible: App.session.avatarsState !== LoadState.Ready || App.session.avatars.count === 0
                loading: App.session.avatarsState === LoadState.Loading
                error: App.session.avatarsState === LoadState.Failed
                title: App.session.avatarsState === LoadState.Failed ? qsTr("The avatars could not be loaded")
                     : App.session.avatarsState === LoadState.Ready ? qsTr("This server has no avatars yet.")
                     : qsTr("Loading avatars…")
                message: App.session.avatarsError
                actionText: App.session.avatarsState === LoadState.Failed ? qsTr("Try again") : ""
                onActionTriggered: App.session.reloadAvatars()
            }

            GridView {
                id: grid

                objectName: "avatarGrid"
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: App.session.avatars.count > 0
                clip: true
                cellWidth: 136
                cellHeight: 160
                model: App.session.avatars
                currentIndex: App.session.avatars.count > 0 ? App.session.avatars.indexOf(App.session.avatarId) : -1
                keyNavigationEnabled: true
                activeFocusOnTab: true
                focus: true
                Accessible.role: Accessible.List
                Accessible.name: qsTr("Avatars")

                delegate: AvatarTile {}
            }
        }

        // The preview.
        Rectangle {
            Layout.preferredWidth: 320
            Layout.fillHeight: true
            Layout.maximumHeight: 520
            Layout.alignment: Qt.AlignTop
            radius: Theme.radius
            color: Theme.surface
            border.color: Theme.border

            ColumnLayout {
                anchors.fill: parent
                anchors.margins: Theme.spacingXl
                spacing: Theme.spacingL

                Rectangle {
                    Layout.fillWidth: true
                    Layout.preferredHeight: width
                    radius: Theme.radius
                    gradient: Gradient {
                        GradientStop { position: 0; color: Theme.surfaceAlt }
                        GradientStop { position: 1; color: Theme.background }
                    }

                    Image {
                        objectName: "avatarPreview"
                        anchors.fill: parent
                        anchors.margins: Theme.spacingXl
                        source: App.session.avatars.count > 0 ? App.session.avatars.imageUrl(root.selectedId) : ""
                        sourceSize.width: width * Screen.devicePixelRatio
                        sourceSize.height: height * Screen.devicePixelRatio
                        fillMode: Image.PreserveAspectFit
                        Accessible.role: Accessible.Graphic
                        Accessible.name: qsTr("Preview of the selected avatar")
                    }

                    Label {
                        anchors.centerIn: parent
                        visible: root.selectedIndex < 0
                        text: qsTr("Pick an avatar")
                        color: Theme.textMuted
                    }
                }

                Label {
                    Layout.fillWidth: true
                    text: App.session.avatars.count > 0 ? App.session.avatars.name(root.selectedId) : ""
                    color: Theme.text
                    font.pixelSize: Theme.fontTitle
                    font.weight: Font.Bold
                    horizontalAlignment: Text.AlignHCenter
                }

                ErrorBanner {
                    id: saveError

                    Layout.fillWidth: true
                    message: ""
                }

                Item {
                    Layout.fillHeight: true
                }

                AccentButton {
                    objectName: "saveAvatarButton"
                    Layout.fillWidth: true
                    tone: "accent"
                    text: root.selectedId === App.session.avatarId && root.selectedId.length > 0
                          ? qsTr("This is your avatar") : qsTr("Use this avatar")
                    busy: App.session.savingAvatar
                    enabled: root.selectedIndex >= 0 && root.selectedId !== App.session.avatarId
                             && !App.session.savingAvatar
                    onClicked: App.session.setAvatar(root.selectedId)
                }

                AccentButton {
                    objectName: "avatarBackButton"
                    Layout.fillWidth: true
                    text: qsTr("Back to spaces")
                    onClicked: root.done()
                }
            }
        }
    }
}
