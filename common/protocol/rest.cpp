// SPDX-License-Identifier: GPL-3.0-or-later
#include "rest.h"

#include "model/space.h"
#include "validation/validation.h"

namespace Metaverse
{

using namespace Rest;

namespace
{
// Strings that are compared or stored must be bounded even before their own rule runs.
constexpr int MaxPasswordChars = 1024;

} // namespace

QJsonObject Rest::toJson(const SignupRequest &r)
{
    return {{QStringLiteral("username"), r.username}, {QStringLiteral("password"), r.password},
        {QStringLiteral("type"), r.type == Role::Admin ? QStringLiteral("admin") : QStringLiteral("user")}};
}

template<>
Result<SignupRequest> fromJson<SignupRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    SignupRequest r;
    r.username = in.string({"username"});
    r.password = in.string({"password"});
    if (in.ok()) {
        in.merge(Validation::username(r.username));
        in.merge(Validation::password(r.password, 1));
    }
    if (const auto type = in.optionalString({"type", "role"})) {
        const auto role = parseRole(*type);
        if (!role) {
            in.fail(QStringLiteral("type"), QStringLiteral("must be \"user\" or \"admin\""));
        }
        r.type = role.value_or(Role::User);
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const LoginRequest &r)
{
    return {{QStringLiteral("username"), r.username}, {QStringLiteral("password"), r.password}};
}

template<>
Result<LoginRequest> fromJson<LoginRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    LoginRequest r;
    r.username = in.string({"username"});
    r.password = in.string({"password"});
    if (r.username.size() > qsizetype(Validation::UsernameMaxLength) * 4) {
        in.fail(QStringLiteral("username"), QStringLiteral("is too long"));
    }
    if (r.password.size() > MaxPasswordChars) {
        in.fail(QStringLiteral("password"), QStringLiteral("is too long"));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const ChangePasswordRequest &r)
{
    return {{QStringLiteral("currentPassword"), r.currentPassword}, {QStringLiteral("newPassword"), r.newPassword}};
}

template<>
Result<ChangePasswordRequest> fromJson<ChangePasswordRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    ChangePasswordRequest r;
    r.currentPassword = in.string({"currentPassword"});
    r.newPassword = in.string({"newPassword"});
    if (r.currentPassword.size() > MaxPasswordChars) {
        in.fail(QStringLiteral("currentPassword"), QStringLiteral("is too long"));
    }
    if (r.newPassword.size() > MaxPasswordChars) {
        in.fail(QStringLiteral("newPassword"), QStringLiteral("is too long"));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const LoginResponse &r)
{
    return {{QStringLiteral("message"), QStringLiteral("Signed in")}, {QStringLiteral("token"), r.token},
        {QStringLiteral("user"), Metaverse::toJson(r.user)}};
}

template<>
Result<LoginResponse> fromJson<LoginResponse>(const QJsonValue &value)
{
    JsonReader in(value);
    LoginResponse r;
    r.token = in.string({"token"});
    auto user = fromJson<User>(in.value({"user"}));
    if (user) {
        r.user = std::move(user).value();
    } else {
        in.merge(user.error(), QStringLiteral("user"));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const SetAvatarRequest &r)
{
    return {{QStringLiteral("avatarId"), r.avatarId}};
}

template<>
Result<SetAvatarRequest> fromJson<SetAvatarRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    SetAvatarRequest r;
    r.avatarId = in.string({"avatarId"});
    if (in.ok()) {
        in.merge(Validation::id(r.avatarId, QStringLiteral("avatarId")));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const CreateSpaceRequest &r)
{
    QJsonObject o{{QStringLiteral("name"), r.name}};
    if (r.dimensions) {
        o.insert(QStringLiteral("dimensions"), Validation::formatDimensions(*r.dimensions));
    }
    if (!r.mapId.isEmpty()) {
        o.insert(QStringLiteral("mapId"), r.mapId);
    }
    return o;
}

template<>
Result<CreateSpaceRequest> fromJson<CreateSpaceRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    CreateSpaceRequest r;
    r.name = in.string({"name"}).trimmed();
    if (in.ok()) {
        in.merge(Validation::name(r.name));
    }
    if (const auto dims = in.optionalString({"dimensions"})) {
        auto size = Validation::dimensions(*dims);
        if (size) {
            r.dimensions = *size;
        } else {
            in.merge(size.error());
        }
    }
    if (const auto mapId = in.optionalString({"mapId"})) {
        r.mapId = *mapId;
        in.merge(Validation::id(r.mapId, QStringLiteral("mapId")));
    }
    if (!in.value({"dimensions"}).isString() && !in.value({"mapId"}).isString() && in.ok()) {
        in.fail(QStringLiteral("dimensions"), QStringLiteral("is required when no mapId is given"));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const UpdateSpaceRequest &r)
{
    QJsonObject o;
    if (r.name) {
        o.insert(QStringLiteral("name"), *r.name);
    }
    if (r.thumbnail) {
        o.insert(QStringLiteral("thumbnail"), *r.thumbnail);
    }
    if (r.maxUsers) {
        o.insert(QStringLiteral("maxUsers"), *r.maxUsers ? QJsonValue(**r.maxUsers) : QJsonValue());
    }
    return o;
}

template<>
Result<UpdateSpaceRequest> fromJson<UpdateSpaceRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    UpdateSpaceRequest r;
    r.name = in.optionalString({"name"});
    if (r.name) {
        r.name = r.name->trimmed();
        in.merge(Validation::name(*r.name));
    }
    r.thumbnail = in.optionalString({"thumbnail"});
    if (r.thumbnail && !r.thumbnail->isEmpty()) {
        in.merge(Validation::imageUrl(*r.thumbnail, QStringLiteral("thumbnail")));
    }
    if (value.toObject().contains(QStringLiteral("maxUsers"))) {
        r.maxUsers = in.optionalInteger({"maxUsers"}, SpaceMinUsers, SpaceMaxUsers);
    }
    if (in.ok() && !r.name && !r.thumbnail && !r.maxUsers) {
        in.fail(QStringLiteral("body"), QStringLiteral("must change name, thumbnail or maxUsers"));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const PlaceElementRequest &r)
{
    return {{QStringLiteral("spaceId"), r.spaceId}, {QStringLiteral("elementId"), r.elementId},
        {QStringLiteral("x"), r.position.x}, {QStringLiteral("y"), r.position.y}};
}

template<>
Result<PlaceElementRequest> fromJson<PlaceElementRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    PlaceElementRequest r;
    r.spaceId = in.string({"spaceId"});
    r.elementId = in.string({"elementId"});
    r.position.x = in.integer({"x"}, 0, Grid::MaxSide - 1);
    r.position.y = in.integer({"y"}, 0, Grid::MaxSide - 1);
    if (!r.spaceId.isEmpty()) {
        in.merge(Validation::id(r.spaceId, QStringLiteral("spaceId")));
    }
    if (!r.elementId.isEmpty()) {
        in.merge(Validation::id(r.elementId, QStringLiteral("elementId")));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const RemoveElementRequest &r)
{
    return {{QStringLiteral("id"), r.id}};
}

template<>
Result<RemoveElementRequest> fromJson<RemoveElementRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    RemoveElementRequest r;
    r.id = in.string({"id"});
    if (in.ok()) {
        in.merge(Validation::id(r.id));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const AddMemberRequest &r)
{
    return {{QStringLiteral("username"), r.username}, {QStringLiteral("canEdit"), r.canEdit}};
}

template<>
Result<AddMemberRequest> fromJson<AddMemberRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    AddMemberRequest r;
    r.username = in.string({"username"});
    r.canEdit = in.optionalBoolean({"canEdit"}).value_or(false);
    if (in.ok()) {
        in.merge(Validation::username(r.username));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const CreateElementRequest &r)
{
    return {{QStringLiteral("name"), r.name}, {QStringLiteral("imageUrl"), r.imageUrl},
        {QStringLiteral("width"), r.width}, {QStringLiteral("height"), r.height},
        {QStringLiteral("static"), r.isStatic}, {QStringLiteral("category"), r.category}};
}

template<>
Result<CreateElementRequest> fromJson<CreateElementRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    CreateElementRequest r;
    r.imageUrl = in.string({"imageUrl", "imageurl"});
    r.width = in.integer({"width"}, 1, Validation::ElementMaxSide);
    r.height = in.integer({"height"}, 1, Validation::ElementMaxSide);
    r.isStatic = in.boolean({"static"});
    r.name = in.optionalString({"name"}).value_or(QString()).trimmed();
    r.category = in.optionalString({"category"}).value_or(QStringLiteral("furniture"));
    in.merge(Validation::elementCategory(r.category));
    if (!r.imageUrl.isEmpty()) {
        in.merge(Validation::imageUrl(r.imageUrl));
    }
    if (!r.name.isEmpty()) {
        in.merge(Validation::name(r.name));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const UpdateElementRequest &r)
{
    QJsonObject o;
    if (r.name) {
        o.insert(QStringLiteral("name"), *r.name);
    }
    if (r.imageUrl) {
        o.insert(QStringLiteral("imageUrl"), *r.imageUrl);
    }
    if (r.width) {
        o.insert(QStringLiteral("width"), *r.width);
    }
    if (r.height) {
        o.insert(QStringLiteral("height"), *r.height);
    }
    if (r.isStatic) {
        o.insert(QStringLiteral("static"), *r.isStatic);
    }
    if (r.category) {
        o.insert(QStringLiteral("category"), *r.category);
    }
    return o;
}

template<>
Result<UpdateElementRequest> fromJson<UpdateElementRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    UpdateElementRequest r;
    r.name = in.optionalString({"name"});
    r.imageUrl = in.optionalString({"imageUrl", "imageurl"});
    r.width = in.optionalInteger({"width"}, 1, Validation::ElementMaxSide);
    r.height = in.optionalInteger({"height"}, 1, Validation::ElementMaxSide);
    r.isStatic = in.optionalBoolean({"static"});
    r.category = in.optionalString({"category"});
    if (r.category) {
        in.merge(Validation::elementCategory(*r.category));
    }
    if (r.name) {
        r.name = r.name->trimmed();
        in.merge(Validation::name(*r.name));
    }
    if (r.imageUrl) {
        in.merge(Validation::imageUrl(*r.imageUrl));
    }
    if (in.ok() && !r.name && !r.imageUrl && !r.width && !r.height && !r.isStatic && !r.category) {
        in.fail(QStringLiteral("body"), QStringLiteral("must change at least one field"));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const CreateAvatarRequest &r)
{
    return {{QStringLiteral("name"), r.name}, {QStringLiteral("imageUrl"), r.imageUrl}};
}

template<>
Result<CreateAvatarRequest> fromJson<CreateAvatarRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    CreateAvatarRequest r;
    r.imageUrl = in.string({"imageUrl", "imageurl"});
    r.name = in.string({"name"}).trimmed();
    if (in.ok()) {
        in.merge(Validation::imageUrl(r.imageUrl));
        in.merge(Validation::name(r.name));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const RenameAvatarRequest &r)
{
    return {{QStringLiteral("name"), r.name}};
}

template<>
Result<RenameAvatarRequest> fromJson<RenameAvatarRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    RenameAvatarRequest r;
    r.name = in.string({"name"}).trimmed();
    if (in.ok()) {
        in.merge(Validation::name(r.name));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const MapRequest &r)
{
    QJsonArray elements;
    for (const auto &e : r.defaultElements) {
        elements.append(QJsonObject{{QStringLiteral("elementId"), e.elementId}, {QStringLiteral("x"), e.position.x},
            {QStringLiteral("y"), e.position.y}});
    }
    return {{QStringLiteral("name"), r.name},
        {QStringLiteral("dimensions"), Validation::formatDimensions(r.dimensions)},
        {QStringLiteral("thumbnail"), r.thumbnail}, {QStringLiteral("defaultElements"), elements}};
}

template<>
Result<MapRequest> fromJson<MapRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    MapRequest r;
    r.name = in.string({"name"}).trimmed();
    const auto dims = in.string({"dimensions"});
    r.thumbnail = in.optionalString({"thumbnail"}).value_or(QString());
    const auto elements = in.optionalArray({"defaultElements"}).value_or(QJsonArray());
    if (!r.name.isEmpty()) {
        in.merge(Validation::name(r.name));
    }
    if (!dims.isEmpty()) {
        auto size = Validation::dimensions(dims);
        if (size) {
            r.dimensions = *size;
        } else {
            in.merge(size.error());
        }
    }
    if (!r.thumbnail.isEmpty()) {
        in.merge(Validation::imageUrl(r.thumbnail, QStringLiteral("thumbnail")));
    }
    if (elements.size() > MaxDefaultElements) {
        in.fail(
            QStringLiteral("defaultElements"), QStringLiteral("must have at most %1 items").arg(MaxDefaultElements));
        return in.finish(r);
    }
    for (qsizetype i = 0; i < elements.size(); ++i) {
        JsonReader item(elements.at(i), QStringLiteral("defaultElements[%1]").arg(i));
        MapElement e;
        e.elementId = item.string({"elementId"});
        e.position.x = item.integer({"x"}, 0, Grid::MaxSide - 1);
        e.position.y = item.integer({"y"}, 0, Grid::MaxSide - 1);
        if (!e.elementId.isEmpty()) {
            item.merge(Validation::id(e.elementId, QStringLiteral("elementId")));
        }
        if (!item.ok()) {
            for (const auto &f : item.error().fields) {
                in.fail(f.field, f.message);
            }
            continue;
        }
        r.defaultElements.append(e);
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const UpdateUserRequest &r)
{
    return {{QStringLiteral("role"), roleName(r.role)}};
}

template<>
Result<UpdateUserRequest> fromJson<UpdateUserRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    UpdateUserRequest r;
    const auto role = parseRole(in.string({"role"}));
    if (in.ok() && !role) {
        in.fail(QStringLiteral("role"), QStringLiteral("must be \"User\" or \"Admin\""));
    }
    r.role = role.value_or(Role::User);
    return in.finish(r);
}

QJsonObject Rest::toJson(const CreateChatroomRequest &r)
{
    QJsonObject o{{QStringLiteral("name"), r.name}};
    if (!r.spaceId.isEmpty()) {
        o.insert(QStringLiteral("spaceId"), r.spaceId);
    }
    if (r.isPrivate) {
        o.insert(QStringLiteral("private"), true);
    }
    return o;
}

template<>
Result<CreateChatroomRequest> fromJson<CreateChatroomRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    CreateChatroomRequest r;
    r.name = in.string({"name"}).trimmed();
    if (in.ok()) {
        in.merge(Validation::name(r.name));
    }
    if (const auto spaceId = in.optionalString({"spaceId"})) {
        r.spaceId = *spaceId;
        in.merge(Validation::id(r.spaceId, QStringLiteral("spaceId")));
    }
    r.isPrivate = in.optionalBoolean({"private"}).value_or(false);
    return in.finish(r);
}

QJsonObject Rest::toJson(const RenameChatroomRequest &r)
{
    return {{QStringLiteral("name"), r.name}};
}

template<>
Result<RenameChatroomRequest> fromJson<RenameChatroomRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    RenameChatroomRequest r;
    r.name = in.string({"name"}).trimmed();
    if (in.ok()) {
        in.merge(Validation::name(r.name));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const DirectChatRequest &r)
{
    return {{QStringLiteral("userId"), r.userId}};
}

template<>
Result<DirectChatRequest> fromJson<DirectChatRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    DirectChatRequest r;
    r.userId = in.string({"userId"});
    if (in.ok()) {
        in.merge(Validation::id(r.userId, QStringLiteral("userId")));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const AddChatMemberRequest &r)
{
    return {{QStringLiteral("username"), r.username}};
}

template<>
Result<AddChatMemberRequest> fromJson<AddChatMemberRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    AddChatMemberRequest r;
    r.username = in.string({"username"});
    if (in.ok()) {
        in.merge(Validation::username(r.username));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const SendMessageRequest &r)
{
    QJsonObject o{{QStringLiteral("content"), r.content}};
    if (!r.clientMsgId.isEmpty()) {
        o.insert(QStringLiteral("clientMsgId"), r.clientMsgId);
    }
    return o;
}

template<>
Result<SendMessageRequest> fromJson<SendMessageRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    SendMessageRequest r;
    const QString content = in.string({"content"});
    if (in.ok()) {
        in.merge(Validation::chatMessage(content));
        r.content = content.trimmed();
    }
    if (const auto clientMsgId = in.optionalString({"clientMsgId"})) {
        r.clientMsgId = *clientMsgId;
        in.merge(Validation::id(r.clientMsgId, QStringLiteral("clientMsgId")));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const SendMessageResponse &r)
{
    return {{QStringLiteral("id"), r.id}, {QStringLiteral("timestamp"), formatTimestamp(r.timestamp)}};
}

template<>
Result<SendMessageResponse> fromJson<SendMessageResponse>(const QJsonValue &value)
{
    JsonReader in(value);
    SendMessageResponse r;
    r.id = in.string({"id"});
    const QString stamp = in.string({"timestamp"});
    r.timestamp = QDateTime::fromString(stamp, Qt::ISODateWithMs);
    if (!stamp.isEmpty() && !r.timestamp.isValid()) {
        in.fail(QStringLiteral("timestamp"), QStringLiteral("must be an ISO 8601 date and time"));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const MarkReadRequest &r)
{
    return {{QStringLiteral("messageId"), r.messageId}};
}

template<>
Result<MarkReadRequest> fromJson<MarkReadRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    MarkReadRequest r;
    r.messageId = in.string({"messageId"});
    if (in.ok()) {
        in.merge(Validation::id(r.messageId, QStringLiteral("messageId")));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const MessagePage &r)
{
    QJsonArray messages;
    for (const auto &message : r.messages) {
        messages.append(Metaverse::toJson(message));
    }
    return {{QStringLiteral("messages"), messages}, {QStringLiteral("hasMore"), r.hasMore}};
}

template<>
Result<MessagePage> fromJson<MessagePage>(const QJsonValue &value)
{
    JsonReader in(value);
    MessagePage r;
    const auto messages = in.array({"messages"});
    r.hasMore = in.boolean({"hasMore"});
    for (qsizetype i = 0; i < messages.size(); ++i) {
        auto message = fromJson<Message>(messages.at(i));
        if (message) {
            r.messages.append(std::move(message).value());
        } else {
            in.merge(message.error(), QStringLiteral("messages[%1]").arg(i));
        }
    }
    return in.finish(r);
}

QUrlQuery Rest::toQuery(const ChatroomListQuery &q)
{
    QUrlQuery query;
    if (!q.spaceId.isEmpty()) {
        query.addQueryItem(QStringLiteral("spaceId"), q.spaceId);
    }
    return query;
}

QUrlQuery Rest::toQuery(const MessageHistoryQuery &q)
{
    QUrlQuery query;
    if (!q.before.isEmpty()) {
        query.addQueryItem(QStringLiteral("before"), q.before);
    }
    query.addQueryItem(QStringLiteral("limit"), QString::number(q.limit));
    return query;
}

Result<ChatroomListQuery> Rest::parseChatroomListQuery(const QUrlQuery &query)
{
    ChatroomListQuery q;
    q.spaceId = query.queryItemValue(QStringLiteral("spaceId"), QUrl::FullyDecoded);
    if (query.hasQueryItem(QStringLiteral("spaceId"))) {
        if (auto status = Validation::id(q.spaceId, QStringLiteral("spaceId")); !status) {
            return status.error();
        }
    }
    return q;
}

Result<MessageHistoryQuery> Rest::parseMessageHistoryQuery(const QUrlQuery &query)
{
    MessageHistoryQuery q;
    QList<FieldError> errors;
    if (query.hasQueryItem(QStringLiteral("before"))) {
        q.before = query.queryItemValue(QStringLiteral("before"), QUrl::FullyDecoded);
        if (auto status = Validation::id(q.before, QStringLiteral("before")); !status) {
            errors.append(status.error().fields);
        }
    }
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        q.limit = query.queryItemValue(QStringLiteral("limit"), QUrl::FullyDecoded).toInt(&ok);
        if (!ok || q.limit < 1 || q.limit > MaxHistoryLimit) {
            errors.append(
                {QStringLiteral("limit"), QStringLiteral("must be an integer between 1 and %1").arg(MaxHistoryLimit)});
        }
    }
    if (errors.size() == 1) {
        return Error::invalid(errors.constFirst().field + QLatin1Char(' ') + errors.constFirst().message, errors);
    }
    if (!errors.isEmpty()) {
        return Error::invalid(QStringLiteral("The query has %1 invalid parameters").arg(errors.size()), errors);
    }
    return q;
}

} // namespace Metaverse
