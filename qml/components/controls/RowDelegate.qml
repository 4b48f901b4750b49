// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls

// A list or grid row that acts when clicked: what every row of the app is built on.
ItemDelegate {
    id: control

    // Qt 6.4's Controls list a "Press" action on AT-SPI but do nothing with it: do what a click
    // does, so screen readers and voice control can use the row.
    Accessible.onPressAction: control.clicked()
}
