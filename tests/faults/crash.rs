//! kill -9 under load: the real `cis` binary takes registrations, decisions, orders and
//! payment confirmations (each with its own key) from concurrent clients, is killed with
//! SIGKILL after a random delay, restarted, and so on; requests left without an answer are
//! sent again with the same key after the restart. Then a final read: every request
//! answered 2xx is there (lost = 0), nothing is there that no request asked for, and every
//! acknowledged change's mail reached the SMTP server at least once under one
//! `Message-ID` (duplicates counted). On SQLite and on PostgreSQL.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cis_tests::{application_form, images, Endpoint, SmtpSink};
use reqwest::Method;
use serde_json::{json, Value};

use crate::process::{random, server_binary_or_skip, Setup};
use crate::{budget, figure};

/// What was asked and what was acknowledged.
#[derive(Default)]
struct Ledger {
    registrations_sent: usize,
    registrations: Vec<String>,
    /// Applications waiting for a decision: (id, applicant's address).
    undecided: Vec<(i64, String)>,
    approvals: Vec<(i64, String)>,
    /// Order keys sent without an answer yet, and the graduate who sent each.
    orders_unanswered: Vec<(String, usize)>,
    orders_sent: usize,
    /// Order number → (key, total, graduate).
    orders: HashMap<String, (String, i64, usize)>,
    unpaid: Vec<String>,
    payments: Vec<String>,
    answered_in_flight: usize,
}

/// A graduate who may order: the session's token, the enrollment and the id of a
/// certificate type (by its code) orderable on `channel`.
pub struct Graduate {
    pub token: String,
    pub enrollment: i64,
    pub certificate: i64,
}

pub async fn graduate(server: &Endpoint, email: &str, channel: &str, code: &str) -> Graduate {
    let token = server.active_graduate(email).await.access_token;
    let me = server.json(Method::GET, &token, "/api/v1/me", None).await;
    let enrollment = me["enrollments"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/orders/options?channel={channel}&enrollment_id={enrollment}");
    let options = server.json(Method::GET, &token, &path, None).await;
    let types = options["types"].as_array().unwrap_or_else(|| panic!("{options}"));
    let found = types.iter().find(|t| t["code"] == code).unwrap_or_else(|| panic!("{options}"));
    Graduate { token, enrollment, certificate: found["certificate_type_id"].as_i64().unwrap() }
}

fn post_order(g: &Graduate) -> Value {
    json!({
        "channel": "post", "enrollment_id": g.enrollment, "payment_method": "staff_confirmed",
        "items": [{"certificate_type_id": g.certificate, "copies": 1}],
        "delivery": {"recipient": "電電 太郎", "country": "JP",
            "address": {"postal_code": "100-0001", "prefecture": "東京都", "city": "千代田区", "street": "千代田1-1", "apartment": null},
            "postage": "registered", "sealed_envelope": false}
    })
}

/// An application submitted and waiting for a decision.
async fn submitted(server: &Endpoint, staff: &str, email: &str) -> i64 {
    let token = server.registration_token(email).await;
    let front = {
        let response = server.upload_document(&token, images::jpeg(64, 48), "front.jpg", "image/jpeg").await;
        let body = response.json::<Value>().await.unwrap();
        body["id"].as_i64().unwrap_or_else(|| panic!("the upload answered {body}"))
    };
    let mut form = application_form(server.first_subject_id().await, front);
    form["enrollment"]["student_id"] = format!("{:07}", 1_000_000 + random(8_999_999)).into();
    let answer: Value = server.submit_application(&token, &form).await.json().await.unwrap();
    server.application_id(staff, answer["reception_number"].as_str().unwrap()).await
}

/// One round: the four kinds of request from concurrent clients, for a random while; the
/// clients stop sending then (their requests in flight end with the server or their answer).
async fn load(
    server: &Endpoint,
    staff: &str,
    graduates: &Arc<Vec<Graduate>>,
    ledger: &Arc<Mutex<Ledger>>,
    tag: &str,
) -> Vec<tokio::task::JoinHandle<()>> {
    let dead = Arc::new(AtomicBool::new(false));
    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let base = server.address.clone();
    let mut tasks = Vec::new();
    // Registrations.
    {
        let (ledger, dead, client, base, tag) =
            (ledger.clone(), dead.clone(), client.clone(), base.clone(), tag.to_owned());
        tasks.push(tokio::spawn(async move {
            while !dead.load(Ordering::SeqCst) {
                let email = {
                    let mut l = ledger.lock().unwrap();
                    l.registrations_sent += 1;
                    format!("crash-{tag}-{}@example.jp", l.registrations_sent)
                };
                let sent = client
                    .post(format!("{base}/api/v1/registrations"))
                    .json(&json!({"email": email, "locale": "en"}))
                    .send()
                    .await;
                // Paced: the mail they cause is what is measured, not the queue's length.
                tokio::time::sleep(Duration::from_millis(15)).await;
                match sent {
                    Ok(r) if r.status() == 202 => ledger.lock().unwrap().registrations.push(email),
                    Ok(r) => panic!("registration answered {}", r.status()),
                    Err(_) => break,
                }
            }
        }));
    }
    // Decisions.
    {
        let (ledger, dead, client, base, staff) =
            (ledger.clone(), dead.clone(), client.clone(), base.clone(), staff.to_owned());
        tasks.push(tokio::spawn(async move {
            while !dead.load(Ordering::SeqCst) {
                let Some((id, email)) = ledger.lock().unwrap().undecided.pop() else { break };
                let sent = client
                    .post(format!("{base}/api/v1/staff/applications/{id}/decision"))
                    .bearer_auth(&staff)
                    .json(&json!({"decision": "approve"}))
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status() == 200 => ledger.lock().unwrap().approvals.push((id, email)),
                    Ok(r) => {
                        let (status, body) = (r.status(), r.text().await.unwrap_or_default());
                        // Approved before the last kill, its answer lost: acknowledged now.
                        assert!(
                            status == 409 && body.contains("already_decided"),
                            "decision answered {status}: {body}"
                        );
                        ledger.lock().unwrap().approvals.push((id, email));
                    }
                    Err(_) => {
                        ledger.lock().unwrap().undecided.push((id, email));
                        break;
                    }
                }
            }
        }));
    }
    // Orders, then payment confirmations, each with its key; unanswered ones go again.
    {
        let (ledger, dead, client, base, graduates, tag) =
            (ledger.clone(), dead.clone(), client.clone(), base.clone(), graduates.clone(), tag.to_owned());
        tasks.push(tokio::spawn(async move {
            while !dead.load(Ordering::SeqCst) {
                let (key, who, retry) = {
                    let mut l = ledger.lock().unwrap();
                    match l.orders_unanswered.pop() {
                        Some((key, who)) => (key, who, true),
                        None => {
                            l.orders_sent += 1;
                            (format!("crash-order-{tag}-{:05}", l.orders_sent), l.orders_sent % graduates.len(), false)
                        }
                    }
                };
                let g = &graduates[who];
                let sent = client
                    .post(format!("{base}/api/v1/orders"))
                    .bearer_auth(&g.token)
                    .header("Idempotency-Key", &key)
                    .json(&post_order(g))
                    .send()
                    .await;
                // Paced too: each order and payment is a mail, and the queue must drain after.
                tokio::time::sleep(Duration::from_millis(10)).await;
                match sent {
                    Ok(r) if r.status() == 201 || r.status() == 200 => {
                        let order: Value = r.json().await.unwrap();
                        let number = order["order_number"].as_str().unwrap().to_owned();
                        let mut l = ledger.lock().unwrap();
                        if retry {
                            l.answered_in_flight += 1;
                        }
                        l.orders.insert(number.clone(), (key, order["total_yen"].as_i64().unwrap(), who));
                        l.unpaid.push(number);
                    }
                    Ok(r) => panic!("order answered {}: {}", r.status(), r.text().await.unwrap_or_default()),
                    Err(_) => {
                        ledger.lock().unwrap().orders_unanswered.push((key, who));
                        break;
                    }
                }
            }
        }));
    }
    {
        let (ledger, dead, client, base, staff) =
            (ledger.clone(), dead.clone(), client.clone(), base.clone(), staff.to_owned());
        tasks.push(tokio::spawn(async move {
            while !dead.load(Ordering::SeqCst) {
                let next = {
                    let mut l = ledger.lock().unwrap();
                    l.unpaid.pop().map(|n| {
                        let total = l.orders[&n].1;
                        (n, total)
                    })
                };
                let Some((number, total)) = next else {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                };
                let sent = client
                    .post(format!("{base}/api/v1/staff/orders/{number}/payments"))
                    .bearer_auth(&staff)
                    .header("Idempotency-Key", format!("pay-{number}"))
                    .json(&json!({"amount_yen": total, "method": "staff_confirmed", "note": ""}))
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status() == 201 || r.status() == 200 => ledger.lock().unwrap().payments.push(number),
                    Ok(r) => panic!("payment answered {}: {}", r.status(), r.text().await.unwrap_or_default()),
                    Err(_) => {
                        ledger.lock().unwrap().unpaid.push(number);
                        break;
                    }
                }
            }
        }));
    }
    let delay = 300 + random(1500);
    tokio::time::sleep(Duration::from_millis(delay)).await;
    dead.store(true, Ordering::SeqCst);
    tasks
}

/// Waits for the clients of a round to finish (their server killed or answering).
async fn settle(tasks: Vec<tokio::task::JoinHandle<()>>) {
    for task in tasks {
        task.await.expect("a client of the load panicked");
    }
}

async fn read_back(server: &Endpoint, staff: &str, graduates: &[Graduate], ledger: &Ledger) -> (usize, usize) {
    let mut lost = 0;
    let mut extra = 0;
    // Orders: exactly the acknowledged ones, each paid one paid.
    let mut found = BTreeSet::new();
    for g in graduates {
        let list = server.json(Method::GET, &g.token, "/api/v1/orders", None).await;
        for order in list.as_array().unwrap() {
            found.insert(order["order_number"].as_str().unwrap().to_owned());
        }
    }
    let acknowledged: BTreeSet<String> = ledger.orders.keys().cloned().collect();
    lost += acknowledged.difference(&found).count();
    extra += found.difference(&acknowledged).count();
    for number in &ledger.payments {
        let order: Value =
            server.staff_get(staff, &format!("/api/v1/staff/orders/{number}")).await.json().await.unwrap();
        if order["state"] == "awaiting_payment" {
            lost += 1;
        }
    }
    // Approvals.
    for (id, _) in &ledger.approvals {
        let application: Value =
            server.staff_get(staff, &format!("/api/v1/staff/applications/{id}")).await.json().await.unwrap();
        if application["summary"]["state"] != "approved" {
            lost += 1;
        }
    }
    (lost, extra)
}

/// Waits until the outbox is empty (`GET /metrics`), then counts the acknowledged changes
/// whose mail has not arrived. However long the queue (a fast machine acknowledges thousands
/// of orders, each with its mail), it is waited for while it shrinks; a minute without
/// progress is two claim leases of a killed worker, and then what is left is missing.
async fn mails_missing(server: &Endpoint, ledger: &Ledger) -> usize {
    let mut least = f64::INFINITY;
    let mut progress = Instant::now();
    loop {
        let pending = crate::gauge(server, "cis_outbox_pending").await;
        if pending < least {
            (least, progress) = (pending, Instant::now());
        }
        if pending == 0.0 || progress.elapsed() > Duration::from_secs(60) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The last mail marked sent has reached the sink before it was marked.
    let received = server.mail.received();
    let has = |address: &str, needle: &str| {
        received.iter().any(|m| m.envelope_to.iter().any(|t| t == address) && m.text().contains(needle))
    };
    ledger.registrations.iter().filter(|a| !has(a, "/register/")).count()
        + ledger.approvals.iter().filter(|(_, a)| !has(a, "Initial password: ")).count()
}

async fn crash_loop(backend: &str, database_url: String) {
    let Some(binary) = server_binary_or_skip() else { return };
    let _alone = crate::alone().await;
    let temp = tempfile::tempdir().unwrap();
    let setup = Setup::new(binary, temp.path(), database_url, SmtpSink::start().await);
    let rounds = budget(6, 60);
    let t0 = Instant::now();
    let server = setup.start().await;
    let staff = server.endpoint.staff_token().await;
    let mut graduates = Vec::new();
    for i in 0..3 {
        let email = format!("graduate{i}-{backend}@example.jp");
        graduates.push(graduate(&server.endpoint, &email, "post", "academic_record").await);
    }
    let graduates = Arc::new(graduates);
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    // Three decisions a round, up to 100 (one client may upload 120 documents an hour).
    for i in 0..(rounds * 3).min(100) {
        let email = format!("applicant{i}-{backend}@example.jp");
        let id = submitted(&server.endpoint, &staff, &email).await;
        ledger.lock().unwrap().undecided.push((id, email));
    }
    let mut server = server;
    figure!("kill -9 ({backend}): set up in {:.1} s", t0.elapsed().as_secs_f64());
    let started = Instant::now();
    for round in 0..rounds {
        let clients = load(&server.endpoint, &staff, &graduates, &ledger, &format!("{backend}{round}")).await;
        server.kill();
        settle(clients).await;
        server = setup.start().await;
    }
    // The last round's unanswered requests, sent again, then the final read.
    let clients = load(&server.endpoint, &staff, &graduates, &ledger, &format!("{backend}-last")).await;
    settle(clients).await;
    let ledger = std::mem::take(&mut *ledger.lock().unwrap());
    let (lost, extra) = read_back(&server.endpoint, &staff, &graduates, &ledger).await;
    let missing = mails_missing(&server.endpoint, &ledger).await;
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for mail in setup.mail.received() {
        *by_id.entry(mail.header("Message-ID").unwrap_or_default()).or_default() += 1;
    }
    let duplicates: usize = by_id.values().map(|n| n - 1).sum();
    let acknowledged =
        ledger.registrations.len() + ledger.approvals.len() + ledger.orders.len() + ledger.payments.len();
    figure!(
        "kill -9 ({backend}): {rounds} kills in {:.0} s; acknowledged {acknowledged} (registrations {}, approvals {}, \
         orders {}, payments {}), {} orders answered only when sent again after a kill; lost {lost}, appeared unasked \
         {extra}; mails {} received, {missing} missing, {duplicates} duplicates by Message-ID",
        started.elapsed().as_secs_f64(),
        ledger.registrations.len(),
        ledger.approvals.len(),
        ledger.orders.len(),
        ledger.payments.len(),
        ledger.answered_in_flight,
        setup.mail.received().len()
    );
    server.kill();
    assert!(acknowledged > rounds * 3, "the load did reach the server");
    assert_eq!(lost, 0, "acknowledged requests lost");
    assert_eq!(extra, 0, "orders no request asked for");
    assert_eq!(missing, 0, "mails of acknowledged changes missing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("crash.sqlite3").display());
    crash_loop("sqlite", url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    let Some(url) = cis_tests::fresh_postgres_database().await else { return };
    crash_loop("postgres", url).await;
}
