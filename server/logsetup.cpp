// SPDX-License-Identifier: GPL-3.0-or-later
#include "logsetup.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

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
    const auto bytes =
        QStringLiteral("%1 %2 %3: %4")
            .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), QString::fromLatin1(levelName(type)),
                QString::fromLatin1(context.category ? context.category : "default"), message)
            .toUtf8();
    std::fprintf(stderr, "%s\n", bytes.constData());
}
} // namespace

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
