//! `GET /metrics`, for Prometheus, to the addresses in `CIS_METRICS_ALLOW` only.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::messages::ErrorCode;

use super::problem::ApiError;
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    super::documented_routes!(""; metrics).register(cfg, |_, resource| resource);
}

/// The service's metrics in the Prometheus text format: requests by route pattern, method
/// and status with latency histograms (`cis_http_*`), the outbox (`cis_outbox_pending`,
/// `cis_outbox_oldest_pending_age_seconds`), mail refused for good (`cis_mails_failed`,
/// `cis_mail_attempts_failed_total`), refused logins and active locks
/// (`cis_logins_refused_total`, `cis_login_locks_active`), the argon2 queue
/// (`cis_argon2_waiting`, `cis_argon2_running`), the database pool
/// (`cis_db_pool_connections`, `cis_db_pool_connections_in_use`), orders by state
/// (`cis_orders`) and the process (`cis_process_resident_memory_bytes`, the allocator's
/// `cis_process_heap_in_use_bytes` and `cis_process_heap_held_bytes`, SQLite's
/// `cis_sqlite_memory_bytes`, `cis_process_open_fds`). Answered only to the connection's peer addresses listed in
/// `CIS_METRICS_ALLOW` (default loopback); `X-Forwarded-For` is not read here.
#[utoipa::path(
    get, path = "/metrics", tag = "operations",
    responses(
        (status = 200, description = "The metrics (text exposition format 0.0.4)", body = String, content_type = "text/plain; version=0.0.4; charset=utf-8",
            example = "# HELP cis_outbox_pending Mails waiting for delivery (neither sent nor failed for good)\n# TYPE cis_outbox_pending gauge\ncis_outbox_pending 0\n"),
        (status = 403, description = "The caller's address is not in `CIS_METRICS_ALLOW` (`metrics_not_allowed`)", body = cis_shared::Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:metrics_not_allowed", "title": "The metrics are not served to this address.", "status": 403, "code": "metrics_not_allowed"})),
        (status = 503, description = "The database does not answer (`service_unavailable`)", body = cis_shared::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn metrics(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let allowed = req.peer_addr().is_some_and(|peer| state.settings.metrics_allow.contains(peer.ip()));
    if !allowed {
        return Err(ApiError::Refused { status: StatusCode::FORBIDDEN, code: ErrorCode::MetricsNotAllowed });
    }
    let text = state
        .metrics
        .render(&state.db, state.university.id, state.clock.now())
        .await
        .map_err(|e| ApiError::Unavailable(e.into()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(actix_web::http::header::CacheControl(vec![actix_web::http::header::CacheDirective::NoStore]))
        .body(text))
}

/// Counts a refused login (`who`: `graduate` or `staff`) by the answer it gets.
pub fn count_login_refusal(state: &AppState, who: &str, error: &ApiError) {
    use crate::metrics::LoginRefusal;
    let why = match error {
        ApiError::Refused { code: ErrorCode::InvalidCredentials, .. } => LoginRefusal::InvalidCredentials,
        ApiError::LoginLocked { .. } => LoginRefusal::Locked,
        ApiError::RateLimited { .. } => LoginRefusal::RateLimited,
        _ => return,
    };
    state.metrics.login_refused(who, why);
}
