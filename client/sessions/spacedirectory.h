// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/loadstate.h"
#include "protocol/teams.h"
#include "result.h"

#include <QCoroTask>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QVariantMap>

namespace Metaverse
{

class ApiClient;
class Session;
class SpaceListModel;

// The dashboard's data: the user's spaces, the spaces shared with them (with their owners' names)
// and the templates (GET /space/all), for Admins every space page by page (GET /admin/spaces), and
// the operations on them. Input is validated here with common's rules before it
// is sent; errors end up in errorMessage/fieldErrors, never swallowed.
class SpaceDirectory : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Spaces belong to the App singleton")
    Q_MOC_INCLUDE("models/spacelistmodel.h")
    Q_PROPERTY(Metaverse::SpaceListModel *mine READ mine CONSTANT)
    Q_PROPERTY(Metaverse::SpaceListModel *shared READ shared CONSTANT)
    Q_PROPERTY(Metaverse::SpaceListModel *templates READ templates CONSTANT)
    // Admins: one page of every space (loadAllSpaces), its number (from 1) and how many pages.
    Q_PROPERTY(Metaverse::SpaceListModel *all READ all CONSTANT)
    Q_PROPERTY(Metaverse::LoadState::State allState READ allState NOTIFY allChanged)
    Q_PROPERTY(QString allError READ allError NOTIFY allChanged)
    Q_PROPERTY(int allPage READ allPage NOTIFY allChanged)
    Q_PROPERTY(int allPageCount READ allPageCount NOTIFY allChanged)
    Q_PROPERTY(int allTotal READ allTotal NOTIFY allChanged)
    Q_PROPERTY(Metaverse::LoadState::State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    // Errors of the last create/rename/delete: a message and per-field messages.
    Q_PROPERTY(QString actionError READ actionError NOTIFY actionErrorChanged)
    Q_PROPERTY(QString nameError READ nameError NOTIFY actionErrorChanged)
    Q_PROPERTY(QString dimensionsError READ dimensionsError NOTIFY actionErrorChanged)
    Q_PROPERTY(QString mapIdError READ mapIdError NOTIFY actionErrorChanged)

public:
    SpaceDirectory(ApiClient *api, Session *session, QObject *parent = nullptr);

    [[nodiscard]] SpaceListModel *mine() const { return m_mine; }
    [[nodiscard]] SpaceListModel *shared() const { return m_shared; }
    [[nodiscard]] SpaceListModel *templates() const { return m_templates; }
    [[nodiscard]] SpaceListModel *all() const { return m_all; }
    [[nodiscard]] LoadState::State allState() const { return m_allState; }
    [[nodiscard]] QString allError() const { return m_allError; }
    [[nodiscard]] int allPage() const { return m_allPage; }
    [[nodiscard]] int allPageCount() const;
    [[nodiscard]] int allTotal() const { return m_allTotal; }
    [[nodiscard]] int allPageSize() const { return m_allPageSize; }
    void setAllPageSize(int size) { m_allPageSize = size; }
    [[nodiscard]] LoadState::State state() const { return m_state; }
    [[nodiscard]] QString errorMessage() const { return m_errorMessage; }
    [[nodiscard]] bool isBusy() const { return m_busy; }
    [[nodiscard]] QString actionError() const { return m_actionError; }
    [[nodiscard]] QVariantMap fieldErrors() const { return m_fieldErrors; }
    // The message for `field` ("" when none).
    [[nodiscard]] QString fieldError(const QString &field) const { return m_fieldErrors.value(field).toString(); }
    [[nodiscard]] QString nameError() const { return fieldError(QStringLiteral("name")); }
    [[nodiscard]] QString dimensionsError() const { return fieldError(QStringLiteral("dimensions")); }
    [[nodiscard]] QString mapIdError() const { return fieldError(QStringLiteral("mapId")); }

    QCoro::Task<Status> reloadAsync();
    // Admins only (others get the server's 403 in allError).
    QCoro::Task<Status> loadAllSpacesAsync(int page);
    // `dimensions` is "WxH" (used when templateId is empty). Returns the new space's id.
    QCoro::Task<Result<QString>> createAsync(QString name, QString dimensions, QString templateId);
    QCoro::Task<Status> renameAsync(QString spaceId, QString name);
    QCoro::Task<Status> removeAsync(QString spaceId);

    Q_INVOKABLE void reload();
    Q_INVOKABLE void loadAllSpaces(int page);
    Q_INVOKABLE void create(const QString &name, const QString &dimensions, const QString &templateId);
    Q_INVOKABLE void rename(const QString &spaceId, const QString &name);
    Q_INVOKABLE void remove(const QString &spaceId);
    Q_INVOKABLE void clearActionError();

Q_SIGNALS:
    void stateChanged();
    void allChanged();
    void busyChanged();
    void actionErrorChanged();
    void created(const QString &spaceId);
    void renamed(const QString &spaceId);
    void removed(const QString &spaceId);

private:
    void setState(LoadState::State state, const QString &error = {});
    void setBusy(bool busy);
    void setActionError(const Error &error);
    void clear();

    // Not owned; they outlive the directory (AppContext destroys it first).
    ApiClient *m_api;
    Session *m_session;
    SpaceListModel *m_mine;
    SpaceListModel *m_shared;
    SpaceListModel *m_templates;
    SpaceListModel *m_all;
    LoadState::State m_allState = LoadState::State::Idle;
    QString m_allError;
    int m_allPage = 1;
    int m_allTotal = 0;
    int m_allPageSize = Rest::DefaultPageSize;
    quint64 m_allLoads = 0;
    LoadState::State m_state = LoadState::State::Idle;
    QString m_errorMessage;
    bool m_busy = false;
    QString m_actionError;
    QVariantMap m_fieldErrors;
    quint64 m_reloads = 0;
};

} // namespace Metaverse
