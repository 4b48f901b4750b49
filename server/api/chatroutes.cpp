// SPDX-License-Identifier: GPL-3.0-or-later
// Chat rooms, their members and messages: /chatrooms/*.
#include "routes.h"

#include "chat/chatservice.h"

namespace Metaverse
{

using Method = QHttpServerRequest::Method;
using namespace Api;

void registerChatRoutes(Router &router, ApiContext &context)
{
    auto *ctx = &context;
    const QString rooms = Base + QStringLiteral("/chatrooms");
    router.add(Method::Get, rooms, Access::User, BodyKind::None, [ctx](const Request &r) {
        auto query = Rest::parseChatroomListQuery(r.query);
        if (!query) {
            return Response::problem(query.error());
        }
        return respond(ctx->chat.list(*r.user, query->spaceId), [](const QList<Chatroom> &list) {
            return QJsonObject{
                {QStringLiteral("chatrooms"), toJsonArray(list, [](const Chatroom &room) { return toJson(room); })}};
        });
    });
    router.add(Method::Post, rooms, Access::User, BodyKind::Json, [ctx](const Request &r) {
        auto body = decode<Rest::CreateChatroomRequest>(r);
        if (!body) {
            return Response::problem(body.error());
        }
        return respond(ctx->chat.create(*r.user, body->name, body->spaceId, body->isPrivate), [](const QString &id) {
            return QJsonObject{{QStringLiteral("id"), id}};
        });
    });
    router.add(Method::Post, rooms + QStringLiteral("/direct"), Access::User, BodyKind::Json, [ctx](const Request &r) {
        auto body = decode<Rest::DirectChatRequest>(r);
        if (!body) {
            return Response::problem(body.error());
        }
        return respond(ctx->chat.directRoom(*r.user, body->userId), [](const QString &id) {
            return QJsonObject{{QStringLiteral("id"), id}};
        });
    });
    router.add(Method::Patch, rooms + QStringLiteral("/:id"), Access::User, BodyKind::Json, [ctx](const Request &r) {
        auto body = decode<Rest::RenameChatroomRequest>(r);
        if (!body) {
            return Response::problem(body.error());
        }
        return respond(
            ctx->chat.rename(*r.user, r.param(QStringLiteral("id")), body->name), QStringLiteral("Chat room renamed"));
    });
    router.add(Method::Delete, rooms + QStringLiteral("/:id"), Access::User, BodyKind::None, [ctx](const Request &r) {
        return respond(ctx->chat.remove(*r.user, r.param(QStringLiteral("id"))), QStringLiteral("Chat room deleted"));
    });
    router.add(
        Method::Post, rooms + QStringLiteral("/:id/members"), Access::User, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::AddChatMemberRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(ctx->chat.addMember(*r.user, r.param(QStringLiteral("id")), body->username),
                [](const std::pair<QString, QString> &member) {
                    return QJsonObject{
                        {QStringLiteral("userId"), member.first}, {QStringLiteral("username"), member.second}};
                });
        });
    router.add(Method::Delete, rooms + QStringLiteral("/:id/members/:userId"), Access::User, BodyKind::None,
        [ctx](const Request &r) {
            return respond(
                ctx->chat.removeMember(*r.user, r.param(QStringLiteral("id")), r.param(QStringLiteral("userId"))),
                QStringLiteral("Member removed"));
        });
    router.add(
        Method::Get, rooms + QStringLiteral("/:id/messages"), Access::User, BodyKind::None, [ctx](const Request &r) {
            auto query = Rest::parseMessageHistoryQuery(r.query);
            if (!query) {
                return Response::problem(query.error());
            }
            return respond(ctx->chat.history(*r.user, r.param(QStringLiteral("id")), query->before, query->limit),
                [](const MessageHistory &page) {
                    return Rest::toJson(Rest::MessagePage{page.messages, page.hasMore});
                });
        });
    router.add(
        Method::Post, rooms + QStringLiteral("/:id/messages"), Access::User, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::SendMessageRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(ctx->chat.send(*r.user, r.param(QStringLiteral("id")), {body->content, body->clientMsgId}),
                [](const SentMessage &sent) {
                    return Rest::toJson(Rest::SendMessageResponse{sent.message.id, sent.message.timestamp});
                });
        });
    router.add(Method::Delete, rooms + QStringLiteral("/:id/messages/:messageId"), Access::User, BodyKind::None,
        [ctx](const Request &r) {
            return respond(
                ctx->chat.deleteMessage(*r.user, r.param(QStringLiteral("id")), r.param(QStringLiteral("messageId"))),
                QStringLiteral("Message deleted"));
        });
    router.add(
        Method::Post, rooms + QStringLiteral("/:id/read"), Access::User, BodyKind::Json, [ctx](const Request &r) {
            auto body = decode<Rest::MarkReadRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            return respond(ctx->chat.markRead(*r.user, r.param(QStringLiteral("id")), body->messageId),
                QStringLiteral("Marked as read"));
        });
}

} // namespace Metaverse
