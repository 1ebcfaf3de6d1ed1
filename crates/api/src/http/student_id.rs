//! Registering an additional student ID number over HTTP (manual 2.3): the logged-in
//! graduate asks for the link; the link's page reads what it is for and sends the student
//! record. Paths carry the token: logs name only the route pattern.

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{web, HttpResponse};
use cis_shared::registration::ApplicationReceipt;
use cis_shared::student_id::{StudentIdApplication, StudentIdLink, StudentIdRequested};
use cis_shared::Problem;

use super::auth::GraduateAuth;
use super::body::JsonObject;
use super::documented_routes;
use super::problem::ApiError;
use crate::domain::student_id;
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; request_student_id, student_id_link, apply_for_student_id)
        .register(cfg, |_, resource| resource);
}

/// Register additional student ID number (manual 2.3 steps 3–6), for a graduate with
/// several student ID numbers (undergraduate and graduate school, for example): mails the
/// account's address a one-time link `{CIS_PUBLIC_URL}/student-id/{token}`, valid 30
/// minutes, to the form of the student record to add. Five links an hour per account.
#[utoipa::path(
    post, path = "/api/v1/me/student-id-requests", tag = "student-id",
    security(("graduate_token" = [])),
    responses(
        (status = 202, description = "The mail is on its way", body = StudentIdRequested),
        (status = 429, description = "Five links in the last hour for this account (`rate_limited`); see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn request_student_id(state: web::Data<AppState>, graduate: GraduateAuth) -> Result<HttpResponse, ApiError> {
    let requested = student_id::request(state.scope(), state.mailer(), &graduate.0).await?;
    Ok(HttpResponse::Accepted().insert_header(CacheControl(vec![CacheDirective::NoStore])).json(requested))
}

/// Manual 2.3 step 7: what a student ID link is for: the account, the student records it
/// has, until when the link works, and for a resubmission link (mailed when the university
/// asks for one, valid 7 days) the application sent back with the reason.
#[utoipa::path(
    get, path = "/api/v1/student-id-applications/{token}", tag = "student-id",
    params(("token" = String, Path, description = "The token of the link in the mail")),
    responses(
        (status = 200, description = "The link works", body = StudentIdLink),
        (status = 404, description = "Unknown link (`token_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired (`token_expired`) or used (`token_used`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:token_expired", "title": "This link has expired. Please start the procedure again.",
                "status": 410, "code": "token_expired"})),
    )
)]
pub async fn student_id_link(state: web::Data<AppState>, token: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .json(student_id::link(state.scope(), &state.catalogue, &token).await?))
}

/// Manual 2.3 steps 8–10: applies for the student record, checked by the rules of the
/// registration form's enrollment part; a student ID number the account has, or has
/// applied for and waits for, is refused (`student_id_registered`). The link is used up;
/// the application waits in the staff queue as `additional_student_id` (under a
/// resubmission link: the returned application, corrected, as `resubmitted`), and a
/// reception mail carries its number.
#[utoipa::path(
    post, path = "/api/v1/student-id-applications/{token}", tag = "student-id",
    params(("token" = String, Path, description = "The token of the link in the mail")),
    request_body = StudentIdApplication,
    responses(
        (status = 201, description = "Received", body = ApplicationReceipt),
        (status = 422, description = "The form has errors, each at its JSON pointer (`/enrollment/...`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:validation_failed", "title": "The input has errors. Check each field.",
                "status": 422, "code": "validation_failed", "errors": [
                    {"field": "/enrollment/student_id", "code": "student_id_registered", "message": "This student ID number is already registered to your account or is under review."}]})),
        (status = 404, description = "Unknown link (`token_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired (`token_expired`) or used (`token_used`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn apply_for_student_id(
    state: web::Data<AppState>,
    token: web::Path<String>,
    form: JsonObject<StudentIdApplication>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created()
        .json(student_id::submit(state.scope(), state.mailer(), &token, form.into_inner()).await?))
}
