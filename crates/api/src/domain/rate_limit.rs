//! Counting attempts per address and per client, in the database so that every instance
//! of the service counts the same.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::crypto::sha256_hex;
use crate::db::rate_limit_hit;

/// At most `max` attempts in any `window`.
pub struct Limit {
    pub scope: &'static str,
    pub max: u64,
    pub window: Duration,
}

/// Over the limit; the next attempt is allowed after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

/// Counts an attempt, or refuses it when the window is full. Keys are stored hashed.
pub async fn hit(
    db: &impl ConnectionTrait,
    limit: &Limit,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), RetryAfter>, DbErr> {
    let key_hash = sha256_hex(&format!("{}:{key}", limit.scope));
    let since = now - limit.window;
    rate_limit_hit::Entity::delete_many()
        .filter(rate_limit_hit::Column::Scope.eq(limit.scope))
        .filter(rate_limit_hit::Column::CreatedAt.lt(now - limit.window * 2))
        .exec(db)
        .await?;
    let recent = rate_limit_hit::Entity::find()
        .filter(rate_limit_hit::Column::Scope.eq(limit.scope))
        .filter(rate_limit_hit::Column::KeyHash.eq(&key_hash))
        .filter(rate_limit_hit::Column::CreatedAt.gt(since))
        .order_by_asc(rate_limit_hit::Column::CreatedAt)
        .all(db)
        .await?;
    if recent.len() as u64 >= limit.max {
        let oldest = recent[0].created_at;
        let wait = (oldest + limit.window - now).num_seconds().max(1) as u64;
        return Ok(Err(RetryAfter(wait)));
    }
    rate_limit_hit::ActiveModel {
        scope: Set(limit.scope.to_owned()),
        key_hash: Set(key_hash),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Ok(()))
}
