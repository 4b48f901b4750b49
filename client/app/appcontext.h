// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "platform/settings.h"

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QTranslator>

#include <memory>

namespace Metaverse
{

class ApiClient;
class ChatSession;
class InviteAcceptor;
class Session;
class SpaceDirectory;
class SpaceModeration;
class SpaceSharing;
class SpaceSession;
class CachingNetworkAccessManagerFactory;
class TokenStore;

struct AppOptions {
    QString settingsFile; // empty: the user's native settings
    QString serverUrl; // non-empty: overrides the stored server address
    bool useKeychain = true;
    int timeoutMs = 10000;
    bool reducedMotion = false; // no transitions (tests, screenshots)
};

// Everything the QML side may use, as the `App` singleton: settings, session, spaces, the
// appearance (dark mode) and the language. main() (or a test) creates one and installs it before
// loading QML.
class AppContext : public QObject
{
    Q_OBJECT
    Q_MOC_INCLUDE("sessions/session.h")
    Q_MOC_INCLUDE("sessions/spacedirectory.h")
    Q_MOC_INCLUDE("sessions/spacesession.h")
    Q_MOC_INCLUDE("sessions/chatsession.h")
    Q_MOC_INCLUDE("sessions/spacesharing.h")
    Q_MOC_INCLUDE("sessions/spacemoderation.h")
    Q_MOC_INCLUDE("sessions/inviteacceptor.h")
    QML_NAMED_ELEMENT(App)
    QML_SINGLETON
    Q_PROPERTY(Metaverse::Settings *settings READ settings CONSTANT)
    Q_PROPERTY(Metaverse::Session *session READ session CONSTANT)
    Q_PROPERTY(Metaverse::SpaceDirectory *spaces READ spaces CONSTANT)
    Q_PROPERTY(Metaverse::SpaceSharing *sharing READ sharing CONSTANT)
    Q_PROPERTY(Metaverse::SpaceModeration *moderation READ moderation CONSTANT)
    // "Join with a link" and metaverse: links from the command line or another process.
    Q_PROPERTY(Metaverse::InviteAcceptor *invites READ invites CONSTANT)
    // The space the user is in (the space page).
    Q_PROPERTY(Metaverse::SpaceSession *space READ space CONSTANT)
    Q_PROPERTY(Metaverse::ChatSession *chat READ chat CONSTANT)
    Q_PROPERTY(bool darkMode READ isDarkMode NOTIFY darkModeChanged)
    Q_PROPERTY(bool reducedMotion READ reducedMotion CONSTANT)
    Q_PROPERTY(QString version READ version CONSTANT)
    Q_PROPERTY(QString languageCode READ languageCode NOTIFY languageCodeChanged)

public:
    explicit AppContext(const AppOptions &options, QObject *parent = nullptr);
    ~AppContext() override;

    // The instance QML gets as `App`; not owned.
    static void setInstance(AppContext *context);
    static AppContext *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);

    [[nodiscard]] Settings *settings() const { return m_settings.get(); }
    [[nodiscard]] ApiClient *api() const { return m_api.get(); }
    [[nodiscard]] TokenStore *tokens() const { return m_tokens.get(); }
    [[nodiscard]] Session *session() const { return m_session.get(); }
    [[nodiscard]] SpaceDirectory *spaces() const { return m_spaces.get(); }
    [[nodiscard]] SpaceSharing *sharing() const { return m_sharing.get(); }
    [[nodiscard]] SpaceModeration *moderation() const { return m_moderation.get(); }
    [[nodiscard]] InviteAcceptor *invites() const { return m_invites.get(); }
    [[nodiscard]] SpaceSession *space() const { return m_space.get(); }
    [[nodiscard]] ChatSession *chat() const { return m_chat.get(); }
    [[nodiscard]] bool isDarkMode() const { return m_darkMode; }
    [[nodiscard]] bool reducedMotion() const { return m_options.reducedMotion; }
    [[nodiscard]] QString version() const;
    [[nodiscard]] QString languageCode() const { return m_languageCode; }

    // Installs the translation for the setting (or the system locale) and retranslates `engine`.
    void applyLanguage(QQmlEngine *engine = nullptr);

    Q_INVOKABLE void setThemeMode(Metaverse::Settings::ThemeMode mode);
    // "" for the system language, "en", "de".
    Q_INVOKABLE void setLanguage(const QString &code);

Q_SIGNALS:
    void darkModeChanged();
    // Another process handed this app a link: the window comes to the front.
    void raiseRequested();
    void languageCodeChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateDarkMode();

    AppOptions m_options;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<TokenStore> m_tokens;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<SpaceDirectory> m_spaces;
    std::unique_ptr<SpaceSharing> m_sharing;
    std::unique_ptr<SpaceModeration> m_moderation;
    std::unique_ptr<InviteAcceptor> m_invites;
    std::unique_ptr<SpaceSession> m_space;
    // The QML engine's network access (a disk cache for sprites and avatars).
    static std::unique_ptr<CachingNetworkAccessManagerFactory> s_networkFactory;
    std::unique_ptr<ChatSession> m_chat;
    std::unique_ptr<QTranslator> m_translator;
    std::unique_ptr<QTranslator> m_qtTranslator;
    QPointer<QQmlEngine> m_engine;
    bool m_darkMode = false;
    QString m_languageCode;
    static AppContext *s_instance;
};

} // namespace Metaverse
