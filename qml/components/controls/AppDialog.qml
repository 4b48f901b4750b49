// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import Metaverse

// What every dialog shares: modal and centred, the Theme's surface with the title as its header,
// and the content inside a ThemeScope, so that it follows a light/dark switch while it is open.
// A dialog adds its content (one layout), its footer and its behaviour.
Dialog {
    id: root

    default property alias content: scope.contentData

    modal: true
    anchors.centerIn: Overlay.overlay
    padding: Theme.spacingXl

    background: Rectangle {
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border
    }

    header: Label {
        text: root.title
        color: Theme.text
        font.pixelSize: Theme.fontTitle
        font.weight: Font.Bold
        padding: Theme.spacingXl
        bottomPadding: 0
        elide: Text.ElideRight
    }

    Overlay.modal: Rectangle {
        color: Theme.scrim
    }

    ThemeScope {
        id: scope

        anchors.fill: parent
    }
}
