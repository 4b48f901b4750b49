// SPDX-License-Identifier: GPL-3.0-or-later
#include "spacedirectory.h"

#include "logging.h"
#include "models/spacelistmodel.h"
#include "net/apiclient.h"
#include "session.h"
#include "validation/validation.h"

namespace Metaverse
{

SpaceDirectory::SpaceDirectory(ApiClient *api, Session *session, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_session(session)
    , m_mine(new SpaceListModel(this))
    , m_shared(new SpaceListModel(this))
    , m_templates(new SpaceListModel(this))
    , m_all(new SpaceListModel(this))
{
    connect(m_session, &Session::statusChanged, this, [this] {
        if (m_session->isSignedIn()) {
            reload();
        } else {
            clear();
        }
    });
}

void SpaceDirectory::setState(LoadState::State state, const QString &error)
{
    if (state == m_state && error == m_errorMessage) {
        return;
    }
    m_state = state;
    m_errorMessage = error;
    Q_EMIT stateChanged();
}

void SpaceDirectory::setBusy(bool busy)
{
    if (busy == m_busy) {
        return;
    }
    m_busy = busy;
    Q_EMIT busyChanged();
}

void SpaceDirectory::setActionError(const Error &error)
{
    m_actionError = error.message;
    m_fieldErrors.clear();
    for (const auto &field : error.fields) {
        if (!m_fieldErrors.contains(field.field)) {
            m_fieldErrors.insert(field.field, field.message);
        }
    }
    if (!m_fieldErrors.isEmpty() && error.code == ErrorCode::Invalid) {
        m_actionError.clear();
    }
    Q_EMIT actionErrorChanged();
}

void SpaceDirectory::clearActionError()
{
    if (m_actionError.isEmpty() && m_fieldErrors.isEmpty()) {
        return;
    }
    m_actionError.clear();
    m_fieldErrors.clear();
    Q_EMIT actionErrorChanged();
}

void SpaceDirectory::clear()
{
    ++m_reloads;
    ++m_allLoads;
    for (auto *model : {m_mine, m_shared, m_templates, m_all}) {
        model->setSpaces({}, {}, {});
    }
    m_allState = LoadState::State::Idle;
    m_allError.clear();
    m_allPage = 1;
    m_allTotal = 0;
    Q_EMIT allChanged();
    clearActionError();
    setBusy(false);
    setState(LoadState::State::Idle);
}

void SpaceDirectory::reload()
{
    auto task = reloadAsync();
    Q_UNUSED(task)
}

void SpaceDirectory::loadAllSpaces(int page)
{
    auto task = loadAllSpacesAsync(page);
    Q_UNUSED(task)
}

int SpaceDirectory::allPageCount() const
{
    return std::max(1, (m_allTotal + m_allPageSize - 1) / m_allPageSize);
}

void SpaceDirectory::create(const QString &name, const QString &dimensions, const QString &templateId)
{
    auto task = createAsync(name, dimensions, templateId);
    Q_UNUSED(task)
}

void SpaceDirectory::rename(const QString &spaceId, const QString &name)
{
    auto task = renameAsync(spaceId, name);
    Q_UNUSED(task)
}

void SpaceDirectory::remove(const QString &spaceId)
{
    auto task = removeAsync(spaceId);
    Q_UNUSED(task)
}

QCoro::Task<Status> SpaceDirectory::reloadAsync()
{
    QPointer<SpaceDirectory> self(this);
    const auto reload = ++m_reloads;
    setState(LoadState::State::Loading);
    auto loading = m_api->spaces();
    auto spaces = co_await loading;
    if (!self || reload != m_reloads) {
        co_return Error::conflict(QStringLiteral("superseded"));
    }
    if (!spaces) {
        qCInfo(lcClient) << "cannot list spaces:" << spaces.error().message;
        setState(LoadState::State::Failed, spaces.error().message);
        co_return std::move(spaces).error();
    }
    QList<Rest::SpaceListing> mine;
    QList<Rest::SpaceListing> shared;
    QList<Rest::SpaceListing> templates;
    const auto &user = m_session->user();
    for (auto &listing : *spaces) {
        if (listing.space.isTemplate) {
            templates.append(std::move(listing));
        } else if (listing.space.creatorId == user.id) {
            mine.append(std::move(listing));
        } else {
            shared.append(std::move(listing));
        }
    }
    const auto resolve = [api = m_api](const QString &path) { return api->resolve(path); };
    m_mine->setSpaces(std::move(mine), user, resolve);
    m_shared->setSpaces(std::move(shared), user, resolve);
    m_templates->setSpaces(std::move(templates), user, resolve);
    setState(LoadState::State::Ready);
    co_return Status{};
}

QCoro::Task<Status> SpaceDirectory::loadAllSpacesAsync(int page)
{
    QPointer<SpaceDirectory> self(this);
    const auto load = ++m_allLoads;
    m_allState = LoadState::State::Loading;
    Q_EMIT allChanged();
    auto loading = m_api->adminSpaces(Rest::PageQuery{std::max(1, page), m_allPageSize});
    auto result = co_await loading;
    if (!self || load != m_allLoads) {
        co_return Error::conflict(QStringLiteral("superseded"));
    }
    if (!result) {
        qCInfo(lcClient) << "cannot list all spaces:" << result.error().message;
        m_allState = LoadState::State::Failed;
        m_allError = result.error().message;
        Q_EMIT allChanged();
        co_return std::move(result).error();
    }
    m_allPage = result->page;
    m_allTotal = result->total;
    m_allError.clear();
    m_all->setSpaces(std::move(result->spaces), m_session->user(),
        [api = m_api](const QString &path) { return api->resolve(path); });
    m_allState = LoadState::State::Ready;
    Q_EMIT allChanged();
    co_return Status{};
}

QCoro::Task<Result<QString>> SpaceDirectory::createAsync(QString name, QString dimensions, QString templateId)
{
    if (m_busy) {
        co_return Error::conflict(tr("Please wait for the current change to finish."));
    }
    clearActionError();
    Rest::CreateSpaceRequest request;
    request.name = name.trimmed();
    request.mapId = templateId;
    QList<FieldError> fields;
    if (const auto valid = Validation::name(request.name); !valid) {
        fields += valid.error().fields;
    }
    if (templateId.isEmpty()) {
        auto size = Validation::dimensions(dimensions.trimmed());
        if (size) {
            request.dimensions = *size;
        } else {
            fields += size.error().fields;
        }
    } else if (const auto valid = Validation::id(templateId, QStringLiteral("mapId")); !valid) {
        fields += valid.error().fields;
    }
    if (!fields.isEmpty()) {
        const auto error = Error::invalid(tr("Please correct the highlighted fields."), fields);
        setActionError(error);
        co_return error;
    }
    QPointer<SpaceDirectory> self(this);
    setBusy(true);
    auto creating = m_api->createSpace(request);
    auto id = co_await creating;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    setBusy(false);
    if (!id) {
        setActionError(id.error());
        co_return std::move(id).error();
    }
    qCInfo(lcClient) << "space created:" << *id;
    auto reloading = reloadAsync();
    co_await reloading;
    if (self) {
        Q_EMIT created(*id);
    }
    co_return id;
}

QCoro::Task<Status> SpaceDirectory::renameAsync(QString spaceId, QString name)
{
    if (m_busy) {
        co_return Error::conflict(tr("Please wait for the current change to finish."));
    }
    clearActionError();
    Rest::UpdateSpaceRequest request;
    request.name = name.trimmed();
    if (const auto valid = Validation::name(*request.name); !valid) {
        setActionError(valid.error());
        co_return valid;
    }
    QPointer<SpaceDirectory> self(this);
    setBusy(true);
    auto updating = m_api->updateSpace(spaceId, request);
    auto updated = co_await updating;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    setBusy(false);
    if (!updated) {
        setActionError(updated.error());
        co_return updated;
    }
    for (auto *model : {m_mine, m_shared, m_templates, m_all}) {
        model->rename(spaceId, *request.name);
    }
    Q_EMIT renamed(spaceId);
    co_return Status{};
}

QCoro::Task<Status> SpaceDirectory::removeAsync(QString spaceId)
{
    if (m_busy) {
        co_return Error::conflict(tr("Please wait for the current change to finish."));
    }
    clearActionError();
    QPointer<SpaceDirectory> self(this);
    setBusy(true);
    auto deleting = m_api->deleteSpace(spaceId);
    auto deleted = co_await deleting;
    if (!self) {
        co_return Error::internal(QStringLiteral("gone"));
    }
    setBusy(false);
    if (!deleted) {
        setActionError(deleted.error());
        co_return deleted;
    }
    for (auto *model : {m_mine, m_shared, m_templates, m_all}) {
        model->remove(spaceId);
    }
    Q_EMIT removed(spaceId);
    co_return Status{};
}

} // namespace Metaverse
