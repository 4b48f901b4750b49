// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QWebSocket;

namespace Metaverse
{

// Aborts the socket from the event loop. QWebSocket::abort() emits `disconnected` synchronously,
// and hubs change their rooms in that handler: never abort in the middle of an iteration or a
// broadcast. A socket deleted meanwhile cancels the call.
void abortLater(QWebSocket *socket);

} // namespace Metaverse
