// SPDX-License-Identifier: GPL-3.0-or-later
#include "abortlater.h"

#include <QPointer>
#include <QWebSocket>

namespace Metaverse
{

void abortLater(QWebSocket *socket)
{
    QPointer<QWebSocket> guarded(socket);
    QMetaObject::invokeMethod(
        socket,
        [guarded] {
            if (guarded) {
                guarded->abort();
            }
        },
        Qt::QueuedConnection);
}

} // namespace Metaverse
