// SPDX-License-Identifier: GPL-3.0-or-later
#include "tokenstore.h"

#include "logging.h"

#include <QCoroSignal>

#include <qt6keychain/keychain.h>

#include <chrono>
#include <memory>

namespace Metaverse
{

namespace
{
constexpr auto KeychainTimeout = std::chrono::seconds(5);

struct LaterDeleter {
    void operator()(QObject *object) const { object->deleteLater(); }
};

template<typename Job>
std::unique_ptr<Job, LaterDeleter> makeJob(const QString &service, const QString &account)
{
    std::unique_ptr<Job, LaterDeleter> job(new Job(service));
    job->setAutoDelete(false);
    job->setInsecureFallback(false);
    job->setKey(account);
    return job;
}
} // namespace

TokenStore::TokenStore(Backend backend, QString service, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
    , m_service(std::move(service))
{
}

QString TokenStore::warning() const
{
    // Translated when read, not when made: the store exists before the translator is installed.
    if (m_backend == Backend::Memory) {
        return tr("Secure storage is turned off: you will have to sign in again next time.");
    }
    if (!m_keychainWorks) {
        return tr("No system keychain is available, so your sign-in is kept for this session only.");
    }
    return {};
}

void TokenStore::fallBack(const QString &reason)
{
    if (!m_keychainWorks) {
        return;
    }
    qCWarning(lcClientKeychain) << "keychain unavailable, keeping the token for this session only:" << reason;
    m_keychainWorks = false;
    Q_EMIT securityChanged();
}

QCoro::Task<QString> TokenStore::load(QString account)
{
    if (isSecure()) {
        auto job = makeJob<QKeychain::ReadPasswordJob>(m_service, account);
        auto finished = qCoro(job.get(), &QKeychain::Job::finished, KeychainTimeout);
        job->start();
        const auto done = co_await finished;
        if (!done) {
            fallBack(tr("the keychain did not answer"));
        } else if (job->error() == QKeychain::NoError) {
            co_return job->textData();
        } else if (job->error() != QKeychain::EntryNotFound) {
            fallBack(job->errorString());
        }
    }
    co_return m_memory.value(account);
}

QCoro::Task<void> TokenStore::save(QString account, QString token)
{
    m_memory.insert(account, token);
    if (!isSecure()) {
        co_return;
    }
    auto job = makeJob<QKeychain::WritePasswordJob>(m_service, account);
    job->setTextData(token);
    auto finished = qCoro(job.get(), &QKeychain::Job::finished, KeychainTimeout);
    job->start();
    const auto done = co_await finished;
    if (!done) {
        fallBack(tr("the keychain did not answer"));
    } else if (job->error() != QKeychain::NoError) {
        fallBack(job->errorString());
    } else {
        // Stored safely: keep no copy in memory.
        m_memory.remove(account);
    }
}

QCoro::Task<void> TokenStore::remove(QString account)
{
    m_memory.remove(account);
    if (!isSecure()) {
        co_return;
    }
    auto job = makeJob<QKeychain::DeletePasswordJob>(m_service, account);
    auto finished = qCoro(job.get(), &QKeychain::Job::finished, KeychainTimeout);
    job->start();
    const auto done = co_await finished;
    if (!done) {
        fallBack(tr("the keychain did not answer"));
    } else if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound) {
        qCWarning(lcClientKeychain) << "cannot delete the stored token:" << job->errorString();
    }
}

} // namespace Metaverse
