//! The outbox: mail written in the transaction of the change that causes it, delivered
//! later by the worker. A row is claimed for a while before delivery, so several
//! instances can share the table (`FOR UPDATE SKIP LOCKED` on PostgreSQL).

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::Mail;
use crate::crypto::Sealer;
use crate::db::outbox;

/// How long a worker may hold a claimed row before another may take it: one delivery
/// attempt (the SMTP timeout is 20 s) with room to spare. Each row's claim is renewed just
/// before its attempt, so a batch may take longer; a worker killed mid-batch delays its
/// rows by this much at most.
pub const CLAIM_LEASE: Duration = Duration::seconds(30);

/// Queues a mail on the given connection or transaction; it is delivered once that
/// transaction commits. Returns the outbox id.
pub async fn enqueue(
    conn: &impl ConnectionTrait,
    sealer: &Sealer,
    university_id: i64,
    mail: &Mail,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let row = outbox::ActiveModel {
        university_id: Set(university_id),
        kind: Set(crate::db::outbox::OutboxKind::Mail),
        recipient: Set(mail.to.clone()),
        subject: Set(mail.subject.clone()),
        // Bodies carry one-time links and initial passwords: sealed at rest.
        body_text: Set(sealer.seal(&mail.body)),
        locale: Set(mail.locale),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        sent_at: Set(None),
        last_error: Set(None),
        failed_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(row.id)
}

/// Claims up to `limit` due, unsent mails for this worker.
pub async fn claim_due(db: &DatabaseConnection, now: DateTime<Utc>, limit: u64) -> Result<Vec<outbox::Model>, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let due = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq("mail"))
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::FailedAt.is_null())
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .filter(Condition::any().add(outbox::Column::ClaimedUntil.is_null()).add(outbox::Column::ClaimedUntil.lt(now)))
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .all(&txn)
        .await?;
    if due.is_empty() {
        return Ok(due);
    }
    let lease_end = now + CLAIM_LEASE;
    outbox::Entity::update_many()
        .col_expr(outbox::Column::ClaimedUntil, sea_orm::sea_query::Expr::value(lease_end))
        .filter(outbox::Column::Id.is_in(due.iter().map(|r| r.id)))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(due.into_iter().map(|row| outbox::Model { claimed_until: Some(lease_end), ..row }).collect())
}

/// Renews this worker's claim on a row just before its delivery attempt; `false` when the
/// claim lapsed and another worker may have taken the row (then it is left alone). The
/// claim is ours while it has not ended and ends no later than the one we were given: a
/// later claimant's ends later.
pub async fn renew_claim(db: &DatabaseConnection, row: &mut outbox::Model, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let Some(ours) = row.claimed_until else { return Ok(false) };
    let renewed = now + CLAIM_LEASE;
    let result = outbox::Entity::update_many()
        .col_expr(outbox::Column::ClaimedUntil, Expr::value(renewed))
        .filter(outbox::Column::Id.eq(row.id))
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::ClaimedUntil.gt(now))
        .filter(outbox::Column::ClaimedUntil.lte(ours))
        .exec(db)
        .await?;
    row.claimed_until = Some(renewed);
    Ok(result.rows_affected == 1)
}

pub async fn mark_sent(db: &DatabaseConnection, id: i64, now: DateTime<Utc>) -> Result<(), DbErr> {
    outbox::ActiveModel {
        id: Set(id),
        sent_at: Set(Some(now)),
        claimed_until: Set(None),
        // Delivered: nothing of the body is kept.
        body_text: Set(String::new()),
        last_error: Set(None),
        ..Default::default()
    }
    .update(db)
    .await
    .map(drop)
}

/// Records a failed attempt: a temporary one schedules the next attempt, a permanent one
/// (the server refused the mail for good) keeps the row for an administrator.
pub async fn mark_failed(
    db: &DatabaseConnection,
    row: &outbox::Model,
    error: &str,
    permanent: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let attempts = row.attempts + 1;
    outbox::ActiveModel {
        id: Set(row.id),
        attempts: Set(attempts),
        next_attempt_at: Set(now + backoff(attempts)),
        claimed_until: Set(None),
        last_error: Set(Some(error.chars().take(1000).collect())),
        failed_at: Set(permanent.then_some(now)),
        ..Default::default()
    }
    .update(db)
    .await
    .map(drop)
}

/// Mail waiting for delivery and mail refused for good, for the metrics.
pub struct Depth {
    pub pending: u64,
    pub oldest: Option<DateTime<Utc>>,
    pub failed: u64,
}

pub async fn depth(db: &DatabaseConnection, university: i64) -> Result<Depth, DbErr> {
    let unsent = outbox::Entity::find()
        .filter(outbox::Column::UniversityId.eq(university))
        .filter(outbox::Column::SentAt.is_null());
    let failed = unsent.clone().filter(outbox::Column::FailedAt.is_not_null()).count(db).await?;
    let pending = unsent.clone().filter(outbox::Column::FailedAt.is_null());
    let oldest = pending
        .clone()
        .select_only()
        .column_as(outbox::Column::CreatedAt.min(), "oldest")
        .into_tuple::<Option<DateTime<Utc>>>()
        .one(db)
        .await?
        .flatten();
    Ok(Depth { pending: pending.count(db).await?, oldest, failed })
}

/// The mail refused for good, newest first (at most `limit`).
pub async fn failed(db: &DatabaseConnection, university: i64, limit: u64) -> Result<Vec<outbox::Model>, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::UniversityId.eq(university))
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::FailedAt.is_not_null())
        .order_by_desc(outbox::Column::FailedAt)
        .order_by_desc(outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Puts a mail refused for good back in the queue, due now; `false` when there is no such
/// failed mail (sent since, or never failed).
pub async fn retry(db: &impl ConnectionTrait, university: i64, id: i64, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let result = outbox::Entity::update_many()
        .col_expr(outbox::Column::FailedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now))
        .col_expr(outbox::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::UniversityId.eq(university))
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::FailedAt.is_not_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The wait after the n-th failed attempt: 10 s doubling up to an hour. A temporary
/// failure is never given up: an outage delays mail and loses none.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = attempts.clamp(1, 20) as u32 - 1;
    let seconds = 10i64.saturating_mul(2i64.saturating_pow(exponent));
    Duration::seconds(seconds.min(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_caps_at_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(10));
        assert_eq!(backoff(2), Duration::seconds(20));
        assert_eq!(backoff(5), Duration::seconds(160));
        assert_eq!(backoff(9), Duration::seconds(2560));
        assert_eq!(backoff(10), Duration::hours(1));
        assert_eq!(backoff(1000), Duration::hours(1));
    }
}
