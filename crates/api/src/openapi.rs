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
Every answer carries an `x-request-id` header; quote it when reporting a problem.\n\n\
Request bodies are JSON (`Content-Type: application/json`, at most 64 KiB) unless an operation says \
otherwise; properties a schema does not name are ignored. Every operation may answer 405 (with `Allow`) \
and 500; one that takes parameters or a body, 400; one with a body, 413 and 415; one that needs a token, \
401 (none or not valid) and 403 (a token of another kind, or a role that may not). While the database \
cannot be reached, an operation that needs it answers 503 `service_unavailable` (and `/readyz` fails); \
retry later, with the same `Idempotency-Key` where the operation takes one.",
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        http::health::healthz,
        http::health::readyz,
        http::metrics::metrics,
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
        http::graduate::change_password,
        http::graduate::change_second_password,
        http::graduate::profile,
        http::graduate::replace_profile,
        http::mail_change::request_mail_change,
        http::mail_change::mail_change,
        http::mail_change::complete_mail_change,
        http::mail_change::undo_mail_change,
        http::login_history::sessions,
        http::login_history::end_session,
        http::password_reset::request_password_reset,
        http::password_reset::password_reset_link,
        http::password_reset::complete_password_reset,
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
        http::catalog_admin::managed_types,
        http::catalog_admin::create_type,
        http::catalog_admin::replace_type,
        http::catalog_admin::order_settings,
        http::catalog_admin::replace_order_settings,
        http::orders::options,
        http::orders::place_order,
        http::orders::orders_list,
        http::orders::order,
        http::orders::cancel_order,
        http::staff_orders::staff_orders,
        http::staff_orders::staff_order,
        http::staff_orders::record_payment,
        http::staff_orders::hold_order,
        http::staff_orders::release_order,
        http::staff_orders::cancel_order,
        http::staff_orders::order_printed,
        http::staff_orders::order_shipped,
        http::academic_records::import_academic_records,
        http::student_id::request_student_id,
        http::student_id::student_id_link,
        http::student_id::apply_for_student_id,
        http::payments::stripe_webhook,
        http::printing::register_station,
        http::printing::stations,
        http::printing::revoke_station,
        http::printing::station_reservation,
        http::printing::station_print_job,
        http::printing::station_copy_pdf,
        http::printing::station_job_complete,
        http::printing::station_job_fail,
        http::printing::counter_order,
        http::printing::counter_print_job,
        http::printing::counter_copy_pdf,
        http::printing::counter_job_complete,
        http::printing::counter_job_fail,
        http::verification::verify_code,
        http::verification::verify_file,
        http::verification::order_copies,
        http::verification::order_pdf,
        http::verification::revoke_copy,
        http::delivery::open_delivery,
        http::delivery::download_delivery,
        http::delivery::cancel_delivery,
        http::delivery::jwks,
        http::prepared::attach_document,
        http::seal::seal_image,
        http::seal::replace_seal,
        http::seal::remove_seal,
        http::mail_failures::failed_mail,
        http::mail_failures::retry_mail,
    ),
    components(responses(http::problem::AdminOnly), schemas(
        cis_shared::Problem,
        cis_shared::FieldError,
        cis_shared::messages::ErrorCode,
        cis_shared::Locale,
    )),
    modifiers(&BearerTokens, &FileVerificationShape),
    tags(
        (name = "catalog", description = "The university, its affiliation tree, degree programs and certificate types (public)."),
        (name = "registration", description = "Applying for an account (manual 2.1): the one-time link, identity documents, the application."),
        (name = "auth", description = "Graduates' login with the password and the second password (manual 2.2), the first login's Password Setting (manual 2.1 steps 19–23), sessions and automatic logout, the account (`/me`), and the forgotten password (manual 2.4 (f))."),
        (name = "student-id", description = "Registering an additional student ID number (manual 2.3): a logged-in graduate asks for a one-time link, sends the student record with it, and the university reviews it like an application."),
        (name = "orders", description = "Ordering certificates (manual 2.3 steps 14–15, 2.5 (c)): what a graduate's student record may order through a channel and the fees; placing, reading and cancelling orders."),
        (name = "payments", description = "Card payment through Stripe Checkout (issue 10): Stripe's signed webhook. Enabled by `CIS_STRIPE_SECRET_KEY` and `CIS_STRIPE_WEBHOOK_SECRET`."),
        (name = "printing", description = "Printing certificates (issue 11): the station API of the convenience-store networks and the university's counter (a reservation, a print job with the amount collected, the copies' PDFs, printed or failed), and the administrators' registry of stations and their keys."),
        (name = "verification", description = "Checking a certificate (issue 11), without login: by the verification code printed on every page, or by the PDF file itself; a digital delivery's recipient page (the link's token in the body) and the university's public keys for its Verifiable Credentials."),
        (name = "staff", description = "The university's staff: login (Bearer token) and the review queue."),
        (name = "operations", description = "Health checks for load balancers."),
    )
)]
pub struct ApiDoc;

/// `FileVerification` as it is sent: `match`, and the fields of `Verification` beside it
/// when the file is a copy (serde's flattened `Option`, which utoipa describes as a whole
/// object that is a `Verification` or null).
struct FileVerificationShape;

impl utoipa::Modify for FileVerificationShape {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(components) = openapi.components.as_mut() else { return };
        let Some(verification) = components.schemas.get("Verification") else { return };
        let mut shape = serde_json::to_value(verification).expect("a schema is JSON");
        let example = components
            .schemas
            .get("FileVerification")
            .and_then(|s| serde_json::to_value(s).ok())
            .and_then(|s| s.get("example").cloned());
        shape["required"] = serde_json::json!(["match"]);
        shape["properties"]["match"] = serde_json::json!({"type": "boolean", "description": "Whether the file is, byte for byte, an issued copy."});
        shape["description"] = serde_json::json!(
            "Whether an uploaded file is an issued copy: `match`, and when it is, the copy's verification beside it."
        );
        if let Some(example) = example {
            shape["example"] = example;
        }
        if let Ok(schema) = serde_json::from_value(shape) {
            components.schemas.insert("FileVerification".to_owned(), schema);
        }
    }
}

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
        components.add_security_scheme(
            "station_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A printing station's API key (`cis_ps_<id>_<secret>`), from POST /api/v1/staff/print-stations; \
                         shown once, valid until revoked.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The problems every operation of a kind shares, written once as components and referred
/// to from each operation that does not describe the status itself: 405 and 500 for all;
/// 400 for those with parameters or a body; 413 and 415 for those with a JSON body; 401
/// and 403 for those that need a token.
struct ResponseSets;

impl ResponseSets {
    fn components() -> Vec<(&'static str, serde_json::Value)> {
        let problem = |description: &str| {
            serde_json::json!({
                "description": description,
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
            })
        };
        let with_header =
            |mut response: serde_json::Value, name: &str, description: &str, schema: serde_json::Value| {
                response["headers"] =
                    serde_json::json!({name: {"description": description, "required": true, "schema": schema}});
                response
            };
        vec![
            ("BadRequest", problem("A parameter or the body is not what the operation takes (`bad_request`): malformed JSON, a missing property, a value of the wrong type or outside the documented bounds")),
            ("Unauthorized", problem("No token, or one that is expired, forged or ended by logout (`unauthorized`)")),
            ("Forbidden", problem("A token of another kind (a graduate's on a staff operation or the reverse), or a role that may not do this (`forbidden`)")),
            ("MethodNotAllowed", with_header(problem("The path does not take this method (`method_not_allowed`)"), "Allow", "The methods the path takes", serde_json::json!({"type": "string", "example": "GET, POST"}))),
            ("PayloadTooLarge", problem("The body is larger than the operation takes (`payload_too_large`)")),
            ("UnsupportedMediaType", problem("The body is not `application/json` (`unsupported_media_type`)")),
            ("InternalError", problem("Unexpected error (`internal`); the `x-request-id` header identifies it in the logs")),
        ]
    }
}

impl ResponseSets {
    /// Applied to the document's JSON, like [`Links::add`]: a round trip through utoipa's
    /// types would drop what they do not model.
    fn add(document: &mut serde_json::Value) {
        for (name, response) in Self::components() {
            document["components"]["responses"][name] = response;
        }
        if let Some(paths) = document["paths"].as_object_mut() {
            for operation in
                paths.values_mut().filter_map(|item| item.as_object_mut()).flat_map(|item| item.values_mut())
            {
                if operation.get("responses").is_none() {
                    continue; // the path's own parameters or summary
                }
                add_shared_responses(operation);
            }
        }
    }
}

fn add_shared_responses(operation: &mut serde_json::Value) {
    let needs_token = operation["security"]
        .as_array()
        .is_some_and(|alternatives| !alternatives.iter().any(|a| a.as_object().is_some_and(|a| a.is_empty())));
    let json_body = operation["requestBody"]["content"].get("application/json").is_some();
    let takes_input =
        operation["requestBody"].is_object() || operation["parameters"].as_array().is_some_and(|p| !p.is_empty());
    let mut shared = vec![("405", "MethodNotAllowed"), ("500", "InternalError")];
    if takes_input {
        shared.push(("400", "BadRequest"));
    }
    if json_body {
        shared.extend([("413", "PayloadTooLarge"), ("415", "UnsupportedMediaType")]);
    }
    if needs_token {
        shared.extend([("401", "Unauthorized"), ("403", "Forbidden")]);
    }
    let Some(responses) = operation["responses"].as_object_mut() else { return };
    for (status, name) in shared {
        responses
            .entry(status)
            .or_insert_with(|| serde_json::json!({"$ref": format!("#/components/responses/{name}")}));
    }
    let mut sorted: Vec<_> = std::mem::take(responses).into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    responses.extend(sorted);
}

/// Unique operation ids (the staff area's get a `staff_` prefix: `staff_login` beside the
/// graduates' `login`), and OpenAPI links from the answers that name a resource to the
/// operations on it, so that clients and stateful tests (schemathesis) can follow them.
struct Links;

impl Links {
    /// (method, path, status of the answer, link name, target operation, its parameters).
    const LINKS: &'static [(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    )] = &[
        (
            "post",
            "/api/v1/registrations/{token}/documents",
            "201",
            "GetDocument",
            "document",
            &[("token", "$request.path.token"), ("id", "$response.body#/id")],
        ),
        (
            "post",
            "/api/v1/resubmissions/{token}/documents",
            "201",
            "GetDocument",
            "resubmission_document",
            &[("token", "$request.path.token"), ("id", "$response.body#/id")],
        ),
        (
            "get",
            "/api/v1/staff/applications",
            "200",
            "GetApplication",
            "staff_application",
            &[("id", "$response.body#/items/0/id")],
        ),
        ("get", "/api/v1/staff/applications", "200", "Decide", "staff_decide", &[("id", "$response.body#/items/0/id")]),
        ("get", "/api/v1/staff/applications/{id}", "200", "Decide", "staff_decide", &[("id", "$request.path.id")]),
        (
            "get",
            "/api/v1/staff/applications/{id}",
            "200",
            "GetDocument",
            "staff_document",
            &[("id", "$response.body#/documents/0/id")],
        ),
        ("post", "/api/v1/staff/users", "201", "ChangeUser", "staff_change_user", &[("id", "$response.body#/id")]),
        (
            "post",
            "/api/v1/staff/users",
            "201",
            "ResetPassword",
            "staff_reset_password",
            &[("id", "$response.body#/id")],
        ),
        (
            "get",
            "/api/v1/staff/accounts",
            "200",
            "ReissueInitialPassword",
            "staff_reissue_initial_password",
            &[("id", "$response.body#/items/0/id")],
        ),
        (
            "get",
            "/api/v1/staff/accounts",
            "200",
            "LiftLoginLock",
            "staff_lift_login_lock",
            &[("id", "$response.body#/items/0/id")],
        ),
    ];
}

impl Links {
    /// Applied to the document's JSON, as the shared responses are (utoipa before 6 wrote a
    /// link's `operationId` as `operation_id`, which no OpenAPI reader knows).
    fn add(document: &mut serde_json::Value) {
        if let Some(paths) = document["paths"].as_object_mut() {
            for (_, item) in paths.iter_mut().filter(|(path, _)| path.starts_with("/api/v1/staff/")) {
                for operation in item.as_object_mut().into_iter().flat_map(|item| item.values_mut()) {
                    if let Some(id) = operation.get("operationId").and_then(|id| id.as_str()) {
                        if !id.starts_with("staff_") {
                            operation["operationId"] = format!("staff_{id}").into();
                        }
                    }
                }
            }
        }
        for (method, path, status, name, target, parameters) in Self::LINKS {
            let response = &mut document["paths"][*path][*method]["responses"][*status];
            assert!(response.is_object(), "{method} {path} answers no {status} to link from");
            let parameters: serde_json::Map<String, serde_json::Value> =
                parameters.iter().map(|(k, v)| ((*k).to_owned(), (*v).into())).collect();
            response["links"][*name] = serde_json::json!({"operationId": target, "parameters": parameters});
        }
    }
}

/// The document as utoipa derives it from the handlers (paths and methods; what
/// [`spec_value`] serves adds the shared responses and the links).
pub fn spec() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document as served and committed: with the shared responses and the links.
pub fn spec_value() -> serde_json::Value {
    let mut document = serde_json::to_value(spec()).expect("the OpenAPI document serializes");
    ResponseSets::add(&mut document);
    Links::add(&mut document);
    document
}

/// The document as committed: pretty JSON with a final newline.
pub fn spec_json() -> String {
    let mut json = serde_json::to_string_pretty(&spec_value()).expect("the OpenAPI document serializes");
    json.push('\n');
    json
}
