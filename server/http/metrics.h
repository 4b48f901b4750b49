// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <array>
#include <functional>

namespace Metaverse
{

// Prometheus text exposition: per-route request counters and latency histograms, plus gauges
// and counters that other modules register.
class Metrics
{
public:
    void observeRequest(const QString &route, int status, double seconds);
    // A gauge read at scrape time.
    void addGauge(const QString &name, const QString &help, std::function<double()> read);
    // A counter read at scrape time from its owner.
    void addCounter(const QString &name, const QString &help, std::function<double()> read);
    // A named counter other modules increment (e.g. redis errors).
    void increment(const QString &name, double by = 1);
    void describeCounter(const QString &name, const QString &help);
    [[nodiscard]] QByteArray render() const;

    static constexpr std::array<double, 12> Buckets{
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

private:
    struct RouteStats {
        QHash<int, quint64> byStatus;
        std::array<quint64, Buckets.size()> buckets{};
        quint64 count = 0;
        double sum = 0;
    };
    struct Gauge {
        QString name;
        QString help;
        std::function<double()> read;
    };
    QHash<QString, RouteStats> m_routes;
    QList<Gauge> m_gauges;
    QList<Gauge> m_readCounters;
    QHash<QString, double> m_counters;
    QHash<QString, QString> m_counterHelp;
};

} // namespace Metaverse
