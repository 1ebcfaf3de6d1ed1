//! Graduate login (manual 2.2), the first login's credential setup (manual 2.1 steps
//! 19–23) and sessions: opaque refresh tokens, rotated on every use and kept hashed; a
//! replayed one ends its session; a session idle longer than `CIS_IDLE_TIMEOUT_MINUTES`
//! is over (the manual's automatic logout), and so is one older than `CIS_SESSION_MAX_HOURS`
//! however active (ARCHITECTURE.md 6: an overall lifetime). Repeated failures lock the address for a
//! growing time, known or not, and mail the owner when there is one.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use cis_shared::application::Violations;
use cis_shared::auth::{validate_credentials, AccountApplication, EnrollmentInfo, Me};
use cis_shared::catalog::subject_names;
use cis_shared::email::{self, Email};
use cis_shared::messages::ErrorCode;
use cis_shared::staff::AccountState;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use secrecy::{ExposeSecret, SecretString};

use super::audit::{self, Actor};
use super::catalog::CatalogueCache;
use super::guessable;
use super::live_sessions::{self, Live, LiveSessions};
use super::lockout;
use super::rate_limit::{self, Limit, RetryAfter};
use super::{Mailer, Scope};
use crate::clock::rfc3339;
use crate::crypto::{self, random_token, sha256_hex};
use crate::db::session::EndReason;
use crate::db::{application, enrollment, graduate_account, refresh_token, session};
use crate::mail::templates::{render, LoginLockedMail};
use crate::tokens::{Audience, TokenKeys};

/// How long a graduate's access token works; the refresh cookie renews it.
pub const ACCESS_TOKEN_SECONDS: i64 = 900;
/// How long the first login's setup token works.
pub const SETUP_TOKEN_SECONDS: i64 = 900;
/// Failures in a row that lock an address.
const FAILURES_BEFORE_LOCK: i32 = 5;
/// Per client address: enough for a household or an office behind one router.
const LOGIN_PER_CLIENT: Limit = Limit { scope: "graduate_login_client", max: 30, window: Duration::minutes(10) };
/// `last_seen_at` is written at most this often: idleness is measured in minutes.
const TOUCH_EVERY_SECONDS: i64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("wrong address or password")]
    InvalidCredentials,
    #[error("too many attempts from this client")]
    RateLimited(RetryAfter),
    #[error("the address is locked for a while")]
    Locked(RetryAfter),
    #[error("the session is over")]
    SessionExpired,
    #[error("no valid token")]
    Unauthorized,
    #[error("the credentials break a rule")]
    Invalid(Violations),
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// How long a graduate's session lasts.
#[derive(Debug, Clone, Copy)]
pub struct Lifetime {
    /// Without a request: the manual's automatic logout (`CIS_IDLE_TIMEOUT_MINUTES`).
    pub idle: Duration,
    /// After the login, however active (`CIS_SESSION_MAX_HOURS`).
    pub max: Duration,
}

impl Lifetime {
    /// Why a session that began at `started` and was last seen at `last_seen` is over at
    /// `now`, if it is.
    pub fn over(&self, started: DateTime<Utc>, last_seen: DateTime<Utc>, now: DateTime<Utc>) -> Option<EndReason> {
        if started + self.max <= now {
            Some(EndReason::MaxAge)
        } else if last_seen + self.idle <= now {
            Some(EndReason::Idle)
        } else {
            None
        }
    }
}

/// A new session's secrets: the access token for the body, the refresh token for the cookie.
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: SecretString,
}

pub enum LoginResult {
    Session(Tokens),
    /// The first login with the initial password: good only for setting credentials.
    SetupRequired {
        setup_token: String,
    },
}

/// Where a login came from, for the session and the audit log.
pub struct Client<'a> {
    pub address: &'a str,
    pub user_agent: Option<&'a str>,
}

/// The graduate behind a live session, with the account and its enrollments.
#[derive(Debug, Clone)]
pub struct GraduateIdentity {
    pub account_id: i64,
    pub session_id: i64,
    /// When the session began (the login).
    pub started_at: DateTime<Utc>,
    pub account: Arc<graduate_account::Model>,
    pub enrollments: Arc<Vec<enrollment::Model>>,
}

/// The key of an address's failed logins (its lock); the address as stored, normalised.
pub fn lock_key(email: &str) -> String {
    sha256_hex(&email::normalize(email))
}

/// Verifies both secrets at once on the blocking pool (two cores, half the wait).
async fn verify_both(first: (SecretString, String), second: (SecretString, String)) -> anyhow::Result<(bool, bool)> {
    let (a, b) = tokio::join!(crypto::verify_secret(first.0, first.1), crypto::verify_secret(second.0, second.1));
    Ok((a?, b?))
}

/// Manual 2.2: mail address, password and second password. Every wrong combination, an
/// unknown address included, gets the same answer after the same work (two argon2
/// verifications).
pub async fn login(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    tokens: &TokenKeys,
    email: &str,
    password: SecretString,
    second_password: SecretString,
    client: Client<'_>,
) -> Result<LoginResult, AuthError> {
    let (university, now) = (scope.university.id, scope.now);
    let email = email::normalize(email);
    let email_hash = lock_key(&email);
    rate_limit::hit(scope.db, &LOGIN_PER_CLIENT, client.address, now).await?.map_err(AuthError::RateLimited)?;
    if let Some(until) = lockout::locked_until(scope.db, university, &email_hash, now).await? {
        return Err(AuthError::Locked(lockout::retry_after(until, now)));
    }

    // Not an address (a NUL byte, which PostgreSQL refuses in text): nobody, same work.
    let account = match Email::parse(&email) {
        Ok(_) => {
            graduate_account::Entity::find()
                .filter(graduate_account::Column::UniversityId.eq(university))
                .filter(graduate_account::Column::EmailNormalized.eq(&email))
                .one(scope.db)
                .await?
        }
        Err(_) => None,
    };
    let dummy = || crypto::dummy_hash().to_owned();
    let second_is_empty = second_password.expose_secret().is_empty();
    let accepted = match &account {
        Some(a) if a.state == AccountState::Active => {
            let hashes =
                (a.password_hash.clone().unwrap_or_else(dummy), a.second_password_hash.clone().unwrap_or_else(dummy));
            let (first, second) = verify_both((password, hashes.0), (second_password, hashes.1)).await?;
            (first && second).then_some(AccountState::Active)
        }
        Some(a) if a.state == AccountState::AwaitingFirstLogin => {
            let hash = a.password_hash.clone().unwrap_or_else(dummy);
            let (first, _) = verify_both((password, hash), (second_password, dummy())).await?;
            let in_time = a.initial_password_expires_at.is_some_and(|until| until > now);
            (first && second_is_empty && in_time).then_some(AccountState::AwaitingFirstLogin)
        }
        _ => {
            verify_both((password, dummy()), (second_password, dummy())).await?;
            None
        }
    };

    match (accepted, account) {
        (Some(kind), Some(account)) => {
            lockout::succeed(scope.db, university, &email_hash).await?;
            if kind == AccountState::AwaitingFirstLogin {
                let setup_token = tokens.issue(Audience::CredentialSetup, account.id, None, SETUP_TOKEN_SECONDS, now);
                return Ok(LoginResult::SetupRequired { setup_token });
            }
            let txn = crate::db::begin_write(scope.db).await?;
            let tokens = open_session(&txn, scope, tokens, account.id, &client).await?;
            let event = audit::Event {
                actor: Actor::Graduate(account.id),
                action: "graduate.login",
                target: None,
                detail: None,
                client_address: Some(client.address),
            };
            audit::record(&txn, university, event, now).await?;
            txn.commit().await?;
            Ok(LoginResult::Session(tokens))
        }
        (_, account) => {
            record_failure(scope, mailer, &email_hash, account.as_ref(), client.address).await?;
            Err(AuthError::InvalidCredentials)
        }
    }
}

/// Counts a failure for the address; the fifth in a row locks it for a growing time and
/// mails the owner, when the address has an account.
async fn record_failure(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    email_hash: &str,
    account: Option<&graduate_account::Model>,
    client: &str,
) -> Result<(), AuthError> {
    let (university, now) = (scope.university.id, scope.now);
    let txn = crate::db::begin_write(scope.db).await?;
    let lock = lockout::fail(&txn, university, email_hash, FAILURES_BEFORE_LOCK, now).await?;
    let mut event = audit::Event {
        actor: Actor::Anonymous,
        action: "graduate.login_failed",
        target: account.map(|a| ("graduate_account", a.id)),
        detail: None,
        client_address: Some(client),
    };
    if let Some(lock) = lock {
        if let Some(account) = account {
            let template = LoginLockedMail { until: lock.until, reset_link: mailer.link("/password/forgot") };
            let locale = account.locale;
            let mail = render(&template, &account.email, locale, &scope.university.name);
            mailer.enqueue(&txn, scope, &mail).await?;
        }
        event.action = "graduate.login_locked";
        event.detail = Some(format!("{} minutes", lock.minutes));
    }
    audit::record(&txn, university, event, now).await?;
    txn.commit().await?;
    mailer.wake();
    Ok(())
}

/// A new session with its first refresh token, and an access token bound to it.
async fn open_session(
    db: &impl ConnectionTrait,
    scope: Scope<'_>,
    tokens: &TokenKeys,
    account_id: i64,
    client: &Client<'_>,
) -> Result<Tokens, DbErr> {
    let now = scope.now;
    let row = session::ActiveModel {
        university_id: Set(scope.university.id),
        account_id: Set(account_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        ended_at: Set(None),
        end_reason: Set(None),
        user_agent: Set(client.user_agent.map(|ua| ua.chars().take(200).collect())),
        client_address: Set(Some(client.address.to_owned())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let refresh_token = new_refresh_token(db, row.id, now).await?;
    Ok(Tokens { access_token: access_token(tokens, now, account_id, row.id), refresh_token })
}

fn access_token(tokens: &TokenKeys, now: DateTime<Utc>, account_id: i64, session_id: i64) -> String {
    tokens.issue(Audience::Graduate, account_id, Some(session_id), ACCESS_TOKEN_SECONDS, now)
}

async fn new_refresh_token(
    db: &impl ConnectionTrait,
    session_id: i64,
    now: DateTime<Utc>,
) -> Result<SecretString, DbErr> {
    let token = random_token(32);
    refresh_token::ActiveModel {
        session_id: Set(session_id),
        token_hash: Set(sha256_hex(token.expose_secret())),
        created_at: Set(now),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Ends a session (logout, idleness, age, replay, from another session); ending an ended one
/// is a no-op. After the commit the caller calls `LiveSessions::forget(account_id)`.
pub(super) async fn end_session(
    db: &impl ConnectionTrait,
    (id, account_id): (i64, i64),
    reason: EndReason,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::EndedAt, Expr::value(now))
        .col_expr(session::Column::EndReason, Expr::value(reason))
        .filter(session::Column::Id.eq(id))
        .filter(session::Column::EndedAt.is_null())
        .exec(db)
        .await?;
    live_sessions::changed(db, account_id).await
}

/// Ends every session of an account (its address or credentials changed). After the commit
/// the caller calls `LiveSessions::forget(account_id)`.
pub async fn end_sessions_of(db: &impl ConnectionTrait, account_id: i64, now: DateTime<Utc>) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::EndedAt, Expr::value(now))
        .col_expr(session::Column::EndReason, Expr::value(EndReason::AccountChange))
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::EndedAt.is_null())
        .exec(db)
        .await?;
    live_sessions::changed(db, account_id).await
}

/// Why an ended session refuses: the automatic logout (idleness or age) has its own message;
/// a logout, a replayed refresh token, an account change or an end from another session is
/// simply "log in".
fn ended(session: &session::Model) -> AuthError {
    match session.end_reason {
        Some(EndReason::Idle | EndReason::MaxAge) => AuthError::SessionExpired,
        _ => AuthError::Unauthorized,
    }
}

/// Manual 2.1 steps 21–23: the first login sets the password and the second password,
/// and the session begins.
pub async fn set_credentials(
    scope: Scope<'_>,
    tokens: &TokenKeys,
    setup_token: &str,
    password: SecretString,
    second_password: SecretString,
    client: Client<'_>,
) -> Result<Tokens, AuthError> {
    let now = scope.now;
    let account_id =
        tokens.verify(setup_token, Audience::CredentialSetup, now).map_err(|_| AuthError::Unauthorized)?.subject;
    let violations = validate_credentials(password.expose_secret(), second_password.expose_secret());
    if !violations.is_empty() {
        return Err(AuthError::Invalid(violations));
    }
    let account = graduate_account::Entity::find_by_id(account_id)
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .one(scope.db)
        .await?
        .filter(|a| {
            a.state == AccountState::AwaitingFirstLogin
                && a.initial_password_expires_at.is_some_and(|until| until > now)
        })
        .ok_or(AuthError::Unauthorized)?;
    let initial = account.password_hash.clone().unwrap_or_else(|| crypto::dummy_hash().to_owned());
    let (first_is_initial, second_is_initial) =
        verify_both((password.clone(), initial.clone()), (second_password.clone(), initial)).await?;
    let mut violations = Vec::new();
    if first_is_initial {
        violations.push(("/password".to_owned(), ErrorCode::PasswordIsInitial));
    }
    if second_is_initial {
        violations.push(("/second_password".to_owned(), ErrorCode::PasswordIsInitial));
    }
    let context = guessable::Context::of_account(scope, &account).await?;
    violations.extend(guessable::violations(
        &[("/password", password.expose_secret()), ("/second_password", second_password.expose_secret())],
        &context,
    ));
    if !violations.is_empty() {
        return Err(AuthError::Invalid(violations));
    }
    let (hash, second_hash) = tokio::join!(crypto::hash_secret(password), crypto::hash_secret(second_password));
    let (hash, second_hash) = (hash?, second_hash?);

    let txn = crate::db::begin_write(scope.db).await?;
    // Conditional: a setup token works once, even when two requests race.
    let updated = graduate_account::Entity::update_many()
        .col_expr(graduate_account::Column::PasswordHash, Expr::value(hash))
        .col_expr(graduate_account::Column::SecondPasswordHash, Expr::value(second_hash))
        .col_expr(graduate_account::Column::State, Expr::value(AccountState::Active))
        .col_expr(graduate_account::Column::InitialPasswordExpiresAt, Expr::value(None::<DateTime<Utc>>))
        .filter(graduate_account::Column::Id.eq(account.id))
        .filter(graduate_account::Column::State.eq(AccountState::AwaitingFirstLogin))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AuthError::Unauthorized);
    }
    let tokens = open_session(&txn, scope, tokens, account.id, &client).await?;
    let event = audit::Event {
        actor: Actor::Graduate(account.id),
        action: "graduate.credentials_set",
        target: Some(("graduate_account", account.id)),
        detail: None,
        client_address: Some(client.address),
    };
    audit::record(&txn, scope.university.id, event, now).await?;
    txn.commit().await?;
    Ok(tokens)
}

/// Renews the access token with the refresh token, which is replaced by a new one. A
/// refresh token presented a second time has been copied: the session ends.
pub async fn refresh(
    scope: Scope<'_>,
    tokens: &TokenKeys,
    sessions: &LiveSessions,
    lifetime: Lifetime,
    token: &str,
    client: &str,
) -> Result<Tokens, AuthError> {
    let now = scope.now;
    let txn = crate::db::begin_write(scope.db).await?;
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(sha256_hex(token)))
        .one(&txn)
        .await?
        .ok_or(AuthError::Unauthorized)?;
    let live = session::Entity::find_by_id(row.session_id)
        .filter(session::Column::UniversityId.eq(scope.university.id))
        .one(&txn)
        .await?
        .ok_or(AuthError::Unauthorized)?;
    if live.ended_at.is_some() {
        return Err(ended(&live));
    }
    let claimed = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        end_session(&txn, (live.id, live.account_id), EndReason::Replay, now).await?;
        let event = audit::Event {
            actor: Actor::Anonymous,
            action: "graduate.refresh_replayed",
            target: Some(("graduate_account", live.account_id)),
            detail: None,
            client_address: Some(client),
        };
        audit::record(&txn, scope.university.id, event, now).await?;
        txn.commit().await?;
        sessions.forget(live.account_id);
        return Err(AuthError::Unauthorized);
    }
    if let Some(reason) = lifetime.over(live.created_at, live.last_seen_at, now) {
        end_session(&txn, (live.id, live.account_id), reason, now).await?;
        txn.commit().await?;
        sessions.forget(live.account_id);
        return Err(AuthError::SessionExpired);
    }
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(now))
        .filter(session::Column::Id.eq(live.id))
        .exec(&txn)
        .await?;
    let refresh_token = new_refresh_token(&txn, live.id, now).await?;
    txn.commit().await?;
    Ok(Tokens { access_token: access_token(tokens, now, live.account_id, live.id), refresh_token })
}

/// Logout: ends the session of the refresh token or of the access token, whichever came.
pub async fn logout(
    scope: Scope<'_>,
    sessions: &LiveSessions,
    refresh: Option<&str>,
    session_id: Option<i64>,
    client: &str,
) -> Result<(), AuthError> {
    let now = scope.now;
    let from_refresh = match refresh {
        Some(token) => refresh_token::Entity::find()
            .filter(refresh_token::Column::TokenHash.eq(sha256_hex(token)))
            .one(scope.db)
            .await?
            .map(|r| r.session_id),
        None => None,
    };
    let Some(id) = from_refresh.or(session_id) else { return Ok(()) };
    let Some(live) = session::Entity::find_by_id(id)
        .filter(session::Column::UniversityId.eq(scope.university.id))
        .filter(session::Column::EndedAt.is_null())
        .one(scope.db)
        .await?
    else {
        return Ok(());
    };
    let txn = crate::db::begin_write(scope.db).await?;
    end_session(&txn, (live.id, live.account_id), EndReason::Logout, now).await?;
    let event = audit::Event {
        actor: Actor::Graduate(live.account_id),
        action: "graduate.logout",
        target: None,
        detail: None,
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, now).await?;
    txn.commit().await?;
    sessions.forget(live.account_id);
    Ok(())
}

/// The session behind an access token, if it is live, with its account and enrollments:
/// from memory when this instance holds the session (see `live_sessions`), else from the
/// database (the session and its account in one statement, then the enrollments). The
/// request counts as activity, written to the database at most every few seconds. A
/// session past its [`Lifetime`] ends here (401 `session_expired`).
pub async fn authenticate(
    scope: Scope<'_>,
    sessions: &LiveSessions,
    lifetime: Lifetime,
    account_id: i64,
    session_id: i64,
) -> Result<GraduateIdentity, AuthError> {
    let now = scope.now;
    if let Some(identity) = from_memory(scope, sessions, lifetime, account_id, session_id).await? {
        return Ok(identity);
    }
    let generation = sessions.generation();
    let (live, account) = session::Entity::find_by_id(session_id)
        .filter(session::Column::UniversityId.eq(scope.university.id))
        .filter(session::Column::AccountId.eq(account_id))
        .find_also_related(graduate_account::Entity)
        .one(scope.db)
        .await?
        .ok_or(AuthError::Unauthorized)?;
    let account = account.ok_or(AuthError::Unauthorized)?;
    if live.ended_at.is_some() {
        return Err(ended(&live));
    }
    if let Some(reason) = lifetime.over(live.created_at, live.last_seen_at, now) {
        end_session(scope.db, (live.id, account_id), reason, now).await?;
        sessions.forget(account_id);
        return Err(AuthError::SessionExpired);
    }
    let stamped = if (now - live.last_seen_at).num_seconds() >= TOUCH_EVERY_SECONDS {
        stamp(scope.db, sessions, session_id, now).await?;
        now
    } else {
        live.last_seen_at
    };
    let enrollments = enrollment::Entity::find()
        .filter(enrollment::Column::AccountId.eq(account_id))
        .order_by_asc(enrollment::Column::Id)
        .all(scope.db)
        .await?;
    let (account, enrollments) = (Arc::new(account), Arc::new(enrollments));
    let started = live.created_at;
    let cached = Live {
        account_id,
        account: account.clone(),
        enrollments: enrollments.clone(),
        started,
        last_seen: now,
        stamped,
    };
    sessions.store(generation, session_id, cached);
    Ok(GraduateIdentity { account_id, session_id, started_at: started, account, enrollments })
}

/// The session as this instance holds it, if it does and the session is still young; the
/// last request is written to the database every few seconds.
async fn from_memory(
    scope: Scope<'_>,
    sessions: &LiveSessions,
    lifetime: Lifetime,
    account_id: i64,
    session_id: i64,
) -> Result<Option<GraduateIdentity>, DbErr> {
    let now = scope.now;
    let Some(live) = sessions.touch(session_id, account_id, now, lifetime.idle) else { return Ok(None) };
    // Too old: the database ends it.
    let young = live.started + lifetime.max > now;
    if young
        && ((now - live.stamped).num_seconds() < TOUCH_EVERY_SECONDS
            || stamp(scope.db, sessions, session_id, now).await?)
    {
        let (started_at, account, enrollments) = (live.started, live.account, live.enrollments);
        return Ok(Some(GraduateIdentity { account_id, session_id, started_at, account, enrollments }));
    }
    // Too old, or ended by another instance whose word has not arrived yet: the database
    // decides.
    sessions.forget(account_id);
    Ok(None)
}

/// Writes the session's last request; false when the session has ended meanwhile.
async fn stamp(
    db: &DatabaseConnection,
    sessions: &LiveSessions,
    session_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let updated = session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(now))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::EndedAt.is_null())
        .exec(db)
        .await?;
    sessions.stamped(session_id, now);
    Ok(updated.rows_affected == 1)
}

/// `GET /api/v1/me`: the account and its student records.
/// `lifetime` tells the screens when the automatic logout comes, and when the session ends
/// however active.
pub async fn me(
    db: &DatabaseConnection,
    catalogue: &CatalogueCache,
    lifetime: Lifetime,
    who: GraduateIdentity,
) -> Result<Me, AuthError> {
    let account = &who.account;
    let catalogue = catalogue.current(db).await?;
    let tree = &catalogue.affiliations;
    let enrollments = who
        .enrollments
        .iter()
        .map(|e| EnrollmentInfo {
            id: e.id,
            affiliation_path: subject_names(tree, e.affiliation_id),
            student_id: e.student_id.clone(),
            name: e.name.clone(),
            name_kana: e.name_kana.clone(),
            name_roman: e.name_roman.clone(),
            affiliation_id: e.affiliation_id,
            degree_program: e.degree_program.clone(),
            matriculation: e.matriculation.clone(),
            graduation: e.graduation.clone(),
            completion: e.completion,
        })
        .collect();
    let applications = application::Entity::find()
        .filter(application::Column::AccountId.eq(account.id))
        .order_by_desc(application::Column::SubmittedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|a| AccountApplication {
            reception_number: a.reception_number,
            kind: a.kind,
            state: a.state,
            submitted_at: rfc3339(a.submitted_at),
            decided_at: a.decided_at.map(rfc3339),
        })
        .collect();
    Ok(Me {
        id: account.id,
        email: account.email.clone(),
        name: account.name.clone(),
        name_kana: account.name_kana.clone(),
        birth_date: account.birth_date.clone(),
        locale: account.locale,
        enrollments,
        idle_timeout_seconds: lifetime.idle.num_seconds(),
        session_ends_at: rfc3339(who.started_at + lifetime.max),
        applications,
        pending_email_change: None,
    })
}
