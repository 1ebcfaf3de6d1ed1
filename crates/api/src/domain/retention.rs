//! Keeping no personal data longer than it serves: identity document images uploaded
//! under a link that expired or was used without attaching them to an application are
//! deleted, row and file, an hour after the link stopped working.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use tokio::sync::watch;

use crate::clock::Clock;
use crate::db::{identity_document, one_time_token};
use crate::storage::DocumentStore;

/// How long after its link ended an unattached upload is kept.
const GRACE: Duration = Duration::hours(1);
/// How often the sweep runs.
const EVERY: StdDuration = StdDuration::from_secs(600);

/// Deletes the unattached uploads of links that ended more than [`GRACE`] ago; returns how
/// many were deleted.
pub async fn sweep(db: &DatabaseConnection, clock: &Clock, documents: &DocumentStore) -> anyhow::Result<usize> {
    let cutoff = clock.now() - GRACE;
    let ended: Vec<i64> = one_time_token::Entity::find()
        .select_only()
        .column(one_time_token::Column::Id)
        .filter(
            Condition::any()
                .add(one_time_token::Column::ExpiresAt.lt(cutoff))
                .add(one_time_token::Column::UsedAt.lt(cutoff)),
        )
        .into_tuple()
        .all(db)
        .await?;
    let mut deleted = 0;
    for ids in ended.chunks(500) {
        let orphans = identity_document::Entity::find()
            .filter(identity_document::Column::TokenId.is_in(ids.iter().copied()))
            .filter(identity_document::Column::ApplicationId.is_null())
            .all(db)
            .await?;
        for document in orphans {
            // The row goes first (conditionally: a submission may have attached it just
            // now); a file without a row is unreachable, a row without a file is an error.
            let gone = identity_document::Entity::delete_many()
                .filter(identity_document::Column::Id.eq(document.id))
                .filter(identity_document::Column::ApplicationId.is_null())
                .exec(db)
                .await?;
            if gone.rows_affected == 1 {
                documents.remove(&document.storage_name).await?;
                deleted += 1;
            }
        }
    }
    Ok(deleted)
}

/// Sweeps every [`EVERY`] until `stopped` turns true.
pub async fn run(
    db: DatabaseConnection,
    clock: Clock,
    documents: Arc<DocumentStore>,
    mut stopped: watch::Receiver<bool>,
) {
    loop {
        match sweep(&db, &clock, &documents).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "unattached uploads deleted"),
            Err(e) => tracing::warn!(error = %e, "retention sweep failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = stopped.changed() => return,
        }
        if *stopped.borrow() {
            return;
        }
    }
}
