// SPDX-License-Identifier: GPL-3.0-or-later
// The client's C++ services (ApiClient, Session, SpaceDirectory, TokenStore) against a real
// metaverse server started in this process on a free port, with SQLite in a temp dir.

#include "chatclient.h"
#include "models/auditlistmodel.h"
#include "models/avatarlistmodel.h"
#include "models/banlistmodel.h"
#include "models/cataloguenames.h"
#include "models/chatroomlistmodel.h"
#include "models/invitelistmodel.h"
#include "models/memberlistmodel.h"
#include "models/messagelistmodel.h"
#include "models/nearbyelementsmodel.h"
#include "models/occupantmodel.h"
#include "models/palettemodel.h"
#include "models/placedelementmodel.h"
#include "models/spacelistmodel.h"
#include "net/apiclient.h"
#include "net/invitelink.h"
#include "net/reconnectpolicy.h"
#include "net/tokenstore.h"
#include "platform/chatnotifier.h"
#include "platform/settings.h"
#include "platform/singleinstance.h"
#include "sessions/chatsession.h"
#include "sessions/inviteacceptor.h"
#include "sessions/session.h"
#include "sessions/spacedirectory.h"
#include "sessions/spacemoderation.h"
#include "sessions/spacesession.h"
#include "sessions/spacesharing.h"
#include "sessions/spacewalker.h"
#include "spaceclient.h"
#include "tcpproxy.h"
#include "testsupport.h"

#include <QCoroTask>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTranslator>

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

// A space owned by a signed-in client whose chat is open on it, and a second member of the space
// ("the other user") who chats through the test chat client.
struct ChatSetup {
    Test::TestServer *server = nullptr; // not owned
    std::unique_ptr<Client> client;
    std::unique_ptr<ChatSession> chat;
    QString spaceId;
    QString roomId; // the space's "general" room
    QString otherName;
    QByteArray otherToken;
    Test::ChatClient other;
};

using MessageState = MessageListModel::State;

QString elementIdByName(Test::Client &http, const QString &name)
{
    const auto elements = http.get(QStringLiteral("/api/v1/elements")).json.value(QStringLiteral("elements")).toArray();
    for (const auto &entry : elements) {
        const auto object = entry.toObject();
        if (object.value(QStringLiteral("name")).toString() == name) {
            return object.value(QStringLiteral("id")).toString();
        }
    }
    return {};
}

QUrl spaceSocketUrl(const QString &baseUrl)
{
    QUrl url(baseUrl);
    url.setScheme(QStringLiteral("ws"));
    url.setPath(QStringLiteral("/ws/space"));
    return url;
}

// A legal neighbour of `from` by the session's grid (the first of left, right, up, down).
std::optional<Point> freeNeighbour(const SpaceSession &space, Point from)
{
    for (const Point d : {Point{-1, 0}, Point{1, 0}, Point{0, -1}, Point{0, 1}}) {
        const Point next{from.x + d.x, from.y + d.y};
        if (space.occupancy().isLegalMove(from, next)) {
            return next;
        }
    }
    return std::nullopt;
}
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

    // The chat tests' server: no chat or API rate limits (they post pages of history).
    std::unique_ptr<Test::TestServer> m_chatServer;

    // `serverUrl` (the chat server, or a proxy in front of it) is what the client uses; the test's
    // own REST calls and the other user go to the server directly.
    std::unique_ptr<ChatSetup> chatSetup(Test::TestServer *server, const QString &serverUrl = {}, bool open = true)
    {
        auto setup = std::make_unique<ChatSetup>();
        setup->server = server;
        const auto url = serverUrl.isEmpty() ? server->baseUrl() : serverUrl;
        setup->client = std::make_unique<Client>(url, settingsFile());
        const auto name = freshName();
        if (!QCoro::waitFor(setup->client->session.signUpAsync(url, name, Password))) {
            return nullptr;
        }
        auto created =
            QCoro::waitFor(setup->client->spaces.createAsync(QStringLiteral("Chatty"), QStringLiteral("10x10"), {}));
        if (!created) {
            return nullptr;
        }
        setup->spaceId = *created;
        Test::Client http(server->baseUrl());
        setup->otherName = freshName();
        setup->otherToken = http.signupAndLogin(setup->otherName);
        const auto ownerToken = setup->client->session.token().toUtf8();
        if (http.post(QStringLiteral("/api/v1/space/%1/members").arg(setup->spaceId),
                    {{QStringLiteral("username"), setup->otherName}}, ownerToken)
                .status != 200) {
            return nullptr;
        }
        auto rooms = QCoro::waitFor(setup->client->api.chatrooms(setup->spaceId));
        if (!rooms || rooms->isEmpty()) {
            return nullptr;
        }
        setup->roomId = rooms->first().id;
        setup->chat = std::make_unique<ChatSession>(&setup->client->api, &setup->client->session);
        if (open) {
            setup->chat->setSpaceId(setup->spaceId);
        }
        return setup;
    }

    bool otherJoins(ChatSetup &setup)
    {
        const auto url = ChatSession::socketUrl(QUrl(setup.server->baseUrl()));
        return setup.other.open(url, setup.otherToken) && setup.other.waitFor<ChatProtocol::Authenticated>() &&
            setup.other.join(setup.roomId).has_value();
    }

    // Posts through REST as the other user, or as `token`'s user.
    Test::Reply post(ChatSetup &setup, const QString &text, const QString &clientMsgId = {}, QByteArray token = {})
    {
        QJsonObject body{{QStringLiteral("content"), text}};
        if (!clientMsgId.isEmpty()) {
            body.insert(QStringLiteral("clientMsgId"), clientMsgId);
        }
        Test::Client http(setup.server->baseUrl());
        return http.post(QStringLiteral("/api/v1/chatrooms/%1/messages").arg(setup.roomId), body,
            token.isEmpty() ? setup.otherToken : token);
    }

    // The client's unread count of the room as the server sees it.
    static int unreadOnServer(ChatSetup &setup)
    {
        auto rooms = QCoro::waitFor(setup.client->api.chatrooms(setup.spaceId));
        return rooms && !rooms->isEmpty() ? rooms->first().unread : -1;
    }

    // The texts of a room's rows, in order.
    static QStringList texts(const MessageListModel *model)
    {
        QStringList list;
        if (model) {
            for (const auto &entry : model->entries()) {
                list.append(entry.message.content);
            }
        }
        return list;
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
        m_chatServer = std::make_unique<Test::TestServer>([](Config &c) {
            c.tokenLifetimeSeconds = 3600;
            c.chatRateLimit = 0;
            c.rateLimitApi = 0;
        });
        const auto chatStarted = m_chatServer->start();
        QVERIFY2(chatStarted, qPrintable(chatStarted ? QString() : chatStarted.error().message));
    }

    // The seeded catalogue (assets/seed.json: elements and templates) is translatable: every name
    // has an entry in CatalogueNames' table and a German translation; other names (an Admin's
    // element, a user's space) stay as the server has them.
    void catalogueNamesAreTranslatable()
    {
        QFile seed(QStringLiteral(METAVERSE_SOURCE_DIR "/assets/seed.json"));
        QVERIFY(seed.open(QIODevice::ReadOnly));
        const auto catalogue = QJsonDocument::fromJson(seed.readAll()).object();
        QStringList names;
        for (const auto *list : {"elements", "templates"}) {
            for (const auto &entry : catalogue.value(QLatin1String(list)).toArray()) {
                names.append(entry.toObject().value(QStringLiteral("name")).toString());
            }
        }
        QVERIFY(names.size() > 20);
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(":/i18n/metaverse_de.qm")));
        for (const auto &name : std::as_const(names)) {
            QVERIFY2(CatalogueNames::isSeeded(name), qPrintable(name));
            QVERIFY2(!german.translate(CatalogueNames::Context, name.toUtf8().constData()).isEmpty(), qPrintable(name));
            QCOMPARE(CatalogueNames::display(name), name); // no translator installed yet
        }
        QVERIFY(QCoreApplication::installTranslator(&german));
        QCOMPARE(CatalogueNames::display(QStringLiteral("Carpet Floor")), QStringLiteral("Teppichboden"));
        QCOMPARE(CatalogueNames::display(QStringLiteral("Office")), QStringLiteral("Büro"));
        QCOMPARE(CatalogueNames::display(QStringLiteral("Our own sofa")), QStringLiteral("Our own sofa"));
        QVERIFY(!CatalogueNames::isSeeded(QStringLiteral("Our own sofa")));
        QCoreApplication::removeTranslator(&german);
    }

    // The token store's warning is translated when read: the store exists before the app installs
    // its translator, and a language change (retranslate) announces the new text.
    void tokenStoreWarningFollowsTheLanguage()
    {
        TokenStore store(TokenStore::Backend::Memory);
        QVERIFY(store.warning().startsWith(QStringLiteral("Secure storage is turned off")));
        QSignalSpy changed(&store, &TokenStore::securityChanged);
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(":/i18n/metaverse_de.qm")));
        QVERIFY(QCoreApplication::installTranslator(&german));
        store.retranslate();
        QCOMPARE(changed.count(), 1);
        QVERIFY2(store.warning().startsWith(QStringLiteral("Die sichere Speicherung")), qPrintable(store.warning()));
        QCoreApplication::removeTranslator(&german);
        QVERIFY(store.warning().startsWith(QStringLiteral("Secure storage is turned off")));
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

    // The one mapping from HTTP statuses to errors, and which of them the sessions retry.
    void errorFromStatus_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("code");
        QTest::addColumn<bool>("transient");
        QTest::addColumn<QString>("field"); // the first field error ("" when none)
        const QByteArray none;
        QTest::newRow("400 with fields") << 400
                                         << QByteArray(
                                                R"({"detail":"bad","errors":[{"field":"name","message":"too long"}]})")
                                         << int(ErrorCode::Invalid) << false << QStringLiteral("name");
        QTest::newRow("403") << 403 << none << int(ErrorCode::Forbidden) << false << QString();
        QTest::newRow("404") << 404 << none << int(ErrorCode::NotFound) << false << QString();
        QTest::newRow("410") << 410 << none << int(ErrorCode::Gone) << false << QString();
        QTest::newRow("409 falls back to invalid") << 409 << none << int(ErrorCode::Invalid) << false << QString();
        QTest::newRow("413") << 413 << none << int(ErrorCode::PayloadTooLarge) << false << QString();
        QTest::newRow("415") << 415 << none << int(ErrorCode::UnsupportedMediaType) << false << QString();
        QTest::newRow("429") << 429 << none << int(ErrorCode::RateLimited) << true << QString();
        QTest::newRow("500") << 500 << none << int(ErrorCode::Internal) << false << QString();
        QTest::newRow("502 (a proxy)") << 502 << none << int(ErrorCode::Unavailable) << true << QString();
        QTest::newRow("503") << 503 << none << int(ErrorCode::Unavailable) << true << QString();
        QTest::newRow("504 (a proxy)") << 504 << none << int(ErrorCode::Unavailable) << true << QString();
        QTest::newRow("not json") << 400 << QByteArray("<html>") << int(ErrorCode::Invalid) << false << QString();
    }
    void errorFromStatus()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, code);
        QFETCH(bool, transient);
        QFETCH(QString, field);
        const auto error = ApiClient::errorFromStatus(status, body);
        QCOMPARE(int(error.code), code);
        QVERIFY(!error.message.isEmpty());
        QCOMPARE(ApiClient::isTransient(error), transient);
        QCOMPARE(error.fields.value(0).field, field);
    }

    // An https server: an untrusted certificate is named in the error (no silent failure, no
    // connection); once the certificate is trusted, the same calls work over TLS.
    void httpsServerCertificate()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto pair = Test::makeTestCertificate(dir.path());
        QVERIFY2(pair, pair ? "" : qPrintable(pair.error().message));
        const QStringList args{QStringLiteral("metaverse-server"), QStringLiteral("--tls-cert"), pair->first,
            QStringLiteral("--tls-key"), pair->second};
        const auto load = loadConfig(args, QProcessEnvironment());
        QVERIFY(load);
        Test::TestServer server([&](Config &c) { c.tls = load->config.tls; });
        QVERIFY(server.start());
        const QUrl url(QStringLiteral("https://127.0.0.1:%1").arg(server.port()));

        ApiClient untrusting;
        untrusting.setBaseUrl(url);
        const auto refused = QCoro::waitFor(untrusting.signup(freshName(), Password));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Unavailable);
        QVERIFY2(refused.error().message.contains(QStringLiteral("certificate this computer does not trust")),
            qPrintable(refused.error().message));
        QVERIFY2(refused.error().message.contains(QStringLiteral("self signed")) ||
                refused.error().message.contains(QStringLiteral("self-signed")),
            qPrintable(refused.error().message));

        const auto saved = QSslConfiguration::defaultConfiguration();
        auto trusting = saved;
        trusting.addCaCertificates(pair->first);
        QSslConfiguration::setDefaultConfiguration(trusting);
        ApiClient api;
        api.setBaseUrl(url);
        const auto user = QCoro::waitFor(api.signup(freshName(), Password));
        QSslConfiguration::setDefaultConfiguration(saved);
        QVERIFY2(user, user ? "" : qPrintable(user.error().message));
    }

    // Reconnection backoff: doubling from the first delay up to the maximum, jitter of at most a
    // quarter on top, and back to the first delay after a reset.
    void reconnectPolicy()
    {
        ReconnectPolicy policy(500, 10000);
        QCOMPARE(policy.attempts(), 0);
        const QList<int> bases{500, 1000, 2000, 4000, 8000, 10000, 10000};
        for (int i = 0; i < bases.size(); ++i) {
            QCOMPARE(policy.baseDelayMs(), bases[i]);
            const int delay = policy.nextDelayMs();
            QVERIFY2(delay >= bases[i] && delay <= bases[i] + bases[i] / 4, qPrintable(QString::number(delay)));
            QCOMPARE(policy.attempts(), i + 1);
        }
        for (int i = 0; i < 100; ++i) { // no overflow however long the server stays away
            QVERIFY(policy.nextDelayMs() <= 12500);
        }
        policy.reset();
        QCOMPARE(policy.attempts(), 0);
        QCOMPARE(policy.baseDelayMs(), 500);
        QCOMPARE(ReconnectPolicy(500, 30000).baseDelayMs(), 500);
    }

    // The walker alone, without a socket: prediction against the grid, what it sends, the server's
    // correction, a paced walk around a wall, nothing while inactive.
    void spaceWalkerAlone()
    {
        Occupancy occupancy(Size{5, 5});
        occupancy.block(Rect{2, 0, 1, 4}); // a wall at x = 2, open at y = 4
        QList<Point> sent;
        SpaceWalker walker(&occupancy, [&sent](const SpaceProtocol::ClientMessage &message) {
            if (const auto *move = std::get_if<SpaceProtocol::Move>(&message)) {
                sent.append(move->to);
            }
        });
        walker.setStepIntervalMs(0);
        walker.placeAt({1, 0});
        QVERIFY(!walker.step(0, 1)); // not joined yet
        QVERIFY(sent.isEmpty());

        walker.setActive(true);
        QSignalSpy blocked(&walker, &SpaceWalker::blocked);
        QVERIFY(walker.step(0, 1));
        QCOMPARE(sent, (QList<Point>{Point{1, 1}}));
        QVERIFY(!walker.step(1, 0)); // into the wall
        QCOMPARE(blocked.size(), 1);
        QCOMPARE(sent.size(), 1);

        walker.correct({1, 0});
        QCOMPARE(walker.corrections(), 1);
        QCOMPARE(walker.position(), (Point{1, 0}));

        QVERIFY(walker.walkTo({3, 0}));
        QTRY_VERIFY(!walker.isWalking());
        QCOMPARE(walker.position(), (Point{3, 0}));
        QCOMPARE(sent.constLast(), (Point{3, 0}));
        QVERIFY(sent.size() >= 1 + 10); // down to y = 4, through the gap, and up again
        QVERIFY(!walker.isStepping());

        walker.hold(0, 1);
        walker.setActive(false); // the connection is gone: the held key is dropped
        QVERIFY(!walker.isStepping());
        QVERIFY(!walker.walkTo({4, 4}));
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

        const auto token = client.session.token().toLatin1();
        Test::Client http(m_server->baseUrl());
        QCOMPARE(http.get(QStringLiteral("/api/v1/me"), token).status, 200);
        client.session.signOut();
        QCOMPARE(client.session.status(), Session::State::SignedOut);
        // Signing out ends the token on the server too: a copy of it is worthless.
        QTRY_COMPARE_WITH_TIMEOUT(http.get(QStringLiteral("/api/v1/me"), token).status, 403, 5000);
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

    // SpaceSession against the real server: join, the space's elements and rights, a walk around
    // a wall (A*, every step accepted), key steps predicted at once, a step the grid refuses, another
    // user seen joining and moving, and edits (place, move, undo, remove) seen by others.
    void spaceSessionWalksAndEdits()
    {
        auto owner = signedInClient();
        QVERIFY(owner);
        const auto id = QCoro::waitFor(owner->spaces.createAsync(QStringLiteral("Walkway"), QStringLiteral("9x5"), {}));
        QVERIFY(id);
        Test::Client http(m_server->baseUrl());
        const auto token = owner->session.token().toUtf8();
        const auto wall = elementIdByName(http, QStringLiteral("Wall"));
        const auto plant = elementIdByName(http, QStringLiteral("Potted Plant"));
        const auto desk = elementIdByName(http, QStringLiteral("Desk"));
        QVERIFY(!wall.isEmpty() && !plant.isEmpty() && !desk.isEmpty());
        // A wall down column 4 from row 0 to row 3: the way past is row 4.
        for (int y = 0; y < 4; ++y) {
            const QJsonObject body{{QStringLiteral("spaceId"), *id}, {QStringLiteral("elementId"), wall},
                {QStringLiteral("x"), 4}, {QStringLiteral("y"), y}};
            QCOMPARE(http.post(QStringLiteral("/api/v1/space/element"), body, token).status, 200);
        }

        SpaceSession space(&owner->api, &owner->session);
        space.enter(*id);
        QCOMPARE(space.state(), SpaceSession::State::Loading);
        QTRY_COMPARE_WITH_TIMEOUT(space.state(), SpaceSession::State::Joined, 10000);
        QCOMPARE(space.width(), 9);
        QCOMPARE(space.height(), 5);
        QVERIFY(space.canEdit()); // the owner
        QCOMPARE(space.occupants()->rowCount(), 1);
        QCOMPARE(space.occupants()->positionOf(space.userId()), QPoint(space.x(), space.y()));
        QCOMPARE(space.elements()->totalCount(), 4);
        QVERIFY(space.palette()->rowCount() > 10);
        for (int y = 0; y < 4; ++y) {
            QVERIFY(!space.isFree(4, y));
        }
        QVERIFY(space.isFree(4, 4));

        // Someone else, as the server sees things (a member who may edit).
        const auto observerName = freshName();
        const auto observerToken = http.signupAndLogin(observerName);
        QCOMPARE(
            http.post(QStringLiteral("/api/v1/space/%1/members").arg(*id),
                    QJsonObject{{QStringLiteral("username"), observerName}, {QStringLiteral("canEdit"), true}}, token)
                .status,
            200);
        Test::SpaceClient observer(SpaceProtocol::Dialect::Seed);
        QVERIFY(observer.open(spaceSocketUrl(m_server->baseUrl())));
        QVERIFY(observer.join(*id, observerToken));
        QTRY_COMPARE(space.occupants()->rowCount(), 2);
        QCOMPARE(space.occupants()->indexOf(space.userId()), 0); // self first
        QCOMPARE(space.occupants()->userIdOf(observerName), observer.userId());

        // Click-to-move to the other side of the wall: a shortest path, every step accepted.
        const Point goal = space.x() < 4 ? Point{8, 0} : Point{0, 0};
        QVERIFY(space.walkTo(goal.x, goal.y));
        QVERIFY(space.isWalking());
        QTRY_COMPARE_WITH_TIMEOUT(space.position(), goal, 15000);
        QTRY_VERIFY(!space.isWalking());
        QCOMPARE(space.corrections(), 0);
        QVERIFY(observer.waitFor<SpaceProtocol::UserMoved>(
            [&](const SpaceProtocol::UserMoved &m) { return m.userId == space.userId() && m.position == goal; }));
        QVERIFY(!space.isBusy()); // quiet when idle: no timer runs
        // Unreachable (inside the wall) and outside: refused at once.
        QVERIFY(!space.walkTo(4, 1));
        QVERIFY(!space.walkTo(-1, 0));

        // A key step: predicted at once, before any answer; the server agrees (no correction).
        const auto next = freeNeighbour(space, space.position());
        QVERIFY(next);
        const Point d{next->x - space.x(), next->y - space.y()};
        space.hold(d.x, d.y);
        space.release(d.x, d.y);
        QTRY_COMPARE(space.position(), *next);
        QVERIFY(observer.waitFor<SpaceProtocol::UserMoved>(
            [&](const SpaceProtocol::UserMoved &m) { return m.userId == space.userId() && m.position == *next; }));
        QCOMPARE(space.corrections(), 0);
        // Back to the corner, then out of the space: refused locally, nothing sent.
        space.hold(-d.x, -d.y);
        space.release(-d.x, -d.y);
        QTRY_COMPARE(space.position(), goal);
        QSignalSpy blocked(&space, &SpaceSession::blocked);
        const Point out = goal.x == 0 ? Point{-1, 0} : Point{1, 0};
        space.hold(out.x, out.y);
        space.release(out.x, out.y);
        QTRY_COMPARE(blocked.count(), 1);
        QCOMPARE(space.position(), goal);
        QTRY_VERIFY(!space.isBusy());

        // The other user moves: seen in the occupants.
        const auto theirNext = freeNeighbour(space, observer.position());
        QVERIFY(theirNext);
        observer.send(SpaceProtocol::Move{*theirNext});
        QTRY_COMPARE(space.occupants()->positionOf(observer.userId()), QPoint(theirNext->x, theirNext->y));

        // Edits: the ghost's rules, then place, move, undo, and a static element that blocks.
        QVERIFY(space.canPlace(plant, 0, 4));
        QVERIFY(!space.canPlace(plant, 4, 0)); // on the wall
        QVERIFY(!space.canPlace(desk, 8, 0)); // 2 wide: out of bounds
        QVERIFY(!space.canPlace(desk, 3, 2)); // overlaps the wall
        QVERIFY(!space.canPlace(QStringLiteral("no-such-element"), 0, 0));
        // The server refuses exactly what the ghost shows as illegal (both ask common's Placement):
        // out of bounds, and on or across a static element.
        const QList<std::pair<QString, Point>> illegal{{desk, {8, 0}}, {plant, {4, 0}}, {desk, {3, 2}}};
        for (const auto &[elementId, at] : illegal) {
            QVERIFY(!space.canPlace(elementId, at.x, at.y));
            observer.send(SpaceProtocol::PlaceElement{elementId, at});
            QVERIFY2(observer.waitFor<SpaceProtocol::ErrorMessage>([](const SpaceProtocol::ErrorMessage &m) {
                return m.code == SpaceProtocol::ErrorCodes::Invalid;
            }),
                qPrintable(QStringLiteral("the server took %1 at %2,%3").arg(elementId).arg(at.x).arg(at.y)));
        }
        QCOMPARE(space.elements()->totalCount(), 4);
        // The picked element is a role of the palette, so its rows need no session.
        auto *palette = space.palette();
        int plantRow = -1;
        for (int row = 0; row < palette->rowCount(); ++row) {
            if (palette->data(palette->index(row), PaletteModel::ElementIdRole).toString() == plant) {
                plantRow = row;
            }
        }
        QVERIFY(plantRow >= 0);
        QSignalSpy paletteChanged(palette, &QAbstractItemModel::dataChanged);
        QVERIFY(!palette->data(palette->index(plantRow), PaletteModel::SelectedRole).toBool());
        palette->toggle(plant);
        QVERIFY(palette->data(palette->index(plantRow), PaletteModel::SelectedRole).toBool());
        QCOMPARE(paletteChanged.size(), 1);
        palette->toggle(plant);
        QVERIFY(!palette->data(palette->index(plantRow), PaletteModel::SelectedRole).toBool());
        QCOMPARE(paletteChanged.size(), 2);
        QVERIFY(space.placeElement(plant, 0, 4));
        QTRY_COMPARE(space.elements()->totalCount(), 5);
        QVERIFY(space.canUndo());
        const auto placedId = space.elementAt(0, 4);
        QVERIFY(!placedId.isEmpty());
        QVERIFY(observer.waitFor<SpaceProtocol::ElementPlaced>(
            [&](const SpaceProtocol::ElementPlaced &m) { return m.placed.id == placedId; }));
        QVERIFY(space.isFree(0, 4)); // dynamic: does not block
        QVERIFY(space.moveElement(placedId, 1, 4));
        QTRY_COMPARE(space.elementAt(1, 4), placedId);
        QVERIFY(space.elementAt(0, 4).isEmpty());
        QVERIFY(!space.moveElement(space.elementAt(4, 0), 5, 0)); // static elements do not move
        QVERIFY(space.undoPlacement());
        QTRY_COMPARE(space.elements()->totalCount(), 4);
        QVERIFY(!space.canUndo());
        QVERIFY(observer.waitFor<SpaceProtocol::ElementRemoved>(
            [&](const SpaceProtocol::ElementRemoved &m) { return m.id == placedId; }));
        QVERIFY(space.placeElement(wall, 2, 2));
        QTRY_VERIFY(!space.isFree(2, 2));
        QVERIFY(space.removeElement(space.elementAt(2, 2)));
        QTRY_VERIFY(space.isFree(2, 2));

        // The other user leaves.
        observer.send(SpaceProtocol::Leave{});
        QTRY_COMPARE(space.occupants()->rowCount(), 1);
        space.leave();
        QCOMPARE(space.state(), SpaceSession::State::Idle);
        QCOMPARE(space.occupants()->rowCount(), 0);
        QVERIFY(!space.isBusy());
    }

    // The share dialog's service: the owner lists, adds (by username, with or without the edit
    // right), changes and removes members, each shown once the server stored it; a stranger's
    // username and the owner's own are refused beside the field; someone else may not manage it.
    void spaceSharing()
    {
        QString ownerName;
        auto owner = signedInClient(&ownerName);
        QString guestName;
        auto guest = signedInClient(&guestName);
        QVERIFY(owner && guest);
        const auto id = QCoro::waitFor(owner->spaces.createAsync(QStringLiteral("Shared"), QStringLiteral("8x8"), {}));
        QVERIFY(id);

        SpaceSharing sharing(&owner->api);
        const auto *members = sharing.members();
        QVERIFY(QCoro::waitFor(sharing.openAsync(*id)));
        QCOMPARE(sharing.state(), LoadState::State::Ready);
        QCOMPARE(members->rowCount(), 0);

        QSignalSpy added(&sharing, &SpaceSharing::added);
        const auto first = QCoro::waitFor(sharing.addAsync(QStringLiteral("  ") + guestName, false));
        QVERIFY2(first, qPrintable(sharing.errorMessage() + sharing.usernameError()));
        QCOMPARE(added.count(), 1);
        QCOMPARE(members->rowCount(), 1);
        QCOMPARE(members->data(members->index(0), MemberListModel::UsernameRole).toString(), guestName);
        QCOMPARE(members->data(members->index(0), MemberListModel::CanEditRole).toBool(), false);
        const auto guestId = members->data(members->index(0), MemberListModel::UserIdRole).toString();
        // The guest now sees it as shared with them.
        QVERIFY(QCoro::waitFor(guest->spaces.reloadAsync()));
        QCOMPARE(guest->spaces.shared()->rowCount(), 1);

        QVERIFY(QCoro::waitFor(sharing.setCanEditAsync(guestId, true)));
        QCOMPARE(members->data(members->index(0), MemberListModel::CanEditRole).toBool(), true);
        // Stored: a fresh look says so too.
        QVERIFY(QCoro::waitFor(sharing.openAsync(*id)));
        QCOMPARE(members->data(members->index(0), MemberListModel::CanEditRole).toBool(), true);

        // Nobody by that name, the owner, a malformed name: beside the field; nothing changes.
        QVERIFY(!QCoro::waitFor(sharing.addAsync(QStringLiteral("nobody-here"), false)));
        QVERIFY(!sharing.usernameError().isEmpty());
        QVERIFY(sharing.errorMessage().isEmpty());
        QVERIFY(!QCoro::waitFor(sharing.addAsync(ownerName, false)));
        QVERIFY(!sharing.usernameError().isEmpty());
        QVERIFY(!QCoro::waitFor(sharing.addAsync(QStringLiteral("x"), false)));
        QVERIFY(!sharing.usernameError().isEmpty());
        QCOMPARE(members->rowCount(), 1);
        QVERIFY(!sharing.isBusy());

        QVERIFY(QCoro::waitFor(sharing.removeAsync(guestId)));
        QCOMPARE(members->rowCount(), 0);
        QVERIFY(sharing.usernameError().isEmpty());
        QVERIFY(QCoro::waitFor(guest->spaces.reloadAsync()));
        QCOMPARE(guest->spaces.shared()->rowCount(), 0);

        // The guest may not manage the owner's space.
        SpaceSharing stranger(&guest->api);
        QVERIFY(!QCoro::waitFor(stranger.openAsync(*id)));
        QCOMPARE(stranger.state(), LoadState::State::Failed);
        QVERIFY(!QCoro::waitFor(stranger.addAsync(guestName, true)));
        QVERIFY(!stranger.errorMessage().isEmpty());
    }

    // Both forms of an invite link, and what is not one; which server a link is for.
    void inviteLinkParsing_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("token");
        QTest::addColumn<bool>("forLocal3001"); // http://127.0.0.1:3001

        QTest::newRow("scheme") << "metaverse://127.0.0.1:3001/invite/abc_DEF-123" << true << "abc_DEF-123" << true;
        QTest::newRow("scheme, spaces") << "  metaverse://127.0.0.1:3001/invite/tok \n" << true << "tok" << true;
        QTest::newRow("scheme, other port") << "metaverse://127.0.0.1:3002/invite/tok" << true << "tok" << false;
        QTest::newRow("scheme, other host") << "metaverse://example.org:3001/invite/tok" << true << "tok" << false;
        QTest::newRow("scheme, no port") << "metaverse://127.0.0.1/invite/tok" << true << "tok" << false;
        QTest::newRow("web") << "http://127.0.0.1:3001/invite/tok" << true << "tok" << true;
        QTest::newRow("web, https") << "https://127.0.0.1:3001/invite/tok" << true << "tok" << true;
        QTest::newRow("web, prefix") << "https://example.org/metaverse/invite/tok" << true << "tok" << false;
        QTest::newRow("empty") << "" << false << "" << false;
        QTest::newRow("words") << "hello there" << false << "" << false;
        QTest::newRow("no token") << "metaverse://127.0.0.1:3001/invite/" << false << "" << false;
        QTest::newRow("bad token") << "metaverse://127.0.0.1:3001/invite/a%20b" << false << "" << false;
        QTest::newRow("token with slash") << "metaverse://127.0.0.1:3001/invite/a/b" << false << "" << false;
        QTest::newRow("scheme, prefix") << "metaverse://127.0.0.1:3001/x/invite/tok" << false << "" << false;
        QTest::newRow("other scheme") << "ftp://127.0.0.1:3001/invite/tok" << false << "" << false;
        QTest::newRow("query") << "http://127.0.0.1:3001/invite/tok?x=1" << false << "" << false;
        QTest::newRow("user info") << "http://me@127.0.0.1:3001/invite/tok" << false << "" << false;
        QTest::newRow("not an invite") << "http://127.0.0.1:3001/space/tok" << false << "" << false;
    }

    void inviteLinkParsing()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, token);
        QFETCH(bool, forLocal3001);
        const auto link = InviteLink::parse(text);
        QCOMPARE(bool(link), valid);
        if (!valid) {
            QCOMPARE(link.error().fields.value(0).field, QStringLiteral("link"));
            return;
        }
        QCOMPARE(link->token, token);
        QCOMPARE(link->isFor(QUrl(QStringLiteral("http://127.0.0.1:3001"))), forLocal3001);
        // Made links read back as the same.
        const QUrl server(QStringLiteral("http://127.0.0.1:3001"));
        QCOMPARE(InviteLink::parse(InviteLink::schemeLink(server, token))->token, token);
        QCOMPARE(InviteLink::parse(InviteLink::webLink(server, token))->token, token);
        QVERIFY(InviteLink::parse(InviteLink::schemeLink(server, token))->isFor(server));
        QVERIFY(InviteLink::parse(InviteLink::webLink(server, token))->isFor(server));
    }

    // Invite links made in the share dialog's service and accepted with "Join with a link": both
    // forms, the owner's name on the dashboard, used up (410), revoked (410), unknown (404), a
    // link for another server, and a link that waits for the sign-in.
    void inviteLinks()
    {
        QString ownerName;
        auto owner = signedInClient(&ownerName);
        QVERIFY(owner);
        const auto id = QCoro::waitFor(owner->spaces.createAsync(QStringLiteral("Invited"), QStringLiteral("8x8"), {}));
        QVERIFY(id);
        SpaceSharing sharing(&owner->api);
        QVERIFY(QCoro::waitFor(sharing.openAsync(*id)));
        QCOMPARE(sharing.invites()->rowCount(), 0);

        // Out of common's bounds: refused before anything is sent.
        QVERIFY(!QCoro::waitFor(sharing.createInviteAsync(false, 0, 0)));
        QVERIFY(!sharing.inviteError().isEmpty());
        QVERIFY(!QCoro::waitFor(sharing.createInviteAsync(false, 1, Rest::InviteMaxUses + 1)));
        QCOMPARE(sharing.invites()->rowCount(), 0);

        QSignalSpy created(&sharing, &SpaceSharing::inviteCreated);
        const auto once = QCoro::waitFor(sharing.createInviteAsync(true, 2, 1));
        QVERIFY2(once, qPrintable(sharing.inviteError()));
        QVERIFY(sharing.inviteError().isEmpty());
        QCOMPARE(created.count(), 1);
        QCOMPARE(sharing.invites()->rowCount(), 1);
        const auto row = sharing.invites()->index(0);
        QCOMPARE(row.data(InviteListModel::InviteIdRole).toString(), *once);
        QVERIFY(row.data(InviteListModel::CanEditRole).toBool());
        QCOMPARE(row.data(InviteListModel::MaxUsesRole).toInt(), 1);
        QCOMPARE(row.data(InviteListModel::UsesRole).toInt(), 0);
        const auto schemeLink = row.data(InviteListModel::SchemeLinkRole).toString();
        const auto webLink = row.data(InviteListModel::WebLinkRole).toString();
        const QUrl server(m_server->baseUrl());
        QCOMPARE(schemeLink.left(schemeLink.lastIndexOf(QLatin1Char('/')) + 1),
            QStringLiteral("metaverse://%1:%2/invite/").arg(server.host()).arg(server.port()));
        QCOMPARE(webLink, m_server->baseUrl() + QStringLiteral("/invite/") + InviteLink::parse(schemeLink)->token);
        QCOMPARE(created.first().at(1).toString(), schemeLink);
        QVERIFY(sharing.copyLink(*once, true));
        QVERIFY(!sharing.copyLink(QStringLiteral("unknown"), true));

        // The first guest joins with the web form and sees the space as shared by the owner.
        QString guestName;
        auto guest = signedInClient(&guestName);
        QVERIFY(guest);
        InviteAcceptor acceptor(&guest->api, &guest->session, &guest->spaces);
        QSignalSpy accepted(&acceptor, &InviteAcceptor::accepted);
        const auto joined = QCoro::waitFor(acceptor.acceptAsync(webLink));
        QVERIFY2(joined, qPrintable(acceptor.errorMessage()));
        QCOMPARE(*joined, *id);
        QCOMPARE(accepted.count(), 1);
        QCOMPARE(guest->spaces.shared()->rowCount(), 1);
        const auto shared = guest->spaces.shared()->index(0);
        QCOMPARE(shared.data(SpaceListModel::OwnerNameRole).toString(), ownerName);
        QCOMPARE(shared.data(SpaceListModel::AccessRole).toString(), QStringLiteral("editor"));
        QVERIFY(!shared.data(SpaceListModel::CanManageRole).toBool());
        QVERIFY(owner->spaces.mine()->index(0).data(SpaceListModel::CanManageRole).toBool());

        // Used up: a second guest gets 410, said in words; nothing joined.
        auto late = signedInClient();
        QVERIFY(late);
        InviteAcceptor lateAcceptor(&late->api, &late->session, &late->spaces);
        const auto usedUp = QCoro::waitFor(lateAcceptor.acceptAsync(schemeLink));
        QVERIFY(!usedUp);
        QCOMPARE(usedUp.error().code, ErrorCode::Gone);
        QVERIFY(lateAcceptor.errorMessage().contains(QStringLiteral("no longer works")));
        QCOMPARE(late->spaces.shared()->rowCount(), 0);

        // Revoked: gone from the list, 410 for anyone.
        const auto open = QCoro::waitFor(sharing.createInviteAsync(false, 1, 0));
        QVERIFY(open);
        QCOMPARE(sharing.invites()->rowCount(), 2);
        QCOMPARE(sharing.invites()->index(0).data(InviteListModel::InviteIdRole).toString(), *open);
        const auto openLink = sharing.invites()->link(*open, false);
        QVERIFY(QCoro::waitFor(sharing.revokeInviteAsync(*open)));
        QCOMPARE(sharing.invites()->rowCount(), 1);
        QCOMPARE(QCoro::waitFor(lateAcceptor.acceptAsync(openLink)).error().code, ErrorCode::Gone);

        // A token that names nothing: 404, in words.
        const auto unknown = QCoro::waitFor(lateAcceptor.acceptAsync(
            InviteLink::schemeLink(server, QStringLiteral("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))));
        QCOMPARE(unknown.error().code, ErrorCode::NotFound);
        QVERIFY(lateAcceptor.errorMessage().contains(QStringLiteral("does not exist")));

        // Another server: not sent anywhere; the message names both; the link waits.
        const auto elsewhere =
            QCoro::waitFor(lateAcceptor.acceptAsync(QStringLiteral("metaverse://example.org:4000/invite/tok")));
        QVERIFY(!elsewhere);
        QVERIFY(lateAcceptor.errorMessage().contains(QStringLiteral("example.org:4000")));
        QVERIFY(lateAcceptor.errorMessage().contains(server.host()));
        QCOMPARE(lateAcceptor.pendingLink(), QStringLiteral("metaverse://example.org:4000/invite/tok"));
        // Not a link at all.
        QVERIFY(!QCoro::waitFor(lateAcceptor.acceptAsync(QStringLiteral("hello"))));
        QVERIFY(!lateAcceptor.errorMessage().isEmpty());

        // Before the sign-in: the link waits and is accepted once signed in.
        const auto third = QCoro::waitFor(sharing.createInviteAsync(false, 1, 0));
        QVERIFY(third);
        const auto thirdLink = sharing.invites()->link(*third, false);
        Client newcomer(m_server->baseUrl(), settingsFile());
        InviteAcceptor waiting(&newcomer.api, &newcomer.session, &newcomer.spaces);
        QSignalSpy waitingAccepted(&waiting, &InviteAcceptor::accepted);
        QVERIFY(!QCoro::waitFor(waiting.acceptAsync(thirdLink)));
        QCOMPARE(waiting.pendingLink(), thirdLink);
        QVERIFY(QCoro::waitFor(newcomer.session.signUpAsync(m_server->baseUrl(), freshName(), Password)));
        QVERIFY(waitingAccepted.wait(5000));
        QCOMPARE(waitingAccepted.first().at(0).toString(), *id);
        QVERIFY(waiting.pendingLink().isEmpty());

        // A stranger may not make or list invites.
        SpaceSharing stranger(&late->api);
        QVERIFY(!QCoro::waitFor(stranger.openAsync(*id)));
        QVERIFY(!QCoro::waitFor(stranger.createInviteAsync(false, 1, 0)));
    }

    // A link handed from a second process to the running one, over the local socket.
    void singleInstanceForwardsLinks()
    {
        const auto settings = settingsFile();
        SingleInstance running(settings);
        QVERIFY(!running.forward(QStringLiteral("metaverse://h:1/invite/t"), 200)); // nobody listens yet
        QVERIFY(running.listen());
        QSignalSpy received(&running, &SingleInstance::linkReceived);
        // The second process: a thread, since forward() blocks until the running app read the line.
        SingleInstance second(settings);
        QCOMPARE(second.socketPath(), running.socketPath());
        QVERIFY(SingleInstance(settingsFile()).socketPath() != running.socketPath());
        std::atomic<bool> forwarded = false;
        std::unique_ptr<QThread> thread(
            QThread::create([&] { forwarded = second.forward(QStringLiteral("metaverse://h:1/invite/t")); }));
        thread->start();
        QVERIFY(received.wait(5000));
        QCOMPARE(received.first().at(0).toString(), QStringLiteral("metaverse://h:1/invite/t"));
        QVERIFY(thread->wait(5000));
        QVERIFY(forwarded);
    }

    // Moderation from the people panel's service: kick (the kicked app says why and for how long),
    // ban (said too; the ban list; joins refused), unban, mute, the audit log; a member may not.
    void moderation()
    {
        QString ownerName;
        auto owner = signedInClient(&ownerName);
        QString guestName;
        auto guest = signedInClient(&guestName);
        QVERIFY(owner && guest);
        const auto id =
            QCoro::waitFor(owner->spaces.createAsync(QStringLiteral("Moderated"), QStringLiteral("8x8"), {}));
        QVERIFY(id);
        SpaceSharing sharing(&owner->api);
        QVERIFY(QCoro::waitFor(sharing.openAsync(*id)));
        QVERIFY(QCoro::waitFor(sharing.addAsync(guestName, false)));
        const auto guestId = sharing.members()->members().constFirst().userId;

        SpaceSession ownerSpace(&owner->api, &owner->session);
        ownerSpace.enter(*id);
        QTRY_COMPARE(ownerSpace.state(), SpaceSession::State::Joined);
        QVERIFY(ownerSpace.canManage());
        SpaceSession guestSpace(&guest->api, &guest->session);
        guestSpace.enter(*id);
        QTRY_COMPARE(guestSpace.state(), SpaceSession::State::Joined);
        QVERIFY(!guestSpace.canManage());

        // A member may not moderate.
        SpaceModeration byGuest(&guest->api);
        QVERIFY(!QCoro::waitFor(byGuest.openAsync(*id)));
        QVERIFY(!QCoro::waitFor(byGuest.kickAsync(guestId, guestName)));
        QVERIFY(!byGuest.errorMessage().isEmpty());

        SpaceModeration moderation(&owner->api);
        QVERIFY(QCoro::waitFor(moderation.openAsync(*id)));
        QVERIFY(QCoro::waitFor(moderation.kickAsync(guestId, guestName)));
        QVERIFY(moderation.notice().contains(guestName));
        QTRY_COMPARE(guestSpace.state(), SpaceSession::State::Failed);
        QVERIFY2(
            guestSpace.errorMessage().contains(QStringLiteral("kicked out")), qPrintable(guestSpace.errorMessage()));
        QVERIFY2(guestSpace.errorMessage().contains(QStringLiteral("5 minute")), qPrintable(guestSpace.errorMessage()));
        QVERIFY(!guestSpace.isBusy()); // no retry
        // Coming back during the cooldown is refused, with the server's reason.
        guestSpace.enter(*id);
        QTRY_COMPARE(guestSpace.state(), SpaceSession::State::Failed);
        QVERIFY(guestSpace.errorMessage().contains(QStringLiteral("no access")));

        QVERIFY(QCoro::waitFor(moderation.muteAsync(guestId, guestName, 15)));
        QVERIFY(moderation.notice().contains(QStringLiteral("15 minute")));
        QVERIFY(!QCoro::waitFor(moderation.muteAsync(guestId, guestName, 0)));
        QVERIFY(!moderation.errorMessage().isEmpty());

        QVERIFY(QCoro::waitFor(moderation.banAsync(guestId, guestName, QStringLiteral("  spam  "))));
        QCOMPARE(moderation.bans()->rowCount(), 1);
        QCOMPARE(moderation.bans()->bans().constFirst().username, guestName);
        QCOMPARE(moderation.bans()->bans().constFirst().reason, QStringLiteral("spam"));
        QVERIFY(!QCoro::waitFor(
            moderation.banAsync(guestId, guestName, QString(Rest::BanReasonMaxLength + 1, QLatin1Char('x')))));

        // The audit log, newest first, in words.
        const auto *audit = moderation.audit();
        QVERIFY(audit->rowCount() >= 4);
        QCOMPARE(audit->entries().at(0).action, QStringLiteral("ban"));
        QCOMPARE(audit->data(audit->index(0), AuditListModel::DescriptionRole).toString(),
            QStringLiteral("%1 banned %2").arg(ownerName, guestName));
        QCOMPARE(audit->entries().at(1).action, QStringLiteral("mute"));
        QCOMPARE(audit->entries().at(2).action, QStringLiteral("kick"));

        QVERIFY(QCoro::waitFor(moderation.unbanAsync(guestId, guestName)));
        QCOMPARE(moderation.bans()->rowCount(), 0);
        QCOMPARE(moderation.audit()->entries().at(0).action, QStringLiteral("unban"));
    }

    // A ban while inside: the banned app says so (4003).
    void bannedWhileInside()
    {
        auto owner = signedInClient();
        QString guestName;
        auto guest = signedInClient(&guestName);
        QVERIFY(owner && guest);
        const auto id = QCoro::waitFor(owner->spaces.createAsync(QStringLiteral("Banned"), QStringLiteral("8x8"), {}));
        QVERIFY(id);
        SpaceSharing sharing(&owner->api);
        QVERIFY(QCoro::waitFor(sharing.openAsync(*id)));
        QVERIFY(QCoro::waitFor(sharing.addAsync(guestName, false)));
        const auto guestId = sharing.members()->members().constFirst().userId;
        SpaceSession guestSpace(&guest->api, &guest->session);
        guestSpace.enter(*id);
        QTRY_COMPARE(guestSpace.state(), SpaceSession::State::Joined);
        SpaceModeration moderation(&owner->api);
        moderation.setSpaceId(*id);
        QVERIFY(QCoro::waitFor(moderation.banAsync(guestId, guestName, {})));
        QTRY_COMPARE(guestSpace.state(), SpaceSession::State::Failed);
        QVERIFY2(guestSpace.errorMessage().contains(QStringLiteral("banned")), qPrintable(guestSpace.errorMessage()));
        QCOMPARE(guestSpace.occupants()->rowCount(), 0); // nobody is shown as still there
        QVERIFY(QCoro::waitFor(guest->spaces.reloadAsync()));
        QCOMPARE(guest->spaces.shared()->rowCount(), 0);
    }

    // 4010 is answered with one rejoin (docs/api/websocket.md): after a role change the token still
    // works and the space comes back with the new rights; after "sign out everywhere" the rejoin is
    // refused.
    void sessionEndedWhileInside()
    {
        Test::TestServer server;
        QVERIFY(server.start());
        Client admin(server.baseUrl(), settingsFile());
        QVERIFY(QCoro::waitFor(admin.session.signUpAsync(server.baseUrl(), freshName(), Password)));
        QVERIFY(admin.session.isAdmin());
        Client user(server.baseUrl(), settingsFile());
        QVERIFY(QCoro::waitFor(user.session.signUpAsync(server.baseUrl(), freshName(), Password)));
        const auto id = QCoro::waitFor(user.spaces.createAsync(QStringLiteral("Mine"), QStringLiteral("6x6"), {}));
        QVERIFY(id);
        SpaceSession space(&user.api, &user.session);
        space.enter(*id);
        QTRY_COMPARE(space.state(), SpaceSession::State::Joined);
        QSignalSpy states(&space, &SpaceSession::stateChanged);

        Test::Client http(server.baseUrl());
        const auto userToken = user.api.token().toUtf8();
        const auto userId =
            http.get(QStringLiteral("/api/v1/me"), userToken).json.value(QStringLiteral("id")).toString();
        QCOMPARE(http.patch(QStringLiteral("/api/v1/admin/users/") + userId,
                         {{QStringLiteral("role"), QStringLiteral("admin")}}, admin.api.token().toUtf8())
                     .status,
            200);
        QTRY_VERIFY(states.count() >= 2); // closed, then joined again
        QTRY_COMPARE(space.state(), SpaceSession::State::Joined);

        // Every sign-in of the user ends: the one rejoin is refused, so the app signs out (back to
        // the sign-in page, which says why) and the space is left.
        QCOMPARE(http.post(QStringLiteral("/api/v1/logout-all"), {}, userToken).status, 200);
        QTRY_VERIFY(!user.session.isSignedIn());
        QVERIFY(!user.session.errorMessage().isEmpty());
        QCOMPARE(space.state(), SpaceSession::State::Idle);
    }

    // The close codes the space page explains (docs/api/websocket.md).
    void closeExplanations_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("says");

        QTest::newRow("banned") << 4003 << "banned from the space"
                                << "banned";
        QTest::newRow("removed") << 4003 << "removed from the space"
                                 << "removed";
        QTest::newRow("kicked, seconds") << 4006 << "kicked from the space; you may rejoin in 30 s"
                                         << "30 second";
        QTest::newRow("kicked, minutes") << 4006 << "kicked from the space; you may rejoin in 300 s"
                                         << "5 minute";
        QTest::newRow("kicked, no time") << 4006 << "kicked"
                                         << "kicked out";
        QTest::newRow("full") << 4009 << "the space is full"
                              << "full";
        QTest::newRow("session ended") << 4010 << "session ended"
                                       << "session ended";
        QTest::newRow("token expired") << 4011 << "token expired"
                                       << "expired";
        QTest::newRow("deleted") << 4004 << ""
                                 << "deleted";
        QTest::newRow("lost") << 1006 << ""
                              << "";
    }

    void closeExplanations()
    {
        QFETCH(int, code);
        QFETCH(QString, reason);
        QFETCH(QString, says);
        const auto text = SpaceSession::closeExplanation(code, reason);
        if (says.isEmpty()) {
            QVERIFY(text.isEmpty());
        } else {
            QVERIFY2(text.contains(says, Qt::CaseInsensitive), qPrintable(text));
        }
    }

    // Admins page through every space; others are refused. A template opens as a read-only preview.
    void allSpacesAndPreview()
    {
        Test::TestServer server;
        QVERIFY(server.start());
        Client admin(server.baseUrl(), settingsFile());
        QVERIFY(QCoro::waitFor(admin.session.signUpAsync(server.baseUrl(), freshName(), Password)));
        QVERIFY(admin.session.isAdmin());
        Client user(server.baseUrl(), settingsFile());
        QVERIFY(QCoro::waitFor(user.session.signUpAsync(server.baseUrl(), freshName(), Password)));
        for (int i = 0; i < 3; ++i) {
            QVERIFY(
                QCoro::waitFor(user.spaces.createAsync(QStringLiteral("Space %1").arg(i), QStringLiteral("5x5"), {})));
        }
        admin.spaces.setAllPageSize(2);
        QVERIFY(QCoro::waitFor(admin.spaces.loadAllSpacesAsync(1)));
        QCOMPARE(admin.spaces.allTotal(), 3);
        QCOMPARE(admin.spaces.allPageCount(), 2);
        QCOMPARE(admin.spaces.all()->rowCount(), 2);
        const auto first = admin.spaces.all()->index(0);
        QCOMPARE(first.data(SpaceListModel::AccessRole).toString(), QStringLiteral("admin"));
        QCOMPARE(first.data(SpaceListModel::OwnerNameRole).toString(), user.session.username());
        QVERIFY(first.data(SpaceListModel::CanManageRole).toBool());
        QVERIFY(!first.data(SpaceListModel::IsOwnedRole).toBool());
        QVERIFY(QCoro::waitFor(admin.spaces.loadAllSpacesAsync(2)));
        QCOMPARE(admin.spaces.allPage(), 2);
        QCOMPARE(admin.spaces.all()->rowCount(), 1);

        QVERIFY(!QCoro::waitFor(user.spaces.loadAllSpacesAsync(1)));
        QCOMPARE(user.spaces.allState(), LoadState::State::Failed);
        QVERIFY(!user.spaces.allError().isEmpty());

        // The preview: the template's map, nobody joins, nothing to edit (not even for an Admin).
        QTRY_VERIFY(admin.spaces.templates()->rowCount() > 0);
        const auto templateId = admin.spaces.templates()->index(0).data(SpaceListModel::SpaceIdRole).toString();
        SpaceSession preview(&admin.api, &admin.session);
        preview.previewTemplate(templateId);
        QVERIFY(preview.isPreview());
        QTRY_COMPARE(preview.state(), SpaceSession::State::Previewing);
        QVERIFY(preview.width() > 0);
        const auto stored = QCoro::waitFor(admin.api.space(templateId));
        QVERIFY(stored);
        QCOMPARE(preview.elements()->totalCount(), int(stored->elements.size()));
        QVERIFY(!preview.canEdit());
        QVERIFY(!preview.canManage());
        QCOMPARE(preview.occupants()->rowCount(), 0);
        QVERIFY(!preview.isBusy());
        preview.leave();
        QVERIFY(!preview.isPreview());
        QCOMPARE(preview.state(), SpaceSession::State::Idle);
    }

    // The "Nearby" list: the elements nearest the user, nearest first, within the radius; it follows
    // moves and edits (and nothing else), and "go to" walks next to an element.
    void spaceSessionNearbyElements()
    {
        auto owner = signedInClient();
        QVERIFY(owner);
        const auto id = QCoro::waitFor(owner->spaces.createAsync(QStringLiteral("Nearby"), QStringLiteral("30x5"), {}));
        QVERIFY(id);
        Test::Client http(m_server->baseUrl());
        const auto token = owner->session.token().toUtf8();
        const auto wall = elementIdByName(http, QStringLiteral("Wall"));
        const auto plant = elementIdByName(http, QStringLiteral("Potted Plant"));
        const auto desk = elementIdByName(http, QStringLiteral("Desk"));
        const auto carpet = elementIdByName(http, QStringLiteral("Carpet Floor"));
        QVERIFY(!wall.isEmpty() && !plant.isEmpty() && !desk.isEmpty() && !carpet.isEmpty());
        const auto place = [&](const QString &elementId, int x, int y) {
            const QJsonObject body{{QStringLiteral("spaceId"), *id}, {QStringLiteral("elementId"), elementId},
                {QStringLiteral("x"), x}, {QStringLiteral("y"), y}};
            return http.post(QStringLiteral("/api/v1/space/element"), body, token).status == 200;
        };
        QVERIFY(place(wall, 3, 0));
        QVERIFY(place(plant, 6, 0));
        QVERIFY(place(desk, 20, 2));
        // Walkable floor right beside the user is never listed (its category is "floor").
        QVERIFY(place(carpet, 1, 0));
        QVERIFY(place(carpet, 0, 1));
        // A wall in the corner, with walls on its two other sides: no free tile next to it.
        QVERIFY(place(wall, 28, 0));
        QVERIFY(place(wall, 29, 1));
        QVERIFY(place(wall, 29, 0));

        SpaceSession space(&owner->api, &owner->session);
        const auto *nearby = space.nearbyElements();
        QCOMPARE(nearby->rowCount(), 0);
        space.enter(*id);
        QTRY_COMPARE_WITH_TIMEOUT(space.state(), SpaceSession::State::Joined, 10000);
        QVERIFY(space.walkTo(0, 0));
        QTRY_COMPARE_WITH_TIMEOUT(space.position(), (Point{0, 0}), 15000);
        QTRY_VERIFY(!space.isWalking());

        using Entry = NearbyElementsModel::Entry;
        const auto names = [&] {
            QStringList list;
            for (const auto &entry : nearby->entries()) {
                list.append(entry.name);
            }
            return list;
        };
        const auto entryOf = [&](const QString &name) {
            for (const auto &entry : nearby->entries()) {
                if (entry.name == name) {
                    return entry;
                }
            }
            return Entry{};
        };
        // At 0,0: the wall (3 east, static) before the plant (6 east, dynamic); the desk (20 east,
        // 2 south) is beyond the radius.
        QCOMPARE(names(), (QStringList{QStringLiteral("Wall"), QStringLiteral("Potted Plant")}));
        QCOMPARE(entryOf(QStringLiteral("Wall")).delta, (Point{3, 0}));
        QCOMPARE(entryOf(QStringLiteral("Wall")).distance, 3);
        QVERIFY(entryOf(QStringLiteral("Wall")).isStatic);
        QVERIFY(!entryOf(QStringLiteral("Potted Plant")).isStatic);
        QCOMPARE(nearby->data(nearby->index(0), NearbyElementsModel::NameRole).toString(), QStringLiteral("Wall"));
        QCOMPARE(nearby->data(nearby->index(0), NearbyElementsModel::DeltaXRole).toInt(), 3);

        // Walking: the order follows, rows move rather than the list being reset.
        QSignalSpy resets(nearby, &QAbstractItemModel::modelReset);
        QVERIFY(space.walkTo(10, 0));
        QTRY_COMPARE_WITH_TIMEOUT(space.position(), (Point{10, 0}), 15000);
        QTRY_VERIFY(!space.isWalking());
        QCOMPARE(
            names(), (QStringList{QStringLiteral("Potted Plant"), QStringLiteral("Wall"), QStringLiteral("Desk")}));
        QCOMPARE(entryOf(QStringLiteral("Potted Plant")).delta, (Point{-4, 0}));
        QCOMPARE(entryOf(QStringLiteral("Desk")).delta, (Point{10, 2}));
        QCOMPARE(entryOf(QStringLiteral("Desk")).distance, 12);
        QCOMPARE(resets.count(), 0);
        // Quiet when idle: no timer runs, and pending events recompute nothing.
        const int updates = nearby->updates();
        QVERIFY(!space.isBusy());
        QCoreApplication::processEvents();
        QCOMPARE(nearby->updates(), updates);

        // Placed and removed elements come and go; a second copy of an element joins its row
        // (the nearest copy stands for them), as a floor of many tiles would.
        QCOMPARE(entryOf(QStringLiteral("Potted Plant")).count, 1);
        QVERIFY(space.placeElement(plant, 10, 2));
        QTRY_COMPARE(entryOf(QStringLiteral("Potted Plant")).count, 2);
        QCOMPARE(nearby->rowCount(), 3);
        const auto placedId = nearby->entries().constFirst().placedId;
        QCOMPARE(space.elementAt(10, 2), placedId);
        QCOMPARE(nearby->entries().constFirst().delta, (Point{0, 2}));
        QCOMPARE(nearby->data(nearby->index(0), NearbyElementsModel::CountRole).toInt(), 2);
        QVERIFY(space.placeElement(desk, 12, 3));
        QTRY_COMPARE(entryOf(QStringLiteral("Desk")).count, 2);
        QCOMPARE(nearby->rowCount(), 3);
        QVERIFY(space.removeElement(placedId));
        QTRY_COMPARE(entryOf(QStringLiteral("Potted Plant")).count, 1);
        QCOMPARE(entryOf(QStringLiteral("Potted Plant")).delta, (Point{-4, 0}));
        QVERIFY(space.removeElement(space.elementAt(12, 3)));
        QTRY_COMPARE(entryOf(QStringLiteral("Desk")).count, 1);
        QCOMPARE(nearby->rowCount(), 3);
        QCOMPARE(
            names(), (QStringList{QStringLiteral("Potted Plant"), QStringLiteral("Wall"), QStringLiteral("Desk")}));

        // Go to the wall: to the free tile next to it with the shortest walk (4,0, not 2,0 or 3,1).
        const auto wallId = entryOf(QStringLiteral("Wall")).placedId;
        QVERIFY(space.goToElement(wallId));
        QTRY_COMPARE_WITH_TIMEOUT(space.position(), (Point{4, 0}), 15000);
        QTRY_VERIFY(!space.isWalking());
        QCOMPARE(space.corrections(), 0);
        QCOMPARE(names().constFirst(), QStringLiteral("Wall"));
        QCOMPARE(entryOf(QStringLiteral("Wall")).distance, 1);
        // Already next to it: nothing to walk.
        QVERIFY(space.goToElement(wallId));
        QVERIFY(!space.isWalking());
        QCOMPARE(space.position(), (Point{4, 0}));

        // The walled-in corner: refused at once, with the "blocked" feedback; unknown ids too.
        const auto corner = space.elementAt(29, 0);
        QVERIFY(!corner.isEmpty());
        QSignalSpy blocked(&space, &SpaceSession::blocked);
        QVERIFY(!space.goToElement(corner));
        QCOMPARE(blocked.count(), 1);
        QVERIFY(!space.goToElement(QStringLiteral("no-such-element")));
        QCOMPARE(space.position(), (Point{4, 0}));

        // Leaving empties the list.
        space.leave();
        QCOMPARE(nearby->rowCount(), 0);
    }

    // Statuses: the one set before entering goes with the join, changes go both ways, and each
    // person's status is in the occupants.
    void spaceSessionStatus()
    {
        auto owner = signedInClient();
        QVERIFY(owner);
        const auto id = QCoro::waitFor(owner->spaces.createAsync(QStringLiteral("Status"), QStringLiteral("6x6"), {}));
        QVERIFY(id);
        SpaceSession space(&owner->api, &owner->session);
        QSignalSpy statusChanged(&space, &SpaceSession::statusChanged);
        QCOMPARE(space.status(), QStringLiteral("available"));
        space.setStatus(QStringLiteral("busy"));
        QCOMPARE(space.status(), QStringLiteral("busy"));
        QCOMPARE(statusChanged.count(), 1);
        space.setStatus(QStringLiteral("sleeping")); // not a status: ignored
        space.setStatus(QStringLiteral("Away"));
        QCOMPARE(space.status(), QStringLiteral("busy"));
        QCOMPARE(statusChanged.count(), 1);
        space.enter(*id);
        QTRY_COMPARE_WITH_TIMEOUT(space.state(), SpaceSession::State::Joined, 10000);
        QCOMPARE(space.occupants()->statusOf(space.userId()), QStringLiteral("busy"));

        Test::Client http(m_server->baseUrl());
        const auto observerName = freshName();
        const auto observerToken = http.signupAndLogin(observerName);
        QCOMPARE(http.post(QStringLiteral("/api/v1/space/%1/members").arg(*id),
                         QJsonObject{{QStringLiteral("username"), observerName}}, owner->session.token().toUtf8())
                     .status,
            200);
        Test::SpaceClient observer(SpaceProtocol::Dialect::Seed);
        QVERIFY(observer.open(spaceSocketUrl(m_server->baseUrl())));
        observer.send(SpaceProtocol::Join{*id, QString::fromLatin1(observerToken)});
        const auto joined = observer.waitFor<SpaceProtocol::Joined>();
        QVERIFY(joined);
        QCOMPARE(joined->users.size(), 1);
        QCOMPARE(joined->users.at(0).status, SpaceProtocol::UserStatus::Busy);
        QTRY_COMPARE(space.occupants()->rowCount(), 2);
        QCOMPARE(space.occupants()->statusOf(observer.userId()), QStringLiteral("available"));

        // Ours reaches them; theirs reaches us.
        space.setStatus(QStringLiteral("away"));
        QCOMPARE(space.occupants()->statusOf(space.userId()), QStringLiteral("away"));
        const auto changed = observer.waitFor<SpaceProtocol::StatusChanged>();
        QVERIFY(changed);
        QCOMPARE(changed->userId, space.userId());
        QCOMPARE(changed->status, SpaceProtocol::UserStatus::Away);
        observer.send(SpaceProtocol::SetStatus{SpaceProtocol::UserStatus::Busy});
        QTRY_COMPARE(space.occupants()->statusOf(observer.userId()), QStringLiteral("busy"));
        const int row = space.occupants()->indexOf(observer.userId());
        QCOMPARE(space.occupants()->data(space.occupants()->index(row), OccupantModel::StatusRole).toString(),
            QStringLiteral("busy"));
        space.leave();
    }

    void settingsRememberTheStatus()
    {
        const auto file = settingsFile();
        {
            Settings settings(file);
            QCOMPARE(settings.spaceStatus(), QStringLiteral("available"));
            QSignalSpy changed(&settings, &Settings::spaceStatusChanged);
            settings.setSpaceStatus(QStringLiteral("away"));
            settings.setSpaceStatus(QStringLiteral("gone")); // ignored
            QCOMPARE(changed.count(), 1);
            settings.sync();
        }
        Settings settings(file);
        QCOMPARE(settings.spaceStatus(), QStringLiteral("away"));
    }

    // Rights: a stranger cannot enter; a member without the edit right has no edit mode; with it
    // (as with the owner), they have.
    void spaceSessionRights()
    {
        auto owner = signedInClient();
        QVERIFY(owner);
        const auto id = QCoro::waitFor(owner->spaces.createAsync(QStringLiteral("Private"), QStringLiteral("5x5"), {}));
        QVERIFY(id);
        QString guestName;
        auto guest = signedInClient(&guestName);
        QVERIFY(guest);
        Test::Client http(m_server->baseUrl());
        const auto token = owner->session.token().toUtf8();

        SpaceSession stranger(&guest->api, &guest->session);
        stranger.enter(*id);
        QTRY_COMPARE(stranger.state(), SpaceSession::State::Failed);
        QVERIFY(!stranger.errorMessage().isEmpty());
        QVERIFY(!stranger.isBusy()); // no retry

        QCOMPARE(http.post(QStringLiteral("/api/v1/space/%1/members").arg(*id),
                         QJsonObject{{QStringLiteral("username"), guestName}}, token)
                     .status,
            200);
        SpaceSession member(&guest->api, &guest->session);
        member.enter(*id);
        QTRY_COMPARE(member.state(), SpaceSession::State::Joined);
        QVERIFY(!member.canEdit());
        const auto plant = elementIdByName(http, QStringLiteral("Potted Plant"));
        QVERIFY(!member.placeElement(plant, 0, 0));
        member.leave();

        QCOMPARE(http.post(QStringLiteral("/api/v1/space/%1/members").arg(*id),
                         QJsonObject{{QStringLiteral("username"), guestName}, {QStringLiteral("canEdit"), true}}, token)
                     .status,
            200);
        SpaceSession editor(&guest->api, &guest->session);
        editor.enter(*id);
        QTRY_COMPARE(editor.state(), SpaceSession::State::Joined);
        QVERIFY(editor.canEdit());
    }

    // Prediction corrected by the server: with MOVE_RATE_LIMIT 1 and no pacing, the second of two
    // quick steps is refused, and move-rejected puts the user back where the server has them.
    void spaceSessionCorrectsARejectedStep()
    {
        Test::TestServer server([](Config &config) { config.moveRateLimit = 1; });
        QVERIFY(server.start());
        Client client(server.baseUrl(), settingsFile());
        QVERIFY(QCoro::waitFor(client.session.signUpAsync(server.baseUrl(), freshName(), Password)));
        const auto id = QCoro::waitFor(client.spaces.createAsync(QStringLiteral("Slow"), QStringLiteral("6x6"), {}));
        QVERIFY(id);
        SpaceSession space(&client.api, &client.session);
        space.setStepIntervalMs(0);
        space.enter(*id);
        QTRY_COMPARE(space.state(), SpaceSession::State::Joined);
        const Point start = space.position();
        const auto first = freeNeighbour(space, start);
        QVERIFY(first);
        QVERIFY(space.step(first->x - start.x, first->y - start.y));
        const auto second = freeNeighbour(space, *first);
        QVERIFY(second);
        QVERIFY(space.step(second->x - first->x, second->y - first->y));
        QCOMPARE(space.position(), *second); // predicted
        QTRY_COMPARE(space.corrections(), 1);
        QCOMPARE(space.position(), *first); // the server's answer wins
        QCOMPARE(space.occupants()->positionOf(space.userId()), QPoint(first->x, first->y));
    }

    // A lost connection: Reconnecting with backoff, then rejoined with fresh state and no
    // duplicated people once the server is back on the same address.
    void spaceSessionReconnects()
    {
        Test::TestServer server;
        QVERIFY(server.start());
        const auto port = server.port();
        Client client(server.baseUrl(), settingsFile());
        QVERIFY(QCoro::waitFor(client.session.signUpAsync(server.baseUrl(), freshName(), Password)));
        const auto id = QCoro::waitFor(client.spaces.createAsync(QStringLiteral("Flaky"), QStringLiteral("6x6"), {}));
        QVERIFY(id);
        SpaceSession space(&client.api, &client.session);
        space.enter(*id);
        QTRY_COMPARE(space.state(), SpaceSession::State::Joined);
        QCOMPARE(space.occupants()->rowCount(), 1);

        server.stop();
        QTRY_COMPARE(space.state(), SpaceSession::State::Reconnecting);
        QVERIFY(!space.errorMessage().isEmpty());
        QVERIFY(space.reconnectAttempt() >= 1);
        QVERIFY(!space.walkTo(0, 0)); // no movement while away
        QTRY_VERIFY_WITH_TIMEOUT(space.reconnectAttempt() >= 2, 10000); // still trying, later each time
        space.setStatus(QStringLiteral("away")); // goes with the next join

        server.config().httpPort = port;
        QVERIFY(server.start());
        QTRY_COMPARE_WITH_TIMEOUT(space.state(), SpaceSession::State::Joined, 20000);
        QCOMPARE(space.reconnectAttempt(), 0);
        QCOMPARE(space.occupants()->rowCount(), 1);
        QCOMPARE(space.occupants()->indexOf(space.userId()), 0);
        QCOMPARE(space.width(), 6);
        QCOMPARE(space.occupants()->statusOf(space.userId()), QStringLiteral("away"));
        // The server has the status too: someone who joins now sees it.
        Test::Client http(server.baseUrl());
        const auto observerName = freshName();
        const auto observerToken = http.signupAndLogin(observerName);
        QCOMPARE(http.post(QStringLiteral("/api/v1/space/%1/members").arg(*id),
                         QJsonObject{{QStringLiteral("username"), observerName}}, client.session.token().toUtf8())
                     .status,
            200);
        Test::SpaceClient observer(SpaceProtocol::Dialect::Seed);
        QVERIFY(observer.open(spaceSocketUrl(server.baseUrl())));
        observer.send(SpaceProtocol::Join{*id, QString::fromLatin1(observerToken)});
        const auto joined = observer.waitFor<SpaceProtocol::Joined>();
        QVERIFY(joined);
        QCOMPARE(joined->users.size(), 1);
        QCOMPARE(joined->users.at(0).status, SpaceProtocol::UserStatus::Away);
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

    void chatSocketUrl()
    {
        QCOMPARE(ChatSession::socketUrl(QUrl(QStringLiteral("http://127.0.0.1:3001"))).toString(),
            QStringLiteral("ws://127.0.0.1:3001/ws/chat"));
        QCOMPARE(ChatSession::socketUrl(QUrl(QStringLiteral("https://example.org/metaverse"))).toString(),
            QStringLiteral("wss://example.org/metaverse/ws/chat"));
    }

    void chatRichTextEscapesAndLinks_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("html");
        QTest::newRow("plain") << "hello"
                               << "hello";
        QTest::newRow("markup is shown, not interpreted") << "<b>bold</b> & <img src=x>"
                                                          << "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img src=x&gt;";
        QTest::newRow("link") << "see https://example.org/a?b=1&c=2."
                              << "see <a href=\"https://example.org/a?b=1&c=2\">https://example.org/a?b=1&amp;c=2</a>.";
        QTest::newRow("quote ends a link")
            << "http://x.org/\"onmouseover=\"alert(1)"
            << "<a href=\"http://x.org/\">http://x.org/</a>&quot;onmouseover=&quot;alert(1)";
        QTest::newRow("no javascript links") << "javascript:alert(1)"
                                             << "javascript:alert(1)";
        QTest::newRow("newlines") << "a\nb"
                                  << "a<br>b";
    }
    void chatRichTextEscapesAndLinks()
    {
        QFETCH(QString, text);
        QFETCH(QString, html);
        QCOMPARE(MessageListModel::toRichText(text), html);
    }

    void chatOpensOnlyWebLinks()
    {
        ApiClient api;
        Settings settings(settingsFile());
        TokenStore tokens(TokenStore::Backend::Memory);
        Session session(&api, &tokens, &settings);
        ChatSession chat(&api, &session);
        QVERIFY(!chat.openLink(QStringLiteral("javascript:alert(1)")));
        QVERIFY(!chat.openLink(QStringLiteral("file:///etc/passwd")));
        QCOMPARE(chat.openedLinks(), 0);
    }

    void chatSendAndReceive()
    {
        auto setup = chatSetup(m_chatServer.get());
        QVERIFY(setup);
        auto &chat = *setup->chat;
        const auto roomId = setup->roomId;
        QTRY_VERIFY(chat.isConnected());
        QTRY_COMPARE(chat.rooms()->rowCount(), 1);
        QCOMPARE(chat.currentRoomId(), roomId);
        QCOMPARE(chat.currentRoomName(), QStringLiteral("general"));
        QTRY_VERIFY(chat.isJoined(roomId));
        QVERIFY(otherJoins(*setup));
        QTRY_COMPARE(chat.currentOnline(), 2);
        QCOMPARE(chat.rooms()->online(roomId), 2);

        // Pending until the echo with its clientMsgId acknowledges it; then one stored row.
        const auto clientMsgId = chat.send(QStringLiteral("  hello there  "));
        QVERIFY(!clientMsgId.isEmpty());
        auto *messages = chat.messages();
        QVERIFY(messages);
        QCOMPARE(messages->rowCount(), 1);
        QCOMPARE(messages->entries().first().state, MessageState::Pending);
        QCOMPARE(messages->entries().first().clientMsgId, clientMsgId);
        QTRY_VERIFY(!messages->entries().first().message.id.isEmpty());
        QCOMPARE(messages->entries().first().state, MessageState::Sent);
        QCOMPARE(texts(messages), QStringList{QStringLiteral("hello there")});
        QVERIFY(messages->data(messages->index(0), MessageListModel::OwnRole).toBool());
        const auto seen = setup->other.waitFor<ChatProtocol::MessageReceived>();
        QVERIFY(seen);
        QCOMPARE(seen->message.content, QStringLiteral("hello there"));
        QCOMPARE(seen->message.id, messages->entries().first().message.id);
        QVERIFY(seen->clientMsgId.isEmpty());

        // Refused before anything is sent.
        QVERIFY(chat.send(QStringLiteral("   ")).isEmpty());
        QVERIFY(!chat.errorMessage().isEmpty());
        QCOMPARE(messages->rowCount(), 1);

        // From the other user while the room is not on screen: unread, here and on the server.
        QVERIFY(setup->other.say(roomId, QStringLiteral("hi back")));
        QTRY_COMPARE(messages->rowCount(), 2);
        QVERIFY(!messages->data(messages->index(1), MessageListModel::OwnRole).toBool());
        QCOMPARE(messages->data(messages->index(1), MessageListModel::SenderNameRole).toString(), setup->otherName);
        QCOMPARE(chat.rooms()->unread(roomId), 1);
        QCOMPARE(chat.rooms()->totalUnread(), 1);
        QCOMPARE(unreadOnServer(*setup), 1);

        // On screen: read at once, and marked read over the socket.
        chat.setViewing(true);
        QCOMPARE(chat.rooms()->unread(roomId), 0);
        QTRY_COMPARE(unreadOnServer(*setup), 0);
        QVERIFY(setup->other.say(roomId, QStringLiteral("still there?")));
        QTRY_COMPARE(messages->rowCount(), 3);
        QCOMPARE(chat.rooms()->unread(roomId), 0);
        QTRY_COMPARE(unreadOnServer(*setup), 0);
        QCOMPARE(texts(messages),
            (QStringList{QStringLiteral("hello there"), QStringLiteral("hi back"), QStringLiteral("still there?")}));
        QVERIFY(chat.isIdle());
    }

    void chatTypingPresenceAndNotifications()
    {
        auto setup = chatSetup(m_chatServer.get());
        QVERIFY(setup);
        auto &chat = *setup->chat;
        const auto roomId = setup->roomId;
        QTRY_VERIFY(chat.isJoined(roomId));
        QVERIFY(otherJoins(*setup));
        QTRY_COMPARE(chat.currentOnline(), 2);

        // Their typing shows, then fades by itself; then no timer is left running.
        QSignalSpy typingSpy(&chat, &ChatSession::typingChanged);
        setup->other.send(ChatProtocol::Typing{roomId});
        QTRY_COMPARE(chat.typingText(), setup->otherName + QStringLiteral(" is typing…"));
        QVERIFY(!chat.isIdle());
        QTRY_VERIFY_WITH_TIMEOUT(chat.typingText().isEmpty(), ChatSession::TypingShownMs + 2000);
        QVERIFY(chat.isIdle());

        // Ours reaches them.
        chat.userTyping();
        const auto typing = setup->other.waitFor<ChatProtocol::UserTyping>();
        QVERIFY(typing);
        QCOMPARE(typing->username, setup->client->session.username());

        // A notification only while the window is inactive.
        chat.setWindowActive(false);
        QVERIFY(setup->other.say(roomId, QStringLiteral("ping")));
        QTRY_COMPARE(chat.notifier()->count(), 1);
        QVERIFY(chat.notifier()->lastTitle().contains(setup->otherName));
        QVERIFY(chat.notifier()->lastTitle().contains(QStringLiteral("general")));
        QCOMPARE(chat.notifier()->lastBody(), QStringLiteral("ping"));
        chat.setWindowActive(true);
        QVERIFY(setup->other.say(roomId, QStringLiteral("pong")));
        QTRY_COMPARE(chat.messages()->rowCount(), 2);
        QCOMPARE(chat.notifier()->count(), 1);
        // Our own messages never notify.
        chat.setWindowActive(false);
        chat.send(QStringLiteral("mine"));
        QTRY_COMPARE(chat.messages()->entries().last().state, MessageState::Sent);
        QCOMPARE(chat.notifier()->count(), 1);

        // Presence follows the other user out.
        setup->other.send(ChatProtocol::LeaveRoom{roomId});
        QTRY_COMPARE(chat.currentOnline(), 1);
    }

    // A muted room notifies only for an @mention of the user (highlighted, completed from who is
    // there); a message deleted by its sender becomes a "removed" row.
    void chatMentionsMutesAndDeletions()
    {
        auto setup = chatSetup(m_chatServer.get());
        QVERIFY(setup);
        auto &chat = *setup->chat;
        const auto roomId = setup->roomId;
        chat.setSettings(&setup->client->settings);
        QTRY_VERIFY(chat.isJoined(roomId));
        QVERIFY(!chat.canModerate()); // until the view says the user manages the space
        chat.setCanManageSpace(true);
        QVERIFY(chat.canModerate()); // the space's owner, in its general room
        QVERIFY(!chat.isCurrentRoomManageable()); // the general room
        chat.setCanEditSpace(true);
        QVERIFY(!chat.isCurrentRoomManageable());
        QVERIFY(otherJoins(*setup));
        QTRY_COMPARE(chat.currentOnline(), 2);
        const QString me = setup->client->session.username();
        QCOMPARE(chat.completeMention(QStringLiteral("hi @") + setup->otherName.left(3)),
            QString(QStringLiteral("hi @") + setup->otherName + QLatin1Char(' ')));
        QCOMPARE(chat.completeMention(QStringLiteral("@") + me), QString(QStringLiteral("@") + me)); // not oneself

        chat.setCurrentRoomMuted(true);
        QVERIFY(chat.isCurrentRoomMuted());
        QVERIFY(setup->client->settings.isRoomMuted(roomId));
        chat.setWindowActive(false);
        QVERIFY(setup->other.say(roomId, QStringLiteral("plain")));
        QTRY_COMPARE(chat.messages()->rowCount(), 1);
        QCOMPARE(chat.notifier()->count(), 0);
        const auto mention = setup->other.say(roomId, QStringLiteral("look @") + me);
        QVERIFY(mention);
        QTRY_COMPARE(chat.notifier()->count(), 1);
        QVERIFY(chat.notifier()->lastTitle().contains(setup->otherName));
        auto *messages = chat.messages();
        QTRY_COMPARE(messages->rowCount(), 2);
        QVERIFY(!messages->data(messages->index(0), MessageListModel::MentionsMeRole).toBool());
        QVERIFY(messages->data(messages->index(1), MessageListModel::MentionsMeRole).toBool());
        QVERIFY(messages->data(messages->index(1), MessageListModel::RichTextRole)
                    .toString()
                    .contains(QString(QStringLiteral("<b>@") + me + QStringLiteral("</b>"))));
        chat.setCurrentRoomMuted(false);
        QVERIFY(!setup->client->settings.isRoomMuted(roomId));

        // The sender deletes it: the row stays, without its text.
        Test::Client http(m_chatServer->baseUrl());
        QCOMPARE(
            http.del(QStringLiteral("/api/v1/chatrooms/%1/messages/%2").arg(roomId, mention->id), setup->otherToken)
                .status,
            200);
        QTRY_VERIFY(messages->data(messages->index(1), MessageListModel::DeletedRole).toBool());
        QCOMPARE(messages->data(messages->index(1), MessageListModel::TextRole).toString(), QString());
        QCOMPARE(messages->rowCount(), 2);
        // Deleting one's own from the app.
        const auto mine = chat.send(QStringLiteral("mine"));
        QTRY_VERIFY(!messages->entries().last().message.id.isEmpty());
        QVERIFY(QCoro::waitFor(chat.deleteMessageAsync(roomId, messages->entries().last().message.id)));
        QVERIFY(messages->entries().last().message.deleted);
        QVERIFY(!mine.isEmpty());
    }

    void chatHistoryPaging()
    {
        auto setup = chatSetup(m_chatServer.get(), {}, false);
        QVERIFY(setup);
        QStringList expected;
        for (int i = 1; i <= 60; ++i) {
            expected.append(QStringLiteral("m%1").arg(i));
            QCOMPARE(post(*setup, expected.last()).status, 200);
        }
        auto &chat = *setup->chat;
        chat.setSpaceId(setup->spaceId);
        QTRY_VERIFY(chat.isJoined(setup->roomId));
        auto *messages = chat.messages();
        QVERIFY(messages);
        // The socket's history: the latest 50, and there is more.
        QCOMPARE(messages->rowCount(), ChatProtocol::HistorySize);
        QCOMPARE(texts(messages), expected.mid(10));
        QVERIFY(messages->hasMore());
        QCOMPARE(chat.rooms()->unread(setup->roomId), 60);

        QVERIFY(QCoro::waitFor(chat.loadOlderAsync(setup->roomId)));
        QCOMPARE(texts(messages), expected);
        QVERIFY(!messages->hasMore());
        QVERIFY(!messages->isLoadingOlder());
        // Nothing more to load: nothing changes.
        QVERIFY(!QCoro::waitFor(chat.loadOlderAsync(setup->roomId)));
        QCOMPARE(messages->rowCount(), 60);
    }

    // The connection drops (through a proxy that is cut off) while one message's acknowledgement
    // is lost on the way (the server stored it) and another was never delivered: after the
    // reconnect both are stored once and shown once, and the other user saw each once.
    void chatReconnectWithoutDuplicates()
    {
        Test::TcpProxy proxy(QHostAddress::LocalHost, m_chatServer->port());
        QVERIFY(proxy.start());
        auto setup = chatSetup(m_chatServer.get(), QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()));
        QVERIFY(setup);
        auto &chat = *setup->chat;
        const auto roomId = setup->roomId;
        QTRY_VERIFY(chat.isJoined(roomId));
        QVERIFY(otherJoins(*setup));
        chat.send(QStringLiteral("before"));
        QTRY_COMPARE(chat.messages()->entries().last().state, MessageState::Sent);
        QVERIFY(setup->other.waitFor<ChatProtocol::MessageReceived>());
        QCOMPARE(chat.connectionCount(), 1);

        proxy.setFrozen(true);
        const auto lostAck = chat.send(QStringLiteral("lost ack"));
        // What the server does with a send whose acknowledgement never arrives: stores it.
        QCOMPARE(
            post(*setup, QStringLiteral("lost ack"), lostAck, setup->client->session.token().toUtf8()).status, 200);
        chat.send(QStringLiteral("queued"));
        QCOMPARE(chat.messages()->unacknowledged(MessageState::Pending).size(), 2);
        proxy.cutOff();
        QTRY_COMPARE(chat.connectionState(), ChatSession::ConnectionState::Reconnecting);
        QVERIFY(!chat.isIdle()); // the reconnect timer
        QVERIFY(setup->other.say(roomId, QStringLiteral("while away")));

        proxy.setFrozen(false);
        QVERIFY(proxy.resume());
        QTRY_VERIFY_WITH_TIMEOUT(chat.isConnected(), 10000);
        QVERIFY(chat.connectionCount() >= 2);
        QTRY_VERIFY(chat.messages()->unacknowledged(MessageState::Pending).isEmpty());
        QTRY_COMPARE(texts(chat.messages()),
            (QStringList{QStringLiteral("before"), QStringLiteral("lost ack"), QStringLiteral("while away"),
                QStringLiteral("queued")}));
        QVERIFY(chat.messages()->unacknowledged(MessageState::Failed).isEmpty());

        // The server stored each once.
        auto page = QCoro::waitFor(setup->client->api.messages(roomId, {}));
        QVERIFY(page);
        QStringList stored;
        for (const auto &message : page->messages) {
            stored.append(message.content);
        }
        QCOMPARE(stored, texts(chat.messages()));
        // The other user heard of "lost ack" once (from REST), and of "queued" once.
        QVERIFY(setup->other.waitFor<ChatProtocol::MessageReceived>(
            [](const auto &m) { return m.message.content == QLatin1String("lost ack"); }));
        QVERIFY(setup->other.waitFor<ChatProtocol::MessageReceived>(
            [](const auto &m) { return m.message.content == QLatin1String("queued"); }));
        QVERIFY(setup->other.quietFor<ChatProtocol::MessageReceived>(300));
        QTRY_VERIFY(chat.isIdle());
    }

    // The server cannot be reached when the chat opens: it keeps trying (with backoff), loads the
    // rooms once it can, and then chats as usual.
    void chatStartsWhileTheServerIsDown()
    {
        Test::TcpProxy proxy(QHostAddress::LocalHost, m_chatServer->port());
        QVERIFY(proxy.start());
        auto setup = chatSetup(m_chatServer.get(), QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()), false);
        QVERIFY(setup);
        proxy.cutOff();
        auto &chat = *setup->chat;
        chat.setSpaceId(setup->spaceId);
        QTRY_VERIFY_WITH_TIMEOUT(chat.connectionCount() >= 2, 5000);
        QCOMPARE(chat.connectionState(), ChatSession::ConnectionState::Connecting);
        QVERIFY(!chat.errorMessage().isEmpty()); // the rooms could not be listed
        QCOMPARE(chat.rooms()->rowCount(), 0);
        QVERIFY(proxy.resume());
        QTRY_VERIFY_WITH_TIMEOUT(chat.isConnected(), 10000);
        QTRY_VERIFY(chat.isJoined(setup->roomId));
        QCOMPARE(chat.currentRoomId(), setup->roomId);
        QCOMPARE(chat.errorMessage(), QString());
        QVERIFY(otherJoins(*setup));
        chat.send(QStringLiteral("made it"));
        const auto seen = setup->other.waitFor<ChatProtocol::MessageReceived>();
        QVERIFY(seen);
        QCOMPARE(seen->message.content, QStringLiteral("made it"));
    }

    void chatFailedSendIsMarkedFailedAndRetried()
    {
        Test::TestServer limited([](Config &c) {
            c.tokenLifetimeSeconds = 3600;
            c.chatRateLimit = 1;
        });
        QVERIFY(limited.start());
        auto setup = chatSetup(&limited);
        QVERIFY(setup);
        auto &chat = *setup->chat;
        QTRY_VERIFY(chat.isJoined(setup->roomId));
        // More than the burst the limit allows: the rest are refused, each by its clientMsgId.
        for (int i = 0; i < 25; ++i) {
            QVERIFY(!chat.send(QStringLiteral("burst %1").arg(i)).isEmpty());
        }
        auto *messages = chat.messages();
        QTRY_VERIFY(messages->unacknowledged(MessageState::Pending).isEmpty());
        const auto failed = messages->unacknowledged(MessageState::Failed);
        QVERIFY(!failed.isEmpty());
        QVERIFY(!failed.first().error.isEmpty());
        const int row = messages->indexOfClientMsgId(failed.first().clientMsgId);
        QCOMPARE(messages->data(messages->index(row), MessageListModel::StateRole).toInt(), int(MessageState::Failed));
        QVERIFY(!messages->data(messages->index(row), MessageListModel::ErrorRole).toString().isEmpty());
        QCOMPARE(messages->rowCount(), 25);

        // A retry (Enter on the message) sends it again with the same clientMsgId (still limited
        // here: failed again).
        chat.activateMessage(row);
        QCOMPARE(messages->entries().at(row).state, MessageState::Pending);
        QTRY_COMPARE(messages->entries().at(row).state, MessageState::Failed);
        QCOMPARE(messages->rowCount(), 25);
    }
};

QTEST_GUILESS_MAIN(TestClient)
#include "tst_client.moc"
