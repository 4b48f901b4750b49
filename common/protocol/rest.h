// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Request and response bodies of the REST API (docs/api/openapi.yaml). The server decodes
// requests with fromJson<> (structure and the fixed rules of common/validation); the client
// encodes them with toJson(). Configurable rules (password length) are checked by the server.

#include "grid/grid.h"
#include "json.h"
#include "model/avatar.h"
#include "model/chat.h"
#include "model/user.h"

#include <QUrlQuery>

#include <optional>

namespace Metaverse::Rest
{

struct SignupRequest {
    QString username;
    QString password;
    Role type = Role::User;
};

struct LoginRequest {
    QString username;
    QString password;
};

struct LoginResponse {
    QString token;
    User user;
};

struct SetAvatarRequest {
    QString avatarId;
};

// POST /me/password; the answer is a LoginResponse (the old tokens end, the caller signs in anew).
struct ChangePasswordRequest {
    QString currentPassword;
    QString newPassword;
};

struct CreateSpaceRequest {
    QString name;
    std::optional<Size> dimensions;
    QString mapId; // empty: from scratch
};

struct UpdateSpaceRequest {
    std::optional<QString> name;
    std::optional<QString> thumbnail; // an empty string clears it
    std::optional<std::optional<int>> maxUsers; // null: unlimited (Space::maxUsers)
};

struct PlaceElementRequest {
    QString spaceId;
    QString elementId;
    Point position;
};

struct RemoveElementRequest {
    QString id;
};

struct AddMemberRequest {
    QString username;
    bool canEdit = false;
};

struct CreateElementRequest {
    QString name;
    QString imageUrl;
    int width = 1;
    int height = 1;
    bool isStatic = false;
    QString category = QStringLiteral("furniture");
};

struct UpdateElementRequest {
    std::optional<QString> name;
    std::optional<QString> imageUrl;
    std::optional<int> width;
    std::optional<int> height;
    std::optional<bool> isStatic;
    std::optional<QString> category;
};

struct CreateAvatarRequest {
    QString name;
    QString imageUrl;
};

struct RenameAvatarRequest {
    QString name;
};

struct MapElement {
    QString elementId;
    Point position;
};

struct MapRequest {
    QString name;
    Size dimensions;
    QString thumbnail;
    QList<MapElement> defaultElements;
};

struct UpdateUserRequest {
    Role role = Role::User;
};

// Chat (docs/api/openapi.yaml, tag Chat).
struct CreateChatroomRequest {
    QString name;
    QString spaceId; // empty: a private room owned by the caller
    bool isPrivate = false; // `private`: in a space, a room for its invited members only
};

struct RenameChatroomRequest {
    QString name;
};

// POST /chatrooms/direct: the direct room of the caller and `userId`.
struct DirectChatRequest {
    QString userId;
};

struct AddChatMemberRequest {
    QString username;
};

struct SendMessageRequest {
    QString content; // trimmed
    QString clientMsgId; // empty when the client sent none
};

// {id, timestamp}: the stored message (the original one for a retried clientMsgId).
struct SendMessageResponse {
    QString id;
    QDateTime timestamp;
};

struct MarkReadRequest {
    QString messageId;
};

// GET /chatrooms?spaceId=
struct ChatroomListQuery {
    QString spaceId; // empty: the caller's rooms
};

inline constexpr int DefaultHistoryLimit = 50;
inline constexpr int MaxHistoryLimit = 100;

// GET /chatrooms/:id/messages?before=&limit=
struct MessageHistoryQuery {
    QString before; // a message id; empty: the latest messages
    int limit = DefaultHistoryLimit;
};

// {messages (oldest first), hasMore (older messages exist)}
struct MessagePage {
    QList<Message> messages;
    bool hasMore = false;
};

// A hard cap on list sizes inside one request body.
inline constexpr int MaxDefaultElements = 10000;

QJsonObject toJson(const SignupRequest &r);
QJsonObject toJson(const LoginRequest &r);
QJsonObject toJson(const LoginResponse &r);
QJsonObject toJson(const SetAvatarRequest &r);
QJsonObject toJson(const ChangePasswordRequest &r);
QJsonObject toJson(const CreateSpaceRequest &r);
QJsonObject toJson(const UpdateSpaceRequest &r);
QJsonObject toJson(const PlaceElementRequest &r);
QJsonObject toJson(const RemoveElementRequest &r);
QJsonObject toJson(const AddMemberRequest &r);
QJsonObject toJson(const CreateElementRequest &r);
QJsonObject toJson(const UpdateElementRequest &r);
QJsonObject toJson(const CreateAvatarRequest &r);
QJsonObject toJson(const RenameAvatarRequest &r);
QJsonObject toJson(const MapRequest &r);
QJsonObject toJson(const UpdateUserRequest &r);
QJsonObject toJson(const CreateChatroomRequest &r);
QJsonObject toJson(const RenameChatroomRequest &r);
QJsonObject toJson(const DirectChatRequest &r);
QJsonObject toJson(const AddChatMemberRequest &r);
QJsonObject toJson(const SendMessageRequest &r);
QJsonObject toJson(const SendMessageResponse &r);
QJsonObject toJson(const MarkReadRequest &r);
QJsonObject toJson(const MessagePage &r);
QUrlQuery toQuery(const ChatroomListQuery &q);
QUrlQuery toQuery(const MessageHistoryQuery &q);
Result<ChatroomListQuery> parseChatroomListQuery(const QUrlQuery &query);
Result<MessageHistoryQuery> parseMessageHistoryQuery(const QUrlQuery &query);

} // namespace Metaverse::Rest

namespace Metaverse
{
template<>
Result<Rest::SignupRequest> fromJson<Rest::SignupRequest>(const QJsonValue &value);
template<>
Result<Rest::LoginRequest> fromJson<Rest::LoginRequest>(const QJsonValue &value);
template<>
Result<Rest::LoginResponse> fromJson<Rest::LoginResponse>(const QJsonValue &value);
template<>
Result<Rest::SetAvatarRequest> fromJson<Rest::SetAvatarRequest>(const QJsonValue &value);
template<>
Result<Rest::ChangePasswordRequest> fromJson<Rest::ChangePasswordRequest>(const QJsonValue &value);
template<>
Result<Rest::CreateSpaceRequest> fromJson<Rest::CreateSpaceRequest>(const QJsonValue &value);
template<>
Result<Rest::UpdateSpaceRequest> fromJson<Rest::UpdateSpaceRequest>(const QJsonValue &value);
template<>
Result<Rest::PlaceElementRequest> fromJson<Rest::PlaceElementRequest>(const QJsonValue &value);
template<>
Result<Rest::RemoveElementRequest> fromJson<Rest::RemoveElementRequest>(const QJsonValue &value);
template<>
Result<Rest::AddMemberRequest> fromJson<Rest::AddMemberRequest>(const QJsonValue &value);
template<>
Result<Rest::CreateElementRequest> fromJson<Rest::CreateElementRequest>(const QJsonValue &value);
template<>
Result<Rest::UpdateElementRequest> fromJson<Rest::UpdateElementRequest>(const QJsonValue &value);
template<>
Result<Rest::CreateAvatarRequest> fromJson<Rest::CreateAvatarRequest>(const QJsonValue &value);
template<>
Result<Rest::RenameAvatarRequest> fromJson<Rest::RenameAvatarRequest>(const QJsonValue &value);
template<>
Result<Rest::MapRequest> fromJson<Rest::MapRequest>(const QJsonValue &value);
template<>
Result<Rest::UpdateUserRequest> fromJson<Rest::UpdateUserRequest>(const QJsonValue &value);
template<>
Result<Rest::CreateChatroomRequest> fromJson<Rest::CreateChatroomRequest>(const QJsonValue &value);
template<>
Result<Rest::RenameChatroomRequest> fromJson<Rest::RenameChatroomRequest>(const QJsonValue &value);
template<>
Result<Rest::DirectChatRequest> fromJson<Rest::DirectChatRequest>(const QJsonValue &value);
template<>
Result<Rest::AddChatMemberRequest> fromJson<Rest::AddChatMemberRequest>(const QJsonValue &value);
template<>
Result<Rest::SendMessageRequest> fromJson<Rest::SendMessageRequest>(const QJsonValue &value);
template<>
Result<Rest::SendMessageResponse> fromJson<Rest::SendMessageResponse>(const QJsonValue &value);
template<>
Result<Rest::MarkReadRequest> fromJson<Rest::MarkReadRequest>(const QJsonValue &value);
template<>
Result<Rest::MessagePage> fromJson<Rest::MessagePage>(const QJsonValue &value);
} // namespace Metaverse
