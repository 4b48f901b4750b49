// SPDX-License-Identifier: GPL-3.0-or-later
// Qt Quick Test for the client's pages with the real models: an in-process metaverse server on a
// free port, and the App singleton wired to it (no keychain, settings in a temp dir).

#include "app/appcontext.h"
#include "chatclient.h"
#include "net/apiclient.h"
#include "net/tokenstore.h"
#include "sessions/chatsession.h"
#include "sessions/session.h"
#include "spaceclient.h"
#include "testsupport.h"

#include <QCoroTask>
#include <QFile>
#include <QGuiApplication>
#include <QPalette>
#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

#include <memory>

Q_IMPORT_QML_PLUGIN(MetaversePlugin)

// What the QML tests cannot do by themselves, as the context property `testControl`: stop the
// server and bring it back on the same port, sign out the way closing the app does (keeping the
// stored token for the next start), switch the system palette between light and dark, and play
// a second user on the chat and space sockets.
class TestControl : public QObject
{
    Q_OBJECT

public:
    TestControl(Metaverse::Test::TestServer *server, Metaverse::AppContext *app, QObject *parent = nullptr)
        : QObject(parent)
        , m_server(server)
        , m_app(app)
        , m_port(server->port())
    {
    }

    Q_INVOKABLE void stopServer() { m_server->stop(); }

    Q_INVOKABLE bool startServer()
    {
        m_server->config().httpPort = m_port;
        const auto started = m_server->start();
        if (!started) {
            qWarning("cannot restart the test server: %s", qPrintable(started.error().message));
        }
        return static_cast<bool>(started);
    }

    // The session ends here but its token stays stored, as when the app is closed signed in.
    Q_INVOKABLE void signOutKeepingToken()
    {
        auto *session = m_app->session();
        const auto token = session->token();
        const auto account = Metaverse::Session::tokenAccount(m_app->api()->baseUrl(), session->username());
        session->signOut();
        QCoro::waitFor(m_app->tokens()->save(account, token));
    }

    // What a desktop does when the user switches its colour scheme.
    Q_INVOKABLE void setSystemDark(bool dark)
    {
        QGuiApplication::setPalette(dark ? QPalette(QColor(0x35, 0x35, 0x35), QColor(0x20, 0x20, 0x20))
                                         : QPalette(QColor(0xef, 0xef, 0xef), QColor(0xf5, 0xf5, 0xf5)));
    }

    // The chat's other user ("chatpeer", made a member of `spaceId` by the signed-in owner) joins
    // `roomId` on a test chat socket (reopened when the server restarted).
    Q_INVOKABLE bool chatPeerJoin(const QString &spaceId, const QString &roomId)
    {
        Metaverse::Test::Client http(m_server->baseUrl());
        if (m_peerToken.isEmpty()) {
            m_peerToken = http.signupAndLogin(QStringLiteral("chatpeer"));
        }
        const auto owner = m_app->session()->token().toUtf8();
        http.post(QStringLiteral("/api/v1/space/%1/members").arg(spaceId),
            {{QStringLiteral("username"), QStringLiteral("chatpeer")}}, owner);
        if (!m_peer || !m_peer->isConnected()) {
            m_peer = std::make_unique<Metaverse::Test::ChatClient>();
            if (!m_peer->open(Metaverse::ChatSession::socketUrl(QUrl(m_server->baseUrl())), m_peerToken)) {
                return false;
            }
        }
        return m_peer->join(roomId).has_value();
    }
    Q_INVOKABLE bool chatPeerSay(const QString &roomId, const QString &text)
    {
        return m_peer && m_peer->say(roomId, text).has_value();
    }
    Q_INVOKABLE void chatPeerTyping(const QString &roomId)
    {
        if (m_peer) {
            m_peer->send(Metaverse::ChatProtocol::Typing{roomId});
        }
    }
    // Another room in `spaceId`, created by the signed-in owner; returns its id.
    Q_INVOKABLE QString createChatRoom(const QString &spaceId, const QString &name)
    {
        Metaverse::Test::Client http(m_server->baseUrl());
        return http
            .post(QStringLiteral("/api/v1/chatrooms"),
                {{QStringLiteral("name"), name}, {QStringLiteral("spaceId"), spaceId}},
                m_app->session()->token().toUtf8())
            .json.value(QStringLiteral("id"))
            .toString();
    }

    // The space's other user ("spacepeer", made a member of `spaceId` by the signed-in owner) joins
    // it on a test space socket with `status`.
    Q_INVOKABLE bool spacePeerJoin(const QString &spaceId, const QString &status)
    {
        Metaverse::Test::Client http(m_server->baseUrl());
        if (m_spacePeerToken.isEmpty()) {
            m_spacePeerToken = http.signupAndLogin(QStringLiteral("spacepeer"));
        }
        http.post(QStringLiteral("/api/v1/space/%1/members").arg(spaceId),
            {{QStringLiteral("username"), QStringLiteral("spacepeer")}}, m_app->session()->token().toUtf8());
        const auto parsed = Metaverse::SpaceProtocol::parseStatus(status);
        m_spacePeer = std::make_unique<Metaverse::Test::SpaceClient>(Metaverse::SpaceProtocol::Dialect::Seed);
        return parsed &&
            m_spacePeer->open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->server().spacePort()))) &&
            m_spacePeer->join(spaceId, m_spacePeerToken, false, *parsed);
    }
    Q_INVOKABLE void spacePeerSetStatus(const QString &status)
    {
        if (const auto parsed = Metaverse::SpaceProtocol::parseStatus(status); parsed && m_spacePeer) {
            m_spacePeer->send(Metaverse::SpaceProtocol::SetStatus{*parsed});
        }
    }
    // The status of `userId` as the peer last heard it ("" when it heard nothing).
    Q_INVOKABLE QString spacePeerSeenStatus(const QString &userId) const
    {
        using namespace Metaverse::SpaceProtocol;
        QString seen;
        if (!m_spacePeer) {
            return seen;
        }
        for (const auto &message : m_spacePeer->received()) {
            if (const auto *changed = std::get_if<StatusChanged>(&message); changed && changed->userId == userId) {
                seen = statusName(changed->status);
            } else if (const auto *joined = std::get_if<UserJoined>(&message);
                       joined && joined->user.userId == userId) {
                seen = statusName(joined->user.status);
            }
        }
        return seen;
    }
    Q_INVOKABLE void spacePeerLeave() { m_spacePeer.reset(); }

private:
    Metaverse::Test::TestServer *m_server;
    Metaverse::AppContext *m_app;
    quint16 m_port;
    QByteArray m_peerToken;
    std::unique_ptr<Metaverse::Test::ChatClient> m_peer;
    QByteArray m_spacePeerToken;
    std::unique_ptr<Metaverse::Test::SpaceClient> m_spacePeer;
};

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
        // Kicked users may come back at once (the moderation test kicks, then bans, the same peer).
        m_server =
            std::make_unique<Metaverse::Test::TestServer>([](Metaverse::Config &c) { c.kickCooldownSeconds = 0; });
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
        // Links the chat tests open are recorded (openedLinks, lastOpenedLink), not opened.
        m_app->chat()->setLinkOpener([](const QUrl &) { return true; });
        m_control = std::make_unique<TestControl>(m_server.get(), m_app.get());
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        // As main.cpp: the app's translations (English here: its plural forms, "1 tile").
        m_app->applyLanguage(engine);
        engine->rootContext()->setContextProperty(QStringLiteral("testServerUrl"), m_server->baseUrl());
        engine->rootContext()->setContextProperty(QStringLiteral("testControl"), m_control.get());
    }

    void cleanupTestCase()
    {
        Metaverse::AppContext::setInstance(nullptr);
        m_control.reset();
        m_app.reset();
        m_server.reset();
    }

private:
    QTemporaryDir m_runtimeDir;
    QTemporaryDir m_dir;
    std::unique_ptr<Metaverse::Test::TestServer> m_server;
    std::unique_ptr<Metaverse::AppContext> m_app;
    std::unique_ptr<TestControl> m_control;
};

QUICK_TEST_MAIN_WITH_SETUP(qml, Setup)
#include "tst_qml.moc"
