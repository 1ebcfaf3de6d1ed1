//! Counting attempts per address and per client, in the database so that every instance
//! of the service counts the same. A hit weighs one (an attempt) or more (the bytes of an
//! upload, against a byte budget).

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::crypto::sha256_hex;
use crate::db::rate_limit_hit;

/// At most `max` (attempts, or units of weight) in any `window`.
pub struct Limit {
    pub scope: &'static str,
    pub max: u64,
    pub window: Duration,
}

/// Over the limit; the next attempt is allowed after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

fn key_hash(limit: &Limit, key: &str) -> String {
    sha256_hex(&format!("{}:{key}", limit.scope))
}

/// Refuses when the window already holds `max`; otherwise nothing is counted yet.
pub async fn check(
    db: &impl ConnectionTrait,
    limit: &Limit,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), RetryAfter>, DbErr> {
    rate_limit_hit::Entity::delete_many()
        .filter(rate_limit_hit::Column::Scope.eq(limit.scope))
        .filter(rate_limit_hit::Column::CreatedAt.lt(now - limit.window * 2))
        .exec(db)
        .await?;
    let recent = rate_limit_hit::Entity::find()
        .filter(rate_limit_hit::Column::Scope.eq(limit.scope))
        .filter(rate_limit_hit::Column::KeyHash.eq(key_hash(limit, key)))
        .filter(rate_limit_hit::Column::CreatedAt.gt(now - limit.window))
        .order_by_asc(rate_limit_hit::Column::CreatedAt)
        .all(db)
        .await?;
    let used: u64 = recent.iter().map(|hit| hit.weight.max(0) as u64).sum();
    if used >= limit.max {
        // Waiting until the oldest hit leaves the window frees at least its weight.
        let wait = (recent[0].created_at + limit.window - now).num_seconds().max(1) as u64;
        return Ok(Err(RetryAfter(wait)));
    }
    Ok(Ok(()))
}

/// Counts `weight` against the limit without checking it (after [`check`], once the
/// weight is known).
pub async fn record(
    db: &impl ConnectionTrait,
    limit: &Limit,
    key: &str,
    weight: u64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    rate_limit_hit::ActiveModel {
        scope: Set(limit.scope.to_owned()),
        key_hash: Set(key_hash(limit, key)),
        created_at: Set(now),
        weight: Set(weight.min(i64::MAX as u64) as i64),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(drop)
}

/// Counts an attempt, or refuses it when the window is full. Keys are stored hashed.
pub async fn hit(
    db: &impl ConnectionTrait,
    limit: &Limit,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), RetryAfter>, DbErr> {
    if let Err(wait) = check(db, limit, key, now).await? {
        return Ok(Err(wait));
    }
    record(db, limit, key, 1, now).await?;
    Ok(Ok(()))
}

/// Forgets what counted against the limit for `key` (the owner proved who they are).
pub async fn clear(db: &impl ConnectionTrait, limit: &Limit, key: &str) -> Result<(), DbErr> {
    rate_limit_hit::Entity::delete_many()
        .filter(rate_limit_hit::Column::Scope.eq(limit.scope))
        .filter(rate_limit_hit::Column::KeyHash.eq(key_hash(limit, key)))
        .exec(db)
        .await?;
    Ok(())
}
