// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Request and response bodies of sharing and moderation (docs/api/openapi.yaml, tags Sharing and
// Moderation): user search, invite links, the space list with the caller's access, bans, kicks,
// mutes and the audit log. Requests are decoded with fromJson<> (structure and fixed bounds).

#include "json.h"
#include "model/space.h"

#include <QDateTime>
#include <QUrlQuery>

#include <optional>

namespace Metaverse::Rest
{

// GET /users?query=: a case-insensitive username prefix, 1..64 characters.
inline constexpr int UserQueryMaxLength = 64;
inline constexpr int UserSearchMaxResults = 20;
struct UserSearchQuery {
    QString prefix;
};

// One match: ids, names and avatars only.
struct UserMatch {
    QString id;
    QString username;
    QString avatarId; // empty: none chosen
    QString avatarUrl; // empty: none chosen
};

inline constexpr int InviteMinHours = 1;
inline constexpr int InviteMaxHours = 720;
inline constexpr int InviteDefaultHours = 168;
inline constexpr int InviteMaxUses = 1000;
struct CreateInviteRequest {
    bool canEdit = false;
    int expiresInHours = InviteDefaultHours;
    std::optional<int> maxUses; // nullopt: unlimited
};

// The answer to creating one: the token is shown this once (only its hash is stored).
struct InviteCreated {
    QString id;
    QString token;
};

// An invite as listed (never with its token).
struct Invite {
    QString id;
    QString spaceId;
    bool canEdit = false;
    QDateTime expiresAt;
    std::optional<int> maxUses;
    int uses = 0;
    QString createdBy;
    QDateTime createdAt;
};

// A space in GET /space/all and GET /admin/spaces: the summary, its owner, and the caller's
// access: "owner", "editor", "member", "admin" (an Admin who is neither) or "template".
struct SpaceListing {
    Space space;
    QString ownerName; // empty for templates
    QString access;
};

// GET /admin/spaces?page=&pageSize=
inline constexpr int DefaultPageSize = 50;
inline constexpr int MaxPageSize = 100;
struct PageQuery {
    int page = 1;
    int pageSize = DefaultPageSize;
};

struct UserTargetRequest {
    QString userId;
};

inline constexpr int BanReasonMaxLength = 500;
struct BanRequest {
    QString userId;
    QString reason; // may be empty
};

struct Ban {
    QString userId;
    QString username;
    QString reason;
    QString bannedBy;
    QDateTime createdAt;
};

inline constexpr int MuteMaxMinutes = 7 * 24 * 60;
struct MuteRequest {
    QString userId;
    int minutes = 0;
};

struct Mute {
    QString userId;
    QString username;
    QDateTime until;
    QString mutedBy;
};

// An entry of a space's audit log: who (actor) did what (action) to whom (targetUserId), when.
struct AuditEntry {
    QString id;
    QString actorId;
    QString actorName;
    QString action;
    QString targetUserId;
    QString targetName;
    QJsonObject detail;
    QDateTime time;
};

// GET /space/:id/audit?before=&limit=
inline constexpr int DefaultAuditLimit = 50;
inline constexpr int MaxAuditLimit = 100;
struct AuditQuery {
    QString before; // an entry id; empty: the newest
    int limit = DefaultAuditLimit;
};

QUrlQuery toQuery(const UserSearchQuery &q);
Result<UserSearchQuery> parseUserSearchQuery(const QUrlQuery &query);
Result<PageQuery> parsePageQuery(const QUrlQuery &query);
Result<AuditQuery> parseAuditQuery(const QUrlQuery &query);

QJsonObject toJson(const UserMatch &m);
QJsonObject toJson(const CreateInviteRequest &r);
QJsonObject toJson(const InviteCreated &r);
QJsonObject toJson(const Invite &r);
// The summary form of the space plus {ownerId, ownerName, access}.
QJsonObject toJson(const SpaceListing &r);
QJsonObject toJson(const UserTargetRequest &r);
QJsonObject toJson(const BanRequest &r);
QJsonObject toJson(const Ban &r);
QJsonObject toJson(const MuteRequest &r);
QJsonObject toJson(const Mute &r);
QJsonObject toJson(const AuditEntry &r);

} // namespace Metaverse::Rest

namespace Metaverse
{
template<>
Result<Rest::UserMatch> fromJson<Rest::UserMatch>(const QJsonValue &value);
template<>
Result<Rest::CreateInviteRequest> fromJson<Rest::CreateInviteRequest>(const QJsonValue &value);
template<>
Result<Rest::InviteCreated> fromJson<Rest::InviteCreated>(const QJsonValue &value);
template<>
Result<Rest::Invite> fromJson<Rest::Invite>(const QJsonValue &value);
template<>
Result<Rest::SpaceListing> fromJson<Rest::SpaceListing>(const QJsonValue &value);
template<>
Result<Rest::UserTargetRequest> fromJson<Rest::UserTargetRequest>(const QJsonValue &value);
template<>
Result<Rest::BanRequest> fromJson<Rest::BanRequest>(const QJsonValue &value);
template<>
Result<Rest::Ban> fromJson<Rest::Ban>(const QJsonValue &value);
template<>
Result<Rest::MuteRequest> fromJson<Rest::MuteRequest>(const QJsonValue &value);
template<>
Result<Rest::Mute> fromJson<Rest::Mute>(const QJsonValue &value);
template<>
Result<Rest::AuditEntry> fromJson<Rest::AuditEntry>(const QJsonValue &value);
} // namespace Metaverse
