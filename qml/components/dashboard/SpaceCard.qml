// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// One space (or template) on the dashboard: thumbnail, name, size and its actions.
Pane {
    id: root

    required property string spaceId
    required property string name
    required property url thumbnailUrl
    required property string dimensions
    required property bool isTemplate
    required property bool isOwned
    required property bool canManage
    required property string ownerName
    // Templates are the seeded catalogue's: their names in the user's language.
    readonly property string shownName: isTemplate ? qsTranslate("Catalogue", name) : name

    signal useTemplateRequested(string spaceId, string name)
    signal previewRequested(string spaceId, string name)
    signal enterRequested(string spaceId, string name)
    signal renameRequested(string spaceId, string name)
    signal shareRequested(string spaceId, string name)
    signal deleteRequested(string spaceId, string name)

    objectName: (isTemplate ? "templateCard:" : "spaceCard:") + name
    width: Theme.cardWidth
    padding: 0
    focusPolicy: Qt.TabFocus
    Accessible.role: Accessible.ListItem
    Accessible.name: isTemplate ? qsTr("Template %1, %2 tiles").arg(shownName).arg(dimensions)
                   : isOwned || ownerName.length === 0 ? qsTr("Space %1, %2 tiles").arg(name).arg(dimensions)
                   : qsTr("Space %1 of %2, %3 tiles").arg(name).arg(ownerName).arg(dimensions)

    background: Rectangle {
        radius: Theme.radius
        color: Theme.surface
        border.width: root.activeFocus ? Theme.focusWidth : 1
        border.color: root.activeFocus ? Theme.focus : Theme.border
    }

    contentItem: ColumnLayout {
        spacing: 0

        SpaceThumbnail {
            Layout.fillWidth: true
            Layout.preferredHeight: Math.round(root.width * 200 / 320)
            source: root.thumbnailUrl
            dimensions: root.dimensions
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.margins: Theme.spacingM
            spacing: Theme.spacingXs

            Label {
                Layout.fillWidth: true
                text: root.shownName
                color: Theme.text
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
                elide: Text.ElideRight
            }

            Label {
                text: qsTr("%1 tiles").arg(root.dimensions)
                color: Theme.textMuted
                font.pixelSize: Theme.fontCaption
            }

            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                spacing: Theme.spacingS

                // Templates: a read-only look first, "Use template" below.
                AccentButton {
                    objectName: "preview:" + root.name
                    visible: root.isTemplate
                    Layout.fillWidth: true
                    text: qsTr("Preview")
                    Accessible.name: qsTr("Preview template %1").arg(root.shownName)
                    onClicked: root.previewRequested(root.spaceId, root.shownName)
                }

                AccentButton {
                    objectName: "enter:" + root.name
                    visible: !root.isTemplate
                    Layout.fillWidth: true
                    tone: "accent"
                    text: qsTr("Enter")
                    Accessible.name: qsTr("Enter %1").arg(root.name)
                    onClicked: root.enterRequested(root.spaceId, root.name)
                }

                AccentButton {
                    objectName: "share:" + root.name
                    visible: root.canManage && !root.isTemplate
                    leftPadding: Theme.spacingS
                    rightPadding: Theme.spacingS
                    text: qsTr("Share")
                    Accessible.name: qsTr("Share %1").arg(root.name)
                    onClicked: root.shareRequested(root.spaceId, root.name)
                }
            }

            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: 0
                spacing: Theme.spacingS

                AccentButton {
                    objectName: "useTemplate:" + root.name
                    visible: root.isTemplate
                    Layout.fillWidth: true
                    tone: "accent"
                    text: qsTr("Use template")
                    Accessible.name: qsTr("Create a space from template %1").arg(root.shownName)
                    onClicked: root.useTemplateRequested(root.spaceId, root.shownName)
                }


                AccentButton {
                    objectName: "rename:" + root.name
                    visible: root.isOwned
                    Layout.fillWidth: true
                    // Two to a row on a card: the side padding is narrow so longer words
                    // ("Umbenennen") fit whole.
                    leftPadding: Theme.spacingS
                    rightPadding: Theme.spacingS
                    text: qsTr("Rename")
                    Accessible.name: qsTr("Rename %1").arg(root.name)
                    onClicked: root.renameRequested(root.spaceId, root.name)
                }

                AccentButton {
                    objectName: "delete:" + root.name
                    visible: root.isOwned
                    Layout.fillWidth: true
                    // Two to a row on a card: the side padding is narrow so longer words
                    // ("Umbenennen") fit whole.
                    leftPadding: Theme.spacingS
                    rightPadding: Theme.spacingS
                    tone: "danger"
                    text: qsTr("Delete")
                    Accessible.name: qsTr("Delete %1").arg(root.name)
                    onClicked: root.deleteRequested(root.spaceId, root.name)
                }

                Label {
                    objectName: "owner:" + root.name
                    Layout.fillWidth: true
                    visible: !root.isTemplate && !root.isOwned
                    text: root.ownerName.length > 0 ? qsTr("Shared by %1").arg(root.ownerName) : qsTr("Shared with you")
                    elide: Text.ElideRight
                    color: Theme.teal
                    font.pixelSize: Theme.fontCaption
                    font.weight: Font.DemiBold
                }
            }
        }
    }
}
