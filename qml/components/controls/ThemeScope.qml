// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import Metaverse

// Hands the Theme to the standard controls inside it as their palette: the one place where Theme
// colours become palette roles. The window's content sits in one, and so does every dialog's
// (AppDialog): in Qt 6.4 a popup takes the palette when it opens but does not pass later changes
// on to its content, so a live light/dark switch left an open dialog's combo boxes, lists and text
// selections in the old colours until it was reopened. A palette set inside the popup does reach
// them. Sizes itself to its one child, like a Pane; no padding, no background of its own.
// placeholderText is left out: Qt 6.4 refuses that role on a control now and then at load time
// ("not available due to component versioning", in about half of the runs). FormField, the one
// text field, sets its placeholder colour itself.
Pane {
    padding: 0
    background: null

    palette {
        window: Theme.background
        windowText: Theme.text
        base: Theme.surface
        alternateBase: Theme.surfaceAlt
        text: Theme.text
        button: Theme.surfaceAlt
        buttonText: Theme.text
        brightText: Theme.accentText
        highlight: Theme.accent
        highlightedText: Theme.accentText
        light: Theme.surface
        midlight: Theme.surfaceAlt
        mid: Theme.border
        dark: Theme.border
        shadow: Theme.ink
        toolTipBase: Theme.ink
        toolTipText: "#ffffff"
        link: Theme.blue
    }
}
