//! Login history (beyond the manual): a logged-in graduate lists the account's live
//! sessions — where each began, with what, when it was last active — and ends any other
//! one, whose access tokens and refresh cookie stop working at once (on every instance:
//! see `live_sessions`). The caller's own session is not ended here: that is a logout.

use cis_shared::sessions::SessionInfo;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Select};

use super::audit::{self, Actor};
use super::live_sessions::LiveSessions;
use super::session::{end_session, GraduateIdentity, Lifetime};
use super::Scope;
use crate::clock::rfc3339;
use crate::db::session::{self, EndReason};

#[derive(Debug, thiserror::Error)]
pub enum LoginHistoryError {
    /// Not a live session of the caller's account (another account's, ended, or unknown).
    #[error("no such session")]
    NotFound,
    /// The caller's own session: a logout ends it.
    #[error("the session is the caller's own")]
    Current,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// The account's sessions that still work: not ended, not idle too long, not too old (the
/// same rule as [`Lifetime::over`]).
fn live_sessions_of(scope: Scope<'_>, lifetime: Lifetime, account_id: i64) -> Select<session::Entity> {
    session::Entity::find()
        .filter(session::Column::UniversityId.eq(scope.university.id))
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::EndedAt.is_null())
        .filter(session::Column::LastSeenAt.gt(scope.now - lifetime.idle))
        .filter(session::Column::CreatedAt.gt(scope.now - lifetime.max))
}

/// `GET /api/v1/me/sessions`: newest first, the caller's marked `current` (and active now).
#[tracing::instrument(skip_all, fields(account_id = who.account_id))]
pub async fn list(scope: Scope<'_>, lifetime: Lifetime, who: &GraduateIdentity) -> Result<Vec<SessionInfo>, DbErr> {
    let rows = live_sessions_of(scope, lifetime, who.account_id)
        .order_by_desc(session::Column::CreatedAt)
        .order_by_desc(session::Column::Id)
        .all(scope.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let current = row.id == who.session_id;
            SessionInfo {
                id: row.id,
                current,
                user_agent: row.user_agent,
                client_address: row.client_address,
                started_at: rfc3339(row.created_at),
                last_active_at: rfc3339(if current { scope.now } else { row.last_seen_at }),
            }
        })
        .collect())
}

/// `DELETE /api/v1/me/sessions/{id}`: ends another live session of the caller's account.
/// Another account's session answers as an unknown one does.
#[tracing::instrument(skip_all, fields(account_id = who.account_id, session_id = id))]
pub async fn end(
    scope: Scope<'_>,
    sessions: &LiveSessions,
    lifetime: Lifetime,
    who: &GraduateIdentity,
    id: i64,
    client: &str,
) -> Result<(), LoginHistoryError> {
    let target = live_sessions_of(scope, lifetime, who.account_id)
        .filter(session::Column::Id.eq(id))
        .one(scope.db)
        .await?
        .ok_or(LoginHistoryError::NotFound)?;
    if target.id == who.session_id {
        return Err(LoginHistoryError::Current);
    }
    let txn = crate::db::begin_write(scope.db).await?;
    end_session(&txn, (target.id, who.account_id), EndReason::EndedElsewhere, scope.now).await?;
    let event = audit::Event {
        actor: Actor::Graduate(who.account_id),
        action: "graduate.session_ended",
        target: Some(("session", target.id)),
        detail: None,
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, scope.now).await?;
    txn.commit().await?;
    sessions.forget(who.account_id);
    Ok(())
}
