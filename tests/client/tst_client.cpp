// SPDX-License-Identifier: GPL-3.0-or-later
// The client's C++ services (ApiClient, Session, SpaceDirectory, TokenStore) against a real
// metaverse server started in this process on a free port, with SQLite in a temp dir.

#include "apiclient.h"
#include "avatarlistmodel.h"
#include "session.h"
#include "settings.h"
#include "spacedirectory.h"
#include "spacelistmodel.h"
#include "testsupport.h"
#include "tokenstore.h"

#include <QCoroTask>
#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Metaverse;

namespace
{
const auto Password = QStringLiteral("correct horse");

// One client stack (what AppContext wires together), with its own settings file.
struct Client {
    explicit Client(const QString &serverUrl, const QString &settingsFile,
        TokenStore::Backend backend = TokenStore::Backend::Memory)
        : settings(settingsFile)
        , tokens(backend, QStringLiteral("metaverse-test"))
        , session(&api, &tokens, &settings)
        , spaces(&api, &session)
    {
        settings.setServerUrl(serverUrl);
        api.setTimeoutMs(5000);
    }
    Settings settings;
    ApiClient api;
    TokenStore tokens;
    Session session;
    SpaceDirectory spaces;
};
} // namespace

class TestClient : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Test::TestServer> m_server;
    QTemporaryDir m_dir;
    int m_users = 0;

    QString settingsFile() { return m_dir.filePath(QStringLiteral("settings-%1.ini").arg(++m_users)); }
    QString freshName() { return QStringLiteral("user%1").arg(++m_users); }

    // A client signed in as a new user, with the dashboard loaded.
    std::unique_ptr<Client> signedInClient(QString *username = nullptr)
    {
        auto client = std::make_unique<Client>(m_server->baseUrl(), settingsFile());
        const auto name = freshName();
        const auto status = QCoro::waitFor(client->session.signUpAsync(m_server->baseUrl(), name, Password));
        if (!status) {
            qWarning() << status.error().message;
            return nullptr;
        }
        if (username) {
            *username = name;
        }
        return client;
    }

public:
    // Runs before the application object exists: a private XDG_RUNTIME_DIR (PLATFORM-NOTES),
    // removed when the test exits.
    static void initMain()
    {
        static QTemporaryDir runtimeDir;
        if (!runtimeDir.isValid()) {
            qFatal("cannot create a runtime dir: %s", qPrintable(runtimeDir.errorString()));
        }
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtimeDir.path()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(!qEnvironmentVariable("XDG_RUNTIME_DIR").isEmpty());
        m_server = std::make_unique<Test::TestServer>([](Config &c) { c.tokenLifetimeSeconds = 3600; });
        const auto started = m_server->start();
        QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
    }

    void parseServerUrl_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // empty: invalid
        QTest::newRow("default") << "http://127.0.0.1:3001"
                                 << "http://127.0.0.1:3001";
        QTest::newRow("no scheme") << "localhost:3001"
                                   << "http://localhost:3001";
        QTest::newRow("trailing slash") << "https://example.org/"
                                        << "https://example.org";
        QTest::newRow("api path") << "http://h:1/api/v1/"
                                  << "http://h:1";
        QTest::newRow("spaces") << "  http://h:1  "
                                << "http://h:1";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("ftp") << "ftp://h"
                             << "";
        QTest::newRow("no host") << "http://"
                                 << "";
        QTest::newRow("query") << "http://h?x=1"
                               << "";
    }
    void parseServerUrl()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const auto url = ApiClient::parseServerUrl(text);
        if (expected.isEmpty()) {
            QVERIFY(!url);
            QCOMPARE(url.error().fields.value(0).field, QStringLiteral("serverUrl"));
        } else {
            QVERIFY(url);
            QCOMPARE(url->toString(), expected);
        }
    }

    void signUpSignInSignOut()
    {
        Client client(m_server->baseUrl(), settingsFile());
        QSignalSpy statusSpy(&client.session, &Session::statusChanged);
        const auto name = freshName();
        auto status = QCoro::waitFor(client.session.signUpAsync(m_server->baseUrl(), name, Password));
        QVERIFY2(status, qPrintable(status ? QString() : status.error().message));
        QCOMPARE(client.session.status(), Session::State::SignedIn);
        QCOMPARE(client.session.username(), name);
        QVERIFY(!client.session.userId().isEmpty());
        QVERIFY(!client.session.token().isEmpty());
        QVERIFY(client.session.tokenExpiry() > QDateTime::currentDateTimeUtc());
        QVERIFY(statusSpy.count() >= 2); // SigningIn, SignedIn
        QCOMPARE(client.settings.lastUsername(), name);

        client.session.signOut();
        QCOMPARE(client.session.status(), Session::State::SignedOut);
        QVERIFY(client.session.token().isEmpty());
        QVERIFY(client.session.username().isEmpty());
        QVERIFY(client.session.errorMessage().isEmpty());

        status = QCoro::waitFor(client.session.signInAsync(m_server->baseUrl(), name, Password));
        QVERIFY(status);
        QCOMPARE(client.session.status(), Session::State::SignedIn);
    }

    void signInErrors()
    {
        QString name;
        auto existing = signedInClient(&name);
        QVERIFY(existing);
        Client client(m_server->baseUrl(), settingsFile());

        // Checked before anything is sent.
        auto status = QCoro::waitFor(client.session.signInAsync(QStringLiteral("ftp://x"), QString(), QString()));
        QVERIFY(!status);
        const auto fields = client.session.fieldErrors();
        QVERIFY(fields.contains(QStringLiteral("serverUrl")));
        QVERIFY(fields.contains(QStringLiteral("username")));
        QVERIFY(fields.contains(QStringLiteral("password")));
        // The typed properties the sign-in page binds to.
        QCOMPARE(client.session.serverUrlError(), fields.value(QStringLiteral("serverUrl")).toString());
        QVERIFY(!client.session.serverUrlError().isEmpty());
        QVERIFY(!client.session.usernameError().isEmpty());
        QVERIFY(!client.session.passwordError().isEmpty());
        QCOMPARE(client.session.status(), Session::State::SignedOut);

        // Wrong password: the server's 403, shown as a message.
        status = QCoro::waitFor(client.session.signInAsync(m_server->baseUrl(), name, QStringLiteral("wrong one")));
        QVERIFY(!status);
        QCOMPARE(status.error().code, ErrorCode::Unauthenticated);
        QCOMPARE(client.session.errorMessage(), QStringLiteral("Wrong username or password."));
        QVERIFY(client.session.fieldErrors().isEmpty());
        QCOMPARE(client.session.usernameError(), QString());
        QCOMPARE(client.session.passwordError(), QString());
        QCOMPARE(client.session.status(), Session::State::SignedOut);
    }

    void signUpFieldErrors()
    {
        QString taken;
        auto existing = signedInClient(&taken);
        QVERIFY(existing);
        Client client(m_server->baseUrl(), settingsFile());

        // common's username rule, from C++ before the request.
        auto status = QCoro::waitFor(client.session.signUpAsync(m_server->baseUrl(), QStringLiteral("x"), Password));
        QVERIFY(!status);
        QVERIFY(client.session.fieldErrors().contains(QStringLiteral("username")));

        // The server's password length rule, as a problem+json field error.
        status = QCoro::waitFor(client.session.signUpAsync(m_server->baseUrl(), freshName(), QStringLiteral("short")));
        QVERIFY(!status);
        QVERIFY2(client.session.fieldErrors().contains(QStringLiteral("password")),
            qPrintable(client.session.errorMessage()));

        // A taken username (the server's 400).
        status = QCoro::waitFor(client.session.signUpAsync(m_server->baseUrl(), taken, Password));
        QVERIFY(!status);
        QCOMPARE(status.error().code, ErrorCode::Invalid);
        QVERIFY(!client.session.errorMessage().isEmpty() || !client.session.fieldErrors().isEmpty());
        QCOMPARE(client.session.status(), Session::State::SignedOut);
    }

    void listSpaces()
    {
        auto client = signedInClient();
        QVERIFY(client);
        QTRY_COMPARE(client->spaces.state(), LoadState::State::Ready);
        QCOMPARE(client->spaces.mine()->rowCount(), 0);
        QCOMPARE(client->spaces.templates()->rowCount(), 3);
        const auto index = client->spaces.templates()->index(0);
        QVERIFY(index.data(SpaceListModel::IsTemplateRole).toBool());
        QVERIFY(index.data(SpaceListModel::ThumbnailUrlRole).toUrl().toString().startsWith(m_server->baseUrl()));
        QVERIFY(!index.data(SpaceListModel::DimensionsRole).toString().isEmpty());
    }

    void createRenameDelete()
    {
        auto client = signedInClient();
        QVERIFY(client);
        auto &spaces = client->spaces;
        QTRY_COMPARE(spaces.state(), LoadState::State::Ready);
        const auto templateId = spaces.templates()->index(0).data(SpaceListModel::SpaceIdRole).toString();

        // From a template.
        auto created = QCoro::waitFor(spaces.createAsync(QStringLiteral("Team room"), QString(), templateId));
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
        QCOMPARE(spaces.mine()->rowCount(), 1);
        const auto row = spaces.mine()->indexOf(*created);
        QVERIFY(row >= 0);
        QCOMPARE(spaces.mine()->index(row).data(SpaceListModel::NameRole).toString(), QStringLiteral("Team room"));
        QVERIFY(spaces.mine()->index(row).data(SpaceListModel::IsOwnedRole).toBool());

        // With dimensions: common's rules reject bad input before any request.
        auto bad = QCoro::waitFor(spaces.createAsync(QStringLiteral("  "), QStringLiteral("0x5"), QString()));
        QVERIFY(!bad);
        QVERIFY(spaces.fieldErrors().contains(QStringLiteral("name")));
        QVERIFY(spaces.fieldErrors().contains(QStringLiteral("dimensions")));
        QCOMPARE(spaces.nameError(), spaces.fieldErrors().value(QStringLiteral("name")).toString());
        QVERIFY(!spaces.nameError().isEmpty());
        QVERIFY(!spaces.dimensionsError().isEmpty());
        QCOMPARE(spaces.mapIdError(), QString());
        created = QCoro::waitFor(spaces.createAsync(QStringLiteral("Studio"), QStringLiteral("12x10"), QString()));
        QVERIFY(created);
        QVERIFY(spaces.fieldErrors().isEmpty());
        QCOMPARE(spaces.nameError(), QString());
        QCOMPARE(spaces.dimensionsError(), QString());
        QCOMPARE(spaces.mine()->rowCount(), 2);
        const auto studio = *created;
        QCOMPARE(spaces.mine()->index(spaces.mine()->indexOf(studio)).data(SpaceListModel::DimensionsRole).toString(),
            QStringLiteral("12x10"));

        // Rename.
        QSignalSpy renamed(&spaces, &SpaceDirectory::renamed);
        auto status = QCoro::waitFor(spaces.renameAsync(studio, QStringLiteral("Design studio")));
        QVERIFY(status);
        QCOMPARE(renamed.count(), 1);
        QCOMPARE(spaces.mine()->index(spaces.mine()->indexOf(studio)).data(SpaceListModel::NameRole).toString(),
            QStringLiteral("Design studio"));
        status = QCoro::waitFor(spaces.renameAsync(studio, QString()));
        QVERIFY(!status);
        QVERIFY(spaces.fieldErrors().contains(QStringLiteral("name")));

        // Reload shows the server's state.
        QVERIFY(QCoro::waitFor(spaces.reloadAsync()));
        QCOMPARE(spaces.mine()->index(spaces.mine()->indexOf(studio)).data(SpaceListModel::NameRole).toString(),
            QStringLiteral("Design studio"));

        // Delete; templates cannot be deleted here (the server's 400 is shown, not swallowed).
        status = QCoro::waitFor(spaces.removeAsync(studio));
        QVERIFY(status);
        QCOMPARE(spaces.mine()->rowCount(), 1);
        QCOMPARE(spaces.mine()->indexOf(studio), -1);
        status = QCoro::waitFor(spaces.removeAsync(templateId));
        QVERIFY(!status);
        QVERIFY(!spaces.actionError().isEmpty());
        QCOMPARE(spaces.templates()->rowCount(), 3);
    }

    void sharedSpacesAreNotMine()
    {
        auto owner = signedInClient();
        QString guestName;
        auto guest = signedInClient(&guestName);
        QVERIFY(owner && guest);
        const auto id = QCoro::waitFor(owner->spaces.createAsync(QStringLiteral("Shared"), QStringLiteral("5x5"), {}));
        QVERIFY(id);
        Test::Client http(m_server->baseUrl());
        const auto reply = http.post(QStringLiteral("/api/v1/space/%1/members").arg(*id),
            QJsonObject{{QStringLiteral("username"), guestName}}, owner->session.token().toUtf8());
        QCOMPARE(reply.status, 200);
        QVERIFY(QCoro::waitFor(guest->spaces.reloadAsync()));
        QCOMPARE(guest->spaces.shared()->rowCount(), 1);
        QCOMPARE(guest->spaces.mine()->rowCount(), 0);
        QVERIFY(!guest->spaces.shared()->index(0).data(SpaceListModel::IsOwnedRole).toBool());
        // Deleting someone else's space is refused (403) but the session stays valid.
        const auto status = QCoro::waitFor(guest->spaces.removeAsync(*id));
        QVERIFY(!status);
        QVERIFY(!guest->spaces.actionError().isEmpty());
        QTest::qWait(0);
        QTRY_VERIFY(guest->session.isSignedIn());
        QVERIFY(QCoro::waitFor(guest->api.me()));
        QCOMPARE(guest->session.status(), Session::State::SignedIn);
    }

    void avatars()
    {
        auto client = signedInClient();
        QVERIFY(client);
        auto &session = client->session;
        QTRY_COMPARE(session.avatarsState(), LoadState::State::Ready);
        QCOMPARE(session.avatars()->rowCount(), 8);
        QVERIFY(session.avatarId().isEmpty());
        QVERIFY(session.avatarUrl().isEmpty());
        const auto id = session.avatars()->index(2).data(AvatarListModel::AvatarIdRole).toString();
        QSignalSpy urlSpy(&session, &Session::avatarUrlChanged);
        const auto status = QCoro::waitFor(session.setAvatarAsync(id));
        QVERIFY(status);
        QCOMPARE(session.avatarId(), id);
        QVERIFY(session.avatarUrl().toString().startsWith(m_server->baseUrl() + QStringLiteral("/assets/")));
        QVERIFY(urlSpy.count() >= 1);
        QCOMPARE(session.avatars()->currentAvatarId(), id);
        QVERIFY(session.avatars()->index(2).data(AvatarListModel::IsCurrentRole).toBool());
        // The server keeps it.
        const auto me = QCoro::waitFor(client->api.me());
        QVERIFY(me);
        QCOMPARE(me->avatarId, id);
        // An unknown avatar is the server's field error, reported.
        QSignalSpy failed(&session, &Session::avatarSaveFailed);
        QVERIFY(!QCoro::waitFor(session.setAvatarAsync(QStringLiteral("no-such-avatar"))));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(session.avatarId(), id);
    }

    void restoreStoredSession()
    {
        const auto file = settingsFile();
        TokenStore tokens(TokenStore::Backend::Memory);
        QString name;
        {
            Settings settings(file);
            settings.setServerUrl(m_server->baseUrl());
            ApiClient api;
            Session session(&api, &tokens, &settings);
            name = freshName();
            QVERIFY(QCoro::waitFor(session.signUpAsync(m_server->baseUrl(), name, Password)));
        }
        // A new session finds the stored token and the server accepts it.
        Settings settings(file);
        ApiClient api;
        Session session(&api, &tokens, &settings);
        const auto status = QCoro::waitFor(session.restoreAsync());
        QVERIFY2(status, qPrintable(status ? QString() : status.error().message));
        QCOMPARE(session.username(), name);
        QCOMPARE(session.status(), Session::State::SignedIn);
    }

    void retryAfterFailedRestore()
    {
        // The app starts with a remembered token while the server is down: the session says why
        // and offers a retry (restoreFailed: the sign-in page's "Try again"), keeps the token,
        // and the retry signs in once the server is back on the same address.
        Test::TestServer server;
        QVERIFY(server.start());
        const auto port = server.port();
        const auto url = server.baseUrl();
        const auto file = settingsFile();
        TokenStore tokens(TokenStore::Backend::Memory);
        const auto name = freshName();
        {
            Settings settings(file);
            settings.setServerUrl(url);
            ApiClient api;
            Session session(&api, &tokens, &settings);
            QVERIFY(QCoro::waitFor(session.signUpAsync(url, name, Password)));
        }
        server.stop();

        Settings settings(file);
        ApiClient api;
        api.setTimeoutMs(5000);
        Session session(&api, &tokens, &settings);
        QSignalSpy errors(&session, &Session::errorsChanged);
        for (int attempt = 1; attempt <= 2; ++attempt) { // the first start, then a retry too early
            const auto status = QCoro::waitFor(session.restoreAsync());
            QVERIFY(!status);
            QCOMPARE(status.error().code, ErrorCode::Unavailable);
            QCOMPARE(session.status(), Session::State::SignedOut);
            QVERIFY2(session.restoreFailed(), qPrintable(QStringLiteral("attempt %1").arg(attempt)));
            QVERIFY2(session.errorMessage().contains(QStringLiteral("Cannot reach the server")),
                qPrintable(session.errorMessage()));
            QVERIFY(session.token().isEmpty());
            QVERIFY(errors.count() >= attempt);
        }
        // The remembered token survives the failures (only the server may reject it).
        QVERIFY(!QCoro::waitFor(tokens.load(Session::tokenAccount(QUrl(url), name))).isEmpty());

        // The server comes back on the same port; "Try again" calls restore().
        server.config().httpPort = port;
        const auto restarted = server.start();
        QVERIFY2(restarted, qPrintable(restarted ? QString() : restarted.error().message));
        QCOMPARE(server.port(), port);
        session.restore();
        QCOMPARE(session.status(), Session::State::Restoring);
        // While it tries, the last failure is no longer shown.
        QVERIFY(!session.restoreFailed());
        QVERIFY(session.errorMessage().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(session.status(), Session::State::SignedIn, 10000);
        QCOMPARE(session.username(), name);
        QVERIFY(!session.restoreFailed());
        QVERIFY(session.errorMessage().isEmpty());
        QVERIFY(!session.token().isEmpty());
        QVERIFY(QCoro::waitFor(api.me()));
    }

    void invalidTokenEndsTheSession()
    {
        auto client = signedInClient();
        QVERIFY(client);
        QTRY_COMPARE(client->spaces.state(), LoadState::State::Ready);
        QSignalSpy expired(&client->session, &Session::expired);
        // The server stops accepting the token (revoked, secret rotated, expired).
        client->api.setToken(QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.bad"));
        const auto reload = QCoro::waitFor(client->spaces.reloadAsync());
        QVERIFY(!reload);
        QVERIFY(expired.wait(5000));
        QCOMPARE(client->session.status(), Session::State::SignedOut);
        QCOMPARE(client->session.errorMessage(), QStringLiteral("Your session has expired. Please sign in again."));
        QCOMPARE(client->spaces.state(), LoadState::State::Idle);
        QCOMPARE(client->spaces.mine()->rowCount(), 0);
    }

    void expiredStoredToken()
    {
        const auto file = settingsFile();
        Settings settings(file);
        settings.setServerUrl(m_server->baseUrl());
        settings.setLastUsername(QStringLiteral("ghost"));
        TokenStore tokens(TokenStore::Backend::Memory);
        ApiClient api;
        api.setBaseUrl(*ApiClient::parseServerUrl(m_server->baseUrl()));
        // A well-formed token whose exp is in the past: refused without asking the server.
        QCoro::waitFor(tokens.save(api.baseUrl().toString() + QStringLiteral("#ghost"),
            QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.sig")));
        Session session(&api, &tokens, &settings);
        const auto status = QCoro::waitFor(session.restoreAsync());
        QVERIFY(!status);
        QCOMPARE(session.status(), Session::State::SignedOut);
        QCOMPARE(session.errorMessage(), QStringLiteral("Your session has expired. Please sign in again."));
    }

    void tokenIsRefreshedBeforeItExpires()
    {
        Test::TestServer server([](Config &c) { c.tokenLifetimeSeconds = 3; });
        QVERIFY(server.start());
        Client client(server.baseUrl(), settingsFile());
        QVERIFY(QCoro::waitFor(client.session.signUpAsync(server.baseUrl(), freshName(), Password)));
        const auto first = client.session.token();
        const auto firstExpiry = client.session.tokenExpiry();
        QVERIFY(firstExpiry.isValid());
        // Refreshed about 1 s before expiry; iat has a 1 s resolution, so the new token differs.
        QTRY_VERIFY_WITH_TIMEOUT(client.session.tokenExpiry() > firstExpiry, 6000);
        QVERIFY(client.session.token() != first);
        QCOMPARE(client.session.status(), Session::State::SignedIn);
        QVERIFY(QCoro::waitFor(client.api.me()));
    }

    void serverDown()
    {
        // A port nobody listens on.
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        const auto url = QStringLiteral("http://127.0.0.1:%1").arg(port);
        Client client(url, settingsFile());
        const auto status = QCoro::waitFor(client.session.signInAsync(url, QStringLiteral("alice"), Password));
        QVERIFY(!status);
        QCOMPARE(status.error().code, ErrorCode::Unavailable);
        QVERIFY2(client.session.errorMessage().contains(QStringLiteral("Cannot reach the server")),
            qPrintable(client.session.errorMessage()));
        QCOMPARE(client.session.status(), Session::State::SignedOut);
    }

    void serverStopsWhileSignedIn()
    {
        Test::TestServer server;
        QVERIFY(server.start());
        Client client(server.baseUrl(), settingsFile());
        QVERIFY(QCoro::waitFor(client.session.signUpAsync(server.baseUrl(), freshName(), Password)));
        QTRY_COMPARE(client.spaces.state(), LoadState::State::Ready);
        server.stop();
        const auto reload = QCoro::waitFor(client.spaces.reloadAsync());
        QVERIFY(!reload);
        QCOMPARE(client.spaces.state(), LoadState::State::Failed);
        QVERIFY(!client.spaces.errorMessage().isEmpty());
        // Still signed in: an unreachable server is not an expired session.
        QCOMPARE(client.session.status(), Session::State::SignedIn);
    }

    void requestsTimeOut()
    {
        // Accepts connections and never answers.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ApiClient api;
        api.setBaseUrl(*ApiClient::parseServerUrl(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort())));
        api.setTimeoutMs(300);
        const auto avatars = QCoro::waitFor(api.avatars());
        QVERIFY(!avatars);
        QCOMPARE(avatars.error().code, ErrorCode::Unavailable);
        QVERIFY2(
            avatars.error().message.contains(QStringLiteral("did not answer")), qPrintable(avatars.error().message));
    }

    void keychainOrSessionOnlyFallback()
    {
        // Whatever this machine offers: with a keychain the token round-trips through it; without
        // one (CI: no D-Bus secret service) it is kept for the session, with a visible warning.
        TokenStore tokens(TokenStore::Backend::Keychain, QStringLiteral("metaverse-test"));
        QCoro::waitFor(tokens.save(QStringLiteral("test#user"), QStringLiteral("token-1")));
        QCOMPARE(QCoro::waitFor(tokens.load(QStringLiteral("test#user"))), QStringLiteral("token-1"));
        if (!tokens.isSecure()) {
            QVERIFY(!tokens.warning().isEmpty());
        }
        QCoro::waitFor(tokens.remove(QStringLiteral("test#user")));
        QCOMPARE(QCoro::waitFor(tokens.load(QStringLiteral("test#user"))), QString());

        TokenStore memory(TokenStore::Backend::Memory);
        QVERIFY(!memory.isSecure());
        QVERIFY(!memory.warning().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestClient)
#include "tst_client.moc"
