// SPDX-License-Identifier: GPL-3.0-or-later
// The metaverse desktop client.

#include "app/appcontext.h"
#include "e2erunner.h"
#include "logging.h"
#include "sessions/session.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QIcon>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QtQml/qqmlextensionplugin.h>

#include <memory>

Q_IMPORT_QML_PLUGIN(MetaversePlugin)

int main(int argc, char *argv[])
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
    parser.process(app);

    const auto e2eScript = qEnvironmentVariable("METAVERSE_E2E_SCRIPT");

    Metaverse::AppOptions options;
    options.serverUrl = parser.value(serverOption);
    options.settingsFile = parser.value(settingsOption);
    options.useKeychain = !parser.isSet(noKeychainOption);
    // Scripted runs (tests, screenshots) skip transitions unless METAVERSE_REDUCED_MOTION says
    // otherwise (bench/client-render measures the real glides with 0).
    options.reducedMotion = !e2eScript.isEmpty();
    if (qEnvironmentVariableIsSet("METAVERSE_REDUCED_MOTION")) {
        options.reducedMotion = qEnvironmentVariable("METAVERSE_REDUCED_MOTION") != QLatin1String("0");
    }
    Metaverse::AppContext context(options);
    if (parser.isSet(languageOption)) {
        context.settings()->setLanguage(parser.value(languageOption));
    }
    Metaverse::AppContext::setInstance(&context);

    QQuickStyle::setStyle(QStringLiteral("Basic"));
    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    context.applyLanguage(&engine);

    std::unique_ptr<Metaverse::E2eRunner> runner;
    if (!e2eScript.isEmpty()) {
        runner = std::make_unique<Metaverse::E2eRunner>(
            &engine, &context, qEnvironmentVariable("METAVERSE_E2E_OUTPUT", QStringLiteral(".")));
        if (const auto loaded = runner->load(e2eScript); !loaded) {
            qCCritical(Metaverse::lcClientE2e).noquote() << loaded.error().message;
            return 2;
        }
    }

    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
        Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Metaverse/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        return 1;
    }
    context.session()->restore();
    if (runner) {
        runner->start(clock);
    }
    const int code = QGuiApplication::exec();
    context.settings()->sync();
    Metaverse::AppContext::setInstance(nullptr);
    return code;
}
