//! A graduate's orders over HTTP (manual 2.3 steps 14–15, 2.5 (c)): what can be ordered,
//! placing an order, reading and cancelling one.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::messages::ErrorCode;
use cis_shared::ordering::{Channel, OrderOptions};
use cis_shared::orders::{NewOrder, Order};
use cis_shared::Problem;
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::GraduateAuth;
use super::body::JsonObject;
use super::client_address;
use super::documented_routes;
use super::graduate::no_store;
use super::problem::ApiError;
use crate::domain::catalog::Catalogue;
use crate::domain::ordering;
use crate::domain::orders::{self, OrderError};
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    // `options` before `order`: the fixed path wins over `{order_number}`.
    documented_routes!("/api/v1"; options, place_order, orders_list, order, cancel_order)
        .register(cfg, |_, resource| resource);
}

impl From<OrderError> for ApiError {
    fn from(err: OrderError) -> Self {
        match err {
            OrderError::NotFound => ApiError::NotFound,
            OrderError::Invalid(violations) => ApiError::Validation(violations),
            OrderError::KeyReused => {
                ApiError::Refused { status: StatusCode::UNPROCESSABLE_ENTITY, code: ErrorCode::IdempotencyKeyReused }
            }
            OrderError::NotCancellable => {
                ApiError::Refused { status: StatusCode::CONFLICT, code: ErrorCode::OrderNotCancellable }
            }
            OrderError::NotAwaitingPayment => {
                ApiError::Refused { status: StatusCode::CONFLICT, code: ErrorCode::OrderNotAwaitingPayment }
            }
            OrderError::StateConflict => {
                ApiError::Refused { status: StatusCode::CONFLICT, code: ErrorCode::OrderStateConflict }
            }
            OrderError::PaymentUnavailable(e) => {
                tracing::warn!(error = %e, "card payment provider unavailable");
                ApiError::Refused {
                    status: StatusCode::SERVICE_UNAVAILABLE,
                    code: ErrorCode::PaymentProviderUnavailable,
                }
            }
            OrderError::BadSignature => {
                ApiError::Refused { status: StatusCode::BAD_REQUEST, code: ErrorCode::WebhookSignatureInvalid }
            }
            OrderError::Database(e) => ApiError::Internal(e.into()),
            OrderError::Internal(e) => ApiError::Internal(e),
        }
    }
}

/// The `Idempotency-Key` header: 8 to 64 letters, digits, `-` or `_` (a UUID fits).
pub(super) fn idempotency_key(req: &HttpRequest) -> Result<String, ApiError> {
    let key = req.headers().get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("");
    let fits =
        (8..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if fits {
        Ok(key.to_owned())
    } else {
        Err(ApiError::Refused { status: StatusCode::BAD_REQUEST, code: ErrorCode::IdempotencyKeyMissing })
    }
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
    let card_offered = state.payments.card_offered();
    let options =
        ordering::options(&catalogue, &graduate.0.enrollments, query.channel, query.enrollment_id, card_offered)
            .ok_or(ApiError::NotFound)?;
    Ok(no_store(HttpResponse::Ok()).json(options))
}

/// Places an order (manual 2.3 step 15, then the confirmation): the items of one student
/// record for one channel, checked against `GET /api/v1/orders/options` and priced on the
/// server from the catalogue as it is now (a later change of the catalogue changes no
/// order). A convenience-store order paid at the store is `ready_to_print` at once, with its
/// reservation number and print deadline; the others are `awaiting_payment`. A card order
/// (offered only where the server has Stripe's keys) carries `payment.checkout_url`, Stripe
/// Checkout's page where the graduate pays; once Stripe reports the payment a store order
/// gets its reservation number and a post order goes into preparation. When Stripe cannot
/// make the page the order is kept and the answer is 503 `payment_provider_unavailable`:
/// the same request again (same key and body) makes it. A mail says what was ordered and
/// what comes next. The same `Idempotency-Key` and body answer the order placed with it
/// (200); the same key with another body, 422 `idempotency_key_reused`.
#[utoipa::path(
    post, path = "/api/v1/orders", tag = "orders",
    params(("Idempotency-Key" = String, Header, description = "8 to 64 letters, digits, `-` or `_`, new for each order (a UUID)",
        min_length = 8, max_length = 64, pattern = "^[A-Za-z0-9_-]{8,64}$")),
    request_body = NewOrder,
    security(("graduate_token" = [])),
    responses(
        (status = 201, description = "Placed", body = Order),
        (status = 200, description = "Placed before with this key and body: the same order", body = Order),
        (status = 422, description = "An item, the payment method or the delivery breaks a rule, each at its field (`unknown_choice`, `not_orderable`, `out_of_range`, `duplicate`, `required`, the address rules), or the key was used with another body (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:validation_failed", "title": "The input has errors. Check each field.", "status": 422, "code": "validation_failed",
                "errors": [{"field": "/items/0/copies", "code": "out_of_range", "message": "This number is outside the allowed range."}]})),
        (status = 401, description = "No live session (`unauthorized`, `session_expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "A card order is kept, but Stripe did not make its payment page; send the same request again (`payment_provider_unavailable`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn place_order(
    state: web::Data<AppState>,
    graduate: GraduateAuth,
    req: HttpRequest,
    body: JsonObject<NewOrder>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency_key(&req)?;
    let catalogue = state.catalogue.current(&state.db).await?;
    let placed = orders::place(
        (state.scope(), state.mailer()),
        &catalogue,
        &graduate.0,
        &key,
        body.into_inner(),
        &state.payments,
    )
    .await?;
    let status = if placed.created { StatusCode::CREATED } else { StatusCode::OK };
    Ok(no_store(HttpResponse::build(status)).json(instructed(&catalogue, placed.order)))
}

/// The graduate's orders, newest first: the top page lists the current ones under "Current
/// application list" and the finished ones under "Application list".
#[utoipa::path(
    get, path = "/api/v1/orders", tag = "orders",
    security(("graduate_token" = [])),
    responses(
        (status = 200, description = "The orders, newest first", body = Vec<Order>),
        (status = 401, description = "No live session (`unauthorized`, `session_expired`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn orders_list(state: web::Data<AppState>, graduate: GraduateAuth) -> Result<HttpResponse, ApiError> {
    let catalogue = state.catalogue.current(&state.db).await?;
    let list = orders::list(state.scope(), &graduate.0).await?;
    Ok(no_store(HttpResponse::Ok()).json(list.into_iter().map(|o| instructed(&catalogue, o)).collect::<Vec<_>>()))
}

/// One of the graduate's orders. Another graduate's order answers 404, the same as one that
/// does not exist.
#[utoipa::path(
    get, path = "/api/v1/orders/{order_number}", tag = "orders",
    params(("order_number" = String, Path, description = "`YYMM-NNNN-NNNN`")),
    security(("graduate_token" = [])),
    responses(
        (status = 200, description = "The order", body = Order),
        (status = 404, description = "Not one of the graduate's orders (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No live session (`unauthorized`, `session_expired`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn order(
    state: web::Data<AppState>,
    graduate: GraduateAuth,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let catalogue = state.catalogue.current(&state.db).await?;
    Ok(no_store(HttpResponse::Ok())
        .json(instructed(&catalogue, orders::get(state.scope(), &graduate.0, &number).await?)))
}

/// Cancels one of the graduate's orders while it is neither paid nor printed
/// (`awaiting_payment`, `ready_to_print`): its reservation number stops working and a mail
/// says so. Recorded in the audit log (`order.cancelled`).
#[utoipa::path(
    post, path = "/api/v1/orders/{order_number}/cancel", tag = "orders",
    params(("order_number" = String, Path, description = "`YYMM-NNNN-NNNN`")),
    security(("graduate_token" = [])),
    responses(
        (status = 200, description = "Cancelled", body = Order),
        (status = 404, description = "Not one of the graduate's orders (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Paid, printed, sent or cancelled already (`order_not_cancellable`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No live session (`unauthorized`, `session_expired`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn cancel_order(
    state: web::Data<AppState>,
    graduate: GraduateAuth,
    req: HttpRequest,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    let order =
        orders::cancel((state.scope(), state.mailer()), &graduate.0, (&number, &client), &state.payments).await?;
    Ok(no_store(HttpResponse::Ok()).json(order))
}

/// The order with the university's transfer instructions while it waits for a money order
/// or transfer.
fn instructed(catalogue: &Catalogue, mut order: Order) -> Order {
    if order.waits_for_transfer() {
        order.transfer_instructions = catalogue.order_settings.transfer_instructions.clone();
    }
    order
}
