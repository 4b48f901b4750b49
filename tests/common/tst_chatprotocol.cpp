// SPDX-License-Identifier: GPL-3.0-or-later
// The chat WebSocket protocol: round trips of every message, bad frames, validation of sends.
#include "protocol/chat.h"
#include "validation/validation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace Metaverse;
using namespace Metaverse::ChatProtocol;

namespace
{

QDateTime stamp(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
}

Message sampleMessage(const QString &id, const QString &content)
{
    Message m;
    m.id = id;
    m.roomId = QStringLiteral("room-1");
    m.senderId = QStringLiteral("u1");
    m.senderName = QStringLiteral("alice");
    m.content = content;
    m.timestamp = stamp("2026-11-26T12:34:56.789Z");
    return m;
}

// {"type":"send-message","data":{...}} with the given data members, as bytes.
QByteArray sendFrame(const QJsonObject &data)
{
    return toFrame({{QStringLiteral("type"), QStringLiteral("send-message")}, {QStringLiteral("data"), data}});
}

QByteArray sendFrame(const QString &message)
{
    return sendFrame({{QStringLiteral("roomId"), QStringLiteral("room-1")}, {QStringLiteral("message"), message},
        {QStringLiteral("clientMsgId"), QStringLiteral("c-1")}});
}

QString fieldsOf(const Error &error)
{
    QStringList names;
    for (const auto &field : error.fields) {
        names.append(field.field);
    }
    return names.join(QLatin1Char(','));
}

} // namespace

class TestChatProtocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clientRoundTrip_data()
    {
        QTest::addColumn<int>("index");
        const char *names[] = {"auth", "join-room", "leave-room", "send-message", "send-message without clientMsgId",
            "send-message multi-line unicode", "typing", "mark-read", "ping"};
        for (int i = 0; i < int(std::size(names)); ++i) {
            QTest::newRow(names[i]) << i;
        }
    }
    void clientRoundTrip()
    {
        QFETCH(int, index);
        const QList<ClientMessage> messages{
            Auth{QStringLiteral("eyJhbGciOiJIUzI1NiJ9.e30.sig")},
            JoinRoom{QStringLiteral("room-1")},
            LeaveRoom{QStringLiteral("room_2")},
            SendMessage{QStringLiteral("room-1"), QStringLiteral("hello"), QStringLiteral("c-42_A")},
            SendMessage{QStringLiteral("room-1"), QStringLiteral("no id"), {}},
            SendMessage{
                QStringLiteral("R9"), QStringLiteral("Grüße\n\tüber 🚀 \"quoted\" \\ 日本"), QStringLiteral("x")},
            Typing{QStringLiteral("room-1")},
            MarkRead{QStringLiteral("room-1"), QStringLiteral("m-7")},
            Ping{},
        };
        const auto frame = toFrame(encodeClient(messages.at(index)));
        QVERIFY(frame.size() <= MaxFrameBytes);
        const auto decoded = decodeClient(frame);
        const auto *failure = std::get_if<DecodeFailure>(&decoded);
        QVERIFY2(!failure, failure ? qPrintable(failure->error.message) : "");
        QVERIFY(std::get<ClientMessage>(decoded) == messages.at(index));
    }

    void clientWireFormat()
    {
        // The envelope and field names of the contract (docs/api/websocket.md).
        const auto send = encodeClient(SendMessage{QStringLiteral("r1"), QStringLiteral("hi"), QStringLiteral("c1")});
        QCOMPARE(send.value(QStringLiteral("type")).toString(), QStringLiteral("send-message"));
        const auto data = send.value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("roomId")).toString(), QStringLiteral("r1"));
        QCOMPARE(data.value(QStringLiteral("message")).toString(), QStringLiteral("hi"));
        QCOMPARE(data.value(QStringLiteral("clientMsgId")).toString(), QStringLiteral("c1"));
        // No clientMsgId: the key is left out.
        QVERIFY(!encodeClient(SendMessage{QStringLiteral("r1"), QStringLiteral("hi"), {}})
                     .value(QStringLiteral("data"))
                     .toObject()
                     .contains(QStringLiteral("clientMsgId")));

        // Hand-written frames of a third-party client decode; `data` may be absent or null for ping.
        for (const QByteArray &frame : {QByteArray(R"({"type":"ping"})"), QByteArray(R"({"type":"ping","data":null})"),
                 QByteArray(R"({"type":"ping","data":{}})")}) {
            QVERIFY2(std::holds_alternative<ClientMessage>(decodeClient(frame)), frame.constData());
        }
        const auto auth = decodeClient(R"({"type":"auth","data":{"token":"abc"}})");
        QCOMPARE(std::get<Auth>(std::get<ClientMessage>(auth)).token, QStringLiteral("abc"));
        // Unknown extra fields are ignored.
        const auto join = decodeClient(R"({"type":"join-room","data":{"roomId":"r1","extra":[1,2]},"id":5})");
        QCOMPARE(std::get<JoinRoom>(std::get<ClientMessage>(join)).roomId, QStringLiteral("r1"));
        // A null clientMsgId is no clientMsgId.
        const auto send2 =
            decodeClient(R"({"type":"send-message","data":{"roomId":"r1","message":"x","clientMsgId":null}})");
        QCOMPARE(std::get<SendMessage>(std::get<ClientMessage>(send2)).clientMsgId, QString());
    }

    void serverRoundTrip_data()
    {
        QTest::addColumn<int>("index");
        const char *names[] = {"authenticated", "room-joined", "room-joined empty", "room-left", "message-received own",
            "message-received other", "message-received deleted", "message-deleted", "rooms-changed", "presence",
            "presence empty", "typing", "pong", "error full", "error minimal"};
        for (int i = 0; i < int(std::size(names)); ++i) {
            QTest::newRow(names[i]) << i;
        }
    }
    void serverRoundTrip()
    {
        QFETCH(int, index);
        const ChatUser alice{QStringLiteral("u1"), QStringLiteral("alice")};
        const ChatUser bob{QStringLiteral("u2"), QStringLiteral("bob")};
        Message second = sampleMessage(QStringLiteral("m2"), QStringLiteral("Grüße 🚀\nzweite Zeile"));
        second.senderId = bob.userId;
        second.senderName = bob.username;
        second.timestamp = stamp("2026-11-26T12:34:57.001Z");
        Message removed = sampleMessage(QStringLiteral("m4"), QString());
        removed.deleted = true;
        const QList<ServerMessage> messages{
            Authenticated{alice},
            RoomJoined{QStringLiteral("room-1"), {alice, bob},
                {sampleMessage(QStringLiteral("m1"), QStringLiteral("hi")), second}},
            RoomJoined{QStringLiteral("room-1"), {alice}, {}},
            RoomLeft{QStringLiteral("room-1"), QStringLiteral("deleted")},
            MessageReceived{sampleMessage(QStringLiteral("m3"), QStringLiteral("mine")), QStringLiteral("c-1")},
            MessageReceived{second, {}},
            MessageReceived{removed, {}},
            MessageDeleted{QStringLiteral("room-1"), QStringLiteral("m2")},
            RoomsChanged{},
            PresenceUpdate{QStringLiteral("room-1"), {alice, bob}},
            PresenceUpdate{QStringLiteral("room-1"), {}},
            UserTyping{QStringLiteral("room-1"), bob.userId, bob.username},
            Pong{},
            ErrorMessage{ErrorCodes::Invalid, QStringLiteral("data.message must not be empty"),
                QStringLiteral("room-1"), QStringLiteral("c-1")},
            ErrorMessage{ErrorCodes::NotAuthenticated, QStringLiteral("Authenticate first"), {}, {}},
        };
        QCOMPARE(messages.size(), 15);
        const auto frame = toFrame(encodeServer(messages.at(index)));
        const auto decoded = decodeServer(frame);
        QVERIFY2(decoded.has_value(), decoded ? "" : qPrintable(decoded.error().message));
        QVERIFY2(*decoded == messages.at(index), frame.constData());
    }

    void serverWireFormat()
    {
        const ChatUser alice{QStringLiteral("u1"), QStringLiteral("alice")};
        const auto joined = encodeServer(RoomJoined{QStringLiteral("r1"), {alice}, {}});
        QCOMPARE(joined.value(QStringLiteral("type")).toString(), QStringLiteral("room-joined"));
        const auto data = joined.value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("online")).toInt(), 1);
        QCOMPARE(data.value(QStringLiteral("users")).toArray().size(), 1);
        QVERIFY(data.value(QStringLiteral("history")).isArray());

        const auto own = encodeServer(
            MessageReceived{sampleMessage(QStringLiteral("m1"), QStringLiteral("hi")), QStringLiteral("c-1")});
        QCOMPARE(own.value(QStringLiteral("type")).toString(), QStringLiteral("message-received"));
        const auto ownData = own.value(QStringLiteral("data")).toObject();
        for (const char *key : {"roomId", "id", "userId", "username", "message", "timestamp", "clientMsgId"}) {
            QVERIFY2(ownData.value(QLatin1String(key)).isString(), key);
        }
        QCOMPARE(ownData.value(QStringLiteral("timestamp")).toString(), QStringLiteral("2026-11-26T12:34:56.789Z"));
        // Other members' copies carry no clientMsgId at all.
        const auto other = encodeServer(MessageReceived{sampleMessage(QStringLiteral("m1"), QStringLiteral("hi")), {}});
        QVERIFY(!other.value(QStringLiteral("data")).toObject().contains(QStringLiteral("clientMsgId")));

        const auto presence = encodeServer(PresenceUpdate{QStringLiteral("r1"), {alice}});
        QCOMPARE(presence.value(QStringLiteral("type")).toString(), QStringLiteral("presence"));
        QCOMPARE(presence.value(QStringLiteral("data")).toObject().value(QStringLiteral("online")).toInt(), 1);

        // An error without room or clientMsgId leaves the keys out.
        const auto error = encodeServer(ErrorMessage{ErrorCodes::BadMessage, QStringLiteral("nope"), {}, {}});
        QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("error"));
        const auto errorData = error.value(QStringLiteral("data")).toObject();
        QCOMPARE(errorData.keys(), (QStringList{QStringLiteral("code"), QStringLiteral("message")}));

        // The typing event of the seed has no username; it still decodes.
        const auto typing = decodeServer(R"({"type":"typing","data":{"roomId":"r1","userId":"u2"}})");
        QVERIFY(typing.has_value());
        QCOMPARE(std::get<UserTyping>(*typing).userId, QStringLiteral("u2"));
    }

    void badServerFrames_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("not json") << QByteArray("nope");
        QTest::newRow("array") << QByteArray("[]");
        QTest::newRow("unknown type") << QByteArray(R"({"type":"teleport","data":{}})");
        QTest::newRow("no type") << QByteArray(R"({"data":{}})");
        QTest::newRow("authenticated without username")
            << QByteArray(R"({"type":"authenticated","data":{"userId":"u"}})");
        QTest::newRow("room-joined users not array")
            << QByteArray(R"({"type":"room-joined","data":{"roomId":"r","users":{},"history":[]}})");
        QTest::newRow("room-joined bad history entry")
            << QByteArray(R"({"type":"room-joined","data":{"roomId":"r","users":[],"history":[{"id":"m"}]}})");
        auto received = messageToJson(sampleMessage(QStringLiteral("m"), QStringLiteral("x")));
        received.insert(QStringLiteral("timestamp"), QStringLiteral("yesterday"));
        QTest::newRow("message-received bad timestamp") << toFrame(
            {{QStringLiteral("type"), QStringLiteral("message-received")}, {QStringLiteral("data"), received}});
        received = messageToJson(sampleMessage(QStringLiteral("m"), QStringLiteral("x")));
        received.insert(QStringLiteral("clientMsgId"), 5);
        QTest::newRow("message-received clientMsgId number") << toFrame(
            {{QStringLiteral("type"), QStringLiteral("message-received")}, {QStringLiteral("data"), received}});
        received.remove(QStringLiteral("message"));
        received.remove(QStringLiteral("clientMsgId"));
        QTest::newRow("message-received without message") << toFrame(
            {{QStringLiteral("type"), QStringLiteral("message-received")}, {QStringLiteral("data"), received}});
        QTest::newRow("error without code") << QByteArray(R"({"type":"error","data":{"message":"x"}})");
        QTest::newRow("data not object") << QByteArray(R"({"type":"room-left","data":"r"})");
    }
    void badServerFrames()
    {
        QFETCH(QByteArray, frame);
        const auto decoded = decodeServer(frame);
        QVERIFY(!decoded.has_value());
        QVERIFY(!decoded.error().message.isEmpty());
    }

    void badClientFrames_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not json") << QByteArray("hello");
        QTest::newRow("truncated") << QByteArray("{\"type\":\"send-message\",\"data\":{\"roomId\":\"r1\",\"mess");
        QTest::newRow("invalid utf-8") << QByteArray("{\"type\":\"auth\",\"data\":{\"token\":\"\xff\xfe\"}}");
        QTest::newRow("array") << QByteArray(R"([{"type":"ping"}])");
        QTest::newRow("string") << QByteArray(R"("ping")");
        QTest::newRow("number") << QByteArray("42");
        QTest::newRow("null") << QByteArray("null");
        QTest::newRow("no type") << QByteArray(R"({"data":{"roomId":"r1"}})");
        QTest::newRow("type not string") << QByteArray(R"({"type":1,"data":{}})");
        QTest::newRow("type null") << QByteArray(R"({"type":null,"data":{}})");
        QTest::newRow("unknown type") << QByteArray(R"({"type":"teleport","data":{}})");
        QTest::newRow("type of a server message") << QByteArray(R"({"type":"message-received","data":{}})");
        QTest::newRow("data not object") << QByteArray(R"({"type":"join-room","data":"r1"})");
        QTest::newRow("data array") << QByteArray(R"({"type":"ping","data":[]})");
        QTest::newRow("auth without token") << QByteArray(R"({"type":"auth","data":{}})");
        QTest::newRow("auth token number") << QByteArray(R"({"type":"auth","data":{"token":5}})");
        QTest::newRow("join without roomId") << QByteArray(R"({"type":"join-room","data":{}})");
        QTest::newRow("join without data") << QByteArray(R"({"type":"join-room"})");
        QTest::newRow("join roomId number") << QByteArray(R"({"type":"join-room","data":{"roomId":7}})");
        QTest::newRow("join roomId empty") << QByteArray(R"({"type":"join-room","data":{"roomId":""}})");
        QTest::newRow("join roomId with space") << QByteArray(R"({"type":"join-room","data":{"roomId":"room 1"}})");
        QTest::newRow("join roomId path") << QByteArray(R"({"type":"join-room","data":{"roomId":"../etc"}})");
        QTest::newRow("join roomId too long") << QByteArray(R"({"type":"join-room","data":{"roomId":")") +
                QByteArray(Validation::IdMaxLength + 1, 'r') + QByteArray(R"("}})");
        QTest::newRow("leave roomId object") << QByteArray(R"({"type":"leave-room","data":{"roomId":{}}})");
        QTest::newRow("typing bad roomId") << QByteArray(R"({"type":"typing","data":{"roomId":"a/b"}})");
        QTest::newRow("mark-read without messageId") << QByteArray(R"({"type":"mark-read","data":{"roomId":"r1"}})");
        QTest::newRow("mark-read bad messageId")
            << QByteArray(R"({"type":"mark-read","data":{"roomId":"r1","messageId":"m 1"}})");
        QTest::newRow("send without roomId")
            << QByteArray(R"({"type":"send-message","data":{"message":"hi","clientMsgId":"c1"}})");
        QTest::newRow("send without message")
            << QByteArray(R"({"type":"send-message","data":{"roomId":"r1","clientMsgId":"c1"}})");
        QTest::newRow("send message number")
            << QByteArray(R"({"type":"send-message","data":{"roomId":"r1","message":5}})");
        QTest::newRow("send message array")
            << QByteArray(R"({"type":"send-message","data":{"roomId":"r1","message":["hi"]}})");
        QTest::newRow("send clientMsgId number")
            << QByteArray(R"({"type":"send-message","data":{"roomId":"r1","message":"hi","clientMsgId":5}})");
        QTest::newRow("send clientMsgId empty")
            << QByteArray(R"({"type":"send-message","data":{"roomId":"r1","message":"hi","clientMsgId":""}})");
        QTest::newRow("send clientMsgId too long") << sendFrame(QJsonObject{
            {QStringLiteral("roomId"), QStringLiteral("r1")}, {QStringLiteral("message"), QStringLiteral("hi")},
            {QStringLiteral("clientMsgId"), QString(Validation::IdMaxLength + 1, QLatin1Char('c'))}});
        QTest::newRow("send clientMsgId bad characters")
            << QByteArray(R"({"type":"send-message","data":{"roomId":"r1","message":"hi","clientMsgId":"c 1"}})");
        QTest::newRow("send empty") << sendFrame(QString());
        QTest::newRow("send whitespace only") << sendFrame(QStringLiteral("  \n\t \r\n  "));
        QTest::newRow("send unicode whitespace only") << sendFrame(QStringLiteral("\u00a0\u2003\u3000"));
        QTest::newRow("send 2001 characters") << sendFrame(QString(2001, QLatin1Char('x')));
        QTest::newRow("send 2001 emoji") << sendFrame(QString(QStringLiteral("😀")).repeated(2001));
        QTest::newRow("send bell") << sendFrame(QStringLiteral("ding\u0007dong"));
        QTest::newRow("send NUL") << sendFrame(QStringLiteral("a") + QChar(0) + QStringLiteral("b"));
        QTest::newRow("send escape sequence") << sendFrame(QStringLiteral("\u001b[31mred"));
        QTest::newRow("send carriage return") << sendFrame(QStringLiteral("line\rline"));
        QTest::newRow("send DEL") << sendFrame(QStringLiteral("a\u007fb"));
        QTest::newRow("send C1 control") << sendFrame(QStringLiteral("a\u009bb"));
        QTest::newRow("send lone surrogate")
            << QByteArray(R"({"type":"send-message","data":{"roomId":"r1","message":"a\ud800b"}})");
        QTest::newRow("send replacement character") << sendFrame(QStringLiteral("a\ufffdb"));
        // A frame over MaxFrameBytes is refused before it is parsed, even when it is valid JSON.
        QTest::newRow("oversize frame") << QByteArray(R"({"type":"ping","data":{"pad":")") +
                QByteArray(MaxFrameBytes, 'a') + QByteArray(R"("}})");
        QTest::newRow("oversize send") << sendFrame(QString(MaxFrameBytes, QLatin1Char('y')));
    }
    void badClientFrames()
    {
        QFETCH(QByteArray, frame);
        const auto decoded = decodeClient(frame);
        const auto *failure = std::get_if<DecodeFailure>(&decoded);
        QVERIFY2(failure, "decoded although bad");
        QVERIFY(!failure->error.message.isEmpty());
        QCOMPARE(failure->error.code, ErrorCode::Invalid);
        // The hub answers `invalid` when a field of `data` is wrong (the client's mistake) and
        // `bad-message` (or `too-large`) for a broken envelope: the field names tell them apart.
        static const QSet<QByteArray> envelopeErrors{"empty", "not json", "truncated", "invalid utf-8", "array",
            "string", "number", "null", "no type", "type not string", "type null", "unknown type",
            "type of a server message", "oversize frame", "oversize send"};
        const bool namesData = std::any_of(failure->error.fields.cbegin(), failure->error.fields.cend(),
            [](const FieldError &f) { return f.field.startsWith(QLatin1String("data")); });
        QCOMPARE(namesData, !envelopeErrors.contains(QTest::currentDataTag()));
        if (envelopeErrors.contains(QTest::currentDataTag())) {
            QVERIFY(failure->roomId.isEmpty());
            QVERIFY(failure->clientMsgId.isEmpty());
        }
    }

    void oversizeBoundary()
    {
        // Exactly MaxFrameBytes is read; one byte more is not.
        const QByteArray head(R"({"type":"ping","data":{"pad":")");
        const QByteArray tail(R"("}})");
        const QByteArray fits = head + QByteArray(MaxFrameBytes - head.size() - tail.size(), 'a') + tail;
        QCOMPARE(fits.size(), MaxFrameBytes);
        QVERIFY(std::holds_alternative<ClientMessage>(decodeClient(fits)));
        const QByteArray over = head + QByteArray(MaxFrameBytes + 1 - head.size() - tail.size(), 'a') + tail;
        const auto decoded = decodeClient(over);
        QVERIFY(std::holds_alternative<DecodeFailure>(decoded));
        QVERIFY(std::get<DecodeFailure>(decoded).error.message.contains(QString::number(MaxFrameBytes)));
    }

    void refusedSendNamesItsRequest_data()
    {
        QTest::addColumn<QJsonObject>("data");
        QTest::addColumn<QString>("field"); // the field the error names
        const QJsonValue room(QStringLiteral("room-1"));
        const QJsonValue id(QStringLiteral("c-1"));
        const auto with = [&](const QJsonValue &message) {
            return QJsonObject{{QStringLiteral("roomId"), room}, {QStringLiteral("message"), message},
                {QStringLiteral("clientMsgId"), id}};
        };
        QTest::newRow("empty") << with(QString()) << QStringLiteral("data.message");
        QTest::newRow("whitespace") << with(QStringLiteral(" \n ")) << QStringLiteral("data.message");
        QTest::newRow("2001 characters") << with(QString(2001, QLatin1Char('x'))) << QStringLiteral("data.message");
        QTest::newRow("control character") << with(QStringLiteral("a\u0001b")) << QStringLiteral("data.message");
        QTest::newRow("message number") << with(12) << QStringLiteral("data.message");
        QTest::newRow("message missing") << QJsonObject{{QStringLiteral("roomId"), room},
                                                {QStringLiteral("clientMsgId"), id}}
                                         << QStringLiteral("data.message");
    }
    void refusedSendNamesItsRequest()
    {
        // The error of a refused send can say which request failed: its room and clientMsgId.
        QFETCH(QJsonObject, data);
        QFETCH(QString, field);
        const auto decoded = decodeClient(sendFrame(data));
        const auto *failure = std::get_if<DecodeFailure>(&decoded);
        QVERIFY(failure);
        QCOMPARE(failure->roomId, QStringLiteral("room-1"));
        QCOMPARE(failure->clientMsgId, QStringLiteral("c-1"));
        QCOMPARE(fieldsOf(failure->error), field);
    }

    void refusedRequestsReportWhatIsReadable()
    {
        // A bad room still names the send by its clientMsgId.
        auto decoded = decodeClient(sendFrame(QJsonObject{{QStringLiteral("roomId"), QStringLiteral("no such/room")},
            {QStringLiteral("message"), QStringLiteral("hi")},
            {QStringLiteral("clientMsgId"), QStringLiteral("c-9")}}));
        auto *failure = std::get_if<DecodeFailure>(&decoded);
        QVERIFY(failure);
        QCOMPARE(failure->clientMsgId, QStringLiteral("c-9"));
        QCOMPARE(fieldsOf(failure->error), QStringLiteral("data.roomId"));

        // A missing room: the clientMsgId alone.
        decoded = decodeClient(R"({"type":"send-message","data":{"message":"hi","clientMsgId":"c-9"}})");
        failure = std::get_if<DecodeFailure>(&decoded);
        QVERIFY(failure);
        QCOMPARE(failure->roomId, QString());
        QCOMPARE(failure->clientMsgId, QStringLiteral("c-9"));

        // A bad clientMsgId: the room.
        decoded = decodeClient(sendFrame(QJsonObject{{QStringLiteral("roomId"), QStringLiteral("room-1")},
            {QStringLiteral("message"), QStringLiteral("hi")},
            {QStringLiteral("clientMsgId"), QString(Validation::IdMaxLength + 1, QLatin1Char('c'))}}));
        failure = std::get_if<DecodeFailure>(&decoded);
        QVERIFY(failure);
        QCOMPARE(failure->roomId, QStringLiteral("room-1"));
        QCOMPARE(fieldsOf(failure->error), QStringLiteral("data.clientMsgId"));

        // An ill-typed clientMsgId cannot be reported.
        decoded = decodeClient(R"({"type":"send-message","data":{"roomId":"room-1","message":"","clientMsgId":7}})");
        failure = std::get_if<DecodeFailure>(&decoded);
        QVERIFY(failure);
        QCOMPARE(failure->roomId, QStringLiteral("room-1"));
        QCOMPARE(failure->clientMsgId, QString());

        // Other requests name their room.
        decoded = decodeClient(R"({"type":"mark-read","data":{"roomId":"room-1","messageId":"bad id"}})");
        failure = std::get_if<DecodeFailure>(&decoded);
        QVERIFY(failure);
        QCOMPARE(failure->roomId, QStringLiteral("room-1"));
        QCOMPARE(fieldsOf(failure->error), QStringLiteral("data.messageId"));

        // Envelope errors name nothing.
        decoded = decodeClient(R"({"type":"teleport","data":{"roomId":"room-1","clientMsgId":"c-1"}})");
        failure = std::get_if<DecodeFailure>(&decoded);
        QVERIFY(failure);
        QCOMPARE(failure->roomId, QString());
        QCOMPARE(failure->clientMsgId, QString());
        QCOMPARE(fieldsOf(failure->error), QStringLiteral("type"));
    }

    void messageTextIsTrimmed_data()
    {
        QTest::addColumn<QString>("sent");
        QTest::addColumn<QString>("stored");
        QTest::newRow("plain") << QStringLiteral("hello") << QStringLiteral("hello");
        QTest::newRow("spaces") << QStringLiteral("   hello  ") << QStringLiteral("hello");
        QTest::newRow("newlines and tabs around") << QStringLiteral("\n\t hello\r\n\t") << QStringLiteral("hello");
        QTest::newRow("inner whitespace kept") << QStringLiteral(" a  b\n\tc ") << QStringLiteral("a  b\n\tc");
        QTest::newRow("unicode spaces") << QStringLiteral("\u00a0\u3000hi\u2003") << QStringLiteral("hi");
        QTest::newRow("emoji") << QStringLiteral(" 🚀 ") << QStringLiteral("🚀");
    }
    void messageTextIsTrimmed()
    {
        QFETCH(QString, sent);
        QFETCH(QString, stored);
        const auto decoded = decodeClient(sendFrame(sent));
        const auto *failure = std::get_if<DecodeFailure>(&decoded);
        QVERIFY2(!failure, failure ? qPrintable(failure->error.message) : "");
        const auto &send = std::get<SendMessage>(std::get<ClientMessage>(decoded));
        QCOMPARE(send.message, stored);
        QCOMPARE(send.roomId, QStringLiteral("room-1"));
        QCOMPARE(send.clientMsgId, QStringLiteral("c-1"));
    }

    void lengthLimitCountsCharacters()
    {
        // 2,000 characters after trimming are accepted, whatever their UTF-16 or UTF-8 size.
        const QString padded = QStringLiteral("  ") + QString(2000, QLatin1Char('x')) + QStringLiteral("  ");
        for (const QString &text :
            {QString(2000, QLatin1Char('x')), padded, QString(QStringLiteral("😀")).repeated(2000),
                QString(QStringLiteral("日")).repeated(2000), QString(QStringLiteral("\"\\")).repeated(1000)}) {
            const auto frame = sendFrame(text);
            QVERIFY2(frame.size() <= MaxFrameBytes, qPrintable(QString::number(frame.size())));
            const auto decoded = decodeClient(frame);
            const auto *failure = std::get_if<DecodeFailure>(&decoded);
            QVERIFY2(!failure, failure ? qPrintable(failure->error.message) : "");
            QCOMPARE(std::get<SendMessage>(std::get<ClientMessage>(decoded)).message, text.trimmed());
        }
        // 2,001 is one too many, also when it is one emoji too many.
        for (const QString &text : {QString(2001, QLatin1Char('x')), QString(QStringLiteral("😀")).repeated(2001),
                 QString(QString(1999, QLatin1Char('x')) + QStringLiteral("😀😀"))}) {
            const auto decoded = decodeClient(sendFrame(text));
            QVERIFY(std::holds_alternative<DecodeFailure>(decoded));
        }
    }

    void messageJsonHelpers()
    {
        const auto message = sampleMessage(QStringLiteral("m1"), QStringLiteral("hi"));
        const auto parsed = messageFromJson(messageToJson(message));
        QVERIFY(parsed.has_value());
        QCOMPARE(*parsed, message);
        QVERIFY(!messageFromJson(QJsonValue(5)).has_value());
    }

    void mentions_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("mentionsBob");
        QTest::newRow("alone") << QStringLiteral("@bob") << true;
        QTest::newRow("in a sentence") << QStringLiteral("hi @bob, lunch?") << true;
        QTest::newRow("any case") << QStringLiteral("hey @BoB") << true;
        QTest::newRow("end of a sentence") << QStringLiteral("ask @bob.") << true;
        QTest::newRow("after a bracket") << QStringLiteral("(@bob)") << true;
        QTest::newRow("no @") << QStringLiteral("bob") << false;
        QTest::newRow("longer name") << QStringLiteral("@bobby") << false;
        QTest::newRow("name with a dot") << QStringLiteral("@bob.smith") << false;
        QTest::newRow("name with a dash") << QStringLiteral("@bob-2") << false;
        QTest::newRow("e-mail address") << QStringLiteral("mail bob@bob.org") << false;
        QTest::newRow("inside a word") << QStringLiteral("x@bob") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void mentions()
    {
        QFETCH(QString, text);
        QFETCH(bool, mentionsBob);
        QCOMPARE(ChatMentions::mentions(text, QStringLiteral("bob")), mentionsBob);
        QVERIFY(!ChatMentions::mentions(text, QString()));
    }

    void completeMentions_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("completed");
        QTest::newRow("prefix") << QStringLiteral("hi @al") << QStringLiteral("hi @alice ");
        QTest::newRow("any case") << QStringLiteral("@BO") << QStringLiteral("@bob ");
        QTest::newRow("first match in order") << QStringLiteral("@a") << QStringLiteral("@alice ");
        QTest::newRow("bare @") << QStringLiteral("@") << QStringLiteral("@alice ");
        QTest::newRow("no match") << QStringLiteral("@zed") << QStringLiteral("@zed");
        QTest::newRow("not at the end") << QStringLiteral("@al hi") << QStringLiteral("@al hi");
        QTest::newRow("e-mail") << QStringLiteral("mail x@al") << QStringLiteral("mail x@al");
        QTest::newRow("no mention") << QStringLiteral("hello") << QStringLiteral("hello");
        QTest::newRow("empty") << QString() << QString();
    }
    void completeMentions()
    {
        QFETCH(QString, text);
        QFETCH(QString, completed);
        const QStringList names{QStringLiteral("alice"), QStringLiteral("albert"), QStringLiteral("bob")};
        QCOMPARE(ChatMentions::complete(text, names), completed);
    }
};

QTEST_GUILESS_MAIN(TestChatProtocol)
#include "tst_chatprotocol.moc"
