//! Stripe's webhook: the `Stripe-Signature` header and the body. The input's first line is
//! the header, the rest the body; half the time the body is signed correctly, so the event
//! parser is reached. Never a panic; an unsigned body is never read.
#![no_main]

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use libfuzzer_sys::fuzz_target;
use sha2::Sha256;
use webhook::{read_webhook, Webhook};

#[path = "../../../crates/api/src/stripe/webhook.rs"]
#[allow(dead_code)]
mod webhook;

const SECRET: &[u8] = b"whsec_fuzzing_secret";

fuzz_target!(|data: &[u8]| {
    let Some((&sign, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let (header, body) = text.split_once('\n').unwrap_or((&text, ""));
    let now = DateTime::<Utc>::from_timestamp(1_790_000_000, 0).unwrap();
    let header = if sign % 2 == 0 {
        let mut mac = Hmac::<Sha256>::new_from_slice(SECRET).unwrap();
        mac.update(format!("{}.", now.timestamp()).as_bytes());
        mac.update(body.as_bytes());
        format!("t={},v1={}", now.timestamp(), hex::encode(mac.finalize().into_bytes()))
    } else {
        header.to_owned()
    };
    let read = read_webhook(SECRET, &header, body.as_bytes(), now);
    // A body signed with another secret, or not signed, is never read.
    if sign % 2 == 1 && !header.contains("v1=") {
        assert!(read.is_err());
    }
    if let Ok(Webhook::Completed { session, .. }) = read {
        let _ = (session.amount_total, session.payment_status.len());
    }
});
