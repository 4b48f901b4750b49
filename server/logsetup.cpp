// SPDX-License-Identifier: GPL-3.0-or-later
#include "logsetup.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>
#include <cstdio>

namespace Metaverse
{

namespace
{
const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

void jsonHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QJsonObject line{{QStringLiteral("ts"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("level"), QString::fromLatin1(levelName(type))},
        {QStringLiteral("category"), QString::fromLatin1(context.category ? context.category : "default")},
        {QStringLiteral("msg"), message}};
    const auto bytes = QJsonDocument(line).toJson(QJsonDocument::Compact);
    std::fprintf(stderr, "%s\n", bytes.constData());
    std::fflush(stderr);
}

void textHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const auto bytes = formatTextLine(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), levelName(type),
        QString::fromLatin1(context.category ? context.category : "default"), message);
    std::fprintf(stderr, "%s\n", bytes.constData());
}

bool needsEscape(char16_t c)
{
    // C0, DEL, C1, the Unicode line and paragraph separators (some viewers break lines there), and
    // the backslash that starts an escape. All are single UTF-16 units: surrogates pass through.
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == u'\\';
}

void appendEscaped(QString &out, QStringView text)
{
    const auto firstToEscape = std::find_if(text.begin(), text.end(), [](QChar c) { return needsEscape(c.unicode()); });
    if (firstToEscape == text.end()) {
        out += text; // the common case: one copy
        return;
    }
    for (const QChar qc : text) {
        const char16_t c = qc.unicode();
        if (!needsEscape(c)) {
            out += qc;
        } else if (c == u'\\') {
            out += QLatin1String("\\\\");
        } else if (c == u'\n') {
            out += QLatin1String("\\n");
        } else if (c == u'\r') {
            out += QLatin1String("\\r");
        } else if (c == u'\t') {
            out += QLatin1String("\\t");
        } else if (c <= 0xff) {
            out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
        } else {
            out += QStringLiteral("\\u{%1}").arg(uint(c), 4, 16, QLatin1Char('0'));
        }
    }
}
} // namespace

QByteArray formatTextLine(const QString &time, const char *level, const QString &category, const QString &message)
{
    QString line;
    line.reserve(time.size() + category.size() + message.size() + 16);
    line += time;
    line += QLatin1Char(' ');
    line += QLatin1String(level);
    line += QLatin1Char(' ');
    appendEscaped(line, category);
    line += QLatin1String(": ");
    appendEscaped(line, message);
    return line.toUtf8();
}

void setupLogging(LogFormat format, const QString &level)
{
    qInstallMessageHandler(format == LogFormat::Json ? jsonHandler : textHandler);
    QString rules;
    if (level == QLatin1String("debug")) {
        rules = QStringLiteral("metaverse.*.debug=true");
    } else if (level == QLatin1String("warning")) {
        rules = QStringLiteral("metaverse.*.info=false");
    } else if (level == QLatin1String("critical")) {
        rules = QStringLiteral("metaverse.*.info=false\nmetaverse.*.warning=false");
    }
    QLoggingCategory::setFilterRules(rules);
}

} // namespace Metaverse
