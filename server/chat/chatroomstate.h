// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/chat.h"

#include <QHash>
#include <QSet>
#include <QString>

namespace Metaverse
{

class ChatConnection;

// A chat room with someone in it on this instance: who is in it here (by user, each with their
// sockets) and, with Redis, on other instances.
struct ChatRoomState {
    Chatroom room;
    QHash<QString, QSet<ChatConnection *>> local; // user id -> their sockets in the room
    QHash<QString, QString> remote; // user id -> username, users on other instances (with Redis)
};

} // namespace Metaverse
