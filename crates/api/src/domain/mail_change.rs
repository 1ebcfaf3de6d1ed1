//! Changing the mail address while logged in (manual 2.4 (b)).
//!
//! - **Request**: the new address and the current password (a sensitive change asks for it
//!   again; wrong ones count against the same per-account budget as the password change's).
//!   A one-time link valid [`LINK_MINUTES`] goes to the new address. An address that
//!   belongs to another account gets no link: its owner is told instead, and the requester
//!   gets the same answer and the same pending change (a row whose token nobody knows), so
//!   nothing tells them the address is taken. A new request replaces a pending one: the
//!   older link stops working (410 `token_expired`).
//! - **Completion**: opening the link changes nothing (mail scanners open links); the page's
//!   button does, once, if the address is still free. The old address is told, with a link
//!   that undoes the change for [`UNDO_DAYS`] days.
//! - **Undo**: restores the old address if it is still free, ends every session of the
//!   account and cancels a pending change.

use chrono::Duration;
use cis_shared::application::Violations;
use cis_shared::email;
use cis_shared::mail_change::{masked, validate_mail_change, PendingEmailChange};
use cis_shared::staff::AccountState;
use cis_shared::Locale;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, SqlErr,
};
use secrecy::{ExposeSecret, SecretString};

use super::audit::{self, Actor};
use super::credentials::WRONG_CURRENT;
use super::live_sessions::{self, LiveSessions};
use super::rate_limit::{self, Limit, RetryAfter};
use super::registration::{usable_link, RegistrationError};
use super::session::{end_sessions_of, GraduateIdentity};
use super::{Mailer, Scope};
use crate::crypto::{self, random_token, sha256_hex};
use crate::db::graduate_account;
use crate::db::one_time_token::{self, Purpose};
use crate::mail::templates::{render, MailAddressInUseMail, MailChangeLinkMail, MailChangedMail};

/// How long the link to the new address works (manual 2.4 (b) step 4: 30 minutes).
pub const LINK_MINUTES: i64 = 30;
/// How long the old address can undo the change.
pub const UNDO_DAYS: i64 = 7;
/// Requests per account: each sends a mail to an address of the requester's choosing.
const REQUESTS: Limit = Limit { scope: "graduate_mail_change", max: 5, window: Duration::hours(1) };

#[derive(Debug, thiserror::Error)]
pub enum MailChangeError {
    #[error("the request breaks a rule")]
    Invalid(Violations),
    #[error("wrong password")]
    InvalidCredentials,
    #[error("too many attempts")]
    RateLimited(RetryAfter),
    #[error("no such account")]
    Unauthorized,
    #[error("unknown link")]
    TokenInvalid,
    #[error("expired link")]
    TokenExpired,
    #[error("used link")]
    TokenUsed,
    #[error("the address belongs to another account")]
    EmailTaken,
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<RegistrationError> for MailChangeError {
    fn from(err: RegistrationError) -> Self {
        match err {
            RegistrationError::TokenInvalid => MailChangeError::TokenInvalid,
            RegistrationError::TokenExpired => MailChangeError::TokenExpired,
            RegistrationError::TokenUsed => MailChangeError::TokenUsed,
            RegistrationError::Database(e) => MailChangeError::Database(e),
            other => MailChangeError::Internal(anyhow::anyhow!("{other}")),
        }
    }
}

/// Manual 2.4 (b) steps 2–4: checks the request and the password, then mails the link to
/// the new address, or the notice to its owner when another account has it.
pub async fn request(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    who: &GraduateIdentity,
    (new_email, password): (&str, SecretString),
    locale: Locale,
    client: &str,
) -> Result<(), MailChangeError> {
    let violations = validate_mail_change(new_email, password.expose_secret(), &who.account.email);
    if !violations.is_empty() {
        return Err(MailChangeError::Invalid(violations));
    }
    let account = verify_password(scope, who, password).await?;
    let now = scope.now;
    let txn = crate::db::begin_write(scope.db).await?;
    rate_limit::hit(&txn, &REQUESTS, &account.id.to_string(), now).await?.map_err(MailChangeError::RateLimited)?;
    cancel_pending(&txn, account.id, scope).await?;
    // Issued either way, so that `/me` shows the same pending change; only a free address
    // receives the token.
    let token = random_token(32);
    let expires_at = now + Duration::minutes(LINK_MINUTES);
    let link = one_time_token::ActiveModel {
        university_id: Set(scope.university.id),
        purpose: Set(Purpose::ChangeEmail),
        token_hash: Set(sha256_hex(token.expose_secret())),
        email: Set(new_email.to_owned()),
        locale: Set(locale),
        subject_id: Set(Some(account.id)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    };
    link.insert(&txn).await?;
    let owner = holder_of(&txn, scope, new_email, account.id).await?;
    let university = &scope.university.name;
    let mail = match &owner {
        Some(owner) => {
            render(&MailAddressInUseMail { login_link: mailer.link("/login") }, &owner.email, owner.locale, university)
        }
        None => {
            let link = mailer.link(&format!("/mail-change/{}", token.expose_secret()));
            render(&MailChangeLinkMail { link, expires_at, minutes: LINK_MINUTES }, new_email, locale, university)
        }
    };
    mailer.enqueue(&txn, scope, &mail).await?;
    let detail = serde_json::json!({"new": new_email, "held_by_another_account": owner.is_some()});
    record(&txn, scope, account.id, "graduate.email_change_requested", detail, client).await?;
    txn.commit().await?;
    mailer.wake();
    Ok(())
}

/// The account as stored, if `password` is its password: 401 otherwise (counted toward
/// [`WRONG_CURRENT`], whose budget the password change shares), 429 over the budget.
async fn verify_password(
    scope: Scope<'_>,
    who: &GraduateIdentity,
    password: SecretString,
) -> Result<graduate_account::Model, MailChangeError> {
    let key = who.account_id.to_string();
    if let Err(wait) = rate_limit::check(scope.db, &WRONG_CURRENT, &key, scope.now).await? {
        return Err(MailChangeError::RateLimited(wait));
    }
    let account = graduate_account::Entity::find_by_id(who.account_id)
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .one(scope.db)
        .await?
        .ok_or(MailChangeError::Unauthorized)?;
    let hash = account.password_hash.clone().ok_or(MailChangeError::Unauthorized)?;
    if !crypto::verify_secret(password, hash).await? {
        rate_limit::record(scope.db, &WRONG_CURRENT, &key, 1, scope.now).await?;
        return Err(MailChangeError::InvalidCredentials);
    }
    Ok(account)
}

/// The account other than `account_id` that uses `address` (without regard to case).
async fn holder_of(
    db: &impl ConnectionTrait,
    scope: Scope<'_>,
    address: &str,
    account_id: i64,
) -> Result<Option<graduate_account::Model>, DbErr> {
    graduate_account::Entity::find()
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .filter(graduate_account::Column::EmailNormalized.eq(email::normalize(address)))
        .filter(graduate_account::Column::Id.ne(account_id))
        .one(db)
        .await
}

/// Ends the account's pending change, if any: its link answers 410 `token_expired` from now.
async fn cancel_pending(db: &impl ConnectionTrait, account_id: i64, scope: Scope<'_>) -> Result<(), DbErr> {
    one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::ExpiresAt, Expr::value(scope.now))
        .filter(one_time_token::Column::UniversityId.eq(scope.university.id))
        .filter(one_time_token::Column::Purpose.eq(Purpose::ChangeEmail))
        .filter(one_time_token::Column::SubjectId.eq(account_id))
        .filter(one_time_token::Column::UsedAt.is_null())
        .filter(one_time_token::Column::ExpiresAt.gt(scope.now))
        .exec(db)
        .await
        .map(drop)
}

/// The account's change waiting for its link, for `/api/v1/me`.
pub async fn pending(scope: Scope<'_>, account_id: i64) -> Result<Option<PendingEmailChange>, DbErr> {
    let row = one_time_token::Entity::find()
        .filter(one_time_token::Column::UniversityId.eq(scope.university.id))
        .filter(one_time_token::Column::SubjectId.eq(account_id))
        .filter(one_time_token::Column::Purpose.eq(Purpose::ChangeEmail))
        .filter(one_time_token::Column::UsedAt.is_null())
        .filter(one_time_token::Column::ExpiresAt.gt(scope.now))
        .order_by_desc(one_time_token::Column::Id)
        .one(scope.db)
        .await?;
    Ok(row.map(|r| PendingEmailChange { new_email: r.email, expires_at: rfc3339(r.expires_at) }))
}

fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Manual 2.4 (b) step 5: what the link would change. Reading it changes nothing.
pub async fn link(scope: Scope<'_>, token: &str) -> Result<PendingEmailChange, MailChangeError> {
    let link = usable_link(scope.db, scope, Purpose::ChangeEmail, token).await?;
    account_of(scope.db, scope, &link).await?;
    Ok(PendingEmailChange { new_email: link.email, expires_at: rfc3339(link.expires_at) })
}

/// The account a link belongs to; a closed or removed one makes the link unknown.
async fn account_of(
    db: &impl ConnectionTrait,
    scope: Scope<'_>,
    link: &one_time_token::Model,
) -> Result<graduate_account::Model, MailChangeError> {
    graduate_account::Entity::find_by_id(link.subject_id.ok_or(MailChangeError::TokenInvalid)?)
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .one(db)
        .await?
        .filter(|a| a.state != AccountState::Closed)
        .ok_or(MailChangeError::TokenInvalid)
}

/// Uses the link up; of two requests racing for it, one wins.
async fn claim(
    txn: &DatabaseTransaction,
    link: &one_time_token::Model,
    scope: Scope<'_>,
) -> Result<(), MailChangeError> {
    if !one_time_token::use_up(txn, link.id, scope.now).await? {
        return Err(MailChangeError::TokenUsed);
    }
    Ok(())
}

/// Gives the account `address`, checked free first; the unique index has the last word
/// against a race (409 either way). Reset links mailed to the address it had stop working.
async fn set_address(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    account_id: i64,
    address: &str,
) -> Result<(), MailChangeError> {
    if holder_of(txn, scope, address, account_id).await?.is_some() {
        return Err(MailChangeError::EmailTaken);
    }
    let updated = graduate_account::Entity::update_many()
        .col_expr(graduate_account::Column::Email, Expr::value(address))
        .col_expr(graduate_account::Column::EmailNormalized, Expr::value(email::normalize(address)))
        .filter(graduate_account::Column::Id.eq(account_id))
        .exec(txn)
        .await;
    match updated {
        Ok(_) => Ok(one_time_token::retire_all(txn, Purpose::PasswordReset, account_id, scope.now).await?),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(MailChangeError::EmailTaken)
        }
        Err(err) => Err(err.into()),
    }
}

async fn record(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    account_id: i64,
    action: &str,
    detail: serde_json::Value,
    client: &str,
) -> Result<(), DbErr> {
    let event = audit::Event {
        actor: Actor::Graduate(account_id),
        action,
        target: Some(("graduate_account", account_id)),
        detail: Some(detail.to_string()),
        client_address: Some(client),
    };
    audit::record(txn, scope.university.id, event, scope.now).await
}

/// Manual 2.4 (b) steps 5–6: the button on the link's page changes the address, once, if
/// it is still free; the old address gets a notice with a link that undoes it. Sessions
/// stay (the account's copy in them is refreshed). Answers the new address.
pub async fn complete(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    sessions: &LiveSessions,
    token: &str,
    client: &str,
) -> Result<String, MailChangeError> {
    let now = scope.now;
    let txn = crate::db::begin_write(scope.db).await?;
    let link = usable_link(&txn, scope, Purpose::ChangeEmail, token).await?;
    let account = account_of(&txn, scope, &link).await?;
    claim(&txn, &link, scope).await?;
    set_address(&txn, scope, account.id, &link.email).await?;
    let undo = random_token(32);
    let undo_until = now + Duration::days(UNDO_DAYS);
    let undo_link = one_time_token::ActiveModel {
        university_id: Set(scope.university.id),
        purpose: Set(Purpose::UndoEmailChange),
        token_hash: Set(sha256_hex(undo.expose_secret())),
        email: Set(account.email.clone()),
        locale: Set(account.locale),
        subject_id: Set(Some(account.id)),
        created_at: Set(now),
        expires_at: Set(undo_until),
        used_at: Set(None),
        ..Default::default()
    };
    undo_link.insert(&txn).await?;
    let notice = MailChangedMail {
        new_email_masked: masked(&link.email),
        at: now,
        undo_link: mailer.link(&format!("/mail-change-undo/{}", undo.expose_secret())),
        undo_until,
    };
    let mail = render(&notice, &account.email, account.locale, &scope.university.name);
    mailer.enqueue(&txn, scope, &mail).await?;
    let detail = serde_json::json!({"old": account.email, "new": link.email});
    record(&txn, scope, account.id, "graduate.email_changed", detail, client).await?;
    live_sessions::changed(&txn, account.id).await?;
    txn.commit().await?;
    sessions.forget(account.id);
    mailer.wake();
    tracing::info!(account_id = account.id, "mail address changed");
    Ok(link.email)
}

/// The old address's undo link: the address comes back if it is still free, every session
/// of the account ends and a pending change is cancelled. Answers the restored address.
pub async fn undo(
    scope: Scope<'_>,
    sessions: &LiveSessions,
    token: &str,
    client: &str,
) -> Result<String, MailChangeError> {
    let txn = crate::db::begin_write(scope.db).await?;
    let link = usable_link(&txn, scope, Purpose::UndoEmailChange, token).await?;
    let account = account_of(&txn, scope, &link).await?;
    claim(&txn, &link, scope).await?;
    set_address(&txn, scope, account.id, &link.email).await?;
    cancel_pending(&txn, account.id, scope).await?;
    end_sessions_of(&txn, account.id, scope.now).await?;
    let detail = serde_json::json!({"old": account.email, "new": link.email});
    record(&txn, scope, account.id, "graduate.email_change_undone", detail, client).await?;
    txn.commit().await?;
    sessions.forget(account.id);
    tracing::info!(account_id = account.id, "mail address change undone");
    Ok(link.email)
}
