// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A metaverse-server child process on a fresh data dir and a free port, killed on destruction,
// plus the /proc readings the bench reports about it.

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <functional>
#include <optional>

namespace Metaverse::Bench
{

struct ProcessUsage {
    double rssMb = 0;
    double cpuSeconds = 0; // utime + stime
};

// Reads /proc/<pid>/status (VmRSS) and /proc/<pid>/stat (utime, stime).
std::optional<ProcessUsage> readProcessUsage(qint64 pid);
// One field of a reading for the JSON result line, or null.
QByteArray usageField(const std::optional<ProcessUsage> &usage, double ProcessUsage::*field, int decimals);

class ServerProcess
{
public:
    ServerProcess() = default;
    ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    // Starts the server and waits (bounded) until GET /health answers 200. On failure returns
    // false with a message in error().
    bool start(const QString &program, const QStringList &extraArgs, int timeoutMs);
    void stop();

    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }
    bool running() const { return m_process.state() == QProcess::Running; }
    QProcess &process() { return m_process; }
    const QString &error() const { return m_error; }

private:
    QTemporaryDir m_dataDir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

// Runs the event loop until `done` holds (checked every 10 ms), the deadline passes or the
// started server exits (then `serverDied` is set). Returns whether `done` held.
bool waitUntil(const std::function<bool()> &done, int timeoutMs, ServerProcess &server, bool &serverDied,
    const std::function<void()> &everySecond = {});

} // namespace Metaverse::Bench
