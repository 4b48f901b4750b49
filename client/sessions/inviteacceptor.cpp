// SPDX-License-Identifier: GPL-3.0-or-later
#include "inviteacceptor.h"

#include "logging.h"
#include "net/apiclient.h"
#include "net/invitelink.h"
#include "session.h"
#include "spacedirectory.h"

#include <QPointer>

namespace Metaverse
{

InviteAcceptor::InviteAcceptor(ApiClient *api, Session *session, SpaceDirectory *spaces, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_session(session)
    , m_spaces(spaces)
{
    connect(m_session, &Session::statusChanged, this, [this] {
        if (m_session->isSignedIn() && !m_pendingLink.isEmpty() && !m_busy) {
            accept(m_pendingLink);
        }
    });
}

void InviteAcceptor::accept(const QString &link)
{
    auto task = acceptAsync(link);
    Q_UNUSED(task)
}

void InviteAcceptor::clearError()
{
    setError({});
}

void InviteAcceptor::setError(const QString &message)
{
    if (message == m_errorMessage) {
        return;
    }
    m_errorMessage = message;
    Q_EMIT changed();
}

void InviteAcceptor::setBusy(bool busy)
{
    if (busy == m_busy) {
        return;
    }
    m_busy = busy;
    Q_EMIT busyChanged();
}

QCoro::Task<Result<QString>> InviteAcceptor::acceptAsync(QString link)
{
    if (m_busy) {
        co_return Error::conflict(tr("Please wait: the last link is still being opened."));
    }
    auto parsed = InviteLink::parse(link);
    if (!parsed) {
        setError(parsed.error().fields.value(0).message);
        co_return std::move(parsed).error();
    }
    if (!m_session->isSignedIn()) {
        m_pendingLink = link.trimmed();
        setError({});
        Q_EMIT changed();
        co_return Error::unauthenticated(tr("Sign in to join the space this link invites you to."));
    }
    const QUrl server = m_api->baseUrl();
    if (!parsed->isFor(server)) {
        m_pendingLink = link.trimmed();
        setError(tr("This invite is for the server %1, but you are signed in to %2. Sign out and sign in to %1 "
                    "to accept it.")
                     .arg(parsed->serverName(), server.toString()));
        co_return Error::invalid(m_errorMessage);
    }
    m_pendingLink.clear();
    setError({});
    setBusy(true);
    QPointer<InviteAcceptor> self(this);
    auto accepting = m_api->acceptInvite(parsed->token);
    auto spaceId = co_await accepting;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    setBusy(false);
    if (!spaceId) {
        const auto &error = spaceId.error();
        qCInfo(lcClient) << "invite refused:" << error.message;
        switch (error.code) {
        case ErrorCode::NotFound:
        case ErrorCode::NoSuchLink:
            setError(tr("This invite link does not exist. Check that you copied all of it."));
            break;
        case ErrorCode::Gone:
            setError(tr("This invite link no longer works: it expired, was used up or was revoked. Ask for a new "
                        "one."));
            break;
        case ErrorCode::Forbidden:
            setError(tr("You may not join this space (you are banned from it, or it has as many members as the "
                        "server allows)."));
            break;
        case ErrorCode::Invalid:
            setError(tr("This is not a valid invite link."));
            break;
        default:
            setError(error.message);
            break;
        }
        co_return std::move(spaceId).error();
    }
    qCInfo(lcClient) << "invite accepted: member of" << *spaceId;
    auto reloading = m_spaces->reloadAsync();
    co_await reloading;
    if (self) {
        Q_EMIT accepted(*spaceId);
    }
    co_return spaceId;
}

} // namespace Metaverse
