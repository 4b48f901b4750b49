// SPDX-License-Identifier: GPL-3.0-or-later
#include "shared.h"

#include <QStringView>

#include <algorithm>
#include <cmath>

namespace Metaverse::Bench
{

namespace
{
constexpr std::int64_t FineNs = 10'000; // 10 µs
constexpr std::int64_t FineLimitNs = 100'000'000; // 100 ms
constexpr std::int64_t CoarseNs = 1'000'000; // 1 ms
constexpr std::int64_t CoarseLimitNs = 100'000'000'000; // 100 s
constexpr std::size_t FineBuckets = FineLimitNs / FineNs;
constexpr std::size_t CoarseBuckets = (CoarseLimitNs - FineLimitNs) / CoarseNs;
constexpr std::size_t BucketCount = FineBuckets + CoarseBuckets + 1;

std::size_t bucketOf(std::int64_t ns)
{
    if (ns < FineLimitNs) {
        return static_cast<std::size_t>(ns / FineNs);
    }
    if (ns < CoarseLimitNs) {
        return FineBuckets + static_cast<std::size_t>((ns - FineLimitNs) / CoarseNs);
    }
    return BucketCount - 1;
}

std::int64_t upperEdgeNs(std::size_t bucket)
{
    if (bucket < FineBuckets) {
        return static_cast<std::int64_t>(bucket + 1) * FineNs;
    }
    if (bucket < FineBuckets + CoarseBuckets) {
        return FineLimitNs + static_cast<std::int64_t>(bucket - FineBuckets + 1) * CoarseNs;
    }
    return CoarseLimitNs;
}

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

Histogram::Histogram()
    : m_buckets(BucketCount, 0)
{
}

void Histogram::add(std::int64_t ns)
{
    ns = std::max<std::int64_t>(ns, 0);
    ++m_buckets[bucketOf(ns)];
    ++m_count;
    m_maxNs = std::max(m_maxNs, ns);
}

void Histogram::merge(const Histogram &other)
{
    for (std::size_t i = 0; i < BucketCount; ++i) {
        m_buckets[i] += other.m_buckets[i];
    }
    m_count += other.m_count;
    m_maxNs = std::max(m_maxNs, other.m_maxNs);
}

double Histogram::percentileMs(double p) const
{
    if (m_count == 0) {
        return 0;
    }
    auto rank = static_cast<std::uint64_t>(std::ceil(p / 100.0 * static_cast<double>(m_count)));
    rank = std::clamp<std::uint64_t>(rank, 1, m_count);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < BucketCount; ++i) {
        seen += m_buckets[i];
        if (seen >= rank) {
            return static_cast<double>(std::min(upperEdgeNs(i), m_maxNs)) / 1e6;
        }
    }
    return maxMs();
}

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
