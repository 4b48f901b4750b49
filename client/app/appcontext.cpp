// SPDX-License-Identifier: GPL-3.0-or-later
#include "appcontext.h"

#include "logging.h"
#include "net/apiclient.h"
#include "net/networkcache.h"
#include "net/tokenstore.h"
#include "sessions/chatsession.h"
#include "sessions/inviteacceptor.h"
#include "sessions/session.h"
#include "sessions/spacedirectory.h"
#include "sessions/spacemoderation.h"
#include "sessions/spacesession.h"
#include "sessions/spacesharing.h"

#include <QCoreApplication>
#include <QEvent>
#include <QGuiApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPalette>

namespace Metaverse
{

AppContext *AppContext::s_instance = nullptr;
std::unique_ptr<CachingNetworkAccessManagerFactory> AppContext::s_networkFactory;

AppContext::AppContext(const AppOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_settings(std::make_unique<Settings>(options.settingsFile))
    , m_api(std::make_unique<ApiClient>())
    , m_tokens(std::make_unique<TokenStore>(
          options.useKeychain ? TokenStore::Backend::Keychain : TokenStore::Backend::Memory))
{
    if (!options.serverUrl.isEmpty()) {
        m_settings->setServerUrl(options.serverUrl);
    }
    m_api->setTimeoutMs(options.timeoutMs);
    if (const auto url = ApiClient::parseServerUrl(m_settings->serverUrl())) {
        m_api->setBaseUrl(*url);
    }
    m_session = std::make_unique<Session>(m_api.get(), m_tokens.get(), m_settings.get());
    m_spaces = std::make_unique<SpaceDirectory>(m_api.get(), m_session.get());
    m_sharing = std::make_unique<SpaceSharing>(m_api.get());
    m_moderation = std::make_unique<SpaceModeration>(m_api.get());
    m_invites = std::make_unique<InviteAcceptor>(m_api.get(), m_session.get(), m_spaces.get());
    m_space = std::make_unique<SpaceSession>(m_api.get(), m_session.get());
    // The status is remembered: the next start enters spaces with it.
    m_space->setStatus(m_settings->spaceStatus());
    connect(m_space.get(), &SpaceSession::statusChanged, m_settings.get(),
        [this] { m_settings->setSpaceStatus(m_space->status()); });
    // Leaving a space the user lost (banned, removed, deleted): the dashboard no longer lists it.
    connect(m_space.get(), &SpaceSession::stateChanged, m_spaces.get(), [this] {
        if (m_space->state() == SpaceSession::State::Failed) {
            m_spaces->reload();
        }
    });
    m_chat = std::make_unique<ChatSession>(m_api.get(), m_session.get());
    m_chat->setSettings(m_settings.get());
    connect(m_settings.get(), &Settings::themeModeChanged, this, &AppContext::updateDarkMode);
    if (qApp) {
        qApp->installEventFilter(this);
    }
    updateDarkMode();
}

AppContext::~AppContext()
{
    if (s_instance == this) {
        s_instance = nullptr;
    }
    if (m_translator) {
        QCoreApplication::removeTranslator(m_translator.get());
    }
    if (m_qtTranslator) {
        QCoreApplication::removeTranslator(m_qtTranslator.get());
    }
    // The chat, directory and session observe the API client: destroy them first.
    m_chat.reset();
    m_space.reset();
    m_invites.reset();
    m_moderation.reset();
    m_sharing.reset();
    m_spaces.reset();
    m_session.reset();
}

void AppContext::setInstance(AppContext *context)
{
    s_instance = context;
}

AppContext *AppContext::create(QQmlEngine *qmlEngine, QJSEngine *jsEngine)
{
    Q_UNUSED(jsEngine)
    if (!s_instance) {
        // No app installed (e.g. qmlscene): a default one, owned by the engine.
        auto *context = new AppContext(AppOptions{});
        context->m_engine = qmlEngine;
        return context;
    }
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    s_instance->m_engine = qmlEngine;
    // Before the first image is requested: the engine creates its network access lazily.
    if (qmlEngine && !qmlEngine->networkAccessManagerFactory()) {
        if (!s_networkFactory) {
            s_networkFactory = std::make_unique<CachingNetworkAccessManagerFactory>();
        }
        qmlEngine->setNetworkAccessManagerFactory(s_networkFactory.get());
    }
    return s_instance;
}

QString AppContext::version() const
{
    return QStringLiteral(METAVERSE_VERSION);
}

bool AppContext::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == qApp && event->type() == QEvent::ApplicationPaletteChange) {
        updateDarkMode();
    }
    return QObject::eventFilter(watched, event);
}

void AppContext::updateDarkMode()
{
    bool dark = false;
    switch (m_settings->themeMode()) {
    case Settings::ThemeMode::Light:
        dark = false;
        break;
    case Settings::ThemeMode::Dark:
        dark = true;
        break;
    case Settings::ThemeMode::System:
        // QStyleHints::colorScheme() is Qt 6.5+: a dark window colour means a dark system theme.
        dark = qobject_cast<QGuiApplication *>(QCoreApplication::instance()) &&
            QGuiApplication::palette().color(QPalette::Window).lightnessF() < 0.5;
        break;
    }
    if (dark != m_darkMode) {
        m_darkMode = dark;
        Q_EMIT darkModeChanged();
    }
}

void AppContext::setThemeMode(Settings::ThemeMode mode)
{
    m_settings->setThemeMode(mode);
}

void AppContext::setLanguage(const QString &code)
{
    m_settings->setLanguage(code);
    applyLanguage(m_engine);
}

void AppContext::applyLanguage(QQmlEngine *engine)
{
    if (engine) {
        m_engine = engine;
    }
    const auto setting = m_settings->language();
    const QLocale locale = setting.isEmpty() ? QLocale::system() : QLocale(setting);
    if (m_translator) {
        QCoreApplication::removeTranslator(m_translator.get());
    }
    if (m_qtTranslator) {
        QCoreApplication::removeTranslator(m_qtTranslator.get());
    }
    m_translator = std::make_unique<QTranslator>();
    QString code = QStringLiteral("en");
    // English is the fallback (a C or unsupported locale): its file holds the plural forms ("1 tile").
    if (m_translator->load(locale, QStringLiteral("metaverse"), QStringLiteral("_"), QStringLiteral(":/i18n")) ||
        m_translator->load(QStringLiteral("metaverse_en"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(m_translator.get());
        code = m_translator->language().section(QLatin1Char('_'), 0, 0);
    } else {
        m_translator.reset();
    }
    // Qt's own strings (standard buttons, text field context menus).
    m_qtTranslator = std::make_unique<QTranslator>();
    if (code != QLatin1String("en") &&
        m_qtTranslator->load(
            locale, QStringLiteral("qt"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(m_qtTranslator.get());
    } else {
        m_qtTranslator.reset();
    }
    qCInfo(lcClient) << "language:" << code << "(locale" << locale.name() << ")";
    if (code != m_languageCode) {
        m_languageCode = code;
        Q_EMIT languageCodeChanged();
    }
    m_tokens->retranslate();
    if (m_engine) {
        m_engine->retranslate();
    }
}

} // namespace Metaverse
