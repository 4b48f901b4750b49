// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QQmlNetworkAccessManagerFactory>
#include <QString>

namespace Metaverse
{

// The QML engine's network access: a disk cache under the user's cache directory, so sprites and
// avatars (served under content-hashed names with immutable cache headers) are downloaded once.
class CachingNetworkAccessManagerFactory : public QQmlNetworkAccessManagerFactory
{
public:
    // `directory` empty: <cache location>/assets.
    explicit CachingNetworkAccessManagerFactory(QString directory = {});
    QNetworkAccessManager *create(QObject *parent) override;

private:
    QString m_directory;
};

} // namespace Metaverse
