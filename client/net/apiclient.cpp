// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiclient.h"

#include "logging.h"

#include <QCoroNetworkReply>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QPointer>
#include <QSslError>

namespace Metaverse
{

Error ApiClient::errorFromStatus(int status, const QByteArray &body)
{
    const auto json = QJsonDocument::fromJson(body).object();
    auto detail = json.value(QStringLiteral("detail")).toString();
    QList<FieldError> fields;
    const auto errors = json.value(QStringLiteral("errors")).toArray();
    for (const auto &entry : errors) {
        const auto object = entry.toObject();
        fields.append(
            {object.value(QStringLiteral("field")).toString(), object.value(QStringLiteral("message")).toString()});
    }
    ErrorCode code = ErrorCode::Internal;
    switch (status) {
    case 400:
        code = ErrorCode::Invalid;
        break;
    case 403:
        code = ErrorCode::Forbidden;
        break;
    case 404:
        code = ErrorCode::NotFound;
        break;
    case 410:
        code = ErrorCode::Gone;
        break;
    case 413:
        code = ErrorCode::PayloadTooLarge;
        break;
    case 415:
        code = ErrorCode::UnsupportedMediaType;
        break;
    case 429:
        code = ErrorCode::RateLimited;
        break;
    case 502: // a proxy in front of a server that is down or restarting
    case 503:
    case 504:
        code = ErrorCode::Unavailable;
        break;
    default:
        code = status >= 500 ? ErrorCode::Internal : ErrorCode::Invalid;
        break;
    }
    if (detail.isEmpty()) {
        detail = ApiClient::tr("The server answered with status %1.").arg(status);
    }
    if (code == ErrorCode::RateLimited) {
        detail = ApiClient::tr("Too many attempts. Please wait a minute and try again.");
    } else if (code == ErrorCode::Internal) {
        detail = ApiClient::tr("The server ran into a problem (status %1). Please try again later.").arg(status);
    }
    return {code, detail, fields};
}

bool ApiClient::isTransient(const Error &error)
{
    return error.code == ErrorCode::Unavailable || error.code == ErrorCode::RateLimited;
}

namespace
{

template<typename T>
Result<QList<T>> decodeList(const QJsonObject &object, const QString &key, Result<T> (*decode)(const QJsonValue &))
{
    QList<T> list;
    const auto array = object.value(key).toArray();
    list.reserve(array.size());
    for (const auto &entry : array) {
        auto item = decode(entry);
        if (!item) {
            return Error::internal(ApiClient::tr("The server sent an unexpected answer: %1").arg(item.error().message));
        }
        list.append(std::move(item).value());
    }
    return list;
}

Result<Avatar> decodeAvatar(const QJsonValue &value)
{
    return fromJson<Avatar>(value);
}

Result<Chatroom> decodeChatroom(const QJsonValue &value)
{
    return fromJson<Chatroom>(value);
}

Result<Element> decodeElement(const QJsonValue &value)
{
    return fromJson<Element>(value);
}

Result<SpaceMember> decodeMember(const QJsonValue &value)
{
    return fromJson<SpaceMember>(value);
}

template<typename T>
Result<T> decodeAs(const QJsonValue &value)
{
    return fromJson<T>(value);
}

QString pathId(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

Error unexpected(const Error &error)
{
    return Error::internal(ApiClient::tr("The server sent an unexpected answer: %1").arg(error.message));
}

} // namespace

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
{
    m_network.setAutoDeleteReplies(false);
}

Result<QUrl> ApiClient::parseServerUrl(const QString &text)
{
    auto trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        return Error::field(QStringLiteral("serverUrl"), tr("Enter the address of your Metaverse server."));
    }
    if (!trimmed.contains(QLatin1String("://"))) {
        trimmed.prepend(QLatin1String("http://"));
    }
    QUrl url(trimmed, QUrl::StrictMode);
    const auto scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https")) || url.hasQuery() || url.hasFragment()) {
        return Error::field(
            QStringLiteral("serverUrl"), tr("Enter an address such as http://127.0.0.1:3001 (http or https)."));
    }
    auto path = url.path();
    while (path.endsWith(QLatin1Char('/'))) {
        path.chop(1);
    }
    if (path.endsWith(QLatin1String("/api/v1"))) {
        path.chop(7);
    }
    url.setPath(path);
    return url;
}

void ApiClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

void ApiClient::setToken(const QString &token)
{
    m_token = token;
}

QUrl ApiClient::resolve(const QString &path) const
{
    if (path.isEmpty()) {
        return {};
    }
    const QUrl url(path);
    if (!url.isRelative()) {
        return url;
    }
    auto base = m_baseUrl;
    base.setPath(m_baseUrl.path() + (path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path));
    return base;
}

QCoro::Task<Result<QJsonObject>> ApiClient::send(
    QByteArray method, QString path, QJsonObject body, bool hasBody, Auth auth, QUrlQuery query)
{
    if (!m_baseUrl.isValid() || m_baseUrl.isEmpty()) {
        co_return Error::unavailable(tr("No server address is set."));
    }
    QUrl url = m_baseUrl;
    url.setPath(m_baseUrl.path() + QStringLiteral("/api/v1") + path);
    if (!query.isEmpty()) {
        url.setQuery(query);
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setRawHeader("Accept", "application/json");
    const bool authenticated = auth == Auth::Bearer && !m_token.isEmpty();
    if (authenticated) {
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    }
    QByteArray payload;
    if (hasBody) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    qCDebug(lcClientApi) << method << url.path();
    QPointer<ApiClient> self(this);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, payload);
    // Certificate problems of an https server, kept to tell the user which (the request fails).
    QList<QSslError> certificateErrors;
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
        [&certificateErrors](const QList<QSslError> &errors) { certificateErrors = errors; });
    co_await reply;
    const std::unique_ptr<QNetworkReply, void (*)(QNetworkReply *)> owner(
        reply, [](QNetworkReply *r) { r->deleteLater(); });

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const auto bytes = reply->readAll();
    if (status == 0) {
        const auto host = url.authority();
        qCInfo(lcClientApi) << method << url.path() << "failed:" << reply->errorString();
        if (reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError) {
            co_return Error::unavailable(
                tr("The server at %1 did not answer within %2 seconds.").arg(host).arg(m_timeoutMs / 1000.0));
        }
        if (!certificateErrors.isEmpty()) {
            QStringList reasons;
            for (const auto &error : std::as_const(certificateErrors)) {
                reasons.append(error.errorString());
            }
            co_return Error::unavailable(
                tr("The server at %1 presented a certificate this computer does not trust: %2. The connection was "
                   "not made; ask your admin for a valid certificate.")
                    .arg(host, reasons.join(QStringLiteral("; "))));
        }
        if (reply->error() == QNetworkReply::SslHandshakeFailedError) {
            co_return Error::unavailable(
                tr("No secure connection to the server at %1: %2. Check whether the address should start with "
                   "http:// instead of https://.")
                    .arg(host, reply->errorString()));
        }
        co_return Error::unavailable(
            tr("Cannot reach the server at %1. Check the address and that the server is running.").arg(host));
    }
    if (status < 200 || status >= 300) {
        qCInfo(lcClientApi) << method << url.path() << "answered" << status;
        auto error = errorFromStatus(status, bytes);
        if (status == 403 && authenticated && self) {
            Q_EMIT self->authenticationRejected();
        }
        co_return error;
    }
    auto object = parseJsonObject(bytes);
    if (!object) {
        co_return unexpected(object.error());
    }
    co_return std::move(object).value();
}

QCoro::Task<Result<User>> ApiClient::signup(QString username, QString password)
{
    const Rest::SignupRequest request{username, password, Role::User};
    auto sending = send("POST", QStringLiteral("/signup"), Rest::toJson(request), true, Auth::None);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    User user;
    user.id = reply->value(QStringLiteral("userId")).toString();
    user.username = reply->value(QStringLiteral("username")).toString();
    user.role = parseRole(reply->value(QStringLiteral("role")).toString()).value_or(Role::User);
    co_return user;
}

QCoro::Task<Result<Rest::LoginResponse>> ApiClient::login(QString username, QString password)
{
    const Rest::LoginRequest request{username, password};
    auto sending = send("POST", QStringLiteral("/login"), Rest::toJson(request), true, Auth::None);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    auto response = fromJson<Rest::LoginResponse>(*reply);
    if (!response) {
        co_return unexpected(response.error());
    }
    co_return std::move(response).value();
}

QCoro::Task<Result<QString>> ApiClient::refreshToken()
{
    auto sending = send("POST", QStringLiteral("/token/refresh"), {}, false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    const auto token = reply->value(QStringLiteral("token")).toString();
    if (token.isEmpty()) {
        co_return Error::internal(tr("The server sent an unexpected answer: %1").arg(QStringLiteral("token")));
    }
    co_return token;
}

QCoro::Task<Status> ApiClient::logout()
{
    auto sending = send("POST", QStringLiteral("/logout"), {}, false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Result<User>> ApiClient::me()
{
    auto sending = send("GET", QStringLiteral("/me"), {}, false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    auto user = fromJson<User>(*reply);
    if (!user) {
        co_return unexpected(user.error());
    }
    co_return std::move(user).value();
}

QCoro::Task<Result<QList<Avatar>>> ApiClient::avatars()
{
    auto sending = send("GET", QStringLiteral("/avatars"), {}, false, Auth::None);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return decodeList<Avatar>(*reply, QStringLiteral("avatars"), &decodeAvatar);
}

QCoro::Task<Status> ApiClient::setAvatar(QString avatarId)
{
    const Rest::SetAvatarRequest request{avatarId};
    auto sending = send("POST", QStringLiteral("/user/metadata"), Rest::toJson(request), true, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Result<QList<Rest::SpaceListing>>> ApiClient::spaces()
{
    auto sending = send("GET", QStringLiteral("/space/all"), {}, false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return decodeList<Rest::SpaceListing>(*reply, QStringLiteral("spaces"), &decodeAs<Rest::SpaceListing>);
}

QCoro::Task<Result<SpaceListingPage>> ApiClient::adminSpaces(Rest::PageQuery query)
{
    QUrlQuery params;
    params.addQueryItem(QStringLiteral("page"), QString::number(query.page));
    params.addQueryItem(QStringLiteral("pageSize"), QString::number(query.pageSize));
    auto sending = send("GET", QStringLiteral("/admin/spaces"), {}, false, Auth::Bearer, params);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    auto spaces = decodeList<Rest::SpaceListing>(*reply, QStringLiteral("spaces"), &decodeAs<Rest::SpaceListing>);
    if (!spaces) {
        co_return std::move(spaces).error();
    }
    SpaceListingPage page;
    page.spaces = std::move(spaces).value();
    page.total = reply->value(QStringLiteral("total")).toInt();
    page.page = reply->value(QStringLiteral("page")).toInt(query.page);
    page.pageSize = reply->value(QStringLiteral("pageSize")).toInt(query.pageSize);
    co_return page;
}

QCoro::Task<Result<QString>> ApiClient::createSpace(Rest::CreateSpaceRequest request)
{
    auto sending = send("POST", QStringLiteral("/space"), Rest::toJson(request), true, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    const auto id = reply->value(QStringLiteral("spaceId")).toString();
    if (id.isEmpty()) {
        co_return Error::internal(tr("The server sent an unexpected answer: %1").arg(QStringLiteral("spaceId")));
    }
    co_return id;
}

QCoro::Task<Status> ApiClient::updateSpace(QString spaceId, Rest::UpdateSpaceRequest request)
{
    auto sending = send("PATCH", QStringLiteral("/space/") + QString::fromLatin1(QUrl::toPercentEncoding(spaceId)),
        Rest::toJson(request), true, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Status> ApiClient::deleteSpace(QString spaceId)
{
    auto sending = send("DELETE", QStringLiteral("/space/") + QString::fromLatin1(QUrl::toPercentEncoding(spaceId)), {},
        false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Result<Space>> ApiClient::space(QString spaceId)
{
    auto sending = send("GET", QStringLiteral("/space/") + pathId(spaceId), {}, false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    auto space = fromJson<Space>(reply->value(QStringLiteral("space")));
    if (!space) {
        co_return unexpected(space.error());
    }
    co_return std::move(space).value();
}

QCoro::Task<Result<QList<SpaceMember>>> ApiClient::members(QString spaceId)
{
    auto sending =
        send("GET", QStringLiteral("/space/") + pathId(spaceId) + QStringLiteral("/members"), {}, false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return decodeList<SpaceMember>(*reply, QStringLiteral("members"), &decodeMember);
}

QCoro::Task<Result<SpaceMember>> ApiClient::addMember(QString spaceId, Rest::AddMemberRequest request)
{
    auto sending = send("POST", QStringLiteral("/space/") + pathId(spaceId) + QStringLiteral("/members"),
        Rest::toJson(request), true, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    auto member = decodeMember(*reply);
    if (!member) {
        co_return unexpected(member.error());
    }
    co_return std::move(member).value();
}

QCoro::Task<Status> ApiClient::removeMember(QString spaceId, QString userId)
{
    auto sending =
        send("DELETE", QStringLiteral("/space/") + pathId(spaceId) + QStringLiteral("/members/") + pathId(userId), {},
            false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Result<QList<Element>>> ApiClient::elements()
{
    auto sending = send("GET", QStringLiteral("/elements"), {}, false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return decodeList<Element>(*reply, QStringLiteral("elements"), &decodeElement);
}

QCoro::Task<Result<QList<Chatroom>>> ApiClient::chatrooms(QString spaceId)
{
    auto sending = send(
        "GET", QStringLiteral("/chatrooms"), {}, false, Auth::Bearer, Rest::toQuery(Rest::ChatroomListQuery{spaceId}));
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return decodeList<Chatroom>(*reply, QStringLiteral("chatrooms"), &decodeChatroom);
}

namespace
{
// The `id` of a creation's answer.
Result<QString> idOf(const QJsonObject &reply)
{
    JsonReader in(reply);
    const QString id = in.string({"id"});
    return in.finish(id);
}
} // namespace

QCoro::Task<Result<QString>> ApiClient::createChatroom(Rest::CreateChatroomRequest request)
{
    auto sending = send("POST", QStringLiteral("/chatrooms"), Rest::toJson(request), true, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return idOf(*reply);
}

QCoro::Task<Status> ApiClient::renameChatroom(QString roomId, QString name)
{
    auto sending = send("PATCH", QStringLiteral("/chatrooms/") + pathId(roomId),
        Rest::toJson(Rest::RenameChatroomRequest{name}), true, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Status> ApiClient::deleteChatroom(QString roomId)
{
    auto sending = send("DELETE", QStringLiteral("/chatrooms/") + pathId(roomId), {}, false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Status> ApiClient::addChatMember(QString roomId, QString username)
{
    auto sending = send("POST", QStringLiteral("/chatrooms/") + pathId(roomId) + QStringLiteral("/members"),
        Rest::toJson(Rest::AddChatMemberRequest{username}), true, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Status> ApiClient::removeChatMember(QString roomId, QString userId)
{
    auto sending =
        send("DELETE", QStringLiteral("/chatrooms/") + pathId(roomId) + QStringLiteral("/members/") + pathId(userId),
            {}, false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Result<QString>> ApiClient::directChatroom(QString userId)
{
    auto sending = send(
        "POST", QStringLiteral("/chatrooms/direct"), Rest::toJson(Rest::DirectChatRequest{userId}), true, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return idOf(*reply);
}

QCoro::Task<Status> ApiClient::deleteMessage(QString roomId, QString messageId)
{
    auto sending = send("DELETE",
        QStringLiteral("/chatrooms/") + pathId(roomId) + QStringLiteral("/messages/") + pathId(messageId), {}, false,
        Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Result<Rest::MessagePage>> ApiClient::messages(QString roomId, Rest::MessageHistoryQuery query)
{
    auto sending = send("GET",
        QStringLiteral("/chatrooms/") + QString::fromLatin1(QUrl::toPercentEncoding(roomId)) +
            QStringLiteral("/messages"),
        {}, false, Auth::Bearer, Rest::toQuery(query));
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    auto page = fromJson<Rest::MessagePage>(*reply);
    if (!page) {
        co_return unexpected(page.error());
    }
    for (auto &message : page->messages) {
        message.roomId = roomId;
    }
    co_return std::move(page).value();
}

QCoro::Task<Result<Rest::InviteCreated>> ApiClient::createInvite(QString spaceId, Rest::CreateInviteRequest request)
{
    auto sending = send("POST", QStringLiteral("/space/") + pathId(spaceId) + QStringLiteral("/invites"),
        Rest::toJson(request), true, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    auto created = fromJson<Rest::InviteCreated>(*reply);
    if (!created) {
        co_return unexpected(created.error());
    }
    co_return std::move(created).value();
}

QCoro::Task<Result<QList<Rest::Invite>>> ApiClient::invites(QString spaceId)
{
    auto sending =
        send("GET", QStringLiteral("/space/") + pathId(spaceId) + QStringLiteral("/invites"), {}, false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return decodeList<Rest::Invite>(*reply, QStringLiteral("invites"), &decodeAs<Rest::Invite>);
}

QCoro::Task<Status> ApiClient::revokeInvite(QString spaceId, QString inviteId)
{
    auto sending =
        send("DELETE", QStringLiteral("/space/") + pathId(spaceId) + QStringLiteral("/invites/") + pathId(inviteId), {},
            false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Result<QString>> ApiClient::acceptInvite(QString token)
{
    auto sending =
        send("POST", QStringLiteral("/invites/") + pathId(token) + QStringLiteral("/accept"), {}, false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    const auto id = reply->value(QStringLiteral("spaceId")).toString();
    if (id.isEmpty()) {
        co_return Error::internal(tr("The server sent an unexpected answer: %1").arg(QStringLiteral("spaceId")));
    }
    co_return id;
}

QCoro::Task<Status> ApiClient::kick(QString spaceId, QString userId)
{
    auto sending = send("POST", QStringLiteral("/space/") + pathId(spaceId) + QStringLiteral("/kick"),
        Rest::toJson(Rest::UserTargetRequest{userId}), true, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Status> ApiClient::ban(QString spaceId, Rest::BanRequest request)
{
    auto sending = send("POST", QStringLiteral("/space/") + pathId(spaceId) + QStringLiteral("/bans"),
        Rest::toJson(request), true, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Result<QList<Rest::Ban>>> ApiClient::bans(QString spaceId)
{
    auto sending =
        send("GET", QStringLiteral("/space/") + pathId(spaceId) + QStringLiteral("/bans"), {}, false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return decodeList<Rest::Ban>(*reply, QStringLiteral("bans"), &decodeAs<Rest::Ban>);
}

QCoro::Task<Status> ApiClient::unban(QString spaceId, QString userId)
{
    auto sending =
        send("DELETE", QStringLiteral("/space/") + pathId(spaceId) + QStringLiteral("/bans/") + pathId(userId), {},
            false, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Status> ApiClient::mute(QString spaceId, Rest::MuteRequest request)
{
    auto sending = send("POST", QStringLiteral("/space/") + pathId(spaceId) + QStringLiteral("/mutes"),
        Rest::toJson(request), true, Auth::Bearer);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return Status{};
}

QCoro::Task<Result<QList<Rest::AuditEntry>>> ApiClient::audit(QString spaceId, Rest::AuditQuery query)
{
    QUrlQuery params;
    if (!query.before.isEmpty()) {
        params.addQueryItem(QStringLiteral("before"), query.before);
    }
    params.addQueryItem(QStringLiteral("limit"), QString::number(query.limit));
    auto sending = send(
        "GET", QStringLiteral("/space/") + pathId(spaceId) + QStringLiteral("/audit"), {}, false, Auth::Bearer, params);
    auto reply = co_await sending;
    if (!reply) {
        co_return std::move(reply).error();
    }
    co_return decodeList<Rest::AuditEntry>(*reply, QStringLiteral("entries"), &decodeAs<Rest::AuditEntry>);
}

} // namespace Metaverse
