// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QThread>

#include <memory>

namespace Metaverse::Test
{

class TcpProxyWorker;

// A TCP forwarder between the server under test and a real dependency (PostgreSQL, Redis), so
// a test can cut the dependency off and bring it back: a real outage, not a mock. It runs on
// its own thread, because the server's database driver blocks the test's thread while it
// connects.
class TcpProxy
{
public:
    TcpProxy(const QHostAddress &targetHost, quint16 targetPort);
    ~TcpProxy();

    bool start();
    [[nodiscard]] quint16 port() const;
    // Drops every connection and refuses new ones until resume().
    void cutOff();
    // Accepts connections again, on the same port.
    bool resume();
    // Keeps connections open but stops forwarding in both directions (a hung peer), or resumes.
    void setFrozen(bool frozen);

private:
    QThread m_thread;
    TcpProxyWorker *m_worker; // lives on m_thread, deleted when it finishes
};

} // namespace Metaverse::Test
