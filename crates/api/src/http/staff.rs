//! The staff area over HTTP: login and the review queue.

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::application::ApplicationType;
use cis_shared::staff::{
    AccessToken, AccountPage, ApplicationDetail, ApplicationPage, ApplicationState, ApplicationSummary, AuditPage,
    Decision, NewStaffUser, StaffLogin, StaffUser, StaffUserChange,
};
use cis_shared::Problem;
use secrecy::SecretString;
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::{self, AdminAuth, StaffAuth};
use super::body::JsonObject;
use super::documented_routes;
use super::problem::ApiError;
use super::{client_address, image_response, page_bounds, Image};
use crate::domain::accounts::{self, AccountError};
use crate::domain::decision::{self, DecisionError};
use crate::domain::review::{self, Filter};
use crate::domain::staff::{self, LoginError, StaffAdminError};
use crate::state::AppState;
use crate::tokens::Audience;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1";
        login, logout, applications, application, decide, document, audit_events, me, users, create_user,
        change_user, reset_password, accounts, reissue_initial_password, lift_login_lock,
    )
    .register(cfg, |_, resource| resource);
}

impl From<LoginError> for ApiError {
    fn from(err: LoginError) -> Self {
        match err {
            LoginError::InvalidCredentials => ApiError::Refused {
                status: actix_web::http::StatusCode::UNAUTHORIZED,
                code: cis_shared::messages::ErrorCode::InvalidCredentials,
            },
            LoginError::RateLimited(wait) => ApiError::RateLimited { retry_after_secs: wait.0 },
            LoginError::Locked(wait) => ApiError::LoginLocked { retry_after_secs: wait.0 },
            LoginError::Database(e) => ApiError::Internal(e.into()),
            LoginError::Internal(e) => ApiError::Internal(e),
        }
    }
}

/// Logs a staff member in. A wrong address and a wrong password get the same answer. Only
/// failures count toward a lock: five in a row from one client lock the address for that
/// client, twenty from anywhere for every client the member has not logged in from in the
/// last 30 days; locks last 15 minutes, doubling with each lock up to a day, and the member
/// is mailed.
#[utoipa::path(
    post, path = "/api/v1/staff/login", tag = "staff",
    request_body = StaffLogin,
    responses(
        (status = 200, description = "Logged in", body = AccessToken),
        (status = 401, description = "Wrong address or password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:invalid_credentials", "title": "The mail address or password is incorrect.",
                "status": 401, "code": "invalid_credentials"})),
        (status = 429, description = "Too many attempts from this client (`rate_limited`) or too many failures for this address (`login_locked`); see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonObject<StaffLogin>,
) -> Result<HttpResponse, ApiError> {
    let StaffLogin { email, password } = body.into_inner();
    let client = client_address(&req, state.settings.trust_proxy);
    let identity = staff::login(state.scope(), state.mailer(), &email, SecretString::from(password), &client)
        .await
        .map_err(ApiError::from)
        .inspect_err(|e| super::metrics::count_login_refusal(&state, "staff", e))?;
    Ok(HttpResponse::Ok().insert_header(CacheControl(vec![CacheDirective::NoStore])).json(AccessToken {
        access_token: state.tokens.issue(
            Audience::Staff,
            identity.id,
            Some(identity.generation),
            auth::STAFF_TOKEN_SECONDS,
            state.clock.now(),
        ),
        token_type: "Bearer".to_owned(),
        expires_in: auth::STAFF_TOKEN_SECONDS,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Only applications in this state.
    state: Option<ApplicationState>,
    /// Only `new` applications, `reapplication`s or `additional_student_id`s.
    kind: Option<ApplicationType>,
    /// Part of the applicant's name (kanji or katakana), mail address or reception number.
    q: Option<String>,
    /// 1 to 100000 (default 1).
    #[param(minimum = 1, maximum = 100000)]
    page: Option<u64>,
    /// 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<u64>,
}

/// The review queue, oldest waiting first.
#[utoipa::path(
    get, path = "/api/v1/staff/applications", tag = "staff",
    params(QueueQuery),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "A page of applications", body = ApplicationPage),
    )
)]
pub async fn applications(
    state: web::Data<AppState>,
    _staff: StaffAuth,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let (page, per_page) = page_bounds(query.page, query.per_page, 20)?;
    let filter = Filter { state: query.state, kind: query.kind, search: query.q, page, per_page };
    Ok(HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .json(review::list(state.scope(), filter).await?))
}

/// Everything an applicant submitted, with the identity documents.
#[utoipa::path(
    get, path = "/api/v1/staff/applications/{id}", tag = "staff",
    params(("id" = i64, Path, description = "The application's id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The application", body = ApplicationDetail),
        (status = 404, description = "No such application", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn application(
    state: web::Data<AppState>,
    _staff: StaffAuth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let detail = review::detail(state.scope(), &state.catalogue, *id)
        .await
        .map_err(ApiError::Internal)?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().insert_header(CacheControl(vec![CacheDirective::NoStore])).json(detail))
}

/// An identity document image of a submitted application.
#[utoipa::path(
    get, path = "/api/v1/staff/documents/{id}", tag = "staff",
    params(("id" = i64, Path, description = "The document's id (in the application's `documents`)")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The image (`image/jpeg` or `image/png`)", body = Image, content_type = "image/jpeg"),
        (status = 404, description = "No such document", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn document(
    state: web::Data<AppState>,
    _staff: StaffAuth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (content_type, bytes) = review::document(state.scope(), &state.documents, *id)
        .await
        .map_err(ApiError::Internal)?
        .ok_or(ApiError::NotFound)?;
    Ok(image_response(&content_type, bytes))
}

impl From<DecisionError> for ApiError {
    fn from(err: DecisionError) -> Self {
        use actix_web::http::StatusCode;
        use cis_shared::messages::ErrorCode;
        match err {
            DecisionError::NotFound => ApiError::NotFound,
            DecisionError::AlreadyDecided => {
                ApiError::Refused { status: StatusCode::CONFLICT, code: ErrorCode::AlreadyDecided }
            }
            DecisionError::EmailTaken => {
                ApiError::Refused { status: StatusCode::CONFLICT, code: ErrorCode::EmailTaken }
            }
            DecisionError::StudentIdRegistered => {
                ApiError::Refused { status: StatusCode::CONFLICT, code: ErrorCode::StudentIdRegistered }
            }
            DecisionError::Invalid(violations) => ApiError::Validation(violations),
            DecisionError::Database(e) => ApiError::Internal(e.into()),
            DecisionError::Internal(e) => ApiError::Internal(e),
        }
    }
}

/// Decides an application (manual 2.1 step 17). Approving a `new` application creates the
/// graduate's account and mails "Result of the application for use" with an initial
/// password and the login link; approving a `reapplication` names the account it replaces
/// (`replaces_account_id`), which takes the new address and a new initial password.
/// Rejecting needs a reason, quoted in the mail. Asking for a resubmission needs a reason
/// too; the mail quotes it with a one-time link `{CIS_PUBLIC_URL}/resubmit/{token}` (7 days)
/// that reopens the form, filled in. A second decision answers 409. For an
/// `additional_student_id` (manual 2.3), approving adds the student record to the account
/// (no new account, no password) and mails the graduate that the service can be used with
/// it; rejecting and resubmission mail the account's address, the latter with a link
/// `{CIS_PUBLIC_URL}/student-id/{token}` (7 days) to the form, filled in.
#[utoipa::path(
    post, path = "/api/v1/staff/applications/{id}/decision", tag = "staff",
    params(("id" = i64, Path, description = "The application's id")),
    request_body = Decision,
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Decided", body = ApplicationSummary),
        (status = 409, description = "Decided already (`already_decided`), the address has an account (`email_taken`), or an account (this one or another) holds the additional student ID number already (`student_id_registered`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:already_decided", "title": "This application has already been decided.", "status": 409, "code": "already_decided"})),
        (status = 422, description = "A reason is missing (`/reason`), the replaced account does not exist, or the decision does not fit the application (`decision_not_allowed`: approving a reapplication needs `replaces_account_id`, a new application must not name one)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn decide(
    state: web::Data<AppState>,
    staff: StaffAuth,
    req: HttpRequest,
    id: web::Path<i64>,
    body: JsonObject<Decision>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    let scope = state.scope();
    let days = state.settings.initial_password_days;
    decision::decide(scope, state.mailer(), &state.sessions, days, (staff.0.id, &client), *id, body.into_inner())
        .await?;
    let detail =
        review::detail(scope, &state.catalogue, *id).await.map_err(ApiError::Internal)?.ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(detail.summary))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1 to 100000 (default 1).
    #[param(minimum = 1, maximum = 100000)]
    page: Option<u64>,
    /// 1 to 100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<u64>,
}

/// The audit log, newest first: staff logins and failed logins, decisions, account changes.
/// Administrators only.
#[utoipa::path(
    get, path = "/api/v1/staff/audit-events", tag = "staff",
    params(PageQuery),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "A page of the audit log", body = AuditPage),
        (status = 403, response = super::problem::AdminOnly),
    )
)]
pub async fn audit_events(
    state: web::Data<AppState>,
    _admin: AdminAuth,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let (page, per_page) = page_bounds(query.page, query.per_page, 50)?;
    let log = crate::domain::audit::list(state.scope(), page, per_page).await?;
    Ok(HttpResponse::Ok().insert_header(CacheControl(vec![CacheDirective::NoStore])).json(log))
}

impl From<StaffAdminError> for ApiError {
    fn from(err: StaffAdminError) -> Self {
        use actix_web::http::StatusCode;
        use cis_shared::messages::ErrorCode;
        match err {
            StaffAdminError::NotFound => ApiError::NotFound,
            StaffAdminError::EmailTaken => {
                ApiError::Refused { status: StatusCode::CONFLICT, code: ErrorCode::EmailTaken }
            }
            StaffAdminError::OwnAccount => {
                ApiError::Refused { status: StatusCode::CONFLICT, code: ErrorCode::OwnAccount }
            }
            StaffAdminError::Invalid(violations) => ApiError::Validation(violations),
            StaffAdminError::Database(e) => ApiError::Internal(e.into()),
            StaffAdminError::Internal(e) => ApiError::Internal(e),
        }
    }
}

impl From<AccountError> for ApiError {
    fn from(err: AccountError) -> Self {
        use actix_web::http::StatusCode;
        use cis_shared::messages::ErrorCode;
        match err {
            AccountError::NotFound => ApiError::NotFound,
            AccountError::NotAwaitingFirstLogin => {
                ApiError::Refused { status: StatusCode::CONFLICT, code: ErrorCode::NotAwaitingFirstLogin }
            }
            AccountError::Database(e) => ApiError::Internal(e.into()),
            AccountError::Internal(e) => ApiError::Internal(e),
        }
    }
}

/// The staff member behind the token: name and role (the staff area shows the
/// administrators' screens only to administrators).
#[utoipa::path(
    get, path = "/api/v1/staff/me", tag = "staff",
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The staff member", body = StaffUser),
    )
)]
pub async fn me(state: web::Data<AppState>, staff: StaffAuth) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .json(staff::profile(state.scope(), staff.0.id).await?))
}

/// Every staff member, administrators first. Administrators only.
#[utoipa::path(
    get, path = "/api/v1/staff/users", tag = "staff",
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The staff", body = Vec<StaffUser>),
        (status = 403, response = super::problem::AdminOnly),
    )
)]
pub async fn users(state: web::Data<AppState>, _admin: AdminAuth) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .json(staff::list(state.scope()).await?))
}

/// Creates a staff member (a reviewer, or another administrator); a generated password is
/// mailed to the address, never answered. Administrators only.
#[utoipa::path(
    post, path = "/api/v1/staff/users", tag = "staff",
    request_body = NewStaffUser,
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Created; the password is on its way by mail", body = StaffUser),
        (status = 409, description = "A staff member has this address (`email_taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`/email` or `/display_name` breaks a rule", body = Problem, content_type = "application/problem+json"),
        (status = 403, response = super::problem::AdminOnly),
    )
)]
pub async fn create_user(
    state: web::Data<AppState>,
    admin: AdminAuth,
    req: HttpRequest,
    body: JsonObject<NewStaffUser>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    Ok(HttpResponse::Created()
        .json(staff::create(state.scope(), state.mailer(), &admin.0, body.into_inner(), &client).await?))
}

/// Disables or enables a staff member, or changes their name or role; absent fields stay.
/// A disabled member's tokens stop working at once. Administrators only, and not on
/// themselves (`own_account`).
#[utoipa::path(
    patch, path = "/api/v1/staff/users/{id}", tag = "staff",
    params(("id" = i64, Path, description = "The staff member's id")),
    request_body = StaffUserChange,
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Changed", body = StaffUser),
        (status = 409, description = "Disabling or demoting oneself (`own_account`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`/display_name` breaks a rule", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such staff member", body = Problem, content_type = "application/problem+json"),
        (status = 403, response = super::problem::AdminOnly),
    )
)]
pub async fn change_user(
    state: web::Data<AppState>,
    admin: AdminAuth,
    req: HttpRequest,
    id: web::Path<i64>,
    body: JsonObject<StaffUserChange>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    Ok(HttpResponse::Ok().json(staff::change(state.scope(), &admin.0, *id, body.into_inner(), &client).await?))
}

/// Mails a staff member a new generated password; the old one stops working.
/// Administrators only.
#[utoipa::path(
    post, path = "/api/v1/staff/users/{id}/password-reset", tag = "staff",
    params(("id" = i64, Path, description = "The staff member's id")),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "A new password is on its way by mail"),
        (status = 404, description = "No such staff member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The administrator's own account (`own_account`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, response = super::problem::AdminOnly),
    )
)]
pub async fn reset_password(
    state: web::Data<AppState>,
    admin: AdminAuth,
    req: HttpRequest,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    staff::reset_password(state.scope(), state.mailer(), &admin.0, *id, &client).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountQuery {
    /// Part of the name (kanji or katakana), mail address or birth date (`YYYY-MM-DD`).
    q: Option<String>,
    /// 1 to 100000 (default 1).
    #[param(minimum = 1, maximum = 100000)]
    page: Option<u64>,
    /// 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<u64>,
}

/// Graduate accounts, to find the one a reapplication replaces (manual 2.4 (c)).
#[utoipa::path(
    get, path = "/api/v1/staff/accounts", tag = "staff",
    params(AccountQuery),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "A page of accounts", body = AccountPage),
    )
)]
pub async fn accounts(
    state: web::Data<AppState>,
    _staff: StaffAuth,
    query: web::Query<AccountQuery>,
) -> Result<HttpResponse, ApiError> {
    let (page, per_page) = page_bounds(query.page, query.per_page, 20)?;
    let found = accounts::search(state.scope(), query.q.as_deref().unwrap_or(""), page, per_page).await?;
    Ok(HttpResponse::Ok().insert_header(CacheControl(vec![CacheDirective::NoStore])).json(found))
}

/// Mails a new initial password to an account that has not logged in yet (the first one
/// expired, or the mail was lost); the old one stops working.
#[utoipa::path(
    post, path = "/api/v1/staff/accounts/{id}/initial-password", tag = "staff",
    params(("id" = i64, Path, description = "The graduate account's id")),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "A new initial password is on its way by mail"),
        (status = 409, description = "The account has set its passwords already (`not_awaiting_first_login`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn reissue_initial_password(
    state: web::Data<AppState>,
    staff: StaffAuth,
    req: HttpRequest,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    accounts::reissue_initial_password(
        state.scope(),
        state.mailer(),
        state.settings.initial_password_days,
        staff.0.id,
        *id,
        &client,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Lifts the lock that failed logins put on a graduate's address (administrators; the
/// owner called the university). Recorded in the audit log; an address without a lock
/// answers 204 as well.
#[utoipa::path(
    delete, path = "/api/v1/staff/accounts/{id}/login-lock", tag = "staff",
    params(("id" = i64, Path, description = "The graduate account's id")),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "The address is not locked (any more)"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 403, response = super::problem::AdminOnly),
    )
)]
pub async fn lift_login_lock(
    state: web::Data<AppState>,
    admin: AdminAuth,
    req: HttpRequest,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    accounts::lift_login_lock(state.scope(), admin.0.id, *id, &client).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Logs the staff member out everywhere: every token issued to them so far stops working
/// (a new password does the same).
#[utoipa::path(
    post, path = "/api/v1/staff/logout", tag = "staff",
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Logged out; the member's tokens no longer work"),
    )
)]
pub async fn logout(state: web::Data<AppState>, staff: StaffAuth, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    staff::log_out(state.scope(), &staff.0, &client).await?;
    Ok(HttpResponse::NoContent().finish())
}
