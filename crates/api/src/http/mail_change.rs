//! Changing the mail address while logged in over HTTP (manual 2.4 (b)): the request, the
//! link mailed to the new address (read, then completed by the page's button) and the
//! undo link mailed to the old one. Paths carry the token: logs name only the route pattern.

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::mail_change::{MailAddress, MailChangeAccepted, MailChangeRequest, PendingEmailChange};
use cis_shared::messages::ErrorCode;
use cis_shared::{Locale, Problem};
use secrecy::SecretString;

use super::auth::GraduateAuth;
use super::body::JsonObject;
use super::problem::ApiError;
use super::{client_address, documented_routes, request};
use crate::domain::mail_change::{self, MailChangeError, LINK_MINUTES};
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; request_mail_change, mail_change, complete_mail_change, undo_mail_change)
        .register(cfg, |_, resource| resource);
}

impl From<MailChangeError> for ApiError {
    fn from(err: MailChangeError) -> Self {
        use MailChangeError as E;
        let refused = |status, code| ApiError::Refused { status, code };
        match err {
            E::Invalid(violations) => ApiError::Validation(violations),
            E::InvalidCredentials => refused(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials),
            E::RateLimited(wait) => ApiError::RateLimited { retry_after_secs: wait.0 },
            E::Unauthorized => refused(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized),
            E::TokenInvalid => refused(StatusCode::NOT_FOUND, ErrorCode::TokenInvalid),
            E::TokenExpired => refused(StatusCode::GONE, ErrorCode::TokenExpired),
            E::TokenUsed => refused(StatusCode::GONE, ErrorCode::TokenUsed),
            E::EmailTaken => refused(StatusCode::CONFLICT, ErrorCode::EmailTaken),
            E::Database(e) => ApiError::Internal(e.into()),
            E::Internal(e) => ApiError::Internal(e),
        }
    }
}

fn no_store(mut response: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    response.insert_header(CacheControl(vec![CacheDirective::NoStore]));
    response
}

/// Change mail address (manual 2.4 (b) steps 2–4): the new address and the current password.
/// A link valid 30 minutes is mailed to the new address; following it and pressing the
/// page's button completes the change. The answer is the same when the address belongs to
/// another account: no link is sent then, and that address's owner is told instead. A new
/// request replaces a pending one (its link answers 410 `token_expired`). Wrong passwords
/// count with those of the password change: five in 15 minutes make the next attempts wait.
#[utoipa::path(
    post, path = "/api/v1/me/mail-change", tag = "auth",
    security(("graduate_token" = [])),
    request_body = MailChangeRequest,
    responses(
        (status = 202, description = "A mail is on its way to the new address (or, for an address another account uses, to its owner)", body = MailChangeAccepted),
        (status = 401, description = "The password is wrong (`invalid_credentials`), or no live session (`unauthorized`, `session_expired`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:invalid_credentials", "title": "The mail address or password is incorrect.", "status": 401, "code": "invalid_credentials"})),
        (status = 422, description = "A rule is broken: `errors` names `/new_email` (`required`, `too_long`, `email_invalid`, `email_unchanged`: the current address, without regard to case) or `/password` (`required`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:validation_failed", "title": "The input has errors. Check each field.", "status": 422, "code": "validation_failed",
                "errors": [{"field": "/new_email", "code": "email_unchanged", "message": "Enter a mail address other than the current one."}]})),
        (status = 429, description = "Five wrong passwords in 15 minutes, or five requests in an hour, for this account (`rate_limited`); see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn request_mail_change(
    state: web::Data<AppState>,
    req: HttpRequest,
    graduate: GraduateAuth,
    body: JsonObject<MailChangeRequest>,
) -> Result<HttpResponse, ApiError> {
    let MailChangeRequest { new_email, password } = body.into_inner();
    let address = client_address(&req, state.settings.trust_proxy);
    // The mail to the new address is in the language of the screen that asked.
    let locale = request::current().map(|c| c.locale).unwrap_or(Locale::Ja);
    let input = (new_email.as_str(), SecretString::from(password));
    mail_change::request((state.scope(), state.mailer()), &graduate.0, input, locale, &address).await?;
    Ok(no_store(HttpResponse::Accepted()).json(MailChangeAccepted { link_valid_minutes: LINK_MINUTES }))
}

/// Manual 2.4 (b) step 5: what the link mailed to the new address would change. Reading it
/// changes nothing (mail scanners open links); `POST` on the same path does.
#[utoipa::path(
    get, path = "/api/v1/mail-changes/{token}", tag = "auth",
    params(("token" = String, Path, description = "The token of the link in the mail to the new address")),
    responses(
        (status = 200, description = "The link works", body = PendingEmailChange),
        (status = 404, description = "Unknown link (`token_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired or replaced by a newer request (`token_expired`), or used (`token_used`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:token_expired", "title": "This link has expired. Please start the procedure again.", "status": 410, "code": "token_expired"})),
    )
)]
pub async fn mail_change(state: web::Data<AppState>, token: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(no_store(HttpResponse::Ok()).json(mail_change::link(state.scope(), &token).await?))
}

/// Manual 2.4 (b) steps 5–6: the button on the link's page changes the account's mail
/// address, once. The old address receives a notice with a link that undoes the change
/// for 7 days. The graduate's sessions stay.
#[utoipa::path(
    post, path = "/api/v1/mail-changes/{token}", tag = "auth",
    params(("token" = String, Path, description = "The token of the link in the mail to the new address")),
    responses(
        (status = 200, description = "Changed: the account's address now", body = MailAddress),
        (status = 404, description = "Unknown link (`token_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another account has taken the address since the request (`email_taken`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:email_taken", "title": "An account with this mail address already exists.", "status": 409, "code": "email_taken"})),
        (status = 410, description = "Expired or replaced by a newer request (`token_expired`), or used (`token_used`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:token_used", "title": "This link has already been used. Please start the procedure again.", "status": 410, "code": "token_used"})),
    )
)]
pub async fn complete_mail_change(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let address = client_address(&req, state.settings.trust_proxy);
    let email = mail_change::complete((state.scope(), state.mailer()), &state.sessions, &token, &address).await?;
    Ok(no_store(HttpResponse::Ok()).json(MailAddress { email }))
}

/// The link in the notice to the old address: gives the account its old address back (if
/// no other account has taken it), ends every session of the account and cancels a pending
/// change. Works for 7 days, once.
#[utoipa::path(
    post, path = "/api/v1/mail-change-undos/{token}", tag = "auth",
    params(("token" = String, Path, description = "The token of the link in the notice to the old address")),
    responses(
        (status = 200, description = "Undone: the account's address now (the old one); every session ended", body = MailAddress),
        (status = 404, description = "Unknown link (`token_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another account has taken the old address since (`email_taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired (`token_expired`) or used (`token_used`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:token_expired", "title": "This link has expired. Please start the procedure again.", "status": 410, "code": "token_expired"})),
    )
)]
pub async fn undo_mail_change(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let address = client_address(&req, state.settings.trust_proxy);
    let email = mail_change::undo(state.scope(), &state.sessions, &token, &address).await?;
    Ok(no_store(HttpResponse::Ok()).json(MailAddress { email }))
}
