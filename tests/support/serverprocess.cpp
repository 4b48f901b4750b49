// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverprocess.h"

#include "signalwait.h"
#include "testsupport.h"

#include <QTcpServer>

namespace Metaverse::Test
{

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool waitUntilListening(QProcess &server, int timeoutMs)
{
    QByteArray output;
    SignalWait listening([&] {
        output += server.readAllStandardOutput();
        return output.contains("listening on") || server.state() != QProcess::Running;
    });
    listening.on(&server, &QProcess::readyReadStandardOutput).on(&server, &QProcess::stateChanged);
    return listening.until(timeoutMs) && server.state() == QProcess::Running;
}

ServerProcess::ServerProcess(QString binary)
    : m_binary(std::move(binary))
{
}

ServerProcess::~ServerProcess()
{
    stop();
}

bool ServerProcess::start(const QString &dataDir, const QString &redisUrl, const QStringList &extraArgs)
{
    if (m_httpPort == 0) {
        m_httpPort = freePort();
        m_wsPort = freePort();
        m_chatPort = freePort();
    }
    QStringList args{QStringLiteral("--data-dir"), dataDir, QStringLiteral("--http-port"), QString::number(m_httpPort),
        QStringLiteral("--ws-port"), QString::number(m_wsPort), QStringLiteral("--chat-port"),
        QString::number(m_chatPort), QStringLiteral("--bcrypt-cost"), QStringLiteral("4"),
        QStringLiteral("--rate-limit-auth"), QStringLiteral("0"), QStringLiteral("--rate-limit-api"),
        QStringLiteral("0"), QStringLiteral("--move-rate-limit"), QStringLiteral("0"),
        QStringLiteral("--chat-rate-limit"), QStringLiteral("0"), QStringLiteral("--ws-heartbeat-ms"),
        QStringLiteral("300"), QStringLiteral("--log-level"), QStringLiteral("warning")};
    if (!redisUrl.isEmpty()) {
        args << QStringLiteral("--redis-url") << redisUrl;
    }
    args << extraArgs;
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(m_binary, args);
    if (!m_process.waitForStarted(5000)) {
        return false;
    }
    return waitUntilListening(m_process) && Client(baseUrl()).get(QStringLiteral("/health")).status == 200;
}

void ServerProcess::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(2000);
        }
    }
}

void ServerProcess::crash()
{
    m_process.kill();
    m_process.waitForFinished(5000);
}

} // namespace Metaverse::Test
