//! A reviewer's decision on an application (manual 2.1 step 17; 2.4 (c)): approving
//! creates the graduate's account (or gives an existing one its new address) and mails the
//! initial password; rejecting mails the reason. One decision per application. An
//! additional student ID number (manual 2.3) is settled in `student_id`; what both leave
//! behind is in `settlement`.

use chrono::Duration;
use chrono::{DateTime, Utc};
use cis_shared::application::{ApplicationForm, ApplicationType};
use cis_shared::email;
use cis_shared::messages::ErrorCode;
use cis_shared::staff::{AccountState, ApplicationState, Decision, DecisionKind};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use secrecy::{ExposeSecret, SecretString};

use super::audit::{self, Actor};
use super::live_sessions::LiveSessions;
pub use super::settlement::DecisionError;
use super::settlement::{add_enrollment, Outcome, RESUBMISSION_LINK_DAYS, WAITING};
use super::{Mailer, Scope};
use crate::crypto::{self, random_token, sha256_hex};
use crate::db::{application, graduate_account, one_time_token};
use crate::mail::templates::{render, ApprovedMail, RejectedMail, ResubmissionRequestedMail};
use crate::mail::Mail;

/// A reviewer decides on a waiting application: the application moves on, the mail is
/// queued and the decision is an audit event, all in one transaction. Only one decision
/// wins, even when two reviewers press at once. An approval's initial password works for
/// `initial_password_days`; a re-addressed account's sessions are dropped from `sessions`.
pub async fn decide(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    sessions: &LiveSessions,
    initial_password_days: i64,
    (staff_id, client): (i64, &str),
    application_id: i64,
    decision: Decision,
) -> Result<ApplicationState, DecisionError> {
    let reason = decision.checked_reason().map_err(|code| DecisionError::Invalid(vec![("/reason".into(), code)]))?;
    // Hashed before the transaction: the write lock is held for database work only. An
    // additional student ID joins an account that has its passwords.
    let initial = crypto::generate_password(12);
    let initial_hash = match decision.decision {
        DecisionKind::Approve if !adds_student_id(scope, application_id).await? => {
            Some(crypto::hash_secret(initial.clone()).await?)
        }
        _ => None,
    };

    let expires_at = scope.now + Duration::days(initial_password_days);
    let txn = crate::db::begin_write(scope.db).await?;
    let row = waiting_application(&txn, scope, application_id).await?;
    // A reapplication replaces an existing account (manual 2.4 (c)); a new one creates one.
    let replaces = decision.replaces_account_id.is_some();
    if decision.decision == DecisionKind::Approve && replaces != (row.kind == ApplicationType::Reapplication) {
        return Err(DecisionError::Invalid(vec![("/replaces_account_id".into(), ErrorCode::DecisionNotAllowed)]));
    }
    let outcome = if row.kind == ApplicationType::AdditionalStudentId {
        super::student_id::settle(&txn, scope, mailer, &row, decision.decision, reason.as_deref()).await?
    } else {
        let initial = initial_hash.map(|hash| (initial, hash, expires_at));
        settle(&txn, scope, mailer, &row, (decision, initial), reason.as_deref()).await?
    };
    record(&txn, scope, mailer, (staff_id, client), &row, &outcome, reason).await?;
    txn.commit().await?;
    if let Some(account_id) = outcome.account_id {
        // A re-addressed account's sessions have ended (`end_sessions_of`); an account with
        // a new student record reads it at its next request.
        sessions.forget(account_id);
    }
    mailer.wake();
    Ok(outcome.state)
}

/// Whether the application adds a student ID number to an account (manual 2.3).
async fn adds_student_id(scope: Scope<'_>, application_id: i64) -> Result<bool, DecisionError> {
    let row = application::Entity::find_by_id(application_id)
        .filter(application::Column::UniversityId.eq(scope.university.id))
        .one(scope.db)
        .await?;
    Ok(row.is_some_and(|row| row.kind == ApplicationType::AdditionalStudentId))
}

/// The outcome of a decision on a new application or a reapplication; an approval comes
/// with the initial password, its hash and its expiry.
async fn settle(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    row: &application::Model,
    (decision, initial): (Decision, Option<(SecretString, String, DateTime<Utc>)>),
    reason: Option<&str>,
) -> Result<Outcome, DecisionError> {
    Ok(match (decision.decision, initial, decision.replaces_account_id) {
        (DecisionKind::Approve, Some((initial, hash, expires_at)), None) => {
            approve_new(txn, scope, mailer, row, (initial, hash), expires_at).await?
        }
        (DecisionKind::Approve, Some((initial, hash, expires_at)), Some(account)) => {
            approve_reapplication(txn, scope, mailer, row, account, (initial, hash), expires_at).await?
        }
        (DecisionKind::Approve, None, _) => unreachable!("hashed for an approval"),
        (DecisionKind::Reject, ..) => reject(scope, row, reason),
        (DecisionKind::RequestResubmission, ..) => request_resubmission(txn, scope, mailer, row, reason).await?,
    })
}

/// The application, if it waits for a decision.
async fn waiting_application(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    application_id: i64,
) -> Result<application::Model, DecisionError> {
    let row = application::Entity::find_by_id(application_id)
        .filter(application::Column::UniversityId.eq(scope.university.id))
        .one(txn)
        .await?
        .ok_or(DecisionError::NotFound)?;
    if !WAITING.contains(&row.state) {
        return Err(DecisionError::AlreadyDecided);
    }
    Ok(row)
}

/// The mail that gives the initial password (manual 2.1 step 18).
fn approved_mail(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    row: &application::Model,
    initial: SecretString,
    expires_at: DateTime<Utc>,
) -> Mail {
    let template = ApprovedMail {
        initial_password: initial.expose_secret().to_owned(),
        expires_at,
        login_link: mailer.link("/login"),
    };
    render(&template, &row.email, row.locale, &scope.university.name)
}

/// Approves a new application: a new account with the applicant's records.
async fn approve_new(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    row: &application::Model,
    (initial, hash): (SecretString, String),
    expires_at: DateTime<Utc>,
) -> Result<Outcome, DecisionError> {
    let form: ApplicationForm = serde_json::from_str(&row.form).map_err(anyhow::Error::from)?;
    let account_id = create_account(txn, scope, row, &form, hash, expires_at).await?;
    let mail = approved_mail(scope, mailer, row, initial, expires_at);
    Ok(Outcome { state: ApplicationState::Approved, account_id: Some(account_id), mail })
}

/// Approves a reapplication (manual 2.4 (c)): the existing account takes the new address.
async fn approve_reapplication(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    row: &application::Model,
    account_id: i64,
    (initial, hash): (SecretString, String),
    expires_at: DateTime<Utc>,
) -> Result<Outcome, DecisionError> {
    let account_id = readdress_account(txn, scope, row, account_id, hash, expires_at).await?;
    let mail = approved_mail(scope, mailer, row, initial, expires_at);
    Ok(Outcome { state: ApplicationState::Approved, account_id: Some(account_id), mail })
}

/// Rejects: the applicant is told why.
fn reject(scope: Scope<'_>, row: &application::Model, reason: Option<&str>) -> Outcome {
    let template = RejectedMail { reason: reason.unwrap_or_default().to_owned() };
    let mail = render(&template, &row.email, row.locale, &scope.university.name);
    Outcome { state: ApplicationState::Rejected, account_id: None, mail }
}

/// Asks for a resubmission: a link to the form, good for a week, and the reason.
async fn request_resubmission(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    row: &application::Model,
    reason: Option<&str>,
) -> Result<Outcome, DecisionError> {
    let now = scope.now;
    let token = random_token(32);
    let expires_at = now + Duration::days(RESUBMISSION_LINK_DAYS);
    one_time_token::ActiveModel {
        university_id: Set(scope.university.id),
        purpose: Set(one_time_token::Purpose::Resubmit),
        token_hash: Set(sha256_hex(token.expose_secret())),
        email: Set(row.email.clone()),
        locale: Set(row.locale),
        subject_id: Set(Some(row.id)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let template = ResubmissionRequestedMail {
        reason: reason.unwrap_or_default().to_owned(),
        link: mailer.link(&format!("/resubmit/{}", token.expose_secret())),
        expires_at,
    };
    let mail = render(&template, &row.email, row.locale, &scope.university.name);
    Ok(Outcome { state: ApplicationState::ResubmissionRequested, account_id: None, mail })
}

/// Writes the decision if the application still waits (else `AlreadyDecided`), queues the
/// mail and records the audit event.
async fn record(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    (staff_id, client): (i64, &str),
    row: &application::Model,
    outcome: &Outcome,
    reason: Option<String>,
) -> Result<(), DecisionError> {
    let now = scope.now;
    let mut update = application::Entity::update_many();
    if let Some(account_id) = outcome.account_id {
        update = update.col_expr(application::Column::AccountId, Expr::value(account_id));
    }
    let updated = update
        .col_expr(application::Column::State, Expr::value(outcome.state))
        .col_expr(application::Column::DecidedAt, Expr::value(now))
        .col_expr(application::Column::DecidedBy, Expr::value(staff_id))
        .col_expr(application::Column::DecisionReason, Expr::value(reason.clone()))
        .filter(application::Column::Id.eq(row.id))
        .filter(application::Column::State.is_in(WAITING))
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(DecisionError::AlreadyDecided);
    }
    mailer.enqueue(txn, scope, &outcome.mail).await?;
    let event = audit::Event {
        actor: Actor::Staff(staff_id),
        action: match outcome.state {
            ApplicationState::Approved => "application.approve",
            ApplicationState::ResubmissionRequested => "application.request_resubmission",
            _ => "application.reject",
        },
        target: Some(("application", row.id)),
        detail: reason,
        client_address: Some(client),
    };
    audit::record(txn, scope.university.id, event, now).await?;
    Ok(())
}

async fn create_account(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    row: &application::Model,
    form: &ApplicationForm,
    password_hash: String,
    expires_at: DateTime<Utc>,
) -> Result<i64, DecisionError> {
    let now = scope.now;
    let normalized = email::normalize(&row.email);
    let taken = graduate_account::Entity::find()
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .filter(graduate_account::Column::EmailNormalized.eq(&normalized))
        .one(txn)
        .await?
        .is_some();
    if taken {
        return Err(DecisionError::EmailTaken);
    }
    let profile = serde_json::json!({
        "address": form.address, "phone": form.phone, "mobile_phone": form.mobile_phone,
        "contact_email": form.contact_email, "employer": form.employer,
    });
    let account = graduate_account::ActiveModel {
        university_id: Set(scope.university.id),
        email: Set(row.email.clone()),
        email_normalized: Set(normalized),
        state: Set(AccountState::AwaitingFirstLogin),
        locale: Set(row.locale),
        created_at: Set(now),
        password_hash: Set(Some(password_hash)),
        second_password_hash: Set(None),
        initial_password_expires_at: Set(Some(expires_at)),
        name: Set(form.applicant.name.clone()),
        name_kana: Set(form.applicant.name_kana.clone()),
        birth_date: Set(form.applicant.birth_date.clone()),
        profile: Set(profile.to_string()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    add_enrollment(txn, scope, account.id, &form.enrollment).await?;
    Ok(account.id)
}

/// Manual 2.4 (c): the account keeps its records and takes the new address, with a new
/// initial password; the old credentials stop working.
async fn readdress_account(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    row: &application::Model,
    account_id: i64,
    password_hash: String,
    expires_at: chrono::DateTime<chrono::Utc>,
) -> Result<i64, DecisionError> {
    let account = graduate_account::Entity::find_by_id(account_id)
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .one(txn)
        .await?
        .ok_or_else(|| DecisionError::Invalid(vec![("/replaces_account_id".into(), ErrorCode::NotFound)]))?;
    let normalized = email::normalize(&row.email);
    let taken_by_other = graduate_account::Entity::find()
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .filter(graduate_account::Column::EmailNormalized.eq(&normalized))
        .filter(graduate_account::Column::Id.ne(account.id))
        .one(txn)
        .await?
        .is_some();
    if taken_by_other {
        return Err(DecisionError::EmailTaken);
    }
    let mut active: graduate_account::ActiveModel = account.into();
    active.email = Set(row.email.clone());
    active.email_normalized = Set(normalized);
    active.state = Set(AccountState::AwaitingFirstLogin);
    active.password_hash = Set(Some(password_hash));
    active.second_password_hash = Set(None);
    active.initial_password_expires_at = Set(Some(expires_at));
    let id = active.update(txn).await?.id;
    super::session::end_sessions_of(txn, id, scope.now).await?;
    Ok(id)
}
