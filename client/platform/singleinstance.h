// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocalServer>
#include <QObject>

#include <memory>

namespace Metaverse
{

// One running app per user and settings file, so that a metaverse: link opened from a browser or a
// file manager (a second `metaverse URL` process) reaches the app that is already signed in. A
// local socket in the user's runtime directory (QLocalServer; no D-Bus): the second process
// forwards its link there and exits. Two apps with different --settings files are independent.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    // `settingsFile` "" means the user's native settings.
    explicit SingleInstance(const QString &settingsFile, QObject *parent = nullptr);
    ~SingleInstance() override;

    // The socket's path (the runtime directory, a name derived from the settings file).
    [[nodiscard]] QString socketPath() const { return m_path; }
    // Hands `link` to the running app; false when none answers.
    [[nodiscard]] bool forward(const QString &link, int timeoutMs = 3000) const;
    // Becomes the app that links are forwarded to (replacing a stale socket); false when it cannot.
    bool listen();

Q_SIGNALS:
    // A link another process forwarded.
    void linkReceived(const QString &link);

private:
    void onConnection();

    QString m_path;
    std::unique_ptr<QLocalServer> m_server;
};

} // namespace Metaverse
