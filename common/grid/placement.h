// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "grid/spacelayout.h"
#include "model/element.h"
#include "result.h"

namespace Metaverse
{

// Where an element may stand: the one placement rule, enforced by the server (SpaceService,
// for REST and the space socket alike) and predicted by the client's ghost, so the two agree.
//
// 1. The whole footprint lies inside the space.
// 2. It overlaps no static element's footprint. Static elements block walking, so anything on
//    top of one could never be reached, and two of them on one tile make no sense. Moving an
//    element ignores its own footprint.
// 3. Everything else may overlap: a chair on a rug, a rug on a floor tile, and a static element
//    on dynamic ones (a desk on a rug). So a rug goes under a desk by placing the rug first.
// 4. Static elements are not moved: remove one and place it again.
//
// A refusal is an Error (Invalid, or NotFound for an unknown placed id) whose message is a
// sentence for the user, translatable under the context "Metaverse::Placement" (add this file's
// .cpp to the client's lupdate sources), with fields `x` and `y`.
namespace Placement
{
// Whether `element` may be placed with its top-left tile at `position`.
[[nodiscard]] Status checkPlace(const SpaceLayout &layout, const Element &element, Point position);
// Whether the placed element `placedId` may move so that its top-left tile is at `position`.
[[nodiscard]] Status checkMove(const SpaceLayout &layout, const QString &placedId, Point position);
// The same for an element that is already looked up.
[[nodiscard]] Status checkMove(const SpaceLayout &layout, const SpaceElement &placed, Point position);
} // namespace Placement

} // namespace Metaverse
