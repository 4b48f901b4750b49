// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A private Xvfb (virtual X server) for benchmark runs on the xcb platform: started on a free
// display (or the one asked for), with an xauth cookie so only our clients can connect, and
// stopped on destruction. It dies with the bench even when the bench is killed.

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace Metaverse::Bench
{

class XvfbProcess
{
public:
    XvfbProcess() = default;
    ~XvfbProcess();
    XvfbProcess(const XvfbProcess &) = delete;
    XvfbProcess &operator=(const XvfbProcess &) = delete;

    // Whether an Xvfb binary is on PATH.
    static bool available();

    // Starts Xvfb on display :`display` (-1: the first free one, which Xvfb picks itself with
    // -displayfd) and waits, at most `timeoutMs`, until it accepts connections. On failure returns
    // false with a message in error().
    bool start(int display, int timeoutMs);
    void stop();

    // ":N" once started.
    [[nodiscard]] const QString &display() const { return m_display; }
    // The XAUTHORITY file for clients (empty when xauth is not installed: no access control then,
    // but the server listens on its local socket only).
    [[nodiscard]] const QString &authFile() const { return m_authFile; }
    [[nodiscard]] const QString &error() const { return m_error; }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_display;
    QString m_authFile;
    QString m_error;
};

} // namespace Metaverse::Bench
