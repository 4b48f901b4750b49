// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// Who a space is shared with (for its owner or an Admin), in four tabs: People (add someone by
// username, with or without the right to edit; change that right or remove them), Invite links
// (make one, copy it in either form, revoke it), Bans (lift one) and Activity (the audit log).
// `sharing` (App.sharing) and `moderation` (App.moderation) hold the lists and talk to the server.
// Escape or Close closes it.
AppDialog {
    id: root

    required property SpaceSharing sharing
    required property SpaceModeration moderation
    property string spaceName: ""

    function openFor(id, name) {
        spaceName = name
        usernameField.text = ""
        canEditBox.checked = false
        tabs.currentIndex = 0
        newLink.text = ""
        sharing.open(id)
        moderation.open(id)
        open()
    }

    objectName: "shareDialog"
    title: qsTr("Share “%1”").arg(spaceName)
    width: 600
    closePolicy: Popup.CloseOnEscape
    onOpened: usernameField.focusField()

    Connections {
        target: root.sharing

        function onAdded() {
            usernameField.text = ""
            canEditBox.checked = false
            usernameField.focusField()
        }

        function onInviteCreated(inviteId, link) {
            newLink.text = link
        }
    }

    footer: DialogButtonBox {
        padding: Theme.spacingXl
        topPadding: 0
        alignment: Qt.AlignRight
        background: null

        AccentButton {
            objectName: "shareCloseButton"
            text: qsTr("Close")
            DialogButtonBox.buttonRole: Dialog.RejectRole
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacingM

        TabBar {
            id: tabs

            objectName: "shareTabs"
            Layout.fillWidth: true
            padding: 2
            spacing: 2
            background: Rectangle {
                color: Theme.surfaceAlt
                radius: Theme.radiusSmall
            }

            SegmentButton {
                objectName: "shareTabPeople"
                text: qsTr("People")
            }

            SegmentButton {
                objectName: "shareTabInvites"
                text: qsTr("Invite links")
            }

            SegmentButton {
                objectName: "shareTabBans"
                text: qsTr("Bans (%1)").arg(root.moderation.bans.count)
            }

            SegmentButton {
                objectName: "shareTabActivity"
                text: qsTr("Activity")
            }
        }

        // The tabs' pages, one shown (a StackLayout in Qt 6.4 keeps the implicit height it had
        // first, so a page growing with its list did not grow the dialog).
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0

            ColumnLayout {
                Layout.fillWidth: true
                visible: tabs.currentIndex === 0
                spacing: Theme.spacingM

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingS

                    FormField {
                        id: usernameField

                        objectName: "shareUsernameField"
                        Layout.fillWidth: true
                        label: qsTr("Add someone by username")
                        error: root.sharing.usernameError
                        onAccepted: addButton.clicked()
                    }

                    AccentButton {
                        id: addButton

                        objectName: "shareAddButton"
                        // Level with the field (the label sits above it; an error below moves nothing).
                        Layout.alignment: Qt.AlignTop
                        Layout.topMargin: usernameField.field.y
                        tone: "accent"
                        text: qsTr("Add")
                        Accessible.name: canEditBox.checked ? qsTr("Add as editor") : qsTr("Add as member")
                        busy: root.sharing.busy
                        enabled: !root.sharing.busy && usernameField.text.trim().length > 0
                        onClicked: root.sharing.add(usernameField.text, canEditBox.checked)
                    }
                }

                CheckBox {
                    id: canEditBox

                    objectName: "shareCanEditBox"
                    text: qsTr("May edit the space")
                    Accessible.name: text
                    Accessible.onPressAction: canEditBox.toggle()
                    Keys.onReturnPressed: canEditBox.toggle()
                }

                ErrorBanner {
                    objectName: "shareError"
                    Layout.fillWidth: true
                    message: root.sharing.errorMessage
                    actionText: qsTr("Dismiss")
                    onActionTriggered: root.sharing.clearError()
                }

                Label {
                    text: qsTr("Shared with (%1)").arg(root.sharing.members.count)
                    color: Theme.text
                    font.pixelSize: Theme.fontSubtitle
                    font.weight: Font.DemiBold
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }

                Label {
                    objectName: "shareEmpty"
                    Layout.fillWidth: true
                    visible: root.sharing.members.count === 0
                    text: root.sharing.state === LoadState.Loading ? qsTr("Loading…")
                                                                    : qsTr("Only you so far. Add someone above.")
                    color: Theme.textMuted
                    wrapMode: Text.Wrap
                }

                ListView {
                    id: memberList

                    objectName: "shareMemberList"
                    Layout.fillWidth: true
                    // At least a row's height, so that the first row is made (and measured).
                    Layout.preferredHeight: Math.min(Math.max(contentHeight, 48), 240)
                    visible: count > 0
                    clip: true
                    spacing: 2
                    model: root.sharing.members
                    activeFocusOnTab: true
                    keyNavigationEnabled: true
                    Accessible.role: Accessible.List
                    Accessible.name: qsTr("People this space is shared with")

                    delegate: MemberRow {
                        onCanEditRequested: (userId, canEdit) => root.sharing.setCanEdit(userId, canEdit)
                        onRemoveRequested: userId => root.sharing.remove(userId)
                    }
                }
            }

            ColumnLayout {
                Layout.fillWidth: true
                visible: tabs.currentIndex === 1
                spacing: Theme.spacingM

                Label {
                    Layout.fillWidth: true
                    text: qsTr("Anyone with a link can join as a member until it expires or is used up. The app link opens the Metaverse app; the web link opens a page that explains how.")
                    color: Theme.textMuted
                    wrapMode: Text.Wrap
                }

                GridLayout {
                    Layout.fillWidth: true
                    columns: 2
                    columnSpacing: Theme.spacingM
                    rowSpacing: Theme.spacingS

                    Label {
                        text: qsTr("Expires after (hours)")
                        color: Theme.text
                    }

                    SpinBox {
                        id: hoursBox

                        objectName: "inviteHoursBox"
                        from: 1
                        to: root.sharing.inviteMaxHours
                        value: root.sharing.inviteDefaultHours
                        editable: true
                        Accessible.name: qsTr("Expires after this many hours")
                    }

                    Label {
                        text: qsTr("Uses")
                        color: Theme.text
                    }

                    SpinBox {
                        id: usesBox

                        objectName: "inviteUsesBox"
                        from: 0
                        to: root.sharing.inviteMaxUses
                        value: 0
                        editable: true
                        textFromValue: (value, locale) => value === 0 ? qsTr("No limit") : Number(value).toLocaleString(locale, "f", 0)
                        valueFromText: (text, locale) => text === qsTr("No limit") ? 0 : Number.fromLocaleString(locale, text)
                        Accessible.name: qsTr("How many people may use the link (0: no limit)")
                    }
                }

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingS

                    CheckBox {
                        id: inviteCanEditBox

                        objectName: "inviteCanEditBox"
                        Layout.fillWidth: true
                        text: qsTr("People who join may edit the space")
                        Accessible.name: text
                        Accessible.onPressAction: inviteCanEditBox.toggle()
                        Keys.onReturnPressed: inviteCanEditBox.toggle()
                    }

                    AccentButton {
                        objectName: "inviteCreateButton"
                        tone: "accent"
                        text: qsTr("Create link")
                        busy: root.sharing.busy
                        enabled: !root.sharing.busy
                        onClicked: root.sharing.createInvite(inviteCanEditBox.checked, hoursBox.value, usesBox.value)
                    }
                }

                Label {
                    objectName: "inviteError"
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: root.sharing.inviteError
                    color: Theme.danger
                    wrapMode: Text.Wrap
                }

                TextField {
                    id: newLink

                    objectName: "inviteNewLink"
                    Layout.fillWidth: true
                    visible: text.length > 0
                    readOnly: true
                    selectByMouse: true
                    Accessible.name: qsTr("The new invite link (copied)")
                }

                Label {
                    visible: newLink.text.length > 0
                    text: qsTr("Copied to the clipboard.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontCaption
                }

                Label {
                    objectName: "inviteEmpty"
                    Layout.fillWidth: true
                    visible: root.sharing.invites.count === 0
                    text: qsTr("No invite links yet.")
                    color: Theme.textMuted
                }

                ListView {
                    objectName: "inviteList"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.min(Math.max(contentHeight, 48), 200)
                    visible: count > 0
                    clip: true
                    spacing: 2
                    model: root.sharing.invites
                    activeFocusOnTab: true
                    keyNavigationEnabled: true
                    Accessible.role: Accessible.List
                    Accessible.name: qsTr("Invite links")

                    delegate: InviteRow {
                        onCopyRequested: (inviteId, web) => root.sharing.copyLink(inviteId, web)
                        onRevokeRequested: inviteId => root.sharing.revokeInvite(inviteId)
                    }
                }
            }

            ColumnLayout {
                Layout.fillWidth: true
                visible: tabs.currentIndex === 2
                spacing: Theme.spacingM

                ErrorBanner {
                    objectName: "moderationError"
                    Layout.fillWidth: true
                    message: root.moderation.errorMessage
                    actionText: qsTr("Dismiss")
                    onActionTriggered: root.moderation.clearMessages()
                }

                Label {
                    objectName: "bansEmpty"
                    Layout.fillWidth: true
                    visible: root.moderation.bans.count === 0
                    text: qsTr("Nobody is banned from this space.")
                    color: Theme.textMuted
                }

                ListView {
                    objectName: "banList"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.min(Math.max(contentHeight, 48), 300)
                    visible: count > 0
                    clip: true
                    spacing: 2
                    model: root.moderation.bans
                    activeFocusOnTab: true
                    keyNavigationEnabled: true
                    Accessible.role: Accessible.List
                    Accessible.name: qsTr("People banned from this space")

                    delegate: BanRow {
                        onUnbanRequested: (userId, username) => root.moderation.unban(userId, username)
                    }
                }
            }

            ColumnLayout {
                Layout.fillWidth: true
                visible: tabs.currentIndex === 3
                spacing: Theme.spacingM

                Label {
                    objectName: "activityEmpty"
                    Layout.fillWidth: true
                    visible: root.moderation.audit.count === 0
                    text: qsTr("Nothing has happened yet.")
                    color: Theme.textMuted
                }

                ListView {
                    objectName: "auditList"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.min(Math.max(contentHeight, 48), 300)
                    visible: count > 0
                    clip: true
                    spacing: 2
                    model: root.moderation.audit
                    activeFocusOnTab: true
                    keyNavigationEnabled: true
                    Accessible.role: Accessible.List
                    Accessible.name: qsTr("What happened in this space")

                    delegate: ItemDelegate {
                        id: entry

                        required property string description
                        required property date time

                        width: ListView.view ? ListView.view.width : implicitWidth
                        text: qsTr("%1 · %2").arg(description).arg(time.toLocaleString(Qt.locale(App.languageCode), Locale.ShortFormat))
                        Accessible.role: Accessible.ListItem
                        Accessible.name: text
                    }
                }
            }
        }
    }
}
