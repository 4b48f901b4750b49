// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QStringList>
#include <QUrl>

namespace Metaverse::Test
{

// A free TCP port on the loopback interface (free when asked; tests accept the small race).
quint16 freePort();

// Waits for a started metaverse-server's "listening on" line on its stdout (main() prints it once
// every port is open); false when the process ends first or time runs out. The process must
// capture stdout (not ForwardedChannels/MergedChannels).
bool waitUntilListening(QProcess &server, int timeoutMs = 15000);

// One real metaverse-server process on free ports, for tests that need several instances,
// crashes (SIGKILL) or restarts. Fast hashes, no rate limits, a 300 ms heartbeat.
class ServerProcess
{
public:
    explicit ServerProcess(QString binary);
    ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    // Starts on `dataDir` (several instances may share one), with Redis when `redisUrl` is set,
    // and waits until /health answers. Restarting after stop() or crash() keeps the ports.
    bool start(const QString &dataDir, const QString &redisUrl, const QStringList &extraArgs = {});
    void stop();
    // SIGKILL: no goodbye to anyone.
    void crash();

    [[nodiscard]] QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_httpPort); }
    [[nodiscard]] QUrl spaceUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_wsPort)); }
    [[nodiscard]] QUrl chatUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_chatPort)); }

private:
    QString m_binary;
    QProcess m_process;
    quint16 m_httpPort = 0;
    quint16 m_wsPort = 0;
    quint16 m_chatPort = 0;
};

} // namespace Metaverse::Test
