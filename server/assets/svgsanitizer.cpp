// SPDX-License-Identifier: GPL-3.0-or-later
#include "svgsanitizer.h"

#include <QSet>
#include <QStack>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace Metaverse::SvgSanitizer
{

namespace
{
const QString SvgNamespace = QStringLiteral("http://www.w3.org/2000/svg");
const QString XlinkNamespace = QStringLiteral("http://www.w3.org/1999/xlink");

// Bounds on the work one upload may cause (uploads are at most a few MiB anyway).
constexpr int MaxDepth = 64;
constexpr int MaxElements = 50000;

// Static SVG 1.1 / 2 graphics: shapes, text, paint servers, clipping, masking and filters.
const QSet<QString> &allowedElements()
{
    static const QSet<QString> names{QStringLiteral("svg"), QStringLiteral("g"), QStringLiteral("defs"),
        QStringLiteral("title"), QStringLiteral("desc"), QStringLiteral("symbol"), QStringLiteral("use"),
        QStringLiteral("switch"), QStringLiteral("path"), QStringLiteral("rect"), QStringLiteral("circle"),
        QStringLiteral("ellipse"), QStringLiteral("line"), QStringLiteral("polyline"), QStringLiteral("polygon"),
        QStringLiteral("text"), QStringLiteral("tspan"), QStringLiteral("textPath"), QStringLiteral("linearGradient"),
        QStringLiteral("radialGradient"), QStringLiteral("stop"), QStringLiteral("pattern"), QStringLiteral("clipPath"),
        QStringLiteral("mask"), QStringLiteral("marker"), QStringLiteral("style"), QStringLiteral("filter"),
        QStringLiteral("feBlend"), QStringLiteral("feColorMatrix"), QStringLiteral("feComponentTransfer"),
        QStringLiteral("feComposite"), QStringLiteral("feDisplacementMap"), QStringLiteral("feDropShadow"),
        QStringLiteral("feFlood"), QStringLiteral("feFuncA"), QStringLiteral("feFuncB"), QStringLiteral("feFuncG"),
        QStringLiteral("feFuncR"), QStringLiteral("feGaussianBlur"), QStringLiteral("feMerge"),
        QStringLiteral("feMergeNode"), QStringLiteral("feMorphology"), QStringLiteral("feOffset"),
        QStringLiteral("feTile"), QStringLiteral("feTurbulence")};
    return names;
}

// Elements that are active or load something: their presence refuses the upload, in any
// namespace (so a namespaced <h:script> is refused like <script>). Lower case.
const QSet<QString> &refusedElements()
{
    static const QSet<QString> names{QStringLiteral("script"), QStringLiteral("foreignobject"),
        QStringLiteral("iframe"), QStringLiteral("embed"), QStringLiteral("object"), QStringLiteral("image"),
        QStringLiteral("handler"), QStringLiteral("listener"), QStringLiteral("set"), QStringLiteral("animate"),
        QStringLiteral("animatemotion"), QStringLiteral("animatetransform"), QStringLiteral("animatecolor"),
        QStringLiteral("discard")};
    return names;
}

// Attributes without a namespace that are kept; `href` and xlink:href must point inside the document.
const QSet<QString> &allowedAttributes()
{
    static const QSet<QString> names{QStringLiteral("id"), QStringLiteral("class"), QStringLiteral("style"),
        QStringLiteral("transform"), QStringLiteral("d"), QStringLiteral("x"), QStringLiteral("y"),
        QStringLiteral("x1"), QStringLiteral("y1"), QStringLiteral("x2"), QStringLiteral("y2"), QStringLiteral("cx"),
        QStringLiteral("cy"), QStringLiteral("r"), QStringLiteral("rx"), QStringLiteral("ry"), QStringLiteral("fx"),
        QStringLiteral("fy"), QStringLiteral("fr"), QStringLiteral("width"), QStringLiteral("height"),
        QStringLiteral("viewBox"), QStringLiteral("preserveAspectRatio"), QStringLiteral("points"),
        QStringLiteral("pathLength"), QStringLiteral("version"), QStringLiteral("baseProfile"), QStringLiteral("href"),
        QStringLiteral("fill"), QStringLiteral("fill-opacity"), QStringLiteral("fill-rule"), QStringLiteral("stroke"),
        QStringLiteral("stroke-width"), QStringLiteral("stroke-linecap"), QStringLiteral("stroke-linejoin"),
        QStringLiteral("stroke-miterlimit"), QStringLiteral("stroke-dasharray"), QStringLiteral("stroke-dashoffset"),
        QStringLiteral("stroke-opacity"), QStringLiteral("opacity"), QStringLiteral("color"), QStringLiteral("display"),
        QStringLiteral("visibility"), QStringLiteral("clip-path"), QStringLiteral("clip-rule"),
        QStringLiteral("clipPathUnits"), QStringLiteral("mask"), QStringLiteral("maskUnits"),
        QStringLiteral("maskContentUnits"), QStringLiteral("filter"), QStringLiteral("filterUnits"),
        QStringLiteral("primitiveUnits"), QStringLiteral("gradientUnits"), QStringLiteral("gradientTransform"),
        QStringLiteral("spreadMethod"), QStringLiteral("offset"), QStringLiteral("stop-color"),
        QStringLiteral("stop-opacity"), QStringLiteral("patternUnits"), QStringLiteral("patternContentUnits"),
        QStringLiteral("patternTransform"), QStringLiteral("marker-start"), QStringLiteral("marker-mid"),
        QStringLiteral("marker-end"), QStringLiteral("markerWidth"), QStringLiteral("markerHeight"),
        QStringLiteral("markerUnits"), QStringLiteral("refX"), QStringLiteral("refY"), QStringLiteral("orient"),
        QStringLiteral("font-family"), QStringLiteral("font-size"), QStringLiteral("font-weight"),
        QStringLiteral("font-style"), QStringLiteral("text-anchor"), QStringLiteral("dominant-baseline"),
        QStringLiteral("dx"), QStringLiteral("dy"), QStringLiteral("rotate"), QStringLiteral("textLength"),
        QStringLiteral("lengthAdjust"), QStringLiteral("letter-spacing"), QStringLiteral("word-spacing"),
        QStringLiteral("text-decoration"), QStringLiteral("startOffset"), QStringLiteral("in"), QStringLiteral("in2"),
        QStringLiteral("result"), QStringLiteral("stdDeviation"), QStringLiteral("mode"), QStringLiteral("type"),
        QStringLiteral("values"), QStringLiteral("operator"), QStringLiteral("k1"), QStringLiteral("k2"),
        QStringLiteral("k3"), QStringLiteral("k4"), QStringLiteral("flood-color"), QStringLiteral("flood-opacity"),
        QStringLiteral("radius"), QStringLiteral("tableValues"), QStringLiteral("slope"), QStringLiteral("intercept"),
        QStringLiteral("amplitude"), QStringLiteral("exponent"), QStringLiteral("baseFrequency"),
        QStringLiteral("numOctaves"), QStringLiteral("seed"), QStringLiteral("stitchTiles"), QStringLiteral("scale"),
        QStringLiteral("xChannelSelector"), QStringLiteral("yChannelSelector"), QStringLiteral("shape-rendering"),
        QStringLiteral("color-interpolation-filters"), QStringLiteral("vector-effect"), QStringLiteral("paint-order"),
        QStringLiteral("mix-blend-mode"), QStringLiteral("isolation"), QStringLiteral("requiredFeatures"),
        QStringLiteral("systemLanguage")};
    return names;
}

// Elements whose text is part of the picture (or its accessible name, or its CSS).
bool keepsText(const QString &element)
{
    return element == QLatin1String("text") || element == QLatin1String("tspan") ||
        element == QLatin1String("textPath") || element == QLatin1String("title") || element == QLatin1String("desc") ||
        element == QLatin1String("style");
}

Error refuse(const QString &what)
{
    return {ErrorCode::UnsupportedMediaType, QStringLiteral("The SVG was refused: %1").arg(what), {}};
}

// The value as a browser's URL and CSS parsers would compare it: lower case, without the
// whitespace and control characters they skip ("java\tscript:").
QString compact(QStringView value)
{
    QString out;
    out.reserve(value.size());
    for (const auto ch : value) {
        if (ch.unicode() > 0x20 && ch.unicode() != 0x7f) {
            out.append(ch.toLower());
        }
    }
    return out;
}

// Why a kept attribute value or a <style> text is refused, or an empty string. Every url(...)
// must name a fragment of this document; CSS escapes are refused because they can spell
// anything ("u\72l(", "\6a avascript:").
QString checkValue(QStringView value)
{
    const auto text = compact(value);
    if (text.contains(QLatin1String("javascript:")) || text.contains(QLatin1String("vbscript:"))) {
        return QStringLiteral("a script URL");
    }
    if (text.contains(QLatin1Char('\\'))) {
        return QStringLiteral("a CSS escape");
    }
    if (text.contains(QLatin1String("@import")) || text.contains(QLatin1String("expression("))) {
        return QStringLiteral("CSS that loads or runs code");
    }
    for (qsizetype at = text.indexOf(QLatin1String("url(")); at >= 0; at = text.indexOf(QLatin1String("url("), at)) {
        at += 4;
        const auto charAt = [&text](qsizetype i) { return i < text.size() ? text.at(i) : QChar(); };
        auto first = charAt(at);
        if (first == QLatin1Char('\'') || first == QLatin1Char('"')) {
            first = charAt(at + 1);
        }
        if (first != QLatin1Char('#')) {
            return QStringLiteral("a url() outside the document");
        }
    }
    return {};
}
} // namespace

bool looksLikeSvg(const QByteArray &data)
{
    const auto head = data.left(4096).toLower();
    const auto svgAt = head.indexOf("<svg");
    if (svgAt < 0) {
        return false;
    }
    const auto before = head.left(svgAt).trimmed();
    return before.isEmpty() || before.startsWith("<?xml") || before.startsWith("<!--") ||
        before.startsWith("\xef\xbb\xbf") || before.startsWith("<!doctype");
}

Result<QByteArray> sanitize(const QByteArray &svg)
{
    QXmlStreamReader reader(svg);
    QByteArray out;
    QXmlStreamWriter writer(&out);
    writer.writeStartDocument();

    QStack<QString> kept; // the elements written and still open
    int depth = 0; // elements open in the input
    int droppedFrom = 0; // the depth at which a dropped element began, 0 when none is open
    int elements = 0;
    bool rootSeen = false;

    while (!reader.atEnd()) {
        switch (reader.readNext()) {
        case QXmlStreamReader::DTD:
            return refuse(QStringLiteral("a DOCTYPE (and its entities) is not allowed"));
        case QXmlStreamReader::EntityReference:
            return refuse(QStringLiteral("entities are not allowed"));
        case QXmlStreamReader::ProcessingInstruction:
            return refuse(QStringLiteral("processing instructions such as <?%1?> are not allowed")
                              .arg(reader.processingInstructionTarget()));
        case QXmlStreamReader::StartElement: {
            if (++depth > MaxDepth) {
                return refuse(QStringLiteral("elements are nested more than %1 deep").arg(MaxDepth));
            }
            if (++elements > MaxElements) {
                return refuse(QStringLiteral("more than %1 elements").arg(MaxElements));
            }
            const auto name = reader.name().toString();
            const auto space = reader.namespaceUri();
            if (refusedElements().contains(name.toLower())) {
                return refuse(QStringLiteral("<%1> is not allowed").arg(reader.qualifiedName()));
            }
            const bool svgSpace = space.isEmpty() || space == SvgNamespace;
            if (!rootSeen) {
                if (name != QLatin1String("svg") || !svgSpace) {
                    return refuse(QStringLiteral("the root element is <%1>, not <svg>").arg(reader.qualifiedName()));
                }
                rootSeen = true;
            }
            const auto attributes = reader.attributes();
            for (const auto &attribute : attributes) {
                if (attribute.name().startsWith(QLatin1String("on"), Qt::CaseInsensitive)) {
                    return refuse(QStringLiteral("the event handler %1 is not allowed").arg(attribute.qualifiedName()));
                }
                if (attribute.name() == QLatin1String("href") &&
                    !compact(attribute.value()).startsWith(QLatin1Char('#'))) {
                    return refuse(
                        QStringLiteral("%1 must point inside the document (#id)").arg(attribute.qualifiedName()));
                }
            }
            if (droppedFrom > 0 || !svgSpace || !allowedElements().contains(name)) {
                if (droppedFrom == 0) {
                    droppedFrom = depth;
                }
                break;
            }
            writer.writeStartElement(name);
            if (kept.isEmpty()) {
                writer.writeDefaultNamespace(SvgNamespace);
                writer.writeNamespace(XlinkNamespace, QStringLiteral("xlink"));
            }
            kept.push(name);
            for (const auto &attribute : attributes) {
                const auto attributeName = attribute.name().toString();
                const auto attributeSpace = attribute.namespaceUri();
                const bool xlinkHref = attributeSpace == XlinkNamespace && attributeName == QLatin1String("href");
                if (!xlinkHref && (!attributeSpace.isEmpty() || !allowedAttributes().contains(attributeName))) {
                    continue;
                }
                if (const auto why = checkValue(attribute.value()); !why.isEmpty()) {
                    return refuse(QStringLiteral("%1 in %2").arg(why, attribute.qualifiedName()));
                }
                if (xlinkHref) {
                    writer.writeAttribute(XlinkNamespace, attributeName, attribute.value().toString());
                } else {
                    writer.writeAttribute(attributeName, attribute.value().toString());
                }
            }
            break;
        }
        case QXmlStreamReader::EndElement:
            if (droppedFrom > 0) {
                if (droppedFrom == depth) {
                    droppedFrom = 0;
                }
            } else {
                writer.writeEndElement();
                kept.pop();
            }
            --depth;
            break;
        case QXmlStreamReader::Characters:
            if (droppedFrom == 0 && !kept.isEmpty() && keepsText(kept.top())) {
                if (kept.top() == QLatin1String("style")) {
                    if (const auto why = checkValue(reader.text()); !why.isEmpty()) {
                        return refuse(QStringLiteral("%1 in <style>").arg(why));
                    }
                }
                writer.writeCharacters(reader.text().toString());
            }
            break;
        default: // the document's start and end, comments
            break;
        }
    }
    if (reader.hasError()) {
        return refuse(QStringLiteral("it is not well-formed XML (%1)").arg(reader.errorString()));
    }
    if (!rootSeen) {
        return refuse(QStringLiteral("it has no <svg> element"));
    }
    writer.writeEndDocument();
    return out;
}

} // namespace Metaverse::SvgSanitizer
