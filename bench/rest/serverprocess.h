// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A metaverse-server child process on a fresh data dir and a free port, killed on destruction,
// plus the /proc readings the bench reports about it.

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <optional>

namespace Metaverse::Bench
{

struct ProcessUsage {
    double rssMb = 0;
    double cpuSeconds = 0; // utime + stime
};

// Reads /proc/<pid>/status (VmRSS) and /proc/<pid>/stat (utime, stime).
std::optional<ProcessUsage> readProcessUsage(qint64 pid);

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

} // namespace Metaverse::Bench
