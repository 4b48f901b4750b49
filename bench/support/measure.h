// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What every load generator measures with: one steady clock, a latency histogram, CPU time of
// this process and of the whole machine, and the small process chores (open-file limit, a free
// port, where the server binary is).

#include <QByteArray>
#include <QString>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace Metaverse::Bench
{

// One steady clock for every thread of the process (CLOCK_MONOTONIC).
inline std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Latency histogram: 10 µs buckets below 100 ms, 1 ms buckets up to 100 s, then one overflow
// bucket; the exact maximum on the side.
class Histogram
{
public:
    Histogram();
    void add(std::int64_t ns);
    void merge(const Histogram &other);
    std::uint64_t count() const { return m_count; }
    double maxMs() const { return static_cast<double>(m_maxNs) / 1e6; }
    // Nearest rank; the upper edge of the bucket (never above the maximum).
    double percentileMs(double p) const;

private:
    std::vector<std::uint64_t> m_buckets;
    std::uint64_t m_count = 0;
    std::int64_t m_maxNs = 0;
};

// A number for the JSON result line, with `decimals` digits after the point.
QByteArray num(double value, int decimals);

// CPU time of this process (all threads), in seconds.
double processCpuSeconds();

// Busy CPU time of the whole machine (all cores, /proc/stat: everything but idle and iowait), in
// seconds; what the rest of the machine used during a run tells how far the run can be trusted.
std::optional<double> machineBusySeconds();

// Each socket is a file descriptor in the bench and in the server (which inherits the limit):
// raises the soft limit to the hard one; false when that failed.
bool raiseFileLimit();

// A port that was free a moment ago on 127.0.0.1 (0 if none): the server binds it a moment later;
// a collision in between shows up as a failed start.
quint16 freePort();

// The metaverse-server binary at `relativePath` from this executable's directory.
QString serverNextToBench(const char *relativePath);

} // namespace Metaverse::Bench
