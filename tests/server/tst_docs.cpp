// SPDX-License-Identifier: GPL-3.0-or-later
// Keeps the reference documentation honest: docs/api/openapi.yaml must list exactly the routes
// the server registers and use the field names the models produce, and docs/configuration.md
// must list exactly the options the server understands.
#include "testsupport.h"

#include "config/config.h"
#include "http/router.h"
#include "model/avatar.h"
#include "model/element.h"
#include "model/space.h"
#include "model/user.h"
#include "protocol/teams.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace Metaverse;

namespace
{

QString sourceFile(const char *relative)
{
    return QStringLiteral(METAVERSE_SOURCE_DIR "/") + QLatin1String(relative);
}

// The lines of a text file; `error` is set when it cannot be read.
QStringList readLines(const QString &path, QString &error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        error = QStringLiteral("Cannot read %1: %2").arg(path, file.errorString());
        return {};
    }
    QStringList lines;
    while (!file.atEnd()) {
        QString line = QString::fromUtf8(file.readLine());
        while (line.endsWith(QLatin1Char('\n')) || line.endsWith(QLatin1Char('\r'))) {
            line.chop(1);
        }
        lines.append(line);
    }
    return lines;
}

// A YAML line reduced to what the indentation parser needs.
struct YamlLine {
    int indent = 0;
    QString key; // the mapping key when the line is `key:` or `key: value`, else empty
    QString text; // the trimmed line
};

// The structural lines of a YAML document: blank lines, comments and the contents of block
// scalars (`description: |`) are dropped, so prose can never be mistaken for a key.
QList<YamlLine> yamlStructure(const QStringList &lines)
{
    static const QRegularExpression keyPattern(QStringLiteral("^(?:'([^']*)'|\"([^\"]*)\"|"
                                                              "([^\\s:'\"#-][^:#]*?)):(\\s|$)"));
    static const QRegularExpression blockScalar(QStringLiteral(":\\s*[|>][-+0-9]*\\s*(#.*)?$"));
    QList<YamlLine> result;
    int blockIndent = -1; // inside a block scalar owned by a key at this indentation
    for (const auto &line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty()) {
            continue;
        }
        int leading = 0;
        while (leading < line.size() && line.at(leading) == QLatin1Char(' ')) {
            ++leading;
        }
        if (blockIndent >= 0) {
            if (leading > blockIndent) {
                continue;
            }
            blockIndent = -1;
        }
        if (trimmed.startsWith(QLatin1Char('#'))) {
            continue;
        }
        YamlLine entry;
        entry.indent = leading;
        entry.text = trimmed;
        const auto match = keyPattern.match(trimmed);
        if (match.hasMatch()) {
            for (int group = 1; group <= 3; ++group) {
                if (match.capturedStart(group) >= 0) {
                    entry.key = match.captured(group).trimmed();
                    break;
                }
            }
        }
        if (blockScalar.match(trimmed).hasMatch()) {
            blockIndent = leading;
        }
        result.append(entry);
    }
    return result;
}

// The lines strictly inside the block of the key at `index` (more indented than it).
QList<YamlLine> childrenOf(const QList<YamlLine> &lines, qsizetype index)
{
    QList<YamlLine> children;
    const int indent = lines.at(index).indent;
    for (qsizetype i = index + 1; i < lines.size() && lines.at(i).indent > indent; ++i) {
        children.append(lines.at(i));
    }
    return children;
}

// The index of the line `key:` at `indent` among `lines`, or -1.
qsizetype findKey(const QList<YamlLine> &lines, int indent, const QString &key)
{
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines.at(i).indent == indent && lines.at(i).key == key) {
            return i;
        }
    }
    return -1;
}

// "METHOD /path" for every operation under `paths:`.
QStringList documentedOperations(const QList<YamlLine> &yaml)
{
    static const QStringList methods{QStringLiteral("get"), QStringLiteral("post"), QStringLiteral("put"),
        QStringLiteral("patch"), QStringLiteral("delete"), QStringLiteral("options"), QStringLiteral("head")};
    const auto pathsIndex = findKey(yaml, 0, QStringLiteral("paths"));
    if (pathsIndex < 0) {
        return {};
    }
    QStringList operations;
    QString currentPath;
    for (const auto &line : childrenOf(yaml, pathsIndex)) {
        if (line.indent == 2) {
            currentPath = line.text.endsWith(QLatin1Char(':')) ? line.key : QString();
        } else if (line.indent == 4 && !currentPath.isEmpty() && methods.contains(line.key) &&
            line.text == line.key + QLatin1Char(':')) {
            operations.append(line.key.toUpper() + QLatin1Char(' ') + currentPath);
        }
    }
    return operations;
}

// The property names of components.schemas.<schema>.properties, or nothing when absent.
QStringList schemaProperties(const QList<YamlLine> &yaml, const QString &schema)
{
    const auto componentsIndex = findKey(yaml, 0, QStringLiteral("components"));
    if (componentsIndex < 0) {
        return {};
    }
    const auto components = childrenOf(yaml, componentsIndex);
    const auto schemasIndex = findKey(components, 2, QStringLiteral("schemas"));
    if (schemasIndex < 0) {
        return {};
    }
    const auto schemas = childrenOf(components, schemasIndex);
    const auto schemaIndex = findKey(schemas, 4, schema);
    if (schemaIndex < 0) {
        return {};
    }
    const auto body = childrenOf(schemas, schemaIndex);
    const auto propertiesIndex = findKey(body, 6, QStringLiteral("properties"));
    if (propertiesIndex < 0) {
        return {};
    }
    QStringList names;
    for (const auto &line : childrenOf(body, propertiesIndex)) {
        if (line.indent == 8 && !line.key.isEmpty()) {
            names.append(line.key);
        }
    }
    return names;
}

// The router's "/space/:id" as OpenAPI's "/space/{id}".
QString openApiPath(const QString &pattern)
{
    QStringList segments = pattern.split(QLatin1Char('/'));
    for (auto &segment : segments) {
        if (segment.startsWith(QLatin1Char(':'))) {
            segment = QLatin1Char('{') + segment.mid(1) + QLatin1Char('}');
        }
    }
    return segments.join(QLatin1Char('/'));
}

QStringList minus(const QStringList &a, const QStringList &b)
{
    QStringList result;
    for (const auto &item : a) {
        if (!b.contains(item)) {
            result.append(item);
        }
    }
    return result;
}

QStringList duplicates(QStringList list)
{
    list.sort();
    QStringList result;
    for (qsizetype i = 1; i < list.size(); ++i) {
        if (list.at(i) == list.at(i - 1) && !result.contains(list.at(i))) {
            result.append(list.at(i));
        }
    }
    return result;
}

// A readable report of how two lists differ, for the failure message.
QString difference(const QString &leftName, const QStringList &left, const QString &rightName, const QStringList &right)
{
    QString report;
    const auto onlyLeft = minus(left, right);
    const auto onlyRight = minus(right, left);
    if (!onlyLeft.isEmpty()) {
        report += QStringLiteral("\n  in %1 but not in %2:\n    ").arg(leftName, rightName) +
            onlyLeft.join(QStringLiteral("\n    "));
    }
    if (!onlyRight.isEmpty()) {
        report += QStringLiteral("\n  in %1 but not in %2:\n    ").arg(rightName, leftName) +
            onlyRight.join(QStringLiteral("\n    "));
    }
    const auto repeatedLeft = duplicates(left);
    if (!repeatedLeft.isEmpty()) {
        report +=
            QStringLiteral("\n  listed twice in %1:\n    ").arg(leftName) + repeatedLeft.join(QStringLiteral("\n    "));
    }
    const auto repeatedRight = duplicates(right);
    if (!repeatedRight.isEmpty()) {
        report += QStringLiteral("\n  listed twice in %1:\n    ").arg(rightName) +
            repeatedRight.join(QStringLiteral("\n    "));
    }
    return report;
}

Element sampleElement()
{
    return Element{
        QStringLiteral("el1"), QStringLiteral("Desk"), QStringLiteral("/assets/elements/desk.svg"), 2, 1, true};
}

Space sampleSpace()
{
    Space space;
    space.id = QStringLiteral("sp1");
    space.name = QStringLiteral("Studio");
    space.size = {12, 7};
    space.thumbnail = QStringLiteral("/assets/maps/office.svg");
    space.creatorId = QStringLiteral("u1");
    space.isTemplate = false;
    space.elements.append(SpaceElement{QStringLiteral("pl1"), {3, 2}, sampleElement()});
    return space;
}

} // namespace

class TestDocs : public QObject
{
    Q_OBJECT

    QList<YamlLine> m_openApi;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        const auto lines = readLines(sourceFile("docs/api/openapi.yaml"), error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_openApi = yamlStructure(lines);
        QVERIFY2(findKey(m_openApi, 0, QStringLiteral("openapi")) >= 0, "docs/api/openapi.yaml has no openapi key");
    }

    // Every registered route is documented, and every documented operation is a route.
    void openApiListsEveryRoute()
    {
        Test::TestServer server([](Config &config) { config.seed = false; });
        const auto started = server.start();
        QVERIFY2(started.has_value(), started ? "" : qPrintable(started.error().message));

        QStringList routes;
        for (const auto &route : server.server().router().routes()) {
            if (route.method == QHttpServerRequest::Method::Options) {
                continue; // preflight is generic, not a route
            }
            routes.append(Router::methodName(route.method) + QLatin1Char(' ') + openApiPath(route.pattern));
        }
        QStringList documented = documentedOperations(m_openApi);
        QVERIFY2(routes.size() > 10, "the router lists suspiciously few routes");
        QVERIFY2(!documented.isEmpty(), "no operations found under paths: in docs/api/openapi.yaml");
        routes.sort();
        documented.sort();
        const auto report =
            difference(QStringLiteral("the router"), routes, QStringLiteral("openapi.yaml"), documented);
        QVERIFY2(
            report.isEmpty(), qPrintable(QStringLiteral("docs/api/openapi.yaml does not match the routes:") + report));
        QCOMPARE(documented, routes);
    }

    // docs/configuration.md lists exactly configOptions(), each with its flag or "(none)".
    void configurationListsEveryOption()
    {
        QString error;
        const auto lines = readLines(sourceFile("docs/configuration.md"), error);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        static const QRegularExpression keyCell(QStringLiteral("^`([A-Z0-9_]+)`$"));
        static const QRegularExpression flagCell(QStringLiteral("^`--([a-z0-9-]+)`$"));
        QStringList documented;
        QStringList malformed;
        for (const auto &line : lines) {
            if (!line.startsWith(QLatin1String("| `"))) {
                continue;
            }
            const auto cells = line.split(QLatin1Char('|'));
            if (cells.size() < 4) {
                malformed.append(line);
                continue;
            }
            const auto key = keyCell.match(cells.at(1).trimmed());
            const auto flagText = cells.at(2).trimmed();
            const auto flag = flagCell.match(flagText);
            if (!key.hasMatch() || (!flag.hasMatch() && flagText != QLatin1String("(none)"))) {
                malformed.append(line);
                continue;
            }
            documented.append(key.captured(1) + QLatin1Char(' ') +
                (flag.hasMatch() ? QStringLiteral("--") + flag.captured(1) : QStringLiteral("(none)")));
        }
        QVERIFY2(malformed.isEmpty(),
            qPrintable(
                QStringLiteral("docs/configuration.md has rows that are not \"| `KEY` | `--flag` or (none) |\":\n  ") +
                malformed.join(QStringLiteral("\n  "))));

        QStringList options;
        for (const auto &option : configOptions()) {
            options.append(option.key + QLatin1Char(' ') +
                (option.flag.isEmpty() ? QStringLiteral("(none)") : QStringLiteral("--") + option.flag));
        }
        QVERIFY(!options.isEmpty());
        options.sort();
        documented.sort();
        const auto report =
            difference(QStringLiteral("configOptions()"), options, QStringLiteral("configuration.md"), documented);
        QVERIFY2(report.isEmpty(),
            qPrintable(QStringLiteral("docs/configuration.md does not match configOptions():") + report));
        QCOMPARE(documented, options);
    }

    // The response schemas use exactly the field names the models produce.
    void schemaFieldsMatchToJson_data()
    {
        QTest::addColumn<QString>("schema");
        QTest::addColumn<QJsonObject>("json");
        QTest::newRow("Space") << QStringLiteral("Space") << toJson(sampleSpace());
        QTest::newRow("Element") << QStringLiteral("Element") << toJson(sampleElement());
        QTest::newRow("SpaceElement") << QStringLiteral("SpaceElement") << toJson(sampleSpace().elements.constFirst());
        QTest::newRow("SpaceSummary") << QStringLiteral("SpaceSummary") << toSummaryJson(sampleSpace());
        QTest::newRow("SpaceMember") << QStringLiteral("SpaceMember")
                                     << toJson(SpaceMember{QStringLiteral("u2"), QStringLiteral("bob"), true});
        QTest::newRow("User") << QStringLiteral("User")
                              << toJson(User{QStringLiteral("u1"), QStringLiteral("alice"), Role::Admin,
                                     QStringLiteral("av1")});
        QTest::newRow("SpaceListing") << QStringLiteral("SpaceListing")
                                      << Rest::toJson(Rest::SpaceListing{
                                             sampleSpace(), QStringLiteral("alice"), QStringLiteral("owner")});
        QTest::newRow("UserMatch") << QStringLiteral("UserMatch") << Rest::toJson(Rest::UserMatch{});
        QTest::newRow("Invite") << QStringLiteral("Invite") << Rest::toJson(Rest::Invite{});
        QTest::newRow("InviteCreated") << QStringLiteral("InviteCreated") << Rest::toJson(Rest::InviteCreated{});
        QTest::newRow("Ban") << QStringLiteral("Ban") << Rest::toJson(Rest::Ban{});
        QTest::newRow("Mute") << QStringLiteral("Mute") << Rest::toJson(Rest::Mute{});
        QTest::newRow("AuditEntry") << QStringLiteral("AuditEntry") << Rest::toJson(Rest::AuditEntry{});
        QTest::newRow("Avatar") << QStringLiteral("Avatar")
                                << toJson(Avatar{QStringLiteral("av1"), QStringLiteral("Fox"),
                                       QStringLiteral("/assets/avatars/fox.svg")});
    }
    void schemaFieldsMatchToJson()
    {
        QFETCH(QString, schema);
        QFETCH(QJsonObject, json);
        QStringList documented = schemaProperties(m_openApi, schema);
        QVERIFY2(!documented.isEmpty(),
            qPrintable(
                QStringLiteral("components.schemas.%1.properties not found in docs/api/openapi.yaml").arg(schema)));
        QStringList produced = json.keys();
        QVERIFY(!produced.isEmpty());
        produced.sort();
        documented.sort();
        const auto report =
            difference(QStringLiteral("toJson()"), produced, QStringLiteral("openapi.yaml"), documented);
        QVERIFY2(report.isEmpty(),
            qPrintable(QStringLiteral("components.schemas.%1 does not match toJson():").arg(schema) + report));
        QCOMPARE(documented, produced);
    }
};

QTEST_GUILESS_MAIN(TestDocs)
#include "tst_docs.moc"
