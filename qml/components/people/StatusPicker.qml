// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// Sets the signed-in user's status (space.status, remembered in the settings): what the
// others see in their people panel.
ComboBox {
    id: control

    required property SpaceSession space

    objectName: "statusBox"
    textRole: "label"
    valueRole: "status"
    model: [
        { label: qsTr("Available"), status: "available" },
        { label: qsTr("Busy"), status: "busy" },
        { label: qsTr("Away"), status: "away" }
    ]
    currentIndex: count > 0 ? indexOfValue(control.space.status) : -1
    font.pixelSize: Theme.fontBody
    Accessible.name: qsTr("Your status: %1").arg(displayText)
    onActivated: control.space.status = currentValue

    contentItem: RowLayout {
        spacing: Theme.spacingS

        Item {
            implicitWidth: Theme.spacingXs
        }

        StatusDot {
            status: control.space.status
        }

        Label {
            Layout.fillWidth: true
            text: control.displayText
            font: control.font
            color: Theme.text
            elide: Text.ElideRight
        }
    }

    delegate: ItemDelegate {
        id: entry

        required property var modelData

        objectName: "status:" + entry.modelData.status
        width: ListView.view ? ListView.view.width : implicitWidth
        highlighted: ListView.isCurrentItem // the popup's list follows highlightedIndex
        Accessible.name: entry.modelData.label

        contentItem: RowLayout {
            spacing: Theme.spacingS

            StatusDot {
                status: entry.modelData.status
            }

            Label {
                Layout.fillWidth: true
                text: entry.modelData.label
                font.pixelSize: Theme.fontBody
                color: Theme.text
            }
        }
    }
}
