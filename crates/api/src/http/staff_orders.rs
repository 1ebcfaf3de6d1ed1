//! Orders for the university's staff over HTTP (issue 10): the list and fulfilment queue, an
//! order with its graduate, payments and history, recording a payment received offline, and
//! fulfilment: hold, release, cancel, printed, shipped.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::fulfilment::{Shipment, StaffReason};
use cis_shared::orders::{OrderState, PaymentRecord, StaffOrderDetail, StaffOrderPage, WaitingFor};
use cis_shared::Problem;
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::StaffAuth;
use super::body::JsonObject;
use super::graduate::no_store;
use super::orders::idempotency_key;
use super::problem::ApiError;
use super::{client_address, documented_routes, page_bounds};
use crate::domain::fulfilment::{self, Action};
use crate::domain::staff_orders::{self, Filter};
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; staff_orders, staff_order, record_payment, hold_order, release_order, cancel_order, order_printed, order_shipped).register(cfg, |_, resource| resource);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderQuery {
    /// Only orders in this state (`in_preparation`: the fulfilment queue, oldest paid first).
    state: Option<OrderState>,
    /// Part of the order number, the reservation number, the graduate's name (kanji or
    /// katakana) or mail address.
    q: Option<String>,
    /// `document`: only orders with a line staff prepare whose document is not attached yet,
    /// neither finished nor shipped, oldest first (the queue of documents to prepare).
    waiting_for: Option<WaitingFor>,
    /// 1 to 100000 (default 1).
    #[param(minimum = 1, maximum = 100000)]
    page: Option<u64>,
    /// 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<u64>,
}

/// Orders: in preparation oldest paid first (the fulfilment queue), waiting for a document
/// staff prepare oldest first (`waiting_for=document`), otherwise newest first.
#[utoipa::path(
    get, path = "/api/v1/staff/orders", tag = "staff",
    params(OrderQuery),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "A page of orders", body = StaffOrderPage),
    )
)]
pub async fn staff_orders(
    state: web::Data<AppState>,
    _staff: StaffAuth,
    query: web::Query<OrderQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let (page, per_page) = page_bounds(query.page, query.per_page, 20)?;
    let filter = Filter { state: query.state, search: query.q, waiting_for: query.waiting_for, page, per_page };
    Ok(no_store(HttpResponse::Ok()).json(staff_orders::list(state.scope(), filter).await?))
}

/// An order with its lines, fees, delivery, graduate and payments, and the documents staff
/// prepare for it (`prepared_documents`).
#[utoipa::path(
    get, path = "/api/v1/staff/orders/{order_number}", tag = "staff",
    params(("order_number" = String, Path, description = "`YYMM-NNNN-NNNN`")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The order", body = StaffOrderDetail),
        (status = 404, description = "No such order (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn staff_order(
    state: web::Data<AppState>,
    _staff: StaffAuth,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(no_store(HttpResponse::Ok()).json(staff_orders::detail(state.scope(), &number).await?))
}

/// Records the payment of an order paid by postal money order or bank transfer
/// (`staff_confirmed`): the amount must be the order's total. A post order moves to
/// `in_preparation` (the fulfilment queue) and the graduate is mailed. One payment an
/// order: of two recorded at once, one counts (the other: 409). The same `Idempotency-Key`
/// and body answer the payment recorded with it (200); another body, 422
/// `idempotency_key_reused`. Recorded in the audit log (`order.payment_recorded`).
#[utoipa::path(
    post, path = "/api/v1/staff/orders/{order_number}/payments", tag = "staff",
    params(
        ("order_number" = String, Path, description = "`YYMM-NNNN-NNNN`"),
        ("Idempotency-Key" = String, Header, description = "8 to 64 letters, digits, `-` or `_`, new for each payment (a UUID)",
            min_length = 8, max_length = 64, pattern = "^[A-Za-z0-9_-]{8,64}$"),
    ),
    request_body = PaymentRecord,
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Recorded", body = StaffOrderDetail),
        (status = 200, description = "Recorded before with this key and body", body = StaffOrderDetail),
        (status = 404, description = "No such order (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order does not wait for this payment: paid already, cancelled (`order_not_awaiting_payment`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not the order's total (`/amount_yen` `amount_mismatch`), not its payment method (`/method` `unknown_choice`), a note with control characters, or the key used with another body (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:validation_failed", "title": "The input has errors. Check each field.", "status": 422, "code": "validation_failed",
                "errors": [{"field": "/amount_yen", "code": "amount_mismatch", "message": "The amount does not match the order's total."}]})),
    )
)]
pub async fn record_payment(
    state: web::Data<AppState>,
    staff: StaffAuth,
    req: HttpRequest,
    number: web::Path<String>,
    body: JsonObject<PaymentRecord>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency_key(&req)?;
    let client = client_address(&req, state.settings.trust_proxy);
    let recorded = staff_orders::record_payment(
        (state.scope(), state.mailer()),
        (staff.0.id, &client),
        &number,
        &key,
        body.into_inner(),
    )
    .await?;
    let status = if recorded.created { StatusCode::CREATED } else { StatusCode::OK };
    if recorded.created {
        // A digital order goes out now rather than at the worker's next round.
        state.deliveries.notify_one();
    }
    Ok(no_store(HttpResponse::build(status)).json(recorded.detail))
}

/// Does a fulfilment action as the staff member, answering the order as it is now.
async fn act(
    state: &AppState,
    staff: &StaffAuth,
    req: &HttpRequest,
    number: &str,
    action: Action,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(req, state.settings.trust_proxy);
    let detail = fulfilment::act(
        (state.scope(), state.mailer()),
        (staff.0.id, &client),
        (number, action),
        state.payments.card(),
    )
    .await?;
    Ok(no_store(HttpResponse::Ok()).json(detail))
}

/// Holds an order that is not yet printed or shipped (`awaiting_payment`, `ready_to_print`,
/// `in_preparation`) with a reason the graduate is mailed. A reservation number does not
/// print while held. Released with `.../release`; cancelled automatically after 30 days.
/// Audit event `order.held`.
#[utoipa::path(
    post, path = "/api/v1/staff/orders/{order_number}/hold", tag = "staff",
    params(("order_number" = String, Path, description = "`YYMM-NNNN-NNNN`")),
    request_body = StaffReason,
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Held", body = StaffOrderDetail),
        (status = 404, description = "No such order (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in a state that can be held: on hold already, shipped, finished (`order_state_conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or one over 200 characters (`/reason`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn hold_order(
    state: web::Data<AppState>,
    staff: StaffAuth,
    req: HttpRequest,
    number: web::Path<String>,
    body: JsonObject<StaffReason>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &staff, &req, &number, Action::Hold(body.into_inner())).await
}

/// Lifts the hold: the order returns to the state it was held in; a reservation's print
/// deadline moves on by the time it was held. The graduate is mailed. Audit event
/// `order.released`.
#[utoipa::path(
    post, path = "/api/v1/staff/orders/{order_number}/release", tag = "staff",
    params(("order_number" = String, Path, description = "`YYMM-NNNN-NNNN`")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Released", body = StaffOrderDetail),
        (status = 404, description = "No such order (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not on hold (`order_state_conflict`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn release_order(
    state: web::Data<AppState>,
    staff: StaffAuth,
    req: HttpRequest,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &staff, &req, &number, Action::Release).await
}

/// Cancels an order that is not shipped or finished, with a reason the graduate is mailed
/// (a paid order is refunded). Audit event `order.cancelled`.
#[utoipa::path(
    post, path = "/api/v1/staff/orders/{order_number}/cancel", tag = "staff",
    params(("order_number" = String, Path, description = "`YYMM-NNNN-NNNN`")),
    request_body = StaffReason,
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Cancelled", body = StaffOrderDetail),
        (status = 404, description = "No such order (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Shipped or finished already (`order_state_conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or one over 200 characters (`/reason`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn cancel_order(
    state: web::Data<AppState>,
    staff: StaffAuth,
    req: HttpRequest,
    number: web::Path<String>,
    body: JsonObject<StaffReason>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &staff, &req, &number, Action::Cancel(body.into_inner())).await
}

/// Marks a post order in preparation as printed; the graduate is mailed. Audit event
/// `order.printed`.
#[utoipa::path(
    post, path = "/api/v1/staff/orders/{order_number}/printed", tag = "staff",
    params(("order_number" = String, Path, description = "`YYMM-NNNN-NNNN`")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Printed", body = StaffOrderDetail),
        (status = 404, description = "No such order (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a post order in preparation, or printed already (`order_state_conflict`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn order_printed(
    state: web::Data<AppState>,
    staff: StaffAuth,
    req: HttpRequest,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &staff, &req, &number, Action::Printed).await
}

/// Hands a printed post order to its carrier: `shipped`, with the tracking number the
/// graduate is mailed. Audit event `order.shipped`.
#[utoipa::path(
    post, path = "/api/v1/staff/orders/{order_number}/shipment", tag = "staff",
    params(("order_number" = String, Path, description = "`YYMM-NNNN-NNNN`")),
    request_body = Shipment,
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Shipped", body = StaffOrderDetail),
        (status = 404, description = "No such order (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not printed yet, or shipped already (`order_state_conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A tracking number that is not 8 to 30 letters and digits (`/tracking_number` `tracking_number_invalid`)", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:cis:problem:validation_failed", "title": "The input has errors. Check each field.", "status": 422, "code": "validation_failed",
                "errors": [{"field": "/tracking_number", "code": "tracking_number_invalid", "message": "Enter the tracking number as 8 to 30 half-width letters and digits (hyphens may be left out)."}]})),
    )
)]
pub async fn order_shipped(
    state: web::Data<AppState>,
    staff: StaffAuth,
    req: HttpRequest,
    number: web::Path<String>,
    body: JsonObject<Shipment>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &staff, &req, &number, Action::Ship(body.into_inner())).await
}
