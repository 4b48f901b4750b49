// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QCoroTask>
#include <QObject>
#include <QQmlEngine>

namespace Metaverse
{

class ApiClient;
class Session;
class SpaceDirectory;

// "Join with a link" (QML's App.invites): accepts an invite link in either form (InviteLink) on
// the server the app is signed in to, then reloads the dashboard and says which space to enter. A
// link that arrives before sign-in (the command line, another instance, the field) waits and is
// accepted once signed in. A link for another server is not accepted: the user is told which server
// it names (credentials are per server, so the app does not switch on its own) and it stays
// pending until the user signs in there.
class InviteAcceptor : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Invites belong to the App singleton")
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY changed)
    // A link waiting for the sign-in ("" when none).
    Q_PROPERTY(QString pendingLink READ pendingLink NOTIFY changed)

public:
    InviteAcceptor(ApiClient *api, Session *session, SpaceDirectory *spaces, QObject *parent = nullptr);

    [[nodiscard]] bool isBusy() const { return m_busy; }
    [[nodiscard]] QString errorMessage() const { return m_errorMessage; }
    [[nodiscard]] QString pendingLink() const { return m_pendingLink; }

    // The joined space's id.
    QCoro::Task<Result<QString>> acceptAsync(QString link);

    Q_INVOKABLE void accept(const QString &link);
    Q_INVOKABLE void clearError();

Q_SIGNALS:
    void busyChanged();
    void changed();
    // The user is now a member of `spaceId` (the dashboard lists it): enter it.
    void accepted(const QString &spaceId);

private:
    void setError(const QString &message);
    void setBusy(bool busy);

    // Not owned; AppContext's, they outlive this.
    ApiClient *m_api;
    Session *m_session;
    SpaceDirectory *m_spaces;
    bool m_busy = false;
    QString m_errorMessage;
    QString m_pendingLink;
};

} // namespace Metaverse
