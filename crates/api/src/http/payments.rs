//! Stripe's webhook over HTTP (issue 10): the raw body and its `Stripe-Signature`, handed to
//! the card payment use case. Anyone may call it; only Stripe can sign.

use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::Problem;
use serde::Serialize;
use utoipa::ToSchema;

use super::documented_routes;
use super::problem::ApiError;
use crate::domain::card::{self, Received};
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; stripe_webhook).register(cfg, |_, resource| resource);
}

/// What the webhook did with a delivery.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"received": true, "outcome": "paid"}))]
pub struct WebhookReceipt {
    pub received: bool,
    /// `paid` (the order is paid now), `already_paid` (a repeated or concurrent delivery),
    /// or `ignored` (another event, or a session of no order here).
    pub outcome: &'static str,
}

/// An event as Stripe sends it (only `checkout.session.completed` is acted on).
#[derive(ToSchema)]
#[schema(example = json!({"id": "evt_1Q2w3E", "object": "event", "type": "checkout.session.completed",
    "data": {"object": {"id": "cs_test_a1b2c3", "object": "checkout.session", "client_reference_id": "2611-5307-1142",
        "payment_status": "paid", "amount_total": 600, "currency": "jpy", "payment_intent": "pi_3Q2w3E"}}}))]
pub struct StripeEvent {
    #[allow(dead_code)]
    id: String,
    #[allow(dead_code)]
    #[schema(rename = "type")]
    kind: String,
    #[allow(dead_code)]
    data: serde_json::Value,
}

/// Stripe's webhook, to be registered at Stripe for the event `checkout.session.completed`.
/// The body is checked against `Stripe-Signature` (HMAC-SHA256 with
/// `CIS_STRIPE_WEBHOOK_SECRET`, a timestamp at most five minutes away); a bad signature or
/// an old delivery is refused with 400 `webhook_signature_invalid` and changes nothing, as
/// does every delivery where card payment is not configured. A paid session pays its order
/// once (a store order gets its reservation number, a post order goes into preparation, the
/// graduate is mailed), however often Stripe delivers it; other events are answered 200 and
/// ignored (Stripe retries any other status).
#[utoipa::path(
    post, path = "/api/v1/payments/stripe/webhook", tag = "payments",
    params(("Stripe-Signature" = String, Header, description = "`t=<unix time>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">`, as Stripe signs")),
    request_body(content = StripeEvent, content_type = "application/json", description = "The event, exactly as Stripe sent it"),
    responses(
        (status = 200, description = "Received (acted on, already acted on, or ignored)", body = WebhookReceipt),
        (status = 400, description = "The signature does not check out, or is more than five minutes old (`webhook_signature_invalid`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn stripe_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let signature = req.headers().get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
    let catalogue = state.catalogue.current(&state.db).await?;
    let deadline_days = catalogue.order_settings.print_deadline_days;
    let received =
        card::receive((state.scope(), state.mailer()), state.payments.card(), deadline_days, (signature, &body))
            .await?;
    let outcome = match received {
        Received::Paid => {
            // A digital order goes out now rather than at the worker's next round.
            state.deliveries.notify_one();
            "paid"
        }
        Received::AlreadyPaid => "already_paid",
        Received::Ignored => "ignored",
    };
    Ok(HttpResponse::Ok().json(WebhookReceipt { received: true, outcome }))
}
