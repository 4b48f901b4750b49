// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// First page: the server address, then sign in or create an account. Errors come from
// App.session (its checks and the server's problem+json field errors).
Page {
    id: root

    property bool creatingAccount: false

    function submit() {
        if (creatingAccount)
            App.session.signUp(serverField.text, usernameField.text, passwordField.text)
        else
            App.session.signIn(serverField.text, usernameField.text, passwordField.text)
    }

    background: Rectangle {
        color: Theme.background
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        // The welcome panel, in the artwork's colours.
        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: root.width * 0.42
            clip: true
            gradient: Gradient {
                GradientStop { position: 0; color: Theme.heroTop }
                GradientStop { position: 1; color: Theme.heroBottom }
            }

            Rectangle {
                x: -width / 3
                y: parent.height - height * 0.6
                width: parent.width * 0.9
                height: width
                radius: width / 2
                color: "#ffffff"
                opacity: 0.07
            }

            Rectangle {
                x: parent.width - width * 0.55
                y: -height * 0.35
                width: parent.width * 0.6
                height: width
                radius: width / 2
                color: Theme.mustard
                opacity: 0.18
            }

            ColumnLayout {
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                anchors.margins: Theme.spacingXxl
                spacing: Theme.spacingL

                Image {
                    source: "qrc:/icons/metaverse.svg"
                    sourceSize.width: 112 * Screen.devicePixelRatio
                    sourceSize.height: 112 * Screen.devicePixelRatio
                    Layout.preferredWidth: 112
                    Layout.preferredHeight: 112
                    Accessible.role: Accessible.Graphic
                    Accessible.name: qsTr("Metaverse logo")
                }

                Label {
                    Layout.fillWidth: true
                    text: qsTr("Metaverse")
                    color: "#ffffff"
                    font.pixelSize: Theme.fontDisplay
                    font.weight: Font.Bold
                }

                Label {
                    Layout.fillWidth: true
                    text: qsTr("Your team's own 2D office: walk over to a colleague, gather in a meeting room, chat where you stand.")
                    color: "#ffffff"
                    opacity: 0.9
                    font.pixelSize: Theme.fontSubtitle
                    wrapMode: Text.Wrap
                    lineHeight: 1.25
                }
            }
        }

        // The form.
        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true

            ScrollView {
                anchors.fill: parent
                contentWidth: availableWidth

                ColumnLayout {
                    width: Math.min(parent.width - 2 * Theme.spacingXxl, 420)
                    x: (parent.width - width) / 2
                    y: Math.max(Theme.spacingXxl, (root.height - implicitHeight) / 2)
                    spacing: Theme.spacingL

                    Label {
                        Layout.fillWidth: true
                        text: root.creatingAccount ? qsTr("Create your account") : qsTr("Welcome back")
                        color: Theme.text
                        font.pixelSize: Theme.fontHeadline
                        font.weight: Font.Bold
                        Accessible.role: Accessible.Heading
                    }

                    TabBar {
                        id: modeBar

                        objectName: "modeBar"
                        Layout.fillWidth: true
                        currentIndex: root.creatingAccount ? 1 : 0
                        padding: 2
                        spacing: 2
                        background: Rectangle {
                            color: Theme.surfaceAlt
                            radius: Theme.radiusSmall
                        }

                        SegmentButton {
                            objectName: "signInTab"
                            text: qsTr("Sign in")
                            onClicked: {
                                root.creatingAccount = false
                                App.session.clearErrors()
                            }
                        }

                        SegmentButton {
                            objectName: "signUpTab"
                            text: qsTr("Create account")
                            onClicked: {
                                root.creatingAccount = true
                                App.session.clearErrors()
                            }
                        }
                    }

                    ErrorBanner {
                        objectName: "pendingInvite"
                        Layout.fillWidth: true
                        warning: true
                        message: App.invites.pendingLink.length > 0 ? qsTr("Sign in to join the space your invite link is for.") : ""
                    }

                    ErrorBanner {
                        objectName: "signInError"
                        Layout.fillWidth: true
                        message: App.session.errorMessage
                        actionText: App.session.restoreFailed ? qsTr("Try again") : ""
                        onActionTriggered: App.session.restore()
                    }

                    FormField {
                        id: serverField

                        objectName: "serverField"
                        Layout.fillWidth: true
                        label: qsTr("Server address")
                        text: App.settings.serverUrl
                        placeholderText: "http://127.0.0.1:3001"
                        error: App.session.serverUrlError
                        onAccepted: usernameField.focusField()
                    }

                    FormField {
                        id: usernameField

                        objectName: "usernameField"
                        Layout.fillWidth: true
                        label: qsTr("Username")
                        text: App.settings.lastUsername
                        hint: root.creatingAccount ? qsTr("3 to 32 letters, digits, dots, dashes or underscores.") : ""
                        error: App.session.usernameError
                        onAccepted: passwordField.focusField()
                        Component.onCompleted: {
                            if (text.length === 0)
                                focusField()
                        }
                    }

                    FormField {
                        id: passwordField

                        objectName: "passwordField"
                        Layout.fillWidth: true
                        label: qsTr("Password")
                        echoMode: TextInput.Password
                        error: App.session.passwordError
                        onAccepted: root.submit()
                        Component.onCompleted: {
                            if (usernameField.text.length > 0)
                                focusField()
                        }
                    }

                    AccentButton {
                        objectName: "submitButton"
                        Layout.fillWidth: true
                        Layout.topMargin: Theme.spacingS
                        tone: "accent"
                        text: root.creatingAccount ? qsTr("Create account") : qsTr("Sign in")
                        busy: App.session.busy
                        enabled: !App.session.busy
                        onClicked: root.submit()
                    }

                    Label {
                        Layout.fillWidth: true
                        visible: App.session.status === Session.Restoring
                        text: qsTr("Signing you in again…")
                        color: Theme.textMuted
                        horizontalAlignment: Text.AlignHCenter
                    }

                    Label {
                        Layout.fillWidth: true
                        visible: App.session.storageWarning.length > 0
                        text: App.session.storageWarning
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontCaption
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
    }
}
