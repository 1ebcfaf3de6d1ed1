//! Registration over HTTP (manual 2.1 steps 3–16): the one-time link, identity document
//! uploads, and the application. Paths carry the token: logs name only the route pattern.

use actix_multipart::Multipart;
use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::application::ApplicationForm;
use cis_shared::email::Email;
use cis_shared::messages::ErrorCode;
use cis_shared::registration::{
    ApplicationReceipt, RegistrationAccepted, RegistrationLink, ResubmissionLink, StartRegistration, UploadedDocument,
};
use cis_shared::Problem;
use futures_util::TryStreamExt;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::body::JsonObject;
use super::documented_routes;
use super::problem::ApiError;
use super::{client_address, image_response, Image};
use crate::domain::images::MAX_BYTES;
use crate::domain::registration::{self, Purpose};
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1";
        start, link, upload, document, submit, resubmission, resubmission_upload, resubmission_document, resubmit,
    )
    // Uploads take an image of up to 10 MiB; everything else is JSON under the API's 64 KiB
    // limit (`http::api_v1`).
    .register(cfg, |path, resource| {
        if path.ends_with("/documents") {
            resource.app_data(web::PayloadConfig::new(MAX_BYTES + 64 * 1024))
        } else {
            resource
        }
    });
}

/// Manual 2.1 steps 3–5: sends a one-time link to the address. The answer is the same
/// whether or not the address is registered (a registered one gets a mail saying so).
#[utoipa::path(
    post, path = "/api/v1/registrations", tag = "registration",
    request_body = StartRegistration,
    responses(
        (status = 202, description = "A mail is on its way", body = RegistrationAccepted),
        (status = 422, description = "The address is not valid", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:validation_failed", "title": "The input has errors. Check each field.",
                "status": 422, "code": "validation_failed",
                "errors": [{"field": "/email", "code": "email_invalid", "message": "Enter a valid mail address in half-width alphanumeric characters."}]})),
        (status = 429, description = "Too many registrations for this address or client; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn start(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonObject<StartRegistration>,
) -> Result<HttpResponse, ApiError> {
    let email = Email::parse(&body.email).map_err(|code| ApiError::Validation(vec![("/email".into(), code)]))?;
    let client = client_address(&req, state.settings.trust_proxy);
    registration::start(state.scope(), state.mailer(), state.registration_settings(), &email, body.locale, &client)
        .await?;
    Ok(HttpResponse::Accepted()
        .json(RegistrationAccepted { link_valid_minutes: state.settings.registration_link_minutes }))
}

/// Manual 2.1 step 6: what a link is for, and until when it works.
#[utoipa::path(
    get, path = "/api/v1/registrations/{token}", tag = "registration",
    params(("token" = String, Path, description = "The token of the link in the mail")),
    responses(
        (status = 200, description = "The link works", body = RegistrationLink),
        (status = 404, description = "Unknown link (`token_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired (`token_expired`) or used (`token_used`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:token_expired", "title": "This link has expired. Please start the procedure again.",
                "status": 410, "code": "token_expired"})),
    )
)]
pub async fn link(state: web::Data<AppState>, token: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .json(registration::link(state.scope(), &token).await?))
}

/// A `multipart/form-data` body with one part, `file`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DocumentUpload {
    /// A JPEG, GIF or PNG image of at most 10 MiB, judged by its content.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The `file` part of a multipart body, refused past `max` bytes before the rest is read;
/// with `only`, a body with any other part is refused too (422 at the part's name).
pub(super) async fn read_file(mut form: Multipart, max: usize, only: bool) -> Result<Vec<u8>, ApiError> {
    let bad = |e: actix_multipart::MultipartError| match e {
        actix_multipart::MultipartError::ContentTypeMissing
        | actix_multipart::MultipartError::ContentTypeParse
        | actix_multipart::MultipartError::ContentTypeIncompatible => ApiError::UnsupportedMediaType,
        other => ApiError::BadRequest(other.to_string()),
    };
    let mut file = None;
    while let Some(mut field) = form.try_next().await.map_err(bad)? {
        if field.name() != Some("file") || file.is_some() {
            if only {
                let name = field.name().unwrap_or("").to_owned();
                return Err(ApiError::Validation(vec![(name, ErrorCode::UnknownChoice)]));
            }
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.try_next().await.map_err(bad)? {
            if bytes.len() + chunk.len() > max {
                return Err(ApiError::PayloadTooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        if !only {
            return Ok(bytes);
        }
        file = Some(bytes);
    }
    file.ok_or_else(|| ApiError::Validation(vec![("file".into(), ErrorCode::Required)]))
}

/// The image an upload replaces.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The id of an image uploaded earlier under this link and not attached to an
    /// application (the front or back being replaced): deleted once the new one is stored.
    /// Any other id is ignored.
    replaces: Option<i64>,
}

/// One upload under a link: admitted before the body is read, then stored.
async fn upload_under(
    state: &AppState,
    req: &HttpRequest,
    purpose: Purpose,
    token: &str,
    replaces: Option<i64>,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let multipart = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    if !multipart {
        return Err(ApiError::UnsupportedMediaType);
    }
    let client = client_address(req, state.settings.trust_proxy);
    let permit =
        registration::admit_upload(state.scope(), &state.documents, state.upload_limits(), purpose, token, &client)
            .await?;
    let bytes = read_file(form, MAX_BYTES, false).await?;
    // The time after the body arrived: the image's row is stamped when it was stored.
    let stored =
        registration::upload_document(state.scope(), &state.documents, state.upload_limits(), permit, bytes, replaces)
            .await?;
    Ok(HttpResponse::Created().json(stored))
}

/// Manual 2.1 step 13: uploads a photo of an identity document (front or back). The type
/// is judged by content; the image is decoded, bounded and re-encoded, keeping no EXIF. A
/// link stores at most six images, replacements included; name the image being replaced
/// in `replaces` and it is deleted at once.
#[utoipa::path(
    post, path = "/api/v1/registrations/{token}/documents", tag = "registration",
    params(("token" = String, Path, description = "The token of the link in the mail"), UploadQuery),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = UploadedDocument),
        (status = 413, description = "Over 10 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a JPEG, GIF or PNG image, or not multipart", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unreadable (`image_invalid`), too many pixels (`image_too_many_pixels`) or no `file` part", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown link", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired or used link", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The link has stored six images, replacements included (`too_many_uploads`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:too_many_uploads", "title": "This link cannot take more images. Request a new link and try again.", "status": 409, "code": "too_many_uploads"})),
        (status = 429, description = "This client uploaded 120 images or `CIS_UPLOAD_MB_PER_CLIENT_HOUR` megabytes (default 300) in the last hour (`rate_limited`); see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "The server is short of storage (`storage_full`); uploads are paused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn upload(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    query: web::Query<UploadQuery>,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    upload_under(&state, &req, Purpose::VerifyEmail, &token, query.replaces, form).await
}

/// Manual 2.1 step 13-*: the stored image, for the preview. Only through its own link.
#[utoipa::path(
    get, path = "/api/v1/registrations/{token}/documents/{id}", tag = "registration",
    params(
        ("token" = String, Path, description = "The token of the link in the mail"),
        ("id" = i64, Path, description = "The id answered by the upload"),
    ),
    responses(
        (status = 200, description = "The image (`image/jpeg` or `image/png`)", body = Image, content_type = "image/jpeg"),
        (status = 404, description = "Unknown link, or no such document under it", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired or used link", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn document(state: web::Data<AppState>, path: web::Path<(String, i64)>) -> Result<HttpResponse, ApiError> {
    let (token, id) = path.into_inner();
    let (content_type, bytes) =
        registration::document(state.scope(), &state.documents, Purpose::VerifyEmail, &token, id).await?;
    Ok(image_response(&content_type, bytes))
}

/// Manual 2.1 steps 15–16: submits the application. The link is used up and a reception
/// mail carries the reception number. Every broken rule is listed at its JSON pointer.
#[utoipa::path(
    post, path = "/api/v1/registrations/{token}/application", tag = "registration",
    params(("token" = String, Path, description = "The token of the link in the mail")),
    request_body = ApplicationForm,
    responses(
        (status = 201, description = "Received", body = ApplicationReceipt),
        (status = 422, description = "The form has errors", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:validation_failed", "title": "The input has errors. Check each field.",
                "status": 422, "code": "validation_failed", "errors": [
                    {"field": "/applicant/name_kana", "code": "katakana_only", "message": "Enter in full-width katakana."},
                    {"field": "/identity_document/front", "code": "document_missing", "message": "Attach the image of the identification document."}]})),
        (status = 404, description = "Unknown link", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired or used link", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn submit(
    state: web::Data<AppState>,
    token: web::Path<String>,
    form: JsonObject<ApplicationForm>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created()
        .json(registration::submit(state.scope(), state.mailer(), &token, form.into_inner()).await?))
}

/// The resubmission link of the mail "please resubmit": the submitted form, filled in,
/// with the university's reason and the images already attached.
#[utoipa::path(
    get, path = "/api/v1/resubmissions/{token}", tag = "registration",
    params(("token" = String, Path, description = "The token of the link in the mail")),
    responses(
        (status = 200, description = "The application to correct", body = ResubmissionLink),
        (status = 404, description = "Unknown link (`token_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired (`token_expired`, 7 days) or used (`token_used`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:token_used", "title": "This link has already been used. Please start the procedure again.", "status": 410, "code": "token_used"})),
    )
)]
pub async fn resubmission(state: web::Data<AppState>, token: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .json(registration::resubmission(state.scope(), &token).await?))
}

/// Uploads a new photo of an identity document for the resubmission, as for registration
/// (six images a link, `replaces` deletes an upload of this link being replaced; images
/// attached to the application stay until the resubmission replaces them).
#[utoipa::path(
    post, path = "/api/v1/resubmissions/{token}/documents", tag = "registration",
    params(("token" = String, Path, description = "The token of the link in the mail"), UploadQuery),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored (re-encoded)", body = UploadedDocument),
        (status = 413, description = "Larger than 10 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a JPEG, GIF or PNG image, or not multipart", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unreadable (`image_invalid`) or too many pixels (`image_too_many_pixels`); no `file` part", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown link (`token_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired or used link", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The link has stored six images, replacements included (`too_many_uploads`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:too_many_uploads", "title": "This link cannot take more images. Request a new link and try again.", "status": 409, "code": "too_many_uploads"})),
        (status = 429, description = "This client uploaded 120 images or `CIS_UPLOAD_MB_PER_CLIENT_HOUR` megabytes (default 300) in the last hour (`rate_limited`); see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "The server is short of storage (`storage_full`); uploads are paused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn resubmission_upload(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    query: web::Query<UploadQuery>,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    upload_under(&state, &req, Purpose::Resubmit, &token, query.replaces, form).await
}

/// An image of the application (attached before, or uploaded under this link).
#[utoipa::path(
    get, path = "/api/v1/resubmissions/{token}/documents/{id}", tag = "registration",
    params(
        ("token" = String, Path, description = "The token of the link in the mail"),
        ("id" = i64, Path, description = "A document id from `documents` or an upload"),
    ),
    responses(
        (status = 200, description = "The image (`image/jpeg` or `image/png`)", body = Image, content_type = "image/jpeg"),
        (status = 404, description = "Unknown link, or not a document of this application", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired or used link", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn resubmission_document(
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (token, id) = path.into_inner();
    let (content_type, bytes) =
        registration::document(state.scope(), &state.documents, Purpose::Resubmit, &token, id).await?;
    Ok(image_response(&content_type, bytes))
}

/// Resubmits the corrected application: it waits in the review queue again as
/// `resubmitted`, under the same reception number, and a reception mail is sent.
#[utoipa::path(
    post, path = "/api/v1/resubmissions/{token}/application", tag = "registration",
    params(("token" = String, Path, description = "The token of the link in the mail")),
    request_body = ApplicationForm,
    responses(
        (status = 201, description = "Resubmitted", body = ApplicationReceipt),
        (status = 422, description = "Broken rules, each at its JSON pointer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown link (`token_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired or used link", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn resubmit(
    state: web::Data<AppState>,
    token: web::Path<String>,
    form: JsonObject<ApplicationForm>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created()
        .json(registration::resubmit(state.scope(), state.mailer(), &token, form.into_inner()).await?))
}
