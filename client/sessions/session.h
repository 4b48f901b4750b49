// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/user.h"
#include "models/loadstate.h"
#include "result.h"

#include <QCoroTask>
#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QTimer>
#include <QUrl>
#include <QVariantMap>

namespace Metaverse
{

class ApiClient;
class AvatarListModel;
class Settings;
class TokenStore;

// The signed-in user and everything about their session: sign-up, sign-in, restoring a stored
// token, refreshing it before it expires, noticing when the server stops accepting it, signing
// out, and the user's avatar. QML shows its state and calls its methods; the rules live here.
class Session : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The session belongs to the App singleton")
    Q_MOC_INCLUDE("models/avatarlistmodel.h")
    Q_PROPERTY(State status READ status NOTIFY statusChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY statusChanged)
    Q_PROPERTY(bool signedIn READ isSignedIn NOTIFY statusChanged)
    Q_PROPERTY(QString userId READ userId NOTIFY userChanged)
    Q_PROPERTY(QString username READ username NOTIFY userChanged)
    Q_PROPERTY(bool isAdmin READ isAdmin NOTIFY userChanged)
    Q_PROPERTY(QString avatarId READ avatarId NOTIFY userChanged)
    Q_PROPERTY(QUrl avatarUrl READ avatarUrl NOTIFY avatarUrlChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorsChanged)
    // The message for each form field (empty when the field is fine), from the checks here or the
    // server's problem+json field errors.
    Q_PROPERTY(QString serverUrlError READ serverUrlError NOTIFY errorsChanged)
    Q_PROPERTY(QString usernameError READ usernameError NOTIFY errorsChanged)
    Q_PROPERTY(QString passwordError READ passwordError NOTIFY errorsChanged)
    // True when restoring the stored session failed for a reason worth retrying (server down).
    Q_PROPERTY(bool restoreFailed READ restoreFailed NOTIFY errorsChanged)
    // Non-empty when the sign-in cannot be stored safely (no keychain): shown as a warning.
    Q_PROPERTY(QString storageWarning READ storageWarning NOTIFY storageWarningChanged)
    Q_PROPERTY(Metaverse::AvatarListModel *avatars READ avatars CONSTANT)
    Q_PROPERTY(Metaverse::LoadState::State avatarsState READ avatarsState NOTIFY avatarsStateChanged)
    Q_PROPERTY(QString avatarsError READ avatarsError NOTIFY avatarsStateChanged)
    Q_PROPERTY(bool savingAvatar READ isSavingAvatar NOTIFY savingAvatarChanged)

public:
    enum class State {
        SignedOut,
        Restoring, // checking a stored token with the server
        SigningIn, // signing up and/or in
        SignedIn,
    };
    Q_ENUM(State)

    Session(ApiClient *api, TokenStore *tokens, Settings *settings, QObject *parent = nullptr);
    ~Session() override;

    [[nodiscard]] State status() const { return m_status; }
    [[nodiscard]] bool isBusy() const { return m_status == State::Restoring || m_status == State::SigningIn; }
    [[nodiscard]] bool isSignedIn() const { return m_status == State::SignedIn; }
    [[nodiscard]] const User &user() const { return m_user; }
    [[nodiscard]] QString userId() const { return m_user.id; }
    [[nodiscard]] QString username() const { return m_user.username; }
    [[nodiscard]] bool isAdmin() const { return m_user.isAdmin(); }
    [[nodiscard]] QString avatarId() const { return m_user.avatarId; }
    [[nodiscard]] QUrl avatarUrl() const;
    [[nodiscard]] QString errorMessage() const { return m_errorMessage; }
    [[nodiscard]] QVariantMap fieldErrors() const { return m_fieldErrors; }
    // The message for `field` ("" when none).
    [[nodiscard]] QString fieldError(const QString &field) const { return m_fieldErrors.value(field).toString(); }
    [[nodiscard]] QString serverUrlError() const { return fieldError(QStringLiteral("serverUrl")); }
    [[nodiscard]] QString usernameError() const { return fieldError(QStringLiteral("username")); }
    [[nodiscard]] QString passwordError() const { return fieldError(QStringLiteral("password")); }
    [[nodiscard]] bool restoreFailed() const { return m_restoreFailed; }
    [[nodiscard]] QString storageWarning() const;
    [[nodiscard]] AvatarListModel *avatars() const { return m_avatars; }
    [[nodiscard]] LoadState::State avatarsState() const { return m_avatarsState; }
    [[nodiscard]] QString avatarsError() const { return m_avatarsError; }
    [[nodiscard]] bool isSavingAvatar() const { return m_savingAvatar; }
    // When the current token expires (invalid when unknown or signed out).
    [[nodiscard]] QDateTime tokenExpiry() const { return m_expiry; }
    [[nodiscard]] QString token() const;

    // Reads a JWT's `exp` claim (no signature check: the server checks; the client only plans).
    static QDateTime tokenExpiry(const QString &token);
    // The TokenStore account under which `username`'s token for `server` is kept.
    static QString tokenAccount(const QUrl &server, const QString &username);

    // Coroutine forms, for tests and the other services; the Q_INVOKABLEs below start these.
    QCoro::Task<Status> signInAsync(QString serverUrl, QString username, QString password);
    QCoro::Task<Status> signUpAsync(QString serverUrl, QString username, QString password);
    QCoro::Task<Status> restoreAsync();
    QCoro::Task<Status> refreshAsync();
    QCoro::Task<Status> setAvatarAsync(QString avatarId);
    QCoro::Task<Status> loadAvatarsAsync();

    Q_INVOKABLE void signIn(const QString &serverUrl, const QString &username, const QString &password);
    // Creates the account, then signs in with it.
    Q_INVOKABLE void signUp(const QString &serverUrl, const QString &username, const QString &password);
    // Signs in with the token stored for the last user, if any (at start, and "retry").
    Q_INVOKABLE void restore();
    Q_INVOKABLE void signOut();
    Q_INVOKABLE void setAvatar(const QString &avatarId);
    Q_INVOKABLE void reloadAvatars();
    Q_INVOKABLE void clearErrors();

Q_SIGNALS:
    void statusChanged();
    void userChanged();
    void avatarUrlChanged();
    void errorsChanged();
    void storageWarningChanged();
    void avatarsStateChanged();
    void savingAvatarChanged();
    // The server stopped accepting the token; the session is over (errorMessage says so).
    void expired();
    void avatarSaved();
    void avatarSaveFailed(const QString &message);

private:
    enum class Entry { SignIn, SignUp };

    // Sign-in and sign-up: the checks before any request, creating the account (sign-up), then
    // signing in with it.
    QCoro::Task<Status> authenticate(Entry entry, QString serverUrl, QString username, QString password);
    // What is wrong with the form before anything is sent: field errors (none when it may be sent).
    static QList<FieldError> credentialErrors(Entry entry, const QString &username, const QString &password);
    QCoro::Task<Status> completeSignIn(QString token, User user);
    QCoro::Task<void> verifyAfterRejection();
    void setStatus(State status);
    void setError(const Error &error);
    void setUser(const User &user);
    void scheduleRefresh();
    void endSession(const QString &message);
    [[nodiscard]] QString account(const QString &username) const;

    // Not owned; they outlive the session (AppContext destroys the session first).
    ApiClient *m_api;
    TokenStore *m_tokens;
    Settings *m_settings;
    AvatarListModel *m_avatars = nullptr;
    State m_status = State::SignedOut;
    User m_user;
    QDateTime m_expiry;
    QString m_errorMessage;
    QVariantMap m_fieldErrors;
    LoadState::State m_avatarsState = LoadState::State::Idle;
    QString m_avatarsError;
    bool m_savingAvatar = false;
    bool m_verifying = false;
    bool m_restoreFailed = false;
    quint64 m_generation = 0; // bumped at every sign-in/out, so late answers of an old session are dropped
    QTimer m_refreshTimer;
};

} // namespace Metaverse
