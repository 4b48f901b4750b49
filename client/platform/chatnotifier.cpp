// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatnotifier.h"

#include <QCoreApplication>
#include <QPointer>
#ifdef METAVERSE_HAVE_DBUS
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#endif

namespace Metaverse
{

#ifdef METAVERSE_HAVE_DBUS
namespace
{
const auto Service = QStringLiteral("org.freedesktop.Notifications");
const auto Path = QStringLiteral("/org/freedesktop/Notifications");
} // namespace
#endif

ChatNotifier::ChatNotifier(QObject *parent)
    : QObject(parent)
{
    probe();
}

void ChatNotifier::probe()
{
    if (m_probed) {
        return;
    }
    m_probed = true;
#ifdef METAVERSE_HAVE_DBUS
    auto bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface()) {
        return;
    }
    // Asynchronous: a missing or slow bus never blocks the UI.
    auto call = bus.interface()->asyncCall(QStringLiteral("NameHasOwner"), Service);
    auto *watcher = new QDBusPendingCallWatcher(call, this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *finished) {
        const QDBusPendingReply<bool> reply = *finished;
        finished->deleteLater();
        const bool available = !reply.isError() && reply.value();
        if (available != m_available) {
            m_available = available;
            Q_EMIT availableChanged();
        }
    });
#endif
}

void ChatNotifier::notify(const QString &title, const QString &body)
{
    ++m_count;
    m_lastTitle = title;
    m_lastBody = body;
    Q_EMIT notified();
    probe();
    if (!m_available) {
        return;
    }
#ifdef METAVERSE_HAVE_DBUS
    auto message = QDBusMessage::createMethodCall(Service, Path, Service, QStringLiteral("Notify"));
    // Plain text: the body is someone else's message, and notification servers may render markup.
    QString plainBody = body.toHtmlEscaped();
    message << QCoreApplication::applicationName() << m_lastId << QStringLiteral("org.metaverse.Metaverse") << title
            << plainBody << QStringList() << QVariantMap{{QStringLiteral("category"), QStringLiteral("im.received")}}
            << qint32(-1);
    auto call = QDBusConnection::sessionBus().asyncCall(message);
    auto *watcher = new QDBusPendingCallWatcher(call, this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *finished) {
        const QDBusPendingReply<quint32> reply = *finished;
        finished->deleteLater();
        if (!reply.isError()) {
            m_lastId = reply.value();
        }
    });
#endif
}

} // namespace Metaverse
