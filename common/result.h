// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <utility>
#include <variant>

namespace Metaverse
{

// What went wrong, independent of transport. The server maps these to HTTP statuses and
// WebSocket error codes in one place each (server/http/problem.cpp).
enum class ErrorCode {
    Invalid, // malformed or failed validation
    NotFound, // an id that names nothing
    NoSuchLink, // a link's secret (an invite token) that names nothing (HTTP 404, not the lineage's 400)
    Gone, // a link that existed but no longer works: expired, used up or revoked (HTTP 410)
    Conflict, // duplicate (e.g. username taken)
    Unauthenticated, // missing, malformed, expired or tampered token; wrong credentials
    Forbidden, // signed in, but outside their rights
    Muted, // a moderator muted the user in this space's chat for a while (HTTP 403, chat `muted`)
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,
    Unavailable, // a dependency is down
    Internal, // a real fault
};

struct FieldError {
    QString field;
    QString message;
    bool operator==(const FieldError &) const = default;
};

struct Error {
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QList<FieldError> fields;
    int retryAfterSeconds = 0; // RateLimited: when to try again (HTTP Retry-After)

    static Error invalid(QString message, QList<FieldError> fields = {})
    {
        return {ErrorCode::Invalid, std::move(message), std::move(fields)};
    }
    static Error field(const QString &name, const QString &message)
    {
        return {ErrorCode::Invalid, message, {{name, message}}};
    }
    static Error notFound(QString message) { return {ErrorCode::NotFound, std::move(message), {}}; }
    static Error noSuchLink(QString message) { return {ErrorCode::NoSuchLink, std::move(message), {}}; }
    static Error gone(QString message) { return {ErrorCode::Gone, std::move(message), {}}; }
    static Error conflict(QString message) { return {ErrorCode::Conflict, std::move(message), {}}; }
    static Error unauthenticated(QString message) { return {ErrorCode::Unauthenticated, std::move(message), {}}; }
    static Error forbidden(QString message) { return {ErrorCode::Forbidden, std::move(message), {}}; }
    static Error muted(QString message) { return {ErrorCode::Muted, std::move(message), {}}; }
    static Error internal(QString message) { return {ErrorCode::Internal, std::move(message), {}}; }
    static Error unavailable(QString message) { return {ErrorCode::Unavailable, std::move(message), {}}; }
    static Error rateLimited(QString message, int retryAfterSeconds)
    {
        return {ErrorCode::RateLimited, std::move(message), {}, retryAfterSeconds};
    }
};

// `T` or an Error; shaped like std::expected so it can become an alias once C++23 is available.
template<typename T>
class [[nodiscard]] Result
{
public:
    // Default-constructed (as coroutine machinery needs): an internal error, never a value.
    Result()
        : m_value(std::in_place_index<1>, Error::internal(QStringLiteral("No result")))
    {
    }
    Result(T value)
        : m_value(std::in_place_index<0>, std::move(value))
    {
    }
    Result(Error error)
        : m_value(std::in_place_index<1>, std::move(error))
    {
    }

    [[nodiscard]] bool has_value() const { return m_value.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T &value() & { return std::get<0>(m_value); }
    const T &value() const & { return std::get<0>(m_value); }
    T &&value() && { return std::get<0>(std::move(m_value)); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const & { return std::get<1>(m_value); }
    Error &&error() && { return std::get<1>(std::move(m_value)); }

private:
    std::variant<T, Error> m_value;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_ok(false)
    {
    }
    [[nodiscard]] bool has_value() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error &error() const & { return m_error; }
    Error &&error() && { return std::move(m_error); }

private:
    Error m_error;
    bool m_ok = true;
};

using Status = Result<void>;

} // namespace Metaverse
