// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/loadstate.h"
#include "protocol/teams.h"
#include "result.h"

#include <QCoroTask>
#include <QObject>
#include <QQmlEngine>

namespace Metaverse
{

class ApiClient;
class InviteListModel;
class MemberListModel;

// Who a space is shared with, for its owner or an Admin (the share dialog, QML's App.sharing):
// the members with their edit right; add one by username, change the right, remove one; invite
// links: make one (edit right, hours until it expires, how many may use it), list, copy, revoke.
// The server decides who may (403 otherwise); each change is shown once the server stored it.
class SpaceSharing : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Sharing belongs to the App singleton")
    Q_MOC_INCLUDE("models/memberlistmodel.h")
    Q_MOC_INCLUDE("models/invitelistmodel.h")
    Q_PROPERTY(QString spaceId READ spaceId NOTIFY spaceIdChanged)
    Q_PROPERTY(Metaverse::MemberListModel *members READ members CONSTANT)
    Q_PROPERTY(Metaverse::InviteListModel *invites READ invites CONSTANT)
    Q_PROPERTY(Metaverse::LoadState::State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    // Why the last load or change failed ("" when it did not); the username's own message apart.
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorChanged)
    Q_PROPERTY(QString usernameError READ usernameError NOTIFY errorChanged)
    // Why the last invite could not be made ("" when it could).
    Q_PROPERTY(QString inviteError READ inviteError NOTIFY errorChanged)
    // The bounds of a new invite (common's, as the server checks them).
    Q_PROPERTY(int inviteMaxHours READ inviteMaxHours CONSTANT)
    Q_PROPERTY(int inviteDefaultHours READ inviteDefaultHours CONSTANT)
    Q_PROPERTY(int inviteMaxUses READ inviteMaxUses CONSTANT)

public:
    explicit SpaceSharing(ApiClient *api, QObject *parent = nullptr);
    ~SpaceSharing() override;

    [[nodiscard]] QString spaceId() const { return m_spaceId; }
    [[nodiscard]] MemberListModel *members() const { return m_members.get(); }
    [[nodiscard]] InviteListModel *invites() const { return m_invites.get(); }
    [[nodiscard]] QString inviteError() const { return m_inviteError; }
    [[nodiscard]] static int inviteMaxHours() { return Rest::InviteMaxHours; }
    [[nodiscard]] static int inviteDefaultHours() { return Rest::InviteDefaultHours; }
    [[nodiscard]] static int inviteMaxUses() { return Rest::InviteMaxUses; }
    [[nodiscard]] LoadState::State state() const { return m_state; }
    [[nodiscard]] bool isBusy() const { return m_busy; }
    [[nodiscard]] QString errorMessage() const { return m_errorMessage; }
    [[nodiscard]] QString usernameError() const { return m_usernameError; }

    QCoro::Task<Status> openAsync(QString spaceId);
    QCoro::Task<Status> addAsync(QString username, bool canEdit);
    QCoro::Task<Status> setCanEditAsync(QString userId, bool canEdit);
    QCoro::Task<Status> removeAsync(QString userId);
    // maxUses 0: unlimited. Returns the new invite's id; its links are in invites().
    QCoro::Task<Result<QString>> createInviteAsync(bool canEdit, int expiresInHours, int maxUses);
    QCoro::Task<Status> revokeInviteAsync(QString inviteId);

    // Shows `spaceId`'s members (loads them).
    Q_INVOKABLE void open(const QString &spaceId);
    Q_INVOKABLE void add(const QString &username, bool canEdit);
    Q_INVOKABLE void setCanEdit(const QString &userId, bool canEdit);
    Q_INVOKABLE void remove(const QString &userId);
    Q_INVOKABLE void clearError();
    Q_INVOKABLE void createInvite(bool canEdit, int expiresInHours, int maxUses);
    Q_INVOKABLE void revokeInvite(const QString &inviteId);
    // Puts an invite's link on the clipboard: the app's metaverse: form or the web page's. False
    // when this app does not know its token.
    Q_INVOKABLE bool copyLink(const QString &inviteId, bool web);

Q_SIGNALS:
    void spaceIdChanged();
    void stateChanged();
    void busyChanged();
    void errorChanged();
    // A member was added (the dialog clears its field).
    void added(const QString &username);
    // An invite was made; `link` is its metaverse: form (also on the clipboard).
    void inviteCreated(const QString &inviteId, const QString &link);

private:
    [[nodiscard]] Status startChange();
    void finishChange(const Status &status);
    void setState(LoadState::State state);
    void setBusy(bool busy);

    ApiClient *m_api; // not owned: AppContext's, outlives this
    std::unique_ptr<MemberListModel> m_members;
    std::unique_ptr<InviteListModel> m_invites;
    QString m_spaceId;
    LoadState::State m_state = LoadState::State::Idle;
    bool m_busy = false;
    QString m_errorMessage;
    QString m_usernameError;
    QString m_inviteError;
    int m_loads = 0;
};

} // namespace Metaverse
