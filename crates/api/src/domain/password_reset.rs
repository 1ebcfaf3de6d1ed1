//! A forgotten password (manual 2.4 (f)): the mail address asks for a one-time link valid
//! 30 minutes; the link sets the password and the second password again, once. Every
//! address gets the same answer after the same statements; only an account that can log
//! in (active, or still waiting for its first login) receives a link.
//!
//! An account still waiting for its first login has only its initial password: the link
//! sets both secrets and completes the setup (the account becomes active, the initial
//! password stops working), as the first login's Password Setting would. Neither new
//! secret may then be the initial password (`password_is_initial`).

use chrono::Duration;
use cis_shared::application::Violations;
use cis_shared::auth::validate_credentials;
use cis_shared::email::{self, Email};
use cis_shared::messages::ErrorCode;
use cis_shared::password_reset::PasswordResetLink;
use cis_shared::staff::AccountState;
use cis_shared::Locale;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use secrecy::{ExposeSecret, SecretString};

use super::audit::{self, Actor};
use super::credentials::WRONG_CURRENT;
use super::guessable;
use super::live_sessions::LiveSessions;
use super::lockout;
use super::rate_limit::{self, Limit, RetryAfter};
use super::session::{end_sessions_of, lock_key};
use super::{Mailer, Scope};
use crate::crypto::{self, random_token, sha256_hex};
use crate::db::graduate_account;
use crate::db::one_time_token::{self, Purpose};
use crate::mail::password_reset::{NoAccountMail, PasswordResetDoneMail, PasswordResetMail};
use crate::mail::templates::render;

/// Manual 2.4 (f): "Due date for the URL: 30 minutes".
pub const LINK_MINUTES: i64 = 30;
/// Per mail address, known or not: enough to retry, too few to flood a mailbox.
const PER_ADDRESS: Limit = Limit { scope: "password_reset_address", max: 5, window: Duration::hours(1) };
/// Per client address: a household or an office behind one router, not a script.
const PER_CLIENT: Limit = Limit { scope: "password_reset_client", max: 30, window: Duration::hours(1) };

#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    #[error("too many reset requests")]
    RateLimited(RetryAfter),
    #[error("unknown link")]
    TokenInvalid,
    #[error("expired link")]
    TokenExpired,
    #[error("used link")]
    TokenUsed,
    #[error("the new secrets break a rule")]
    Invalid(Violations),
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// The settings a reset request reads.
#[derive(Debug, Clone, Copy)]
pub struct ResetSettings {
    /// `CIS_NOTIFY_UNKNOWN_RECIPIENTS`: tell an address without an account that it has none.
    pub notify_unknown: bool,
}

/// Whether the account may reset its secrets: one that can log in, or that waits for its
/// first login. A locked or closed account gets nothing.
fn resettable(state: AccountState) -> bool {
    matches!(state, AccountState::Active | AccountState::AwaitingFirstLogin)
}

/// Manual 2.4 (f) steps 2–4: mails the one-time link to the address when an account can
/// use it; otherwise nothing, or with [`ResetSettings::notify_unknown`] a notice that no
/// account uses the address. The caller cannot tell which: the same statements run for
/// every address (a link row, whose token only a known address receives, and an audit
/// event), the mail goes through the outbox.
#[tracing::instrument(skip_all)]
pub async fn request(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    settings: ResetSettings,
    email: &Email,
    locale: Locale,
    client: &str,
) -> Result<(), ResetError> {
    let now = scope.now;
    let txn = crate::db::begin_write(scope.db).await?;
    rate_limit::hit(&txn, &PER_CLIENT, client, now).await?.map_err(ResetError::RateLimited)?;
    rate_limit::hit(&txn, &PER_ADDRESS, &email.normalized(), now).await?.map_err(ResetError::RateLimited)?;
    let existing = graduate_account::Entity::find()
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .filter(graduate_account::Column::EmailNormalized.eq(email.normalized()))
        .one(&txn)
        .await?;
    let account = existing.as_ref().filter(|a| resettable(a.state));

    let (token, expires_at) = new_link(&txn, scope, account, email, locale).await?;
    let university = &scope.university.name;
    let mail = match (account, &existing) {
        (Some(account), _) => {
            let link = mailer.link(&format!("/password-reset/{}", token.expose_secret()));
            let template = PasswordResetMail { link, expires_at, minutes: LINK_MINUTES };
            Some(render(&template, &account.email, locale, university))
        }
        (None, None) if settings.notify_unknown => {
            let template = NoAccountMail { register_link: mailer.link("/register") };
            Some(render(&template, email.as_str(), locale, university))
        }
        (None, _) => None,
    };
    if let Some(mail) = &mail {
        mailer.enqueue(&txn, scope, mail).await?;
    }
    let event = audit::Event {
        actor: Actor::Anonymous,
        action: "graduate.password_reset_requested",
        target: account.map(|a| ("graduate_account", a.id)),
        detail: None,
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, now).await?;
    txn.commit().await?;
    mailer.wake();
    Ok(())
}

/// A reset link's row. An address without a usable account gets one too, whose token
/// nobody receives and no account: the same statements run for every address.
async fn new_link(
    db: &impl ConnectionTrait,
    scope: Scope<'_>,
    account: Option<&graduate_account::Model>,
    email: &Email,
    locale: Locale,
) -> Result<(SecretString, chrono::DateTime<chrono::Utc>), DbErr> {
    let token = random_token(32);
    let expires_at = scope.now + Duration::minutes(LINK_MINUTES);
    one_time_token::ActiveModel {
        university_id: Set(scope.university.id),
        purpose: Set(Purpose::PasswordReset),
        token_hash: Set(sha256_hex(token.expose_secret())),
        email: Set(account.map_or(email.as_str(), |a| a.email.as_str()).to_owned()),
        locale: Set(locale),
        subject_id: Set(account.map(|a| a.id)),
        created_at: Set(scope.now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((token, expires_at))
}

/// The link's row and its account while the link can still be used: 404 unknown (or its
/// account can no longer reset), 410 expired or used.
async fn usable_link(
    db: &impl ConnectionTrait,
    scope: Scope<'_>,
    token: &str,
) -> Result<(one_time_token::Model, graduate_account::Model), ResetError> {
    let row = one_time_token::Entity::find()
        .filter(one_time_token::Column::TokenHash.eq(sha256_hex(token)))
        .filter(one_time_token::Column::Purpose.eq(Purpose::PasswordReset))
        .filter(one_time_token::Column::UniversityId.eq(scope.university.id))
        .one(db)
        .await?
        .ok_or(ResetError::TokenInvalid)?;
    if row.used_at.is_some() {
        return Err(ResetError::TokenUsed);
    }
    if row.expires_at <= scope.now {
        return Err(ResetError::TokenExpired);
    }
    let account = graduate_account::Entity::find_by_id(row.subject_id.ok_or(ResetError::TokenInvalid)?)
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .one(db)
        .await?
        .filter(|a| resettable(a.state))
        // A link mailed to an address the account no longer has is not the account's.
        .filter(|a| email::normalize(&row.email) == a.email_normalized)
        .ok_or(ResetError::TokenInvalid)?;
    Ok((row, account))
}

/// Manual 2.4 (f) step 5: the link works; the screen shows the account's address.
pub async fn link(scope: Scope<'_>, token: &str) -> Result<PasswordResetLink, ResetError> {
    let (row, account) = usable_link(scope.db, scope, token).await?;
    Ok(PasswordResetLink {
        email: account.email,
        expires_at: row.expires_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

/// Manual 2.4 (f) steps 6–8: sets the password and the second password (the rules of the
/// Password Setting; neither the old password nor the old second password), once. Every
/// session of the account ends, a login lock on its address and the count of wrong current
/// secrets are lifted, every other reset link of the account stops working, the account's
/// setup is complete, and a notice goes to the address.
#[tracing::instrument(skip_all)]
pub async fn complete(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    sessions: &LiveSessions,
    token: &str,
    (password, second_password): (SecretString, SecretString),
    client: &str,
) -> Result<(), ResetError> {
    let now = scope.now;
    let (_, account) = usable_link(scope.db, scope, token).await?;
    let violations = validate_credentials(password.expose_secret(), second_password.expose_secret());
    if !violations.is_empty() {
        return Err(ResetError::Invalid(violations));
    }
    refuse_known_secrets(scope, &account, &password, &second_password).await?;
    let (hash, second_hash) = tokio::join!(crypto::hash_secret(password), crypto::hash_secret(second_password));
    let (hash, second_hash) = (hash?, second_hash?);

    let txn = crate::db::begin_write(scope.db).await?;
    // Conditional: of two requests with one link, one wins.
    let (row, account) = usable_link(&txn, scope, token).await?;
    if !one_time_token::use_up(&txn, row.id, now).await? {
        return Err(ResetError::TokenUsed);
    }
    // The other reset links of the account (an earlier request's) stop working too.
    one_time_token::retire_all(&txn, Purpose::PasswordReset, account.id, now).await?;
    graduate_account::Entity::update_many()
        .col_expr(graduate_account::Column::PasswordHash, Expr::value(hash))
        .col_expr(graduate_account::Column::SecondPasswordHash, Expr::value(second_hash))
        .col_expr(graduate_account::Column::State, Expr::value(AccountState::Active))
        .col_expr(
            graduate_account::Column::InitialPasswordExpiresAt,
            Expr::value(None::<chrono::DateTime<chrono::Utc>>),
        )
        .filter(graduate_account::Column::Id.eq(account.id))
        .exec(&txn)
        .await?;
    end_sessions_of(&txn, account.id, now).await?;
    lockout::lift(&txn, scope.university.id, &lock_key(&account.email_normalized), now).await?;
    // So are the wrong current secrets counted against the account's changes.
    rate_limit::clear(&txn, &WRONG_CURRENT, &account.id.to_string()).await?;
    let template = PasswordResetDoneMail { at: now, reset_link: mailer.link("/password/forgot") };
    let mail = render(&template, &account.email, account.locale, &scope.university.name);
    mailer.enqueue(&txn, scope, &mail).await?;
    let event = audit::Event {
        actor: Actor::Anonymous,
        action: "graduate.password_reset",
        target: Some(("graduate_account", account.id)),
        detail: None,
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, now).await?;
    txn.commit().await?;
    sessions.forget(account.id);
    mailer.wake();
    tracing::info!(account_id = account.id, "password reset");
    Ok(())
}

/// 422 when a new secret is one the account had: `password_reused` (the old password or
/// the old second password), or `password_is_initial` while the account still waits for
/// its first login (four verifications at once on the blocking pool); or when it is easy
/// to guess (`password_too_common`, `password_has_personal_info`).
async fn refuse_known_secrets(
    scope: Scope<'_>,
    account: &graduate_account::Model,
    password: &SecretString,
    second_password: &SecretString,
) -> Result<(), ResetError> {
    let dummy = || crypto::dummy_hash().to_owned();
    let old = account.password_hash.clone().unwrap_or_else(dummy);
    let old_second = account.second_password_hash.clone().unwrap_or_else(dummy);
    let (a, b, c, d) = tokio::join!(
        crypto::verify_secret(password.clone(), old.clone()),
        crypto::verify_secret(password.clone(), old_second.clone()),
        crypto::verify_secret(second_password.clone(), old),
        crypto::verify_secret(second_password.clone(), old_second),
    );
    let code = match account.state {
        AccountState::AwaitingFirstLogin => ErrorCode::PasswordIsInitial,
        _ => ErrorCode::PasswordReused,
    };
    let mut violations = Vec::new();
    if a? || b? {
        violations.push(("/password".to_owned(), code));
    }
    if c? || d? {
        violations.push(("/second_password".to_owned(), code));
    }
    let context = guessable::Context::of_account(scope, account).await?;
    let secrets = [("/password", password.expose_secret()), ("/second_password", second_password.expose_secret())];
    violations.extend(guessable::violations(&secrets, &context));
    if violations.is_empty() {
        Ok(())
    } else {
        Err(ResetError::Invalid(violations))
    }
}
