// SPDX-License-Identifier: GPL-3.0-or-later
#include "trustedproxies.h"

#include <optional>

namespace Metaverse
{

namespace
{

// IPv4-mapped IPv6 peers (a dual-stack socket) compare as IPv4.
QHostAddress normalized(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4) {
        return QHostAddress(v4);
    }
    QHostAddress plain(address);
    plain.setScopeId(QString());
    return plain;
}

// One hop of a forwarded chain: "192.0.2.1", "192.0.2.1:4711", "[2001:db8::1]:4711",
// "2001:db8::1", or (Forwarded) a quoted form of those. Anything else is not an address.
std::optional<QHostAddress> parseHop(QByteArray hop)
{
    hop = hop.trimmed();
    if (hop.size() >= 2 && hop.startsWith('"') && hop.endsWith('"')) {
        hop = hop.mid(1, hop.size() - 2).trimmed();
    }
    if (hop.startsWith('[')) {
        const auto close = hop.indexOf(']');
        if (close < 0) {
            return std::nullopt;
        }
        hop = hop.mid(1, close - 1);
    } else if (hop.count(':') == 1) {
        hop = hop.left(hop.indexOf(':'));
    }
    QHostAddress address;
    if (hop.isEmpty() || !address.setAddress(QString::fromLatin1(hop))) {
        return std::nullopt;
    }
    return normalized(address);
}

// The for= values of Forwarded header values, in order ("for=a;proto=https, for=b").
QList<QByteArray> forwardedFor(const QList<QByteArray> &values)
{
    QList<QByteArray> hops;
    for (const auto &value : values) {
        for (const auto &element : value.split(',')) {
            for (const auto &pair : element.split(';')) {
                const auto eq = pair.indexOf('=');
                if (eq > 0 && pair.left(eq).trimmed().compare("for", Qt::CaseInsensitive) == 0) {
                    hops.append(pair.mid(eq + 1));
                }
            }
        }
    }
    return hops;
}

QList<QByteArray> commaList(const QList<QByteArray> &values)
{
    QList<QByteArray> hops;
    for (const auto &value : values) {
        for (const auto &hop : value.split(',')) {
            if (!hop.trimmed().isEmpty()) {
                hops.append(hop);
            }
        }
    }
    return hops;
}

} // namespace

Result<TrustedProxies> TrustedProxies::parse(const QStringList &cidrs)
{
    TrustedProxies proxies;
    for (const auto &entry : cidrs) {
        const auto text = entry.trimmed();
        if (text.isEmpty()) {
            continue;
        }
        auto subnet = text.contains(QLatin1Char('/')) ? QHostAddress::parseSubnet(text)
                                                      : QPair<QHostAddress, int>(QHostAddress(text), -1);
        if (subnet.first.isNull()) {
            return Error::invalid(QStringLiteral("\"%1\" is not an address or CIDR subnet").arg(text.left(64)));
        }
        subnet.first = normalized(subnet.first);
        if (subnet.second < 0) {
            subnet.second = subnet.first.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128;
        }
        proxies.m_subnets.append(subnet);
    }
    return proxies;
}

bool TrustedProxies::contains(const QHostAddress &address) const
{
    const auto plain = normalized(address);
    return std::any_of(m_subnets.cbegin(), m_subnets.cend(),
        [&](const QPair<QHostAddress, int> &subnet) { return plain.isInSubnet(subnet); });
}

QHostAddress TrustedProxies::clientAddress(
    const QHostAddress &peer, const QList<QByteArray> &forwarded, const QList<QByteArray> &xForwardedFor) const
{
    QHostAddress client = normalized(peer);
    if (!contains(client)) {
        return client;
    }
    auto hops = forwardedFor(forwarded);
    if (hops.isEmpty()) {
        hops = commaList(xForwardedFor);
    }
    for (auto it = hops.crbegin(); it != hops.crend(); ++it) {
        const auto hop = parseHop(*it);
        if (!hop) {
            break;
        }
        client = *hop;
        if (!contains(client)) {
            break;
        }
    }
    return client;
}

} // namespace Metaverse
