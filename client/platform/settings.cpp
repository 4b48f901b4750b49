// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings.h"

#include "protocol/space.h"

namespace Metaverse
{

namespace
{
const auto KeyServerUrl = QStringLiteral("server/url");
const auto KeyLastUsername = QStringLiteral("session/lastUsername");
const auto KeyThemeMode = QStringLiteral("appearance/theme");
const auto KeyLanguage = QStringLiteral("appearance/language");
const auto KeySpaceStatus = QStringLiteral("space/status");
const auto KeyMutedRooms = QStringLiteral("chat/mutedRooms");
} // namespace

Settings::Settings(const QString &fileName, QObject *parent)
    : QObject(parent)
    , m_settings(fileName.isEmpty() ? std::make_unique<QSettings>()
                                    : std::make_unique<QSettings>(fileName, QSettings::IniFormat))
{
}

Settings::~Settings() = default;

QString Settings::serverUrl() const
{
    return m_settings->value(KeyServerUrl, defaultServerUrl()).toString();
}

void Settings::setServerUrl(const QString &url)
{
    const auto trimmed = url.trimmed();
    if (trimmed == serverUrl()) {
        return;
    }
    m_settings->setValue(KeyServerUrl, trimmed);
    Q_EMIT serverUrlChanged();
}

QString Settings::lastUsername() const
{
    return m_settings->value(KeyLastUsername).toString();
}

void Settings::setLastUsername(const QString &username)
{
    if (username == lastUsername()) {
        return;
    }
    m_settings->setValue(KeyLastUsername, username);
    Q_EMIT lastUsernameChanged();
}

Settings::ThemeMode Settings::themeMode() const
{
    const auto value = m_settings->value(KeyThemeMode).toString();
    if (value == QLatin1String("light")) {
        return ThemeMode::Light;
    }
    if (value == QLatin1String("dark")) {
        return ThemeMode::Dark;
    }
    return ThemeMode::System;
}

void Settings::setThemeMode(ThemeMode mode)
{
    if (mode == themeMode()) {
        return;
    }
    const auto value = mode == ThemeMode::Light ? QStringLiteral("light")
        : mode == ThemeMode::Dark               ? QStringLiteral("dark")
                                                : QStringLiteral("system");
    m_settings->setValue(KeyThemeMode, value);
    Q_EMIT themeModeChanged();
}

QString Settings::language() const
{
    return m_settings->value(KeyLanguage).toString();
}

void Settings::setLanguage(const QString &language)
{
    if (language == this->language()) {
        return;
    }
    m_settings->setValue(KeyLanguage, language);
    Q_EMIT languageChanged();
}

QString Settings::spaceStatus() const
{
    // A hand-edited file may say anything.
    const auto status = SpaceProtocol::parseStatus(m_settings->value(KeySpaceStatus).toString());
    return SpaceProtocol::statusName(status.value_or(SpaceProtocol::UserStatus::Available));
}

void Settings::setSpaceStatus(const QString &status)
{
    if (!SpaceProtocol::parseStatus(status) || status == spaceStatus()) {
        return;
    }
    m_settings->setValue(KeySpaceStatus, status);
    Q_EMIT spaceStatusChanged();
}

QStringList Settings::mutedRooms() const
{
    return m_settings->value(KeyMutedRooms).toStringList();
}

bool Settings::isRoomMuted(const QString &roomId) const
{
    return mutedRooms().contains(roomId);
}

void Settings::setRoomMuted(const QString &roomId, bool muted)
{
    auto rooms = mutedRooms();
    if (roomId.isEmpty() || rooms.contains(roomId) == muted) {
        return;
    }
    if (muted) {
        rooms.append(roomId);
    } else {
        rooms.removeAll(roomId);
    }
    m_settings->setValue(KeyMutedRooms, rooms);
    Q_EMIT mutedRoomsChanged();
}

void Settings::sync()
{
    m_settings->sync();
}

} // namespace Metaverse
