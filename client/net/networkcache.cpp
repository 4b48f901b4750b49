// SPDX-License-Identifier: GPL-3.0-or-later
#include "networkcache.h"

#include <QNetworkAccessManager>
#include <QNetworkDiskCache>
#include <QStandardPaths>

namespace Metaverse
{

namespace
{
constexpr qint64 CacheBytes = qint64(200) * 1024 * 1024;
} // namespace

CachingNetworkAccessManagerFactory::CachingNetworkAccessManagerFactory(QString directory)
    : m_directory(std::move(directory))
{
    if (m_directory.isEmpty()) {
        m_directory = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/assets");
    }
}

// Called on the engine's loader threads: everything here is created for that thread.
QNetworkAccessManager *CachingNetworkAccessManagerFactory::create(QObject *parent)
{
    auto *network = new QNetworkAccessManager(parent);
    auto *cache = new QNetworkDiskCache(network);
    cache->setCacheDirectory(m_directory);
    cache->setMaximumCacheSize(CacheBytes);
    network->setCache(cache);
    return network;
}

} // namespace Metaverse
