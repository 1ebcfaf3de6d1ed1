//! Mail refused for good, for administrators (issue 12): the list in the staff area and
//! sending one again.

use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::staff::FailedMailList;
use cis_shared::Problem;

use super::auth::AdminAuth;
use super::problem::ApiError;
use super::{client_address, documented_routes};
use crate::domain::mail_failures::{self, MailFailureError};
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; failed_mail, retry_mail).register(cfg, |_, resource| resource);
}

impl From<MailFailureError> for ApiError {
    fn from(err: MailFailureError) -> Self {
        match err {
            MailFailureError::NotFound => ApiError::NotFound,
            MailFailureError::Database(e) => e.into(),
        }
    }
}

/// The mail the SMTP server refused for good (a 5xx answer such as `550 no such user`),
/// newest first, at most 200, with the server's answer. Temporary failures (`4xx`, the
/// server unreachable) are not listed: they are retried on their own, 10 s doubling up to
/// an hour, until delivered.
#[utoipa::path(
    get, path = "/api/v1/staff/mail/failed", tag = "staff",
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The failed mail", body = FailedMailList),
        (status = 403, response = super::problem::AdminOnly),
    )
)]
pub async fn failed_mail(state: web::Data<AppState>, _admin: AdminAuth) -> Result<HttpResponse, ApiError> {
    let items = mail_failures::list(state.scope()).await?;
    Ok(HttpResponse::Ok().json(FailedMailList { items }))
}

/// Sends a failed mail again, now; recorded in the audit log. If the server refuses it
/// again it returns to the list.
#[utoipa::path(
    post, path = "/api/v1/staff/mail/failed/{id}/retry", tag = "staff",
    params(("id" = i64, Path, description = "The failed mail's id")),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Queued: the mail worker sends it at once"),
        (status = 403, response = super::problem::AdminOnly),
        (status = 404, description = "No failed mail with this id (sent since, or never failed)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn retry_mail(
    state: web::Data<AppState>,
    admin: AdminAuth,
    req: HttpRequest,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    mail_failures::retry(state.scope(), &state.mail, admin.0.id, *id, &client).await?;
    Ok(HttpResponse::NoContent().finish())
}
