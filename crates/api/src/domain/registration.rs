//! Registration (manual 2.1 steps 3–16): the mail address is proved with a one-time link,
//! documents are uploaded under it, and the application is submitted with it, once.

use chrono::{DateTime, Duration, Utc};
use cis_shared::application::{self as form_rules, ApplicationForm, ApplicationType, Violations};
use cis_shared::email::Email;
use cis_shared::fields::Date;
use cis_shared::registration::{ApplicationReceipt, RegistrationLink, UploadedDocument};
use cis_shared::Locale;
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use secrecy::ExposeSecret;

use super::images::{self, ImageError};
use super::rate_limit::{self, Limit, RetryAfter};
use crate::crypto::{random_token, sha256_hex};
use crate::db::{application, graduate_account, identity_document, one_time_token};
use crate::domain::catalog;
use crate::mail::outbox;
use crate::mail::templates::{render, AlreadyRegisteredMail, ApplicationReceivedMail, RegistrationLinkMail};
use crate::state::AppState;

pub const PURPOSE: &str = "verify_email";

/// Per mail address: a few links an hour, known address or not.
const PER_ADDRESS: Limit = Limit { scope: "registration_address", max: 5, window: Duration::hours(1) };
/// Per client address: enough for a family behind one router, not for a script.
const PER_CLIENT: Limit = Limit { scope: "registration_client", max: 20, window: Duration::hours(1) };

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
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Manual 2.1 steps 3–5: sends the one-time link, or, when the address already has an
/// account, a mail saying so. The caller cannot tell which.
pub async fn start(state: &AppState, email: &Email, locale: Locale, client: &str) -> Result<(), RegistrationError> {
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    rate_limit::hit(&txn, &PER_CLIENT, client, now).await?.map_err(RegistrationError::RateLimited)?;
    rate_limit::hit(&txn, &PER_ADDRESS, &email.normalized(), now).await?.map_err(RegistrationError::RateLimited)?;

    let university = &state.university;
    let existing = graduate_account::Entity::find()
        .filter(graduate_account::Column::UniversityId.eq(university.id))
        .filter(graduate_account::Column::EmailNormalized.eq(email.normalized()))
        .one(&txn)
        .await?;
    let mail = if existing.is_some() {
        let template = AlreadyRegisteredMail {
            login_link: state.settings.public_link("/login"),
            reset_link: state.settings.public_link("/password/forgot"),
        };
        render(&template, email.as_str(), locale, &university.name)
    } else {
        let token = random_token(32);
        let minutes = state.settings.registration_link_minutes;
        let expires_at = now + Duration::minutes(minutes);
        one_time_token::ActiveModel {
            university_id: Set(university.id),
            purpose: Set(PURPOSE.to_owned()),
            token_hash: Set(sha256_hex(token.expose_secret())),
            email: Set(email.as_str().to_owned()),
            locale: Set(locale.tag().to_owned()),
            subject_id: Set(None),
            created_at: Set(now),
            expires_at: Set(expires_at),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let link = state.settings.public_link(&format!("/register/{}", token.expose_secret()));
        render(&RegistrationLinkMail { link, expires_at, minutes }, email.as_str(), locale, &university.name)
    };
    outbox::enqueue(&txn, &state.sealer, university.id, &mail, now).await?;
    txn.commit().await?;
    state.mail.wake();
    Ok(())
}

/// The link's row when it can still be used.
async fn usable_link(
    db: &impl ConnectionTrait,
    state: &AppState,
    token: &str,
    now: DateTime<Utc>,
) -> Result<one_time_token::Model, RegistrationError> {
    let row = one_time_token::Entity::find()
        .filter(one_time_token::Column::TokenHash.eq(sha256_hex(token)))
        .filter(one_time_token::Column::Purpose.eq(PURPOSE))
        .filter(one_time_token::Column::UniversityId.eq(state.university.id))
        .one(db)
        .await?
        .ok_or(RegistrationError::TokenInvalid)?;
    if row.used_at.is_some() {
        Err(RegistrationError::TokenUsed)
    } else if row.expires_at <= now {
        Err(RegistrationError::TokenExpired)
    } else {
        Ok(row)
    }
}

/// Manual 2.1 step 6: what the link is for (the screens show the address).
pub async fn link(state: &AppState, token: &str) -> Result<RegistrationLink, RegistrationError> {
    let row = usable_link(&state.db, state, token, state.clock.now()).await?;
    Ok(RegistrationLink {
        email: row.email,
        locale: Locale::from_tag(&row.locale).unwrap_or_default(),
        expires_at: row.expires_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

/// Manual 2.1 step 13: stores an identity document image uploaded under the link.
pub async fn upload_document(
    state: &AppState,
    token: &str,
    bytes: Vec<u8>,
) -> Result<UploadedDocument, RegistrationError> {
    let link = usable_link(&state.db, state, token, state.clock.now()).await?;
    let clean = tokio::task::spawn_blocking(move || images::sanitize(&bytes)).await.map_err(anyhow::Error::from)??;
    let size = clean.bytes.len() as i64;
    let storage_name = state.documents.save(clean.bytes, clean.extension).await.map_err(anyhow::Error::from)?;
    let row = identity_document::ActiveModel {
        university_id: Set(state.university.id),
        token_id: Set(link.id),
        application_id: Set(None),
        content_type: Set(clean.content_type.to_owned()),
        width: Set(clean.width as i32),
        height: Set(clean.height as i32),
        byte_size: Set(size),
        storage_name: Set(storage_name),
        created_at: Set(state.clock.now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(UploadedDocument { id: row.id, content_type: row.content_type, width: clean.width, height: clean.height })
}

/// Manual 2.1 step 13-*: the image for the preview, only through its own link.
pub async fn document(state: &AppState, token: &str, id: i64) -> Result<(String, Vec<u8>), RegistrationError> {
    let link = usable_link(&state.db, state, token, state.clock.now()).await?;
    let row = identity_document::Entity::find_by_id(id)
        .filter(identity_document::Column::TokenId.eq(link.id))
        .one(&state.db)
        .await?
        .ok_or(RegistrationError::DocumentNotFound)?;
    let bytes = state.documents.read(&row.storage_name).await.map_err(anyhow::Error::from)?;
    Ok((row.content_type, bytes))
}

/// `YYMM-NNNN-NNNN`: the month of reception and eight random digits, easy to read aloud.
fn reception_number(now: DateTime<Utc>) -> String {
    let n: u32 = rand::thread_rng().gen_range(0..100_000_000);
    format!("{}-{:04}-{:04}", now.format("%y%m"), n / 10_000, n % 10_000)
}

fn today_in_japan(now: DateTime<Utc>) -> Date {
    Date::parse(&crate::clock::in_japan(now).format("%Y-%m-%d").to_string()).expect("a formatted date parses")
}

/// Manual 2.1 steps 15–16: checks the form and records the application; the link is used
/// up and the reception mail queued in the same transaction, so an interrupted submission
/// leaves nothing half-written.
pub async fn submit(
    state: &AppState,
    token: &str,
    form: ApplicationForm,
) -> Result<ApplicationReceipt, RegistrationError> {
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    let link = usable_link(&txn, state, token, now).await?;

    let affiliations = catalog::affiliation_tree(&txn, state.university.id).await?;
    let degree_programs = catalog::degree_programs(&txn, state.university.id).await?;
    let uploaded: Vec<i64> = identity_document::Entity::find()
        .filter(identity_document::Column::TokenId.eq(link.id))
        .filter(identity_document::Column::ApplicationId.is_null())
        .all(&txn)
        .await?
        .into_iter()
        .map(|d| d.id)
        .collect();
    let context = form_rules::Context {
        today: today_in_japan(now),
        affiliations: &affiliations,
        degree_programs: &degree_programs,
        uploaded_documents: &uploaded,
    };
    let violations = form_rules::validate(&form, &context);
    if !violations.is_empty() {
        return Err(RegistrationError::Invalid(violations));
    }

    // Only one submission wins the link, even when two race.
    let claimed = one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::Id.eq(link.id))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(RegistrationError::TokenUsed);
    }

    let kind = match form.application_type {
        ApplicationType::New => "new",
        ApplicationType::Reapplication => "reapplication",
    };
    let mut number = reception_number(now);
    for _ in 0..5 {
        let taken = application::Entity::find()
            .filter(application::Column::ReceptionNumber.eq(&number))
            .one(&txn)
            .await?
            .is_some();
        if !taken {
            break;
        }
        number = reception_number(now);
    }
    let row = application::ActiveModel {
        university_id: Set(state.university.id),
        kind: Set(kind.to_owned()),
        state: Set("submitted".to_owned()),
        reception_number: Set(number.clone()),
        email: Set(link.email.clone()),
        locale: Set(link.locale.clone()),
        applicant_name: Set(form.applicant.name.clone()),
        applicant_name_kana: Set(form.applicant.name_kana.clone()),
        form: Set(serde_json::to_string(&form).map_err(anyhow::Error::from)?),
        token_id: Set(Some(link.id)),
        submitted_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let attached: Vec<i64> =
        [form.identity_document.front, form.identity_document.back].into_iter().flatten().collect();
    identity_document::Entity::update_many()
        .col_expr(identity_document::Column::ApplicationId, Expr::value(row.id))
        .filter(identity_document::Column::Id.is_in(attached))
        .exec(&txn)
        .await?;

    let locale = Locale::from_tag(&link.locale).unwrap_or_default();
    let mail = render(
        &ApplicationReceivedMail { reception_number: number.clone() },
        &link.email,
        locale,
        &state.university.name,
    );
    outbox::enqueue(&txn, &state.sealer, state.university.id, &mail, now).await?;
    txn.commit().await?;
    state.mail.wake();
    tracing::info!(application_id = row.id, "application submitted");
    Ok(ApplicationReceipt {
        reception_number: number,
        submitted_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}
