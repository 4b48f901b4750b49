// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "grid/spacelayout.h"
#include "protocol/space.h"
#include "roombatch.h"
#include "spaceconnection.h"

#include <QHash>
#include <QString>

namespace Metaverse
{

// A space with someone in it: its elements and grid, who is in it here and on other instances,
// and the batch of its current tick.
struct SpaceRoom {
    SpaceLayout layout; // elements as loaded, kept current, and the grid they block
    QHash<QString, SpaceConnection *> users; // local users by user id
    QHash<QString, SpaceConnection *> direct; // those that do not batch: a broadcast writes to each
    QHash<QString, SpaceProtocol::Presence> remote; // users on other instances (with Redis)
    RoomBatch batch;
    int batching = 0; // batching sockets among `users`
    int interested = 0; // those of them with an area of interest
    int personalWaiting = 0; // batching sockets with personal messages for the next tick
    // Area of interest: users who moved since their position last went to everyone, by user id;
    // each is reported at its slot tick (slots spread the reports over WS_INTEREST_FAR_MS).
    struct FarUpdate {
        Point position;
        quint64 origin = 0; // the mover's connection (0: another instance's user)
        quint64 slot = 0;
    };
    QHash<QString, FarUpdate> far;

    void add(SpaceConnection *connection)
    {
        users.insert(connection->user.id, connection);
        if (connection->batch) {
            ++batching;
            interested += connection->interest ? 1 : 0;
            // It knows the room as of now (space-joined): the tick's earlier items are not for it.
            connection->batchFrom = batch.items.size();
            batch.sealed = batch.items.size();
        } else {
            direct.insert(connection->user.id, connection);
        }
    }
    void remove(SpaceConnection *connection)
    {
        if (users.value(connection->user.id) != connection) {
            return;
        }
        users.remove(connection->user.id);
        if (connection->batch) {
            --batching;
            interested -= connection->interest ? 1 : 0;
        } else {
            direct.remove(connection->user.id);
        }
    }
};

} // namespace Metaverse
