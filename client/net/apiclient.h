// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/avatar.h"
#include "model/chat.h"
#include "model/element.h"
#include "model/space.h"
#include "model/user.h"
#include "protocol/rest.h"
#include "protocol/teams.h"
#include "result.h"

#include <QCoroTask>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>

namespace Metaverse
{

// One page of GET /admin/spaces.
struct SpaceListingPage {
    QList<Rest::SpaceListing> spaces;
    int total = 0;
    int page = 1;
    int pageSize = Rest::DefaultPageSize;
};

// The REST API of metaverse-server (docs/api/openapi.yaml) as coroutines. Bodies are encoded and
// decoded with common's codecs; failures come back as Error values: problem+json field errors in
// Error::fields, an unreachable or silent server as ErrorCode::Unavailable with a readable message.
class ApiClient : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultTimeoutMs = 10000;

    explicit ApiClient(QObject *parent = nullptr);

    // "http(s)://host[:port]" (a trailing slash or /api/v1 is tolerated); anything else is an error
    // on the field "serverUrl".
    static Result<QUrl> parseServerUrl(const QString &text);
    // A failed request's HTTP status and problem+json body (docs/api/openapi.yaml, Problem) as an
    // Error: the client's one mapping from statuses to errors. 0 is not a status (no answer).
    static Error errorFromStatus(int status, const QByteArray &body);
    // Worth trying again later (the server is unreachable, restarting or busy), not a refusal.
    [[nodiscard]] static bool isTransient(const Error &error);

    [[nodiscard]] QUrl baseUrl() const { return m_baseUrl; }
    void setBaseUrl(const QUrl &url);
    [[nodiscard]] QString token() const { return m_token; }
    void setToken(const QString &token);
    [[nodiscard]] int timeoutMs() const { return m_timeoutMs; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    // A server path such as "/assets/avatars/a.svg" as an absolute URL; absolute URLs pass through.
    [[nodiscard]] QUrl resolve(const QString &path) const;

    QCoro::Task<Result<User>> signup(QString username, QString password);
    QCoro::Task<Result<Rest::LoginResponse>> login(QString username, QString password);
    QCoro::Task<Result<QString>> refreshToken();
    // Ends this sign-in on the server (POST /logout): the token is refused from then on.
    QCoro::Task<Status> logout();
    QCoro::Task<Result<User>> me();
    QCoro::Task<Result<QList<Avatar>>> avatars();
    QCoro::Task<Status> setAvatar(QString avatarId);
    // The caller's spaces, those shared with them and the templates, each with its owner and access.
    QCoro::Task<Result<QList<Rest::SpaceListing>>> spaces();
    // Every space (Admins only), one page.
    QCoro::Task<Result<SpaceListingPage>> adminSpaces(Rest::PageQuery query);
    // Returns the new space's id.
    QCoro::Task<Result<QString>> createSpace(Rest::CreateSpaceRequest request);
    QCoro::Task<Status> updateSpace(QString spaceId, Rest::UpdateSpaceRequest request);
    QCoro::Task<Status> deleteSpace(QString spaceId);
    // One space with its placed elements, its members (with their edit right), the element catalogue.
    QCoro::Task<Result<Space>> space(QString spaceId);
    QCoro::Task<Result<QList<SpaceMember>>> members(QString spaceId);
    // Adds a member, or changes an existing member's edit right; the member as stored.
    QCoro::Task<Result<SpaceMember>> addMember(QString spaceId, Rest::AddMemberRequest request);
    QCoro::Task<Status> removeMember(QString spaceId, QString userId);
    QCoro::Task<Result<QList<Element>>> elements();
    // Invite links (owner or Admin): the new one's token is in the answer only.
    QCoro::Task<Result<Rest::InviteCreated>> createInvite(QString spaceId, Rest::CreateInviteRequest request);
    QCoro::Task<Result<QList<Rest::Invite>>> invites(QString spaceId);
    QCoro::Task<Status> revokeInvite(QString spaceId, QString inviteId);
    // Joins the invite's space; its id. A token naming nothing is NotFound, a dead invite Gone.
    QCoro::Task<Result<QString>> acceptInvite(QString token);
    // Moderation (owner or Admin).
    QCoro::Task<Status> kick(QString spaceId, QString userId);
    QCoro::Task<Status> ban(QString spaceId, Rest::BanRequest request);
    QCoro::Task<Result<QList<Rest::Ban>>> bans(QString spaceId);
    QCoro::Task<Status> unban(QString spaceId, QString userId);
    QCoro::Task<Status> mute(QString spaceId, Rest::MuteRequest request);
    QCoro::Task<Result<QList<Rest::AuditEntry>>> audit(QString spaceId, Rest::AuditQuery query);
    // Chat: the rooms of a space (with `unread` and `online`) and a page of a room's history.
    QCoro::Task<Result<QList<Chatroom>>> chatrooms(QString spaceId);
    QCoro::Task<Result<Rest::MessagePage>> messages(QString roomId, Rest::MessageHistoryQuery query);
    // Room management: the new room's id; the direct room of the caller and `userId`.
    QCoro::Task<Result<QString>> createChatroom(Rest::CreateChatroomRequest request);
    QCoro::Task<Status> renameChatroom(QString roomId, QString name);
    QCoro::Task<Status> deleteChatroom(QString roomId);
    QCoro::Task<Status> addChatMember(QString roomId, QString username);
    QCoro::Task<Status> removeChatMember(QString roomId, QString userId);
    QCoro::Task<Result<QString>> directChatroom(QString userId);
    QCoro::Task<Status> deleteMessage(QString roomId, QString messageId);

Q_SIGNALS:
    // An authenticated request was refused with 403: the token may have expired or been revoked.
    void authenticationRejected();

private:
    enum class Auth { None, Bearer };
    QCoro::Task<Result<QJsonObject>> send(
        QByteArray method, QString path, QJsonObject body, bool hasBody, Auth auth, QUrlQuery query = {});

    QNetworkAccessManager m_network;
    QUrl m_baseUrl;
    QString m_token;
    int m_timeoutMs = DefaultTimeoutMs;
};

} // namespace Metaverse
