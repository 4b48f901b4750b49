// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/loadstate.h"
#include "result.h"

#include <QCoroTask>
#include <QObject>
#include <QQmlEngine>

#include <memory>

namespace Metaverse
{

class ApiClient;
class AuditListModel;
class BanListModel;

// Moderation of one space for its owner or an Admin (QML's App.moderation): kick someone out (they
// may come back after the server's cooldown), ban them (with a reason; the ban list, unban), mute
// them in the space's chat for some minutes, and the space's audit log. The server decides who may
// (403 otherwise) and tells everyone affected; each change shows once the server stored it.
class SpaceModeration : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Moderation belongs to the App singleton")
    Q_MOC_INCLUDE("models/banlistmodel.h")
    Q_MOC_INCLUDE("models/auditlistmodel.h")
    Q_PROPERTY(QString spaceId READ spaceId NOTIFY spaceIdChanged)
    Q_PROPERTY(Metaverse::BanListModel *bans READ bans CONSTANT)
    Q_PROPERTY(Metaverse::AuditListModel *audit READ audit CONSTANT)
    Q_PROPERTY(Metaverse::LoadState::State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    // Why the last load or action failed ("" when it did not).
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY messagesChanged)
    // What the last action did ("bob was kicked out"), "" after an error.
    Q_PROPERTY(QString notice READ notice NOTIFY messagesChanged)
    Q_PROPERTY(int muteMaxMinutes READ muteMaxMinutes CONSTANT)
    Q_PROPERTY(int banReasonMaxLength READ banReasonMaxLength CONSTANT)

public:
    explicit SpaceModeration(ApiClient *api, QObject *parent = nullptr);
    ~SpaceModeration() override;

    [[nodiscard]] QString spaceId() const { return m_spaceId; }
    [[nodiscard]] BanListModel *bans() const { return m_bans.get(); }
    [[nodiscard]] AuditListModel *audit() const { return m_audit.get(); }
    [[nodiscard]] LoadState::State state() const { return m_state; }
    [[nodiscard]] bool isBusy() const { return m_busy; }
    [[nodiscard]] QString errorMessage() const { return m_errorMessage; }
    [[nodiscard]] QString notice() const { return m_notice; }
    [[nodiscard]] static int muteMaxMinutes();
    [[nodiscard]] static int banReasonMaxLength();

    // Loads the bans and the audit log of `spaceId`.
    QCoro::Task<Status> openAsync(QString spaceId);
    // `username` only words the notice.
    QCoro::Task<Status> kickAsync(QString userId, QString username);
    QCoro::Task<Status> banAsync(QString userId, QString username, QString reason);
    QCoro::Task<Status> muteAsync(QString userId, QString username, int minutes);
    QCoro::Task<Status> unbanAsync(QString userId, QString username);

    Q_INVOKABLE void open(const QString &spaceId);
    // Sets the space without loading (the people panel's menu acts on the space one is in).
    Q_INVOKABLE void setSpaceId(const QString &spaceId);
    Q_INVOKABLE void kick(const QString &userId, const QString &username);
    Q_INVOKABLE void ban(const QString &userId, const QString &username, const QString &reason);
    Q_INVOKABLE void mute(const QString &userId, const QString &username, int minutes);
    Q_INVOKABLE void unban(const QString &userId, const QString &username);
    Q_INVOKABLE void clearMessages();

Q_SIGNALS:
    void spaceIdChanged();
    void stateChanged();
    void busyChanged();
    void messagesChanged();

private:
    [[nodiscard]] Status startAction();
    // Ends an action: the notice on success, the error otherwise; reloads the lists.
    QCoro::Task<void> finishAction(Status status, QString notice);
    QCoro::Task<Status> reload();
    void setState(LoadState::State state);
    void setBusy(bool busy);
    void setMessages(const QString &error, const QString &notice);

    ApiClient *m_api; // not owned: AppContext's, outlives this
    std::unique_ptr<BanListModel> m_bans;
    std::unique_ptr<AuditListModel> m_audit;
    QString m_spaceId;
    LoadState::State m_state = LoadState::State::Idle;
    bool m_busy = false;
    QString m_errorMessage;
    QString m_notice;
    int m_loads = 0;
};

} // namespace Metaverse
