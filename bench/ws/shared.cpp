// SPDX-License-Identifier: GPL-3.0-or-later
#include "shared.h"

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

bool Shared::buildIndex()
{
    std::size_t size = 16;
    while (size < userIdBytes.size() * 4) {
        size *= 2;
    }
    m_slots.assign(size, -1);
    for (std::size_t i = 0; i < userIdBytes.size(); ++i) {
        if (indexOf(userIdBytes[i]) >= 0) {
            return false;
        }
        std::size_t slot = slotOf(userIdBytes[i]);
        while (m_slots[slot] >= 0) {
            slot = (slot + 1) & (size - 1);
        }
        m_slots[slot] = static_cast<int>(i);
    }
    return true;
}

} // namespace Metaverse::Bench
