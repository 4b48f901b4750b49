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
        auto list = ctx->chat.list(*r.user, query->spaceId);
        if (!list) {
            return Response::problem(list.error());
        }
        QJsonArray items;
        for (const auto &room : std::as_const(*list)) {
            items.append(toJson(room));
        }
        return Response::json({{QStringLiteral("chatrooms"), items}});
    });
    router.add(Method::Post, rooms, Access::User, BodyKind::Json, [ctx](const Request &r) {
        auto body = decode<Rest::CreateChatroomRequest>(r);
        if (!body) {
            return Response::problem(body.error());
        }
        auto id = ctx->chat.create(*r.user, *body);
        if (!id) {
            return Response::problem(id.error());
        }
        return Response::json({{QStringLiteral("id"), *id}});
    });
    router.add(Method::Delete, rooms + QStringLiteral("/:id"), Access::User, BodyKind::None, [ctx](const Request &r) {
        const QString id = r.param(QStringLiteral("id"));
        if (auto status = ctx->chat.remove(*r.user, id); !status) {
            return Response::problem(status.error());
        }
        return ok(QStringLiteral("Chat room deleted"));
    });
    router.add(
        Method::Post, rooms + QStringLiteral("/:id/members"), Access::User, BodyKind::Json, [ctx](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            auto body = decode<Rest::AddChatMemberRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            auto member = ctx->chat.addMember(*r.user, id, *body);
            if (!member) {
                return Response::problem(member.error());
            }
            return Response::json(
                {{QStringLiteral("userId"), member->first}, {QStringLiteral("username"), member->second}});
        });
    router.add(Method::Delete, rooms + QStringLiteral("/:id/members/:userId"), Access::User, BodyKind::None,
        [ctx](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            const QString userId = r.param(QStringLiteral("userId"));
            if (auto status = ctx->chat.removeMember(*r.user, id, userId); !status) {
                return Response::problem(status.error());
            }
            return ok(QStringLiteral("Member removed"));
        });
    router.add(
        Method::Get, rooms + QStringLiteral("/:id/messages"), Access::User, BodyKind::None, [ctx](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            auto query = Rest::parseMessageHistoryQuery(r.query);
            if (!query) {
                return Response::problem(query.error());
            }
            auto page = ctx->chat.history(*r.user, id, *query);
            if (!page) {
                return Response::problem(page.error());
            }
            return Response::json(Rest::toJson(*page));
        });
    router.add(
        Method::Post, rooms + QStringLiteral("/:id/messages"), Access::User, BodyKind::Json, [ctx](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            auto body = decode<Rest::SendMessageRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            auto sent = ctx->chat.send(*r.user, id, *body);
            if (!sent) {
                return Response::problem(sent.error());
            }
            return Response::json(Rest::toJson(Rest::SendMessageResponse{sent->message.id, sent->message.timestamp}));
        });
    router.add(
        Method::Post, rooms + QStringLiteral("/:id/read"), Access::User, BodyKind::Json, [ctx](const Request &r) {
            const QString id = r.param(QStringLiteral("id"));
            auto body = decode<Rest::MarkReadRequest>(r);
            if (!body) {
                return Response::problem(body.error());
            }
            if (auto status = ctx->chat.markRead(*r.user, id, *body); !status) {
                return Response::problem(status.error());
            }
            return ok(QStringLiteral("Marked as read"));
        });
}

} // namespace Metaverse
