//! A stand-in for Stripe on loopback: it speaks the few endpoints card payment uses
//! (`POST /v1/checkout/sessions`, `…/{id}/expire`, `POST /v1/refunds`) as Stripe does —
//! form-encoded requests with the secret key as a bearer token, idempotency keys that answer
//! the first result again, Stripe-like JSON — records every request, and delivers
//! `checkout.session.completed` events to the service's webhook signed as Stripe signs them,
//! also from a hosted payment page a browser can open.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The keys the service is given (`CIS_STRIPE_SECRET_KEY`, `CIS_STRIPE_WEBHOOK_SECRET`).
pub const SECRET_KEY: &str = "sk_test_cis_double_0001";
pub const WEBHOOK_SECRET: &str = "whsec_cis_double_0001";

/// A request as the double received it.
#[derive(Debug, Clone)]
pub struct StripeRequest {
    pub method: String,
    pub path: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    pub form: Vec<(String, String)>,
}

impl StripeRequest {
    /// The value of a form field, such as `line_items[0][price_data][unit_amount]`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Inner {
    requests: Vec<StripeRequest>,
    /// Answers by idempotency key.
    answered: HashMap<String, (u16, Value)>,
    /// Sessions made, by id.
    sessions: HashMap<String, Value>,
    failures: usize,
    next: usize,
    /// Where the hosted page delivers `checkout.session.completed` once "paid".
    webhook: Option<String>,
}

/// The double, listening until the test ends.
#[derive(Clone)]
pub struct StripeDouble {
    port: u16,
    inner: Arc<Mutex<Inner>>,
}

impl StripeDouble {
    pub async fn start() -> StripeDouble {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let port = listener.local_addr().unwrap().port();
        let double = StripeDouble { port, inner: Arc::default() };
        let serving = double.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let double = serving.clone();
                tokio::spawn(async move { double.serve(stream).await });
            }
        });
        double
    }

    /// The settings that point the service at this double.
    pub fn vars(&self) -> Vec<(&'static str, String)> {
        vec![
            ("CIS_STRIPE_SECRET_KEY", SECRET_KEY.into()),
            ("CIS_STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET.into()),
            ("CIS_STRIPE_API_BASE", format!("http://127.0.0.1:{}", self.port)),
        ]
    }

    /// Every request so far, oldest first.
    pub fn requests(&self) -> Vec<StripeRequest> {
        self.inner.lock().unwrap().requests.clone()
    }

    /// The requests to one path.
    pub fn requests_to(&self, path: &str) -> Vec<StripeRequest> {
        self.requests().into_iter().filter(|r| r.path == path).collect()
    }

    /// Makes the hosted payment page (the session's `url`) pay at once: opened in a browser,
    /// it delivers the signed `checkout.session.completed` to `webhook_url` and redirects to
    /// the session's `success_url`, as Stripe Checkout does after a card payment.
    pub fn pay_into(&self, webhook_url: String) {
        self.inner.lock().unwrap().webhook = Some(webhook_url);
    }

    /// The next `n` requests are answered 500, as Stripe does when it has trouble.
    pub fn fail_next(&self, n: usize) {
        self.inner.lock().unwrap().failures = n;
    }

    /// The `checkout.session.completed` event of a session made here, paid, as Stripe sends
    /// it (the total is what the service's line items add up to).
    pub fn completed_event(&self, event_id: &str, session_id: &str) -> String {
        let session = self.inner.lock().unwrap().sessions.get(session_id).cloned().expect("a session made here");
        let mut object = session;
        object["payment_status"] = json!("paid");
        object["status"] = json!("complete");
        json!({"id": event_id, "object": "event", "type": "checkout.session.completed", "api_version": "2024-06-20",
            "created": 1_700_000_000, "livemode": false, "data": {"object": object}})
        .to_string()
    }

    /// `Stripe-Signature` for `payload` signed at `timestamp` (Unix seconds).
    pub fn signature(payload: &str, timestamp: i64, secret: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{timestamp}.{payload}").as_bytes());
        format!("t={timestamp},v1={}", hex::encode(mac.finalize().into_bytes()))
    }

    /// Delivers `payload` to the webhook at `url` with `signature`, as Stripe posts it.
    pub async fn deliver(client: &reqwest::Client, url: &str, payload: &str, signature: &str) -> reqwest::Response {
        client
            .post(url)
            .header("content-type", "application/json; charset=utf-8")
            .header("user-agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
            .header("stripe-signature", signature)
            .body(payload.to_owned())
            .send()
            .await
            .expect("webhook delivered")
    }

    async fn serve(&self, mut stream: TcpStream) {
        let Some(request) = read_request(&mut stream).await else { return };
        if request.method == "GET" && request.path.starts_with("/c/pay/") {
            return self.hosted_page(stream, request.path.trim_start_matches("/c/pay/")).await;
        }
        let (status, body) = self.answer(request);
        let reason = if status == 200 { "OK" } else { "Error" };
        let text = body.to_string();
        let response = format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             connection: close\r\n\r\n{text}",
            text.len()
        );
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
    }

    /// The hosted payment page: the card is "paid" at once, the event delivered, and the
    /// browser sent back to the service.
    async fn hosted_page(&self, mut stream: TcpStream, session_id: &str) {
        let (webhook, success) = {
            let inner = self.inner.lock().unwrap();
            let success = inner.sessions.get(session_id).and_then(|s| s["success_url"].as_str().map(str::to_owned));
            (inner.webhook.clone(), success)
        };
        let (Some(webhook), Some(success)) = (webhook, success) else {
            let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
            return;
        };
        let payload = self.completed_event(&format!("evt_page_{session_id}"), session_id);
        let signature = StripeDouble::signature(&payload, chrono::Utc::now().timestamp(), WEBHOOK_SECRET);
        let delivered = StripeDouble::deliver(&reqwest::Client::new(), &webhook, &payload, &signature).await;
        assert!(delivered.status().is_success(), "the webhook took the payment");
        let response =
            format!("HTTP/1.1 303 See Other\r\nlocation: {success}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
    }

    fn answer(&self, request: StripeRequest) -> (u16, Value) {
        let mut inner = self.inner.lock().unwrap();
        inner.requests.push(request.clone());
        if request.headers.get("authorization").map(String::as_str) != Some(&format!("Bearer {SECRET_KEY}")) {
            return (401, json!({"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}}));
        }
        if inner.failures > 0 {
            inner.failures -= 1;
            return (500, json!({"error": {"type": "api_error", "message": "Something went wrong on Stripe's end."}}));
        }
        let key = request.headers.get("idempotency-key").cloned().unwrap_or_default();
        if let Some(answer) = inner.answered.get(&key).filter(|_| !key.is_empty()) {
            return answer.clone();
        }
        inner.next += 1;
        let n = inner.next;
        let answer = match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/v1/checkout/sessions") => {
                let session = session(&request, n, self.port);
                inner.sessions.insert(session["id"].as_str().unwrap().to_owned(), session.clone());
                (200, session)
            }
            ("POST", "/v1/refunds") => (
                200,
                json!({"id": format!("re_test_{n:04}"), "object": "refund", "status": "succeeded",
                    "payment_intent": request.field("payment_intent")}),
            ),
            ("POST", path) if path.starts_with("/v1/checkout/sessions/") && path.ends_with("/expire") => {
                let id = path.trim_start_matches("/v1/checkout/sessions/").trim_end_matches("/expire");
                (200, json!({"id": id, "object": "checkout.session", "status": "expired"}))
            }
            _ => (404, json!({"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}})),
        };
        inner.answered.insert(key, answer.clone());
        answer
    }
}

/// A Checkout Session from its form: the total is what the line items add up to.
fn session(request: &StripeRequest, n: usize, port: u16) -> Value {
    let mut total = 0i64;
    for i in 0.. {
        let Some(amount) = request.field(&format!("line_items[{i}][price_data][unit_amount]")) else { break };
        let quantity = request.field(&format!("line_items[{i}][quantity]")).unwrap_or("1");
        total += amount.parse::<i64>().unwrap() * quantity.parse::<i64>().unwrap();
    }
    let id = format!("cs_test_{n:04}");
    json!({
        "id": id, "object": "checkout.session", "mode": request.field("mode"),
        "url": format!("http://127.0.0.1:{port}/c/pay/{id}"),
        "success_url": request.field("success_url"), "cancel_url": request.field("cancel_url"),
        "client_reference_id": request.field("client_reference_id"),
        "metadata": {"order_number": request.field("metadata[order_number]")},
        "amount_total": total, "currency": request.field("line_items[0][price_data][currency]"),
        "customer_email": request.field("customer_email"),
        "payment_intent": format!("pi_test_{n:04}"), "payment_status": "unpaid", "status": "open"
    })
}

/// One HTTP/1.1 request with a `content-length` body.
async fn read_request(stream: &mut TcpStream) -> Option<StripeRequest> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let read = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, path) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        body.extend_from_slice(&chunk[..read]);
    }
    let form = url::form_urlencoded::parse(&body).into_owned().collect();
    Some(StripeRequest { method, path, headers, form })
}
