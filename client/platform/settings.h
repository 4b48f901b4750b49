// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QSettings>
#include <QUrl>

#include <memory>

namespace Metaverse
{

// The one place where the client's preferences live (QSettings, organisation "Metaverse").
// Tests and the e2e harness pass their own file so they never touch the user's settings.
class Settings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Settings belong to the App singleton")
    Q_PROPERTY(QString serverUrl READ serverUrl WRITE setServerUrl NOTIFY serverUrlChanged)
    Q_PROPERTY(QString lastUsername READ lastUsername WRITE setLastUsername NOTIFY lastUsernameChanged)
    Q_PROPERTY(ThemeMode themeMode READ themeMode WRITE setThemeMode NOTIFY themeModeChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    // The status others see in spaces: "available" (default), "busy" or "away".
    Q_PROPERTY(QString spaceStatus READ spaceStatus WRITE setSpaceStatus NOTIFY spaceStatusChanged)
    // Chat rooms whose messages raise no notification (an @mention of the user still does).
    Q_PROPERTY(QStringList mutedRooms READ mutedRooms NOTIFY mutedRoomsChanged)

public:
    enum class ThemeMode { System, Light, Dark };
    Q_ENUM(ThemeMode)

    static QString defaultServerUrl() { return QStringLiteral("http://127.0.0.1:3001"); }

    // `fileName` empty: the platform's native location for the user.
    explicit Settings(const QString &fileName = {}, QObject *parent = nullptr);
    ~Settings() override;

    [[nodiscard]] QString serverUrl() const;
    void setServerUrl(const QString &url);
    [[nodiscard]] QString lastUsername() const;
    void setLastUsername(const QString &username);
    [[nodiscard]] ThemeMode themeMode() const;
    void setThemeMode(ThemeMode mode);
    // "" follows the system locale; otherwise a language code such as "de" or "en".
    [[nodiscard]] QString language() const;
    void setLanguage(const QString &language);
    [[nodiscard]] QString spaceStatus() const;
    // Ignores anything but the three names.
    void setSpaceStatus(const QString &status);

    [[nodiscard]] QStringList mutedRooms() const;
    [[nodiscard]] Q_INVOKABLE bool isRoomMuted(const QString &roomId) const;
    Q_INVOKABLE void setRoomMuted(const QString &roomId, bool muted);

    void sync();

Q_SIGNALS:
    void serverUrlChanged();
    void lastUsernameChanged();
    void themeModeChanged();
    void languageChanged();
    void spaceStatusChanged();
    void mutedRoomsChanged();

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace Metaverse
