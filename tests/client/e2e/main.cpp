// SPDX-License-Identifier: GPL-3.0-or-later
// metaverse-e2e: the metaverse client with the scripted test driver (e2erunner.h). It starts as the
// shipped app does (Metaverse::runClient) and runs the JSON script named by METAVERSE_E2E_SCRIPT;
// tst_e2e and the client benches launch it. Never installed.

#include "app/appcontext.h"
#include "app/startup.h"
#include "e2erunner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QQmlApplicationEngine>
#include <QtQml/qqmlextensionplugin.h>

#include <memory>

Q_IMPORT_QML_PLUGIN(MetaversePlugin)

int main(int argc, char *argv[])
{
    const auto script = qEnvironmentVariable("METAVERSE_E2E_SCRIPT");
    std::unique_ptr<Metaverse::E2eRunner> runner;
    Metaverse::StartupHooks hooks;
    // Scripted runs (tests, screenshots) skip transitions unless METAVERSE_REDUCED_MOTION says
    // otherwise (bench/client-render measures the real glides with 0).
    hooks.reducedMotion = true;
    hooks.beforeLoad = [&runner, &script](QQmlApplicationEngine &engine, Metaverse::AppContext &context) {
        if (script.isEmpty()) {
            qCCritical(Metaverse::lcE2e) << "METAVERSE_E2E_SCRIPT names no script";
            return 2;
        }
        runner = std::make_unique<Metaverse::E2eRunner>(
            &engine, &context, qEnvironmentVariable("METAVERSE_E2E_OUTPUT", QStringLiteral(".")));
        if (const auto loaded = runner->load(script); !loaded) {
            qCCritical(Metaverse::lcE2e).noquote() << loaded.error().message;
            return 2;
        }
        return 0;
    };
    hooks.afterLoad = [&runner](const QElapsedTimer &clock) {
        // The runner watches the window: it goes before the window and the engine do.
        QObject::connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, [&runner] { runner.reset(); });
        runner->start(clock);
    };
    return Metaverse::runClient(argc, argv, hooks);
}
