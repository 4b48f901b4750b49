// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Metaverse

// A titled group of space cards (one of the dashboard's lists), with its empty state.
ColumnLayout {
    id: root

    required property string title
    required property var model
    property string emptyText: ""

    signal useTemplateRequested(string spaceId, string name)
    signal previewRequested(string spaceId, string name)
    signal shareRequested(string spaceId, string name)
    signal enterRequested(string spaceId, string name)
    signal renameRequested(string spaceId, string name)
    signal deleteRequested(string spaceId, string name)

    spacing: Theme.spacingM

    RowLayout {
        spacing: Theme.spacingS

        Label {
            text: root.title
            color: Theme.text
            font.pixelSize: Theme.fontTitle
            font.weight: Font.Bold
            Accessible.role: Accessible.Heading
        }

        Label {
            text: root.model ? root.model.count : 0
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody
        }
    }

    Label {
        Layout.fillWidth: true
        visible: root.model && root.model.count === 0 && root.emptyText.length > 0
        text: root.emptyText
        color: Theme.textMuted
        wrapMode: Text.Wrap
    }

    Flow {
        Layout.fillWidth: true
        spacing: Theme.spacingL

        Repeater {
            model: root.model

            SpaceCard {
                onUseTemplateRequested: (spaceId, name) => root.useTemplateRequested(spaceId, name)
                onPreviewRequested: (spaceId, name) => root.previewRequested(spaceId, name)
                onEnterRequested: (spaceId, name) => root.enterRequested(spaceId, name)
                onRenameRequested: (spaceId, name) => root.renameRequested(spaceId, name)
                onShareRequested: (spaceId, name) => root.shareRequested(spaceId, name)
                onDeleteRequested: (spaceId, name) => root.deleteRequested(spaceId, name)
            }
        }
    }
}
