//! Live graduate sessions held in memory, so the authenticated path reads no database in
//! the common case, while a session that ends still stops at once.
//!
//! An entry is the session's account and enrollments as read from the database, and when
//! the request before last was seen. It is only a copy: the database stays the truth, and
//! every doubt (no entry, an entry that looks idle) goes back to it.
//!
//! - **Ending** a session, or changing an account or its enrollments, goes through
//!   [`changed`] inside the transaction and [`LiveSessions::forget`] after the commit. On
//!   PostgreSQL, [`changed`] also sends a `NOTIFY` that every instance's [`listen`] receives
//!   when the transaction commits, so a logout on one instance stops the session on all.
//! - **Races**: a request that read the database before a change committed could store what
//!   it read after the change was forgotten. A generation counter stops that: an entry is
//!   stored only if nothing was forgotten since its reading began.
//! - **Without the listener** (PostgreSQL connection lost, or not started yet) the cache is
//!   off and empty: every request reads the database, as without a cache.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, Statement};
use tokio::sync::watch;

use crate::db::{enrollment, graduate_account};

/// The PostgreSQL channel of account changes.
const CHANNEL: &str = "cis_graduate_sessions";
/// Beyond this many entries the cache starts again (a bound on memory, never on correctness).
const MAX_ENTRIES: usize = 200_000;

/// What the authenticated path needs of a live session.
#[derive(Debug, Clone)]
pub struct Live {
    pub account_id: i64,
    pub account: Arc<graduate_account::Model>,
    pub enrollments: Arc<Vec<enrollment::Model>>,
    /// When the session began: it ends `CIS_SESSION_MAX_HOURS` later.
    pub started: DateTime<Utc>,
    /// The last authenticated request, as this instance knows it.
    pub last_seen: DateTime<Utc>,
    /// `last_seen_at` as written to the database.
    pub stamped: DateTime<Utc>,
}

#[derive(Debug, Default)]
struct Inner {
    /// Bumped by every [`LiveSessions::forget`] and [`LiveSessions::clear`].
    generation: u64,
    sessions: HashMap<i64, Live>,
}

/// The cache of live sessions (see the module's documentation).
#[derive(Debug)]
pub struct LiveSessions {
    inner: Mutex<Inner>,
    enabled: AtomicBool,
}

impl LiveSessions {
    /// On SQLite the cache is on from the start (one process owns the file); on PostgreSQL
    /// once [`listen`] has subscribed.
    pub fn new(backend: DatabaseBackend) -> LiveSessions {
        LiveSessions { inner: Mutex::default(), enabled: AtomicBool::new(backend != DatabaseBackend::Postgres) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether entries are kept (on PostgreSQL: while listening).
    pub fn enabled(&self) -> bool {
        self.enabled.load(Ordering::Acquire)
    }

    /// How many sessions are held.
    pub fn len(&self) -> usize {
        self.lock().sessions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The generation to hand back to [`LiveSessions::store`]; read before the database.
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// The session's entry, if there is one and it belongs to `account_id`; `now` becomes its
    /// last request. An entry idle for `idle` or more is dropped and not answered.
    pub fn touch(&self, session_id: i64, account_id: i64, now: DateTime<Utc>, idle: chrono::Duration) -> Option<Live> {
        if !self.enabled.load(Ordering::Acquire) {
            return None;
        }
        let mut inner = self.lock();
        let entry = inner.sessions.get_mut(&session_id)?;
        if entry.account_id != account_id {
            return None;
        }
        if entry.last_seen + idle <= now {
            inner.sessions.remove(&session_id);
            return None;
        }
        entry.last_seen = entry.last_seen.max(now);
        Some(entry.clone())
    }

    /// The database now says `stamped` for the session's last request.
    pub fn stamped(&self, session_id: i64, stamped: DateTime<Utc>) {
        if let Some(entry) = self.lock().sessions.get_mut(&session_id) {
            entry.stamped = entry.stamped.max(stamped);
        }
    }

    /// Keeps what a request read from the database, unless something was forgotten since
    /// `generation` was read.
    pub fn store(&self, generation: u64, session_id: i64, live: Live) {
        if !self.enabled.load(Ordering::Acquire) {
            return;
        }
        let mut inner = self.lock();
        if inner.generation != generation {
            return;
        }
        if inner.sessions.len() >= MAX_ENTRIES {
            inner.sessions.clear();
        }
        inner.sessions.insert(session_id, live);
    }

    /// Forgets every session of an account: after a change to it has committed.
    pub fn forget(&self, account_id: i64) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.sessions.retain(|_, live| live.account_id != account_id);
    }

    /// Forgets everything.
    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.sessions.clear();
    }

    fn set_enabled(&self, enabled: bool) {
        self.clear();
        self.enabled.store(enabled, Ordering::Release);
        self.clear();
    }
}

/// Inside the transaction that ends sessions of an account or changes the account or its
/// enrollments: on PostgreSQL every instance hears of it when the transaction commits. The
/// caller also calls [`LiveSessions::forget`] after the commit (for this instance, and on
/// SQLite).
pub async fn changed(db: &impl ConnectionTrait, account_id: i64) -> Result<(), DbErr> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        db.execute(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), account_id.to_string().into()],
        ))
        .await?;
    }
    Ok(())
}

/// On PostgreSQL: listens for changes made by any instance and forgets what they touch; the
/// cache is on only while listening. Returns at once on SQLite.
pub async fn listen(db: DatabaseConnection, sessions: Arc<LiveSessions>, mut stop: watch::Receiver<bool>) {
    use sea_orm::sqlx::postgres::PgListener;
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return;
    }
    let pool = db.get_postgres_connection_pool().clone();
    loop {
        let subscribed = async {
            let mut listener = PgListener::connect_with(&pool).await?;
            listener.listen(CHANNEL).await?;
            Ok::<_, sea_orm::sqlx::Error>(listener)
        };
        let mut listener = tokio::select! {
            result = subscribed => match result {
                Ok(listener) => listener,
                Err(err) => {
                    tracing::warn!(error = %err, "cannot listen for session changes: sessions are read from the database");
                    tokio::select! {
                        () = tokio::time::sleep(StdDuration::from_secs(1)) => continue,
                        _ = stop.changed() => return,
                    }
                }
            },
            _ = stop.changed() => return,
        };
        sessions.set_enabled(true);
        loop {
            let received = tokio::select! {
                received = listener.try_recv() => received,
                _ = stop.changed() => {
                    sessions.set_enabled(false);
                    return;
                }
            };
            match received {
                Ok(Some(notification)) => match notification.payload().parse::<i64>() {
                    Ok(account_id) => sessions.forget(account_id),
                    Err(_) => sessions.clear(),
                },
                // The connection was lost: what was said meanwhile is unknown.
                Ok(None) | Err(_) => {
                    sessions.set_enabled(false);
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live(account_id: i64, at: DateTime<Utc>) -> Live {
        let account = graduate_account::Model {
            id: account_id,
            university_id: 1,
            email: "a@example.com".into(),
            email_normalized: "a@example.com".into(),
            state: cis_shared::staff::AccountState::Active,
            locale: cis_shared::Locale::Ja,
            created_at: at,
            password_hash: None,
            second_password_hash: None,
            initial_password_expires_at: None,
            name: "n".into(),
            name_kana: "n".into(),
            birth_date: "2000-01-01".into(),
            profile: "{}".into(),
        };
        let enrollments = Arc::default();
        Live { account_id, account: Arc::new(account), enrollments, started: at, last_seen: at, stamped: at }
    }

    #[test]
    fn an_entry_read_before_a_change_is_not_kept() {
        let sessions = LiveSessions::new(DatabaseBackend::Sqlite);
        let now = Utc::now();
        let before = sessions.generation();
        sessions.forget(7);
        sessions.store(before, 1, live(7, now));
        assert!(sessions.touch(1, 7, now, chrono::Duration::minutes(30)).is_none());
        sessions.store(sessions.generation(), 1, live(7, now));
        assert!(sessions.touch(1, 7, now, chrono::Duration::minutes(30)).is_some());
    }

    #[test]
    fn forgetting_an_account_ends_its_entries_only() {
        let sessions = LiveSessions::new(DatabaseBackend::Sqlite);
        let now = Utc::now();
        sessions.store(sessions.generation(), 1, live(7, now));
        sessions.store(sessions.generation(), 2, live(8, now));
        sessions.forget(7);
        let idle = chrono::Duration::minutes(30);
        assert!(sessions.touch(1, 7, now, idle).is_none());
        assert!(sessions.touch(2, 8, now, idle).is_some());
        // Another account's token naming this session gets nothing.
        assert!(sessions.touch(2, 9, now, idle).is_none());
    }

    #[test]
    fn an_idle_entry_is_dropped_and_postgres_starts_off() {
        let sessions = LiveSessions::new(DatabaseBackend::Sqlite);
        let then = Utc::now();
        sessions.store(sessions.generation(), 1, live(7, then));
        let idle = chrono::Duration::minutes(30);
        assert!(sessions.touch(1, 7, then + idle, idle).is_none());
        assert!(sessions.touch(1, 7, then, idle).is_none(), "dropped, not only refused");

        let postgres = LiveSessions::new(DatabaseBackend::Postgres);
        postgres.store(postgres.generation(), 1, live(7, then));
        assert!(postgres.touch(1, 7, then, idle).is_none());
    }
}
