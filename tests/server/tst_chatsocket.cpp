// SPDX-License-Identifier: GPL-3.0-or-later
// The chat WebSocket against a real server in this process (SQLite, or PostgreSQL with
// METAVERSE_TEST_BACKEND=postgres), with real QWebSocket clients: authentication, rooms, live
// messages with their acknowledgement, history, retries, access rules, presence, typing, bad
// input, rate limits, and rooms that disappear under their users.
#include "chatclient.h"
#include "testsupport.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Metaverse;
using namespace Metaverse::Test;
using namespace Metaverse::ChatProtocol;

namespace
{
const QString V1 = QStringLiteral("/api/v1");

QString roomPath(const QString &roomId, const QString &rest = {})
{
    return V1 + QStringLiteral("/chatrooms/") + roomId + rest;
}

QStringList namesOf(const QList<ChatUser> &users)
{
    QStringList names;
    for (const auto &user : users) {
        names.append(user.username);
    }
    return names;
}

std::function<bool(const ErrorMessage &)> errorCode(const QString &code)
{
    return [code](const ErrorMessage &e) { return e.code == code; };
}
} // namespace

class TestChatSocket : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<Client> m_http;
    QByteArray m_alice;
    QByteArray m_bob;
    QByteArray m_carol;
    QString m_space; // alice's; bob is a member, carol is not
    QString m_general;
    QString m_private; // alice's room outside a space; bob is not a member

    QUrl chatUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->server().chatPort())); }

    std::unique_ptr<ChatClient> connectAs(const QByteArray &token)
    {
        auto client = std::make_unique<ChatClient>();
        if (!client->open(chatUrl(), token) || !client->waitFor<Authenticated>()) {
            return nullptr;
        }
        return client;
    }

    QString generalRoomOf(const QString &spaceId, const QByteArray &token)
    {
        const auto rooms = m_http->get(V1 + QStringLiteral("/chatrooms?spaceId=") + spaceId, token);
        for (const auto &room : rooms.json.value(QStringLiteral("chatrooms")).toArray()) {
            if (room.toObject().value(QStringLiteral("name")).toString() == QLatin1String("general")) {
                return room.toObject().value(QStringLiteral("id")).toString();
            }
        }
        return {};
    }

    // A room of alice's outside a space, with bob invited.
    QString createRoomWithBob(const QString &name)
    {
        const QString room = createRoom(m_alice, name);
        const auto invited = m_http->post(
            roomPath(room, QStringLiteral("/members")), {{QStringLiteral("username"), QStringLiteral("bob")}}, m_alice);
        return invited.status == 200 ? room : QString();
    }

    QString createRoom(const QByteArray &token, const QString &name)
    {
        return m_http->post(V1 + QStringLiteral("/chatrooms"), {{QStringLiteral("name"), name}}, token)
            .json.value(QStringLiteral("id"))
            .toString();
    }

    QJsonArray history(const QString &roomId, const QByteArray &token)
    {
        return m_http->get(roomPath(roomId, QStringLiteral("/messages?limit=100")), token)
            .json.value(QStringLiteral("messages"))
            .toArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        METAVERSE_PREPARE_BACKEND();
        m_server = std::make_unique<TestServer>([](Config &c) { c.chatRateLimit = 0; });
        const auto started = m_server->start();
        QVERIFY2(started.has_value(), started ? "" : qPrintable(started.error().message));
        m_http = std::make_unique<Client>(m_server->baseUrl());
        m_alice = m_http->signupAndLogin(QStringLiteral("alice"));
        m_bob = m_http->signupAndLogin(QStringLiteral("bob"));
        m_carol = m_http->signupAndLogin(QStringLiteral("carol"));
        QVERIFY(!m_alice.isEmpty() && !m_bob.isEmpty() && !m_carol.isEmpty());
        m_space = m_http
                      ->post(V1 + QStringLiteral("/space"),
                          {{QStringLiteral("name"), QStringLiteral("Office")},
                              {QStringLiteral("dimensions"), QStringLiteral("8x8")}},
                          m_alice)
                      .json.value(QStringLiteral("spaceId"))
                      .toString();
        QVERIFY(!m_space.isEmpty());
        QCOMPARE(m_http
                     ->post(V1 + QStringLiteral("/space/") + m_space + QStringLiteral("/members"),
                         {{QStringLiteral("username"), QStringLiteral("bob")}}, m_alice)
                     .status,
            200);
        m_general = generalRoomOf(m_space, m_alice);
        m_private = createRoom(m_alice, QStringLiteral("private"));
        QVERIFY(!m_general.isEmpty() && !m_private.isEmpty());
    }

    void authenticatesByHeaderOrFirstMessage()
    {
        auto byHeader = connectAs(m_alice);
        QVERIFY(byHeader);
        QVERIFY(!byHeader->userId().isEmpty());

        ChatClient byMessage;
        QVERIFY(byMessage.open(chatUrl()));
        byMessage.send(Auth{QStringLiteral("not.a.token")});
        QVERIFY(byMessage.waitFor<ErrorMessage>(errorCode(ErrorCodes::Unauthorized)));
        QVERIFY(byMessage.isConnected()); // a failed attempt may be followed by a good one
        QVERIFY(byMessage.authenticate(m_bob));
        byMessage.send(Auth{QString::fromLatin1(m_bob)});
        QVERIFY(byMessage.waitFor<ErrorMessage>(errorCode(ErrorCodes::AlreadyAuthenticated)));

        ChatClient badHeader;
        QVERIFY(badHeader.open(chatUrl(), "tampered"));
        QVERIFY(badHeader.waitFor<ErrorMessage>(errorCode(ErrorCodes::Unauthorized)));
    }

    void nothingButAuthBeforeAuthentication()
    {
        ChatClient anonymous;
        QVERIFY(anonymous.open(chatUrl()));
        anonymous.send(JoinRoom{m_general});
        QVERIFY(anonymous.waitFor<ErrorMessage>(errorCode(ErrorCodes::NotAuthenticated)));
        anonymous.send(SendMessage{m_general, QStringLiteral("hello"), {}});
        QVERIFY(anonymous.waitFor<ErrorMessage>(errorCode(ErrorCodes::NotAuthenticated)));
        anonymous.send(Ping{});
        QVERIFY(anonymous.waitFor<Pong>());
        QVERIFY(history(m_general, m_alice).isEmpty());
    }

    void upgradeOnTheHttpPort()
    {
        ChatClient client;
        QVERIFY(client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/chat").arg(m_server->port())), m_alice));
        QVERIFY(client.waitFor<Authenticated>());
        QVERIFY(client.join(m_general));
    }

    void messagesReachEveryoneAfterTheyAreStored()
    {
        auto alice = connectAs(m_alice);
        auto bob = connectAs(m_bob);
        QVERIFY(alice && bob);
        const auto joined = alice->join(m_general);
        QVERIFY(joined);
        QVERIFY(bob->join(m_general));

        alice->send(SendMessage{m_general, QStringLiteral("  hello bob\n  "), QStringLiteral("m-1")});
        const auto echo = alice->waitFor<MessageReceived>(
            [](const MessageReceived &m) { return m.clientMsgId == QLatin1String("m-1"); });
        QVERIFY(echo);
        QCOMPARE(echo->message.content, QStringLiteral("hello bob")); // trimmed
        QCOMPARE(echo->message.roomId, m_general);
        QCOMPARE(echo->message.senderId, alice->userId());
        QCOMPARE(echo->message.senderName, QStringLiteral("alice"));

        const auto received = bob->waitFor<MessageReceived>();
        QVERIFY(received);
        QCOMPARE(received->message, echo->message);
        QVERIFY(received->clientMsgId.isEmpty()); // only the sender learns its clientMsgId

        // Acknowledged means stored.
        const auto stored = history(m_general, m_alice);
        QVERIFY(!stored.isEmpty());
        QCOMPARE(stored.last().toObject().value(QStringLiteral("id")).toString(), echo->message.id);
    }

    void roomJoinedCarriesTheLast50Messages()
    {
        const QString room = createRoom(m_alice, QStringLiteral("busy"));
        for (int i = 1; i <= 60; ++i) {
            QCOMPARE(m_http
                         ->post(roomPath(room, QStringLiteral("/messages")),
                             {{QStringLiteral("content"), QStringLiteral("message %1").arg(i)}}, m_alice)
                         .status,
                200);
        }
        auto alice = connectAs(m_alice);
        QVERIFY(alice);
        const auto joined = alice->join(room);
        QVERIFY(joined);
        QCOMPARE(joined->history.size(), HistorySize);
        QCOMPARE(joined->history.first().content, QStringLiteral("message 11"));
        QCOMPARE(joined->history.last().content, QStringLiteral("message 60"));
        QCOMPARE(namesOf(joined->users), QStringList{QStringLiteral("alice")});
    }

    void aRetriedSendIsStoredOnce()
    {
        auto alice = connectAs(m_alice);
        auto bob = connectAs(m_bob);
        QVERIFY(alice && bob && alice->join(m_general) && bob->join(m_general));
        const auto before = history(m_general, m_alice).size();
        const SendMessage send{m_general, QStringLiteral("only once"), QStringLiteral("retry-1")};
        alice->send(send);
        const auto first = alice->waitFor<MessageReceived>(
            [](const MessageReceived &m) { return m.clientMsgId == QLatin1String("retry-1"); });
        alice->send(send);
        const auto second = alice->waitFor<MessageReceived>(
            [](const MessageReceived &m) { return m.clientMsgId == QLatin1String("retry-1"); });
        QVERIFY(first && second);
        QCOMPARE(second->message.id, first->message.id);
        QVERIFY(bob->waitFor<MessageReceived>());
        QVERIFY(bob->quietFor<MessageReceived>(300)); // the retry is not announced again
        QCOMPARE(history(m_general, m_alice).size(), before + 1);
    }

    void accessRules()
    {
        auto bob = connectAs(m_bob);
        auto carol = connectAs(m_carol);
        QVERIFY(bob && carol);
        carol->send(JoinRoom{m_general}); // not a member of the space
        auto refused = carol->waitFor<ErrorMessage>(errorCode(ErrorCodes::Forbidden));
        QVERIFY(refused);
        QCOMPARE(refused->roomId, m_general);
        bob->send(JoinRoom{m_private}); // not a member of the room
        QVERIFY(bob->waitFor<ErrorMessage>(errorCode(ErrorCodes::Forbidden)));
        bob->send(JoinRoom{QStringLiteral("no-such-room")});
        QVERIFY(bob->waitFor<ErrorMessage>(errorCode(ErrorCodes::NotFound)));
        // Sending to a room one has not joined is refused even where one may enter.
        bob->send(SendMessage{m_general, QStringLiteral("hi"), QStringLiteral("nj-1")});
        const auto notJoined = bob->waitFor<ErrorMessage>(errorCode(ErrorCodes::NotJoined));
        QVERIFY(notJoined);
        QCOMPARE(notJoined->clientMsgId, QStringLiteral("nj-1"));

        // Invited: now bob may join.
        QCOMPARE(m_http
                     ->post(roomPath(m_private, QStringLiteral("/members")),
                         {{QStringLiteral("username"), QStringLiteral("bob")}}, m_alice)
                     .status,
            200);
        QVERIFY(bob->join(m_private));
        QVERIFY(carol->isConnected()); // refusals are not abuse
    }

    void badMessagesAreRefusedAndNothingIsStored()
    {
        auto alice = connectAs(m_alice);
        auto bob = connectAs(m_bob);
        QVERIFY(alice && bob && alice->join(m_general) && bob->join(m_general));
        const auto before = history(m_general, m_alice).size();
        const QStringList bad{QString(), QStringLiteral("   \n\t "), QString(2001, QLatin1Char('x')),
            QStringLiteral("bell\aringing"), QStringLiteral("nul\x01")};
        int n = 0;
        for (const auto &text : bad) {
            const QString clientMsgId = QStringLiteral("bad-%1").arg(++n);
            alice->send(SendMessage{m_general, text, clientMsgId});
            const auto error = alice->waitFor<ErrorMessage>(errorCode(ErrorCodes::Invalid));
            QVERIFY2(error, qPrintable(text.left(20)));
            QCOMPARE(error->clientMsgId, clientMsgId);
            QCOMPARE(error->roomId, m_general);
        }
        // 2,000 characters are fine, also beyond the BMP (code points, not UTF-16 units).
        QVERIFY(
            alice->say(m_general, QString(1000, QChar(0x00e9)) + QString::fromUtf8("\xf0\x9f\x99\x82").repeated(1000)));
        QCOMPARE(history(m_general, m_alice).size(), before + 1);
        QVERIFY(bob->waitFor<MessageReceived>());
        QVERIFY(bob->quietFor<MessageReceived>(200));
        QVERIFY(bob->quietFor<ErrorMessage>(0)); // others never hear about someone's mistakes
        QVERIFY(alice->isConnected());

        // Markup is text: stored and delivered as sent.
        const auto markup = alice->say(m_general, QStringLiteral("<b>bold</b> <script>alert(1)</script>"));
        QVERIFY(markup);
        QCOMPARE(markup->content, QStringLiteral("<b>bold</b> <script>alert(1)</script>"));
    }

    void garbageIsAnsweredAndAbuseIsClosed()
    {
        auto victim = connectAs(m_bob);
        auto abuser = connectAs(m_carol);
        QVERIFY(victim && abuser && victim->join(m_general));
        abuser->sendRaw(QStringLiteral("{not json"));
        QVERIFY(abuser->waitFor<ErrorMessage>(errorCode(ErrorCodes::BadMessage)));
        abuser->sendRaw(QStringLiteral("{\"type\":\"shout\",\"data\":{}}"));
        QVERIFY(abuser->waitFor<ErrorMessage>(errorCode(ErrorCodes::BadMessage)));
        abuser->sendRaw(QStringLiteral("{\"type\":\"send-message\",\"data\":{\"roomId\":\"") + m_general +
            QStringLiteral("\",\"message\":\"") + QString(17 * 1024, QLatin1Char('a')) + QStringLiteral("\"}}"));
        QVERIFY(abuser->waitFor<ErrorMessage>(errorCode(ErrorCodes::TooLarge)));
        abuser->socket().sendBinaryMessage(QByteArray(10, 'x'));
        QVERIFY(abuser->waitFor<ErrorMessage>(errorCode(ErrorCodes::BadMessage)));
        // Random and truncated frames until the server has had enough.
        auto *random = QRandomGenerator::global();
        const QString valid = QString::fromUtf8(toFrame(encodeClient(SendMessage{m_general, QStringLiteral("x"), {}})));
        for (int i = 0; i < 40 && abuser->isConnected(); ++i) {
            if (i % 2 == 0) {
                abuser->sendRaw(valid.left(int(random->bounded(valid.size()))));
            } else {
                QByteArray noise(int(random->bounded(200)), Qt::Uninitialized);
                for (auto &c : noise) {
                    c = char(random->bounded(32, 127));
                }
                abuser->sendRaw(QString::fromLatin1(noise));
            }
        }
        QVERIFY(abuser->waitForDisconnect());
        QCOMPARE(abuser->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QVERIFY(victim->quietFor<MessageReceived>(100));
        QVERIFY(victim->say(m_general, QStringLiteral("still here")));
    }

    void presenceCountsUsersNotSockets()
    {
        const QString room = createRoomWithBob(QStringLiteral("presence"));
        QVERIFY(!room.isEmpty());
        auto alice = connectAs(m_alice);
        QVERIFY(alice && alice->join(room));
        auto bob1 = connectAs(m_bob);
        QVERIFY(bob1);
        const auto joined = bob1->join(room);
        QVERIFY(joined);
        QCOMPARE(namesOf(joined->users), (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
        const auto arrived = alice->waitFor<PresenceUpdate>();
        QVERIFY(arrived);
        QCOMPARE(arrived->roomId, room);
        QCOMPARE(namesOf(arrived->users), (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));

        // In the room listing too.
        const auto rooms = m_http->get(V1 + QStringLiteral("/chatrooms"), m_alice).json;
        bool listed = false;
        for (const auto &entry : rooms.value(QStringLiteral("chatrooms")).toArray()) {
            if (entry.toObject().value(QStringLiteral("id")).toString() == room) {
                QCOMPARE(entry.toObject().value(QStringLiteral("online")).toInt(), 2);
                listed = true;
            }
        }
        QVERIFY(listed);

        // A second socket of bob's changes nothing; closing one of two changes nothing.
        auto bob2 = connectAs(m_bob);
        QVERIFY(bob2 && bob2->join(room));
        bob1->socket().close();
        QVERIFY(alice->quietFor<PresenceUpdate>(300));
        bob2->send(LeaveRoom{room});
        const auto left = alice->waitFor<PresenceUpdate>();
        QVERIFY(left);
        QCOMPARE(namesOf(left->users), QStringList{QStringLiteral("alice")});
        bob2->send(LeaveRoom{room});
        QVERIFY(bob2->waitFor<ErrorMessage>(errorCode(ErrorCodes::NotJoined)));
    }

    void typingIsRelayedAndThinnedOut()
    {
        auto alice = connectAs(m_alice);
        auto bob = connectAs(m_bob);
        QVERIFY(alice && bob && alice->join(m_general) && bob->join(m_general));
        for (int i = 0; i < 30; ++i) {
            alice->send(Typing{m_general});
        }
        const auto typing = bob->waitFor<UserTyping>();
        QVERIFY(typing);
        QCOMPARE(typing->userId, alice->userId());
        QCOMPARE(typing->username, QStringLiteral("alice"));
        QVERIFY(bob->quietFor<UserTyping>(300));
        QVERIFY(alice->quietFor<UserTyping>(0)); // not to oneself
        QVERIFY(alice->isConnected());
        alice->send(Typing{m_private});
        QVERIFY(alice->waitFor<ErrorMessage>(errorCode(ErrorCodes::NotJoined)));
    }

    void restMessagesArriveLive()
    {
        auto bob = connectAs(m_bob);
        QVERIFY(bob && bob->join(m_general));
        const auto posted = m_http->post(roomPath(m_general, QStringLiteral("/messages")),
            {{QStringLiteral("content"), QStringLiteral("via REST")}}, m_alice);
        QCOMPARE(posted.status, 200);
        const auto received = bob->waitFor<MessageReceived>();
        QVERIFY(received);
        QCOMPARE(received->message.id, posted.json.value(QStringLiteral("id")).toString());
        QCOMPARE(received->message.content, QStringLiteral("via REST"));
    }

    void deletedMessagesAreRemovedForEveryone()
    {
        auto alice = connectAs(m_alice);
        auto bob = connectAs(m_bob);
        QVERIFY(alice && bob && alice->join(m_general) && bob->join(m_general));
        const auto said = bob->say(m_general, QStringLiteral("regrettable"));
        QVERIFY(said);
        QVERIFY(alice->waitFor<MessageReceived>([&](const MessageReceived &m) { return m.message.id == said->id; }));
        // The owner of the space deletes it: both sockets hear of it.
        QCOMPARE(m_http->del(roomPath(m_general, QStringLiteral("/messages/")) + said->id, m_alice).status, 200);
        for (auto *client : {alice.get(), bob.get()}) {
            const auto deleted = client->waitFor<MessageDeleted>();
            QVERIFY(deleted);
            QCOMPARE(deleted->roomId, m_general);
            QCOMPARE(deleted->messageId, said->id);
        }
        // A later join's history holds the tombstone, without content.
        auto again = connectAs(m_bob);
        QVERIFY(again);
        const auto joined = again->join(m_general);
        QVERIFY(joined);
        const auto it = std::find_if(
            joined->history.cbegin(), joined->history.cend(), [&](const Message &m) { return m.id == said->id; });
        QVERIFY(it != joined->history.cend());
        QVERIFY(it->deleted);
        QVERIFY(it->content.isEmpty());
        QCOMPARE(it->senderId, bob->userId());
    }

    void roomListChangesAreAnnounced()
    {
        auto bob = connectAs(m_bob);
        QVERIFY(bob);
        // Invited to a private room.
        const QString room = createRoomWithBob(QStringLiteral("announced"));
        QVERIFY(!room.isEmpty());
        QVERIFY(bob->waitFor<RoomsChanged>());
        // A direct room opened with him.
        QCOMPARE(
            m_http->post(V1 + QStringLiteral("/chatrooms/direct"), {{QStringLiteral("userId"), bob->userId()}}, m_alice)
                .status,
            200);
        QVERIFY(bob->waitFor<RoomsChanged>());
        // A room added to, then renamed in, the space whose room he is in.
        QVERIFY(bob->join(m_general));
        const auto created = m_http->post(V1 + QStringLiteral("/chatrooms"),
            {{QStringLiteral("name"), QStringLiteral("news")}, {QStringLiteral("spaceId"), m_space}}, m_alice);
        QCOMPARE(created.status, 200);
        QVERIFY(bob->waitFor<RoomsChanged>());
        QCOMPARE(m_http
                     ->request("PATCH", roomPath(created.json.value(QStringLiteral("id")).toString()),
                         R"({"name":"old news"})", "application/json", m_alice)
                     .status,
            200);
        QVERIFY(bob->waitFor<RoomsChanged>());
    }

    void markReadOverTheSocket()
    {
        auto alice = connectAs(m_alice);
        auto bob = connectAs(m_bob);
        QVERIFY(alice && bob && alice->join(m_general) && bob->join(m_general));
        const auto last = alice->say(m_general, QStringLiteral("read me"));
        QVERIFY(last);
        const auto unread = [&] {
            const auto rooms = m_http->get(V1 + QStringLiteral("/chatrooms?spaceId=") + m_space, m_bob).json;
            for (const auto &entry : rooms.value(QStringLiteral("chatrooms")).toArray()) {
                if (entry.toObject().value(QStringLiteral("id")).toString() == m_general) {
                    return entry.toObject().value(QStringLiteral("unread")).toInt();
                }
            }
            return -1;
        };
        QVERIFY(unread() > 0);
        bob->send(MarkRead{m_general, last->id});
        QTRY_COMPARE(unread(), 0);
        bob->send(MarkRead{m_general, QStringLiteral("no-such-message")});
        QVERIFY(bob->waitFor<ErrorMessage>(errorCode(ErrorCodes::Invalid)));
    }

    void removedMembersAndDeletedRoomsLeaveTheirSockets()
    {
        const QString room = createRoomWithBob(QStringLiteral("short-lived"));
        QVERIFY(!room.isEmpty());
        auto alice = connectAs(m_alice);
        auto bob = connectAs(m_bob);
        QVERIFY(alice && bob && alice->join(room) && bob->join(room));
        QVERIFY(alice->waitFor<PresenceUpdate>([](const PresenceUpdate &p) { return p.users.size() == 2; }));
        QCOMPARE(m_http->del(roomPath(room, QStringLiteral("/members/")) + bob->userId(), m_alice).status, 200);
        const auto removed = bob->waitFor<RoomLeft>();
        QVERIFY(removed);
        QCOMPARE(removed->roomId, room);
        QCOMPARE(removed->reason, QStringLiteral("removed"));
        bob->send(SendMessage{room, QStringLiteral("still here?"), {}});
        QVERIFY(bob->waitFor<ErrorMessage>(errorCode(ErrorCodes::NotJoined)));
        const auto presence = alice->waitFor<PresenceUpdate>();
        QVERIFY(presence);
        QCOMPARE(namesOf(presence->users), QStringList{QStringLiteral("alice")});

        QCOMPARE(m_http->del(roomPath(room), m_alice).status, 200);
        const auto deleted = alice->waitFor<RoomLeft>();
        QVERIFY(deleted);
        QCOMPARE(deleted->reason, QStringLiteral("deleted"));
        QVERIFY(alice->isConnected());

        // A deleted space takes its rooms along.
        const QString space = m_http
                                  ->post(V1 + QStringLiteral("/space"),
                                      {{QStringLiteral("name"), QStringLiteral("Temporary")},
                                          {QStringLiteral("dimensions"), QStringLiteral("4x4")}},
                                      m_alice)
                                  .json.value(QStringLiteral("spaceId"))
                                  .toString();
        const QString general = generalRoomOf(space, m_alice);
        QVERIFY(alice->join(general));
        QCOMPARE(m_http->del(V1 + QStringLiteral("/space/") + space, m_alice).status, 200);
        const auto gone = alice->waitFor<RoomLeft>();
        QVERIFY(gone);
        QCOMPARE(gone->roomId, general);
    }

    void aSocketJoinsAtMost100Rooms()
    {
        auto alice = connectAs(m_alice);
        QVERIFY(alice);
        for (int i = 0; i < MaxRoomsPerConnection; ++i) {
            const QString room = createRoom(m_alice, QStringLiteral("many-%1").arg(i));
            QVERIFY(!room.isEmpty());
            alice->send(JoinRoom{room});
        }
        for (int i = 0; i < MaxRoomsPerConnection; ++i) {
            QVERIFY(alice->waitFor<RoomJoined>());
        }
        const QString oneTooMany = createRoom(m_alice, QStringLiteral("one-too-many"));
        alice->send(JoinRoom{oneTooMany});
        const auto refused = alice->waitFor<ErrorMessage>(errorCode(ErrorCodes::TooManyRooms));
        QVERIFY(refused);
        QCOMPARE(refused->roomId, oneTooMany);
        QVERIFY(alice->isConnected());
    }

    void perUserSendLimitCoversSocketAndRest()
    {
        TestServer limited([](Config &c) { c.chatRateLimit = 3; });
        QVERIFY(limited.start().has_value());
        Client http(limited.baseUrl());
        const auto token = http.signupAndLogin(QStringLiteral("chatty"));
        const auto room =
            http.post(V1 + QStringLiteral("/chatrooms"), {{QStringLiteral("name"), QStringLiteral("r")}}, token)
                .json.value(QStringLiteral("id"))
                .toString();
        ChatClient client;
        QVERIFY(client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(limited.server().chatPort())), token));
        QVERIFY(client.join(room));
        for (int i = 0; i < 3; ++i) {
            QVERIFY(client.say(room, QStringLiteral("%1").arg(i)));
        }
        client.send(SendMessage{room, QStringLiteral("too many"), QStringLiteral("over")});
        const auto limitedError = client.waitFor<ErrorMessage>(errorCode(ErrorCodes::RateLimited));
        QVERIFY(limitedError);
        QCOMPARE(limitedError->clientMsgId, QStringLiteral("over"));
        const auto rest = http.post(roomPath(room, QStringLiteral("/messages")),
            {{QStringLiteral("content"), QStringLiteral("also too many")}}, token);
        QCOMPARE(rest.status, 429);
        QVERIFY(rest.header("Retry-After").toInt() >= 1);
        QCOMPARE(http.get(roomPath(room, QStringLiteral("/messages")), token)
                     .json.value(QStringLiteral("messages"))
                     .toArray()
                     .size(),
            3);
        QVERIFY(client.isConnected());
    }

    void unauthenticatedSocketsAreClosedAfterADeadline()
    {
        TestServer quick([](Config &c) {
            c.wsHeartbeatMs = 100;
            c.wsIdleTimeoutMs = 600;
        });
        QVERIFY(quick.start().has_value());
        ChatClient silent;
        QVERIFY(silent.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(quick.server().chatPort()))));
        QVERIFY(silent.waitForDisconnect(5000));
        QCOMPARE(silent.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    }
};

QTEST_GUILESS_MAIN(TestChatSocket)
#include "tst_chatsocket.moc"
