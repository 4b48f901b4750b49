// SPDX-License-Identifier: GPL-3.0-or-later
#include "wireframe.h"

namespace Metaverse
{

WireFrame materialize(const QList<Chunk> &chunks)
{
    WireFrame frame;
    qsizetype size = 0;
    for (const auto &chunk : chunks) {
        size += chunk.length;
    }
    frame.bytes.reserve(size);
    for (const auto &chunk : chunks) {
        frame.bytes.append(chunk.begin(), chunk.length);
    }
    return frame;
}

} // namespace Metaverse
