// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QByteArray>
#include <QSize>
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

    // Raster uploads larger than this are refused (decoding them would cost every client memory).
    static constexpr int MaxImageSide = 8192;
    static constexpr qint64 MaxImagePixels = 16 * 1024 * 1024;

    // Sniffs the type from the bytes (PNG, JPEG, WebP or SVG; the declared Content-Type doesn't
    // decide), checks it (a raster image's declared size within the limits above; an SVG through
    // SvgSanitizer, whose rewritten output is what gets stored), stores it under its SHA-256 and
    // returns its URL path, e.g. /assets/u/<sha256>.png.
    Result<QString> store(const QByteArray &upload);
    // `dir` and `file` are the two path segments after /assets/.
    std::optional<Asset> find(const QString &dir, const QString &file) const;

    // The content type for the bytes, or empty when they are none of the accepted formats.
    static QByteArray sniff(const QByteArray &data);
    // The pixel size a PNG, JPEG or WebP declares in its header; nullopt for other or damaged data.
    static std::optional<QSize> rasterSize(const QByteArray &data);

private:
    QString m_uploadDir;
};

} // namespace Metaverse
