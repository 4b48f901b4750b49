// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QString>
#include <QUrl>

namespace Metaverse
{

// An invite link in either of its forms (docs/api/openapi.yaml, createInvite):
//   metaverse://<host[:port]>/invite/<token>   the app's own scheme (x-scheme-handler/metaverse)
//   <server URL>/invite/<token>                the server's web page for the invite
// The scheme form names a server by host and port only (not http or https, not a path prefix): it is
// accepted on the server the app is signed in to when host and port match. The web form names the
// server's URL exactly.
struct InviteLink {
    QString token;
    QString host; // lower case
    int port = -1; // -1: none given (the scheme's default)
    QUrl serverUrl; // the web form's server URL; empty for the scheme form

    // Either form, trimmed; a field error on "link" when it is neither.
    static Result<InviteLink> parse(const QString &text);
    static QString schemeLink(const QUrl &serverUrl, const QString &token);
    static QString webLink(const QUrl &serverUrl, const QString &token);

    // Whether the link is for the server at `server` (the same host and port).
    [[nodiscard]] bool isFor(const QUrl &server) const;
    // "host:port" as a person would read it.
    [[nodiscard]] QString serverName() const;
};

} // namespace Metaverse
