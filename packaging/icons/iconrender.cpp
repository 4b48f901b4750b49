// SPDX-License-Identifier: GPL-3.0-or-later
// Build-time tool: renders the application's SVG icon into the files each platform wants,
// with Qt's own SVG renderer (no extra tool on any platform):
//   iconrender SVG --png-dir DIR   DIR/<N>x<N>/apps/<name>.png for the hicolor sizes
//   iconrender SVG --ico FILE      a Windows .ico (PNG entries 16..256)
//   iconrender SVG --icns FILE     a macOS .icns (PNG entries 16..1024)
// Options may be combined, in any order; --name sets <name> (default org.metaverse.Metaverse).

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QtEndian>

#include <cstdio>

namespace
{

QByteArray renderPng(QSvgRenderer &renderer, int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    renderer.render(&painter, QRectF(0, 0, size, size));
    painter.end();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size()) {
        std::fprintf(stderr, "iconrender: cannot write %s\n", qUtf8Printable(path));
        return false;
    }
    return true;
}

template<typename T>
void appendLE(QByteArray &out, T value)
{
    const T le = qToLittleEndian(value);
    out.append(reinterpret_cast<const char *>(&le), sizeof(T));
}

// ICO: ICONDIR, one ICONDIRENTRY per image, then the PNG streams (Windows Vista and later).
QByteArray ico(QSvgRenderer &renderer)
{
    const QList<int> sizes{16, 24, 32, 48, 64, 128, 256};
    QList<QByteArray> images;
    for (int size : sizes) {
        images.append(renderPng(renderer, size));
    }
    QByteArray out;
    appendLE<quint16>(out, 0);
    appendLE<quint16>(out, 1);
    appendLE<quint16>(out, quint16(sizes.size()));
    quint32 offset = quint32(6 + 16 * sizes.size());
    for (qsizetype i = 0; i < sizes.size(); ++i) {
        const auto side = quint8(sizes[i] >= 256 ? 0 : sizes[i]); // 0 means 256
        out.append(char(side)).append(char(side)).append(char(0)).append(char(0));
        appendLE<quint16>(out, 1); // colour planes
        appendLE<quint16>(out, 32); // bits per pixel
        appendLE<quint32>(out, quint32(images[i].size()));
        appendLE<quint32>(out, offset);
        offset += quint32(images[i].size());
    }
    for (const auto &image : images) {
        out.append(image);
    }
    return out;
}

// ICNS: "icns" + total length, then (OSType, length, PNG) per size, all big-endian.
QByteArray icns(QSvgRenderer &renderer)
{
    const QList<QPair<const char *, int>> types{
        {"icp4", 16}, {"icp5", 32}, {"icp6", 64}, {"ic07", 128}, {"ic08", 256}, {"ic09", 512}, {"ic10", 1024}};
    QByteArray body;
    for (const auto &[type, size] : types) {
        const QByteArray png = renderPng(renderer, size);
        const quint32 length = qToBigEndian(quint32(8 + png.size()));
        body.append(type, 4).append(reinterpret_cast<const char *>(&length), 4).append(png);
    }
    const quint32 total = qToBigEndian(quint32(8 + body.size()));
    return QByteArray("icns", 4).append(reinterpret_cast<const char *>(&total), 4).append(body);
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = QGuiApplication::arguments().mid(1);
    if (args.size() < 3 || args.size() % 2 == 0) {
        std::fprintf(stderr, "usage: iconrender SVG [--name NAME] [--png-dir DIR] [--ico FILE] [--icns FILE]\n");
        return 2;
    }
    QSvgRenderer renderer(args.first());
    if (!renderer.isValid()) {
        std::fprintf(stderr, "iconrender: cannot read %s\n", qUtf8Printable(args.first()));
        return 1;
    }
    QString name = QStringLiteral("org.metaverse.Metaverse");
    if (const auto at = args.indexOf(QLatin1String("--name")); at > 0 && at + 1 < args.size()) {
        name = args[at + 1];
    }
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        const QString &option = args[i];
        const QString &value = args[i + 1];
        bool ok = true;
        if (option == QLatin1String("--name")) {
            continue;
        }
        if (option == QLatin1String("--png-dir")) {
            for (int size : {16, 22, 24, 32, 48, 64, 128, 256, 512}) {
                const QString dir = QStringLiteral("%1/%2x%2/apps").arg(value).arg(size);
                ok = QDir().mkpath(dir) &&
                    writeFile(dir + u'/' + name + QLatin1String(".png"), renderPng(renderer, size));
                if (!ok) {
                    break;
                }
            }
        } else if (option == QLatin1String("--ico")) {
            ok = writeFile(value, ico(renderer));
        } else if (option == QLatin1String("--icns")) {
            ok = writeFile(value, icns(renderer));
        } else {
            std::fprintf(stderr, "iconrender: unknown option %s\n", qUtf8Printable(option));
            return 2;
        }
        if (!ok) {
            return 1;
        }
    }
    return 0;
}
