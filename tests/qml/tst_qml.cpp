// SPDX-License-Identifier: GPL-3.0-or-later
// Qt Quick Test for the client's pages with the real models: an in-process metaverse server on a
// free port, and the App singleton wired to it (no keychain, settings in a temp dir).

#include "appcontext.h"
#include "testsupport.h"

#include <QFile>
#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

#include <memory>

Q_IMPORT_QML_PLUGIN(MetaversePlugin)

class Setup : public QObject
{
    Q_OBJECT

public:
    // Constructed before the application object: a private XDG_RUNTIME_DIR (PLATFORM-NOTES),
    // removed when the test exits.
    Setup()
    {
        if (!m_runtimeDir.isValid()) {
            qFatal("cannot create a runtime dir: %s", qPrintable(m_runtimeDir.errorString()));
        }
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtimeDir.path()));
    }

public Q_SLOTS:
    void applicationAvailable()
    {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        m_server = std::make_unique<Metaverse::Test::TestServer>();
        if (const auto started = m_server->start(); !started) {
            qFatal("cannot start the test server: %s", qPrintable(started.error().message));
        }
        Metaverse::AppOptions options;
        options.settingsFile = m_dir.filePath(QStringLiteral("settings.ini"));
        options.serverUrl = m_server->baseUrl();
        options.useKeychain = false;
        options.reducedMotion = true;
        m_app = std::make_unique<Metaverse::AppContext>(options);
        Metaverse::AppContext::setInstance(m_app.get());
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        engine->rootContext()->setContextProperty(QStringLiteral("testServerUrl"), m_server->baseUrl());
    }

    void cleanupTestCase()
    {
        Metaverse::AppContext::setInstance(nullptr);
        m_app.reset();
        m_server.reset();
    }

private:
    QTemporaryDir m_runtimeDir;
    QTemporaryDir m_dir;
    std::unique_ptr<Metaverse::Test::TestServer> m_server;
    std::unique_ptr<Metaverse::AppContext> m_app;
};

QUICK_TEST_MAIN_WITH_SETUP(qml, Setup)
#include "tst_qml.moc"
