// SPDX-License-Identifier: GPL-3.0-or-later
// The upload checks of AssetStore: the SVG allow-list sanitiser against an attack corpus kept in
// tests/server/data/svg (every file under refused/ must be refused, everything under accepted/
// and the built-in artwork must pass and come out clean), and the raster size cap read from
// PNG, JPEG and WebP headers.
#include "assets/assetstore.h"
#include "assets/svgsanitizer.h"
#include "testsupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Metaverse;
using Metaverse::Test::pngHeader;

namespace
{
const QString DataDir = QStringLiteral(METAVERSE_SOURCE_DIR "/tests/server/data/svg");

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qFatal("cannot read %s", qPrintable(path));
    }
    return file.readAll();
}

void addFiles(const QString &dir)
{
    QTest::addColumn<QString>("path");
    const auto files = QDir(dir).entryList({QStringLiteral("*.svg")}, QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), qPrintable(dir));
    for (const auto &file : files) {
        QTest::newRow(qPrintable(file)) << QDir(dir).filePath(file);
    }
}

// Every element and attribute of a sanitised document, as "name" and "element@attribute".
QStringList namesIn(const QByteArray &svg)
{
    QStringList names;
    QXmlStreamReader reader(svg);
    while (!reader.atEnd()) {
        if (reader.readNext() == QXmlStreamReader::StartElement) {
            names << reader.qualifiedName().toString();
            for (const auto &attribute : reader.attributes()) {
                names << reader.name().toString() + QLatin1Char('@') + attribute.qualifiedName().toString();
            }
        }
    }
    return names;
}
} // namespace

class TestSvgSanitizer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesTheAttackCorpus_data() { addFiles(DataDir + QStringLiteral("/refused")); }
    void refusesTheAttackCorpus()
    {
        QFETCH(QString, path);
        const auto svg = readFile(path);
        QVERIFY2(SvgSanitizer::looksLikeSvg(svg), "the corpus holds SVG-looking files only");
        const auto result = SvgSanitizer::sanitize(svg);
        QVERIFY2(!result, result ? result->constData() : "");
        QCOMPARE(result.error().code, ErrorCode::UnsupportedMediaType);
        QVERIFY(result.error().message.startsWith(QStringLiteral("The SVG was refused: ")));

        QTemporaryDir data;
        AssetStore store(data.path());
        const auto stored = store.store(svg);
        QVERIFY(!stored);
        QCOMPARE(stored.error().code, ErrorCode::UnsupportedMediaType);
        QVERIFY2(!QDir(data.filePath(QStringLiteral("assets"))).exists() ||
                QDir(data.filePath(QStringLiteral("assets"))).isEmpty(),
            "nothing was stored");
    }

    void refusalsSayWhy()
    {
        const auto why = [](const char *svg) {
            const auto result = SvgSanitizer::sanitize(QByteArray(svg));
            return result ? QString() : result.error().message;
        };
        const char *script = "<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>";
        QVERIFY(why(script).contains(QStringLiteral("<script>")));
        const char *handler = "<svg xmlns='http://www.w3.org/2000/svg' onload='x()'/>";
        QVERIFY(why(handler).contains(QStringLiteral("onload")));
        QVERIFY(why("<!DOCTYPE svg><svg/>").contains(QStringLiteral("DOCTYPE")));
        const char *external = "<svg xmlns='http://www.w3.org/2000/svg'><use href='a.svg#b'/></svg>";
        QVERIFY(why(external).contains(QStringLiteral("inside the document")));
    }

    void acceptsAndCleans_data()
    {
        addFiles(DataDir + QStringLiteral("/accepted"));
        for (const auto &dir : {"avatars", "elements", "maps", "icons"}) {
            const QDir assets(QStringLiteral(METAVERSE_SOURCE_DIR "/assets/") + QLatin1String(dir));
            for (const auto &file : assets.entryList({QStringLiteral("*.svg")}, QDir::Files, QDir::Name)) {
                QTest::newRow(qPrintable(QLatin1String(dir) + QLatin1Char('/') + file)) << assets.filePath(file);
            }
        }
    }
    void acceptsAndCleans()
    {
        QFETCH(QString, path);
        const auto clean = SvgSanitizer::sanitize(readFile(path));
        QVERIFY2(clean, clean ? "" : qPrintable(clean.error().message));
        const auto names = namesIn(*clean);
        QVERIFY(!names.isEmpty());
        QCOMPARE(names.constFirst(), QStringLiteral("svg"));
        for (const auto &name : names) {
            QVERIFY2(!name.contains(QLatin1Char(':')) || name.endsWith(QLatin1String("@xlink:href")), qPrintable(name));
            QVERIFY2(!name.contains(QStringLiteral("@on")), qPrintable(name));
        }
        // The output is a fixed point: sanitising it again changes nothing.
        const auto again = SvgSanitizer::sanitize(*clean);
        QVERIFY(again);
        QCOMPARE(*again, *clean);
    }

    void keepsTheDrawingOfAnEditorExport()
    {
        const auto clean = SvgSanitizer::sanitize(readFile(DataDir + QStringLiteral("/accepted/inkscape-export.svg")));
        QVERIFY(clean);
        const auto names = namesIn(*clean);
        for (const auto &kept : {"ellipse", "path", "use", "text", "title", "style", "linearGradient@xlink:href",
                 "g@filter", "feGaussianBlur@stdDeviation", "path@style", "svg@viewBox"}) {
            QVERIFY2(names.contains(QLatin1String(kept)), kept);
        }
        for (const auto &dropped : {"sodipodi", "inkscape", "rdf", "metadata", "dc:title"}) {
            QVERIFY2(!clean->contains(dropped), dropped);
        }
        QVERIFY(clean->contains("Ficus &amp; friends"));
        QVERIFY(clean->contains("url(#leafGradient)"));
    }

    void storesTheSanitisedDocument()
    {
        QTemporaryDir data;
        AssetStore store(data.path());
        const QByteArray upload("<svg xmlns='http://www.w3.org/2000/svg' xmlns:x='urn:x' x:a='1'>"
                                "<x:meta/><rect width='2' height='2'/></svg>");
        const auto url = store.store(upload);
        QVERIFY2(url, url ? "" : qPrintable(url.error().message));
        QVERIFY(url->endsWith(QStringLiteral(".svg")));
        const auto asset = store.find(QStringLiteral("u"), url->section(QLatin1Char('/'), -1));
        QVERIFY(asset);
        QCOMPARE(asset->contentType, QByteArray("image/svg+xml"));
        QVERIFY(asset->data.contains("<rect"));
        QVERIFY(!asset->data.contains("urn:x"));
        QVERIFY(!asset->data.contains("meta"));
    }

    void rasterSizes_data()
    {
        QTest::addColumn<QByteArray>("image");
        QTest::addColumn<QSize>("size");
        QTest::newRow("png") << pngHeader(640, 480) << QSize(640, 480);
        QByteArray jpeg("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
                        "\xff\xdb\x00\x04\x00\x00"
                        "\xff\xc0\x00\x11\x08\x01\xe0\x02\x80\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01",
            2 + 18 + 6 + 19);
        QTest::newRow("jpeg, SOF0 after other segments") << jpeg << QSize(640, 480);
        QByteArray progressive = jpeg;
        progressive[2 + 18 + 6 + 1] = '\xc2';
        QTest::newRow("jpeg, progressive") << progressive << QSize(640, 480);
        QByteArray vp8("RIFF\0\0\0\0WEBPVP8 \0\0\0\0\0\0\0\x9d\x01\x2a\x80\x02\xe0\x01", 30);
        QTest::newRow("webp, lossy") << vp8 << QSize(640, 480);
        // VP8L: 14 bits of width-1 then 14 bits of height-1, little-endian after the 0x2f signature.
        const quint32 bits = (640 - 1) | ((480 - 1) << 14);
        QByteArray vp8l("RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2f", 21);
        for (int i = 0; i < 4; ++i) {
            vp8l.append(char((bits >> (8 * i)) & 0xff));
        }
        QTest::newRow("webp, lossless") << vp8l << QSize(640, 480);
        QByteArray vp8x("RIFF\0\0\0\0WEBPVP8X\0\0\0\0\0\0\0\0\x7f\x02\0\xdf\x01\0", 30);
        QTest::newRow("webp, extended") << vp8x << QSize(640, 480);
    }
    void rasterSizes()
    {
        QFETCH(QByteArray, image);
        QFETCH(QSize, size);
        QCOMPARE(AssetStore::rasterSize(image), std::optional<QSize>(size));
    }

    void capsRasterPixels_data()
    {
        QTest::addColumn<QByteArray>("image");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<int>("code");
        QTest::newRow("4096x4096, the most pixels") << pngHeader(4096, 4096) << true << 0;
        QTest::newRow("8192x64, the widest") << pngHeader(8192, 64) << true << 0;
        QTest::newRow("8193x1") << pngHeader(8193, 1) << false << int(ErrorCode::PayloadTooLarge);
        QTest::newRow("4097x4096") << pngHeader(4097, 4096) << false << int(ErrorCode::PayloadTooLarge);
        QTest::newRow("65535x65535 bomb") << pngHeader(65535, 65535) << false << int(ErrorCode::PayloadTooLarge);
        QTest::newRow("0x0") << pngHeader(0, 0) << false << int(ErrorCode::UnsupportedMediaType);
        QTest::newRow("2^31 wide") << pngHeader(0x80000000u, 1) << false << int(ErrorCode::UnsupportedMediaType);
        QTest::newRow("png without IHDR") << QByteArray(QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(64, '\x01'))
                                          << false << int(ErrorCode::UnsupportedMediaType);
        QTest::newRow("jpeg without a frame")
            << QByteArray("\xff\xd8\xff\xd9", 4) << false << int(ErrorCode::UnsupportedMediaType);
    }
    void capsRasterPixels()
    {
        QFETCH(QByteArray, image);
        QFETCH(bool, accepted);
        QFETCH(int, code);
        QTemporaryDir data;
        AssetStore store(data.path());
        const auto url = store.store(image);
        QCOMPARE(bool(url), accepted);
        if (!accepted) {
            QCOMPARE(int(url.error().code), code);
        }
    }
};

QTEST_GUILESS_MAIN(TestSvgSanitizer)
#include "tst_svgsanitizer.moc"
