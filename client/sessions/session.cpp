// SPDX-License-Identifier: GPL-3.0-or-later
#include "session.h"

#include "logging.h"
#include "models/avatarlistmodel.h"
#include "net/apiclient.h"
#include "net/tokenstore.h"
#include "platform/settings.h"
#include "validation/validation.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace Metaverse
{

namespace
{
constexpr qint64 RefreshRetryMs = 30 * 1000;

QString expiredMessage()
{
    return Session::tr("Your session has expired. Please sign in again.");
}

QVariantMap toFieldMap(const QList<FieldError> &fields)
{
    QVariantMap map;
    for (const auto &field : fields) {
        if (!map.contains(field.field)) {
            map.insert(field.field, field.message);
        }
    }
    return map;
}
} // namespace

Session::Session(ApiClient *api, TokenStore *tokens, Settings *settings, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_tokens(tokens)
    , m_settings(settings)
    , m_avatars(new AvatarListModel(this))
{
    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] {
        auto refreshing = refreshAsync();
        Q_UNUSED(refreshing)
    });
    connect(m_api, &ApiClient::authenticationRejected, this, [this] {
        auto verifying = verifyAfterRejection();
        Q_UNUSED(verifying)
    });
    connect(m_tokens, &TokenStore::securityChanged, this, &Session::storageWarningChanged);
}

Session::~Session() = default;

QUrl Session::avatarUrl() const
{
    return m_avatars->imageUrl(m_user.avatarId);
}

QString Session::storageWarning() const
{
    return m_tokens->warning();
}

QString Session::token() const
{
    return m_api->token();
}

QDateTime Session::tokenExpiry(const QString &token)
{
    const auto parts = token.split(QLatin1Char('.'));
    if (parts.size() != 3) {
        return {};
    }
    const auto payload = QByteArray::fromBase64(parts.at(1).toLatin1(), QByteArray::Base64UrlEncoding);
    const auto exp = QJsonDocument::fromJson(payload).object().value(QStringLiteral("exp"));
    if (!exp.isDouble()) {
        return {};
    }
    return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(exp.toDouble()), Qt::UTC);
}

QString Session::tokenAccount(const QUrl &server, const QString &username)
{
    return server.toString() + QLatin1Char('#') + username.toLower();
}

QString Session::account(const QString &username) const
{
    return tokenAccount(m_api->baseUrl(), username);
}

void Session::setStatus(State status)
{
    if (status == m_status) {
        return;
    }
    m_status = status;
    Q_EMIT statusChanged();
}

void Session::setError(const Error &error)
{
    m_restoreFailed = false;
    m_errorMessage = error.message;
    m_fieldErrors = toFieldMap(error.fields);
    // Field errors are shown next to their fields; the banner repeats only what has no field.
    if (!m_fieldErrors.isEmpty() && error.code == ErrorCode::Invalid) {
        m_errorMessage.clear();
    }
    Q_EMIT errorsChanged();
}

void Session::clearErrors()
{
    if (m_errorMessage.isEmpty() && m_fieldErrors.isEmpty() && !m_restoreFailed) {
        return;
    }
    m_restoreFailed = false;
    m_errorMessage.clear();
    m_fieldErrors.clear();
    Q_EMIT errorsChanged();
}

void Session::setUser(const User &user)
{
    if (user == m_user) {
        return;
    }
    m_user = user;
    m_avatars->setCurrentAvatarId(user.avatarId);
    Q_EMIT userChanged();
    Q_EMIT avatarUrlChanged();
}

void Session::signIn(const QString &serverUrl, const QString &username, const QString &password)
{
    auto task = signInAsync(serverUrl, username, password);
    Q_UNUSED(task)
}

void Session::signUp(const QString &serverUrl, const QString &username, const QString &password)
{
    auto task = signUpAsync(serverUrl, username, password);
    Q_UNUSED(task)
}

void Session::restore()
{
    auto task = restoreAsync();
    Q_UNUSED(task)
}

void Session::setAvatar(const QString &avatarId)
{
    auto task = setAvatarAsync(avatarId);
    Q_UNUSED(task)
}

void Session::reloadAvatars()
{
    auto task = loadAvatarsAsync();
    Q_UNUSED(task)
}

QCoro::Task<Status> Session::signInAsync(QString serverUrl, QString username, QString password)
{
    return authenticate(Entry::SignIn, std::move(serverUrl), std::move(username), std::move(password));
}

QCoro::Task<Status> Session::signUpAsync(QString serverUrl, QString username, QString password)
{
    return authenticate(Entry::SignUp, std::move(serverUrl), std::move(username), std::move(password));
}

QList<FieldError> Session::credentialErrors(Entry entry, const QString &username, const QString &password)
{
    QList<FieldError> fields;
    if (entry == Entry::SignUp) {
        if (const auto valid = Validation::username(username); !valid) {
            fields += valid.error().fields;
        }
        // The minimum length is the server's setting; it answers with a field error when too short.
        if (const auto valid = Validation::password(password, 1); !valid) {
            fields += valid.error().fields;
        }
        return fields;
    }
    // An existing account: both must be given; whether they are right is the server's answer.
    if (username.isEmpty()) {
        fields.append({QStringLiteral("username"), tr("Enter your username.")});
    }
    if (password.isEmpty()) {
        fields.append({QStringLiteral("password"), tr("Enter your password.")});
    }
    return fields;
}

QCoro::Task<Status> Session::authenticate(Entry entry, QString serverUrl, QString username, QString password)
{
    if (isBusy()) {
        co_return Error::conflict(tr("Already signing in."));
    }
    clearErrors();
    QList<FieldError> fields;
    const auto url = ApiClient::parseServerUrl(serverUrl);
    if (!url) {
        fields += url.error().fields;
    }
    username = username.trimmed();
    fields += credentialErrors(entry, username, password);
    if (!fields.isEmpty()) {
        const auto error = Error::invalid(tr("Please correct the highlighted fields."), fields);
        setError(error);
        co_return error;
    }
    QPointer<Session> self(this);
    const auto generation = ++m_generation;
    m_api->setBaseUrl(*url);
    m_settings->setServerUrl(url->toString());
    setStatus(State::SigningIn);
    if (entry == Entry::SignUp) {
        auto signingUp = m_api->signup(username, password);
        auto created = co_await signingUp;
        if (!self || generation != m_generation) {
            co_return Error::conflict(QStringLiteral("superseded"));
        }
        if (!created) {
            auto error = std::move(created).error();
            qCInfo(lcClient) << "sign-up failed:" << error.message;
            setStatus(State::SignedOut);
            setError(error);
            co_return error;
        }
        qCInfo(lcClient) << "account created:" << username;
    }
    auto loggingIn = m_api->login(username, password);
    auto login = co_await loggingIn;
    if (!self || generation != m_generation) {
        co_return Error::conflict(QStringLiteral("superseded"));
    }
    if (!login) {
        auto error = std::move(login).error();
        // For an account made a moment ago a refusal is not about the password: say what the server said.
        if (entry == Entry::SignIn && error.code == ErrorCode::Forbidden) {
            error = Error::unauthenticated(tr("Wrong username or password."));
        }
        qCInfo(lcClient) << "sign-in failed:" << error.message;
        setStatus(State::SignedOut);
        setError(error);
        co_return error;
    }
    auto completing = completeSignIn(login->token, login->user);
    co_return co_await completing;
}

QCoro::Task<Status> Session::completeSignIn(QString token, User user)
{
    QPointer<Session> self(this);
    const auto generation = m_generation;
    m_api->setToken(token);
    m_expiry = tokenExpiry(token);
    m_settings->setLastUsername(user.username);
    auto saving = m_tokens->save(account(user.username), token);
    co_await saving;
    if (!self || generation != m_generation) {
        co_return Error::conflict(QStringLiteral("superseded"));
    }
    setUser(user);
    clearErrors();
    setStatus(State::SignedIn);
    scheduleRefresh();
    qCInfo(lcClient) << "signed in as" << user.username;
    reloadAvatars();
    co_return Status{};
}

QCoro::Task<Status> Session::restoreAsync()
{
    if (isBusy() || isSignedIn()) {
        co_return Error::conflict(tr("Already signed in."));
    }
    const auto username = m_settings->lastUsername();
    const auto url = ApiClient::parseServerUrl(m_settings->serverUrl());
    if (username.isEmpty() || !url) {
        co_return Error::notFound(QStringLiteral("no stored session"));
    }
    QPointer<Session> self(this);
    const auto generation = ++m_generation;
    m_api->setBaseUrl(*url);
    // A retry starts clean: the last failure's message goes until this attempt has its answer.
    clearErrors();
    setStatus(State::Restoring);
    auto loading = m_tokens->load(account(username));
    const auto token = co_await loading;
    if (!self || generation != m_generation) {
        co_return Error::conflict(QStringLiteral("superseded"));
    }
    if (token.isEmpty()) {
        setStatus(State::SignedOut);
        co_return Error::notFound(QStringLiteral("no stored session"));
    }
    const auto expiry = tokenExpiry(token);
    if (expiry.isValid() && expiry <= QDateTime::currentDateTimeUtc()) {
        auto removing = m_tokens->remove(account(username));
        co_await removing;
        if (self) {
            setStatus(State::SignedOut);
            setError(Error::unauthenticated(expiredMessage()));
        }
        co_return Error::unauthenticated(expiredMessage());
    }
    m_api->setToken(token);
    m_verifying = true; // a 403 here is handled below, not by verifyAfterRejection()
    auto asking = m_api->me();
    auto me = co_await asking;
    if (!self || generation != m_generation) {
        co_return Error::conflict(QStringLiteral("superseded"));
    }
    m_verifying = false;
    if (!me) {
        m_api->setToken({});
        setStatus(State::SignedOut);
        auto error = std::move(me).error();
        if (error.code == ErrorCode::Forbidden) {
            auto removing = m_tokens->remove(account(username));
            Q_UNUSED(removing)
            error = Error::unauthenticated(expiredMessage());
        }
        setError(error);
        if (error.code == ErrorCode::Unavailable) {
            m_restoreFailed = true;
            Q_EMIT errorsChanged();
        }
        co_return error;
    }
    auto completing = completeSignIn(token, *me);
    co_return co_await completing;
}

QCoro::Task<Status> Session::refreshAsync()
{
    if (!isSignedIn()) {
        co_return Error::unauthenticated(expiredMessage());
    }
    QPointer<Session> self(this);
    const auto generation = m_generation;
    m_verifying = true;
    auto refreshing = m_api->refreshToken();
    auto token = co_await refreshing;
    if (!self || generation != m_generation) {
        co_return Error::conflict(QStringLiteral("superseded"));
    }
    m_verifying = false;
    if (!token) {
        if (token.error().code == ErrorCode::Forbidden) {
            endSession(expiredMessage());
            co_return Error::unauthenticated(expiredMessage());
        }
        qCInfo(lcClient) << "token refresh failed, retrying later:" << token.error().message;
        m_refreshTimer.start(std::chrono::milliseconds(RefreshRetryMs));
        co_return std::move(token).error();
    }
    m_api->setToken(*token);
    m_expiry = tokenExpiry(*token);
    auto saving = m_tokens->save(account(m_user.username), *token);
    co_await saving;
    if (self && generation == m_generation) {
        scheduleRefresh();
    }
    qCDebug(lcClient) << "token refreshed, valid until" << m_expiry;
    co_return Status{};
}

void Session::scheduleRefresh()
{
    m_refreshTimer.stop();
    if (!m_expiry.isValid()) {
        return;
    }
    const qint64 remaining = QDateTime::currentDateTimeUtc().msecsTo(m_expiry);
    // Refresh when a tenth of the remaining lifetime is left (at least 1 s, at most 5 min early).
    const qint64 margin = std::clamp<qint64>(remaining / 10, 1000, 5 * 60 * 1000);
    const qint64 delay = std::clamp<qint64>(remaining - margin, 0, std::numeric_limits<int>::max());
    m_refreshTimer.start(std::chrono::milliseconds(delay));
}

QCoro::Task<void> Session::verifyAfterRejection()
{
    // A 403 on an authenticated request is either an action outside the user's rights or a token
    // the server no longer accepts: GET /me tells them apart.
    if (m_verifying || !isSignedIn()) {
        co_return;
    }
    QPointer<Session> self(this);
    const auto generation = m_generation;
    m_verifying = true;
    auto asking = m_api->me();
    auto me = co_await asking;
    if (!self) {
        co_return;
    }
    m_verifying = false;
    if (generation != m_generation) {
        co_return;
    }
    if (!me && me.error().code == ErrorCode::Forbidden) {
        qCInfo(lcClient) << "the server no longer accepts the session token";
        endSession(expiredMessage());
    } else if (me) {
        setUser(*me);
    }
}

void Session::endSession(const QString &message)
{
    const auto username = m_user.username;
    ++m_generation;
    m_refreshTimer.stop();
    if (!username.isEmpty()) {
        auto removing = m_tokens->remove(account(username));
        Q_UNUSED(removing)
    }
    m_api->setToken({});
    m_expiry = {};
    m_verifying = false;
    setUser({});
    setStatus(State::SignedOut);
    m_errorMessage = message;
    m_fieldErrors.clear();
    Q_EMIT errorsChanged();
    if (!message.isEmpty()) {
        Q_EMIT expired();
    }
}

void Session::signOut()
{
    qCInfo(lcClient) << "signing out";
    // The server ends the token too, so a copy of it is worthless. The request leaves with the
    // token before it is forgotten; its answer changes nothing here (signed out either way).
    auto ending = m_api->logout();
    Q_UNUSED(ending)
    endSession({});
}

QCoro::Task<Status> Session::loadAvatarsAsync()
{
    QPointer<Session> self(this);
    m_avatarsState = LoadState::State::Loading;
    m_avatarsError.clear();
    Q_EMIT avatarsStateChanged();
    auto loading = m_api->avatars();
    auto avatars = co_await loading;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    if (!avatars) {
        m_avatarsState = LoadState::State::Failed;
        m_avatarsError = avatars.error().message;
        Q_EMIT avatarsStateChanged();
        co_return std::move(avatars).error();
    }
    QList<QUrl> urls;
    urls.reserve(avatars->size());
    for (const auto &avatar : std::as_const(*avatars)) {
        urls.append(m_api->resolve(avatar.imageUrl));
    }
    m_avatars->setAvatars(std::move(avatars).value(), std::move(urls));
    m_avatarsState = LoadState::State::Ready;
    Q_EMIT avatarsStateChanged();
    Q_EMIT avatarUrlChanged();
    co_return Status{};
}

QCoro::Task<Status> Session::setAvatarAsync(QString avatarId)
{
    if (!isSignedIn()) {
        co_return Error::unauthenticated(expiredMessage());
    }
    if (const auto valid = Validation::id(avatarId, QStringLiteral("avatarId")); !valid) {
        Q_EMIT avatarSaveFailed(valid.error().message);
        co_return valid.error();
    }
    QPointer<Session> self(this);
    const auto generation = m_generation;
    m_savingAvatar = true;
    Q_EMIT savingAvatarChanged();
    auto saving = m_api->setAvatar(avatarId);
    auto saved = co_await saving;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    m_savingAvatar = false;
    Q_EMIT savingAvatarChanged();
    if (generation != m_generation) {
        co_return Error::conflict(QStringLiteral("superseded"));
    }
    if (!saved) {
        Q_EMIT avatarSaveFailed(saved.error().message);
        co_return saved;
    }
    auto user = m_user;
    user.avatarId = avatarId;
    setUser(user);
    Q_EMIT avatarSaved();
    co_return Status{};
}

} // namespace Metaverse
