//! A forgotten password over HTTP (manual 2.4 (f)): the reset link is asked for by mail
//! address, read, and used once to set both secrets. Paths carry the token: logs name only
//! the route pattern.

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::email::Email;
use cis_shared::password_reset::{PasswordReset, PasswordResetAccepted, PasswordResetLink, StartPasswordReset};
use cis_shared::Problem;
use secrecy::SecretString;

use super::body::JsonObject;
use super::client_address;
use super::documented_routes;
use super::problem::ApiError;
use crate::domain::password_reset::{self, LINK_MINUTES};
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; request_password_reset, password_reset_link, complete_password_reset)
        .register(cfg, |_, resource| resource);
}

/// Reset password (manual 2.4 (f) steps 2–4): mails a one-time link valid 30 minutes to the
/// address when an account uses it. Every address gets the same answer after the same
/// work; an unknown one gets no mail (or, with `CIS_NOTIFY_UNKNOWN_RECIPIENTS=true`, a
/// notice that no account uses it). Five requests an hour per address and 30 per client.
#[utoipa::path(
    post, path = "/api/v1/password-resets", tag = "auth",
    request_body = StartPasswordReset,
    responses(
        (status = 202, description = "Accepted, whether or not an account uses the address", body = PasswordResetAccepted),
        (status = 422, description = "The address is not valid", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:validation_failed", "title": "The input has errors. Check each field.",
                "status": 422, "code": "validation_failed",
                "errors": [{"field": "/email", "code": "email_invalid", "message": "Enter a valid mail address in half-width alphanumeric characters."}]})),
        (status = 429, description = "Too many requests for this address or from this client (`rate_limited`); see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn request_password_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonObject<StartPasswordReset>,
) -> Result<HttpResponse, ApiError> {
    let email = Email::parse(&body.email).map_err(|code| ApiError::Validation(vec![("/email".into(), code)]))?;
    let client = client_address(&req, state.settings.trust_proxy);
    password_reset::request((state.scope(), state.mailer()), state.reset_settings(), &email, body.locale, &client)
        .await?;
    Ok(HttpResponse::Accepted().json(PasswordResetAccepted { link_valid_minutes: LINK_MINUTES }))
}

/// Manual 2.4 (f) step 5: whether the link still works, for which address, until when.
#[utoipa::path(
    get, path = "/api/v1/password-resets/{token}", tag = "auth",
    params(("token" = String, Path, description = "The token of the link in the mail")),
    responses(
        (status = 200, description = "The link works", body = PasswordResetLink),
        (status = 404, description = "Unknown link (`token_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired (`token_expired`) or used (`token_used`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:token_expired", "title": "This link has expired. Please start the procedure again.",
                "status": 410, "code": "token_expired"})),
    )
)]
pub async fn password_reset_link(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .json(password_reset::link(state.scope(), &token).await?))
}

/// Manual 2.4 (f) steps 6–8: sets the password and the second password through the link,
/// once. Both keep the rules of the Password Setting, differ from each other, are not easy
/// to guess, and are neither the old password nor the old second password. Every session of the account
/// ends, a login lock on its address is lifted, and a notice is mailed. An account still
/// waiting for its first login becomes active: the initial password stops working.
#[utoipa::path(
    post, path = "/api/v1/password-resets/{token}", tag = "auth",
    params(("token" = String, Path, description = "The token of the link in the mail")),
    request_body = PasswordReset,
    responses(
        (status = 204, description = "Both secrets set; every session ended; notice mailed"),
        (status = 422, description = "A rule is broken: `errors` names the field (`/password`, `/second_password`) and the rule (`password_too_short`, `password_needs_upper`, `password_needs_lower`, `password_needs_digit`, `password_characters`, `required`, `passwords_same`, `password_reused`, `password_is_initial`, `password_too_common`, `password_has_personal_info`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:validation_failed", "title": "The input has errors. Check each field.", "status": 422, "code": "validation_failed",
                "errors": [{"field": "/password", "code": "password_reused", "message": "Use a password different from your previous password and second password."}]})),
        (status = 404, description = "Unknown link (`token_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired (`token_expired`) or used (`token_used`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:token_used", "title": "This link has already been used. Please start the procedure again.",
                "status": 410, "code": "token_used"})),
    )
)]
pub async fn complete_password_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    body: JsonObject<PasswordReset>,
) -> Result<HttpResponse, ApiError> {
    let PasswordReset { password, second_password } = body.into_inner();
    let client = client_address(&req, state.settings.trust_proxy);
    let secrets = (SecretString::from(password), SecretString::from(second_password));
    password_reset::complete((state.scope(), state.mailer()), &state.sessions, &token, secrets, &client).await?;
    Ok(HttpResponse::NoContent().insert_header(CacheControl(vec![CacheDirective::NoStore])).finish())
}
