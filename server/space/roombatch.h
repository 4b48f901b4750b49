// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "grid/grid.h"
#include "protocol/space.h"
#include "ws/wireframe.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QVarLengthArray>

#include <utility>

namespace Metaverse
{

// One entry of a space's batch: an encoded seed-dialect message and the connection whose own
// event it is (it must not get it back; 0 for none).
struct BatchItem {
    QByteArray message;
    quint64 origin = 0;
    qint64 cell = -1; // a user-move: the area cell of the new position; -1: for everyone
};

// Coalescing keys: a newer event of the kind replaces a queued older one of the same user.
inline QString moveKey(const QString &userId)
{
    return QStringLiteral("move:") + userId;
}
inline QString statusKey(const QString &userId)
{
    return QStringLiteral("status:") + userId;
}
// A user left: in a coalescing index (key -> queued item), their later events must queue after
// the leave instead of replacing an item from before it in place.
inline void forgetUser(QHash<QString, qsizetype> &index, const QString &userId)
{
    index.remove(moveKey(userId));
    index.remove(statusKey(userId));
}

// Area-of-interest cells: a tile's cell as (column << 32 | row); two cells are near when they
// touch (the 3x3 block around a client's cell).
inline bool cellsNear(qint64 a, qint64 b)
{
    const qint64 dx = (a >> 32) - (b >> 32);
    const qint64 dy = (a & 0xffffffff) - (b & 0xffffffff);
    return dx >= -1 && dx <= 1 && dy >= -1 && dy <= 1;
}

// The events of one batch tick of a space, for its batching sockets. Encoded once; every
// batching socket that was in the room for the whole tick and caused none of them gets the
// very same frame.
struct RoomBatch {
    QList<BatchItem> items;
    QHash<QString, qsizetype> index; // coalescing key -> item
    qsizetype sealed = 0; // items before this are not replaced in place (a socket joined after them)
    qint64 bytes = 0;

    void add(const QByteArray &message, quint64 origin, const QString &coalesceKey, qint64 cell)
    {
        if (!coalesceKey.isEmpty()) {
            const auto it = index.find(coalesceKey);
            if (it != index.end() && *it >= sealed) {
                BatchItem &item = items[*it];
                bytes += message.size() - item.message.size();
                item = BatchItem{message, origin, cell};
                return;
            }
            index.insert(coalesceKey, items.size());
        }
        bytes += message.size();
        items.append(BatchItem{message, origin, cell});
    }
    void clear()
    {
        items.clear();
        index.clear();
        sealed = 0;
        bytes = 0;
    }
};

// A batch frame of one tick: all of a space's items, or those for one area cell. Each entry is
// an item of the room's batch (its index there; far-user positions come after the items) and
// where it sits in the frame.
struct SharedBatch {
    struct Entry {
        qsizetype index = 0;
        qsizetype offset = 0;
        qsizetype size = 0;
    };
    WireFrame frame;
    QList<Entry> entries;
};

inline const QByteArray BatchHead = QByteArrayLiteral("{\"type\":\"batch\",\"data\":[");
inline const QByteArray BatchTail = QByteArrayLiteral("]}");
inline const QByteArray Comma = QByteArrayLiteral(",");

// `selected`: (index, message) in order.
SharedBatch buildBatch(const QList<std::pair<qsizetype, const QByteArray *>> &selected);

// Bytes [from, from + length) of the entry with `index` are left out (a receiver's own entry in
// the tick's user-positions, with one comma).
struct EntryCut {
    qsizetype index = -1;
    qsizetype from = 0;
    qsizetype length = 0;
};

// The frame of a receiver that gets the entries with an index from `from` on except `skip`
// (sorted) and `cut`, with its personal messages merged in at their places: pieces of the shared
// frame plus its own header, commas and personal messages. Empty when there is nothing for it.
QList<Chunk> personalBatch(const SharedBatch &shared, qsizetype from, const QVarLengthArray<qsizetype, 4> &skip,
    const QList<std::pair<qsizetype, QByteArray>> &personal, EntryCut cut = {});

class SpaceConnection;
struct SpaceRoom;

// Area of interest: how tiles map to cells (WS_INTEREST_CELL tiles square), and over how many
// batch ticks the positions of far users are spread (WS_INTEREST_FAR_MS).
struct AreaOfInterest {
    int cellSize = 1;
    int farTicks = 1;

    [[nodiscard]] qint64 cellOf(Point position) const;
};

// Queues an event for a space's batching sockets (`encoded`: its seed-dialect message, null when
// it has none): a move goes only into the frames of the area cells near it, and its user's
// position is reported to the others later (room.far); a leave forgets the user's queued moves
// and statuses. `origin`: the connection whose own event it is (0: none).
void queueForBatch(SpaceRoom &room, const SpaceProtocol::ServerMessage &message, const QByteArray *encoded,
    quint64 origin, const QString &coalesceKey, const AreaOfInterest &area);

// One batch tick of a space (every WS_BATCH_MS): one batch frame for its batching sockets, or one
// per occupied area cell for those with an area of interest, each receiver's own events cut out
// as pieces of the shared bytes. Appends each socket it staged a frame for to `staged` (which
// the caller reuses, so the tick allocates nothing for it) and clears the tick's batch.
void flushRoomBatch(SpaceRoom &room, quint64 tick, const AreaOfInterest &area, QList<SpaceConnection *> &staged);

} // namespace Metaverse
