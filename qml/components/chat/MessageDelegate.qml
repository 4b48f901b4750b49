// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// One chat message: sender, time and the text, shown as plain text with its links clickable
// (nothing in a message is interpreted as markup; links open only when clicked, or with Enter on
// the message). The user's own messages say when they are still being sent, or failed ("Retry").
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
    property bool current: false

    readonly property bool pending: sendState === MessageListModel.Pending
    readonly property bool failed: sendState === MessageListModel.Failed

    objectName: "message:" + index
    implicitHeight: column.implicitHeight + 2 * Theme.spacingS
    radius: Theme.radiusSmall
    color: own ? Theme.surfaceAlt : Theme.surface
    border.width: current ? Theme.focusWidth : (failed ? 1 : 0)
    border.color: current ? Theme.focus : Theme.danger
    Accessible.role: Accessible.ListItem
    Accessible.name: (failed ? qsTr("%1 at %2, not sent: %3") : pending ? qsTr("%1 at %2, sending: %3")
                                                                      : qsTr("%1 at %2: %3"))
                     .arg(senderName).arg(timeText).arg(text)
    Accessible.description: failed ? qsTr("Press Enter to send it again.")
                                   : links.length > 0 ? qsTr("Press Enter to open %1.").arg(links[0]) : ""

    ColumnLayout {
        id: column

        anchors.fill: parent
        anchors.topMargin: Theme.spacingS
        anchors.bottomMargin: Theme.spacingS
        anchors.leftMargin: Theme.spacingM
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

            Label {
                text: root.failed ? qsTr("Not sent") : root.pending ? qsTr("Sending…") : root.timeText
                color: root.failed ? Theme.danger : Theme.textMuted
                font.pixelSize: Theme.fontCaption
            }
        }

        Text {
            id: body

            objectName: "messageText"
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
