// SPDX-License-Identifier: GPL-3.0-or-later
#include "measure.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QTcpServer>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <sys/resource.h>
#include <unistd.h>

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

QByteArray num(double value, int decimals)
{
    return QByteArray::number(value, 'f', decimals);
}

double processCpuSeconds()
{
    timespec ts{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::optional<double> machineBusySeconds()
{
    QFile stat(QStringLiteral("/proc/stat"));
    if (!stat.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    const QList<QByteArray> fields = stat.readLine().simplified().split(' ');
    if (fields.size() < 6 || fields.at(0) != "cpu") {
        return std::nullopt;
    }
    double busy = 0;
    for (qsizetype i = 1; i < fields.size(); ++i) {
        if (i != 4 && i != 5) { // idle, iowait
            busy += fields.at(i).toDouble();
        }
    }
    return busy / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

bool raiseFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return false;
    }
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        return ::setrlimit(RLIMIT_NOFILE, &limit) == 0;
    }
    return true;
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        return 0;
    }
    return probe.serverPort();
}

QString serverNextToBench(const char *relativePath)
{
    return QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(QString::fromUtf8(relativePath));
}

} // namespace Metaverse::Bench
