//! A graduate's orders over HTTP (manual 2.3 steps 14–15, 2.5 (c)): what can be ordered.

use actix_web::{web, HttpResponse};
use cis_shared::ordering::{Channel, OrderOptions};
use cis_shared::Problem;
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::GraduateAuth;
use super::documented_routes;
use super::graduate::no_store;
use super::problem::ApiError;
use crate::domain::ordering;
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; options).register(cfg, |_, resource| resource);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OptionsQuery {
    /// `convenience_store` or `post` (manual 2.5 (c), Select Printing Destination).
    channel: Channel,
    /// One of the graduate's student records (`GET /api/v1/me`, `enrollments[].id`;
    /// manual 2.3 step 15).
    enrollment_id: i64,
}

/// What one of the graduate's student records may order through a channel (manual 2.3 step
/// 15: type of certificate, commission, number of copies): every certificate type on sale in
/// display order, those this record may not order through this channel marked
/// `orderable: false` with the reason (`channel`, `degree_program`, `completion`); the
/// handling fee, the store's printing fee per sheet, the print deadline, the payment methods
/// and, for post, the postage options and the sealed envelope. Another graduate's record
/// answers 404, the same as one that does not exist.
#[utoipa::path(
    get, path = "/api/v1/orders/options", tag = "orders",
    params(OptionsQuery),
    security(("graduate_token" = [])),
    responses(
        (status = 200, description = "What can be ordered, and the fees", body = OrderOptions),
        (status = 404, description = "Not one of the graduate's student records (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No live session (`unauthorized`, `session_expired`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn options(
    state: web::Data<AppState>,
    graduate: GraduateAuth,
    query: web::Query<OptionsQuery>,
) -> Result<HttpResponse, ApiError> {
    let catalogue = state.catalogue.current(&state.db).await?;
    // Card payment is offered once its provider is configured (Stripe, a later step of
    // issue 10); until then the methods that need no provider are the ones offered.
    let card_available = false;
    let options =
        ordering::options(&catalogue, &graduate.0.enrollments, query.channel, query.enrollment_id, card_available)
            .ok_or(ApiError::NotFound)?;
    Ok(no_store(HttpResponse::Ok()).json(options))
}
