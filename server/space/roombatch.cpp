// SPDX-License-Identifier: GPL-3.0-or-later
#include "roombatch.h"

#include "spaceroom.h"

#include <optional>

namespace Metaverse
{

using namespace SpaceProtocol;

// `selected`: (index, message) in order.
SharedBatch buildBatch(const QList<std::pair<qsizetype, const QByteArray *>> &selected)
{
    qsizetype itemBytes = 0;
    for (const auto &[index, message] : selected) {
        itemBytes += message->size();
    }
    SharedBatch batch;
    batch.frame =
        startFrame(BatchHead.size() + itemBytes + std::max<qsizetype>(selected.size() - 1, 0) + BatchTail.size());
    batch.frame.bytes.append(BatchHead);
    batch.entries.reserve(selected.size());
    for (qsizetype i = 0; i < selected.size(); ++i) {
        if (i > 0) {
            batch.frame.bytes.append(',');
        }
        const auto &[index, message] = selected.at(i);
        batch.entries.append(SharedBatch::Entry{index, batch.frame.bytes.size(), message->size()});
        batch.frame.bytes.append(*message);
    }
    batch.frame.bytes.append(BatchTail);
    return batch;
}

// The frame of a receiver that gets the entries with an index from `from` on except `skip`
// (sorted) and `cut`, with its personal messages merged in at their places: pieces of the shared
// frame plus its own header, commas and personal messages. Empty when there is nothing for it.
QList<Chunk> personalBatch(const SharedBatch &shared, qsizetype from, const QVarLengthArray<qsizetype, 4> &skip,
    const QList<std::pair<qsizetype, QByteArray>> &personal, EntryCut cut)
{
    QList<Chunk> pieces;
    qsizetype payloadSize = 0;
    bool first = true;
    const auto add = [&](Chunk piece) {
        payloadSize += piece.length;
        pieces.append(std::move(piece));
    };
    const auto separate = [&] {
        if (!first) {
            add(Chunk(Comma, 0, 1));
        }
        first = false;
    };
    qsizetype runStart = -1; // consecutive entries [runStart, runEnd] go as one piece
    qsizetype runEnd = -1;
    const auto closeRun = [&] {
        if (runStart >= 0) {
            const auto &begin = shared.entries.at(runStart);
            const auto &end = shared.entries.at(runEnd);
            add(Chunk(shared.frame.bytes, begin.offset, end.offset + end.size - begin.offset));
            runStart = runEnd = -1;
        }
    };
    qsizetype p = 0;
    qsizetype s = 0;
    for (qsizetype k = 0; k < shared.entries.size(); ++k) {
        const qsizetype i = shared.entries.at(k).index;
        if (i < from) {
            closeRun();
            continue;
        }
        for (; p < personal.size() && personal.at(p).first <= i; ++p) {
            closeRun();
            separate();
            add(Chunk(personal.at(p).second, 0, personal.at(p).second.size()));
        }
        while (s < skip.size() && skip[s] < i) {
            ++s;
        }
        if (s < skip.size() && skip[s] == i) {
            closeRun();
            continue;
        }
        if (i == cut.index) {
            closeRun();
            separate();
            const auto &entry = shared.entries.at(k);
            add(Chunk(shared.frame.bytes, entry.offset, cut.from));
            add(Chunk(shared.frame.bytes, entry.offset + cut.from + cut.length, entry.size - cut.from - cut.length));
            continue;
        }
        if (runStart < 0) {
            separate();
            runStart = k;
        }
        runEnd = k;
    }
    closeRun();
    for (; p < personal.size(); ++p) {
        separate();
        add(Chunk(personal.at(p).second, 0, personal.at(p).second.size()));
    }
    if (pieces.isEmpty()) {
        return {};
    }
    const qsizetype headerSize = shared.frame.headerSize;
    const WireFrame header = startFrame(BatchHead.size() + payloadSize + BatchTail.size());
    QList<Chunk> chunks;
    chunks.reserve(pieces.size() + 3);
    chunks.append(Chunk(header.bytes, 0, header.bytes.size()));
    chunks.append(Chunk(shared.frame.bytes, headerSize, BatchHead.size()));
    chunks.append(pieces);
    chunks.append(Chunk(shared.frame.bytes, shared.frame.bytes.size() - BatchTail.size(), BatchTail.size()));
    for (qsizetype i = 0; i + 1 < chunks.size(); ++i) {
        chunks[i].frameEnd = false;
    }
    return chunks;
}

qint64 AreaOfInterest::cellOf(Point position) const
{
    return (qint64(position.x / cellSize) << 32) | qint64(position.y / cellSize);
}

void queueForBatch(SpaceRoom &room, const ServerMessage &message, const QByteArray *encoded, quint64 origin,
    const QString &coalesceKey, const AreaOfInterest &area)
{
    qint64 cell = -1;
    if (const auto *moved = std::get_if<UserMoved>(&message)) {
        cell = area.cellOf(moved->position);
        if (room.interested > 0) {
            room.far.insert(moved->userId,
                SpaceRoom::FarUpdate{moved->position, origin, qHash(moved->userId) % quint64(area.farTicks)});
        }
    } else if (const auto *left = std::get_if<UserLeft>(&message)) {
        room.far.remove(left->userId);
        forgetUser(room.batch.index, left->userId);
    }
    if (encoded) {
        room.batch.add(*encoded, origin, coalesceKey, cell);
    }
}

void flushRoomBatch(SpaceRoom &room, quint64 tick, const AreaOfInterest &area, QList<SpaceConnection *> &staged)
{
    RoomBatch &batch = room.batch;
    if (room.batching == 0) {
        batch.clear();
        room.far.clear();
        room.personalWaiting = 0;
        return;
    }
    if (room.interested == 0) {
        room.far.clear();
    }
    // Area of interest: the positions of users whose slot this tick is, as one user-positions
    // entry for everyone with an area (after the tick's items: its index is items.size()).
    // Where each user's entry sits in it, so that a receiver's own is cut out.
    QByteArray positions;
    QHash<quint64, std::pair<qsizetype, qsizetype>> ownPosition; // origin -> (offset, size) in `positions`
    qsizetype positionCount = 0;
    if (room.interested > 0 && !room.far.isEmpty()) {
        const quint64 slot = tick % quint64(area.farTicks);
        for (auto it = room.far.begin(); it != room.far.end();) {
            if (it->slot != slot) {
                ++it;
                continue;
            }
            positions.append(positionCount == 0 ? PositionsHead : Comma);
            const QByteArray entry = encodePositionEntry(it.key(), it->position);
            if (it->origin != 0) {
                ownPosition.insert(it->origin, {positions.size(), entry.size()});
            }
            positions.append(entry);
            ++positionCount;
            it = room.far.erase(it);
        }
        if (positionCount > 0) {
            positions.append(PositionsTail);
        }
    }
    if (batch.items.isEmpty() && positionCount == 0 && room.personalWaiting == 0) {
        return;
    }
    // A socket's own events (its moves, its join) are not sent back to it: which items are whose.
    QHash<quint64, QVarLengthArray<qsizetype, 4>> own;
    for (qsizetype i = 0; i < batch.items.size(); ++i) {
        if (const quint64 origin = batch.items.at(i).origin) {
            own[origin].append(i);
        }
    }
    // Encoded once; the same bytes for every socket that gets all of it, and pieces of it for
    // the others. Sockets with an area of interest share one frame per cell they are in.
    std::optional<SharedBatch> whole;
    QHash<qint64, SharedBatch> areas;
    const auto frameFor = [&](const SpaceConnection *receiver) -> const SharedBatch & {
        QList<std::pair<qsizetype, const QByteArray *>> selected;
        if (!receiver->interest) {
            if (!whole) {
                selected.reserve(batch.items.size());
                for (qsizetype i = 0; i < batch.items.size(); ++i) {
                    selected.append({i, &batch.items.at(i).message});
                }
                whole = buildBatch(selected);
            }
            return *whole;
        }
        const qint64 cell = area.cellOf(receiver->position);
        auto it = areas.find(cell);
        if (it == areas.end()) {
            for (qsizetype i = 0; i < batch.items.size(); ++i) {
                const BatchItem &item = batch.items.at(i);
                if (item.cell < 0 || cellsNear(item.cell, cell)) {
                    selected.append({i, &item.message});
                }
            }
            // Also of users in this area: a client that walked in after their last move
            // got that move nowhere else.
            if (positionCount > 0) {
                selected.append({batch.items.size(), &positions});
            }
            it = areas.insert(cell, buildBatch(selected));
        }
        return *it;
    };
    for (SpaceConnection *receiver : std::as_const(room.users)) {
        if (!receiver->batch) {
            continue;
        }
        const SharedBatch &shared = frameFor(receiver);
        const auto ownItems = own.constFind(receiver->id);
        QVarLengthArray<qsizetype, 4> skip;
        if (ownItems != own.cend()) {
            skip = *ownItems;
        }
        EntryCut cut;
        if (const auto mine = ownPosition.constFind(receiver->id); receiver->interest && mine != ownPosition.cend()) {
            if (positionCount == 1) {
                skip.append(batch.items.size()); // its own position only: none of it
            } else {
                // With the comma before it, or after it when it comes first.
                const auto [offset, size] = *mine;
                const bool first = offset == PositionsHead.size();
                cut = EntryCut{batch.items.size(), first ? offset : offset - 1, size + 1};
            }
        }
        const bool asIs = receiver->batchFrom == 0 && skip.isEmpty() && cut.index < 0 && receiver->personal.isEmpty();
        QList<Chunk> chunks;
        if (!asIs) {
            chunks = personalBatch(shared, receiver->batchFrom, skip, receiver->personal, cut);
        }
        receiver->batchFrom = 0;
        receiver->personal.clear();
        receiver->personalBytes = 0;
        if (!receiver->isWritable() || (asIs && shared.entries.isEmpty()) || (!asIs && chunks.isEmpty())) {
            continue;
        }
        if (asIs) {
            receiver->stage(shared.frame);
        } else if (receiver->tcp) {
            receiver->stage(chunks);
        } else {
            receiver->stage(materialize(chunks));
        }
        staged.append(receiver);
    }
    batch.clear();
    room.personalWaiting = 0;
}

} // namespace Metaverse
