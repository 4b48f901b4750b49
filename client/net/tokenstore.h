// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QCoroTask>
#include <QHash>
#include <QObject>

namespace Metaverse
{

// Keeps session tokens in the OS keychain (qtkeychain). Where no keychain service exists (no
// D-Bus secret service, as in CI) it keeps them in memory for this session only and says so
// through isSecure() and warning().
class TokenStore : public QObject
{
    Q_OBJECT

public:
    enum class Backend { Keychain, Memory };

    explicit TokenStore(Backend backend, QString service = QStringLiteral("metaverse"), QObject *parent = nullptr);

    [[nodiscard]] Backend backend() const { return m_backend; }
    // False once the keychain failed (or was never used): tokens then live in memory only.
    [[nodiscard]] bool isSecure() const { return m_backend == Backend::Keychain && m_keychainWorks; }
    // Why tokens are not kept safely ("" when they are), in the current language.
    [[nodiscard]] QString warning() const;
    // The language changed: warning() reads differently now.
    void retranslate() { Q_EMIT securityChanged(); }

    // The stored token of `account`, or an empty string when there is none.
    QCoro::Task<QString> load(QString account);
    QCoro::Task<void> save(QString account, QString token);
    QCoro::Task<void> remove(QString account);

Q_SIGNALS:
    void securityChanged();

private:
    void fallBack(const QString &reason);

    Backend m_backend;
    QString m_service;
    bool m_keychainWorks = true;
    QHash<QString, QString> m_memory;
};

} // namespace Metaverse
