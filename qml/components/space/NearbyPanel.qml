// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// The placed elements nearest you (space.nearbyElements: nearest first), each with where it
// is in words and "go to" (walk next to it along the shortest path): the space's furniture for
// those who do not use the canvas. Collapsible, so the chat below keeps its room.
Pane {
    id: root

    required property SpaceSession space
    property bool expanded: true

    // "Go to" found no way there.
    signal unreachable(string name)
    signal walking()

    padding: Theme.spacingM
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("Elements near you")

    background: Rectangle {
        radius: Theme.radius
        color: Theme.surface
        border.width: 1
        border.color: Theme.border
    }

    // A child, not `contentItem:` (deferred: no ids inside); a single child sizes the pane.
    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacingS

        ToolButton {
            id: header

            objectName: "nearbyToggle"
            Layout.fillWidth: true
            checkable: true
            checked: root.expanded
            padding: 0
            Accessible.role: Accessible.Button
            Accessible.name: qsTr("Nearby (%1)").arg(root.space.nearbyElements.count)
            Accessible.description: root.expanded ? qsTr("Expanded: activate to hide the list")
                                                  : qsTr("Collapsed: activate to show the list")
            onToggled: root.expanded = checked
            // Qt 6.4 ignores AT-SPI's Press on a ToolButton: toggle as a click does.
            Accessible.onPressAction: {
                header.toggle()
                header.toggled()
            }

            contentItem: RowLayout {
                spacing: Theme.spacingS

                Label {
                    text: root.expanded ? "▾" : "▸"
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSubtitle
                }

                Label {
                    Layout.fillWidth: true
                    text: qsTr("Nearby (%1)").arg(root.space.nearbyElements.count)
                    color: Theme.text
                    elide: Text.ElideRight
                    font.pixelSize: Theme.fontSubtitle
                    font.weight: Font.DemiBold
                    Accessible.role: Accessible.Heading
                }
            }

            background: Rectangle {
                radius: Theme.radiusSmall
                color: header.hovered ? Theme.surfaceAlt : "transparent"
                border.width: header.visualFocus ? Theme.focusWidth : 0
                border.color: Theme.focus
            }
        }

        Label {
            objectName: "nearbyEmpty"
            Layout.fillWidth: true
            visible: root.expanded && root.space.nearbyElements.count === 0
            text: qsTr("Nothing within %n tile(s).", "", root.space.nearbyElements.radius)
            color: Theme.textMuted
            wrapMode: Text.Wrap
            font.pixelSize: Theme.fontCaption
        }

        ListView {
            objectName: "nearbyList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            implicitHeight: contentHeight
            visible: root.expanded && count > 0
            clip: true
            spacing: 2
            model: root.space.nearbyElements
            activeFocusOnTab: true
            keyNavigationEnabled: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Elements near you")

            delegate: NearbyRow {
                onShowRequested: (deltaX, deltaY) => root.space.lookAt(root.space.x + deltaX, root.space.y + deltaY)
                onGoToRequested: (placedId, name) => {
                    if (root.space.goToElement(placedId))
                        root.walking()
                    else
                        root.unreachable(name)
                }
            }
        }
    }
}
