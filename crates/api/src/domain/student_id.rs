//! Registering an additional student ID number (manual 2.3): a logged-in graduate asks for
//! a one-time link, mailed to the account's address; the form behind it sends the student
//! record, which waits in the review queue as an `additional_student_id` application; the
//! reviewer's approval adds it to the account, and the graduate is told by mail.
//!
//! A resubmission of this kind is a new link to the same form (`/student-id/{token}`,
//! purpose `resubmit_student_id`), filled in with the record sent before.

use chrono::Duration;
use cis_shared::application::{Applicant, ApplicationForm, ApplicationType, Enrollment};
use cis_shared::registration::ApplicationReceipt;
use cis_shared::staff::{AccountState, ApplicationState, DecisionKind};
use cis_shared::student_id::{
    self as rules, ReturnedStudentId, StudentIdApplication, StudentIdLink, StudentIdRequested,
};
use cis_shared::Locale;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use secrecy::{ExposeSecret, SecretString};

use super::catalog::{self, CatalogueCache};
use super::live_sessions;
use super::rate_limit::{self, Limit};
use super::registration::{claim, unused_reception_number, usable_link_of, Purpose, RegistrationError};
use super::session::GraduateIdentity;
use super::settlement::{self, DecisionError, Outcome};
use super::{Mailer, Scope};
use crate::crypto::{random_token, sha256_hex};
use crate::db::{application, enrollment, graduate_account, one_time_token};
use crate::mail::templates::{
    render, StudentIdApprovedMail, StudentIdLinkMail, StudentIdReceivedMail, StudentIdRejectedMail,
    StudentIdResubmissionMail,
};

/// How long the link in the mail works (manual 2.3 step 6: "complete the operation within
/// the displayed time limit").
pub const LINK_MINUTES: i64 = 30;
/// Links per account: enough to ask again for a lost mail, not to fill a mailbox.
const PER_ACCOUNT: Limit = Limit { scope: "student_id_request", max: 5, window: Duration::hours(1) };
/// The links the form works under: the first application, and a resubmission.
const PURPOSES: [Purpose; 2] = [Purpose::AddStudentId, Purpose::ResubmitStudentId];

fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Stores a new one-time link (only its SHA-256) to the account's address.
async fn issue(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    (purpose, subject_id): (Purpose, i64),
    (email, locale): (&str, Locale),
    expires_at: chrono::DateTime<chrono::Utc>,
) -> Result<SecretString, sea_orm::DbErr> {
    let token = random_token(32);
    one_time_token::ActiveModel {
        university_id: Set(scope.university.id),
        purpose: Set(purpose),
        token_hash: Set(sha256_hex(token.expose_secret())),
        email: Set(email.to_owned()),
        locale: Set(locale),
        subject_id: Set(Some(subject_id)),
        created_at: Set(scope.now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(token)
}

/// Manual 2.3 steps 4–6: mails the account's address a one-time link to the form, good
/// for [`LINK_MINUTES`]; a few an hour per account.
pub async fn request(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    who: &GraduateIdentity,
) -> Result<StudentIdRequested, RegistrationError> {
    let account = &who.account;
    let txn = crate::db::begin_write(scope.db).await?;
    rate_limit::hit(&txn, &PER_ACCOUNT, &account.id.to_string(), scope.now)
        .await?
        .map_err(RegistrationError::RateLimited)?;
    let expires_at = scope.now + Duration::minutes(LINK_MINUTES);
    let subject = (Purpose::AddStudentId, account.id);
    let token = issue(&txn, scope, subject, (account.email.as_str(), account.locale), expires_at).await?;
    let link = mailer.link(&format!("/student-id/{}", token.expose_secret()));
    let template = StudentIdLinkMail { link, expires_at, minutes: LINK_MINUTES };
    let mail = render(&template, &account.email, account.locale, &scope.university.name);
    mailer.enqueue(&txn, scope, &mail).await?;
    txn.commit().await?;
    mailer.wake();
    Ok(StudentIdRequested { email: account.email.clone(), link_valid_minutes: LINK_MINUTES })
}

/// The account a link is for, and for a resubmission link the application it reopens
/// (`token_used` once that has been resubmitted or decided).
async fn subject(
    db: &impl ConnectionTrait,
    scope: Scope<'_>,
    link: &one_time_token::Model,
) -> Result<(graduate_account::Model, Option<application::Model>), RegistrationError> {
    let subject_id = link.subject_id.ok_or(RegistrationError::TokenInvalid)?;
    let (account_id, returned) = match link.purpose {
        Purpose::ResubmitStudentId => {
            let row = application::Entity::find_by_id(subject_id)
                .filter(application::Column::UniversityId.eq(scope.university.id))
                .one(db)
                .await?
                .filter(|a| a.kind == ApplicationType::AdditionalStudentId)
                .ok_or(RegistrationError::TokenInvalid)?;
            if row.state != ApplicationState::ResubmissionRequested {
                return Err(RegistrationError::TokenUsed);
            }
            (row.account_id.ok_or(RegistrationError::TokenInvalid)?, Some(row))
        }
        _ => (subject_id, None),
    };
    let account = graduate_account::Entity::find_by_id(account_id)
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .one(db)
        .await?
        .filter(|a| a.state != AccountState::Closed)
        .ok_or(RegistrationError::TokenInvalid)?;
    Ok((account, returned))
}

/// The form as stored with the application.
fn stored_form(row: &application::Model) -> Result<ApplicationForm, anyhow::Error> {
    Ok(serde_json::from_str(&row.form)?)
}

/// Manual 2.3 step 7: what the link opens: the account, its student records, the record
/// the form starts with and, for a resubmission, the application sent back.
pub async fn link(
    scope: Scope<'_>,
    catalogue: &CatalogueCache,
    token: &str,
) -> Result<StudentIdLink, RegistrationError> {
    let link = usable_link_of(scope.db, scope, &PURPOSES, token).await?;
    let (account, returned) = subject(scope.db, scope, &link).await?;
    let catalogue = catalogue.current(scope.db).await?;
    let records = enrollment::Model::of_account(scope.db, account.id).await?;
    let (enrollment, returned) = match returned {
        Some(row) => {
            let sent = stored_form(&row)?.enrollment;
            let reason = row.decision_reason.unwrap_or_default();
            (sent, Some(ReturnedStudentId { reception_number: row.reception_number, reason }))
        }
        // The names when in school are often those of the first record.
        None => (
            Enrollment {
                name: records.first().map_or(account.name.clone(), |e| e.name.clone()),
                name_kana: records.first().map_or(account.name_kana.clone(), |e| e.name_kana.clone()),
                name_roman: records.first().map(|e| e.name_roman.clone()).unwrap_or_default(),
                ..Default::default()
            },
            None,
        ),
    };
    Ok(StudentIdLink {
        email: account.email,
        locale: account.locale,
        expires_at: rfc3339(link.expires_at),
        name: account.name,
        name_kana: account.name_kana,
        enrollments: records.iter().map(|e| e.info(&catalogue.affiliations)).collect(),
        enrollment,
        returned,
    })
}

/// The student ID numbers the form may not give: the account's, and those of its other
/// applications waiting for a decision.
async fn taken_student_ids(
    db: &impl ConnectionTrait,
    account_id: i64,
    returned: Option<i64>,
) -> Result<Vec<String>, RegistrationError> {
    let mut taken: Vec<String> =
        enrollment::Model::of_account(db, account_id).await?.into_iter().map(|e| e.student_id).collect();
    for row in application::Model::in_progress_of(db, account_id).await? {
        let waiting = settlement::WAITING.contains(&row.state);
        if waiting && row.kind == ApplicationType::AdditionalStudentId && Some(row.id) != returned {
            taken.push(stored_form(&row)?.enrollment.student_id);
        }
    }
    Ok(taken)
}

/// The application as stored: the student record sent, with the applicant as the account
/// stands (the reviewer's screen and the portals read every application's form alike).
fn snapshot(account: &graduate_account::Model, form: StudentIdApplication) -> ApplicationForm {
    ApplicationForm {
        application_type: ApplicationType::AdditionalStudentId,
        agreed_to_terms: true,
        applicant: Applicant {
            name: account.name.clone(),
            name_kana: account.name_kana.clone(),
            birth_date: account.birth_date.clone(),
        },
        enrollment: form.enrollment,
        contact_email: account.email.clone(),
        ..Default::default()
    }
}

/// Manual 2.3 steps 8–10: checks the form (the enrollment's rules; a student ID number the
/// account has is refused), uses the link up and records the application, or, under a
/// resubmission link, the corrected one; the reception mail goes in the same transaction.
pub async fn submit(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    token: &str,
    form: StudentIdApplication,
) -> Result<ApplicationReceipt, RegistrationError> {
    let now = scope.now;
    let txn = crate::db::begin_write(scope.db).await?;
    let link = usable_link_of(&txn, scope, &PURPOSES, token).await?;
    let (account, returned) = subject(&txn, scope, &link).await?;
    let taken = taken_student_ids(&txn, account.id, returned.as_ref().map(|r| r.id)).await?;
    let affiliations = catalog::affiliation_tree(&txn, scope.university.id).await?;
    let programs = catalog::degree_programs(&txn, scope.university.id).await?;
    let violations = rules::validate(&form.enrollment, &affiliations, &programs, &taken);
    if !violations.is_empty() {
        return Err(RegistrationError::Invalid(violations));
    }
    claim(&txn, &link, now).await?;
    let stored = serde_json::to_string(&snapshot(&account, form)).map_err(anyhow::Error::from)?;
    let number = match returned {
        Some(row) => {
            application::Entity::update_many()
                .col_expr(application::Column::State, Expr::value(ApplicationState::Resubmitted))
                .col_expr(application::Column::Form, Expr::value(stored))
                .col_expr(application::Column::SubmittedAt, Expr::value(now))
                .col_expr(application::Column::DecidedAt, Expr::value(None::<chrono::DateTime<chrono::Utc>>))
                .col_expr(application::Column::DecidedBy, Expr::value(None::<i64>))
                .filter(application::Column::Id.eq(row.id))
                .exec(&txn)
                .await?;
            row.reception_number
        }
        None => insert_application(&txn, scope, &account, link.id, stored).await?,
    };
    let template = StudentIdReceivedMail { reception_number: number.clone() };
    mailer.enqueue(&txn, scope, &render(&template, &account.email, account.locale, &scope.university.name)).await?;
    txn.commit().await?;
    mailer.wake();
    tracing::info!(account_id = account.id, "additional student ID applied for");
    Ok(ApplicationReceipt { reception_number: number, submitted_at: rfc3339(now) })
}

/// A new `additional_student_id` application of the account; its reception number.
async fn insert_application(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    account: &graduate_account::Model,
    link_id: i64,
    form: String,
) -> Result<String, RegistrationError> {
    let number = unused_reception_number(txn, scope.now).await?;
    application::ActiveModel {
        university_id: Set(scope.university.id),
        kind: Set(ApplicationType::AdditionalStudentId),
        state: Set(ApplicationState::Submitted),
        reception_number: Set(number.clone()),
        email: Set(account.email.clone()),
        locale: Set(account.locale),
        applicant_name: Set(account.name.clone()),
        applicant_name_kana: Set(account.name_kana.clone()),
        form: Set(form),
        token_id: Set(Some(link_id)),
        submitted_at: Set(scope.now),
        account_id: Set(Some(account.id)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(number)
}

/// A reviewer's decision on an additional student ID (inside [`super::decision::decide`]'s
/// transaction). Approval adds the record to the account (manual 2.3 step 11) and mails the
/// graduate; rejection mails the reason; a resubmission request mails a new link to the form,
/// good for a week. Mail goes to the account's address as it is now.
pub(super) async fn settle(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    row: &application::Model,
    kind: DecisionKind,
    reason: Option<&str>,
) -> Result<Outcome, DecisionError> {
    let account = graduate_account::Entity::find_by_id(row.account_id.unwrap_or_default())
        .filter(graduate_account::Column::UniversityId.eq(scope.university.id))
        .one(txn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("application {} has no account", row.id))?;
    let (to, locale, university) = (account.email.as_str(), account.locale, &scope.university.name);
    let reason = reason.unwrap_or_default().to_owned();
    Ok(match kind {
        DecisionKind::Approve => {
            let added = stored_form(row)?.enrollment;
            let id = added.student_id.trim();
            // A student ID number is one person's: neither this account nor another may
            // hold it already.
            if !id.is_empty() && student_id_held(txn, scope, id).await? {
                return Err(DecisionError::StudentIdRegistered);
            }
            settlement::add_enrollment(txn, scope, account.id, &added).await?;
            live_sessions::changed(txn, account.id).await?;
            let template = StudentIdApprovedMail { student_id: added.student_id, login_link: mailer.link("/login") };
            let mail = render(&template, to, locale, university);
            Outcome { state: ApplicationState::Approved, account_id: Some(account.id), mail }
        }
        DecisionKind::Reject => {
            let mail = render(&StudentIdRejectedMail { reason }, to, locale, university);
            Outcome { state: ApplicationState::Rejected, account_id: None, mail }
        }
        DecisionKind::RequestResubmission => {
            let expires_at = scope.now + Duration::days(settlement::RESUBMISSION_LINK_DAYS);
            let token = issue(txn, scope, (Purpose::ResubmitStudentId, row.id), (to, locale), expires_at).await?;
            let link = mailer.link(&format!("/student-id/{}", token.expose_secret()));
            let mail = render(&StudentIdResubmissionMail { reason, link, expires_at }, to, locale, university);
            Outcome { state: ApplicationState::ResubmissionRequested, account_id: None, mail }
        }
    })
}

/// Whether an account of the university holds the student ID number (letters compared
/// without regard to case).
async fn student_id_held(txn: &DatabaseTransaction, scope: Scope<'_>, id: &str) -> Result<bool, sea_orm::DbErr> {
    let held = enrollment::Entity::find()
        .filter(enrollment::Column::UniversityId.eq(scope.university.id))
        .filter(Expr::expr(Func::upper(Expr::col(enrollment::Column::StudentId))).eq(id.to_ascii_uppercase()))
        .one(txn)
        .await?;
    Ok(held.is_some())
}
