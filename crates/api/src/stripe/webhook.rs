//! Stripe's webhook deliveries (<https://docs.stripe.com/webhooks#verify-manually>): the
//! `Stripe-Signature` checked against the raw body, then the event read. Pure functions of
//! their input, so the fuzz targets (`tests/fuzz`) compile this file on its own.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// How old (or how far ahead) a webhook's signed timestamp may be, as Stripe's own
/// libraries allow: an older delivery may be a replay.
pub const SIGNATURE_TOLERANCE: chrono::Duration = chrono::Duration::seconds(300);
/// The webhook's `Stripe-Signature` does not prove it came from Stripe, or came too late.
#[derive(Debug, thiserror::Error)]
#[error("the webhook signature is not valid")]
pub struct BadSignature;

/// An event Stripe delivers to the webhook.
#[derive(Debug, Deserialize)]
struct Event {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: EventData,
}

#[derive(Debug, Deserialize)]
struct EventData {
    object: serde_json::Value,
}

/// The object of `checkout.session.completed`: the fields the service reads.
#[derive(Debug, Deserialize)]
pub struct CompletedSession {
    pub id: String,
    pub client_reference_id: Option<String>,
    /// `paid` once the money is taken (a card pays at once).
    pub payment_status: String,
    /// In the currency's smallest unit: yen for JPY.
    pub amount_total: Option<i64>,
    pub currency: Option<String>,
    pub payment_intent: Option<String>,
    #[serde(default)]
    pub metadata: HashMap<String, String>,
}

/// What a signed webhook delivery says.
#[derive(Debug)]
pub enum Webhook {
    /// `checkout.session.completed`, its session readable.
    Completed { event_id: String, session: CompletedSession },
    /// Another event; or, signed but not an event this service can read (logged).
    Ignored,
}

/// Checks `header` against `payload` with `secret`, then reads the event. Stripe retries
/// what is not answered 2xx, and a body it signed that cannot be read never will be: such
/// a delivery is ignored (and logged), never an error.
pub fn read_webhook(secret: &[u8], header: &str, payload: &[u8], now: DateTime<Utc>) -> Result<Webhook, BadSignature> {
    verify_signature(secret, header, payload, now)?;
    let event: Event = match serde_json::from_slice(payload) {
        Ok(event) => event,
        Err(error) => {
            tracing::error!(%error, "a signed webhook delivery that is not an event: ignored");
            return Ok(Webhook::Ignored);
        }
    };
    if event.kind != "checkout.session.completed" {
        return Ok(Webhook::Ignored);
    }
    match serde_json::from_value(event.data.object) {
        Ok(session) => Ok(Webhook::Completed { event_id: event.id, session }),
        Err(error) => {
            tracing::error!(event = %event.id, %error, "a completed Checkout Session that cannot be read: ignored");
            Ok(Webhook::Ignored)
        }
    }
}

pub(crate) fn verify_signature(
    secret: &[u8],
    header: &str,
    payload: &[u8],
    now: DateTime<Utc>,
) -> Result<(), BadSignature> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", v1)) => signatures.extend(hex::decode(v1).ok()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(BadSignature)?;
    let signed_at = DateTime::<Utc>::from_timestamp(timestamp, 0).ok_or(BadSignature)?;
    if (now - signed_at).abs() > SIGNATURE_TOLERANCE {
        return Err(BadSignature);
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| BadSignature)?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    match signatures.iter().any(|signature| mac.clone().verify_slice(signature).is_ok()) {
        true => Ok(()),
        false => Err(BadSignature),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"whsec_test_secret";

    fn sign(timestamp: i64, payload: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(SECRET).unwrap();
        mac.update(format!("{timestamp}.").as_bytes());
        mac.update(payload);
        hex::encode(mac.finalize().into_bytes())
    }

    #[test]
    fn a_signature_of_stripe_within_five_minutes_is_accepted() {
        let now = Utc::now();
        let t = now.timestamp() - 299;
        let body = br#"{"id":"evt_1"}"#;
        let header = format!("t={t},v1=00ff,v1={},v0=abc", sign(t, body));
        assert!(verify_signature(SECRET, &header, body, now).is_ok());
    }

    #[test]
    fn a_changed_body_an_old_timestamp_or_another_secret_is_refused() {
        let now = Utc::now();
        let t = now.timestamp();
        let body = br#"{"id":"evt_1"}"#;
        let good = format!("t={t},v1={}", sign(t, body));
        assert!(verify_signature(SECRET, &good, br#"{"id":"evt_2"}"#, now).is_err());
        assert!(verify_signature(b"whsec_other", &good, body, now).is_err());
        let old = now.timestamp() - 301;
        assert!(verify_signature(SECRET, &format!("t={old},v1={}", sign(old, body)), body, now).is_err());
        for header in ["", "t=abc", &format!("v1={}", sign(t, body)), &format!("t={t}")] {
            assert!(verify_signature(SECRET, header, body, now).is_err(), "{header}");
        }
    }
}
