// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverprocess.h"

#include "http.h"
#include "measure.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace Metaverse::Bench
{

std::optional<ProcessUsage> readProcessUsage(qint64 pid)
{
    if (pid <= 0) {
        return std::nullopt;
    }
    ProcessUsage usage;
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    for (const auto &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            // "VmRSS:	   12345 kB"
            usage.rssMb = line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
        }
    }
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    const auto text = stat.readAll();
    // Fields after "(comm)": state is field 3, utime 14, stime 15 (1-based, see proc(5)).
    const auto afterComm = text.lastIndexOf(')');
    if (afterComm < 0) {
        return std::nullopt;
    }
    const auto fields = text.mid(afterComm + 2).split(' ');
    if (fields.size() < 13) {
        return std::nullopt;
    }
    const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    usage.cpuSeconds = (fields.at(11).toDouble() + fields.at(12).toDouble()) / (ticks > 0 ? ticks : 100.0);
    return usage;
}

ServerProcess::~ServerProcess()
{
    stop();
}

bool ServerProcess::start(const QString &program, const QStringList &extraArgs, int timeoutMs)
{
    if (!QFileInfo(program).isExecutable()) {
        m_error = QStringLiteral("server binary %1 not found or not executable (use --server or --url)").arg(program);
        return false;
    }
    if (!m_dataDir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary data dir: %1").arg(m_dataDir.errorString());
        return false;
    }
    m_port = freePort();
    if (m_port == 0) {
        m_error = QStringLiteral("cannot find a free TCP port");
        return false;
    }
    QStringList args{QStringLiteral("--data-dir"), m_dataDir.path(), QStringLiteral("--http-port"),
        QString::number(m_port), QStringLiteral("--ws-port"), QStringLiteral("0"), QStringLiteral("--chat-port"),
        QStringLiteral("0"), QStringLiteral("--rate-limit-api"), QStringLiteral("0"),
        QStringLiteral("--rate-limit-auth"), QStringLiteral("0"), QStringLiteral("--bcrypt-cost"), QStringLiteral("4"),
        QStringLiteral("--log-level"), QStringLiteral("warning")};
    args += extraArgs;
    // Our stdout carries only the result line: the server's banner goes nowhere, its log to stderr.
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(program, args);
    if (!m_process.waitForStarted(5000)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(program, m_process.errorString());
        return false;
    }
    std::fprintf(stderr, "bench: started %s (pid %lld) on port %u, data in %s\n", qUtf8Printable(program),
        static_cast<long long>(m_process.processId()), unsigned(m_port), qUtf8Printable(m_dataDir.path()));

    const QDeadlineTimer deadline(timeoutMs);
    BlockingClient client(QStringLiteral("127.0.0.1"), m_port);
    for (;;) {
        const auto reply = client.request("GET", "/health", {}, {}, 1000);
        if (reply.status == 200) {
            return true;
        }
        // waitForFinished doubles as the retry delay and notices a server that exited.
        if (m_process.state() != QProcess::Running || m_process.waitForFinished(50)) {
            m_error = QStringLiteral("%1 exited with code %2 before answering /health")
                          .arg(program)
                          .arg(m_process.exitCode());
            return false;
        }
        if (deadline.hasExpired()) {
            m_error = QStringLiteral("%1 did not answer GET /health with 200 within %2 ms (last: %3)")
                          .arg(program)
                          .arg(timeoutMs)
                          .arg(reply.describe());
            return false;
        }
    }
}

void ServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning) {
        return;
    }
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

QByteArray usageField(const std::optional<ProcessUsage> &usage, double ProcessUsage::*field, int decimals)
{
    return usage ? num((*usage).*field, decimals) : QByteArray("null");
}

bool waitUntil(const std::function<bool()> &done, int timeoutMs, ServerProcess &server, bool &serverDied,
    const std::function<void()> &everySecond)
{
    if (done()) {
        return true;
    }
    QEventLoop loop;
    bool result = false;
    QTimer poll;
    poll.setInterval(10);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) {
            result = true;
            loop.quit();
        }
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    QTimer second;
    if (everySecond) {
        QObject::connect(&second, &QTimer::timeout, &loop, everySecond);
        second.start(1000);
    }
    QMetaObject::Connection died;
    if (server.pid() > 0) {
        died = QObject::connect(&server.process(), &QProcess::finished, &loop, [&] {
            serverDied = true;
            loop.quit();
        });
    }
    poll.start();
    deadline.start(timeoutMs);
    loop.exec();
    QObject::disconnect(died);
    return result;
}

} // namespace Metaverse::Bench
