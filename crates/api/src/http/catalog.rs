//! The university and its catalogue (public read).

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{web, HttpResponse};
use cis_shared::catalog::{AffiliationNode, CertificateType, DegreeProgram, University};

use super::documented_routes;
use super::problem::ApiError;
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; university, affiliations, degree_programs, certificate_types)
        .register(cfg, |_, resource| resource);
}

/// The catalogue changes seldom; clients may reuse it for a few minutes.
fn cached<T: serde::Serialize>(body: &T) -> HttpResponse {
    HttpResponse::Ok().insert_header(CacheControl(vec![CacheDirective::Public, CacheDirective::MaxAge(300)])).json(body)
}

/// The university this service belongs to, for the header of every screen.
#[utoipa::path(
    get, path = "/api/v1/university", tag = "catalog",
    responses(
        (status = 200, description = "The university", body = University),
    )
)]
pub async fn university(state: web::Data<AppState>) -> HttpResponse {
    cached(&state.university.to_dto())
}

/// The affiliation tree: faculties, their departments and their subjects (manual 2.1
/// step 10's first, second and third selection), in display order.
#[utoipa::path(
    get, path = "/api/v1/catalog/affiliations", tag = "catalog",
    responses(
        (status = 200, description = "The faculties, each with its departments and subjects", body = [AffiliationNode]),
    )
)]
pub async fn affiliations(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(cached(&state.catalogue.current(&state.db).await?.affiliations))
}

/// The degree programs a graduate can have been enrolled in (manual 2.1 step 10).
#[utoipa::path(
    get, path = "/api/v1/catalog/degree-programs", tag = "catalog",
    responses(
        (status = 200, description = "The degree programs in display order", body = [DegreeProgram]),
    )
)]
pub async fn degree_programs(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(cached(&state.catalogue.current(&state.db).await?.degree_programs))
}

/// The certificates that can be ordered, each with its commission in yen (manual 2.3
/// step 15).
#[utoipa::path(
    get, path = "/api/v1/catalog/certificate-types", tag = "catalog",
    responses(
        (status = 200, description = "The certificate types in display order", body = [CertificateType]),
    )
)]
pub async fn certificate_types(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(cached(&state.catalogue.current(&state.db).await?.certificate_types))
}
