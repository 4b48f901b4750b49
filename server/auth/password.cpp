// SPDX-License-Identifier: GPL-3.0-or-later
#include "password.h"

#include <QCoroSignal>
#include <QFutureWatcher>
#include <QHash>
#include <QMutex>
#include <QRandomGenerator>
#include <QtConcurrent>

#include <crypt.h>

#include <cstring>
#include <memory>
#include <tuple>

namespace Metaverse::Password
{

namespace
{
// Runs `work` on Qt's global thread pool and resumes on this thread's event loop when done.
// The watcher lives on the heap and goes with deleteLater(): the coroutine resumes inside the
// watcher's own `finished` emission, so destroying it there would pull the floor from under Qt
// (which is also why QCoro 0.8's QFuture awaiter crashes here).
template<typename T, typename Work>
QCoro::Task<T> onThreadPool(Work work)
{
    auto *watcher = new QFutureWatcher<T>();
    watcher->setFuture(QtConcurrent::run(std::move(work)));
    // Even an already finished future reports `finished` through the event loop, after we suspend.
    auto finished = qCoro(watcher, &QFutureWatcherBase::finished);
    co_await finished;
    T result = watcher->result();
    watcher->deleteLater();
    co_return result;
}
} // namespace

Result<QString> hash(const QString &password, int cost)
{
    QByteArray entropy(16, Qt::Uninitialized);
    QRandomGenerator::system()->generate(
        reinterpret_cast<quint32 *>(entropy.data()), reinterpret_cast<quint32 *>(entropy.data() + entropy.size()));
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost), entropy.constData(), int(entropy.size()), setting,
            sizeof setting)) {
        return Error::internal(QStringLiteral("crypt_gensalt_rn failed"));
    }
    auto data = std::make_unique<crypt_data>();
    std::memset(data.get(), 0, sizeof(crypt_data));
    const QByteArray utf8 = password.toUtf8();
    const char *out = crypt_r(utf8.constData(), setting, data.get());
    if (!out || out[0] == '*') {
        return Error::internal(QStringLiteral("crypt_r failed"));
    }
    return QString::fromLatin1(out);
}

bool verify(const QString &password, const QString &storedHash)
{
    if (!storedHash.startsWith(QLatin1String("$2"))) {
        return false;
    }
    auto data = std::make_unique<crypt_data>();
    std::memset(data.get(), 0, sizeof(crypt_data));
    const QByteArray utf8 = password.toUtf8();
    const QByteArray setting = storedHash.toLatin1();
    const char *out = crypt_r(utf8.constData(), setting.constData(), data.get());
    if (!out || out[0] == '*') {
        return false;
    }
    const auto outLength = std::strlen(out);
    if (outLength != size_t(setting.size())) {
        return false;
    }
    // Constant-time comparison.
    unsigned char diff = 0;
    for (size_t i = 0; i < outLength; ++i) {
        diff |= static_cast<unsigned char>(out[i]) ^ static_cast<unsigned char>(setting[qsizetype(i)]);
    }
    return diff == 0;
}

// Plain functions returning the task: no temporaries live across a suspension in this frame.
QCoro::Task<Result<QString>> hashAsync(QString password, int cost)
{
    return onThreadPool<Result<QString>>([password = std::move(password), cost] { return hash(password, cost); });
}

QCoro::Task<bool> verifyAsync(QString password, QString storedHash)
{
    return onThreadPool<bool>(
        [password = std::move(password), storedHash = std::move(storedHash)] { return verify(password, storedHash); });
}

namespace
{
QMutex s_dummyMutex;
QHash<int, QFuture<QString>> s_dummyHashes; // by cost; several servers may share a process (tests)

QFuture<QString> dummyFuture(int cost)
{
    const QMutexLocker lock(&s_dummyMutex);
    auto it = s_dummyHashes.find(cost);
    if (it == s_dummyHashes.end()) {
        it = s_dummyHashes.insert(cost, QtConcurrent::run([cost] {
            const auto random = QString::number(QRandomGenerator::system()->generate64());
            auto h = hash(random, cost);
            return h ? *h : QString();
        }));
    }
    return *it;
}
} // namespace

void prepareDummyHash(int cost)
{
    std::ignore = dummyFuture(cost);
}

QString dummyHash(int cost)
{
    return dummyFuture(cost).result();
}

} // namespace Metaverse::Password
