// SPDX-License-Identifier: GPL-3.0-or-later
#include "database.h"

#include "logging.h"

#include <QDir>
#include <QHash>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

#include <atomic>

namespace Metaverse
{

namespace
{
std::atomic<int> s_instanceCounter{0};

// Prepared statements per connection name (connections are per thread, so is this cache).
thread_local QHash<QString, QHash<QString, std::shared_ptr<CachedStatement>>> t_statements;

// Splits a migration file into statements at semicolons that end a line.
QStringList splitStatements(const QString &script)
{
    QStringList statements;
    QString current;
    for (const auto &line : script.split(QLatin1Char('\n'))) {
        const auto trimmed = line.trimmed();
        if (trimmed.startsWith(QLatin1String("--")) || trimmed.isEmpty()) {
            continue;
        }
        current += line + QLatin1Char('\n');
        if (trimmed.endsWith(QLatin1Char(';'))) {
            statements.append(current.trimmed());
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty()) {
        statements.append(current.trimmed());
    }
    return statements;
}
} // namespace

QVariant nullableText(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString Database::sqliteFile(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("metaverse.db"));
}

Result<std::unique_ptr<Database>> Database::open(const QString &url, const QString &dataDir)
{
    std::unique_ptr<Database> db(new Database);
    db->m_connectionPrefix = QStringLiteral("metaverse-%1-").arg(s_instanceCounter.fetch_add(1));
    if (url.isEmpty()) {
        if (!QDir().mkpath(dataDir)) {
            return Error::unavailable(QStringLiteral("Cannot create the data directory %1").arg(dataDir));
        }
        db->m_dialect = SqlDialect::SQLite;
        db->m_sqlitePath = sqliteFile(dataDir);
    } else {
        const QUrl parsed(url);
        db->m_dialect = SqlDialect::PostgreSQL;
        db->m_host = parsed.host();
        db->m_port = parsed.port(5432);
        db->m_user = parsed.userName();
        db->m_password = parsed.password();
        db->m_databaseName = parsed.path().mid(1);
        auto options = postgresConnectOptions(parsed);
        if (!options) {
            return options.error();
        }
        db->m_connectOptions = *options;
    }
    auto connection = db->openConnection(db->m_connectionPrefix + QStringLiteral("probe"));
    if (!connection) {
        return connection.error();
    }
    if (db->m_dialect == SqlDialect::SQLite) {
        db->startCheckpointer();
    }
    return db;
}

Result<QString> Database::postgresConnectOptions(const QUrl &url)
{
    // libpq's connection parameters that make sense in a URL; host, port, user, password and the
    // database come from the URL itself.
    static const QStringList allowed{QStringLiteral("application_name"), QStringLiteral("channel_binding"),
        QStringLiteral("connect_timeout"), QStringLiteral("gssencmode"), QStringLiteral("keepalives"),
        QStringLiteral("keepalives_count"), QStringLiteral("keepalives_idle"), QStringLiteral("keepalives_interval"),
        QStringLiteral("krbsrvname"), QStringLiteral("options"), QStringLiteral("passfile"), QStringLiteral("sslcert"),
        QStringLiteral("sslcompression"), QStringLiteral("sslcrl"), QStringLiteral("sslkey"), QStringLiteral("sslmode"),
        QStringLiteral("sslpassword"), QStringLiteral("sslrootcert"), QStringLiteral("sslsni"),
        QStringLiteral("ssl_min_protocol_version"), QStringLiteral("ssl_max_protocol_version"),
        QStringLiteral("target_session_attrs"), QStringLiteral("tcp_user_timeout")};
    QList<std::pair<QString, QString>> options{{QStringLiteral("connect_timeout"), QStringLiteral("5")},
        {QStringLiteral("application_name"), QStringLiteral("metaverse-server")}};
    const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        if (!allowed.contains(key)) {
            return Error::invalid(
                QStringLiteral("DATABASE_URL: the parameter \"%1\" is not a supported libpq connection parameter")
                    .arg(key.left(64)));
        }
        // Qt's PostgreSQL driver joins the options with ';' into libpq's "key=value key=value".
        if (value.contains(QLatin1Char(';'))) {
            return Error::invalid(QStringLiteral("DATABASE_URL: the value of \"%1\" may not contain ';'").arg(key));
        }
        const auto same = [&](const auto &option) { return option.first == key; };
        options.erase(std::remove_if(options.begin(), options.end(), same), options.end());
        options.append({key, value});
    }
    QStringList parts;
    for (const auto &[key, value] : std::as_const(options)) {
        // libpq's quoting: single quotes around the value, backslash before ' and \.
        QString quoted = value;
        quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\''), QLatin1String("\\'"));
        parts.append(key + QLatin1String("='") + quoted + QLatin1Char('\''));
    }
    return parts.join(QLatin1Char(';'));
}

void Database::startCheckpointer()
{
    m_checkpointer.reset(QThread::create([this] {
        while (!m_stopCheckpointer.tryAcquire(1, CheckpointIntervalMs)) {
            auto db = connection();
            QSqlQuery checkpoint(db);
            // PASSIVE never waits for readers or writers; what it cannot copy yet, the next one does.
            if (db.isOpen() && !checkpoint.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"))) {
                qCWarning(lcStore) << "WAL checkpoint failed:" << checkpoint.lastError().text();
            }
        }
        {
            auto db = connection();
            QSqlQuery checkpoint(db);
            std::ignore = checkpoint.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        dropConnection();
    }));
    m_checkpointer->setObjectName(QStringLiteral("sqlite-checkpoint"));
    m_checkpointer->start(QThread::LowPriority);
}

void Database::stopCheckpointer()
{
    if (m_checkpointer) {
        m_stopCheckpointer.release();
        m_checkpointer->wait();
        m_checkpointer.reset();
    }
}

Database::~Database()
{
    stopCheckpointer();
    for (auto it = t_statements.begin(); it != t_statements.end();) {
        it = it.key().startsWith(m_connectionPrefix) ? t_statements.erase(it) : std::next(it);
    }
    const auto names = QSqlDatabase::connectionNames();
    for (const auto &name : names) {
        if (name.startsWith(m_connectionPrefix)) {
            QSqlDatabase::database(name, false).close();
            QSqlDatabase::removeDatabase(name);
        }
    }
}

Result<QSqlDatabase> Database::openConnection(const QString &name) const
{
    QSqlDatabase db;
    if (m_dialect == SqlDialect::SQLite) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_sqlitePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    } else {
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(m_host);
        db.setPort(m_port);
        db.setUserName(m_user);
        db.setPassword(m_password);
        db.setDatabaseName(m_databaseName);
        db.setConnectOptions(m_connectOptions);
    }
    if (!db.isValid()) {
        QSqlDatabase::removeDatabase(name);
        return Error::unavailable(
            QStringLiteral("The Qt SQL driver for %1 is not installed")
                .arg(m_dialect == SqlDialect::SQLite ? QStringLiteral("SQLite") : QStringLiteral("PostgreSQL")));
    }
    if (!db.open()) {
        const auto message = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return Error::unavailable(QStringLiteral("Cannot open the database: %1").arg(message));
    }
    if (m_dialect == SqlDialect::SQLite) {
        QSqlQuery pragma(db);
        for (const auto *statement : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL",
                 "PRAGMA wal_autocheckpoint=0"}) {
            if (!pragma.exec(QString::fromLatin1(statement))) {
                return Error::unavailable(QStringLiteral("Cannot configure SQLite: %1").arg(pragma.lastError().text()));
            }
        }
    }
    return db;
}

QString Database::connectionName() const
{
    return m_connectionPrefix + QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16);
}

void Database::dropConnection() const
{
    const QString name = connectionName();
    t_statements.remove(name);
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}

QSqlDatabase Database::connection() const
{
    const QString name = connectionName();
    if (QSqlDatabase::contains(name)) {
        auto db = QSqlDatabase::database(name, false);
        if (db.isOpen()) {
            return db;
        }
        t_statements.remove(name);
        if (db.open()) {
            return db;
        }
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    auto opened = openConnection(name);
    if (!opened) {
        qCWarning(lcStore) << "database connection failed:" << opened.error().message;
        return {};
    }
    return *opened;
}

Statement Database::prepare(const QString &sql) const
{
    const auto db = connection();
    auto &cache = t_statements[db.connectionName()];
    if (const auto it = cache.constFind(sql); it != cache.constEnd() && !(*it)->inUse) {
        return Statement(*it);
    }
    auto entry = std::make_shared<CachedStatement>(CachedStatement{QSqlQuery(db), false});
    entry->query.setForwardOnly(true);
    if (!entry->query.prepare(sql)) {
        qCWarning(lcStore) << "prepare failed:" << entry->query.lastError().text();
        return Statement(std::move(entry)); // not cached: exec() reports the error
    }
    if (!cache.contains(sql)) {
        cache.insert(sql, entry);
    }
    return Statement(std::move(entry));
}

namespace
{
// Whether a failed statement's error came from a server that is still talking to us. PostgreSQL
// reports an SQLSTATE for every error it sends; the classes 08 (connection exception) and 57
// (operator intervention: shutdown, crash) mean the session is gone, and no SQLSTATE at all means
// libpq never got an answer. SQLite's errors are local and never end the connection.
bool connectionSurvived(SqlDialect dialect, const QSqlError &error)
{
    if (dialect == SqlDialect::SQLite) {
        return error.type() != QSqlError::ConnectionError;
    }
    const QString state = error.nativeErrorCode();
    return state.size() == 5 && !state.startsWith(QLatin1String("08")) && !state.startsWith(QLatin1String("57"));
}
} // namespace

Status Database::exec(QSqlQuery &query) const
{
    if (query.exec()) {
        return {};
    }
    const auto error = query.lastError();
    // A statement error leaves the connection as it was (inside a PostgreSQL transaction, aborted
    // until the Transaction rolls back): no ping, which would fail there too and replace the
    // connection under the open transaction.
    if (!connectionSurvived(m_dialect, error) && !ping()) {
        qCWarning(lcStore) << "the database connection is broken:" << error.text();
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    // Unique violations are the caller's business (duplicate usernames).
    const auto code = error.nativeErrorCode();
    if (code == QLatin1String("23505") || code == QLatin1String("2067") || code == QLatin1String("1555") ||
        error.databaseText().contains(QLatin1String("UNIQUE constraint failed"))) {
        return Error::conflict(QStringLiteral("Already exists"));
    }
    qCWarning(lcStore) << "query failed:" << error.text();
    if (error.type() == QSqlError::ConnectionError || !query.driver() || !query.driver()->isOpen()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    return Error::internal(QStringLiteral("A database statement failed"));
}

Status Database::migrate()
{
    auto db = connection();
    if (!db.isOpen()) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name "
                                   "TEXT NOT NULL, applied_at TEXT NOT NULL)"))) {
        return Error::unavailable(QStringLiteral("Cannot create schema_migrations: %1").arg(query.lastError().text()));
    }
    const int current = schemaVersion();
    const QDir dir(m_dialect == SqlDialect::SQLite ? QStringLiteral(":/migrations/sqlite")
                                                   : QStringLiteral(":/migrations/postgres"));
    const auto files = dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    if (files.isEmpty()) {
        return Error::internal(QStringLiteral("No migrations are compiled in"));
    }
    // A database a newer server has migrated: this binary would misread it. Refuse to start.
    if (const int known = files.constLast().left(4).toInt(); current > known) {
        return Error::unavailable(QStringLiteral("The database's schema version %1 is newer than this server's (%2): "
                                                 "a newer metaverse-server has used it. Upgrade this server, or "
                                                 "restore a backup made before that upgrade.")
                                      .arg(current)
                                      .arg(known));
    }
    for (const auto &file : files) {
        const int version = file.left(4).toInt();
        if (version <= current) {
            continue;
        }
        QFile sqlFile(dir.filePath(file));
        if (!sqlFile.open(QIODevice::ReadOnly)) {
            return Error::internal(QStringLiteral("Cannot read migration %1").arg(file));
        }
        const auto statements = splitStatements(QString::fromUtf8(sqlFile.readAll()));
        if (!db.transaction()) {
            return Error::unavailable(QStringLiteral("Cannot start a transaction: %1").arg(db.lastError().text()));
        }
        for (const auto &statement : statements) {
            QSqlQuery step(db);
            if (!step.exec(statement)) {
                const auto message = step.lastError().text();
                db.rollback();
                return Error::internal(QStringLiteral("Migration %1 failed: %2").arg(file, message));
            }
        }
        QSqlQuery record(db);
        record.prepare(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
        record.addBindValue(version);
        record.addBindValue(file);
        record.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        if (!record.exec() || !db.commit()) {
            const auto message = record.lastError().text();
            db.rollback();
            return Error::internal(QStringLiteral("Cannot record migration %1: %2").arg(file, message));
        }
        qCInfo(lcStore) << "applied migration" << file;
    }
    return {};
}

int Database::schemaVersion() const
{
    QSqlQuery query(connection());
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) || !query.next()) {
        return 0;
    }
    return query.value(0).toInt();
}

bool Database::ping() const
{
    {
        auto db = connection();
        if (db.isOpen()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT 1")) && query.next()) {
                return true;
            }
        }
    }
    // A dropped PostgreSQL connection stays "open" on the Qt side: drop it and reconnect once.
    dropConnection();
    const auto db = connection();
    if (!db.isOpen()) {
        return false;
    }
    QSqlQuery query(db);
    return query.exec(QStringLiteral("SELECT 1")) && query.next();
}

namespace
{
// Open transactions per connection name on this thread.
thread_local QHash<QString, int> t_openTransactions;
} // namespace

Transaction::Transaction(const Database &db)
    : m_connection(db.connection())
{
    if (!m_connection.isOpen()) {
        return;
    }
    int &depth = t_openTransactions[m_connection.connectionName()];
    if (depth > 0) {
        m_joined = true;
        m_active = true;
        ++depth;
        return;
    }
    m_active = m_connection.transaction();
    if (m_active) {
        ++depth;
    }
}

Transaction::~Transaction()
{
    if (!m_active) {
        return;
    }
    --t_openTransactions[m_connection.connectionName()];
    if (!m_joined) {
        m_connection.rollback();
    }
}

Status Transaction::commit()
{
    if (!m_active) {
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    m_active = false;
    --t_openTransactions[m_connection.connectionName()];
    if (m_joined) {
        return {};
    }
    if (!m_connection.commit()) {
        qCWarning(lcStore) << "commit failed:" << m_connection.lastError().text();
        m_connection.rollback();
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    }
    return {};
}

} // namespace Metaverse
