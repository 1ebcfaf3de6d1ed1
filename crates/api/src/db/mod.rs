//! Persistence: the connection and the sea-orm entities, one module per table.

pub mod academic_record;
pub mod affiliation;
pub mod application;
pub mod audit_event;
pub mod certificate_type;
pub mod degree_program;
pub mod delivery;
pub mod delivery_download;
pub mod enrollment;
pub mod graduate_account;
pub mod identity_document;
pub mod issued_copy;
pub mod login_attempt;
pub mod one_time_token;
pub mod order;
pub mod order_item;
pub mod order_settings;
pub mod outbox;
pub mod payment;
pub mod prepared_document;
pub mod print_job;
pub mod print_station;
pub mod rate_limit_hit;
pub mod refresh_token;
pub mod session;
pub mod signing_key;
pub mod staff_user;
pub mod university;

use std::time::Duration;

use cis_migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait,
};

/// Opens the database; every SQLite connection of the pool gets foreign keys, WAL, a busy
/// timeout and `synchronous = NORMAL` (set per connection, not once on whichever
/// connection a statement happens to take).
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if url.starts_with("sqlite:") { 8 } else { 16 })
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|sqlite| {
            sqlite
                .foreign_keys(true)
                .journal_mode(SqliteJournalMode::Wal)
                .busy_timeout(Duration::from_secs(5))
                .synchronous(SqliteSynchronous::Normal)
        });
    Database::connect(options).await
}

/// Brings the schema up to date.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Begins a transaction that will write. On SQLite it takes the write lock at once: a
/// transaction that reads first and writes later fails with SQLITE_BUSY_SNAPSHOT when
/// another connection wrote in between, which waiting cannot cure. PostgreSQL needs
/// nothing: its row locks and conditional updates decide the races.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let txn = db.begin().await?;
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        txn.execute_unprepared("UPDATE universities SET id = id WHERE 1 = 0").await?;
    }
    Ok(txn)
}

/// Answers whether the database takes queries (for `/readyz`).
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.ping().await
}
