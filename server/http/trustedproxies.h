// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QHostAddress>
#include <QList>
#include <QPair>

namespace Metaverse
{

// The reverse proxies (as CIDR subnets) whose forwarding headers the server believes. Only a
// request whose TCP peer is one of them has its X-Forwarded-For or Forwarded header read; from
// anyone else those headers are ignored, so a client cannot choose the address that rate
// limits, per-address caps, the access log and the /metrics rule see.
class TrustedProxies
{
public:
    // "10.0.0.0/8", "127.0.0.1", "::1/128", ...; an error names the bad entry.
    [[nodiscard]] static Result<TrustedProxies> parse(const QStringList &cidrs);

    [[nodiscard]] bool isEmpty() const { return m_subnets.isEmpty(); }
    [[nodiscard]] bool contains(const QHostAddress &address) const;

    // The client's address: peer itself unless peer is trusted. Then the forwarded chain (the
    // Forwarded header's for= values if it has any, else X-Forwarded-For; every instance of the
    // header, in order) is walked from the right past trusted hops, and the first untrusted
    // address is the client. An unreadable hop ("unknown", an obfuscated name) stops the walk at
    // the hop after it; a chain of trusted hops only yields its leftmost address.
    [[nodiscard]] QHostAddress clientAddress(
        const QHostAddress &peer, const QList<QByteArray> &forwarded, const QList<QByteArray> &xForwardedFor) const;

private:
    QList<QPair<QHostAddress, int>> m_subnets;
};

} // namespace Metaverse
