//! Liveness and readiness for load balancers and orchestrators.

use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::problem::ApiError;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
#[schema(example = json!({"status": "ok"}))]
pub struct Health {
    /// `ok` (live) or `ready` (the database answers).
    pub status: &'static str,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    super::documented_routes!(""; healthz, readyz).register(cfg, |_, resource| resource);
}

/// The process is up.
#[utoipa::path(
    get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "The process answers", body = Health))
)]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The service can take requests: the database answers.
#[utoipa::path(
    get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready", body = Health, example = json!({"status": "ready"})),
        (status = 503, description = "The database does not answer", body = cis_shared::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    crate::db::ping(&state.db).await.map_err(|e| ApiError::Unavailable(e.into()))?;
    Ok(HttpResponse::Ok().json(Health { status: "ready" }))
}
