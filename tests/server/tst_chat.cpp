// SPDX-License-Identifier: GPL-3.0-or-later
// The chat REST API against a real server in this process (SQLite, or PostgreSQL with
// METAVERSE_TEST_BACKEND=postgres): rooms, access rules, messages, paging, unread counts,
// retries by clientMsgId, bad input, durability; and the message rule in common/validation.
#include "chat/chatservice.h"
#include "store/database.h"
#include "testsupport.h"
#include "validation/validation.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace Metaverse;
using namespace Metaverse::Test;

namespace
{
const QString V1 = QStringLiteral("/api/v1");

QString p(const QString &path)
{
    return V1 + path;
}

QString roomPath(const QString &roomId, const QString &rest = {})
{
    return V1 + QStringLiteral("/chatrooms/") + roomId + rest;
}

QByteArray messageBody(const QByteArray &content)
{
    QByteArray body("{\"content\":\"");
    body.append(content);
    body.append("\"}");
    return body;
}

QStringList contents(const QJsonArray &messages)
{
    QStringList list;
    for (const auto &m : messages) {
        list.append(m.toObject().value(QStringLiteral("content")).toString());
    }
    return list;
}
} // namespace

class TestChat : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<Client> m_client;
    QByteArray m_admin;
    QByteArray m_alice;
    QByteArray m_bob;
    QByteArray m_carol;
    QString m_aliceId;
    QString m_bobId;
    QString m_carolId;
    QString m_space; // alice's, bob is a member
    QString m_general; // its general room
    QString m_templateId;

    QString userId(const QByteArray &token)
    {
        return m_client->get(p(QStringLiteral("/me")), token).json.value(QStringLiteral("id")).toString();
    }

    QString createSpace(const QByteArray &token, const QString &name)
    {
        const auto reply = m_client->post(p(QStringLiteral("/space")),
            {{QStringLiteral("name"), name}, {QStringLiteral("dimensions"), QStringLiteral("6x6")}}, token);
        return reply.json.value(QStringLiteral("spaceId")).toString();
    }

    Reply addSpaceMember(const QString &spaceId, const QString &username, const QByteArray &token)
    {
        return m_client->post(p(QStringLiteral("/space/")) + spaceId + QStringLiteral("/members"),
            {{QStringLiteral("username"), username}}, token);
    }

    Reply listRooms(const QByteArray &token, const QString &spaceId = {})
    {
        const QString query = spaceId.isEmpty() ? QString() : QStringLiteral("?spaceId=") + spaceId;
        return m_client->get(p(QStringLiteral("/chatrooms")) + query, token);
    }

    // The room with `id` in a listing, or an empty object.
    QJsonObject roomIn(const Reply &listing, const QString &id)
    {
        for (const auto &room : listing.json.value(QStringLiteral("chatrooms")).toArray()) {
            if (room.toObject().value(QStringLiteral("id")).toString() == id) {
                return room.toObject();
            }
        }
        return {};
    }

    QString generalRoomOf(const QString &spaceId, const QByteArray &token)
    {
        for (const auto &room : listRooms(token, spaceId).json.value(QStringLiteral("chatrooms")).toArray()) {
            if (room.toObject().value(QStringLiteral("name")).toString() == QLatin1String("general")) {
                return room.toObject().value(QStringLiteral("id")).toString();
            }
        }
        return {};
    }

    Reply createRoom(const QByteArray &token, const QString &name, const QString &spaceId = {})
    {
        QJsonObject body{{QStringLiteral("name"), name}};
        if (!spaceId.isEmpty()) {
            body.insert(QStringLiteral("spaceId"), spaceId);
        }
        return m_client->post(p(QStringLiteral("/chatrooms")), body, token);
    }

    Reply send(const QByteArray &token, const QString &roomId, const QString &content, const QString &clientMsgId = {})
    {
        QJsonObject body{{QStringLiteral("content"), content}};
        if (!clientMsgId.isEmpty()) {
            body.insert(QStringLiteral("clientMsgId"), clientMsgId);
        }
        return m_client->post(roomPath(roomId, QStringLiteral("/messages")), body, token);
    }

    Reply history(const QByteArray &token, const QString &roomId, const QString &query = {})
    {
        return m_client->get(roomPath(roomId, QStringLiteral("/messages")) + query, token);
    }

    Reply markRead(const QByteArray &token, const QString &roomId, const QString &messageId)
    {
        return m_client->post(
            roomPath(roomId, QStringLiteral("/read")), {{QStringLiteral("messageId"), messageId}}, token);
    }

    int unread(const QByteArray &token, const QString &roomId, const QString &spaceId = {})
    {
        const auto room = roomIn(listRooms(token, spaceId), roomId);
        return room.isEmpty() ? -1 : room.value(QStringLiteral("unread")).toInt();
    }

    // Rows in the messages table for a room, straight from the database.
    qint64 storedCount(const QString &roomId)
    {
        const auto &db = m_server->server().database();
        auto q = db.prepare(QStringLiteral("SELECT COUNT(*) FROM messages WHERE room_id = ?"));
        q->addBindValue(roomId);
        if (!db.exec(*q) || !q->next()) {
            return -1;
        }
        return q->value(0).toLongLong();
    }

    // A new space of alice's with bob as a member, and its general room.
    std::pair<QString, QString> sharedSpace(const QString &name)
    {
        const auto space = createSpace(m_alice, name);
        if (space.isEmpty() || addSpaceMember(space, QStringLiteral("bob"), m_alice).status != 200) {
            return {};
        }
        return {space, generalRoomOf(space, m_alice)};
    }

    QString privateRoom(const QByteArray &owner, const QString &name)
    {
        return createRoom(owner, name).json.value(QStringLiteral("id")).toString();
    }

    // A new account; its token, with its id and name in `id` and `name`.
    QByteArray newUser(const QString &prefix, QString *id = nullptr, QString *name = nullptr)
    {
        const QString username = prefix + QString::number(QRandomGenerator::global()->bounded(100000000));
        auto token = m_client->signupAndLogin(username);
        if (id) {
            *id = userId(token);
        }
        if (name) {
            *name = username;
        }
        return token;
    }

    int addSpaceMemberAs(const QString &spaceId, const QString &username, bool canEdit)
    {
        return m_client
            ->post(p(QStringLiteral("/space/")) + spaceId + QStringLiteral("/members"),
                {{QStringLiteral("username"), username}, {QStringLiteral("canEdit"), canEdit}}, m_alice)
            .status;
    }

    Reply directRoom(const QByteArray &token, const QString &otherId)
    {
        return m_client->post(p(QStringLiteral("/chatrooms/direct")), {{QStringLiteral("userId"), otherId}}, token);
    }

private Q_SLOTS:
    void initTestCase()
    {
        METAVERSE_PREPARE_BACKEND();
        m_server = std::make_unique<TestServer>();
        const auto started = m_server->start();
        QVERIFY2(started.has_value(), started ? "" : qPrintable(started.error().message));
        m_client = std::make_unique<Client>(m_server->baseUrl());
        m_admin = m_client->signupAndLogin(QStringLiteral("root")); // the first account is the Admin
        m_alice = m_client->signupAndLogin(QStringLiteral("alice"));
        m_bob = m_client->signupAndLogin(QStringLiteral("bob"));
        m_carol = m_client->signupAndLogin(QStringLiteral("carol"));
        QVERIFY(!m_admin.isEmpty() && !m_alice.isEmpty() && !m_bob.isEmpty() && !m_carol.isEmpty());
        m_aliceId = userId(m_alice);
        m_bobId = userId(m_bob);
        m_carolId = userId(m_carol);
        m_space = createSpace(m_alice, QStringLiteral("Office"));
        QVERIFY(!m_space.isEmpty());
        QCOMPARE(addSpaceMember(m_space, QStringLiteral("bob"), m_alice).status, 200);
        m_general = generalRoomOf(m_space, m_alice);
        QVERIFY(!m_general.isEmpty());
        for (const auto &s :
            m_client->get(p(QStringLiteral("/space/all")), m_alice).json.value(QStringLiteral("spaces")).toArray()) {
            if (s.toObject().value(QStringLiteral("isTemplate")).toBool()) {
                m_templateId = s.toObject().value(QStringLiteral("id")).toString();
            }
        }
        QVERIFY(!m_templateId.isEmpty());
    }

    void chatMessageRule_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("hello") << true;
        QTest::newRow("newline and tab inside") << QStringLiteral("a\n\tb") << true;
        QTest::newRow("padded") << QStringLiteral("  hi  ") << true;
        QTest::newRow("2000 characters") << QString(2000, QLatin1Char('x')) << true;
        QTest::newRow("2000 after trimming")
            << QString(QStringLiteral("  ") + QString(2000, QLatin1Char('x')) + QStringLiteral("\n")) << true;
        // 2000 emoji are 4000 UTF-16 units but 2000 characters.
        QString emoji;
        for (int i = 0; i < 2000; ++i) {
            emoji += QString::fromUtf8("\xF0\x9F\x99\x82");
        }
        QTest::newRow("2000 emoji") << emoji << true;
        QTest::newRow("zero-width joiner sequence")
            << QString::fromUtf8("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("whitespace only") << QStringLiteral(" \n\t ") << false;
        QTest::newRow("2001 characters") << QString(2001, QLatin1Char('x')) << false;
        QTest::newRow("2001 emoji") << QString(emoji + QString::fromUtf8("\xF0\x9F\x99\x82")) << false;
        QTest::newRow("NUL") << QString(QStringLiteral("a") + QChar(0) + QStringLiteral("b")) << false;
        QTest::newRow("bell") << QStringLiteral("a\ab") << false;
        QTest::newRow("carriage return") << QStringLiteral("a\rb") << false;
        QTest::newRow("DEL") << QString(QStringLiteral("a") + QChar(0x7f) + QStringLiteral("b")) << false;
        QTest::newRow("C1 control") << QString(QStringLiteral("a") + QChar(0x85) + QStringLiteral("b")) << false;
        QTest::newRow("replacement character")
            << QString(QStringLiteral("a") + QChar(QChar::ReplacementCharacter)) << false;
        QTest::newRow("invalid UTF-8 decoded") << QString::fromUtf8("ok \xff\xfe") << false;
        QTest::newRow("lone high surrogate")
            << QString(QStringLiteral("a") + QChar(0xd800) + QStringLiteral("b")) << false;
        QTest::newRow("lone low surrogate") << QString(QStringLiteral("a") + QChar(0xdc00)) << false;
    }
    void chatMessageRule()
    {
        QFETCH(QString, content);
        QFETCH(bool, valid);
        const auto status = Validation::chatMessage(content);
        QCOMPARE(status.has_value(), valid);
        if (!valid) {
            QCOMPARE(status.error().fields.value(0).field, QStringLiteral("content"));
        }
    }

    void generalRoomExistsAndCannotBeDeleted()
    {
        const auto [space, general] = sharedSpace(QStringLiteral("General"));
        QVERIFY(!general.isEmpty());
        const auto listing = listRooms(m_alice, space);
        QCOMPARE(listing.status, 200);
        const auto rooms = listing.json.value(QStringLiteral("chatrooms")).toArray();
        QCOMPARE(rooms.size(), 1);
        const auto room = rooms.at(0).toObject();
        QCOMPARE(room.value(QStringLiteral("name")).toString(), QStringLiteral("general"));
        QCOMPARE(room.value(QStringLiteral("spaceId")).toString(), space);
        QCOMPARE(room.value(QStringLiteral("ownerId")).toString(), m_aliceId);
        QCOMPARE(room.value(QStringLiteral("online")).toInt(-1), 0);
        QCOMPARE(room.value(QStringLiteral("unread")).toInt(-1), 0);

        // Neither the owner nor an Admin may delete it; a stranger is refused before that.
        QCOMPARE(m_client->del(roomPath(general), m_alice).status, 400);
        QCOMPARE(m_client->del(roomPath(general), m_admin).status, 400);
        QCOMPARE(m_client->del(roomPath(general), m_carol).status, 403);
        QCOMPARE(m_client->del(roomPath(general)).status, 403);
        QCOMPARE(generalRoomOf(space, m_alice), general);
        // Its name stays unique in the space, in any case.
        QCOMPARE(createRoom(m_alice, QStringLiteral("general"), space).status, 400);
        QCOMPARE(createRoom(m_alice, QStringLiteral("GENERAL"), space).status, 400);
        // Templates have no chat.
        QCOMPARE(listRooms(m_alice, m_templateId).status, 400);
        QCOMPARE(createRoom(m_alice, QStringLiteral("map talk"), m_templateId).status, 400);
    }

    void sendAndReceive()
    {
        const auto [space, general] = sharedSpace(QStringLiteral("Talk"));
        QVERIFY(!general.isEmpty());
        QSignalSpy stored(&m_server->server().chat(), &ChatService::messageStored);
        const auto sent = send(m_alice, general, QStringLiteral("  Hello, Bob!\n"));
        QCOMPARE(sent.status, 200);
        const auto id = sent.json.value(QStringLiteral("id")).toString();
        const auto timestamp = sent.json.value(QStringLiteral("timestamp")).toString();
        QVERIFY(!id.isEmpty());
        QVERIFY(QDateTime::fromString(timestamp, Qt::ISODateWithMs).isValid());
        QVERIFY(timestamp.endsWith(QLatin1Char('Z')));
        QCOMPARE(stored.count(), 1);
        QCOMPARE(stored.at(0).at(0).toString(), general);
        QCOMPARE(stored.at(0).at(1).value<Message>().content, QStringLiteral("Hello, Bob!"));

        const auto seenByBob = history(m_bob, general);
        QCOMPARE(seenByBob.status, 200);
        const auto messages = seenByBob.json.value(QStringLiteral("messages")).toArray();
        QCOMPARE(messages.size(), 1);
        const auto message = messages.at(0).toObject();
        QCOMPARE(message.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(message.value(QStringLiteral("senderId")).toString(), m_aliceId);
        QCOMPARE(message.value(QStringLiteral("senderName")).toString(), QStringLiteral("alice"));
        QCOMPARE(message.value(QStringLiteral("content")).toString(), QStringLiteral("Hello, Bob!"));
        QCOMPARE(message.value(QStringLiteral("timestamp")).toString(), timestamp);
        QCOMPARE(seenByBob.json.value(QStringLiteral("hasMore")).toBool(true), false);

        QCOMPARE(send(m_bob, general, QStringLiteral("Hi Alice\n\twith a tab")).status, 200);
        const auto seenByAlice = history(m_alice, general);
        QCOMPARE(contents(seenByAlice.json.value(QStringLiteral("messages")).toArray()),
            (QStringList{QStringLiteral("Hello, Bob!"), QStringLiteral("Hi Alice\n\twith a tab")}));
        QCOMPARE(seenByAlice.json.value(QStringLiteral("messages"))
                     .toArray()
                     .at(1)
                     .toObject()
                     .value(QStringLiteral("senderName")),
            QJsonValue(QStringLiteral("bob")));
        QCOMPARE(stored.count(), 2);
    }

    void spaceRoomAccess()
    {
        const auto [space, general] = sharedSpace(QStringLiteral("Access"));
        QVERIFY(!general.isEmpty());
        // A stranger to the space sees nothing of its rooms.
        QCOMPARE(listRooms(m_carol, space).status, 403);
        QCOMPARE(history(m_carol, general).status, 403);
        const auto before = storedCount(general);
        QCOMPARE(send(m_carol, general, QStringLiteral("let me in")).status, 403);
        QCOMPARE(storedCount(general), before);
        QCOMPARE(createRoom(m_carol, QStringLiteral("intruders"), space).status, 403);
        QVERIFY(roomIn(listRooms(m_carol), general).isEmpty());
        // Unauthenticated callers are refused everywhere.
        QCOMPARE(m_client->get(p(QStringLiteral("/chatrooms"))).status, 403);
        QCOMPARE(history({}, general).status, 403);

        // A member may read and write, but not create rooms (editors may: roomRoutesByRole); the
        // rooms show in their own listing.
        QCOMPARE(history(m_bob, general).status, 200);
        QVERIFY(!roomIn(listRooms(m_bob), general).isEmpty());
        QCOMPARE(createRoom(m_bob, QStringLiteral("standup"), space).status, 403);
        const auto created = createRoom(m_alice, QStringLiteral("standup"), space);
        QCOMPARE(created.status, 200);
        const auto standup = created.json.value(QStringLiteral("id")).toString();
        const auto listed = roomIn(listRooms(m_bob, space), standup);
        QCOMPARE(listed.value(QStringLiteral("ownerId")).toString(), m_aliceId);
        QCOMPARE(listed.value(QStringLiteral("kind")).toString(), QStringLiteral("space"));
        QCOMPARE(send(m_bob, standup, QStringLiteral("morning")).status, 200);
        // Admins go everywhere.
        QCOMPARE(listRooms(m_admin, space).status, 200);
        QCOMPARE(history(m_admin, standup).status, 200);

        // Invitations are for private rooms.
        QCOMPARE(m_client
                     ->post(roomPath(standup, QStringLiteral("/members")),
                         {{QStringLiteral("username"), QStringLiteral("carol")}}, m_alice)
                     .status,
            400);
        QCOMPARE(history(m_carol, standup).status, 403);

        // Losing the space loses its rooms.
        QCOMPARE(
            m_client->del(p(QStringLiteral("/space/")) + space + QStringLiteral("/members/") + m_bobId, m_alice).status,
            200);
        QCOMPARE(history(m_bob, general).status, 403);
        QCOMPARE(send(m_bob, general, QStringLiteral("still here?")).status, 403);
        QVERIFY(roomIn(listRooms(m_bob), general).isEmpty());
        // A stranger may not delete a room; the space's owner may.
        QCOMPARE(m_client->del(roomPath(standup), m_carol).status, 403);
        QCOMPARE(m_client->del(roomPath(standup), m_alice).status, 200);
        QCOMPARE(history(m_alice, standup).status, 400);
        QCOMPARE(addSpaceMember(space, QStringLiteral("bob"), m_alice).status, 200);
        QCOMPARE(history(m_bob, general).status, 200);

        // Unknown ids are 400.
        const auto unknown = QStringLiteral("00000000-0000-0000-0000-000000000000");
        QCOMPARE(listRooms(m_alice, unknown).status, 400);
        QCOMPARE(listRooms(m_alice, QStringLiteral("not%20an%20id")).status, 400);
        QCOMPARE(createRoom(m_alice, QStringLiteral("nowhere"), unknown).status, 400);
        QCOMPARE(history(m_alice, unknown).status, 400);
        QCOMPARE(send(m_alice, unknown, QStringLiteral("hello?")).status, 400);
        QCOMPARE(m_client->del(roomPath(unknown), m_alice).status, 400);
        QCOMPARE(markRead(m_alice, unknown, unknown).status, 400);
    }

    void privateRooms()
    {
        const auto created = createRoom(m_alice, QStringLiteral("  Secret plans  "));
        QCOMPARE(created.status, 200);
        const auto room = created.json.value(QStringLiteral("id")).toString();
        const auto listed = roomIn(listRooms(m_alice), room);
        QCOMPARE(listed.value(QStringLiteral("name")).toString(), QStringLiteral("Secret plans"));
        QVERIFY(listed.value(QStringLiteral("spaceId")).isNull());
        QCOMPARE(listed.value(QStringLiteral("ownerId")).toString(), m_aliceId);
        QCOMPARE(send(m_alice, room, QStringLiteral("note to self")).status, 200);

        // Not a member: nothing.
        QCOMPARE(history(m_bob, room).status, 403);
        QCOMPARE(send(m_bob, room, QStringLiteral("hi")).status, 403);
        QVERIFY(roomIn(listRooms(m_bob), room).isEmpty());

        const auto invitePath = roomPath(room, QStringLiteral("/members"));
        // Only the owner (or an Admin) invites.
        QCOMPARE(
            m_client->post(invitePath, {{QStringLiteral("username"), QStringLiteral("bob")}}, m_carol).status, 403);
        const auto invited = m_client->post(invitePath, {{QStringLiteral("username"), QStringLiteral("bob")}}, m_alice);
        QCOMPARE(invited.status, 200);
        QCOMPARE(invited.json.value(QStringLiteral("userId")).toString(), m_bobId);
        QCOMPARE(m_client->post(invitePath, {{QStringLiteral("username"), QStringLiteral("bob")}}, m_alice).status,
            200); // again: no change
        QCOMPARE(
            m_client->post(invitePath, {{QStringLiteral("username"), QStringLiteral("nobody")}}, m_alice).status, 400);
        QCOMPARE(m_client->post(invitePath, {{QStringLiteral("username"), 42}}, m_alice).status, 400);
        QCOMPARE(m_client->post(invitePath, {{QStringLiteral("username"), QStringLiteral("carol")}}, m_bob).status,
            403); // members do not invite
        QVERIFY(!roomIn(listRooms(m_bob), room).isEmpty());
        QCOMPARE(send(m_bob, room, QStringLiteral("thanks for having me")).status, 200);
        QCOMPARE(history(m_bob, room).json.value(QStringLiteral("messages")).toArray().size(), 2);

        // Removal: the owner removes members, members may leave, nobody removes the owner.
        const QString bobPath = roomPath(room, QStringLiteral("/members/")) + m_bobId;
        QCOMPARE(m_client->del(roomPath(room, QStringLiteral("/members/")) + m_aliceId, m_bob).status, 403);
        QCOMPARE(m_client->del(roomPath(room, QStringLiteral("/members/")) + m_aliceId, m_alice).status, 400);
        QCOMPARE(m_client->del(bobPath, m_carol).status, 403);
        QCOMPARE(m_client->del(bobPath, m_alice).status, 200);
        QCOMPARE(history(m_bob, room).status, 403);
        QCOMPARE(send(m_bob, room, QStringLiteral("hello?")).status, 403);
        QCOMPARE(m_client->del(bobPath, m_alice).status, 400); // no longer a member
        QCOMPARE(m_client->post(invitePath, {{QStringLiteral("username"), QStringLiteral("bob")}}, m_admin).status,
            200); // Admins manage any room
        QCOMPARE(m_client->del(bobPath, m_bob).status, 200); // leaving
        QCOMPARE(history(m_bob, room).status, 403);

        // An Admin reads without joining; deleting is the owner's or an Admin's.
        QCOMPARE(history(m_admin, room).status, 200);
        const auto firstId = history(m_admin, room)
                                 .json.value(QStringLiteral("messages"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QStringLiteral("id"))
                                 .toString();
        QCOMPARE(markRead(m_admin, room, firstId).status, 200);
        QVERIFY(roomIn(listRooms(m_admin), room).isEmpty());
        QCOMPARE(m_client->del(roomPath(room), m_bob).status, 403);
        QCOMPARE(m_client->del(roomPath(room), m_alice).status, 200);
        QCOMPARE(history(m_alice, room).status, 400);
        QCOMPARE(storedCount(room), 0);
        QCOMPARE(m_client->del(roomPath(room), m_alice).status, 400);
        const auto other = privateRoom(m_bob, QStringLiteral("Bob's"));
        QCOMPARE(m_client->del(roomPath(other), m_admin).status, 200);
    }

    void historyPaging()
    {
        const auto room = privateRoom(m_alice, QStringLiteral("Paging"));
        QVERIFY(!room.isEmpty());
        QCOMPARE(history(m_alice, room).json.value(QStringLiteral("messages")).toArray().size(), 0);
        QStringList ids;
        for (int i = 1; i <= 7; ++i) {
            const auto reply = send(m_alice, room, QStringLiteral("m%1").arg(i));
            QCOMPARE(reply.status, 200);
            ids.append(reply.json.value(QStringLiteral("id")).toString());
        }
        auto page = [&](const QString &query) {
            const auto reply = history(m_alice, room, query);
            const auto list = contents(reply.json.value(QStringLiteral("messages")).toArray());
            const bool hasMore = reply.json.value(QStringLiteral("hasMore")).toBool();
            return QStringLiteral("%1 %2 %3").arg(reply.status).arg(list.join(QLatin1Char(','))).arg(hasMore);
        };
        QCOMPARE(page({}), QStringLiteral("200 m1,m2,m3,m4,m5,m6,m7 0"));
        QCOMPARE(page(QStringLiteral("?limit=7")), QStringLiteral("200 m1,m2,m3,m4,m5,m6,m7 0")); // exactly all
        QCOMPARE(page(QStringLiteral("?limit=6")), QStringLiteral("200 m2,m3,m4,m5,m6,m7 1"));
        QCOMPARE(page(QStringLiteral("?limit=3")), QStringLiteral("200 m5,m6,m7 1"));
        QCOMPARE(page(QStringLiteral("?limit=3&before=") + ids.at(4)), QStringLiteral("200 m2,m3,m4 1"));
        QCOMPARE(page(QStringLiteral("?limit=3&before=") + ids.at(3)), QStringLiteral("200 m1,m2,m3 0")); // exactly
        QCOMPARE(page(QStringLiteral("?limit=3&before=") + ids.at(1)), QStringLiteral("200 m1 0"));
        QCOMPARE(page(QStringLiteral("?before=") + ids.at(0)), QStringLiteral("200  0")); // before the first
        QCOMPARE(page(QStringLiteral("?limit=1&before=") + ids.at(6)), QStringLiteral("200 m6 1"));
        QCOMPARE(page(QStringLiteral("?limit=100")), QStringLiteral("200 m1,m2,m3,m4,m5,m6,m7 0"));

        // Bad parameters, and ids that name no message of this room, are 400.
        const QString elsewhere =
            send(m_alice, m_general, QStringLiteral("elsewhere")).json.value(QStringLiteral("id")).toString();
        QVERIFY(!elsewhere.isEmpty());
        const QStringList badQueries{QStringLiteral("?limit=0"), QStringLiteral("?limit=101"),
            QStringLiteral("?limit=-1"), QStringLiteral("?limit=abc"), QStringLiteral("?limit=1.5"),
            QStringLiteral("?limit="), QStringLiteral("?before=00000000-0000-0000-0000-000000000000"),
            QString(QStringLiteral("?before=") + elsewhere), QStringLiteral("?before=a%20b"),
            QStringLiteral("?before=")};
        for (const auto &query : badQueries) {
            const auto reply = history(m_alice, room, query);
            QVERIFY2(reply.status == 400, qPrintable(query + QLatin1Char(' ') + QString::number(reply.status)));
            QVERIFY(reply.header("Content-Type").startsWith("application/problem+json"));
        }

        // The default page is 50 messages.
        for (int i = 8; i <= 51; ++i) {
            QCOMPARE(send(m_alice, room, QStringLiteral("m%1").arg(i)).status, 200);
        }
        const auto latest = history(m_alice, room);
        const auto messages = latest.json.value(QStringLiteral("messages")).toArray();
        QCOMPARE(messages.size(), 50);
        QCOMPARE(messages.first().toObject().value(QStringLiteral("content")).toString(), QStringLiteral("m2"));
        QCOMPARE(messages.last().toObject().value(QStringLiteral("content")).toString(), QStringLiteral("m51"));
        QVERIFY(latest.json.value(QStringLiteral("hasMore")).toBool());
    }

    void unreadCounts()
    {
        const auto space = createSpace(m_alice, QStringLiteral("Unread"));
        QCOMPARE(addSpaceMember(space, QStringLiteral("bob"), m_alice).status, 200);
        const auto room = generalRoomOf(space, m_alice);
        QVERIFY(!room.isEmpty());
        QCOMPARE(unread(m_bob, room, space), 0);
        QStringList ids;
        for (int i = 1; i <= 3; ++i) {
            ids.append(send(m_alice, room, QStringLiteral("u%1").arg(i)).json.value(QStringLiteral("id")).toString());
        }
        QCOMPARE(unread(m_bob, room, space), 3);
        QCOMPARE(unread(m_bob, room), 3); // the same in the caller's own listing
        QCOMPARE(unread(m_alice, room, space), 0); // one's own messages are never unread

        QCOMPARE(markRead(m_bob, room, ids.at(1)).status, 200);
        QCOMPARE(unread(m_bob, room, space), 1);
        QCOMPARE(markRead(m_bob, room, ids.at(0)).status, 200); // an older message keeps the marker
        QCOMPARE(unread(m_bob, room, space), 1);
        ids.append(send(m_alice, room, QStringLiteral("u4")).json.value(QStringLiteral("id")).toString());
        QCOMPARE(unread(m_bob, room, space), 2);
        QCOMPARE(send(m_bob, room, QStringLiteral("reading now")).status, 200);
        QCOMPARE(unread(m_bob, room, space), 2);
        QCOMPARE(unread(m_alice, room, space), 1);
        QCOMPARE(markRead(m_bob, room, ids.at(3)).status, 200);
        QCOMPARE(unread(m_bob, room, space), 0);

        // Bad or foreign message ids, and strangers, change nothing.
        const auto foreign = send(m_alice, m_general, QStringLiteral("other room")).json.value(QStringLiteral("id"));
        QCOMPARE(markRead(m_bob, room, foreign.toString()).status, 400);
        QCOMPARE(markRead(m_bob, room, QStringLiteral("00000000-0000-0000-0000-000000000000")).status, 400);
        QCOMPARE(
            m_client->post(roomPath(room, QStringLiteral("/read")), {{QStringLiteral("messageId"), 7}}, m_bob).status,
            400);
        QCOMPARE(m_client->post(roomPath(room, QStringLiteral("/read")), {}, m_bob).status, 400);
        QCOMPARE(markRead(m_carol, room, ids.at(3)).status, 403);
        QCOMPARE(unread(m_bob, room, space), 0);
    }

    void retriedSendIsStoredOnce()
    {
        const auto room = privateRoom(m_alice, QStringLiteral("Retries"));
        QCOMPARE(m_client
                     ->post(roomPath(room, QStringLiteral("/members")),
                         {{QStringLiteral("username"), QStringLiteral("bob")}}, m_alice)
                     .status,
            200);
        QSignalSpy stored(&m_server->server().chat(), &ChatService::messageStored);
        const auto first = send(m_alice, room, QStringLiteral("only once"), QStringLiteral("c-1_A"));
        QCOMPARE(first.status, 200);
        const auto again = send(m_alice, room, QStringLiteral("only once"), QStringLiteral("c-1_A"));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json, first.json); // same id, same timestamp
        QCOMPARE(storedCount(room), 1);
        QCOMPARE(stored.count(), 1);
        QCOMPARE(stored.at(0).at(2).toString(), QStringLiteral("c-1_A"));

        // Another sender's clientMsgId is their own; a new id is a new message.
        const auto bobs = send(m_bob, room, QStringLiteral("mine"), QStringLiteral("c-1_A"));
        QCOMPARE(bobs.status, 200);
        QVERIFY(bobs.json.value(QStringLiteral("id")) != first.json.value(QStringLiteral("id")));
        QCOMPARE(send(m_alice, room, QStringLiteral("second"), QStringLiteral("c-2")).status, 200);
        QCOMPARE(send(m_alice, room, QStringLiteral("no id")).status, 200);
        QCOMPARE(send(m_alice, room, QStringLiteral("no id")).status, 200);
        QCOMPARE(storedCount(room), 5);
        // Reusing it in another room is a client error.
        const auto before = storedCount(m_general);
        QCOMPARE(send(m_alice, m_general, QStringLiteral("only once"), QStringLiteral("c-1_A")).status, 400);
        QCOMPARE(storedCount(m_general), before);

        for (const auto &bad : {QString(65, QLatin1Char('a')), QStringLiteral("a b"), QStringLiteral("caf\u00e9"),
                 QStringLiteral("x/y")}) {
            QCOMPARE(send(m_alice, room, QStringLiteral("bad id"), bad).status, 400);
        }
        QCOMPARE(send(m_alice, room, QStringLiteral("64 is fine"), QString(64, QLatin1Char('a'))).status, 200);
        QCOMPARE(storedCount(room), 6);
    }

    void badMessagesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("good (control row)") << QByteArray(R"({"content":"fine"})") << 200;
        QTest::newRow("2000 characters (control row)") << messageBody(QByteArray(2000, 'x')) << 200;
        QTest::newRow("empty") << QByteArray(R"({"content":""})") << 400;
        // JSON escapes in plain literals: moc 6.4 loses the class when \u appears in a raw string.
        QTest::newRow("whitespace") << messageBody("  \\n\\t  ") << 400;
        QTest::newRow("2001 characters") << messageBody(QByteArray(2001, 'x')) << 400;
        QTest::newRow("control character") << messageBody("a\\u0007b") << 400;
        QTest::newRow("NUL") << messageBody("a\\u0000b") << 400;
        QTest::newRow("escape") << messageBody("\\u001b[31mred") << 400;
        QTest::newRow("lone surrogate") << messageBody("a\\ud800b") << 400;
        QTest::newRow("replacement character") << messageBody("a\\ufffdb") << 400;
        QTest::newRow("invalid UTF-8") << messageBody("a\xff\xfe b") << 400;
        QTest::newRow("number") << QByteArray(R"({"content":5})") << 400;
        QTest::newRow("null") << QByteArray(R"({"content":null})") << 400;
        QTest::newRow("array") << QByteArray(R"({"content":["hi"]})") << 400;
        QTest::newRow("missing") << QByteArray(R"({"message":"hi"})") << 400;
        QTest::newRow("clientMsgId number") << QByteArray(R"({"content":"hi","clientMsgId":12})") << 400;
        QTest::newRow("body not an object") << QByteArray(R"(["hi"])") << 400;
        QTest::newRow("malformed JSON") << QByteArray(R"({"content":"hi")") << 400;
    }
    void badMessagesAreRefused()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        const auto before = storedCount(m_general);
        const auto reply = m_client->request(
            "POST", roomPath(m_general, QStringLiteral("/messages")), body, "application/json", m_bob);
        QVERIFY2(reply.status == status, reply.body.constData());
        QCOMPARE(storedCount(m_general), before + (status == 200 ? 1 : 0));
        if (status == 400) {
            QVERIFY(reply.header("Content-Type").startsWith("application/problem+json"));
        }
    }

    void badRoomRequests()
    {
        const auto rooms = p(QStringLiteral("/chatrooms"));
        QCOMPARE(m_client->post(rooms, {{QStringLiteral("name"), QStringLiteral("   ")}}, m_alice).status, 400);
        QCOMPARE(
            m_client->post(rooms, {{QStringLiteral("name"), QString(101, QLatin1Char('n'))}}, m_alice).status, 400);
        QCOMPARE(m_client->post(rooms, {{QStringLiteral("name"), QStringLiteral("a\u0001b")}}, m_alice).status, 400);
        QCOMPARE(m_client->post(rooms, {{QStringLiteral("name"), 3}}, m_alice).status, 400);
        QCOMPARE(m_client->post(rooms, {}, m_alice).status, 400);
        QCOMPARE(
            m_client
                ->post(rooms, {{QStringLiteral("name"), QStringLiteral("x")}, {QStringLiteral("spaceId"), 1}}, m_alice)
                .status,
            400);
        QCOMPARE(m_client->request("POST", rooms, R"({"name":"x"})", "text/plain", m_alice).status, 415);
        QCOMPARE(m_client->del(roomPath(QStringLiteral("bad%20id")), m_alice).status, 400);
        QCOMPARE(history(m_alice, QStringLiteral("bad%20id")).status, 400);
    }

    // Every room route that issue #12 added or changed, for each role: 0 anonymous, 1 a stranger to
    // the space, 2 a member, 3 an editor, 4 the space's owner, 5 an Admin. `{room}` is an open room
    // of the space, `{private}` a private one of the owner's with `{target}` (a member) invited,
    // `{message}` one of the target's in the general room.
    void roomRoutesByRole_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QList<int>>("expected");
        const QList<int> edit{403, 403, 403, 200, 200, 200};
        const QList<int> moderate{403, 403, 403, 403, 200, 200};
        QTest::newRow("POST open room") << QByteArray("POST") << "/chatrooms"
                                        << QByteArray(R"({"name":"new room","spaceId":"{space}"})") << edit;
        QTest::newRow("POST private room")
            << QByteArray("POST") << "/chatrooms"
            << QByteArray(R"({"name":"new room","spaceId":"{space}","private":true})") << edit;
        QTest::newRow("PATCH room") << QByteArray("PATCH") << "/chatrooms/{room}" << QByteArray(R"({"name":"renamed"})")
                                    << edit;
        QTest::newRow("DELETE room") << QByteArray("DELETE") << "/chatrooms/{room}" << QByteArray() << edit;
        QTest::newRow("PATCH private room")
            << QByteArray("PATCH") << "/chatrooms/{private}" << QByteArray(R"({"name":"renamed"})") << edit;
        QTest::newRow("DELETE private room") << QByteArray("DELETE") << "/chatrooms/{private}" << QByteArray() << edit;
        QTest::newRow("POST private member") << QByteArray("POST") << "/chatrooms/{private}/members"
                                             << QByteArray(R"({"username":"{otherName}"})") << edit;
        QTest::newRow("DELETE private member")
            << QByteArray("DELETE") << "/chatrooms/{private}/members/{target}" << QByteArray() << edit;
        QTest::newRow("GET private history")
            << QByteArray("GET") << "/chatrooms/{private}/messages" << QByteArray() << moderate;
        QTest::newRow("DELETE message") << QByteArray("DELETE") << "/chatrooms/{general}/messages/{message}"
                                        << QByteArray() << moderate;
        QTest::newRow("POST direct") << QByteArray("POST") << "/chatrooms/direct"
                                     << QByteArray(R"({"userId":"{target}"})")
                                     << QList<int>{403, 403, 200, 200, 200, 200};
    }
    void roomRoutesByRole()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QList<int>, expected);
        for (int who = 0; who < expected.size(); ++who) {
            const auto [space, general] = sharedSpace(QStringLiteral("Roles"));
            QVERIFY(!general.isEmpty());
            QString target;
            QString targetName;
            const auto targetToken = newUser(QStringLiteral("t"), &target, &targetName);
            QString otherName;
            newUser(QStringLiteral("o"), nullptr, &otherName);
            QCOMPARE(addSpaceMemberAs(space, targetName, false), 200);
            QCOMPARE(addSpaceMemberAs(space, otherName, false), 200);
            const auto room =
                createRoom(m_alice, QStringLiteral("open"), space).json.value(QStringLiteral("id")).toString();
            const auto secret = m_client
                                    ->post(p(QStringLiteral("/chatrooms")),
                                        {{QStringLiteral("name"), QStringLiteral("secret")},
                                            {QStringLiteral("spaceId"), space}, {QStringLiteral("private"), true}},
                                        m_alice)
                                    .json.value(QStringLiteral("id"))
                                    .toString();
            QVERIFY(!room.isEmpty() && !secret.isEmpty());
            QCOMPARE(m_client
                         ->post(roomPath(secret, QStringLiteral("/members")),
                             {{QStringLiteral("username"), targetName}}, m_alice)
                         .status,
                200);
            const auto message =
                send(targetToken, general, QStringLiteral("mine")).json.value(QStringLiteral("id")).toString();
            QVERIFY(!message.isEmpty());
            QByteArray token;
            QString name;
            switch (who) {
            case 1:
                token = newUser(QStringLiteral("s"));
                break;
            case 2:
            case 3:
                token = newUser(QStringLiteral("r"), nullptr, &name);
                QCOMPARE(addSpaceMemberAs(space, name, who == 3), 200);
                break;
            case 4:
                token = m_alice;
                break;
            case 5:
                token = m_admin;
                break;
            default:
                break;
            }
            QString resolved = path;
            resolved.replace(QStringLiteral("{space}"), space)
                .replace(QStringLiteral("{general}"), general)
                .replace(QStringLiteral("{room}"), room)
                .replace(QStringLiteral("{private}"), secret)
                .replace(QStringLiteral("{target}"), target)
                .replace(QStringLiteral("{message}"), message);
            QByteArray resolvedBody = body;
            resolvedBody.replace("{space}", space.toUtf8())
                .replace("{target}", target.toUtf8())
                .replace("{otherName}", otherName.toUtf8());
            const auto reply = m_client->request(method, p(resolved), resolvedBody,
                resolvedBody.isEmpty() ? QByteArray() : QByteArray("application/json"), token);
            QVERIFY2(reply.status == expected.at(who),
                qPrintable(
                    QStringLiteral("role %1: %2 %3").arg(who).arg(reply.status).arg(QString::fromUtf8(reply.body))));
        }
    }

    void privateRoomsInASpace()
    {
        const auto [space, general] = sharedSpace(QStringLiteral("Private"));
        QVERIFY(!general.isEmpty());
        QString editorName;
        QString editorId;
        const auto editor = newUser(QStringLiteral("e"), &editorId, &editorName);
        QCOMPARE(addSpaceMemberAs(space, editorName, true), 200);
        const auto created = m_client->post(p(QStringLiteral("/chatrooms")),
            {{QStringLiteral("name"), QStringLiteral("plans")}, {QStringLiteral("spaceId"), space},
                {QStringLiteral("private"), true}},
            editor);
        QCOMPARE(created.status, 200);
        const auto room = created.json.value(QStringLiteral("id")).toString();
        // Listed to its members only; the space's other members see it nowhere and may not read it.
        const auto mine = roomIn(listRooms(editor, space), room);
        QCOMPARE(mine.value(QStringLiteral("kind")).toString(), QStringLiteral("private"));
        QCOMPARE(mine.value(QStringLiteral("spaceId")).toString(), space);
        QVERIFY(roomIn(listRooms(m_bob, space), room).isEmpty());
        QVERIFY(roomIn(listRooms(m_bob), room).isEmpty());
        QCOMPARE(history(m_bob, room).status, 403);
        QCOMPARE(send(m_bob, room, QStringLiteral("hello?")).status, 403);
        // Only members of the space are invited.
        const auto members = roomPath(room, QStringLiteral("/members"));
        QCOMPARE(m_client->post(members, {{QStringLiteral("username"), QStringLiteral("carol")}}, editor).status, 400);
        QCOMPARE(m_client->post(members, {{QStringLiteral("username"), QStringLiteral("bob")}}, editor).status, 200);
        QVERIFY(!roomIn(listRooms(m_bob, space), room).isEmpty());
        QVERIFY(!roomIn(listRooms(m_bob), room).isEmpty());
        QCOMPARE(send(m_bob, room, QStringLiteral("in")).status, 200);
        // Renaming: unique in the space, validated; the general room keeps its name.
        QCOMPARE(m_client->request("PATCH", roomPath(room), R"({"name":"General"})", "application/json", editor).status,
            400);
        QCOMPARE(
            m_client->request("PATCH", roomPath(room), R"({"name":"  "})", "application/json", editor).status, 400);
        QCOMPARE(m_client->request("PATCH", roomPath(room), R"({"name":3})", "application/json", editor).status, 400);
        QCOMPARE(m_client->request("PATCH", roomPath(room), R"({"name":"x"})", "text/plain", editor).status, 415);
        QCOMPARE(
            m_client->request("PATCH", roomPath(general), R"({"name":"lobby"})", "application/json", m_alice).status,
            400);
        QCOMPARE(
            m_client->request("PATCH", roomPath(room), R"({"name":" big plans "})", "application/json", editor).status,
            200);
        QCOMPARE(roomIn(listRooms(m_bob, space), room).value(QStringLiteral("name")).toString(),
            QStringLiteral("big plans"));
        // Leaving: bob goes; the owner stays.
        QCOMPARE(m_client->del(members + QStringLiteral("/") + m_bobId, m_bob).status, 200);
        QCOMPARE(history(m_bob, room).status, 403);
        QCOMPARE(m_client->del(members + QStringLiteral("/") + editorId, editor).status, 400);
        // Losing the space loses its private rooms too, even as their member.
        QCOMPARE(m_client->post(members, {{QStringLiteral("username"), QStringLiteral("bob")}}, editor).status, 200);
        QCOMPARE(
            m_client->del(p(QStringLiteral("/space/")) + space + QStringLiteral("/members/") + m_bobId, m_alice).status,
            200);
        QCOMPARE(history(m_bob, room).status, 403);
        QVERIFY(roomIn(listRooms(m_bob), room).isEmpty());
    }

    void directRooms()
    {
        // bob shares m_space with alice; a new account shares no space with anyone.
        QString strangerId;
        const auto stranger = newUser(QStringLiteral("x"), &strangerId);
        const auto opened = directRoom(m_alice, m_bobId);
        QCOMPARE(opened.status, 200);
        const auto room = opened.json.value(QStringLiteral("id")).toString();
        QVERIFY(!room.isEmpty());
        // One room per pair, whoever asks and however often.
        QCOMPARE(directRoom(m_alice, m_bobId).json.value(QStringLiteral("id")).toString(), room);
        QCOMPARE(directRoom(m_bob, m_aliceId).json.value(QStringLiteral("id")).toString(), room);
        // Each sees it named after the other.
        const auto forAlice = roomIn(listRooms(m_alice), room);
        QCOMPARE(forAlice.value(QStringLiteral("kind")).toString(), QStringLiteral("direct"));
        QCOMPARE(forAlice.value(QStringLiteral("name")).toString(), QStringLiteral("bob"));
        QVERIFY(forAlice.value(QStringLiteral("spaceId")).isNull());
        QCOMPARE(roomIn(listRooms(m_bob), room).value(QStringLiteral("name")).toString(), QStringLiteral("alice"));
        QCOMPARE(send(m_alice, room, QStringLiteral("psst")).status, 200);
        QCOMPARE(contents(history(m_bob, room).json.value(QStringLiteral("messages")).toArray()),
            QStringList{QStringLiteral("psst")});
        // Nobody else reads it, nobody renames, deletes, joins or leaves it.
        QCOMPARE(history(stranger, room).status, 403);
        QVERIFY(roomIn(listRooms(stranger), room).isEmpty());
        QCOMPARE(
            m_client->request("PATCH", roomPath(room), R"({"name":"x"})", "application/json", m_alice).status, 400);
        QCOMPARE(m_client->del(roomPath(room), m_alice).status, 400);
        QCOMPARE(m_client->del(roomPath(room), m_admin).status, 400);
        QCOMPARE(m_client->del(roomPath(room, QStringLiteral("/members/")) + m_bobId, m_bob).status, 400);
        QCOMPARE(m_client
                     ->post(roomPath(room, QStringLiteral("/members")),
                         {{QStringLiteral("username"), QStringLiteral("carol")}}, m_alice)
                     .status,
            400);
        // Only with someone sharing a space (Admins with anyone); not with oneself or nobody.
        QCOMPARE(directRoom(stranger, m_bobId).status, 403);
        QCOMPARE(directRoom(m_bob, strangerId).status, 403);
        QCOMPARE(directRoom(m_admin, strangerId).status, 200);
        QCOMPARE(directRoom(m_bob, m_bobId).status, 400);
        QCOMPARE(directRoom(m_bob, QStringLiteral("00000000-0000-0000-0000-000000000000")).status, 400);
        QCOMPARE(directRoom(m_bob, QStringLiteral("not an id")).status, 400);
        QCOMPARE(
            m_client->post(p(QStringLiteral("/chatrooms/direct")), {{QStringLiteral("userId"), 7}}, m_bob).status, 400);
        QCOMPARE(m_client->post(p(QStringLiteral("/chatrooms/direct")), {}, m_bob).status, 400);
        QCOMPARE(directRoom({}, m_bobId).status, 403);
        // Stored once: the pair has one row.
        const auto &db = m_server->server().database();
        auto q = db.prepare(QStringLiteral("SELECT COUNT(*) FROM chatrooms WHERE kind = 'direct' AND ((direct_low = ? "
                                           "AND direct_high = ?) OR (direct_low = ? AND direct_high = ?))"));
        q->addBindValue(m_aliceId);
        q->addBindValue(m_bobId);
        q->addBindValue(m_bobId);
        q->addBindValue(m_aliceId);
        QVERIFY(db.exec(*q).has_value() && q->next());
        QCOMPARE(q->value(0).toLongLong(), 1);
    }

    void messagesCarryTheSendersAvatar()
    {
        const auto avatars = m_client->get(p(QStringLiteral("/avatars")), m_bob).json.value(QStringLiteral("avatars"));
        const auto avatarId = avatars.toArray().at(0).toObject().value(QStringLiteral("id")).toString();
        QVERIFY(!avatarId.isEmpty());
        QCOMPARE(
            m_client->post(p(QStringLiteral("/user/metadata")), {{QStringLiteral("avatarId"), avatarId}}, m_bob).status,
            200);
        const auto [space, general] = sharedSpace(QStringLiteral("Faces"));
        QVERIFY(!general.isEmpty());
        QSignalSpy stored(&m_server->server().chat(), &ChatService::messageStored);
        QCOMPARE(send(m_bob, general, QStringLiteral("with a face")).status, 200);
        QCOMPARE(send(m_alice, general, QStringLiteral("maybe without")).status, 200);
        QCOMPARE(stored.at(0).at(1).value<Message>().senderAvatarId, avatarId);
        const auto page = history(m_alice, general).json.value(QStringLiteral("messages")).toArray();
        QCOMPARE(page.at(0).toObject().value(QStringLiteral("senderAvatarId")).toString(), avatarId);
        QVERIFY(page.at(1).toObject().value(QStringLiteral("senderAvatarId")).isString());
    }

    void deletingMessages()
    {
        // alice owns the space, bob is a member, carol an editor; dave is a stranger.
        const auto [space, general] = sharedSpace(QStringLiteral("Moderated"));
        QVERIFY(!general.isEmpty());
        QCOMPARE(
            m_client
                ->post(p(QStringLiteral("/space/")) + space + QStringLiteral("/members"),
                    {{QStringLiteral("username"), QStringLiteral("carol")}, {QStringLiteral("canEdit"), true}}, m_alice)
                .status,
            200);
        const auto dave = m_client->signupAndLogin(QStringLiteral("dave"));
        QVERIFY(!dave.isEmpty());
        auto sentId = [&](const QByteArray &token, const QString &content) {
            return send(token, general, content).json.value(QStringLiteral("id")).toString();
        };
        const auto bobs = sentId(m_bob, QStringLiteral("bob's first"));
        const auto bobsSecond = sentId(m_bob, QStringLiteral("bob's second"));
        const auto carols = sentId(m_carol, QStringLiteral("carol's"));
        const auto alices = sentId(m_alice, QStringLiteral("alice's"));
        QVERIFY(!bobs.isEmpty() && !bobsSecond.isEmpty() && !carols.isEmpty() && !alices.isEmpty());
        const auto path = [&](const QString &id) -> QString {
            return roomPath(general, QStringLiteral("/messages/")) + id;
        };
        QSignalSpy deleted(&m_server->server().chat(), &ChatService::messageDeleted);

        // Nobody but the sender, the space's owner and Admins: not another member, not an editor,
        // not a stranger, not anonymous.
        QCOMPARE(m_client->del(path(bobs)).status, 403);
        QCOMPARE(m_client->del(path(bobs), dave).status, 403);
        QCOMPARE(m_client->del(path(alices), m_bob).status, 403);
        QCOMPARE(m_client->del(path(bobs), m_carol).status, 403);
        QCOMPARE(deleted.count(), 0);
        // The sender: no audit entry.
        QCOMPARE(m_client->del(path(bobs), m_bob).status, 200);
        // Again: nothing changes, nothing is announced.
        QCOMPARE(m_client->del(path(bobs), m_bob).status, 200);
        QCOMPARE(m_client->del(path(bobs), m_alice).status, 200);
        QCOMPARE(deleted.count(), 1);
        QCOMPARE(deleted.at(0).at(0).toString(), general);
        QCOMPARE(deleted.at(0).at(1).toString(), bobs);
        // The owner and an Admin delete anyone's.
        QCOMPARE(m_client->del(path(carols), m_alice).status, 200);
        QCOMPARE(m_client->del(path(bobsSecond), m_admin).status, 200);
        QCOMPARE(deleted.count(), 3);
        // Unknown ids: 400; a message of another room is unknown here.
        QCOMPARE(m_client->del(path(QStringLiteral("nosuchmessage")), m_alice).status, 400);
        QCOMPARE(m_client->del(roomPath(m_general, QStringLiteral("/messages/")) + alices, m_alice).status, 400);
        QCOMPARE(m_client->del(roomPath(QStringLiteral("nosuchroom"), QStringLiteral("/messages/")) + alices, m_alice)
                     .status,
            400);

        // History keeps tombstones in place, without content.
        const auto page = history(m_bob, general).json.value(QStringLiteral("messages")).toArray();
        QCOMPARE(page.size(), 4);
        QCOMPARE(contents(page), (QStringList{QString(), QString(), QString(), QStringLiteral("alice's")}));
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(page.at(i).toObject().value(QStringLiteral("deleted")).toBool(), i < 3);
            QCOMPARE(page.at(i).toObject().value(QStringLiteral("senderName")).toString().isEmpty(), false);
        }

        // Moderator deletions are audited (who, whose, which), the sender's own are not.
        const auto audit = m_client->get(p(QStringLiteral("/space/")) + space + QStringLiteral("/audit"), m_alice);
        QCOMPARE(audit.status, 200);
        QList<QJsonObject> entries;
        for (const auto &entry : audit.json.value(QStringLiteral("entries")).toArray()) {
            if (entry.toObject().value(QStringLiteral("action")).toString() == QLatin1String("message.delete")) {
                entries.append(entry.toObject());
            }
        }
        QCOMPARE(entries.size(), 2);
        QStringList targets;
        for (const auto &entry : entries) {
            targets.append(entry.value(QStringLiteral("targetUserId")).toString());
            QCOMPARE(
                entry.value(QStringLiteral("detail")).toObject().value(QStringLiteral("roomId")).toString(), general);
        }
        targets.sort();
        QStringList expected{m_bobId, m_carolId};
        expected.sort();
        QCOMPARE(targets, expected);

        // Outside a space: the sender or an Admin; the room's owner is no moderator.
        const auto room = privateRoom(m_alice, QStringLiteral("Deletions"));
        QCOMPARE(m_client
                     ->post(roomPath(room, QStringLiteral("/members")),
                         {{QStringLiteral("username"), QStringLiteral("bob")}}, m_alice)
                     .status,
            200);
        const auto inPrivate = send(m_bob, room, QStringLiteral("private")).json.value(QStringLiteral("id")).toString();
        QCOMPARE(m_client->del(roomPath(room, QStringLiteral("/messages/")) + inPrivate, m_alice).status, 403);
        QCOMPARE(m_client->del(roomPath(room, QStringLiteral("/messages/")) + inPrivate, m_carol).status, 403);
        QCOMPARE(m_client->del(roomPath(room, QStringLiteral("/messages/")) + inPrivate, m_admin).status, 200);
        QVERIFY(history(m_bob, room)
                    .json.value(QStringLiteral("messages"))
                    .toArray()
                    .at(0)
                    .toObject()
                    .value(QStringLiteral("deleted"))
                    .toBool());
    }

    void messageSurvivesRestart()
    {
        TestServer server;
        QVERIFY(server.start().has_value());
        QByteArray token;
        QString room;
        QJsonObject sent;
        {
            Client client(server.baseUrl());
            token = client.signupAndLogin(QStringLiteral("durable"));
            QVERIFY(!token.isEmpty());
            const auto space = client.post(p(QStringLiteral("/space")),
                {{QStringLiteral("name"), QStringLiteral("Kept")},
                    {QStringLiteral("dimensions"), QStringLiteral("3x3")}},
                token);
            QCOMPARE(space.status, 200);
            const auto rooms = client.get(
                p(QStringLiteral("/chatrooms?spaceId=")) + space.json.value(QStringLiteral("spaceId")).toString(),
                token);
            room = rooms.json.value(QStringLiteral("chatrooms"))
                       .toArray()
                       .at(0)
                       .toObject()
                       .value(QStringLiteral("id"))
                       .toString();
            QVERIFY(!room.isEmpty());
            const auto reply = client.post(roomPath(room, QStringLiteral("/messages")),
                {{QStringLiteral("content"), QStringLiteral("still here after a restart")}}, token);
            QCOMPARE(reply.status, 200);
            sent = reply.json;
        }
        server.stop();
        QVERIFY(server.start().has_value());
        Client client(server.baseUrl());
        const auto reply = client.get(roomPath(room, QStringLiteral("/messages")), token);
        QCOMPARE(reply.status, 200);
        const auto messages = reply.json.value(QStringLiteral("messages")).toArray();
        QCOMPARE(messages.size(), 1);
        const auto message = messages.at(0).toObject();
        QCOMPARE(message.value(QStringLiteral("id")), sent.value(QStringLiteral("id")));
        QCOMPARE(message.value(QStringLiteral("timestamp")), sent.value(QStringLiteral("timestamp")));
        QCOMPARE(message.value(QStringLiteral("content")).toString(), QStringLiteral("still here after a restart"));
        QCOMPARE(message.value(QStringLiteral("senderName")).toString(), QStringLiteral("durable"));
    }
};

QTEST_GUILESS_MAIN(TestChat)
#include "tst_chat.moc"
