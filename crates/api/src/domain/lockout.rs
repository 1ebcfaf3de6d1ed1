//! Failed logins counted per key (a mail address, or a client address with a mail
//! address), known account or not, so that a lock tells a stranger nothing. Failures in a
//! row lock the key for 15 minutes, twice as long with each next lock up to a day; a
//! success starts the count again. Keys are kept as SHA-256 only.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use super::rate_limit::RetryAfter;
use crate::db::login_attempt;

/// The first lock; each next one lasts twice as long, up to a day.
const FIRST_LOCK_MINUTES: i64 = 15;
const LONGEST_LOCK_MINUTES: i64 = 24 * 60;

/// A lock a failure has just set.
#[derive(Debug, Clone, Copy)]
pub struct Lock {
    pub until: DateTime<Utc>,
    pub minutes: i64,
}

/// Until when the key is locked, if it is.
pub async fn locked_until(
    db: &impl ConnectionTrait,
    university: i64,
    key_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(login_attempt::Entity::find()
        .filter(login_attempt::Column::UniversityId.eq(university))
        .filter(login_attempt::Column::EmailHash.eq(key_hash))
        .one(db)
        .await?
        .and_then(|row| row.locked_until)
        .filter(|until| *until > now))
}

/// The wait a lock imposes, for `Retry-After`.
pub fn retry_after(until: DateTime<Utc>, now: DateTime<Utc>) -> RetryAfter {
    RetryAfter((until - now).num_seconds().max(1) as u64)
}

/// Counts a failure; the `threshold`-th in a row locks the key and is returned.
pub async fn fail(
    txn: &impl ConnectionTrait,
    university: i64,
    key_hash: &str,
    threshold: i32,
    now: DateTime<Utc>,
) -> Result<Option<Lock>, DbErr> {
    login_attempt::Entity::insert(login_attempt::ActiveModel {
        university_id: Set(university),
        email_hash: Set(key_hash.to_owned()),
        failures: Set(0),
        lockouts: Set(0),
        locked_until: Set(None),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([login_attempt::Column::UniversityId, login_attempt::Column::EmailHash])
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(txn)
    .await?;
    // The increment takes the row's lock, so concurrent failures all count.
    login_attempt::Entity::update_many()
        .col_expr(login_attempt::Column::Failures, Expr::col(login_attempt::Column::Failures).add(1))
        .col_expr(login_attempt::Column::UpdatedAt, Expr::value(now))
        .filter(login_attempt::Column::UniversityId.eq(university))
        .filter(login_attempt::Column::EmailHash.eq(key_hash))
        .exec(txn)
        .await?;
    let row = login_attempt::Entity::find()
        .filter(login_attempt::Column::UniversityId.eq(university))
        .filter(login_attempt::Column::EmailHash.eq(key_hash))
        .one(txn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("login attempt row vanished".into()))?;
    if row.failures < threshold {
        return Ok(None);
    }
    // The count of locks is forgotten a day after the last one ended.
    let forgotten = row.locked_until.is_some_and(|until| until + Duration::days(1) < now);
    let lockouts = if forgotten { 1 } else { row.lockouts + 1 };
    let minutes = (FIRST_LOCK_MINUTES << (lockouts - 1).clamp(0, 10)).min(LONGEST_LOCK_MINUTES);
    let until = now + Duration::minutes(minutes);
    let mut locked: login_attempt::ActiveModel = row.into();
    locked.failures = Set(0);
    locked.lockouts = Set(lockouts);
    locked.locked_until = Set(Some(until));
    locked.update(txn).await?;
    Ok(Some(Lock { until, minutes }))
}

/// A success: failures start again. The count of locks stays, so a persistent attack keeps
/// meeting longer locks.
pub async fn succeed(db: &impl ConnectionTrait, university: i64, key_hash: &str) -> Result<(), DbErr> {
    login_attempt::Entity::update_many()
        .col_expr(login_attempt::Column::Failures, Expr::value(0))
        .filter(login_attempt::Column::UniversityId.eq(university))
        .filter(login_attempt::Column::EmailHash.eq(key_hash))
        .filter(login_attempt::Column::Failures.ne(0))
        .exec(db)
        .await
        .map(drop)
}

/// Lifts a lock (an administrator vouches for the owner): no lock, no failures, and the
/// next lock is a first one again. Returns whether there was a lock to lift.
pub async fn lift(
    db: &impl ConnectionTrait,
    university: i64,
    key_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let was_locked = locked_until(db, university, key_hash, now).await?.is_some();
    login_attempt::Entity::update_many()
        .col_expr(login_attempt::Column::Failures, Expr::value(0))
        .col_expr(login_attempt::Column::Lockouts, Expr::value(0))
        .col_expr(login_attempt::Column::LockedUntil, Expr::value(None::<DateTime<Utc>>))
        .col_expr(login_attempt::Column::UpdatedAt, Expr::value(now))
        .filter(login_attempt::Column::UniversityId.eq(university))
        .filter(login_attempt::Column::EmailHash.eq(key_hash))
        .exec(db)
        .await?;
    Ok(was_locked)
}

/// The locks in force among `key_hashes`: (key hash, until).
pub async fn locks_among(
    db: &impl ConnectionTrait,
    university: i64,
    key_hashes: Vec<String>,
    now: DateTime<Utc>,
) -> Result<Vec<(String, DateTime<Utc>)>, DbErr> {
    if key_hashes.is_empty() {
        return Ok(Vec::new());
    }
    Ok(login_attempt::Entity::find()
        .filter(login_attempt::Column::UniversityId.eq(university))
        .filter(login_attempt::Column::EmailHash.is_in(key_hashes))
        .filter(login_attempt::Column::LockedUntil.gt(now))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|row| Some((row.email_hash, row.locked_until?)))
        .collect())
}
