//! Mail the SMTP server refused for good, as administrators see it in the staff area, and
//! sending one again (after the address was corrected at the recipient's end, or the
//! server's trouble fixed).

use chrono::SecondsFormat;
use cis_shared::staff::FailedMail;

use super::audit::{self, Actor};
use super::Scope;
use crate::mail::outbox;
use crate::mail::worker::MailQueue;

/// How many failed mails the list shows.
const LISTED: u64 = 200;

#[derive(Debug, thiserror::Error)]
pub enum MailFailureError {
    #[error("no such failed mail")]
    NotFound,
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
}

pub async fn list(scope: Scope<'_>) -> Result<Vec<FailedMail>, sea_orm::DbErr> {
    let rows = outbox::failed(scope.db, scope.university.id, LISTED).await?;
    Ok(rows
        .into_iter()
        .map(|row| FailedMail {
            id: row.id,
            recipient: row.recipient,
            subject: row.subject,
            created_at: row.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            failed_at: row.failed_at.unwrap_or(row.created_at).to_rfc3339_opts(SecondsFormat::Secs, true),
            attempts: row.attempts,
            reason: row.last_error.unwrap_or_default(),
        })
        .collect())
}

/// Puts the mail back in the queue, due now, and records who did.
pub async fn retry(
    scope: Scope<'_>,
    queue: &MailQueue,
    staff_id: i64,
    id: i64,
    client: &str,
) -> Result<(), MailFailureError> {
    let txn = crate::db::begin_write(scope.db).await?;
    if !outbox::retry(&txn, scope.university.id, id, scope.now).await? {
        return Err(MailFailureError::NotFound);
    }
    let event = audit::Event {
        actor: Actor::Staff(staff_id),
        action: "mail.retry",
        target: Some(("outbox", id)),
        detail: None,
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, scope.now).await?;
    txn.commit().await?;
    queue.wake();
    Ok(())
}
