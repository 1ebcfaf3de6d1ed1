//! The OpenAPI document of the API, generated from the handlers' annotations. It is served
//! at `/api/openapi.json`, shown at `/api/docs/`, and committed as `openapi/openapi.json`
//! (`cis openapi` prints it; a test fails when the two differ).

use utoipa::OpenApi;

use crate::http;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Certificate Issuance Service API",
        description = "The REST API of a university's certificate issuance service: graduates apply for an \
account and order certificates; staff review applications and keep the catalogue; university portals \
integrate over the same API.\n\n\
Every error is an RFC 9457 `application/problem+json` document with a stable `code`. Human-readable \
texts (`title`, `detail`, `errors[].message`) follow `Accept-Language` (`ja` by default, or `en`). \
Every answer carries an `x-request-id` header; quote it when reporting a problem.",
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        http::health::healthz,
        http::health::readyz,
        http::catalog::university,
        http::catalog::affiliations,
        http::catalog::degree_programs,
        http::catalog::certificate_types,
        http::registration::start,
        http::registration::link,
        http::registration::upload,
        http::registration::document,
        http::registration::submit,
        http::registration::resubmission,
        http::registration::resubmission_upload,
        http::registration::resubmission_document,
        http::registration::resubmit,
        http::graduate::login,
        http::graduate::credentials,
        http::graduate::refresh,
        http::graduate::logout,
        http::graduate::me,
        http::staff::login,
        http::staff::logout,
        http::staff::applications,
        http::staff::application,
        http::staff::decide,
        http::staff::document,
        http::staff::audit_events,
        http::staff::me,
        http::staff::users,
        http::staff::create_user,
        http::staff::change_user,
        http::staff::reset_password,
        http::staff::accounts,
        http::staff::reissue_initial_password,
        http::staff::lift_login_lock,
    ),
    components(schemas(
        cis_shared::Problem,
        cis_shared::FieldError,
        cis_shared::messages::ErrorCode,
        cis_shared::Locale,
    )),
    modifiers(&BearerTokens),
    tags(
        (name = "catalog", description = "The university, its affiliation tree, degree programs and certificate types (public)."),
        (name = "registration", description = "Applying for an account (manual 2.1): the one-time link, identity documents, the application."),
        (name = "auth", description = "Graduates' login with the password and the second password (manual 2.2), the first login's Password Setting (manual 2.1 steps 19–23), sessions and automatic logout, and the account (`/me`)."),
        (name = "staff", description = "The university's staff: login (Bearer token) and the review queue."),
        (name = "operations", description = "Health checks for load balancers."),
    )
)]
pub struct ApiDoc;

/// The bearer token schemes of the operations that need one.
struct BearerTokens;

impl utoipa::Modify for BearerTokens {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "staff_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("From POST /api/v1/staff/login; valid for an hour."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "graduate_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "From POST /api/v1/auth/login or /api/v1/auth/credentials; valid for 15 minutes, renewed by \
                         POST /api/v1/auth/refresh with the refresh cookie.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document as served.
pub fn spec() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document as committed: pretty JSON with a final newline.
pub fn spec_json() -> String {
    let mut json = spec().to_pretty_json().expect("the OpenAPI document serializes");
    json.push('\n');
    json
}
