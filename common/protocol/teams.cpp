// SPDX-License-Identifier: GPL-3.0-or-later
#include "teams.h"

#include "model/chat.h"
#include "validation/validation.h"

#include <limits>

namespace Metaverse
{

using namespace Rest;

namespace
{
QJsonValue optionalText(const QString &value)
{
    return value.isEmpty() ? QJsonValue() : QJsonValue(value);
}

QJsonValue optionalNumber(const std::optional<int> &value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

QDateTime readTime(JsonReader &in, const char *key)
{
    const QString text = in.string({key});
    if (!in.ok()) {
        return {};
    }
    auto time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid()) {
        in.fail(QString::fromLatin1(key), QStringLiteral("must be an ISO 8601 time"));
    }
    return time;
}

QString readId(JsonReader &in, const char *key)
{
    const QString value = in.string({key});
    if (in.ok()) {
        in.merge(Validation::id(value, QString::fromLatin1(key)));
    }
    return value;
}

// One error for one bad parameter, a summary for several.
Error queryError(const QList<FieldError> &errors)
{
    if (errors.size() == 1) {
        return Error::invalid(errors.constFirst().field + QLatin1Char(' ') + errors.constFirst().message, errors);
    }
    return Error::invalid(QStringLiteral("The query has %1 invalid parameters").arg(errors.size()), errors);
}

// An integer query parameter in [min, max], or `fallback` when absent.
int intParameter(const QUrlQuery &query, const QString &name, int min, int max, int fallback, QList<FieldError> &errors)
{
    if (!query.hasQueryItem(name)) {
        return fallback;
    }
    bool ok = false;
    const int value = query.queryItemValue(name, QUrl::FullyDecoded).toInt(&ok);
    if (!ok || value < min || value > max) {
        errors.append({name, QStringLiteral("must be an integer between %1 and %2").arg(min).arg(max)});
        return fallback;
    }
    return value;
}
} // namespace

QUrlQuery Rest::toQuery(const UserSearchQuery &q)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("query"), QString::fromUtf8(QUrl::toPercentEncoding(q.prefix)));
    return query;
}

Result<UserSearchQuery> Rest::parseUserSearchQuery(const QUrlQuery &query)
{
    UserSearchQuery q;
    q.prefix = query.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
    if (q.prefix.isEmpty() || q.prefix.size() > UserQueryMaxLength) {
        return queryError({{QStringLiteral("query"),
            QStringLiteral("must be 1 to %1 characters (the start of a username)").arg(UserQueryMaxLength)}});
    }
    return q;
}

Result<PageQuery> Rest::parsePageQuery(const QUrlQuery &query)
{
    QList<FieldError> errors;
    PageQuery q;
    q.page = intParameter(query, QStringLiteral("page"), 1, 1000000, 1, errors);
    q.pageSize = intParameter(query, QStringLiteral("pageSize"), 1, MaxPageSize, DefaultPageSize, errors);
    if (!errors.isEmpty()) {
        return queryError(errors);
    }
    return q;
}

Result<AuditQuery> Rest::parseAuditQuery(const QUrlQuery &query)
{
    QList<FieldError> errors;
    AuditQuery q;
    if (query.hasQueryItem(QStringLiteral("before"))) {
        q.before = query.queryItemValue(QStringLiteral("before"), QUrl::FullyDecoded);
        if (auto status = Validation::id(q.before, QStringLiteral("before")); !status) {
            errors.append(status.error().fields);
        }
    }
    q.limit = intParameter(query, QStringLiteral("limit"), 1, MaxAuditLimit, DefaultAuditLimit, errors);
    if (!errors.isEmpty()) {
        return queryError(errors);
    }
    return q;
}

QJsonObject Rest::toJson(const UserMatch &m)
{
    return {{QStringLiteral("id"), m.id}, {QStringLiteral("username"), m.username},
        {QStringLiteral("avatarId"), optionalText(m.avatarId)},
        {QStringLiteral("avatarUrl"), optionalText(m.avatarUrl)}};
}

template<>
Result<UserMatch> fromJson<UserMatch>(const QJsonValue &value)
{
    JsonReader in(value);
    UserMatch m;
    m.id = in.string({"id"});
    m.username = in.string({"username"});
    m.avatarId = in.optionalString({"avatarId"}).value_or(QString());
    m.avatarUrl = in.optionalString({"avatarUrl"}).value_or(QString());
    return in.finish(m);
}

QJsonObject Rest::toJson(const CreateInviteRequest &r)
{
    return {{QStringLiteral("canEdit"), r.canEdit}, {QStringLiteral("expiresInHours"), r.expiresInHours},
        {QStringLiteral("maxUses"), optionalNumber(r.maxUses)}};
}

template<>
Result<CreateInviteRequest> fromJson<CreateInviteRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    CreateInviteRequest r;
    r.canEdit = in.optionalBoolean({"canEdit"}).value_or(false);
    r.expiresInHours =
        in.optionalInteger({"expiresInHours"}, InviteMinHours, InviteMaxHours).value_or(InviteDefaultHours);
    r.maxUses = in.optionalInteger({"maxUses"}, 1, InviteMaxUses);
    return in.finish(r);
}

QJsonObject Rest::toJson(const InviteCreated &r)
{
    return {{QStringLiteral("id"), r.id}, {QStringLiteral("token"), r.token}};
}

template<>
Result<InviteCreated> fromJson<InviteCreated>(const QJsonValue &value)
{
    JsonReader in(value);
    InviteCreated r;
    r.id = in.string({"id"});
    r.token = in.string({"token"});
    return in.finish(r);
}

QJsonObject Rest::toJson(const Invite &r)
{
    return {{QStringLiteral("id"), r.id}, {QStringLiteral("spaceId"), r.spaceId},
        {QStringLiteral("canEdit"), r.canEdit}, {QStringLiteral("expiresAt"), formatTimestamp(r.expiresAt)},
        {QStringLiteral("maxUses"), optionalNumber(r.maxUses)}, {QStringLiteral("uses"), r.uses},
        {QStringLiteral("createdBy"), optionalText(r.createdBy)},
        {QStringLiteral("createdAt"), formatTimestamp(r.createdAt)}};
}

template<>
Result<Invite> fromJson<Invite>(const QJsonValue &value)
{
    JsonReader in(value);
    Invite r;
    r.id = in.string({"id"});
    r.spaceId = in.string({"spaceId"});
    r.canEdit = in.boolean({"canEdit"});
    r.expiresAt = readTime(in, "expiresAt");
    r.maxUses = in.optionalInteger({"maxUses"}, 1, InviteMaxUses);
    r.uses = in.integer({"uses"}, 0, std::numeric_limits<int>::max());
    r.createdBy = in.optionalString({"createdBy"}).value_or(QString());
    r.createdAt = readTime(in, "createdAt");
    return in.finish(r);
}

QJsonObject Rest::toJson(const SpaceListing &r)
{
    QJsonObject o = toSummaryJson(r.space);
    o.insert(QStringLiteral("ownerId"), optionalText(r.space.creatorId));
    o.insert(QStringLiteral("ownerName"), optionalText(r.ownerName));
    o.insert(QStringLiteral("access"), r.access);
    return o;
}

template<>
Result<SpaceListing> fromJson<SpaceListing>(const QJsonValue &value)
{
    JsonReader in(value);
    SpaceListing r;
    auto space = spaceFromSummaryJson(value);
    if (space) {
        r.space = std::move(space).value();
    } else {
        in.merge(space.error());
    }
    r.ownerName = in.optionalString({"ownerName"}).value_or(QString());
    r.access = in.string({"access"});
    static const QStringList accesses{QStringLiteral("owner"), QStringLiteral("editor"), QStringLiteral("member"),
        QStringLiteral("admin"), QStringLiteral("template")};
    if (in.ok() && !accesses.contains(r.access)) {
        in.fail(QStringLiteral("access"), QStringLiteral("must be one of ") + accesses.join(QStringLiteral(", ")));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const UserTargetRequest &r)
{
    return {{QStringLiteral("userId"), r.userId}};
}

template<>
Result<UserTargetRequest> fromJson<UserTargetRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    UserTargetRequest r;
    r.userId = readId(in, "userId");
    return in.finish(r);
}

QJsonObject Rest::toJson(const BanRequest &r)
{
    return {{QStringLiteral("userId"), r.userId}, {QStringLiteral("reason"), r.reason}};
}

template<>
Result<BanRequest> fromJson<BanRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    BanRequest r;
    r.userId = readId(in, "userId");
    r.reason = in.optionalString({"reason"}).value_or(QString()).trimmed();
    if (r.reason.size() > BanReasonMaxLength) {
        in.fail(QStringLiteral("reason"), QStringLiteral("must be at most %1 characters").arg(BanReasonMaxLength));
    }
    return in.finish(r);
}

QJsonObject Rest::toJson(const Ban &r)
{
    return {{QStringLiteral("userId"), r.userId}, {QStringLiteral("username"), r.username},
        {QStringLiteral("reason"), r.reason}, {QStringLiteral("bannedBy"), optionalText(r.bannedBy)},
        {QStringLiteral("createdAt"), formatTimestamp(r.createdAt)}};
}

template<>
Result<Ban> fromJson<Ban>(const QJsonValue &value)
{
    JsonReader in(value);
    Ban r;
    r.userId = in.string({"userId"});
    r.username = in.string({"username"});
    r.reason = in.optionalString({"reason"}).value_or(QString());
    r.bannedBy = in.optionalString({"bannedBy"}).value_or(QString());
    r.createdAt = readTime(in, "createdAt");
    return in.finish(r);
}

QJsonObject Rest::toJson(const MuteRequest &r)
{
    return {{QStringLiteral("userId"), r.userId}, {QStringLiteral("minutes"), r.minutes}};
}

template<>
Result<MuteRequest> fromJson<MuteRequest>(const QJsonValue &value)
{
    JsonReader in(value);
    MuteRequest r;
    r.userId = readId(in, "userId");
    r.minutes = in.integer({"minutes"}, 1, MuteMaxMinutes);
    return in.finish(r);
}

QJsonObject Rest::toJson(const Mute &r)
{
    return {{QStringLiteral("userId"), r.userId}, {QStringLiteral("username"), r.username},
        {QStringLiteral("until"), formatTimestamp(r.until)}, {QStringLiteral("mutedBy"), optionalText(r.mutedBy)}};
}

template<>
Result<Mute> fromJson<Mute>(const QJsonValue &value)
{
    JsonReader in(value);
    Mute r;
    r.userId = in.string({"userId"});
    r.username = in.string({"username"});
    r.until = readTime(in, "until");
    r.mutedBy = in.optionalString({"mutedBy"}).value_or(QString());
    return in.finish(r);
}

QJsonObject Rest::toJson(const AuditEntry &r)
{
    return {{QStringLiteral("id"), r.id}, {QStringLiteral("actorId"), optionalText(r.actorId)},
        {QStringLiteral("actorName"), optionalText(r.actorName)}, {QStringLiteral("action"), r.action},
        {QStringLiteral("targetUserId"), optionalText(r.targetUserId)},
        {QStringLiteral("targetName"), optionalText(r.targetName)}, {QStringLiteral("detail"), r.detail},
        {QStringLiteral("time"), formatTimestamp(r.time)}};
}

template<>
Result<AuditEntry> fromJson<AuditEntry>(const QJsonValue &value)
{
    JsonReader in(value);
    AuditEntry r;
    r.id = in.string({"id"});
    r.actorId = in.optionalString({"actorId"}).value_or(QString());
    r.actorName = in.optionalString({"actorName"}).value_or(QString());
    r.action = in.string({"action"});
    r.targetUserId = in.optionalString({"targetUserId"}).value_or(QString());
    r.targetName = in.optionalString({"targetName"}).value_or(QString());
    r.detail = in.value({"detail"}).toObject();
    r.time = readTime(in, "time");
    return in.finish(r);
}

} // namespace Metaverse
