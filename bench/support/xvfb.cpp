// SPDX-License-Identifier: GPL-3.0-or-later
#include "xvfb.h"

#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QStandardPaths>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <sys/prctl.h>
#include <unistd.h>

namespace Metaverse::Bench
{

namespace
{
// The screen the client's 1280x800 window fits on, 24-bit colour as on a desktop.
const auto Screen = QStringLiteral("1280x800x24");

QString randomCookie()
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return QString::fromLatin1(bytes.toHex());
}

// Adds (or replaces) the cookie for `display` in `file` with xauth; returns an error message.
QString addCookie(const QString &xauth, const QString &file, const QString &display, const QString &cookie)
{
    QProcess process;
    process.start(xauth,
        {QStringLiteral("-q"), QStringLiteral("-f"), file, QStringLiteral("add"), display,
            QStringLiteral("MIT-MAGIC-COOKIE-1"), cookie});
    if (!process.waitForFinished(10000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        return QStringLiteral("xauth failed: %1").arg(QString::fromUtf8(process.readAllStandardError()).trimmed());
    }
    return {};
}
} // namespace

XvfbProcess::~XvfbProcess()
{
    stop();
}

bool XvfbProcess::available()
{
    return !QStandardPaths::findExecutable(QStringLiteral("Xvfb")).isEmpty();
}

bool XvfbProcess::start(int display, int timeoutMs)
{
    const auto program = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
    if (program.isEmpty()) {
        m_error = QStringLiteral("Xvfb not found on PATH (Debian package xvfb)");
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary dir: %1").arg(m_dir.errorString());
        return false;
    }
    // The server reads every cookie in its -auth file whatever display it names, so the cookie
    // can be written before the display number is known; clients look theirs up by number.
    const auto xauth = QStandardPaths::findExecutable(QStringLiteral("xauth"));
    const auto cookie = randomCookie();
    QStringList args;
    if (display >= 0) {
        args << QStringLiteral(":%1").arg(display);
    }
    // -displayfd: Xvfb writes the display number to stdout once it accepts connections (and,
    // without a number, picks the first free one itself, as its lock files tell).
    args << QStringLiteral("-displayfd") << QStringLiteral("1") << QStringLiteral("-nolisten") << QStringLiteral("tcp")
         << QStringLiteral("-screen") << QStringLiteral("0") << Screen;
    if (!xauth.isEmpty()) {
        m_authFile = m_dir.filePath(QStringLiteral("Xauthority"));
        const auto error = addCookie(xauth, m_authFile, QStringLiteral(":%1").arg(std::max(display, 0)), cookie);
        if (!error.isEmpty()) {
            m_error = error;
            return false;
        }
        args << QStringLiteral("-auth") << m_authFile;
    } else {
        std::fprintf(stderr, "bench: xauth not found, Xvfb runs without access control (local socket only)\n");
    }
    // Xvfb must not outlive the bench, even when the bench is killed (a CTest timeout).
    const pid_t parent = ::getpid();
    m_process.setChildProcessModifier([parent] {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) {
            ::_exit(1);
        }
    });
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start(program, args);
    if (!m_process.waitForStarted(timeoutMs)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(program, m_process.errorString());
        return false;
    }
    const QDeadlineTimer deadline(timeoutMs);
    while (!m_process.canReadLine()) {
        if (m_process.state() == QProcess::NotRunning || deadline.hasExpired()) {
            const auto log = QString::fromUtf8(m_process.readAllStandardError()).trimmed();
            m_error = QStringLiteral("Xvfb %1: %2")
                          .arg(m_process.state() == QProcess::NotRunning ? QStringLiteral("exited")
                                                                         : QStringLiteral("did not start in time"),
                              log.section(QLatin1Char('\n'), -3));
            stop();
            return false;
        }
        m_process.waitForReadyRead(static_cast<int>(std::min<qint64>(100, deadline.remainingTime())));
    }
    bool ok = false;
    const int number = QString::fromLatin1(m_process.readLine()).trimmed().toInt(&ok);
    if (!ok) {
        m_error = QStringLiteral("Xvfb did not report its display number");
        stop();
        return false;
    }
    m_display = QStringLiteral(":%1").arg(number);
    if (!xauth.isEmpty() && number != std::max(display, 0)) {
        const auto error = addCookie(xauth, m_authFile, m_display, cookie);
        if (!error.isEmpty()) {
            m_error = error;
            stop();
            return false;
        }
    }
    return true;
}

void XvfbProcess::stop()
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

} // namespace Metaverse::Bench
