// SPDX-License-Identifier: GPL-3.0-or-later
#include "assetstore.h"

#include "svgsanitizer.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>

namespace Metaverse
{

namespace
{
const QRegularExpression &uploadName()
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9a-f]{64}\\.(png|jpg|webp|svg)$"));
    return pattern;
}

const QRegularExpression &builtInName()
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9-]*\\.svg$"));
    return pattern;
}

QByteArray extensionFor(const QByteArray &contentType)
{
    if (contentType == "image/png") {
        return "png";
    }
    if (contentType == "image/jpeg") {
        return "jpg";
    }
    if (contentType == "image/webp") {
        return "webp";
    }
    return "svg";
}

QByteArray contentTypeFor(const QString &file)
{
    if (file.endsWith(QLatin1String(".png"))) {
        return "image/png";
    }
    if (file.endsWith(QLatin1String(".jpg"))) {
        return "image/jpeg";
    }
    if (file.endsWith(QLatin1String(".webp"))) {
        return "image/webp";
    }
    return "image/svg+xml";
}

quint32 bigEndian(const QByteArray &data, qsizetype at, int bytes)
{
    quint32 value = 0;
    for (int i = 0; i < bytes; ++i) {
        value = (value << 8) | quint8(data.at(at + i));
    }
    return value;
}

quint32 littleEndian(const QByteArray &data, qsizetype at, int bytes)
{
    quint32 value = 0;
    for (int i = bytes - 1; i >= 0; --i) {
        value = (value << 8) | quint8(data.at(at + i));
    }
    return value;
}

// The size a JPEG declares in its first start-of-frame segment.
std::optional<QSize> jpegSize(const QByteArray &data)
{
    qsizetype at = 2;
    while (at + 4 <= data.size()) {
        if (quint8(data.at(at)) != 0xff) {
            return std::nullopt;
        }
        const auto marker = quint8(data.at(at + 1));
        if (marker == 0xff) { // fill byte
            ++at;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd9)) { // segments without a length
            at += 2;
            continue;
        }
        const auto length = bigEndian(data, at + 2, 2);
        const bool startOfFrame =
            marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
        if (startOfFrame) {
            if (at + 9 > data.size()) {
                return std::nullopt;
            }
            return QSize(int(bigEndian(data, at + 7, 2)), int(bigEndian(data, at + 5, 2)));
        }
        if (length < 2) {
            return std::nullopt;
        }
        at += 2 + length;
    }
    return std::nullopt;
}

// The canvas size of a WebP's first chunk (lossy VP8, lossless VP8L or extended VP8X).
std::optional<QSize> webpSize(const QByteArray &data)
{
    const auto chunk = data.mid(12, 4);
    if (chunk == "VP8 " && data.size() >= 30 && data.mid(23, 3) == "\x9d\x01\x2a") {
        return QSize(int(littleEndian(data, 26, 2) & 0x3fff), int(littleEndian(data, 28, 2) & 0x3fff));
    }
    if (chunk == "VP8L" && data.size() >= 25 && quint8(data.at(20)) == 0x2f) {
        const auto bits = littleEndian(data, 21, 4);
        return QSize(int((bits & 0x3fff) + 1), int(((bits >> 14) & 0x3fff) + 1));
    }
    if (chunk == "VP8X" && data.size() >= 30) {
        return QSize(int(littleEndian(data, 24, 3) + 1), int(littleEndian(data, 27, 3) + 1));
    }
    return std::nullopt;
}
} // namespace

AssetStore::AssetStore(QString dataDir)
    : m_uploadDir(QDir(dataDir).filePath(QStringLiteral("assets")))
{
}

QByteArray AssetStore::sniff(const QByteArray &data)
{
    if (data.startsWith("\x89PNG\r\n\x1a\n")) {
        return "image/png";
    }
    if (data.startsWith("\xff\xd8\xff")) {
        return "image/jpeg";
    }
    if (data.size() >= 12 && data.startsWith("RIFF") && data.mid(8, 4) == "WEBP") {
        return "image/webp";
    }
    if (SvgSanitizer::looksLikeSvg(data)) {
        return "image/svg+xml";
    }
    return {};
}

std::optional<QSize> AssetStore::rasterSize(const QByteArray &data)
{
    const auto type = sniff(data);
    if (type == "image/png") {
        if (data.size() < 24 || data.mid(12, 4) != "IHDR") {
            return std::nullopt;
        }
        return QSize(int(bigEndian(data, 16, 4)), int(bigEndian(data, 20, 4)));
    }
    if (type == "image/jpeg") {
        return jpegSize(data);
    }
    if (type == "image/webp") {
        return webpSize(data);
    }
    return std::nullopt;
}

Result<QString> AssetStore::store(const QByteArray &upload)
{
    const auto contentType = sniff(upload);
    if (contentType.isEmpty()) {
        return Error{
            ErrorCode::UnsupportedMediaType, QStringLiteral("The body must be a PNG, JPEG, WebP or SVG image"), {}};
    }
    QByteArray data = upload;
    if (contentType == "image/svg+xml") {
        auto clean = SvgSanitizer::sanitize(upload);
        if (!clean) {
            return std::move(clean).error();
        }
        data = std::move(*clean);
    } else {
        const auto size = rasterSize(upload);
        if (!size || size->isEmpty()) {
            return Error{ErrorCode::UnsupportedMediaType, QStringLiteral("The image's header is damaged"), {}};
        }
        if (size->width() > MaxImageSide || size->height() > MaxImageSide ||
            qint64(size->width()) * size->height() > MaxImagePixels) {
            return Error{ErrorCode::PayloadTooLarge,
                QStringLiteral("The image is %1x%2 pixels; at most %3 pixels a side and %4 megapixels are allowed")
                    .arg(size->width())
                    .arg(size->height())
                    .arg(MaxImageSide)
                    .arg(MaxImagePixels / (1024 * 1024)),
                {}};
        }
    }
    const auto name = QString::fromLatin1(
        QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex() + '.' + extensionFor(contentType));
    if (!QDir().mkpath(m_uploadDir)) {
        return Error::unavailable(QStringLiteral("Cannot create the asset directory"));
    }
    const auto path = QDir(m_uploadDir).filePath(name);
    if (!QFile::exists(path)) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
            return Error::unavailable(QStringLiteral("Cannot store the asset"));
        }
    }
    return QString(QStringLiteral("/assets/u/") + name);
}

std::optional<Asset> AssetStore::find(const QString &dir, const QString &file) const
{
    if (dir == QLatin1String("u")) {
        if (!uploadName().match(file).hasMatch()) {
            return std::nullopt;
        }
        QFile f(QDir(m_uploadDir).filePath(file));
        if (!f.open(QIODevice::ReadOnly)) {
            return std::nullopt;
        }
        QByteArray etag("\"");
        etag.append(file.left(64).toLatin1()).append('"');
        return Asset{f.readAll(), contentTypeFor(file), true, std::move(etag)};
    }
    static const QStringList builtInDirs{
        QStringLiteral("avatars"), QStringLiteral("elements"), QStringLiteral("maps"), QStringLiteral("icons")};
    if (!builtInDirs.contains(dir) || !builtInName().match(file).hasMatch()) {
        return std::nullopt;
    }
    QFile f(QStringLiteral(":/assets/%1/%2").arg(dir, file));
    if (!f.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    auto data = f.readAll();
    QByteArray etag("\"");
    etag.append(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex().left(32)).append('"');
    return Asset{std::move(data), contentTypeFor(file), false, etag};
}

} // namespace Metaverse
