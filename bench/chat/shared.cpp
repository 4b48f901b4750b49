// SPDX-License-Identifier: GPL-3.0-or-later
#include "shared.h"

#include <QStringView>

namespace Metaverse::Bench
{

namespace
{
std::optional<int> toIndex(QStringView digits)
{
    bool ok = false;
    const int value = digits.toInt(&ok);
    if (!ok || value < 0) {
        return std::nullopt;
    }
    return value;
}
} // namespace

QString Shared::clientMsgId(int user, int seq) const
{
    return runId + QLatin1Char('-') + QString::number(user) + QLatin1Char('-') + QString::number(seq);
}

std::optional<std::pair<int, int>> Shared::parseClientMsgId(const QString &id) const
{
    // "<runId>-<user>-<seq>"
    if (!id.startsWith(runId) || id.size() <= runId.size() || id.at(runId.size()) != QLatin1Char('-')) {
        return std::nullopt;
    }
    const QStringView rest = QStringView(id).mid(runId.size() + 1);
    const auto dash = rest.indexOf(QLatin1Char('-'));
    if (dash < 0) {
        return std::nullopt;
    }
    const auto user = toIndex(rest.left(dash));
    const auto seq = toIndex(rest.mid(dash + 1));
    if (!user || !seq || *user >= users || *seq >= perUser) {
        return std::nullopt;
    }
    return std::pair{*user, *seq};
}

QString Shared::text(int user, int seq) const
{
    // "u<user> m<seq>" then " xxx…" up to messageChars.
    QString text = QLatin1Char('u') + QString::number(user) + QStringLiteral(" m") + QString::number(seq);
    if (text.size() + 1 < messageChars) {
        text += QLatin1Char(' ') + QString(messageChars - text.size() - 1, QLatin1Char('x'));
    }
    return text;
}

std::optional<std::pair<int, int>> Shared::parseText(const QString &text)
{
    if (!text.startsWith(QLatin1Char('u'))) {
        return std::nullopt;
    }
    const QStringView view(text);
    const auto space = view.indexOf(QLatin1Char(' '));
    if (space < 2 || space + 2 >= view.size() || view.at(space + 1) != QLatin1Char('m')) {
        return std::nullopt;
    }
    auto end = view.indexOf(QLatin1Char(' '), space + 2);
    if (end < 0) {
        end = view.size();
    }
    const auto user = toIndex(view.mid(1, space - 1));
    const auto seq = toIndex(view.mid(space + 2, end - space - 2));
    if (!user || !seq) {
        return std::nullopt;
    }
    return std::pair{*user, *seq};
}

} // namespace Metaverse::Bench
