//! Graduate login, first-login credential setup, sessions and `/me` over HTTP (manual 2.1
//! steps 19–23, 2.2). The refresh token travels only in an HttpOnly, SameSite=Strict cookie
//! scoped to `/api/v1/auth`; the access token only in the body and the Authorization header.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse, HttpResponseBuilder};
use cis_shared::auth::{
    CredentialSetup, CredentialSetupRequired, GraduateLogin, LoginOutcome, Me, PasswordChange, SecondPasswordChange,
};
use cis_shared::messages::ErrorCode;
use cis_shared::profile::Profile;
use cis_shared::staff::AccessToken;
use cis_shared::Problem;
use secrecy::{ExposeSecret, SecretString};

use super::auth::{self, GraduateAuth};
use super::body::JsonObject;
use super::client_address;
use super::documented_routes;
use super::problem::ApiError;
use crate::domain::credentials::{self as secrets, Secret};
use crate::domain::profile as personal;
use crate::domain::session::{self, Client, LoginResult, Tokens};
use crate::state::AppState;
use crate::tokens::Audience;

/// The body of the cookie-authenticated POSTs: a JSON object, whose properties are ignored.
#[derive(utoipa::ToSchema)]
#[schema(example = json!({}))]
#[allow(dead_code)]
pub struct EmptyBody {}

/// The refresh cookie's name and path.
pub const REFRESH_COOKIE: &str = "cis_refresh";
const COOKIE_PATH: &str = "/api/v1/auth";

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; login, credentials, refresh, logout, me, change_password, change_second_password, profile, replace_profile)
        .register(cfg, |_, resource| resource);
}

fn refresh_cookie(state: &AppState, value: String) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.settings.public_url.starts_with("https://"))
        .finish()
}

/// A request to the cookie's paths that a browser sent from another origin is refused (403
/// `cross_origin`): `Sec-Fetch-Site` saying `cross-site` or `same-site` (a sibling
/// sub-domain of the university, which SameSite does not stop), or an `Origin` that is
/// neither `CIS_PUBLIC_URL`'s nor the address the request was sent to. Clients that are not
/// browsers send neither header.
pub fn from_this_site(req: &HttpRequest, state: &AppState) -> Result<(), ApiError> {
    let header = |name| req.headers().get(name).and_then(|v: &actix_web::http::header::HeaderValue| v.to_str().ok());
    let refused = || ApiError::Refused { status: StatusCode::FORBIDDEN, code: ErrorCode::CrossOrigin };
    if let Some(site) = header("sec-fetch-site") {
        if site.eq_ignore_ascii_case("cross-site") || site.eq_ignore_ascii_case("same-site") {
            return Err(refused());
        }
    }
    let Some(origin) = header("origin") else { return Ok(()) };
    let Ok(origin) = url::Url::parse(origin) else { return Err(refused()) };
    let public = url::Url::parse(&state.settings.public_url).map(|u| u.origin());
    if public.is_ok_and(|public| public == origin.origin()) {
        return Ok(());
    }
    // The address the browser sent the request to (`Host`), with the origin's port.
    let authority = match (origin.host_str(), origin.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => return Err(refused()),
    };
    match header("host") {
        Some(host) if host.eq_ignore_ascii_case(&authority) => Ok(()),
        _ => Err(refused()),
    }
}

/// The cookie-authenticated POSTs take `application/json` only: a cross-origin form or a
/// `text/plain` fetch cannot send it without the browser asking first (CORS preflight).
/// The body is a JSON object, as documented (`{}`); what it holds is ignored.
fn empty_json_body(req: &HttpRequest, body: &[u8]) -> Result<(), ApiError> {
    json_content_type(req)?;
    serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body)
        .map(drop)
        .map_err(|_| ApiError::BadRequest("the body must be a JSON object (`{}`)".into()))
}

fn json_content_type(req: &HttpRequest) -> Result<(), ApiError> {
    let essence = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim);
    match essence {
        Some(t) if t.eq_ignore_ascii_case("application/json") => Ok(()),
        _ => Err(ApiError::UnsupportedMediaType),
    }
}

pub(super) fn no_store(mut response: HttpResponseBuilder) -> HttpResponseBuilder {
    response.insert_header(CacheControl(vec![CacheDirective::NoStore]));
    response
}

/// 200 with the access token in the body and the refresh token in the cookie.
fn session_response(state: &AppState, tokens: Tokens) -> HttpResponse {
    no_store(HttpResponse::Ok()).cookie(refresh_cookie(state, tokens.refresh_token.expose_secret().to_owned())).json(
        AccessToken {
            access_token: tokens.access_token,
            token_type: "Bearer".to_owned(),
            expires_in: session::ACCESS_TOKEN_SECONDS,
        },
    )
}

fn client<'a>(req: &'a HttpRequest, address: &'a str) -> Client<'a> {
    Client { address, user_agent: req.headers().get(actix_web::http::header::USER_AGENT).and_then(|v| v.to_str().ok()) }
}

/// Graduate login (manual 2.2) with the mail address, the password and the second password.
/// At the first login (manual 2.1 step 20) the initial password from the approval mail is
/// given with an empty second password: the answer is then a setup token for
/// `POST /api/v1/auth/credentials`, good for nothing else. Every other failure, an unknown
/// address included, answers the same 401 after the same work. Five failures in a row lock
/// the address (known or not) for 15 minutes, doubling with each lock, and mail the owner.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = GraduateLogin,
    responses(
        (status = 200, description = "Logged in (access token; refresh cookie `cis_refresh` set), or, at the first login, `credential_setup_required` with a setup token", body = LoginOutcome,
            headers(("Set-Cookie" = String, description = "`cis_refresh=…; HttpOnly; SameSite=Strict; Path=/api/v1/auth` (and `Secure` behind https), when logged in")),
            examples(
                ("logged_in" = (summary = "Logged in", value = json!({"access_token": "eyJ0eXAiOiJKV1Qi...", "token_type": "Bearer", "expires_in": 900}))),
                ("first_login" = (summary = "First login with the initial password", value = json!({"credential_setup_required": true, "setup_token": "eyJ0eXAiOiJKV1Qi...", "expires_in": 900}))),
            )),
        (status = 401, description = "Wrong address or password (`invalid_credentials`), the same for an unknown address", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:invalid_credentials", "title": "The mail address or password is incorrect.", "status": 401, "code": "invalid_credentials"})),
        (status = 429, description = "Too many attempts from this client (`rate_limited`) or for this address (`login_locked`); see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait")),
            example = json!({"type": "urn:cis:problem:login_locked", "title": "Too many failed login attempts. Login is suspended for a while; try again later.", "status": 429, "code": "login_locked"})),
        (status = 403, description = "Sent by a browser from another site (`cross_origin`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:cross_origin", "title": "Requests from other sites are not accepted. Use this service's own screens.", "status": 403, "code": "cross_origin"})),
    )
)]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonObject<GraduateLogin>,
) -> Result<HttpResponse, ApiError> {
    from_this_site(&req, &state)?;
    let GraduateLogin { email, password, second_password } = body.into_inner();
    let address = client_address(&req, state.settings.trust_proxy);
    let result = session::login(
        state.scope(),
        state.mailer(),
        &state.tokens,
        &email,
        SecretString::from(password),
        SecretString::from(second_password),
        client(&req, &address),
    )
    .await
    .map_err(ApiError::from)
    .inspect_err(|e| super::metrics::count_login_refusal(&state, "graduate", e))?;
    Ok(match result {
        LoginResult::Session(tokens) => session_response(&state, tokens),
        LoginResult::SetupRequired { setup_token } => {
            no_store(HttpResponse::Ok()).json(LoginOutcome::SetupRequired(CredentialSetupRequired {
                credential_setup_required: true,
                setup_token,
                expires_in: session::SETUP_TOKEN_SECONDS,
            }))
        }
    })
}

/// Password Setting (manual 2.1 steps 21–23): the first login sets the password and the
/// second password, both keeping the rules of manual 2.4 (d), different from each other
/// and from the initial password. The session begins: tokens as for a login.
#[utoipa::path(
    post, path = "/api/v1/auth/credentials", tag = "auth",
    request_body = CredentialSetup,
    responses(
        (status = 200, description = "Credentials set and logged in (refresh cookie set)", body = AccessToken,
            headers(("Set-Cookie" = String, description = "`cis_refresh=…; HttpOnly; SameSite=Strict; Path=/api/v1/auth`"))),
        (status = 422, description = "A rule is broken: `errors` names the field (`/password`, `/second_password`) and the rule (`password_too_short`, `password_needs_upper`, `password_needs_lower`, `password_needs_digit`, `password_characters`, `required`, `passwords_same`, `password_is_initial`, `password_too_common`, `password_has_personal_info`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:validation_failed", "title": "The input has errors. Check each field.", "status": 422, "code": "validation_failed",
                "errors": [{"field": "/second_password", "code": "passwords_same", "message": "The password and the second password must be different."}]})),
        (status = 401, description = "The setup token is unknown, expired or used (`unauthorized`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Sent by a browser from another site (`cross_origin`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:cross_origin", "title": "Requests from other sites are not accepted. Use this service's own screens.", "status": 403, "code": "cross_origin"})),
    )
)]
pub async fn credentials(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonObject<CredentialSetup>,
) -> Result<HttpResponse, ApiError> {
    from_this_site(&req, &state)?;
    let CredentialSetup { setup_token, password, second_password } = body.into_inner();
    let address = client_address(&req, state.settings.trust_proxy);
    let tokens = session::set_credentials(
        state.scope(),
        &state.tokens,
        &setup_token,
        SecretString::from(password),
        SecretString::from(second_password),
        client(&req, &address),
    )
    .await?;
    Ok(session_response(&state, tokens))
}

/// A new access token for the session of the refresh cookie, which is replaced. A refresh
/// token used a second time has been copied: the session ends. A session idle longer than
/// `CIS_IDLE_TIMEOUT_MINUTES`, or begun more than `CIS_SESSION_MAX_HOURS` ago however
/// active, answers `session_expired`.
#[utoipa::path(
    post, path = "/api/v1/auth/refresh", tag = "auth",
    params(("cis_refresh" = String, Cookie, description = "The refresh token, set by login")),
    request_body(content = EmptyBody, content_type = "application/json", description = "A JSON object (`{}`); its properties are ignored"),
    responses(
        (status = 200, description = "A new access token; the cookie holds a new refresh token", body = AccessToken,
            headers(("Set-Cookie" = String, description = "The rotated `cis_refresh` cookie"))),
        (status = 401, description = "The session ended for idleness or age (`session_expired`: the automatic logout); no, unknown or replayed refresh token, or a session ended by logout, an account change or from another session (`unauthorized`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:session_expired", "title": "You were logged out automatically: there was no activity for a while, or the time a login may last has passed. Please log in again.", "status": 401, "code": "session_expired"})),
        (status = 403, description = "Sent by a browser from another site (`cross_origin`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:cross_origin", "title": "Requests from other sites are not accepted. Use this service's own screens.", "status": 403, "code": "cross_origin"})),
    )
)]
pub async fn refresh(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    from_this_site(&req, &state)?;
    empty_json_body(&req, &body)?;
    let cookie = req.cookie(REFRESH_COOKIE).ok_or(session::AuthError::Unauthorized)?;
    let address = client_address(&req, state.settings.trust_proxy);
    let lifetime = state.session_lifetime();
    let tokens =
        session::refresh(state.scope(), &state.tokens, &state.sessions, lifetime, cookie.value(), &address).await?;
    Ok(session_response(&state, tokens))
}

/// Logout: ends the session of the refresh cookie (or of the bearer token) and clears the
/// cookie. Always 204, even when there was nothing to end.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth",
    params(("cis_refresh" = Option<String>, Cookie, description = "The refresh token, set by login")),
    request_body(content = EmptyBody, content_type = "application/json", description = "A JSON object (`{}`); its properties are ignored"),
    security((), ("graduate_token" = [])),
    responses(
        (status = 204, description = "Logged out; the cookie is cleared",
            headers(("Set-Cookie" = String, description = "`cis_refresh` expired"))),
        (status = 403, description = "Sent by a browser from another site (`cross_origin`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:cross_origin", "title": "Requests from other sites are not accepted. Use this service's own screens.", "status": 403, "code": "cross_origin"})),
    )
)]
pub async fn logout(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    from_this_site(&req, &state)?;
    empty_json_body(&req, &body)?;
    let address = client_address(&req, state.settings.trust_proxy);
    let session_id = auth::bearer(&req)
        .and_then(|token| state.tokens.verify(token, Audience::Graduate, state.clock.now()).ok())
        .and_then(|token| token.session);
    let cookie = req.cookie(REFRESH_COOKIE);
    session::logout(state.scope(), &state.sessions, cookie.as_ref().map(|c| c.value()), session_id, &address).await?;
    let mut removal = refresh_cookie(&state, String::new());
    removal.make_removal();
    Ok(no_store(HttpResponse::NoContent()).cookie(removal).finish())
}

/// The logged-in graduate's account and student records, the idle time after which the
/// session ends, and when it ends however active.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "auth",
    security(("graduate_token" = [])),
    responses(
        (status = 200, description = "The account", body = Me),
        (status = 401, description = "The session ended for idleness (`session_expired`); no valid graduate token, or a session ended otherwise (`unauthorized`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn me(state: web::Data<AppState>, graduate: GraduateAuth) -> Result<HttpResponse, ApiError> {
    let account_id = graduate.0.account_id;
    let mut me = session::me(&state.db, &state.catalogue, state.session_lifetime(), graduate.0).await?;
    me.pending_email_change = crate::domain::mail_change::pending(state.scope(), account_id).await?;
    Ok(no_store(HttpResponse::Ok()).json(me))
}

/// Change password (manual 2.4 (d)): the current password, and a new one that keeps the
/// rules and differs from the current password and the second password. Every other
/// session of the account ends (this one stays) and a notice is mailed.
#[utoipa::path(
    post, path = "/api/v1/me/password", tag = "auth",
    security(("graduate_token" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; other sessions ended, notice mailed"),
        (status = 429, description = "Five wrong current secrets in 15 minutes (`rate_limited`); see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 401, description = "The current password is wrong (`invalid_credentials`), or no live session (`unauthorized`, `session_expired`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:invalid_credentials", "title": "The mail address or password is incorrect.", "status": 401, "code": "invalid_credentials"})),
        (status = 422, description = "A rule is broken: `errors` names `/new_password` and the rule (`password_too_short`, `password_needs_upper`, `password_needs_lower`, `password_needs_digit`, `password_characters`, `required`, `password_unchanged`, `passwords_same`, `password_too_common`, `password_has_personal_info`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:validation_failed", "title": "The input has errors. Check each field.", "status": 422, "code": "validation_failed",
                "errors": [{"field": "/new_password", "code": "password_unchanged", "message": "Choose a password different from the current one."}]})),
    )
)]
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    graduate: GraduateAuth,
    body: JsonObject<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let PasswordChange { current_password, new_password } = body.into_inner();
    change_secret(&state, &req, graduate, Secret::Password, (current_password, new_password)).await
}

/// Change second password (manual 2.4 (e)): the current second password, and a new one that
/// keeps the rules and differs from the current second password and the password. Every
/// other session of the account ends (this one stays) and a notice is mailed.
#[utoipa::path(
    post, path = "/api/v1/me/second-password", tag = "auth",
    security(("graduate_token" = [])),
    request_body = SecondPasswordChange,
    responses(
        (status = 204, description = "Changed; other sessions ended, notice mailed"),
        (status = 429, description = "Five wrong current secrets in 15 minutes (`rate_limited`); see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 401, description = "The current second password is wrong (`invalid_credentials`), or no live session (`unauthorized`, `session_expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rule is broken: `errors` names `/new_second_password` and the rule (as for the password: `password_too_short` … `password_unchanged`, `passwords_same`, `password_too_common`, `password_has_personal_info`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:validation_failed", "title": "The input has errors. Check each field.", "status": 422, "code": "validation_failed",
                "errors": [{"field": "/new_second_password", "code": "passwords_same", "message": "The password and the second password must be different."}]})),
    )
)]
pub async fn change_second_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    graduate: GraduateAuth,
    body: JsonObject<SecondPasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let SecondPasswordChange { current_second_password, new_second_password } = body.into_inner();
    change_secret(&state, &req, graduate, Secret::SecondPassword, (current_second_password, new_second_password)).await
}

async fn change_secret(
    state: &AppState,
    req: &HttpRequest,
    graduate: GraduateAuth,
    secret: Secret,
    (current, new): (String, String),
) -> Result<HttpResponse, ApiError> {
    let address = client_address(req, state.settings.trust_proxy);
    let secrets = (SecretString::from(current), SecretString::from(new));
    secrets::change((state.scope(), state.mailer()), &state.sessions, &graduate.0, secret, secrets, &address).await?;
    Ok(no_store(HttpResponse::NoContent()).finish())
}

/// Personal setting (manual 2.4 (a)): the applicant's name, name in katakana and birth date,
/// the current address and phones, and the employer, as the account holds them.
#[utoipa::path(
    get, path = "/api/v1/me/profile", tag = "auth",
    security(("graduate_token" = [])),
    responses(
        (status = 200, description = "The personal information", body = Profile),
        (status = 401, description = "No live session (`unauthorized`, `session_expired`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn profile(graduate: GraduateAuth) -> Result<HttpResponse, ApiError> {
    Ok(no_store(HttpResponse::Ok()).json(personal::read(&graduate.0)))
}

/// Personal setting (manual 2.4 (a)): replaces the personal information whole, by the rules
/// of the application form (manual 2.1 steps 9, 11, 12). An audit event names the fields
/// that changed.
#[utoipa::path(
    put, path = "/api/v1/me/profile", tag = "auth",
    security(("graduate_token" = [])),
    request_body = Profile,
    responses(
        (status = 200, description = "Saved; the personal information as stored", body = Profile),
        (status = 401, description = "No live session (`unauthorized`, `session_expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rule is broken: `errors` names each field (as in the application: `required`, `too_long`, `date_invalid`, `date_not_past`, `postal_code_invalid`, `phone_invalid`, `text_invalid`, the name rules)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:validation_failed", "title": "The input has errors. Check each field.", "status": 422, "code": "validation_failed",
                "errors": [{"field": "/address/postal_code", "code": "postal_code_invalid", "message": "Enter the postal code in half-width digits as 100-0001."}]})),
    )
)]
pub async fn replace_profile(
    state: web::Data<AppState>,
    req: HttpRequest,
    graduate: GraduateAuth,
    body: JsonObject<Profile>,
) -> Result<HttpResponse, ApiError> {
    let address = client_address(&req, state.settings.trust_proxy);
    let saved = personal::replace(state.scope(), &state.sessions, &graduate.0, body.into_inner(), &address).await?;
    Ok(no_store(HttpResponse::Ok()).json(saved))
}
