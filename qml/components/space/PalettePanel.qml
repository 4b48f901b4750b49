// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// Edit mode's element palette (GET /api/v1/elements, the `catalogue`) with search.
// Picking an element arms placement: the view shows its ghost and places it on click.
Pane {
    id: root

    required property PaletteModel catalogue

    padding: Theme.spacingM
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("Elements to place")

    background: Rectangle {
        radius: Theme.radius
        color: Theme.surface
        border.width: 1
        border.color: Theme.border
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: qsTr("Elements")
            color: Theme.text
            font.pixelSize: Theme.fontSubtitle
            font.weight: Font.DemiBold
            Accessible.role: Accessible.Heading
        }

        TextField {
            objectName: "paletteSearch"
            Layout.fillWidth: true
            placeholderText: qsTr("Search elements")
            text: root.catalogue.filter
            color: Theme.text
            placeholderTextColor: Theme.textMuted
            Accessible.name: qsTr("Search elements")
            onTextChanged: root.catalogue.filter = text
            background: Rectangle {
                radius: Theme.radiusSmall
                color: Theme.background
                border.width: parent.activeFocus ? Theme.focusWidth : 1
                border.color: parent.activeFocus ? Theme.focus : Theme.border
            }
        }

        ListView {
            objectName: "paletteList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 2
            model: root.catalogue
            activeFocusOnTab: true
            keyNavigationEnabled: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Elements to place")

            delegate: PaletteItem {
                onPickRequested: elementId => root.catalogue.toggle(elementId)
            }
        }

        Label {
            Layout.fillWidth: true
            visible: root.catalogue.count === 0
            text: qsTr("No element matches.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontCaption
        }
    }
}
