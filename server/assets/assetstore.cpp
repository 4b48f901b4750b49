// SPDX-License-Identifier: GPL-3.0-or-later
#include "assetstore.h"

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

bool looksLikeSafeSvg(const QByteArray &data)
{
    // Only the head is inspected for the root element; the whole document for active content.
    const auto head = data.left(4096).toLower();
    const auto svgAt = head.indexOf("<svg");
    if (svgAt < 0) {
        return false;
    }
    const auto before = head.left(svgAt).trimmed();
    if (!before.isEmpty() && !before.startsWith("<?xml") && !before.startsWith("<!--") &&
        !before.startsWith("\xef\xbb\xbf") && !before.startsWith("<!doctype")) {
        return false;
    }
    const auto lower = data.toLower();
    static const QRegularExpression handler(QStringLiteral("\\son[a-z]+\\s*="));
    return !lower.contains("<script") && !lower.contains("javascript:") && !lower.contains("<foreignobject") &&
        !handler.match(QString::fromUtf8(lower)).hasMatch();
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
    if (looksLikeSafeSvg(data)) {
        return "image/svg+xml";
    }
    return {};
}

Result<QString> AssetStore::store(const QByteArray &data)
{
    const auto contentType = sniff(data);
    if (contentType.isEmpty()) {
        return Error{ErrorCode::UnsupportedMediaType,
            QStringLiteral("The body must be a PNG, JPEG, WebP or SVG image (SVG without scripts)"), {}};
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
