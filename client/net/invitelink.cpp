// SPDX-License-Identifier: GPL-3.0-or-later
#include "invitelink.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Metaverse
{

namespace
{

const QString Scheme = QStringLiteral("metaverse");
const QString InvitePath = QStringLiteral("/invite/");

int defaultPort(const QString &scheme)
{
    return scheme == QLatin1String("https") ? 443 : 80;
}

Error notALink()
{
    return Error::field(QStringLiteral("link"),
        QCoreApplication::translate("InviteLink",
            "This is not an invite link. It looks like metaverse://host:port/invite/… or "
            "https://server/invite/…"));
}

} // namespace

Result<InviteLink> InviteLink::parse(const QString &text)
{
    static const QRegularExpression tokenPattern(QStringLiteral("^[A-Za-z0-9_-]{1,128}$"));
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const auto scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty()) {
        return notALink();
    }
    if (scheme != Scheme && scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
        return notALink();
    }
    const auto path = url.path();
    const auto at = path.lastIndexOf(InvitePath);
    if (at < 0 || (scheme == Scheme && at != 0)) {
        return notALink();
    }
    InviteLink link;
    link.token = path.mid(at + InvitePath.size());
    if (!tokenPattern.match(link.token).hasMatch()) {
        return notALink();
    }
    link.host = url.host().toLower();
    link.port = url.port(-1);
    if (scheme != Scheme) {
        QUrl server = url;
        server.setPath(path.left(at));
        link.serverUrl = server;
    }
    return link;
}

QString InviteLink::schemeLink(const QUrl &serverUrl, const QString &token)
{
    QUrl url;
    url.setScheme(Scheme);
    url.setHost(serverUrl.host());
    url.setPort(serverUrl.port(defaultPort(serverUrl.scheme())));
    url.setPath(InvitePath + token);
    return url.toString();
}

QString InviteLink::webLink(const QUrl &serverUrl, const QString &token)
{
    QUrl url = serverUrl;
    auto path = url.path();
    while (path.endsWith(QLatin1Char('/'))) {
        path.chop(1);
    }
    url.setPath(path + InvitePath + token);
    return url.toString();
}

bool InviteLink::isFor(const QUrl &server) const
{
    if (server.host().compare(host, Qt::CaseInsensitive) != 0) {
        return false;
    }
    const int serverPort = server.port(defaultPort(server.scheme()));
    if (serverUrl.isEmpty()) {
        return port == -1 ? serverPort == defaultPort(server.scheme()) : port == serverPort;
    }
    return serverUrl.port(defaultPort(serverUrl.scheme())) == serverPort;
}

QString InviteLink::serverName() const
{
    if (!serverUrl.isEmpty()) {
        return serverUrl.toString();
    }
    return port == -1 ? host : host + QLatin1Char(':') + QString::number(port);
}

} // namespace Metaverse
