// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/jwt.h"
#include "model/user.h"
#include "ws/abusecounter.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QSet>
#include <QString>
#include <QWebSocket>

#include <utility>

namespace Metaverse
{

// One chat socket: who it is once authenticated and the rooms it is in.
class ChatConnection
{
public:
    ChatConnection(QWebSocket *webSocket, QString limiterKey)
        : socket(webSocket)
        , key(std::move(limiterKey))
    {
    }
    ~ChatConnection()
    {
        if (socket) {
            socket->disconnect();
            socket->abort();
            socket->deleteLater(); // may be inside one of its own signals
        }
    }
    ChatConnection(const ChatConnection &) = delete;
    ChatConnection &operator=(const ChatConnection &) = delete;

    [[nodiscard]] bool isAuthenticated() const { return !user.id.isEmpty(); }
    // Takes the socket out of the room, with whatever waited for its `room-joined`.
    void forgetRoom(const QString &roomId)
    {
        rooms.remove(roomId);
        for (const auto &entry : joining.take(roomId)) {
            joiningBytes -= entry.first.size();
        }
        lastTypingMs.remove(roomId);
    }

    QWebSocket *socket;
    QString key; // unique per connection, for rate limiting
    QHostAddress peer; // the client's address, for the per-address cap
    User user;
    TokenClaims token; // of the token it authenticated with: the session must stay valid
    QSet<QString> rooms; // joined or being joined
    // Rooms whose `room-joined` is not sent yet: what arrives for them meanwhile waits here
    // (with the id of the message a frame carries, if any).
    QHash<QString, QList<std::pair<QString, QString>>> joining;
    qint64 joiningBytes = 0;
    QHash<QString, qint64> lastTypingMs;
    qint64 lastSeenMs = 0;
    qint64 connectedMs = 0;
    AbuseCounter abuse;
    bool closing = false; // dropped; the socket is aborted from the event loop
};

} // namespace Metaverse
