// SPDX-License-Identifier: GPL-3.0-or-later
#include "spacesharing.h"

#include "logging.h"
#include "models/memberlistmodel.h"
#include "net/apiclient.h"
#include "protocol/rest.h"
#include "validation/validation.h"

#include <QPointer>

namespace Metaverse
{

SpaceSharing::SpaceSharing(ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_members(std::make_unique<MemberListModel>())
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
    if (m_errorMessage.isEmpty() && m_usernameError.isEmpty()) {
        return;
    }
    m_errorMessage.clear();
    m_usernameError.clear();
    Q_EMIT errorChanged();
}

QCoro::Task<Status> SpaceSharing::openAsync(QString spaceId)
{
    QPointer<SpaceSharing> self(this);
    const int load = ++m_loads;
    if (spaceId != m_spaceId) {
        m_spaceId = spaceId;
        m_members->setMembers({});
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
