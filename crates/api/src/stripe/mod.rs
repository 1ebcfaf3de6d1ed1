//! Stripe, as card payment uses it (issue 10): a Checkout Session for an order, expiring one
//! the graduate gave up, refunding a payment, and checking the signature of a webhook
//! (<https://docs.stripe.com/webhooks#verify-manually>). Requests are form-encoded, carry
//! the secret key as a bearer token and an `Idempotency-Key`, and end within a time limit.
//! The base URL is a setting, so the tests speak to a local server instead.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use cis_shared::Locale;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::config::StripeSettings;

mod webhook;

use webhook::verify_signature;
pub use webhook::{read_webhook, BadSignature, CompletedSession, Webhook, SIGNATURE_TOLERANCE};

/// How long a call to Stripe may take, connecting included.
const CALL_LIMIT: Duration = Duration::from_secs(20);
const CONNECT_LIMIT: Duration = Duration::from_secs(5);

/// Stripe's API with the account's keys.
pub struct Stripe {
    http: reqwest::Client,
    base: String,
    secret_key: SecretString,
    webhook_secret: SecretString,
}

/// Why a call to Stripe did not do what it was for.
#[derive(Debug, thiserror::Error)]
pub enum StripeError {
    #[error("Stripe could not be reached: {0}")]
    Unreachable(#[from] reqwest::Error),
    #[error("Stripe refused the request ({status}): {message}")]
    Refused { status: u16, message: String },
}

/// One line of what the graduate pays for: yen are whole units for Stripe (JPY has no
/// decimals), so the amounts go as they are.
pub struct LineItem {
    pub name: String,
    pub unit_amount_yen: u32,
    pub quantity: u32,
}

/// A Checkout Session for one order.
pub struct CheckoutRequest {
    pub order_number: String,
    pub lines: Vec<LineItem>,
    pub customer_email: String,
    pub locale: Locale,
    /// Where Stripe sends the graduate back after paying, and after giving up.
    pub success_url: String,
    pub cancel_url: String,
    /// The same key answers the session created with it (Stripe keeps keys 24 hours).
    pub idempotency_key: String,
}

/// A Checkout Session as Stripe answers it.
#[derive(Debug, Deserialize)]
pub struct CheckoutSession {
    pub id: String,
    /// The page the graduate pays on.
    pub url: Option<String>,
}

/// A refund as Stripe answers it.
#[derive(Debug, Deserialize)]
pub struct Refund {
    pub id: String,
    /// `pending` or `succeeded` for a card; `failed` or `canceled` later, by webhook.
    pub status: String,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    message: Option<String>,
}

/// Makes ring the process's TLS provider. reqwest is built with rustls but without a
/// provider of its own (its default, aws-lc, needs a C toolchain), and every client in the
/// process takes this one, those of the tests included; called first at start-up. A second
/// call changes nothing.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Stripe {
    /// A client for the account in `settings`: TLS through rustls with the ring provider and
    /// the Mozilla roots (as the SMTP transport), no redirects, time limits on every call.
    pub fn new(settings: &StripeSettings) -> anyhow::Result<Stripe> {
        let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(CONNECT_LIMIT)
            .timeout(CALL_LIMIT)
            .build()?;
        Ok(Stripe {
            http,
            base: settings.api_base.clone(),
            secret_key: settings.secret_key.clone(),
            webhook_secret: settings.webhook_secret.clone(),
        })
    }

    /// `POST /v1/checkout/sessions`: a one-off payment in yen of the order's lines, the
    /// order number as the client reference and in the metadata.
    pub async fn create_checkout_session(&self, request: &CheckoutRequest) -> Result<CheckoutSession, StripeError> {
        let mut form: Vec<(String, String)> = vec![
            ("mode".into(), "payment".into()),
            ("client_reference_id".into(), request.order_number.clone()),
            ("metadata[order_number]".into(), request.order_number.clone()),
            ("payment_intent_data[metadata][order_number]".into(), request.order_number.clone()),
            ("success_url".into(), request.success_url.clone()),
            ("cancel_url".into(), request.cancel_url.clone()),
            ("customer_email".into(), request.customer_email.clone()),
            ("locale".into(), request.locale.tag().into()),
        ];
        for (i, line) in request.lines.iter().enumerate() {
            let field = |name: &str| format!("line_items[{i}]{name}");
            form.push((field("[price_data][currency]"), "jpy".into()));
            form.push((field("[price_data][unit_amount]"), line.unit_amount_yen.to_string()));
            form.push((field("[price_data][product_data][name]"), line.name.clone()));
            form.push((field("[quantity]"), line.quantity.to_string()));
        }
        self.post("/v1/checkout/sessions", &request.idempotency_key, &form).await
    }

    /// `POST /v1/checkout/sessions/{id}/expire`: the session can no longer be paid.
    pub async fn expire_checkout_session(&self, id: &str) -> Result<(), StripeError> {
        let path = format!("/v1/checkout/sessions/{id}/expire");
        let _: serde_json::Value = self.post(&path, &format!("expire-{id}"), &[]).await?;
        Ok(())
    }

    /// `POST /v1/refunds`: the whole payment of the intent back to the card.
    pub async fn refund(&self, payment_intent: &str, idempotency_key: &str) -> Result<Refund, StripeError> {
        let form = [("payment_intent".to_owned(), payment_intent.to_owned())];
        self.post("/v1/refunds", idempotency_key, &form).await
    }

    async fn post<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        idempotency_key: &str,
        form: &[(String, String)],
    ) -> Result<T, StripeError> {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(self.secret_key.expose_secret())
            .header("Idempotency-Key", idempotency_key)
            .form(form)
            .send()
            .await?;
        let status = response.status();
        if status.is_success() {
            return Ok(response.json().await?);
        }
        let message = match response.json::<ErrorBody>().await {
            Ok(body) => body.error.message.unwrap_or_default(),
            Err(_) => String::new(),
        };
        Err(StripeError::Refused { status: status.as_u16(), message })
    }

    /// Whether `header` (`t=…,v1=…[,v1=…]`) signs `payload` with the webhook secret: an
    /// HMAC-SHA256 of `"{t}.{payload}"`, compared in constant time, with `t` within
    /// [`SIGNATURE_TOLERANCE`] of `now`.
    pub fn verify(&self, header: &str, payload: &[u8], now: DateTime<Utc>) -> Result<(), BadSignature> {
        verify_signature(self.webhook_secret.expose_secret().as_bytes(), header, payload, now)
    }

    /// A webhook delivery read: the signature checked, then the event.
    pub fn read_webhook(&self, header: &str, payload: &[u8], now: DateTime<Utc>) -> Result<Webhook, BadSignature> {
        read_webhook(self.webhook_secret.expose_secret().as_bytes(), header, payload, now)
    }
}
