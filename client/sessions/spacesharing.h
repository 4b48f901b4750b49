// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/loadstate.h"
#include "result.h"

#include <QCoroTask>
#include <QObject>
#include <QQmlEngine>

namespace Metaverse
{

class ApiClient;
class MemberListModel;

// Who a space is shared with, for its owner or an Admin (the share dialog, QML's App.sharing):
// the members with their edit right; add one by username, change the right, remove one. The
// server decides who may (403 otherwise); each change is shown once the server stored it.
class SpaceSharing : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Sharing belongs to the App singleton")
    Q_MOC_INCLUDE("models/memberlistmodel.h")
    Q_PROPERTY(QString spaceId READ spaceId NOTIFY spaceIdChanged)
    Q_PROPERTY(Metaverse::MemberListModel *members READ members CONSTANT)
    Q_PROPERTY(Metaverse::LoadState::State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    // Why the last load or change failed ("" when it did not); the username's own message apart.
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorChanged)
    Q_PROPERTY(QString usernameError READ usernameError NOTIFY errorChanged)

public:
    explicit SpaceSharing(ApiClient *api, QObject *parent = nullptr);
    ~SpaceSharing() override;

    [[nodiscard]] QString spaceId() const { return m_spaceId; }
    [[nodiscard]] MemberListModel *members() const { return m_members.get(); }
    [[nodiscard]] LoadState::State state() const { return m_state; }
    [[nodiscard]] bool isBusy() const { return m_busy; }
    [[nodiscard]] QString errorMessage() const { return m_errorMessage; }
    [[nodiscard]] QString usernameError() const { return m_usernameError; }

    QCoro::Task<Status> openAsync(QString spaceId);
    QCoro::Task<Status> addAsync(QString username, bool canEdit);
    QCoro::Task<Status> setCanEditAsync(QString userId, bool canEdit);
    QCoro::Task<Status> removeAsync(QString userId);

    // Shows `spaceId`'s members (loads them).
    Q_INVOKABLE void open(const QString &spaceId);
    Q_INVOKABLE void add(const QString &username, bool canEdit);
    Q_INVOKABLE void setCanEdit(const QString &userId, bool canEdit);
    Q_INVOKABLE void remove(const QString &userId);
    Q_INVOKABLE void clearError();

Q_SIGNALS:
    void spaceIdChanged();
    void stateChanged();
    void busyChanged();
    void errorChanged();
    // A member was added (the dialog clears its field).
    void added(const QString &username);

private:
    [[nodiscard]] Status startChange();
    void finishChange(const Status &status);
    void setState(LoadState::State state);
    void setBusy(bool busy);

    ApiClient *m_api; // not owned: AppContext's, outlives this
    std::unique_ptr<MemberListModel> m_members;
    QString m_spaceId;
    LoadState::State m_state = LoadState::State::Idle;
    bool m_busy = false;
    QString m_errorMessage;
    QString m_usernameError;
    int m_loads = 0;
};

} // namespace Metaverse
