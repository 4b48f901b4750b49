// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/loadstate.h"
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

// The dashboard's data: the user's spaces, the spaces shared with them and the templates (GET
// /space/all), and the operations on them. Input is validated here with common's rules before it
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
    // `dimensions` is "WxH" (used when templateId is empty). Returns the new space's id.
    QCoro::Task<Result<QString>> createAsync(QString name, QString dimensions, QString templateId);
    QCoro::Task<Status> renameAsync(QString spaceId, QString name);
    QCoro::Task<Status> removeAsync(QString spaceId);

    Q_INVOKABLE void reload();
    Q_INVOKABLE void create(const QString &name, const QString &dimensions, const QString &templateId);
    Q_INVOKABLE void rename(const QString &spaceId, const QString &name);
    Q_INVOKABLE void remove(const QString &spaceId);
    Q_INVOKABLE void clearActionError();

Q_SIGNALS:
    void stateChanged();
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
    LoadState::State m_state = LoadState::State::Idle;
    QString m_errorMessage;
    bool m_busy = false;
    QString m_actionError;
    QVariantMap m_fieldErrors;
    quint64 m_reloads = 0;
};

} // namespace Metaverse
