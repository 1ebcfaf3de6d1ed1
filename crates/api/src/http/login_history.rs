//! Login history over HTTP (beyond the manual): the graduate's live sessions, and ending
//! another one of them.

use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::sessions::SessionInfo;
use cis_shared::Problem;

use super::auth::GraduateAuth;
use super::client_address;
use super::documented_routes;
use super::graduate::no_store;
use super::problem::ApiError;
use crate::domain::login_history;
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; sessions, end_session).register(cfg, |_, resource| resource);
}

/// Login history: the account's sessions that still work (not logged out or ended, not idle
/// longer than `CIS_IDLE_TIMEOUT_MINUTES`, begun less than `CIS_SESSION_MAX_HOURS` ago),
/// newest first, with the `User-Agent` and client address of each login. `current` marks
/// the caller's own. No token is ever shown.
#[utoipa::path(
    get, path = "/api/v1/me/sessions", tag = "auth",
    security(("graduate_token" = [])),
    responses(
        (status = 200, description = "The live sessions, newest first", body = Vec<SessionInfo>,
            example = json!([
                {"id": 42, "current": true, "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                 "client_address": "203.0.113.7", "started_at": "2026-11-26T09:00:00Z", "last_active_at": "2026-11-26T09:12:30Z"},
                {"id": 37, "current": false, "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                 "client_address": "198.51.100.20", "started_at": "2026-11-26T08:10:00Z", "last_active_at": "2026-11-26T08:31:04Z"}
            ])),
        (status = 401, description = "No live session (`unauthorized`, `session_expired`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn sessions(state: web::Data<AppState>, graduate: GraduateAuth) -> Result<HttpResponse, ApiError> {
    let list = login_history::list(state.scope(), state.session_lifetime(), &graduate.0).await?;
    Ok(no_store(HttpResponse::Ok()).json(list))
}

/// Ends another session of the account (a device left logged in, or one the graduate does
/// not recognise): its access tokens and its refresh cookie stop working at once. The
/// caller's own session is refused with 409 `session_is_current` — to end it, log out
/// (`POST /api/v1/auth/logout`), which also clears the cookie. A session of another account,
/// an ended one and an unknown id all answer 404. Recorded in the audit log
/// (`graduate.session_ended`).
#[utoipa::path(
    delete, path = "/api/v1/me/sessions/{id}", tag = "auth",
    params(("id" = i64, Path, description = "The session's id, from `GET /api/v1/me/sessions`")),
    security(("graduate_token" = [])),
    responses(
        (status = 204, description = "The session has ended"),
        (status = 404, description = "No live session of this account with this id (`not_found`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:not_found", "title": "The page or data you asked for does not exist.", "status": 404, "code": "not_found"})),
        (status = 409, description = "The caller's own session (`session_is_current`): log out instead", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:session_is_current", "title": "This is the login you are using now. To end it, log out.", "status": 409, "code": "session_is_current"})),
        (status = 401, description = "No live session (`unauthorized`, `session_expired`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn end_session(
    state: web::Data<AppState>,
    req: HttpRequest,
    graduate: GraduateAuth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let address = client_address(&req, state.settings.trust_proxy);
    let lifetime = state.session_lifetime();
    login_history::end(state.scope(), &state.sessions, lifetime, &graduate.0, *id, &address).await?;
    Ok(no_store(HttpResponse::NoContent()).finish())
}
