//! The university's seal over HTTP (issue 11): administrators upload the image certificates
//! print, read it back, or return to the generated seal.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::documents::MAX_SEAL_BYTES;
use cis_shared::messages::ErrorCode;
use cis_shared::Problem;
use serde::Deserialize;
use utoipa::ToSchema;

use super::auth::AdminAuth;
use super::problem::ApiError;
use super::registration::read_file;
use super::{client_address, documented_routes, image_response};
use crate::domain::seal::{self, SealError};
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; seal_image, replace_seal, remove_seal)
        .register(cfg, |_, resource| resource.app_data(web::PayloadConfig::new(MAX_SEAL_BYTES + 64 * 1024)));
}

impl From<SealError> for ApiError {
    fn from(err: SealError) -> Self {
        let refused = |status, code| ApiError::Refused { status, code };
        match err {
            SealError::Invalid => refused(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::SealInvalid),
            SealError::Shape => refused(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::SealShape),
            SealError::TooLarge => ApiError::PayloadTooLarge,
            SealError::Database(e) => ApiError::Internal(e.into()),
            SealError::Io(e) => ApiError::Internal(e.into()),
        }
    }
}

/// A `multipart/form-data` body with one part, `file`, and no other.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct SealUpload {
    /// A PNG image (judged by its content) of at most 2 MiB, nearly square (the longer side
    /// at most 5/4 of the shorter) and 100 to 2,000 pixels a side.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The seal image certificates print, as re-encoded when it was uploaded. 404 while they
/// print the generated seal (a red square with the university's name). Administrators only.
#[utoipa::path(
    get, path = "/api/v1/staff/university/seal", tag = "staff",
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The seal image", content_type = "image/png", body = super::Image),
        (status = 403, response = super::problem::AdminOnly),
        (status = 404, description = "No image uploaded: certificates print the generated seal (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn seal_image(state: web::Data<AppState>, _admin: AdminAuth) -> Result<HttpResponse, ApiError> {
    let png = seal::image(state.scope(), &state.certificates).await?.ok_or(ApiError::NotFound)?;
    Ok(image_response("image/png", png))
}

/// Replaces the university's seal with a PNG image: decoded within bounds and re-encoded
/// (nothing else the file held is kept). Certificates issued from now on print it instead of
/// the generated seal; copies issued before are stored and stay as they were. Audit event
/// `university.seal_replaced`. Administrators only.
#[utoipa::path(
    put, path = "/api/v1/staff/university/seal", tag = "staff",
    request_body(content = SealUpload, content_type = "multipart/form-data"),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Replaced"),
        (status = 400, description = "A multipart body that cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 403, response = super::problem::AdminOnly),
        (status = 413, description = "Over 2 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not multipart", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a readable PNG image (`seal_invalid`); not nearly square, or a side outside 100 to 2,000 pixels (`seal_shape`); no `file` part (`required`), or another part beside it (`unknown_choice` at its name)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:seal_shape", "title": "The seal image must be nearly square (sides within 5:4) and 100 to 2,000 pixels a side.", "status": 422, "code": "seal_shape"})),
    )
)]
pub async fn replace_seal(
    state: web::Data<AppState>,
    admin: AdminAuth,
    req: HttpRequest,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let bytes = read_file(form, MAX_SEAL_BYTES, true).await?;
    let client = client_address(&req, state.settings.trust_proxy);
    seal::replace(state.scope(), &state.certificates, (admin.0.id, &client), bytes).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Returns to the generated seal for certificates issued from now on. Removing when there
/// is no image is no error. Audit event `university.seal_removed`. Administrators only.
#[utoipa::path(
    delete, path = "/api/v1/staff/university/seal", tag = "staff",
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Certificates print the generated seal"),
        (status = 403, response = super::problem::AdminOnly),
    )
)]
pub async fn remove_seal(
    state: web::Data<AppState>,
    admin: AdminAuth,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    seal::remove(state.scope(), &state.certificates, (admin.0.id, &client)).await?;
    Ok(HttpResponse::NoContent().finish())
}
