// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QSemaphore>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QThread>
#include <QUrl>
#include <QVariantList>

#include <optional>

#include <memory>

namespace Metaverse
{

enum class SqlDialect { SQLite, PostgreSQL };

struct CachedStatement {
    QSqlQuery query;
    bool inUse = false;
};

// A prepared statement in use, usually borrowed from the per-connection cache. It releases the
// result set (finish()) and returns the statement when destroyed, so no read stays open between
// requests. A statement whose SQL is already in use (nesting) is a private, uncached one.
class Statement
{
public:
    explicit Statement(std::shared_ptr<CachedStatement> entry)
        : m_entry(std::move(entry))
    {
        m_entry->inUse = true;
    }
    ~Statement()
    {
        if (m_entry) {
            m_entry->query.finish();
            m_entry->inUse = false;
        }
    }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    Statement(Statement &&) noexcept = default;
    Statement &operator=(Statement &&) = delete;

    QSqlQuery *operator->() { return &m_entry->query; }
    QSqlQuery &operator*() { return m_entry->query; }

private:
    std::shared_ptr<CachedStatement> m_entry;
};

// Owns the connection settings and hands out one QSqlDatabase connection per thread (QtSql
// connections must not cross threads). Migrations live in resources as
// :/migrations/<dialect>/NNNN_name.sql and are applied in order, each in a transaction, and
// recorded in schema_migrations.
class Database
{
public:
    // `url` empty: SQLite (WAL, foreign keys on) at dataDir/metaverse.db. SQLite's WAL is
    // checkpointed by a thread of the Database's own every CheckpointIntervalMs, never by a commit:
    // a checkpoint syncs the database file (milliseconds, tens under load), and on the event loop
    // that stalled every socket. Commits stay durable against a crash of the server
    // (synchronous=NORMAL: the WAL is in the OS once the commit returns).
    static Result<std::unique_ptr<Database>> open(const QString &url, const QString &dataDir);
    // The SQLite database file in a data directory (used when no DATABASE_URL is set).
    static QString sqliteFile(const QString &dataDir);
    static constexpr int CheckpointIntervalMs = 1000;
    // The libpq connection options for a postgresql:// URL: the server's own (connect_timeout=5,
    // application_name=metaverse-server) overridden by the URL's query parameters (sslmode,
    // sslrootcert, ...). Only documented libpq parameters are taken; anything else is an error
    // naming the parameter (never the URL: it may hold a password).
    static Result<QString> postgresConnectOptions(const QUrl &url);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    [[nodiscard]] SqlDialect dialect() const { return m_dialect; }
    // This thread's connection, opened on first use.
    QSqlDatabase connection() const;
    Status migrate();
    [[nodiscard]] int schemaVersion() const;
    // A cheap round trip, for health checks.
    [[nodiscard]] bool ping() const;

    // A prepared statement on this thread's connection. Statements are compiled once per
    // connection and reused; the returned Statement resets it when it goes out of scope.
    Statement prepare(const QString &sql) const;
    // Runs a prepared query, turning a driver error into an Error (logged without parameters).
    // After a failure that left the connection broken, the connection is dropped so the next
    // call reconnects: the server recovers from a database restart by itself.
    Status exec(QSqlQuery &query) const;

    // The common shapes of a repository call: run `sql` with positional `binds`, then read no
    // rows (run), at most one (fetchOne) or all (fetchAll) with `read(const QSqlQuery &)`.
    Status run(const QString &sql, const QVariantList &binds) const
    {
        auto q = prepare(sql);
        for (const auto &value : binds) {
            q->addBindValue(value);
        }
        return exec(*q);
    }
    template<typename T, typename Read>
    Result<std::optional<T>> fetchOne(const QString &sql, const QVariantList &binds, Read read) const
    {
        auto q = prepare(sql);
        for (const auto &value : binds) {
            q->addBindValue(value);
        }
        if (auto status = exec(*q); !status) {
            return std::move(status).error();
        }
        if (!q->next()) {
            return std::optional<T>();
        }
        return std::optional<T>(read(*q));
    }
    template<typename T, typename Read>
    Result<QList<T>> fetchAll(const QString &sql, const QVariantList &binds, Read read) const
    {
        auto q = prepare(sql);
        for (const auto &value : binds) {
            q->addBindValue(value);
        }
        if (auto status = exec(*q); !status) {
            return std::move(status).error();
        }
        QList<T> rows;
        while (q->next()) {
            rows.append(read(*q));
        }
        return rows;
    }

private:
    Database() = default;
    void startCheckpointer();
    void stopCheckpointer();
    Result<QSqlDatabase> openConnection(const QString &name) const;
    [[nodiscard]] QString connectionName() const;
    // Closes and forgets this thread's connection and its statements; the next use reconnects.
    void dropConnection() const;

    SqlDialect m_dialect = SqlDialect::SQLite;
    QString m_sqlitePath;
    QString m_host;
    int m_port = 5432;
    QString m_user;
    QString m_password;
    QString m_databaseName;
    QString m_connectOptions;
    QString m_connectionPrefix;
    std::unique_ptr<QThread> m_checkpointer;
    QSemaphore m_stopCheckpointer;
};

// Commits on success, rolls back when destroyed without commit(). A Transaction opened while
// another is active on the same connection joins it: only the outermost one commits, and a
// failure anywhere must propagate so the outermost one rolls back.
class Transaction
{
public:
    explicit Transaction(const Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    [[nodiscard]] bool isActive() const { return m_active; }
    Status commit();

private:
    QSqlDatabase m_connection;
    bool m_active = false;
    bool m_joined = false;
};

// A new opaque id (UUID without braces).
QString newId();
// NULL for an empty string, for nullable text columns.
QVariant nullableText(const QString &value);

} // namespace Metaverse
