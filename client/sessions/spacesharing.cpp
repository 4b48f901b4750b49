// SPDX-License-Identifier: GPL-3.0-or-later
#include "spacesharing.h"

#include "logging.h"
#include "models/invitelistmodel.h"
#include "models/memberlistmodel.h"
#include "net/apiclient.h"
#include "protocol/rest.h"
#include "validation/validation.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QPointer>

namespace Metaverse
{

namespace
{
// The clipboard is the GUI's (services also run in command-line tests, without one).
void copyToClipboard(const QString &text)
{
    if (qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        QGuiApplication::clipboard()->setText(text);
    }
}
} // namespace

SpaceSharing::SpaceSharing(ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_members(std::make_unique<MemberListModel>())
    , m_invites(std::make_unique<InviteListModel>())
{
}

SpaceSharing::~SpaceSharing() = default;

void SpaceSharing::open(const QString &spaceId)
{
    auto task = openAsync(spaceId);
    Q_UNUSED(task)
}

void SpaceSharing::add(const QString &username, bool canEdit)
{
    auto task = addAsync(username, canEdit);
    Q_UNUSED(task)
}

void SpaceSharing::setCanEdit(const QString &userId, bool canEdit)
{
    auto task = setCanEditAsync(userId, canEdit);
    Q_UNUSED(task)
}

void SpaceSharing::remove(const QString &userId)
{
    auto task = removeAsync(userId);
    Q_UNUSED(task)
}

void SpaceSharing::clearError()
{
    if (m_errorMessage.isEmpty() && m_usernameError.isEmpty() && m_inviteError.isEmpty()) {
        return;
    }
    m_errorMessage.clear();
    m_usernameError.clear();
    m_inviteError.clear();
    Q_EMIT errorChanged();
}

QCoro::Task<Status> SpaceSharing::openAsync(QString spaceId)
{
    QPointer<SpaceSharing> self(this);
    const int load = ++m_loads;
    if (spaceId != m_spaceId) {
        m_spaceId = spaceId;
        m_members->setMembers({});
        m_invites->setInvites({});
        Q_EMIT spaceIdChanged();
    }
    clearError();
    setState(LoadState::State::Loading);
    auto loading = m_api->members(spaceId);
    auto members = co_await loading;
    if (!self || load != m_loads) {
        co_return Error::conflict(QStringLiteral("superseded"));
    }
    if (!members) {
        qCInfo(lcClient) << "cannot list the members:" << members.error().message;
        m_errorMessage = members.error().message;
        Q_EMIT errorChanged();
        setState(LoadState::State::Failed);
        co_return std::move(members).error();
    }
    m_members->setMembers(std::move(members).value());
    auto listing = m_api->invites(spaceId);
    auto invites = co_await listing;
    if (!self || load != m_loads) {
        co_return Error::conflict(QStringLiteral("superseded"));
    }
    if (!invites) {
        qCInfo(lcClient) << "cannot list the invites:" << invites.error().message;
        m_errorMessage = invites.error().message;
        Q_EMIT errorChanged();
        setState(LoadState::State::Failed);
        co_return std::move(invites).error();
    }
    m_invites->setServerUrl(m_api->baseUrl());
    m_invites->setInvites(std::move(invites).value());
    setState(LoadState::State::Ready);
    co_return Status{};
}

QCoro::Task<Status> SpaceSharing::addAsync(QString username, bool canEdit)
{
    if (auto ready = startChange(); !ready) {
        co_return ready;
    }
    Rest::AddMemberRequest request{username.trimmed(), canEdit};
    if (auto valid = Validation::username(request.username); !valid) {
        finishChange(valid);
        co_return valid;
    }
    QPointer<SpaceSharing> self(this);
    auto adding = m_api->addMember(m_spaceId, request);
    auto member = co_await adding;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    if (!member) {
        finishChange(member.error());
        co_return std::move(member).error();
    }
    m_members->upsert(*member);
    finishChange(Status{});
    Q_EMIT added(member->username);
    co_return Status{};
}

QCoro::Task<Status> SpaceSharing::setCanEditAsync(QString userId, bool canEdit)
{
    const auto &all = m_members->members();
    const auto it = std::find_if(all.cbegin(), all.cend(), [&](const SpaceMember &m) { return m.userId == userId; });
    if (it == all.cend()) {
        co_return Error::notFound(QStringLiteral("not a member"));
    }
    if (auto ready = startChange(); !ready) {
        co_return ready;
    }
    // Adding a member again changes their edit right (the server's one route for both).
    QPointer<SpaceSharing> self(this);
    auto changing = m_api->addMember(m_spaceId, Rest::AddMemberRequest{it->username, canEdit});
    auto member = co_await changing;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    if (!member) {
        finishChange(member.error());
        co_return std::move(member).error();
    }
    m_members->upsert(*member);
    finishChange(Status{});
    co_return Status{};
}

QCoro::Task<Status> SpaceSharing::removeAsync(QString userId)
{
    if (auto ready = startChange(); !ready) {
        co_return ready;
    }
    QPointer<SpaceSharing> self(this);
    auto removing = m_api->removeMember(m_spaceId, userId);
    auto removed = co_await removing;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    if (removed) {
        m_members->remove(userId);
    }
    finishChange(removed);
    co_return removed;
}

void SpaceSharing::createInvite(bool canEdit, int expiresInHours, int maxUses)
{
    auto task = createInviteAsync(canEdit, expiresInHours, maxUses);
    Q_UNUSED(task)
}

void SpaceSharing::revokeInvite(const QString &inviteId)
{
    auto task = revokeInviteAsync(inviteId);
    Q_UNUSED(task)
}

bool SpaceSharing::copyLink(const QString &inviteId, bool web)
{
    const auto link = m_invites->link(inviteId, web);
    if (link.isEmpty()) {
        return false;
    }
    copyToClipboard(link);
    return true;
}

QCoro::Task<Result<QString>> SpaceSharing::createInviteAsync(bool canEdit, int expiresInHours, int maxUses)
{
    if (auto ready = startChange(); !ready) {
        co_return ready.error();
    }
    Rest::CreateInviteRequest request;
    request.canEdit = canEdit;
    request.expiresInHours = expiresInHours;
    if (maxUses > 0) {
        request.maxUses = maxUses;
    }
    // The bounds are common's: the request as the server will read it.
    if (auto valid = fromJson<Rest::CreateInviteRequest>(Rest::toJson(request)); !valid) {
        setBusy(false);
        m_inviteError = tr("An invite lasts 1 to %1 hours and may be used 1 to %2 times (or without a limit).")
                            .arg(Rest::InviteMaxHours)
                            .arg(Rest::InviteMaxUses);
        Q_EMIT errorChanged();
        co_return valid.error();
    }
    QPointer<SpaceSharing> self(this);
    const QString spaceId = m_spaceId;
    auto creating = m_api->createInvite(spaceId, request);
    auto created = co_await creating;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    if (!created) {
        setBusy(false);
        m_inviteError = created.error().message;
        Q_EMIT errorChanged();
        co_return std::move(created).error();
    }
    m_invites->rememberToken(created->id, created->token);
    auto listing = m_api->invites(spaceId);
    auto invites = co_await listing;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    if (invites && spaceId == m_spaceId) {
        m_invites->setInvites(std::move(invites).value());
    }
    finishChange(Status{});
    const auto link = m_invites->link(created->id, false);
    copyToClipboard(link);
    Q_EMIT inviteCreated(created->id, link);
    co_return created->id;
}

QCoro::Task<Status> SpaceSharing::revokeInviteAsync(QString inviteId)
{
    if (auto ready = startChange(); !ready) {
        co_return ready;
    }
    QPointer<SpaceSharing> self(this);
    auto revoking = m_api->revokeInvite(m_spaceId, inviteId);
    auto revoked = co_await revoking;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    setBusy(false);
    if (revoked) {
        m_invites->remove(inviteId);
    } else {
        m_errorMessage = revoked.error().message;
        Q_EMIT errorChanged();
    }
    co_return revoked;
}

Status SpaceSharing::startChange()
{
    if (m_busy) {
        return Error::conflict(tr("Please wait for the current change to finish."));
    }
    if (m_spaceId.isEmpty()) {
        return Error::invalid(QStringLiteral("no space is open"));
    }
    clearError();
    setBusy(true);
    return Status{};
}

void SpaceSharing::finishChange(const Status &status)
{
    setBusy(false);
    if (status) {
        return;
    }
    const auto &error = status.error();
    // The username's own problem (unknown, the owner, malformed) goes beside its field.
    const auto field = std::find_if(error.fields.cbegin(), error.fields.cend(),
        [](const FieldError &f) { return f.field == QLatin1String("username"); });
    if (field != error.fields.cend()) {
        m_usernameError = field->message;
    } else if (error.code == ErrorCode::Invalid) {
        m_usernameError = error.message;
    } else {
        m_errorMessage = error.message;
    }
    Q_EMIT errorChanged();
}

void SpaceSharing::setState(LoadState::State state)
{
    if (state == m_state) {
        return;
    }
    m_state = state;
    Q_EMIT stateChanged();
}

void SpaceSharing::setBusy(bool busy)
{
    if (busy == m_busy) {
        return;
    }
    m_busy = busy;
    Q_EMIT busyChanged();
}

} // namespace Metaverse
