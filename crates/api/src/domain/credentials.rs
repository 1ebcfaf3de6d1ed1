//! A logged-in graduate changes the password or the second password (manual 2.4 (d), (e)):
//! the current one is asked again, the new one keeps the rules, differs from the one it
//! replaces and from the other secret; every other session of the account ends, this one
//! stays, and a notice goes to the account's address.

use cis_shared::auth::validate_secret_change;
use cis_shared::messages::ErrorCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use secrecy::{ExposeSecret, SecretString};

use super::audit::{self, Actor};
use super::guessable;
use super::live_sessions::{self, LiveSessions};
use super::rate_limit::{self, Limit};
use super::session::{AuthError, GraduateIdentity};
use super::{Mailer, Scope};
use crate::crypto;
use crate::db::session::EndReason;
use crate::db::{graduate_account, session};
use crate::mail::templates::{render, SecretChangedMail};

/// Wrong current secrets per account: a stolen session cannot go on guessing the password.
/// The mail address change, which asks for the password again, counts against it too.
pub(crate) const WRONG_CURRENT: Limit =
    Limit { scope: "graduate_secret_change", max: 5, window: chrono::Duration::minutes(15) };

/// Which of the two secrets a change replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secret {
    Password,
    SecondPassword,
}

impl Secret {
    /// The JSON pointer of the new value in the request.
    fn field(self) -> &'static str {
        match self {
            Secret::Password => "/new_password",
            Secret::SecondPassword => "/new_second_password",
        }
    }

    fn column(self) -> graduate_account::Column {
        match self {
            Secret::Password => graduate_account::Column::PasswordHash,
            Secret::SecondPassword => graduate_account::Column::SecondPasswordHash,
        }
    }

    fn action(self) -> &'static str {
        match self {
            Secret::Password => "graduate.password_changed",
            Secret::SecondPassword => "graduate.second_password_changed",
        }
    }
}

/// Replaces `secret` with `new` if `current` is the secret now: 401 `invalid_credentials`
/// otherwise, 422 when the new one breaks a rule; after five wrong current secrets in 15
/// minutes the account's changes wait (429).
pub async fn change(
    (scope, mailer): (Scope<'_>, Mailer<'_>),
    sessions: &LiveSessions,
    who: &GraduateIdentity,
    secret: Secret,
    (current, new): (SecretString, SecretString),
    client: &str,
) -> Result<(), AuthError> {
    let violations = validate_secret_change(current.expose_secret(), new.expose_secret(), secret.field());
    if !violations.is_empty() {
        return Err(AuthError::Invalid(violations));
    }
    let (account, own) = verify(scope, who, secret, current, &new).await?;
    let context = guessable::Context::of_account(scope, &account).await?;
    let easy = guessable::violations(&[(secret.field(), new.expose_secret())], &context);
    if !easy.is_empty() {
        return Err(AuthError::Invalid(easy));
    }
    let hash = crypto::hash_secret(new).await?;

    let txn = crate::db::begin_write(scope.db).await?;
    // Conditional on the hash just verified: of two changes at once, one wins.
    let updated = graduate_account::Entity::update_many()
        .col_expr(secret.column(), Expr::value(hash))
        .filter(graduate_account::Column::Id.eq(account.id))
        .filter(secret.column().eq(own))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AuthError::InvalidCredentials);
    }
    end_other_sessions(&txn, who, scope).await?;
    let template = SecretChangedMail {
        second_password: secret == Secret::SecondPassword,
        at: scope.now,
        reset_link: mailer.link("/password/forgot"),
    };
    let mail = render(&template, &account.email, account.locale, &scope.university.name);
    mailer.enqueue(&txn, scope, &mail).await?;
    let event = audit::Event {
        actor: Actor::Graduate(account.id),
        action: secret.action(),
        target: Some(("graduate_account", account.id)),
        detail: None,
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, scope.now).await?;
    txn.commit().await?;
    sessions.forget(account.id);
    mailer.wake();
    Ok(())
}

/// The account as stored and the hash `current` matched: 401 `invalid_credentials` when
/// it matches nothing (counted toward [`WRONG_CURRENT`]), 422 `passwords_same` when `new`
/// is the other secret.
async fn verify(
    scope: Scope<'_>,
    who: &GraduateIdentity,
    secret: Secret,
    current: SecretString,
    new: &SecretString,
) -> Result<(graduate_account::Model, String), AuthError> {
    let key = who.account_id.to_string();
    if let Err(wait) = rate_limit::check(scope.db, &WRONG_CURRENT, &key, scope.now).await? {
        return Err(AuthError::RateLimited(wait));
    }
    // Read again, not from the session's copy: the hashes decide.
    let account = graduate_account::Entity::find_by_id(who.account_id)
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .one(scope.db)
        .await?
        .ok_or(AuthError::Unauthorized)?;
    let (Some(password_hash), Some(second_hash)) =
        (account.password_hash.clone(), account.second_password_hash.clone())
    else {
        return Err(AuthError::Unauthorized);
    };
    let (own, other) = match secret {
        Secret::Password => (password_hash, second_hash),
        Secret::SecondPassword => (second_hash, password_hash),
    };
    let (current_ok, same_as_other) =
        tokio::join!(crypto::verify_secret(current, own.clone()), crypto::verify_secret(new.clone(), other));
    if !current_ok? {
        rate_limit::record(scope.db, &WRONG_CURRENT, &key, 1, scope.now).await?;
        return Err(AuthError::InvalidCredentials);
    }
    if same_as_other? {
        return Err(AuthError::Invalid(vec![(secret.field().to_owned(), ErrorCode::PasswordsSame)]));
    }
    Ok((account, own))
}

/// Every session of the account but this one ends.
async fn end_other_sessions(db: &impl ConnectionTrait, who: &GraduateIdentity, scope: Scope<'_>) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::EndedAt, Expr::value(scope.now))
        .col_expr(session::Column::EndReason, Expr::value(EndReason::AccountChange))
        .filter(session::Column::AccountId.eq(who.account_id))
        .filter(session::Column::Id.ne(who.session_id))
        .filter(session::Column::EndedAt.is_null())
        .exec(db)
        .await?;
    live_sessions::changed(db, who.account_id).await
}
