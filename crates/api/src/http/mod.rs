//! HTTP: routes per area, the request context (id, language, logs, security headers), the
//! problem+json mapping of errors, and the SPA.

pub mod auth;
pub mod catalog;
pub mod context;
pub mod health;
pub mod problem;
pub mod registration;
pub mod spa;
pub mod staff;

use actix_web::web;

use problem::ApiError;

/// Registers the JSON API under `/api/v1` with its error handling.
pub fn api_v1(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::JsonConfig::default().limit(64 * 1024).error_handler(|err, _req| ApiError::from_json_error(err).into()),
    )
    .app_data(web::PathConfig::default().error_handler(|err, _req| ApiError::BadRequest(err.to_string()).into()))
    .app_data(web::QueryConfig::default().error_handler(|err, _req| ApiError::BadRequest(err.to_string()).into()))
    .configure(catalog::routes)
    .configure(registration::routes)
    .configure(staff::routes);
}
