// SPDX-License-Identifier: GPL-3.0-or-later
pragma Singleton
import QtQuick
import Metaverse

// The one visual style of the client: palette (from the artwork's ink/purple/blue/teal/coral/
// mustard), type scale, spacing, radii and motion. Light or dark follows App.darkMode.
QtObject {
    readonly property bool dark: App.darkMode

    // Brand colours (assets/README.md).
    readonly property color ink: "#3b3049"
    readonly property color purple: "#8e6cc8"
    readonly property color blue: "#5b8dd9"
    readonly property color teal: "#4fb3a9"
    readonly property color coral: "#e8666b"
    readonly property color mustard: "#f4c95d"

    // Surfaces and text.
    readonly property color background: dark ? "#1e1927" : "#f5f2fa"
    readonly property color surface: dark ? "#2a2335" : "#ffffff"
    readonly property color surfaceAlt: dark ? "#342b42" : "#eee8f7"
    readonly property color border: dark ? "#4a3f5c" : "#d9cfe8"
    readonly property color text: dark ? "#f1ecf8" : ink
    readonly property color textMuted: dark ? "#b7acc8" : "#6b6079"
    readonly property color accent: dark ? "#a88ae0" : purple
    readonly property color accentHover: dark ? "#b89de8" : "#7b5bb7"
    readonly property color accentPressed: dark ? "#9677d1" : "#6a4aa6"
    readonly property color accentText: dark ? "#1e1927" : "#ffffff"
    readonly property color focus: blue
    readonly property color danger: dark ? "#f08589" : "#c9474d"
    readonly property color dangerSurface: dark ? "#4a2a31" : "#fde8e8"
    readonly property color warningSurface: dark ? "#4a3f22" : "#fdf3d8"
    readonly property color success: teal
    readonly property color header: dark ? "#251f2f" : "#ffffff"
    readonly property color heroTop: dark ? "#3a2d55" : purple
    readonly property color heroBottom: dark ? "#24365a" : blue
    readonly property color scrim: "#803b3049" // the ink at half opacity, behind modal dialogs

    // Type scale (pixel sizes).
    readonly property int fontCaption: 12
    readonly property int fontBody: 14
    readonly property int fontSubtitle: 16
    readonly property int fontTitle: 20
    readonly property int fontHeadline: 28
    readonly property int fontDisplay: 36

    // Spacing and shape.
    readonly property int spacingXs: 4
    readonly property int spacingS: 8
    readonly property int spacingM: 12
    readonly property int spacingL: 16
    readonly property int spacingXl: 24
    readonly property int spacingXxl: 40
    readonly property int radius: 10
    readonly property int radiusSmall: 6
    readonly property int focusWidth: 2
    readonly property int controlHeight: 40
    readonly property int cardWidth: 248

    // Motion (none in tests and screenshots).
    readonly property int durationShort: App.reducedMotion ? 0 : 120
    readonly property int durationMedium: App.reducedMotion ? 0 : 220
}
