// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// One chat message: the sender's avatar and name, time and the text, shown as plain text with its
// links clickable (nothing in a message is interpreted as markup; links open only when clicked,
// or with Enter on the message). The user's own messages say when they are still being sent, or
// failed ("Retry"). A deleted message shows as "Message removed"; who may delete a message (its
// sender, a moderator) gets "Delete" on it (also the Delete key on the current message). A
// message that @mentions the user is highlighted.
Rectangle {
    id: root

    required property int index
    required property string messageId
    required property string senderName
    required property string text
    required property string richText
    required property string timeText
    required property bool own
    required property int sendState
    required property string clientMsgId
    required property string error
    required property list<string> links
    required property bool deleted
    required property string senderAvatarId
    required property bool mentionsMe
    property bool current: false
    // The user may delete others' messages here (the space's owner, Admins).
    property bool canModerate: false
    readonly property bool deletable: !deleted && messageId.length > 0 && (own || canModerate)

    readonly property bool pending: sendState === MessageListModel.Pending
    readonly property bool failed: sendState === MessageListModel.Failed

    objectName: "message:" + index
    implicitHeight: column.implicitHeight + 2 * Theme.spacingS
    radius: Theme.radiusSmall
    color: own ? Theme.surfaceAlt : Theme.surface
    border.width: current ? Theme.focusWidth : (failed || mentionsMe ? 1 : 0)
    border.color: current ? Theme.focus : failed ? Theme.danger : Theme.accent
    Accessible.role: Accessible.ListItem
    Accessible.name: deleted ? qsTr("%1 at %2: message removed").arg(senderName).arg(timeText)
                             : (failed ? qsTr("%1 at %2, not sent: %3") : pending ? qsTr("%1 at %2, sending: %3")
                                       : mentionsMe ? qsTr("%1 at %2, mentions you: %3") : qsTr("%1 at %2: %3"))
                               .arg(senderName).arg(timeText).arg(text)
    Accessible.description: failed ? qsTr("Press Enter to send it again.")
                                   : links.length > 0 ? qsTr("Press Enter to open %1.").arg(links[0])
                                   : deletable ? qsTr("Press Delete to delete it.") : ""

    HoverHandler {
        id: hover
    }

    AvatarBadge {
        id: avatar

        anchors.left: parent.left
        anchors.top: parent.top
        anchors.leftMargin: Theme.spacingS
        anchors.topMargin: Theme.spacingS
        size: 28
        source: App.session.avatars.imageUrl(root.senderAvatarId)
        name: root.senderName
        Accessible.ignored: true
    }

    ColumnLayout {
        id: column

        anchors.fill: parent
        anchors.leftMargin: Theme.spacingM + avatar.width + Theme.spacingS
        anchors.topMargin: Theme.spacingS
        anchors.bottomMargin: Theme.spacingS
        anchors.rightMargin: Theme.spacingM
        spacing: 2

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            Label {
                Layout.fillWidth: true
                text: root.senderName
                color: Theme.text
                font.pixelSize: Theme.fontCaption
                font.weight: Font.DemiBold
                elide: Text.ElideRight
            }

            TextButton {
                objectName: "deleteMessage:" + root.index
                // Laid out whenever it may be used, shown on hover: a row keeps its height, so the
                // list does not move under the mouse.
                visible: root.deletable
                opacity: hover.hovered || root.current || activeFocus ? 1 : 0
                implicitHeight: 20
                text: qsTr("Delete")
                Accessible.name: qsTr("Delete the message from %1").arg(root.senderName)
                onClicked: App.chat.deleteMessage(root.messageId)
            }

            Label {
                text: root.failed ? qsTr("Not sent") : root.pending ? qsTr("Sending…") : root.timeText
                color: root.failed ? Theme.danger : Theme.textMuted
                font.pixelSize: Theme.fontCaption
            }
        }

        Label {
            objectName: "messageRemoved"
            Layout.fillWidth: true
            visible: root.deleted
            text: qsTr("Message removed")
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody
            font.italic: true
        }

        Text {
            id: body

            objectName: "messageText"
            visible: !root.deleted
            Layout.fillWidth: true
            // StyledText with the model's escaped text: only the links it adds are markup.
            text: root.richText
            textFormat: Text.StyledText
            wrapMode: Text.Wrap
            color: root.pending ? Theme.textMuted : Theme.text
            linkColor: Theme.focus
            font.pixelSize: Theme.fontBody
            onLinkActivated: link => App.chat.openLink(link)

            HoverHandler {
                cursorShape: body.hoveredLink.length > 0 ? Qt.PointingHandCursor : Qt.IBeamCursor
            }
        }

        RowLayout {
            visible: root.failed
            spacing: Theme.spacingS

            Label {
                Layout.fillWidth: true
                text: root.error
                color: Theme.danger
                font.pixelSize: Theme.fontCaption
                wrapMode: Text.Wrap
            }

            AccentButton {
                objectName: "retryButton"
                flat: true
                text: qsTr("Retry")
                Accessible.name: qsTr("Send again")
                onClicked: App.chat.retry(root.clientMsgId)
            }
        }
    }
}
