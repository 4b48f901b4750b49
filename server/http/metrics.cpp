// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics.h"

#include <QStringList>

#include <algorithm>

namespace Metaverse
{

namespace
{
QString escapeLabel(QString value)
{
    return value.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
}
} // namespace

void Metrics::observeRequest(const QString &route, int status, double seconds)
{
    auto &stats = m_routes[route];
    ++stats.byStatus[status];
    ++stats.count;
    stats.sum += seconds;
    for (size_t i = 0; i < Buckets.size(); ++i) {
        if (seconds <= Buckets[i]) {
            ++stats.buckets[i];
        }
    }
}

void Metrics::addGauge(const QString &name, const QString &help, std::function<double()> read)
{
    m_gauges.append({name, help, std::move(read)});
}

void Metrics::addCounter(const QString &name, const QString &help, std::function<double()> read)
{
    m_readCounters.append({name, help, std::move(read)});
}

void Metrics::increment(const QString &name, double by)
{
    m_counters[name] += by;
}

void Metrics::describeCounter(const QString &name, const QString &help)
{
    m_counterHelp.insert(name, help);
    m_counters.insert(name, m_counters.value(name, 0));
}

QByteArray Metrics::render() const
{
    QString out;
    out += QStringLiteral("# HELP metaverse_http_requests_total HTTP requests by route and status.\n"
                          "# TYPE metaverse_http_requests_total counter\n");
    auto routes = m_routes.keys();
    std::sort(routes.begin(), routes.end());
    for (const auto &route : routes) {
        const auto &stats = m_routes[route];
        auto statuses = stats.byStatus.keys();
        std::sort(statuses.begin(), statuses.end());
        for (int status : statuses) {
            out += QStringLiteral("metaverse_http_requests_total{route=\"%1\",status=\"%2\"} %3\n")
                       .arg(escapeLabel(route))
                       .arg(status)
                       .arg(stats.byStatus[status]);
        }
    }
    out +=
        QStringLiteral("# HELP metaverse_http_request_duration_seconds Time from a request's arrival to its response.\n"
                       "# TYPE metaverse_http_request_duration_seconds histogram\n");
    for (const auto &route : routes) {
        const auto &stats = m_routes[route];
        const auto label = escapeLabel(route);
        for (size_t i = 0; i < Buckets.size(); ++i) {
            out += QStringLiteral("metaverse_http_request_duration_seconds_bucket{route=\"%1\",le=\"%2\"} %3\n")
                       .arg(label)
                       .arg(Buckets[i])
                       .arg(stats.buckets[i]);
        }
        out += QStringLiteral("metaverse_http_request_duration_seconds_bucket{route=\"%1\",le=\"+Inf\"} %2\n")
                   .arg(label)
                   .arg(stats.count);
        out +=
            QStringLiteral("metaverse_http_request_duration_seconds_sum{route=\"%1\"} %2\n").arg(label).arg(stats.sum);
        out += QStringLiteral("metaverse_http_request_duration_seconds_count{route=\"%1\"} %2\n")
                   .arg(label)
                   .arg(stats.count);
    }
    for (const auto &gauge : m_gauges) {
        out += QStringLiteral("# HELP %1 %2\n# TYPE %1 gauge\n%1 %3\n").arg(gauge.name, gauge.help).arg(gauge.read());
    }
    for (const auto &counter : m_readCounters) {
        out += QStringLiteral("# HELP %1 %2\n# TYPE %1 counter\n%1 %3\n")
                   .arg(counter.name, counter.help)
                   .arg(counter.read());
    }
    auto counters = m_counters.keys();
    std::sort(counters.begin(), counters.end());
    for (const auto &name : counters) {
        out += QStringLiteral("# HELP %1 %2\n# TYPE %1 counter\n%1 %3\n")
                   .arg(name, m_counterHelp.value(name, name))
                   .arg(m_counters.value(name));
    }
    return out.toUtf8();
}

} // namespace Metaverse
