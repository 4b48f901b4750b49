// SPDX-License-Identifier: GPL-3.0-or-later
#include "json.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace Metaverse
{

Result<QJsonObject> parseJsonObject(const QByteArray &bytes)
{
    QJsonParseError parseError{};
    const auto document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Error::invalid(
            QStringLiteral("Malformed JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString()));
    }
    if (!document.isObject()) {
        return Error::invalid(QStringLiteral("The JSON body must be an object"));
    }
    return document.object();
}

JsonReader::JsonReader(const QJsonValue &value, QString prefix)
    : m_object(value.toObject())
    , m_prefix(std::move(prefix))
    , m_isObject(value.isObject())
{
    if (!m_isObject) {
        m_errors.append({m_prefix.isEmpty() ? QStringLiteral("body") : m_prefix, QStringLiteral("must be an object")});
    }
}

QString JsonReader::fieldName(const QString &key) const
{
    return m_prefix.isEmpty() ? key : m_prefix + QLatin1Char('.') + key;
}

std::pair<QString, QJsonValue> JsonReader::find(std::initializer_list<const char *> keys) const
{
    for (const char *key : keys) {
        const auto name = QString::fromLatin1(key);
        const auto it = m_object.constFind(name);
        if (it != m_object.constEnd()) {
            return {name, it.value()};
        }
    }
    return {QString::fromLatin1(*keys.begin()), QJsonValue(QJsonValue::Undefined)};
}

void JsonReader::fail(const QString &field, const QString &message)
{
    m_errors.append({fieldName(field), message});
}

void JsonReader::merge(const Error &error, const QString &under)
{
    if (error.fields.isEmpty()) {
        const auto base = under.isEmpty() ? m_prefix : fieldName(under);
        m_errors.append({base.isEmpty() ? QStringLiteral("body") : base, error.message});
        return;
    }
    for (const auto &field : error.fields) {
        m_errors.append(
            {fieldName(under.isEmpty() ? field.field : under + QLatin1Char('.') + field.field), field.message});
    }
}

Error JsonReader::error() const
{
    if (m_errors.size() == 1) {
        const auto &only = m_errors.constFirst();
        return Error::invalid(only.field + QLatin1Char(' ') + only.message, m_errors);
    }
    return Error::invalid(QStringLiteral("The request has %1 invalid fields").arg(m_errors.size()), m_errors);
}

std::optional<QString> JsonReader::optionalString(std::initializer_list<const char *> keys)
{
    const auto [name, value] = find(keys);
    if (value.isUndefined() || value.isNull()) {
        return std::nullopt;
    }
    if (!value.isString()) {
        fail(name, QStringLiteral("must be a string"));
        return std::nullopt;
    }
    return value.toString();
}

QString JsonReader::string(std::initializer_list<const char *> keys)
{
    const auto [name, value] = find(keys);
    if (value.isUndefined() || value.isNull()) {
        fail(name, QStringLiteral("is required"));
        return {};
    }
    return optionalString(keys).value_or(QString());
}

std::optional<int> JsonReader::optionalInteger(std::initializer_list<const char *> keys, int min, int max)
{
    const auto [name, value] = find(keys);
    if (value.isUndefined() || value.isNull()) {
        return std::nullopt;
    }
    const double number = value.toDouble(std::nan(""));
    if (!value.isDouble() || std::isnan(number) || number != std::floor(number)) {
        fail(name, QStringLiteral("must be an integer"));
        return std::nullopt;
    }
    if (number < min || number > max) {
        fail(name, QStringLiteral("must be between %1 and %2").arg(min).arg(max));
        return std::nullopt;
    }
    return static_cast<int>(number);
}

int JsonReader::integer(std::initializer_list<const char *> keys, int min, int max)
{
    const auto [name, value] = find(keys);
    if (value.isUndefined() || value.isNull()) {
        fail(name, QStringLiteral("is required"));
        return 0;
    }
    return optionalInteger(keys, min, max).value_or(0);
}

std::optional<bool> JsonReader::optionalBoolean(std::initializer_list<const char *> keys)
{
    const auto [name, value] = find(keys);
    if (value.isUndefined() || value.isNull()) {
        return std::nullopt;
    }
    if (!value.isBool()) {
        fail(name, QStringLiteral("must be a boolean"));
        return std::nullopt;
    }
    return value.toBool();
}

bool JsonReader::boolean(std::initializer_list<const char *> keys)
{
    const auto [name, value] = find(keys);
    if (value.isUndefined() || value.isNull()) {
        fail(name, QStringLiteral("is required"));
        return false;
    }
    return optionalBoolean(keys).value_or(false);
}

std::optional<QJsonArray> JsonReader::optionalArray(std::initializer_list<const char *> keys)
{
    const auto [name, value] = find(keys);
    if (value.isUndefined() || value.isNull()) {
        return std::nullopt;
    }
    if (!value.isArray()) {
        fail(name, QStringLiteral("must be an array"));
        return std::nullopt;
    }
    return value.toArray();
}

QJsonArray JsonReader::array(std::initializer_list<const char *> keys)
{
    const auto [name, value] = find(keys);
    if (value.isUndefined() || value.isNull()) {
        fail(name, QStringLiteral("is required"));
        return {};
    }
    return optionalArray(keys).value_or(QJsonArray());
}

QJsonValue JsonReader::value(std::initializer_list<const char *> keys)
{
    return find(keys).second;
}

} // namespace Metaverse
