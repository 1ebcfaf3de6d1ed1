//! Registration (manual 2.1 steps 3–16): the mail address is proved with a one-time link,
//! documents are uploaded under it, and the application is submitted with it, once.

use chrono::{DateTime, Duration, Utc};
use cis_shared::application::{self as form_rules, ApplicationForm, Violations};
use cis_shared::email::Email;
use cis_shared::registration::{ApplicationReceipt, RegistrationLink, ResubmissionLink, UploadedDocument};
use cis_shared::staff::ApplicationState;
use cis_shared::Locale;
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
    Set,
};
use secrecy::ExposeSecret;

use super::images::{self, ImageError};
use super::rate_limit::{self, Limit, RetryAfter};
use super::{Mailer, Scope};
use crate::crypto::{random_token, sha256_hex};
use crate::db::{application, graduate_account, identity_document, one_time_token};
use crate::domain::catalog;
use crate::mail::templates::{render, AlreadyRegisteredMail, ApplicationReceivedMail, RegistrationLinkMail};
use crate::storage::DocumentStore;

pub use crate::db::one_time_token::Purpose;

/// Per mail address: a few links an hour, known address or not.
const PER_ADDRESS: Limit = Limit { scope: "registration_address", max: 5, window: Duration::hours(1) };

/// The settings starting a registration reads.
#[derive(Debug, Clone, Copy)]
pub struct RegistrationSettings {
    /// `CIS_REGISTRATION_LINK_MINUTES`: how long a registration link works.
    pub link_minutes: i64,
    /// `CIS_REGISTRATIONS_PER_CLIENT_HOUR`: enough for a campus network behind one
    /// address, not for a script.
    pub per_client_hour: u64,
}

/// Per client address: [`RegistrationSettings::per_client_hour`].
fn per_client(settings: RegistrationSettings) -> Limit {
    Limit { scope: "registration_client", max: settings.per_client_hour, window: Duration::hours(1) }
}

#[derive(Debug, thiserror::Error)]
pub enum RegistrationError {
    #[error("too many registrations")]
    RateLimited(RetryAfter),
    #[error("unknown link")]
    TokenInvalid,
    #[error("expired link")]
    TokenExpired,
    #[error("used link")]
    TokenUsed,
    #[error("the form has errors")]
    Invalid(Violations),
    #[error("bad image: {0}")]
    Image(#[from] ImageError),
    #[error("no such document")]
    DocumentNotFound,
    #[error("the link has stored as many images as it may")]
    TooManyUploads,
    #[error("the disk is short of space")]
    StorageFull,
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Manual 2.1 steps 3–5: sends the one-time link, or, when the address already has an
/// account, a mail saying so. The caller cannot tell which.
pub async fn start(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    settings: RegistrationSettings,
    email: &Email,
    locale: Locale,
    client: &str,
) -> Result<(), RegistrationError> {
    let now = scope.now;
    let txn = crate::db::begin_write(scope.db).await?;
    rate_limit::hit(&txn, &per_client(settings), client, now).await?.map_err(RegistrationError::RateLimited)?;
    rate_limit::hit(&txn, &PER_ADDRESS, &email.normalized(), now).await?.map_err(RegistrationError::RateLimited)?;

    let university = scope.university;
    let existing = graduate_account::Entity::find()
        .filter(graduate_account::Column::UniversityId.eq(university.id))
        .filter(graduate_account::Column::EmailNormalized.eq(email.normalized()))
        .one(&txn)
        .await?;
    let mail = if existing.is_some() {
        let template =
            AlreadyRegisteredMail { login_link: mailer.link("/login"), reset_link: mailer.link("/password/forgot") };
        render(&template, email.as_str(), locale, &university.name)
    } else {
        let token = random_token(32);
        let minutes = settings.link_minutes;
        let expires_at = now + Duration::minutes(minutes);
        one_time_token::ActiveModel {
            university_id: Set(university.id),
            purpose: Set(Purpose::VerifyEmail),
            token_hash: Set(sha256_hex(token.expose_secret())),
            email: Set(email.as_str().to_owned()),
            locale: Set(locale),
            subject_id: Set(None),
            created_at: Set(now),
            expires_at: Set(expires_at),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let link = mailer.link(&format!("/register/{}", token.expose_secret()));
        render(&RegistrationLinkMail { link, expires_at, minutes }, email.as_str(), locale, &university.name)
    };
    mailer.enqueue(&txn, scope, &mail).await?;
    txn.commit().await?;
    mailer.wake();
    Ok(())
}

/// The link's row when it can still be used: `TokenInvalid` (unknown, or of another
/// purpose), `TokenUsed` or `TokenExpired` otherwise.
pub(crate) async fn usable_link(
    db: &impl ConnectionTrait,
    scope: Scope<'_>,
    purpose: Purpose,
    token: &str,
) -> Result<one_time_token::Model, RegistrationError> {
    usable_link_of(db, scope, &[purpose], token).await
}

/// The row of a link for any of `purposes` when it can still be used: 404 unknown, 410
/// used or expired.
pub(super) async fn usable_link_of(
    db: &impl ConnectionTrait,
    scope: Scope<'_>,
    purposes: &[Purpose],
    token: &str,
) -> Result<one_time_token::Model, RegistrationError> {
    let row = one_time_token::Entity::find()
        .filter(one_time_token::Column::TokenHash.eq(sha256_hex(token)))
        .filter(one_time_token::Column::Purpose.is_in(purposes.iter().copied()))
        .filter(one_time_token::Column::UniversityId.eq(scope.university.id))
        .one(db)
        .await?
        .ok_or(RegistrationError::TokenInvalid)?;
    if row.used_at.is_some() {
        Err(RegistrationError::TokenUsed)
    } else if row.expires_at <= scope.now {
        Err(RegistrationError::TokenExpired)
    } else {
        Ok(row)
    }
}

/// Manual 2.1 step 6: what the link is for (the screens show the address).
pub async fn link(scope: Scope<'_>, token: &str) -> Result<RegistrationLink, RegistrationError> {
    let row = usable_link(scope.db, scope, Purpose::VerifyEmail, token).await?;
    Ok(RegistrationLink {
        email: row.email,
        locale: row.locale,
        expires_at: row.expires_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

/// The images one link may store, replacements included: a front, a back and four more.
pub const UPLOADS_PER_LINK: i32 = 6;
/// Uploads per client address in an hour: a campus network's applicants share one address.
const UPLOADS_PER_CLIENT: Limit = Limit { scope: "upload_client", max: 120, window: Duration::hours(1) };

/// An upload that may go ahead: the link works, has room, and the client and the disk
/// have budget left. Checked before the body is read.
pub struct UploadPermit {
    link_id: i64,
    client: String,
}

/// The settings uploads read.
#[derive(Debug, Clone, Copy)]
pub struct UploadLimits {
    /// `CIS_UPLOAD_MB_PER_CLIENT_HOUR`: the bytes one client address may upload in an hour.
    pub mb_per_client_hour: u64,
    /// `CIS_UPLOAD_MIN_FREE_MB`: the free space uploads leave on the disk; 0: no floor.
    pub min_free_mb: u64,
}

fn bytes_per_client(limits: UploadLimits) -> Limit {
    let max = limits.mb_per_client_hour.saturating_mul(1024 * 1024);
    Limit { scope: "upload_bytes_client", max, window: Duration::hours(1) }
}

/// Refuses an upload before its bytes are read: a link that does not work or has stored
/// [`UPLOADS_PER_LINK`] images, a client over its count or byte budget, a disk short of
/// `CIS_UPLOAD_MIN_FREE_MB`.
pub async fn admit_upload(
    scope: Scope<'_>,
    documents: &DocumentStore,
    limits: UploadLimits,
    purpose: Purpose,
    token: &str,
    client: &str,
) -> Result<UploadPermit, RegistrationError> {
    let now = scope.now;
    let link = usable_link(scope.db, scope, purpose, token).await?;
    if link.uploads >= UPLOADS_PER_LINK {
        return Err(RegistrationError::TooManyUploads);
    }
    rate_limit::hit(scope.db, &UPLOADS_PER_CLIENT, client, now).await?.map_err(RegistrationError::RateLimited)?;
    rate_limit::check(scope.db, &bytes_per_client(limits), client, now)
        .await?
        .map_err(RegistrationError::RateLimited)?;
    ensure_free_space(documents, limits, 0)?;
    Ok(UploadPermit { link_id: link.id, client: client.to_owned() })
}

/// Refuses when storing `more` bytes would leave less than the configured floor.
fn ensure_free_space(documents: &DocumentStore, limits: UploadLimits, more: u64) -> Result<(), RegistrationError> {
    let floor = limits.min_free_mb.saturating_mul(1024 * 1024);
    if floor == 0 {
        return Ok(());
    }
    let free = documents.free_bytes().map_err(anyhow::Error::from)?;
    if free < floor.saturating_add(more) {
        tracing::warn!(free_bytes = free, floor_bytes = floor, "uploads refused: the disk is short of space");
        return Err(RegistrationError::StorageFull);
    }
    Ok(())
}

/// Manual 2.1 step 13: stores an identity document image uploaded under the link. The
/// image it `replaces` (an upload of the same link not attached to an application) is
/// deleted at once.
pub async fn upload_document(
    scope: Scope<'_>,
    documents: &DocumentStore,
    limits: UploadLimits,
    permit: UploadPermit,
    bytes: Vec<u8>,
    replaces: Option<i64>,
) -> Result<UploadedDocument, RegistrationError> {
    rate_limit::record(scope.db, &bytes_per_client(limits), &permit.client, bytes.len() as u64, scope.now).await?;
    let clean = tokio::task::spawn_blocking(move || images::sanitize(&bytes)).await.map_err(anyhow::Error::from)??;
    let size = clean.bytes.len() as i64;
    ensure_free_space(documents, limits, size as u64)?;
    // Conditional: two uploads racing for the last place cannot both take it.
    let counted = one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::Uploads, Expr::col(one_time_token::Column::Uploads).add(1))
        .filter(one_time_token::Column::Id.eq(permit.link_id))
        .filter(one_time_token::Column::Uploads.lt(UPLOADS_PER_LINK))
        .exec(scope.db)
        .await?;
    if counted.rows_affected != 1 {
        return Err(RegistrationError::TooManyUploads);
    }
    let storage_name = documents.save(clean.bytes, clean.extension).await.map_err(anyhow::Error::from)?;
    let row = identity_document::ActiveModel {
        university_id: Set(scope.university.id),
        token_id: Set(permit.link_id),
        application_id: Set(None),
        content_type: Set(clean.content_type.to_owned()),
        width: Set(clean.width as i32),
        height: Set(clean.height as i32),
        byte_size: Set(size),
        storage_name: Set(storage_name),
        created_at: Set(scope.now),
        ..Default::default()
    }
    .insert(scope.db)
    .await?;
    if let Some(old) = replaces.filter(|old| *old != row.id) {
        remove_unattached(scope, documents, permit.link_id, old).await?;
    }
    Ok(UploadedDocument { id: row.id, content_type: row.content_type, width: clean.width, height: clean.height })
}

/// Deletes an image of the link that no application holds: the row, then the file.
async fn remove_unattached(
    scope: Scope<'_>,
    documents: &DocumentStore,
    link_id: i64,
    id: i64,
) -> Result<(), RegistrationError> {
    let Some(row) = identity_document::Entity::find_by_id(id)
        .filter(identity_document::Column::UniversityId.eq(scope.university.id))
        .filter(identity_document::Column::TokenId.eq(link_id))
        .filter(identity_document::Column::ApplicationId.is_null())
        .one(scope.db)
        .await?
    else {
        return Ok(());
    };
    identity_document::Entity::delete_by_id(row.id)
        .filter(identity_document::Column::ApplicationId.is_null())
        .exec(scope.db)
        .await?;
    documents.remove(&row.storage_name).await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// Manual 2.1 step 13-*: the image for the preview, only through its own link (a
/// resubmission link also shows the images already attached to its application).
pub async fn document(
    scope: Scope<'_>,
    documents: &DocumentStore,
    purpose: Purpose,
    token: &str,
    id: i64,
) -> Result<(String, Vec<u8>), RegistrationError> {
    let link = usable_link(scope.db, scope, purpose, token).await?;
    let mut owned = Condition::any().add(identity_document::Column::TokenId.eq(link.id));
    if let (Purpose::Resubmit, Some(application_id)) = (purpose, link.subject_id) {
        owned = owned.add(identity_document::Column::ApplicationId.eq(application_id));
    }
    let row = identity_document::Entity::find_by_id(id)
        .filter(identity_document::Column::UniversityId.eq(scope.university.id))
        .filter(owned)
        .one(scope.db)
        .await?
        .ok_or(RegistrationError::DocumentNotFound)?;
    let bytes = documents.read(&row.storage_name).await.map_err(anyhow::Error::from)?;
    Ok((row.content_type, bytes))
}

/// `YYMM-NNNN-NNNN`: the month of reception and eight random digits, easy to read aloud
/// (reception numbers of applications and order numbers).
pub(super) fn reception_number(now: DateTime<Utc>) -> String {
    let n: u32 = rand::thread_rng().gen_range(0..100_000_000);
    format!("{}-{:04}-{:04}", now.format("%y%m"), n / 10_000, n % 10_000)
}

/// A reception number no application has yet (a few tries; the unique index has the last word).
pub(super) async fn unused_reception_number(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<String, DbErr> {
    let mut number = reception_number(now);
    for _ in 0..5 {
        let taken = application::Entity::find()
            .filter(application::Column::ReceptionNumber.eq(&number))
            .one(db)
            .await?
            .is_some();
        if !taken {
            break;
        }
        number = reception_number(now);
    }
    Ok(number)
}

/// Manual 2.1 steps 15–16: checks the form and records the application; the link is used
/// up and the reception mail queued in the same transaction, so an interrupted submission
/// leaves nothing half-written.
pub async fn submit(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    token: &str,
    form: ApplicationForm,
) -> Result<ApplicationReceipt, RegistrationError> {
    let now = scope.now;
    let txn = crate::db::begin_write(scope.db).await?;
    let link = usable_link(&txn, scope, Purpose::VerifyEmail, token).await?;
    check_and_claim(&txn, scope, &link, None, &form).await?;

    let number = unused_reception_number(&txn, now).await?;
    let row = application::ActiveModel {
        university_id: Set(scope.university.id),
        kind: Set(form.application_type),
        state: Set(ApplicationState::Submitted),
        reception_number: Set(number.clone()),
        email: Set(link.email.clone()),
        locale: Set(link.locale),
        applicant_name: Set(form.applicant.name.clone()),
        applicant_name_kana: Set(form.applicant.name_kana.clone()),
        form: Set(serde_json::to_string(&form).map_err(anyhow::Error::from)?),
        token_id: Set(Some(link.id)),
        submitted_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    attach_and_acknowledge(&txn, scope, mailer, &link, row.id, &number, &form).await?;
    txn.commit().await?;
    mailer.wake();
    tracing::info!(application_id = row.id, "application submitted");
    Ok(ApplicationReceipt {
        reception_number: number,
        submitted_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

/// Checks the form against the catalogue and the documents the link may use, then uses
/// the link up. Only one submission wins a link, even when two race.
async fn check_and_claim(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    link: &one_time_token::Model,
    application_id: Option<i64>,
    form: &ApplicationForm,
) -> Result<(), RegistrationError> {
    let now = scope.now;
    let affiliations = catalog::affiliation_tree(txn, scope.university.id).await?;
    let degree_programs = catalog::degree_programs(txn, scope.university.id).await?;
    let mut usable = Condition::all()
        .add(identity_document::Column::TokenId.eq(link.id))
        .add(identity_document::Column::ApplicationId.is_null());
    if let Some(id) = application_id {
        usable = Condition::any().add(usable).add(identity_document::Column::ApplicationId.eq(id));
    }
    let uploaded: Vec<i64> =
        identity_document::Entity::find().filter(usable).all(txn).await?.into_iter().map(|d| d.id).collect();
    let context = form_rules::Context {
        today: crate::clock::today_in_japan(now),
        affiliations: &affiliations,
        degree_programs: &degree_programs,
        uploaded_documents: &uploaded,
    };
    let violations = form_rules::validate(form, &context);
    if !violations.is_empty() {
        return Err(RegistrationError::Invalid(violations));
    }
    claim(txn, link, now).await
}

/// Uses the link up: only one submission wins it, even when two race (`token_used`).
pub(super) async fn claim(
    txn: &DatabaseTransaction,
    link: &one_time_token::Model,
    now: DateTime<Utc>,
) -> Result<(), RegistrationError> {
    if !one_time_token::use_up(txn, link.id, now).await? {
        return Err(RegistrationError::TokenUsed);
    }
    Ok(())
}

/// Attaches the form's documents to the application and queues the reception mail.
async fn attach_and_acknowledge(
    txn: &DatabaseTransaction,
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    link: &one_time_token::Model,
    application_id: i64,
    reception_number: &str,
    form: &ApplicationForm,
) -> Result<(), RegistrationError> {
    let attached: Vec<i64> =
        [form.identity_document.front, form.identity_document.back].into_iter().flatten().collect();
    identity_document::Entity::update_many()
        .col_expr(identity_document::Column::ApplicationId, Expr::value(application_id))
        .filter(identity_document::Column::Id.is_in(attached))
        .exec(txn)
        .await?;
    let locale = link.locale;
    let mail = render(
        &ApplicationReceivedMail { reception_number: reception_number.to_owned() },
        &link.email,
        locale,
        &scope.university.name,
    );
    mailer.enqueue(txn, scope, &mail).await?;
    Ok(())
}

/// The application a resubmission link sends back, if it still waits for the graduate.
async fn returned_application(
    db: &impl ConnectionTrait,
    scope: Scope<'_>,
    link: &one_time_token::Model,
) -> Result<application::Model, RegistrationError> {
    application::Entity::find_by_id(link.subject_id.ok_or(RegistrationError::TokenInvalid)?)
        .filter(application::Column::UniversityId.eq(scope.university.id))
        .one(db)
        .await?
        .filter(|a| a.state == ApplicationState::ResubmissionRequested)
        .ok_or(RegistrationError::TokenUsed)
}

/// What a resubmission link reopens: the submitted form, filled in, with the reason.
pub async fn resubmission(scope: Scope<'_>, token: &str) -> Result<ResubmissionLink, RegistrationError> {
    let link = usable_link(scope.db, scope, Purpose::Resubmit, token).await?;
    let row = returned_application(scope.db, scope, &link).await?;
    let form: ApplicationForm = serde_json::from_str(&row.form).map_err(anyhow::Error::from)?;
    let documents = super::review::attached_documents(scope.db, row.id, &form).await?;
    Ok(ResubmissionLink {
        email: link.email,
        locale: link.locale,
        expires_at: link.expires_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        reception_number: row.reception_number,
        reason: row.decision_reason.unwrap_or_default(),
        form,
        documents,
    })
}

/// Resubmits a returned application: the corrected form replaces the old one and the
/// application waits in the queue again as `resubmitted`, under its reception number.
pub async fn resubmit(
    scope: Scope<'_>,
    mailer: Mailer<'_>,
    token: &str,
    form: ApplicationForm,
) -> Result<ApplicationReceipt, RegistrationError> {
    let now = scope.now;
    let txn = crate::db::begin_write(scope.db).await?;
    let link = usable_link(&txn, scope, Purpose::Resubmit, token).await?;
    let row = returned_application(&txn, scope, &link).await?;
    check_and_claim(&txn, scope, &link, Some(row.id), &form).await?;
    application::Entity::update_many()
        .col_expr(application::Column::State, Expr::value(ApplicationState::Resubmitted))
        .col_expr(application::Column::ApplicantName, Expr::value(form.applicant.name.clone()))
        .col_expr(application::Column::ApplicantNameKana, Expr::value(form.applicant.name_kana.clone()))
        .col_expr(application::Column::Form, Expr::value(serde_json::to_string(&form).map_err(anyhow::Error::from)?))
        .col_expr(application::Column::SubmittedAt, Expr::value(now))
        .col_expr(application::Column::DecidedAt, Expr::value(None::<DateTime<Utc>>))
        .col_expr(application::Column::DecidedBy, Expr::value(None::<i64>))
        .filter(application::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    attach_and_acknowledge(&txn, scope, mailer, &link, row.id, &row.reception_number, &form).await?;
    txn.commit().await?;
    mailer.wake();
    tracing::info!(application_id = row.id, "application resubmitted");
    Ok(ApplicationReceipt {
        reception_number: row.reception_number,
        submitted_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}
