// SPDX-License-Identifier: GPL-3.0-or-later
#include "spacemoderation.h"

#include "logging.h"
#include "models/auditlistmodel.h"
#include "models/banlistmodel.h"
#include "net/apiclient.h"
#include "protocol/teams.h"

#include <QPointer>

namespace Metaverse
{

SpaceModeration::SpaceModeration(ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_bans(std::make_unique<BanListModel>())
    , m_audit(std::make_unique<AuditListModel>())
{
}

SpaceModeration::~SpaceModeration() = default;

int SpaceModeration::muteMaxMinutes()
{
    return Rest::MuteMaxMinutes;
}

int SpaceModeration::banReasonMaxLength()
{
    return Rest::BanReasonMaxLength;
}

void SpaceModeration::open(const QString &spaceId)
{
    auto task = openAsync(spaceId);
    Q_UNUSED(task)
}

void SpaceModeration::setSpaceId(const QString &spaceId)
{
    if (spaceId == m_spaceId) {
        return;
    }
    ++m_loads;
    m_spaceId = spaceId;
    m_bans->setBans({});
    m_audit->setEntries({});
    setMessages({}, {});
    setState(LoadState::State::Idle);
    Q_EMIT spaceIdChanged();
}

void SpaceModeration::kick(const QString &userId, const QString &username)
{
    auto task = kickAsync(userId, username);
    Q_UNUSED(task)
}

void SpaceModeration::ban(const QString &userId, const QString &username, const QString &reason)
{
    auto task = banAsync(userId, username, reason);
    Q_UNUSED(task)
}

void SpaceModeration::mute(const QString &userId, const QString &username, int minutes)
{
    auto task = muteAsync(userId, username, minutes);
    Q_UNUSED(task)
}

void SpaceModeration::unban(const QString &userId, const QString &username)
{
    auto task = unbanAsync(userId, username);
    Q_UNUSED(task)
}

void SpaceModeration::clearMessages()
{
    setMessages({}, {});
}

QCoro::Task<Status> SpaceModeration::openAsync(QString spaceId)
{
    setSpaceId(spaceId);
    setMessages({}, {});
    auto loading = reload();
    co_return co_await loading;
}

QCoro::Task<Status> SpaceModeration::reload()
{
    QPointer<SpaceModeration> self(this);
    const int load = ++m_loads;
    const QString spaceId = m_spaceId;
    setState(LoadState::State::Loading);
    auto listing = m_api->bans(spaceId);
    auto bans = co_await listing;
    if (!self || load != m_loads) {
        co_return Error::conflict(QStringLiteral("superseded"));
    }
    if (!bans) {
        qCInfo(lcClient) << "cannot list the bans:" << bans.error().message;
        setMessages(bans.error().message, {});
        setState(LoadState::State::Failed);
        co_return std::move(bans).error();
    }
    auto reading = m_api->audit(spaceId, Rest::AuditQuery{});
    auto entries = co_await reading;
    if (!self || load != m_loads) {
        co_return Error::conflict(QStringLiteral("superseded"));
    }
    if (!entries) {
        qCInfo(lcClient) << "cannot read the audit log:" << entries.error().message;
        setMessages(entries.error().message, {});
        setState(LoadState::State::Failed);
        co_return std::move(entries).error();
    }
    m_bans->setBans(std::move(bans).value());
    m_audit->setEntries(std::move(entries).value());
    setState(LoadState::State::Ready);
    co_return Status{};
}

QCoro::Task<Status> SpaceModeration::kickAsync(QString userId, QString username)
{
    if (auto ready = startAction(); !ready) {
        co_return ready;
    }
    QPointer<SpaceModeration> self(this);
    auto kicking = m_api->kick(m_spaceId, userId);
    auto kicked = co_await kicking;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    auto finishing = finishAction(kicked, tr("%1 was kicked out of the space.").arg(username));
    co_await finishing;
    co_return kicked;
}

QCoro::Task<Status> SpaceModeration::banAsync(QString userId, QString username, QString reason)
{
    if (auto ready = startAction(); !ready) {
        co_return ready;
    }
    const Rest::BanRequest request{userId, reason.trimmed()};
    // The bounds are common's: the request as the server will read it.
    if (auto valid = fromJson<Rest::BanRequest>(Rest::toJson(request)); !valid) {
        setBusy(false);
        setMessages(tr("A reason is at most %1 characters long.").arg(Rest::BanReasonMaxLength), {});
        co_return valid.error();
    }
    QPointer<SpaceModeration> self(this);
    auto banning = m_api->ban(m_spaceId, request);
    auto banned = co_await banning;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    auto finishing = finishAction(banned, tr("%1 is banned from the space.").arg(username));
    co_await finishing;
    co_return banned;
}

QCoro::Task<Status> SpaceModeration::muteAsync(QString userId, QString username, int minutes)
{
    if (auto ready = startAction(); !ready) {
        co_return ready;
    }
    const Rest::MuteRequest request{userId, minutes};
    if (auto valid = fromJson<Rest::MuteRequest>(Rest::toJson(request)); !valid) {
        setBusy(false);
        setMessages(tr("A mute lasts 1 to %1 minutes.").arg(Rest::MuteMaxMinutes), {});
        co_return valid.error();
    }
    QPointer<SpaceModeration> self(this);
    auto muting = m_api->mute(m_spaceId, request);
    auto muted = co_await muting;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    auto finishing =
        finishAction(muted, tr("%1 is muted in the chat for %n minute(s).", nullptr, minutes).arg(username));
    co_await finishing;
    co_return muted;
}

QCoro::Task<Status> SpaceModeration::unbanAsync(QString userId, QString username)
{
    if (auto ready = startAction(); !ready) {
        co_return ready;
    }
    QPointer<SpaceModeration> self(this);
    auto unbanning = m_api->unban(m_spaceId, userId);
    auto unbanned = co_await unbanning;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    if (unbanned) {
        m_bans->remove(userId);
    }
    auto finishing = finishAction(unbanned, tr("The ban on %1 is lifted.").arg(username));
    co_await finishing;
    co_return unbanned;
}

Status SpaceModeration::startAction()
{
    if (m_busy) {
        return Error::conflict(tr("Please wait for the current change to finish."));
    }
    if (m_spaceId.isEmpty()) {
        return Error::invalid(QStringLiteral("no space is set"));
    }
    setMessages({}, {});
    setBusy(true);
    return Status{};
}

QCoro::Task<void> SpaceModeration::finishAction(Status status, QString notice)
{
    setBusy(false);
    if (!status) {
        qCInfo(lcClient) << "moderation refused:" << status.error().message;
        setMessages(status.error().message, {});
        co_return;
    }
    setMessages({}, notice);
    // The ban list and the audit log as the server has them now (a failure replaces the notice).
    auto reloading = reload();
    co_await reloading;
}

void SpaceModeration::setState(LoadState::State state)
{
    if (state == m_state) {
        return;
    }
    m_state = state;
    Q_EMIT stateChanged();
}

void SpaceModeration::setBusy(bool busy)
{
    if (busy == m_busy) {
        return;
    }
    m_busy = busy;
    Q_EMIT busyChanged();
}

void SpaceModeration::setMessages(const QString &error, const QString &notice)
{
    if (error == m_errorMessage && notice == m_notice) {
        return;
    }
    m_errorMessage = error;
    m_notice = notice;
    Q_EMIT messagesChanged();
}

} // namespace Metaverse
