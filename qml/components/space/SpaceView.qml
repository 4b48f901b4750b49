// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import Metaverse

// The space seen from above: the floor (one tiled texture), the elements in view (App.space's
// element model holds only those: a 200x200 space stays a few hundred items), every person with
// their name, and the ghost of an element being placed or moved. The camera follows the user
// unless they look elsewhere ("locate", the mini-map); Ctrl+wheel zooms. Arrow keys or WASD step,
// a click walks there; in edit mode a click places the palette's element, a drag moves a movable
// one, Delete or the context menu removes the selected one. The rules are App.space's (C++).
FocusScope {
    id: root

    readonly property int tileSize: 32
    // The zoom the user chose with Ctrl+wheel or Ctrl+plus/minus (0: automatic).
    property real userZoom: 0
    // The scale at which the whole space fills the view.
    readonly property real fitScale: App.space.width > 0 && App.space.height > 0 && width > 0 && height > 0
                                     ? Math.min(width / (App.space.width * tileSize), height / (App.space.height * tileSize))
                                     : 1.0
    // Automatic: the whole space when it fits at 0.75 times the tile size or more (up to twice
    // the tile size for a small one); a larger space at the tile size, explored with the camera.
    readonly property real zoom: userZoom > 0 ? userZoom : fitScale >= 0.75 ? Math.min(fitScale, 2.0) : 1.0
    property bool editMode: false
    // The palette's element to place ("" when none) and its look.
    readonly property string placeElementId: editMode ? App.space.palette.selectedElementId : ""
    readonly property var placeInfo: App.space.palette.info(placeElementId)
    // The selected placed element (edit mode) as App.space.elementInfo() describes it.
    property string selectedPlacedId: ""
    readonly property var selectedInfo: App.space.elements.revision >= 0 ? App.space.elementInfo(selectedPlacedId) : ({})
    property bool followSelf: true
    property real lookX: 0
    property real lookY: 0
    // Where the camera wants to be (its centre, in tiles).
    readonly property real cameraX: followSelf ? App.space.x + 0.5 : lookX
    readonly property real cameraY: followSelf ? App.space.y + 0.5 : lookY
    readonly property real scaledTile: tileSize * zoom
    // Where the world goes: a space narrower (or lower) than the view is centred in it; on a
    // larger one the camera stops at the edges, so no empty band shows beyond them.
    readonly property real worldX: placed(width, App.space.width * scaledTile, cameraX * scaledTile)
    readonly property real worldY: placed(height, App.space.height * scaledTile, cameraY * scaledTile)
    // What the camera shows, in tiles (the mini-map's frame).
    readonly property rect viewRect: Qt.rect(-worldX / scaledTile, -worldY / scaledTile,
                                             width / scaledTile, height / scaledTile)
    // The whole space is in view (then a mini-map would only hide a corner of it).
    readonly property bool showsAll: App.space.width * scaledTile <= width && App.space.height * scaledTile <= height
    // The tiles whose elements exist as items: the view plus a margin.
    readonly property rect visibleTiles: Qt.rect(Math.floor(viewRect.x) - 2, Math.floor(viewRect.y) - 2,
                                                 Math.ceil(viewRect.width) + 4, Math.ceil(viewRect.height) + 4)
    // The tile under the mouse (edit mode only, where hover is tracked).
    property int hoverX: -1
    property int hoverY: -1
    // A drag of a placed element: its id, where it was grabbed and the element as it was.
    property string dragId: ""
    property point dragFrom
    property var dragInfo: ({})
    // The software scene graph cannot draw SpaceFloor's texture material.
    readonly property bool softwareRendering: GraphicsInfo.api === GraphicsInfo.Software
    readonly property bool placing: editMode && placeElementId.length > 0
    readonly property int ghostX: dragId.length > 0 ? dragInfo.x + hoverX - dragFrom.x : hoverX
    readonly property int ghostY: dragId.length > 0 ? dragInfo.y + hoverY - dragFrom.y : hoverY
    // Whether the ghost's spot is allowed (common's grid rules, through App.space).
    readonly property bool ghostLegal: App.space.elements.revision >= 0 && (dragId.length > 0
                                       ? App.space.canMoveElement(dragId, ghostX, ghostY)
                                       : App.space.canPlace(placeElementId, ghostX, ghostY))

    // The world's offset along one axis: centred when it fits in the view, else the camera's
    // point in the middle, clamped to the edges.
    function placed(viewLength, worldLength, cameraAt) {
        if (worldLength <= viewLength)
            return Math.round((viewLength - worldLength) / 2)
        return Math.round(Math.max(viewLength - worldLength, Math.min(0, viewLength / 2 - cameraAt)))
    }

    // The centre of a tile in this item's coordinates (tests click there).
    function tilePoint(tx, ty) {
        return world.mapToItem(root, (tx + 0.5) * tileSize, (ty + 0.5) * tileSize)
    }

    function tileAt(px, py) {
        const p = world.mapFromItem(root, px, py)
        return Qt.point(Math.floor(p.x / tileSize), Math.floor(p.y / tileSize))
    }

    // Centres the camera on a tile until the user moves again.
    function locate(tx, ty) {
        followSelf = false
        lookX = tx + 0.5
        lookY = ty + 0.5
    }

    function zoomBy(factor) {
        userZoom = Math.max(0.5, Math.min(2.5, zoom * factor))
    }

    function deleteSelected() {
        if (selectedPlacedId.length > 0)
            App.space.removeElement(selectedPlacedId)
        selectedPlacedId = ""
    }

    function direction(key) {
        switch (key) {
        case Qt.Key_Left:
        case Qt.Key_A:
            return Qt.point(-1, 0)
        case Qt.Key_Right:
        case Qt.Key_D:
            return Qt.point(1, 0)
        case Qt.Key_Up:
        case Qt.Key_W:
            return Qt.point(0, -1)
        case Qt.Key_Down:
        case Qt.Key_S:
            return Qt.point(0, 1)
        }
        return Qt.point(0, 0)
    }

    function updateViewport() {
        App.space.setViewport(visibleTiles.x, visibleTiles.y, visibleTiles.width, visibleTiles.height)
    }

    clip: true
    activeFocusOnTab: true
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Space %1, %2 by %3 tiles. You are at %4, %5. Arrow keys or W, A, S, D move you.")
                     .arg(App.space.spaceName).arg(App.space.width).arg(App.space.height)
                     .arg(App.space.x).arg(App.space.y)
    Accessible.focusable: true

    onVisibleTilesChanged: updateViewport()
    // Picking an element in the palette gives the keyboard back to the view (Escape, Delete).
    onPlaceElementIdChanged: {
        if (placeElementId.length > 0)
            forceActiveFocus()
    }
    onEditModeChanged: {
        App.space.palette.selectedElementId = ""
        selectedPlacedId = ""
        dragId = ""
    }
    Component.onCompleted: updateViewport()

    Keys.onPressed: (event) => {
        const d = root.direction(event.key)
        const plain = (event.modifiers & ~Qt.KeypadModifier) === Qt.NoModifier
        if (plain && (d.x !== 0 || d.y !== 0)) {
            if (!event.isAutoRepeat)
                App.space.hold(d.x, d.y)
            event.accepted = true
        } else if (event.key === Qt.Key_Delete && root.editMode) {
            root.deleteSelected()
            event.accepted = true
        } else if (event.key === Qt.Key_Z && (event.modifiers & Qt.ControlModifier) && root.editMode) {
            App.space.undoPlacement()
            event.accepted = true
        } else if (event.key === Qt.Key_Escape) {
            App.space.palette.selectedElementId = ""
            root.selectedPlacedId = ""
            App.space.stopWalking()
            event.accepted = true
        } else if ((event.key === Qt.Key_Plus || event.key === Qt.Key_Equal) && (event.modifiers & Qt.ControlModifier)) {
            root.zoomBy(1.25)
            event.accepted = true
        } else if (event.key === Qt.Key_Minus && (event.modifiers & Qt.ControlModifier)) {
            root.zoomBy(0.8)
            event.accepted = true
        }
    }
    Keys.onReleased: (event) => {
        const d = root.direction(event.key)
        if (!event.isAutoRepeat && (d.x !== 0 || d.y !== 0)) {
            App.space.release(d.x, d.y)
            event.accepted = true
        }
    }

    Connections {
        target: App.space

        function onPositionChanged() {
            root.followSelf = true
        }

        function onLocateRequested(x, y) {
            root.locate(x, y)
        }
    }

    // Around the space (near its edges): the background, in four bands that leave the floor alone,
    // so each pixel of the view is drawn once (on a software rasteriser every layer costs).
    Item {
        id: outside

        readonly property real leftEdge: Math.max(0, Math.min(root.width, world.x))
        readonly property real rightEdge: Math.max(0, Math.min(root.width, world.x + world.width * root.zoom))
        readonly property real topEdge: Math.max(0, Math.min(root.height, world.y))
        readonly property real bottomEdge: Math.max(0, Math.min(root.height, world.y + world.height * root.zoom))

        anchors.fill: parent

        Rectangle {
            width: root.width
            height: outside.topEdge
            color: Theme.background
        }
        Rectangle {
            y: outside.bottomEdge
            width: root.width
            height: root.height - outside.bottomEdge
            color: Theme.background
        }
        Rectangle {
            y: outside.topEdge
            width: outside.leftEdge
            height: outside.bottomEdge - outside.topEdge
            color: Theme.background
        }
        Rectangle {
            x: outside.rightEdge
            y: outside.topEdge
            width: root.width - outside.rightEdge
            height: outside.bottomEdge - outside.topEdge
            color: Theme.background
        }
    }

    Item {
        id: world

        width: App.space.width * root.tileSize
        height: App.space.height * root.tileSize
        transformOrigin: Item.TopLeft
        scale: root.zoom
        x: root.worldX
        y: root.worldY

        Behavior on x {
            enabled: !App.reducedMotion
            NumberAnimation { duration: App.space.stepIntervalMs }
        }
        Behavior on y {
            enabled: !App.reducedMotion
            NumberAnimation { duration: App.space.stepIntervalMs }
        }

        // The space's edge: a frame only (a transparent fill draws nothing).
        Rectangle {
            anchors.fill: parent
            anchors.margins: -Theme.focusWidth
            color: "transparent"
            border.width: Theme.focusWidth
            border.color: Theme.border
        }

        // Opaque and the only layer under the sprites. At zoom 1 texels are pixels: nearest
        // sampling is exact and cheaper; zoomed, it filters.
        SpaceFloor {
            objectName: "floor"
            anchors.fill: parent
            visible: !root.softwareRendering
            source: "qrc:/space/floor-tile.svg"
            tileSize: root.tileSize
            color: Theme.surface
            smooth: root.zoom !== 1
        }

        // The software scene graph (offscreen, QT_QUICK_BACKEND=software) draws no custom
        // material: there the floor is the surface with the tile repeated over it.
        Rectangle {
            anchors.fill: parent
            visible: root.softwareRendering
            color: Theme.surface

            Image {
                anchors.fill: parent
                source: root.softwareRendering ? "qrc:/space/floor-tile.svg" : ""
                sourceSize.width: root.tileSize
                sourceSize.height: root.tileSize
                fillMode: Image.Tile
                horizontalAlignment: Image.AlignLeft
                verticalAlignment: Image.AlignTop
            }
        }

        Item {
            id: elementLayer

            objectName: "elementLayer"
            anchors.fill: parent

            Repeater {
                model: App.space.elements

                delegate: SpaceElementItem {}
            }
        }

        // The selected element's frame (edit mode).
        Rectangle {
            objectName: "selectionFrame"
            visible: root.editMode && root.selectedInfo.placedId !== undefined
            x: (root.selectedInfo.x ?? 0) * root.tileSize - Theme.focusWidth
            y: (root.selectedInfo.y ?? 0) * root.tileSize - Theme.focusWidth
            width: (root.selectedInfo.width ?? 0) * root.tileSize + 2 * Theme.focusWidth
            height: (root.selectedInfo.height ?? 0) * root.tileSize + 2 * Theme.focusWidth
            color: "transparent"
            border.width: Theme.focusWidth
            border.color: Theme.focus
            radius: Theme.radiusSmall / 2
        }

        Item {
            id: avatarLayer

            objectName: "avatarLayer"
            anchors.fill: parent

            Repeater {
                model: App.space.occupantsInView

                delegate: SpaceAvatar {
                    glideMs: App.reducedMotion ? 0 : App.space.stepIntervalMs
                }
            }
        }

        SpaceGhost {
            objectName: "ghost"
            visible: (root.placing || root.dragId.length > 0) && root.hoverX >= 0
            tileSize: root.tileSize
            tileX: root.ghostX
            tileY: root.ghostY
            tileWidth: (root.dragId.length > 0 ? root.dragInfo.width : root.placeInfo.width) ?? 1
            tileHeight: (root.dragId.length > 0 ? root.dragInfo.height : root.placeInfo.height) ?? 1
            imageUrl: (root.dragId.length > 0 ? root.dragInfo.imageUrl : root.placeInfo.imageUrl) ?? ""
            legal: root.ghostLegal
        }
    }

    MouseArea {
        id: pointer

        anchors.fill: parent
        hoverEnabled: root.editMode
        acceptedButtons: Qt.LeftButton | Qt.RightButton

        function track(mouse) {
            const t = root.tileAt(mouse.x, mouse.y)
            root.hoverX = t.x
            root.hoverY = t.y
        }

        onEntered: track({x: pointer.mouseX, y: pointer.mouseY})
        onExited: {
            if (root.dragId.length === 0) {
                root.hoverX = -1
                root.hoverY = -1
            }
        }
        onPositionChanged: (mouse) => track(mouse)
        onPressed: (mouse) => {
            root.forceActiveFocus()
            track(mouse)
            const t = Qt.point(root.hoverX, root.hoverY)
            if (mouse.button === Qt.RightButton) {
                if (root.editMode) {
                    root.selectedPlacedId = App.space.elementAt(t.x, t.y)
                    if (root.selectedPlacedId.length > 0)
                        contextMenu.popup()
                }
                return
            }
            if (!root.editMode) {
                App.space.walkTo(t.x, t.y)
            } else if (root.placing) {
                App.space.placeElement(root.placeElementId, t.x, t.y)
            } else {
                root.selectedPlacedId = App.space.elementAt(t.x, t.y)
                const info = App.space.elementInfo(root.selectedPlacedId)
                if (root.selectedPlacedId.length > 0 && !info.isStatic) {
                    root.dragInfo = info
                    root.dragFrom = t
                    root.dragId = root.selectedPlacedId
                }
            }
        }
        onReleased: (mouse) => {
            if (root.dragId.length > 0) {
                track(mouse)
                App.space.moveElement(root.dragId, root.ghostX, root.ghostY)
                root.dragId = ""
            }
        }
        onCanceled: root.dragId = ""
    }

    WheelHandler {
        acceptedModifiers: Qt.ControlModifier
        onWheel: (event) => root.zoomBy(event.angleDelta.y > 0 ? 1.15 : 1 / 1.15)
    }

    Menu {
        id: contextMenu

        objectName: "elementMenu"

        MenuItem {
            objectName: "deleteElementItem"
            text: qsTr("Delete")
            onTriggered: root.deleteSelected()
        }
    }
}
