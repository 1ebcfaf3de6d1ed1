//! Verification over HTTP (issue 11): anyone checks a copy by its code or by its file, and
//! staff read an order's copies and revoke one.

use actix_multipart::Multipart;
use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::documents::{FileVerification, IssuedCopy, Verification, MAX_PDF_BYTES};
use cis_shared::fulfilment::{check_reason, StaffReason};
use cis_shared::Problem;
use serde::Deserialize;
use utoipa::ToSchema;

use super::auth::StaffAuth;
use super::body::JsonObject;
use super::graduate::no_store;
use super::printing::pdf_response;
use super::problem::ApiError;
use super::registration::read_file;
use super::{client_address, documented_routes};
use crate::domain::documents;
use crate::domain::post_bundle::{self, BundleError};
use crate::domain::printing::PrintError;
use crate::domain::rate_limit::RetryAfter;
use crate::domain::staff_orders;
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    // `files` before `{code}`, which would take it for a code.
    documented_routes!("/api/v1"; verify_file, verify_code, order_copies, order_pdf, revoke_copy).register(
        cfg,
        |path, resource| {
            if path == "/verifications/files" {
                resource.app_data(web::PayloadConfig::new(MAX_PDF_BYTES + 64 * 1024))
            } else {
                resource
            }
        },
    );
}

fn limited(wait: RetryAfter) -> ApiError {
    ApiError::RateLimited { retry_after_secs: wait.0 }
}

/// What a copy's verification code says: the certificate type, the holder's name, the issue
/// date and the university as printed, and whether it still stands (`valid`) or was
/// withdrawn (`revoked`, since when and why). A malformed code answers as an unknown one;
/// a client that misses 30 times in 10 minutes waits (429).
#[utoipa::path(
    get, path = "/api/v1/verifications/{code}", tag = "verification",
    params(("code" = String, Path, description = "The code printed on the copy, 16 letters and digits in groups of four (`7KQ2-9XGA-M3TD-H0VE`); case, spaces and hyphens do not matter")),
    responses(
        (status = 200, description = "The copy", body = Verification),
        (status = 404, description = "No copy has this code (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many misses from this client (`rate_limited`, `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn verify_code(
    state: web::Data<AppState>,
    req: HttpRequest,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    let found = documents::verify(state.scope(), &client, &code).await?.map_err(limited)?;
    Ok(no_store(HttpResponse::Ok()).json(found.ok_or(ApiError::NotFound)?))
}

/// A `multipart/form-data` body with one part, `file`, and no other.
#[derive(ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct PdfUpload {
    /// The file received, at most 10 MiB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Whether a file is, byte for byte, a copy the university issued (its SHA-256 against every
/// issued copy's): `match: true` with the copy's verification, or `match: false`.
#[utoipa::path(
    post, path = "/api/v1/verifications/files", tag = "verification",
    request_body(content = PdfUpload, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Whether it matches", body = FileVerification),
        (status = 400, description = "A multipart body that cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Over 10 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not multipart", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No `file` part, or another part beside it (`unknown_choice` at its name)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many misses from this client (`rate_limited`, `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn verify_file(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let bytes = read_file(form, MAX_PDF_BYTES, true).await?;
    let client = client_address(&req, state.settings.trust_proxy);
    let verdict = documents::verify_file(state.scope(), &client, &bytes).await?.map_err(limited)?;
    Ok(no_store(HttpResponse::Ok()).json(verdict))
}

/// The copies issued for an order, with their codes and status.
#[utoipa::path(
    get, path = "/api/v1/staff/orders/{order_number}/copies", tag = "staff",
    params(("order_number" = String, Path, description = "`YYMM-NNNN-NNNN`")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The copies, oldest first (none before the order is printed)", body = Vec<IssuedCopy>),
        (status = 404, description = "No such order (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn order_copies(
    state: web::Data<AppState>,
    _staff: StaffAuth,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let row = staff_orders::find(state.scope(), &number).await?;
    let copies = documents::copies_of(state.scope(), row.id).await?;
    let copies: Vec<IssuedCopy> = copies.into_iter().map(|c| documents::staff_view(c, &state.sealer)).collect();
    Ok(no_store(HttpResponse::Ok()).json(copies))
}

/// A paid post order's file to print: a cover letter addressed for a window envelope, in
/// the graduate's language, then every copy. The copies are issued at the first download
/// and the same ones come back at every other.
#[utoipa::path(
    get, path = "/api/v1/staff/orders/{order_number}/pdf", tag = "staff",
    params(("order_number" = String, Path, description = "`YYMM-NNNN-NNNN`")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The cover letter and the copies", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No such order (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a post order waiting to be printed (`order_state_conflict`), or a certificate still being prepared (`document_not_prepared`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn order_pdf(
    state: web::Data<AppState>,
    _staff: StaffAuth,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let catalogue = state.catalogue.current(&state.db).await?;
    let bytes =
        post_bundle::post_bundle(state.scope(), state.press(), &catalogue, &number).await.map_err(|e| match e {
            BundleError::Order(e) => ApiError::from(e),
            BundleError::Issue(e) => ApiError::from(PrintError::Issue(e)),
            BundleError::Render(e) => ApiError::Internal(anyhow::anyhow!(e)),
        })?;
    Ok(pdf_response(bytes, &format!("order-{number}.pdf")))
}

/// Revokes a copy with a reason: its verification says `revoked`, since when and why.
/// Revoking a revoked copy keeps its first reason. Audit event `copy.revoked`.
#[utoipa::path(
    post, path = "/api/v1/staff/copies/{id}/revocation", tag = "staff",
    params(("id" = i64, Path, description = "The copy's id")),
    request_body = StaffReason,
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Revoked", body = IssuedCopy),
        (status = 404, description = "No such copy (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or one over 200 characters (`/reason`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn revoke_copy(
    state: web::Data<AppState>,
    staff: StaffAuth,
    req: HttpRequest,
    id: web::Path<i64>,
    body: JsonObject<StaffReason>,
) -> Result<HttpResponse, ApiError> {
    let reason = check_reason(&body.into_inner()).map_err(ApiError::Validation)?;
    let client = client_address(&req, state.settings.trust_proxy);
    let copy = documents::revoke(state.scope(), (staff.0.id, &client), &state.sealer, *id, reason)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(no_store(HttpResponse::Ok()).json(copy))
}
