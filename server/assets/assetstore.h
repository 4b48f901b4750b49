// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace Metaverse
{

struct Asset {
    QByteArray data;
    QByteArray contentType;
    bool immutable = false; // content-addressed uploads never change
    QByteArray etag;
};

// Images served under /assets/: the built-in artwork (compiled into the binary from assets/)
// and Admin uploads, stored content-addressed in DATA_DIR/assets.
class AssetStore
{
public:
    explicit AssetStore(QString dataDir);

    // Sniffs the content (PNG, JPEG, WebP or SVG without scripts), stores it under its SHA-256
    // and returns its URL path, e.g. /assets/u/<sha256>.png.
    Result<QString> store(const QByteArray &data);
    // `dir` and `file` are the two path segments after /assets/.
    std::optional<Asset> find(const QString &dir, const QString &file) const;

    // The content type for the bytes, or empty when they are none of the accepted formats.
    static QByteArray sniff(const QByteArray &data);

private:
    QString m_uploadDir;
};

} // namespace Metaverse
