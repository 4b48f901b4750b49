// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <initializer_list>
#include <optional>

namespace Metaverse
{

// One entry point per direction for every shared type: `toJson(const X&)` is overloaded next
// to each type, `fromJson<X>(value)` is specialised there. Bad or missing keys are errors.
template<typename T>
Result<T> fromJson(const QJsonValue &value);

// Parses a JSON document that must hold an object; the error names what is wrong.
Result<QJsonObject> parseJsonObject(const QByteArray &bytes);

// Reads the fields of one JSON object and collects every field error, so a client learns
// about all of its mistakes at once. Keys may have aliases (`imageUrl` and `imageurl`).
class JsonReader
{
public:
    explicit JsonReader(const QJsonValue &value, QString prefix = {});

    QString string(std::initializer_list<const char *> keys);
    std::optional<QString> optionalString(std::initializer_list<const char *> keys);
    int integer(std::initializer_list<const char *> keys, int min, int max);
    std::optional<int> optionalInteger(std::initializer_list<const char *> keys, int min, int max);
    bool boolean(std::initializer_list<const char *> keys);
    std::optional<bool> optionalBoolean(std::initializer_list<const char *> keys);
    std::optional<QJsonArray> optionalArray(std::initializer_list<const char *> keys);
    QJsonArray array(std::initializer_list<const char *> keys);
    QJsonValue value(std::initializer_list<const char *> keys);

    // Records an error on a field; `field` is relative to this reader's prefix.
    void fail(const QString &field, const QString &message);
    // Adds errors found by a validator or a nested decoder; the fields of `error` are relative to
    // this reader's prefix, or to `under` (a field of this object) when given.
    void merge(const Error &error, const QString &under = {});
    void merge(const Status &status)
    {
        if (!status) {
            merge(status.error());
        }
    }

    [[nodiscard]] bool ok() const { return m_errors.isEmpty() && m_isObject; }
    [[nodiscard]] Error error() const;

    template<typename T>
    Result<T> finish(T value) const
    {
        if (!ok()) {
            return error();
        }
        return value;
    }

private:
    // Returns the first present alias and its name; undefined when none is present.
    std::pair<QString, QJsonValue> find(std::initializer_list<const char *> keys) const;
    QString fieldName(const QString &key) const;

    QJsonObject m_object;
    QString m_prefix;
    QList<FieldError> m_errors;
    bool m_isObject = true;
};

} // namespace Metaverse
