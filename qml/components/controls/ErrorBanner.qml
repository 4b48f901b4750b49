// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// A message strip: an error (with an optional action such as "Try again") or a warning.
Rectangle {
    id: root

    required property string message
    property bool warning: false
    property string actionText: ""

    signal actionTriggered()

    visible: message.length > 0
    implicitHeight: row.implicitHeight + 2 * Theme.spacingM
    radius: Theme.radiusSmall
    color: warning ? Theme.warningSurface : Theme.dangerSurface
    border.width: 1
    border.color: warning ? Theme.mustard : Theme.coral
    Accessible.role: Accessible.AlertMessage
    Accessible.name: message

    RowLayout {
        id: row

        anchors.fill: parent
        anchors.margins: Theme.spacingM
        spacing: Theme.spacingM

        Rectangle {
            Layout.alignment: Qt.AlignTop
            implicitWidth: 22
            implicitHeight: 22
            radius: 11
            color: root.warning ? Theme.mustard : Theme.coral

            Text {
                anchors.centerIn: parent
                text: "!"
                color: root.warning ? Theme.ink : "#ffffff"
                font.pixelSize: Theme.fontBody
                font.bold: true
            }
        }

        Label {
            Layout.fillWidth: true
            text: root.message
            color: Theme.text
            wrapMode: Text.Wrap
            font.pixelSize: Theme.fontBody
        }

        AccentButton {
            objectName: root.objectName.length > 0 ? root.objectName + "Action" : ""
            visible: root.actionText.length > 0
            text: root.actionText
            onClicked: root.actionTriggered()
        }
    }
}
