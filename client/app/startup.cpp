// SPDX-License-Identifier: GPL-3.0-or-later
#include "startup.h"

#include "appcontext.h"
#include "logging.h"
#include "platform/settings.h"
#include "platform/singleinstance.h"
#include "sessions/inviteacceptor.h"
#include "sessions/session.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QIcon>
#include <QQmlApplicationEngine>
#include <QQuickStyle>

namespace Metaverse
{

int runClient(int argc, char *argv[], const StartupHooks &hooks)
{
    QElapsedTimer clock;
    clock.start();
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("metaverse"));
    QGuiApplication::setOrganizationName(QStringLiteral("Metaverse"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Metaverse"));
    QGuiApplication::setApplicationVersion(QStringLiteral(METAVERSE_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("org.metaverse.Metaverse"));
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/metaverse.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Metaverse: a self-hosted 2D virtual office"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(QStringLiteral("server"),
        QStringLiteral("Use the server at URL (remembered for next time)."), QStringLiteral("URL"));
    const QCommandLineOption settingsOption(QStringLiteral("settings"),
        QStringLiteral("Read and write settings in FILE instead of the user's settings."), QStringLiteral("FILE"));
    const QCommandLineOption noKeychainOption(QStringLiteral("no-keychain"),
        QStringLiteral("Keep the sign-in for this session only, never in the system keychain."));
    const QCommandLineOption languageOption(QStringLiteral("language"),
        QStringLiteral("Use LANGUAGE (en, de) instead of the system language."), QStringLiteral("LANGUAGE"));
    parser.addOptions({serverOption, settingsOption, noKeychainOption, languageOption});
    parser.addPositionalArgument(QStringLiteral("link"),
        QStringLiteral("An invite link to open (metaverse://HOST:PORT/invite/TOKEN or SERVER/invite/TOKEN)."),
        QStringLiteral("[link]"));
    parser.process(app);
    const auto positional = parser.positionalArguments();
    const QString link = positional.isEmpty() ? QString() : positional.constFirst();

    // A link goes to the app that is already running (the same settings), which accepts it.
    SingleInstance instance(parser.value(settingsOption));
    if (!link.isEmpty() && instance.forward(link)) {
        return 0;
    }

    AppOptions options;
    options.serverUrl = parser.value(serverOption);
    options.settingsFile = parser.value(settingsOption);
    options.useKeychain = !parser.isSet(noKeychainOption);
    // bench/client-render measures the real glides with METAVERSE_REDUCED_MOTION=0.
    options.reducedMotion = hooks.reducedMotion;
    if (qEnvironmentVariableIsSet("METAVERSE_REDUCED_MOTION")) {
        options.reducedMotion = qEnvironmentVariable("METAVERSE_REDUCED_MOTION") != QLatin1String("0");
    }
    AppContext context(options);
    if (parser.isSet(languageOption)) {
        context.settings()->setLanguage(parser.value(languageOption));
    }
    AppContext::setInstance(&context);

    QQuickStyle::setStyle(QStringLiteral("Basic"));
    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    context.applyLanguage(&engine);

    if (hooks.beforeLoad) {
        if (const int code = hooks.beforeLoad(engine, context); code != 0) {
            AppContext::setInstance(nullptr);
            return code;
        }
    }

    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
        Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Metaverse/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        AppContext::setInstance(nullptr);
        return 1;
    }
    // One start-up line that names the first page (Main.qml's objectNames): the package check
    // in scripts/package-check.sh reads it to know the installed app came up.
    const auto *root = engine.rootObjects().constFirst();
    const bool signInShown = root->findChild<QObject *>(QStringLiteral("signInPage")) != nullptr;
    qCInfo(lcClient) << "window shown with the" << (signInShown ? "sign-in page" : "signed-in shell");
    if (instance.listen()) {
        QObject::connect(&instance, &SingleInstance::linkReceived, &context, [&context](const QString &forwarded) {
            Q_EMIT context.raiseRequested();
            context.invites()->accept(forwarded);
        });
    }
    if (!link.isEmpty()) {
        // Waits for the restored session (or the sign-in) when there is none yet.
        context.invites()->accept(link);
    }
    context.session()->restore();
    if (hooks.afterLoad) {
        hooks.afterLoad(clock);
    }
    const int code = QGuiApplication::exec();
    context.settings()->sync();
    AppContext::setInstance(nullptr);
    return code;
}

} // namespace Metaverse
