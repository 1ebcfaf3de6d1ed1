//! Administrators keep the catalogue of what can be ordered over HTTP: certificate types
//! (with who may order them, through which channel, how many copies) and the university's
//! order settings (fees, postage, payment methods, the print deadline).

use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::ordering::{CertificateTypeSpec, ManagedCertificateType, OrderSettings};
use cis_shared::Problem;

use super::auth::AdminAuth;
use super::body::JsonObject;
use super::client_address;
use super::documented_routes;
use super::graduate::no_store;
use super::problem::ApiError;
use crate::domain::catalog_admin::{self, CatalogError, Editor};
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; managed_types, create_type, replace_type, order_settings, replace_order_settings)
        .register(cfg, |_, resource| resource);
}

impl From<CatalogError> for ApiError {
    fn from(err: CatalogError) -> Self {
        match err {
            CatalogError::NotFound => ApiError::NotFound,
            CatalogError::Invalid(violations) => ApiError::Validation(violations),
            CatalogError::CodeTaken => ApiError::Refused {
                status: actix_web::http::StatusCode::CONFLICT,
                code: cis_shared::messages::ErrorCode::CodeTaken,
            },
            CatalogError::Database(e) => ApiError::Internal(e.into()),
        }
    }
}

fn editor<'a>(admin: &AdminAuth, client: &'a str) -> Editor<'a> {
    Editor { staff_id: admin.0.id, client }
}

/// Every certificate type, those withdrawn from sale too, in display order, with what
/// administrators keep of each. Administrators only.
#[utoipa::path(
    get, path = "/api/v1/staff/catalog/certificate-types", tag = "staff",
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The certificate types in display order", body = Vec<ManagedCertificateType>),
        (status = 403, response = super::problem::AdminOnly),
    )
)]
pub async fn managed_types(state: web::Data<AppState>, _admin: AdminAuth) -> Result<HttpResponse, ApiError> {
    Ok(no_store(HttpResponse::Ok()).json(catalog_admin::list_types(state.scope()).await?))
}

/// Adds a certificate type at the end of the display order; graduates can order it at once
/// (when `on_sale`). Recorded in the audit log (`catalog.certificate_type_created`).
/// Administrators only.
#[utoipa::path(
    post, path = "/api/v1/staff/catalog/certificate-types", tag = "staff",
    request_body = CertificateTypeSpec,
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Added", body = ManagedCertificateType),
        (status = 409, description = "Another type has the code (`code_taken`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:code_taken", "title": "Another certificate type uses this code.", "status": 409, "code": "code_taken"})),
        (status = 422, description = "A field breaks a rule: a degree program not in the catalogue (`unknown_choice`), a name with control characters (`text_invalid`) or longer than 100 characters (`too_long`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:validation_failed", "title": "The input has errors. Check each field.", "status": 422, "code": "validation_failed",
                "errors": [{"field": "/degree_programs/0", "code": "unknown_choice", "message": "Choose one of the options."}]})),
        (status = 403, response = super::problem::AdminOnly),
    )
)]
pub async fn create_type(
    state: web::Data<AppState>,
    admin: AdminAuth,
    req: HttpRequest,
    body: JsonObject<CertificateTypeSpec>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    let created =
        catalog_admin::create_type(state.scope(), &state.catalogue, editor(&admin, &client), body.into_inner()).await?;
    Ok(no_store(HttpResponse::Created()).json(created))
}

/// Replaces a certificate type's entry whole; `on_sale: false` withdraws it from sale (it
/// stays in the orders placed before, with the fees they were placed with). Recorded in
/// the audit log (`catalog.certificate_type_changed`, `_withdrawn` or `_restored`).
/// Administrators only.
#[utoipa::path(
    put, path = "/api/v1/staff/catalog/certificate-types/{id}", tag = "staff",
    params(("id" = i64, Path, description = "The certificate type's id")),
    request_body = CertificateTypeSpec,
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Replaced", body = ManagedCertificateType),
        (status = 404, description = "No such certificate type (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another type has the code (`code_taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field breaks a rule (as when adding one)", body = Problem, content_type = "application/problem+json"),
        (status = 403, response = super::problem::AdminOnly),
    )
)]
pub async fn replace_type(
    state: web::Data<AppState>,
    admin: AdminAuth,
    req: HttpRequest,
    id: web::Path<i64>,
    body: JsonObject<CertificateTypeSpec>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    let spec = body.into_inner();
    let replaced =
        catalog_admin::replace_type(state.scope(), &state.catalogue, editor(&admin, &client), *id, spec).await?;
    Ok(no_store(HttpResponse::Ok()).json(replaced))
}

/// The university's order settings: the handling fee per order, the convenience store's
/// printing fee per sheet, the print deadline, the sealed envelope, the payment methods per
/// channel and the postage options. Administrators only.
#[utoipa::path(
    get, path = "/api/v1/staff/catalog/order-settings", tag = "staff",
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The order settings", body = OrderSettings),
        (status = 403, response = super::problem::AdminOnly),
    )
)]
pub async fn order_settings(state: web::Data<AppState>, _admin: AdminAuth) -> Result<HttpResponse, ApiError> {
    let settings = crate::domain::catalog::order_settings(&state.db, state.university.id).await?;
    Ok(no_store(HttpResponse::Ok()).json(settings))
}

/// Replaces the order settings whole; orders placed before keep the fees they were placed
/// with. Recorded in the audit log (`catalog.order_settings_changed`). Administrators only.
#[utoipa::path(
    put, path = "/api/v1/staff/catalog/order-settings", tag = "staff",
    request_body = OrderSettings,
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Replaced", body = OrderSettings),
        (status = 422, description = "A field breaks a rule (a payment method that does not fit its channel: `unknown_choice`; a postage code twice: `duplicate`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, response = super::problem::AdminOnly),
    )
)]
pub async fn replace_order_settings(
    state: web::Data<AppState>,
    admin: AdminAuth,
    req: HttpRequest,
    body: JsonObject<OrderSettings>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    let saved =
        catalog_admin::replace_settings(state.scope(), &state.catalogue, editor(&admin, &client), body.into_inner())
            .await?;
    Ok(no_store(HttpResponse::Ok()).json(saved))
}
