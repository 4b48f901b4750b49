// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QQmlEngine>

namespace Metaverse
{

// Desktop notifications for chat messages that arrive while the window is inactive. On Linux they
// go to the freedesktop notification service over the D-Bus session bus (no QApplication or tray
// needed); where there is none (CI, offscreen, other systems) nothing is shown and nothing is
// logged. `count` counts the notifications asked for either way, `lastTitle`/`lastBody` the latest,
// so the behaviour is testable without a desktop.
class ChatNotifier : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The notifier belongs to App.chat")
    Q_PROPERTY(int count READ count NOTIFY notified)
    Q_PROPERTY(QString lastTitle READ lastTitle NOTIFY notified)
    Q_PROPERTY(QString lastBody READ lastBody NOTIFY notified)
    // Whether a notification service was found (checked once, without blocking).
    Q_PROPERTY(bool available READ isAvailable NOTIFY availableChanged)

public:
    explicit ChatNotifier(QObject *parent = nullptr);

    [[nodiscard]] int count() const { return m_count; }
    [[nodiscard]] QString lastTitle() const { return m_lastTitle; }
    [[nodiscard]] QString lastBody() const { return m_lastBody; }
    [[nodiscard]] bool isAvailable() const { return m_available; }

    void notify(const QString &title, const QString &body);

Q_SIGNALS:
    void notified();
    void availableChanged();

private:
    void probe();

    int m_count = 0;
    QString m_lastTitle;
    QString m_lastBody;
    bool m_available = false;
    bool m_probed = false;
    quint32 m_lastId = 0; // replaced by the next one, so a burst shows as one notification
};

} // namespace Metaverse
