// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/trustedproxies.h"

#include <QHash>
#include <QHostAddress>
#include <QString>
#include <QWebSocket>

namespace Metaverse
{

// The caps on one hub's open sockets, as the HTTP guard has them for connections: in all, per
// client address, and per user once the socket identified itself. A cap <= 0 is off. A trusted
// proxy (--trusted-proxy) is exempt from the per-address cap, as in the guard: behind nginx every
// socket comes from its address, and the proxy limits connections per client itself.
class ConnectionCaps
{
public:
    struct Limits {
        int total = 0;
        int perAddress = 0;
        int perUser = 0;
        TrustedProxies trustedProxies;
    };

    explicit ConnectionCaps(Limits limits)
        : m_limits(std::move(limits))
    {
    }

    // Counts a new socket from `address`; false, counting nothing, when a cap is reached.
    [[nodiscard]] bool admit(const QHostAddress &address)
    {
        const QString key = address.toString();
        if ((m_limits.total > 0 && m_total >= m_limits.total) ||
            (m_limits.perAddress > 0 && m_byAddress.value(key) >= m_limits.perAddress &&
                !m_limits.trustedProxies.contains(address))) {
            return false;
        }
        ++m_total;
        ++m_byAddress[key];
        return true;
    }
    void release(const QHostAddress &address) { releaseFrom(m_byAddress, address.toString(), &m_total); }

    // Counts an identified socket of `userId`; false, counting nothing, when the user has enough.
    [[nodiscard]] bool admitUser(const QString &userId)
    {
        if (m_limits.perUser > 0 && m_byUser.value(userId) >= m_limits.perUser) {
            return false;
        }
        ++m_byUser[userId];
        return true;
    }
    void releaseUser(const QString &userId) { releaseFrom(m_byUser, userId, nullptr); }

private:
    static void releaseFrom(QHash<QString, int> &counts, const QString &key, int *total)
    {
        const auto it = counts.find(key);
        if (it == counts.end()) {
            return;
        }
        if (--*it <= 0) {
            counts.erase(it);
        }
        if (total) {
            --*total;
        }
    }

    Limits m_limits;
    int m_total = 0;
    QHash<QString, int> m_byAddress;
    QHash<QString, int> m_byUser;
};

// Closes a socket a cap refused (never adopted by a hub) with 1008 (1013, "try again later",
// is refused as a protocol error by Qt's own client).
inline void closeRefused(QWebSocket *socket)
{
    socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many connections"));
    socket->deleteLater();
}

// The message-limiter key of a user's identified sockets, so they share one budget.
inline QString userLimiterKey(const QString &userId)
{
    return QStringLiteral("u:") + userId;
}

} // namespace Metaverse
