//! A graduate's orders (manual 2.3 step 15, then the confirmation): a convenience-store
//! order with its reservation number, a post order with postage that waits for payment,
//! idempotent creation, reading, cancelling, and fees that stay as they were ordered.

use cis_shared::messages::ErrorCode;
use cis_shared::orders::parse_reservation_number;
use cis_tests::{on_both_databases, problem, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

pub(crate) const TARO: &str = "taro@example.jp";

pub(crate) struct Graduate {
    pub(crate) token: String,
    pub(crate) enrollment: i64,
    /// Certificate type ids by code.
    types: Vec<(String, i64)>,
}

impl Graduate {
    pub(crate) fn type_id(&self, code: &str) -> i64 {
        self.types.iter().find(|(c, _)| c == code).unwrap().1
    }
}

pub(crate) async fn graduate(app: &TestApp, email: &str) -> Graduate {
    let token = app.active_graduate(email).await.access_token;
    let me: Value =
        app.client.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let enrollment = me["enrollments"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/orders/options?channel=post&enrollment_id={enrollment}");
    let options: Value = app.client.get(app.url(&path)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let types = options["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["code"].as_str().unwrap().to_owned(), t["certificate_type_id"].as_i64().unwrap()))
        .collect();
    Graduate { token, enrollment, types }
}

pub(crate) async fn place(app: &TestApp, token: &str, key: Option<&str>, body: &Value) -> reqwest::Response {
    let mut request = app.client.post(app.url("/api/v1/orders")).bearer_auth(token).json(body);
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    request.send().await.unwrap()
}

pub(crate) async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).bearer_auth(token).send().await.unwrap()
}

async fn cancel(app: &TestApp, token: &str, number: &str) -> reqwest::Response {
    app.client.post(app.url(&format!("/api/v1/orders/{number}/cancel"))).bearer_auth(token).send().await.unwrap()
}

pub(crate) fn store_order(g: &Graduate) -> Value {
    json!({
        "channel": "convenience_store", "enrollment_id": g.enrollment, "payment_method": "at_store",
        "items": [{"certificate_type_id": g.type_id("graduation"), "copies": 2},
                  {"certificate_type_id": g.type_id("academic_record"), "copies": 1}]
    })
}

pub(crate) fn post_order(g: &Graduate) -> Value {
    json!({
        "channel": "post", "enrollment_id": g.enrollment, "payment_method": "staff_confirmed",
        "items": [{"certificate_type_id": g.type_id("academic_record"), "copies": 3}],
        "delivery": {"recipient": "電電 太郎", "country": "JP",
            "address": {"postal_code": "100-0001", "prefecture": "東京都", "city": "千代田区", "street": "千代田1-1", "apartment": null},
            "postage": "registered", "sealed_envelope": true}
    })
}

pub(crate) async fn actions(app: &TestApp, admin: &str) -> Vec<String> {
    let log: Value = app.staff_send(Method::GET, admin, "/api/v1/staff/audit-events", None).await.json().await.unwrap();
    log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect()
}

/// The order numbers the staff's search for `q` lists, newest first.
async fn found(app: &TestApp, token: &str, q: &str) -> Vec<String> {
    let q: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
    let page: Value = app.staff_get(token, &format!("/api/v1/staff/orders?q={q}")).await.json().await.unwrap();
    page["items"].as_array().unwrap().iter().map(|o| o["order_number"].as_str().unwrap().to_owned()).collect()
}

on_both_databases! {
    async fn staff_find_an_order_by_its_number_or_reservation_number_whole_or_in_part(app) {
        let g = graduate(&app, TARO).await;
        let store: Value = place(&app, &g.token, Some("search-store-0001"), &store_order(&g)).await.json().await.unwrap();
        let post: Value = place(&app, &g.token, Some("search-post-0001"), &post_order(&g)).await.json().await.unwrap();
        let (store_number, post_number) = (store["order_number"].as_str().unwrap(), post["order_number"].as_str().unwrap());
        let reservation = store["reservation_number"].as_str().unwrap();
        let staff = app.staff_token().await;

        assert_eq!(found(&app, &staff, store_number).await, [store_number]);
        assert_eq!(found(&app, &staff, &format!(" {post_number} ")).await, [post_number]);
        assert_eq!(found(&app, &staff, &post_number[5..]).await, [post_number]);
        assert_eq!(found(&app, &staff, reservation).await, [store_number]);
        assert_eq!(found(&app, &staff, &reservation[3..9]).await, [store_number]);
        // Written as an order number is: its digits are still the reservation's.
        let dashed = format!("{}-{}-{}", &reservation[..4], &reservation[4..8], &reservation[8..]);
        assert_eq!(found(&app, &staff, &dashed).await, [store_number]);
        // The year and month both numbers begin with: both, newest first.
        assert_eq!(found(&app, &staff, &store_number[..4]).await, [post_number, store_number]);
        // No one's name, more digits than any number has, a dash too many: nothing.
        for nothing in ["佐藤", "1234567890123", "12--34"] {
            assert!(found(&app, &staff, nothing).await.is_empty(), "{nothing}");
        }
    }

    async fn a_convenience_store_order_gets_a_reservation_number_and_can_be_cancelled(app) {
        let g = graduate(&app, TARO).await;
        let mails = app.mail.to(TARO).len();
        let response = place(&app, &g.token, Some("order-0001-first"), &store_order(&g)).await;
        assert_eq!(response.status(), 201);
        let order: Value = response.json().await.unwrap();
        assert_eq!(order["state"], "ready_to_print");
        assert_eq!(order["student_id"], "1234567");
        let amounts: Vec<i64> = order["items"].as_array().unwrap().iter().map(|l| l["amount_yen"].as_i64().unwrap()).collect();
        assert_eq!(amounts, [400, 200]);
        assert_eq!(order["fees"], json!([]));
        assert_eq!(order["total_yen"], 600);
        // Three sheets at the stores' 20 yen, paid at the machine.
        assert_eq!(order["store_print_fee_yen"], 60);
        let reservation = order["reservation_number"].as_str().unwrap();
        assert_eq!(parse_reservation_number(reservation).as_deref(), Some(reservation));
        let deadline = chrono::DateTime::parse_from_rfc3339(order["print_deadline"].as_str().unwrap()).unwrap();
        let created = chrono::DateTime::parse_from_rfc3339(order["created_at"].as_str().unwrap()).unwrap();
        assert_eq!(deadline - created, chrono::Duration::days(7));
        assert_eq!(order["cancellable"], true);

        // The mail: the number in groups of four and how to print it.
        let grouped = format!("{}-{}-{}", &reservation[..4], &reservation[4..8], &reservation[8..]);
        let mail = app.mail.wait_for_text(TARO, mails, &grouped).await;
        assert_eq!(mail.subject(), "[The University] Your reservation number for certificates");
        for words in ["7-Eleven", "FamilyMart", "Lawson", "600 yen", "60 yen"] {
            assert!(mail.text().contains(words), "{words} in {}", mail.text());
        }
        let number = order["order_number"].as_str().unwrap().to_owned();
        assert!(mail.links().iter().any(|l| l.ends_with(&format!("/orders/{number}"))));

        // The same key and body: the same order, not a second one; another body: refused.
        let again = place(&app, &g.token, Some("order-0001-first"), &store_order(&g)).await;
        assert_eq!(again.status(), 200);
        assert_eq!(again.json::<Value>().await.unwrap()["order_number"], number);
        let mut other = store_order(&g);
        other["items"][0]["copies"] = json!(3);
        let p = problem(place(&app, &g.token, Some("order-0001-first"), &other).await, 422).await;
        assert_eq!(p.code, ErrorCode::IdempotencyKeyReused);
        let p = problem(place(&app, &g.token, None, &store_order(&g)).await, 400).await;
        assert_eq!(p.code, ErrorCode::IdempotencyKeyMissing);
        let listed: Value = get(&app, &g.token, "/api/v1/orders").await.json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 1);

        // Another graduate neither reads nor cancels it.
        let other = graduate(&app, "hanako@example.jp").await;
        let path = format!("/api/v1/orders/{number}");
        assert_eq!(problem(get(&app, &other.token, &path).await, 404).await.code, ErrorCode::NotFound);
        assert_eq!(problem(cancel(&app, &other.token, &number).await, 404).await.code, ErrorCode::NotFound);
        let theirs: Value = get(&app, &other.token, "/api/v1/orders").await.json().await.unwrap();
        assert_eq!(theirs, json!([]));

        // Cancelled once; then no longer cancellable.
        let mails = app.mail.to(TARO).len();
        let cancelled = cancel(&app, &g.token, &number).await;
        assert_eq!(cancelled.status(), 200);
        let cancelled: Value = cancelled.json().await.unwrap();
        assert_eq!(cancelled["state"], "cancelled");
        assert_eq!(cancelled["cancellable"], false);
        app.mail.wait_for_text(TARO, mails, &number).await;
        let p = problem(cancel(&app, &g.token, &number).await, 409).await;
        assert_eq!(p.code, ErrorCode::OrderNotCancellable);
        let read: Value = get(&app, &g.token, &path).await.json().await.unwrap();
        assert_eq!(read["state"], "cancelled");

        let admin = app.staff_token().await;
        let actions = actions(&app, &admin).await;
        assert!(actions.iter().any(|a| a == "order.placed") && actions.iter().any(|a| a == "order.cancelled"), "{actions:?}");
    }

    async fn a_post_order_adds_postage_and_waits_for_its_payment(app) {
        let g = graduate(&app, TARO).await;
        let mut body = post_order(&g);
        // Amounts sent by the client are not read.
        body["total_yen"] = json!(1);
        let response = place(&app, &g.token, Some("post-order-0001"), &body).await;
        assert_eq!(response.status(), 201);
        let order: Value = response.json().await.unwrap();
        assert_eq!(order["state"], "awaiting_payment");
        assert_eq!(order["reservation_number"], Value::Null);
        assert_eq!(order["fees"], json!([{"kind": "postage", "amount_yen": 460}]));
        assert_eq!(order["total_yen"], 600 + 460);
        assert_eq!(order["delivery"]["sealed_envelope"], true);
        let mail = app.mail.wait_for_text(TARO, 0, "postal money order").await;
        // Every fee, where it goes, and how to pay as the university writes it.
        for part in ["1,060 yen", "Postage: 460 yen", "〒100-0001", "00120-3-456789"] {
            assert!(mail.text().contains(part), "{part} in {}", mail.text());
        }
        assert!(order["transfer_instructions"]["en"].as_str().unwrap().contains("00120-3-456789"));

        // Each broken rule at its field; nothing is stored.
        let mut bad = post_order(&g);
        bad["items"] = json!([
            {"certificate_type_id": g.type_id("completion_ja"), "copies": 1},
            {"certificate_type_id": g.type_id("graduation"), "copies": 11},
            {"certificate_type_id": 99999, "copies": 1}
        ]);
        bad["delivery"]["address"]["postal_code"] = json!("1000001");
        bad["delivery"]["postage"] = json!("airmail");
        bad["payment_method"] = json!("at_store");
        let p = problem(place(&app, &g.token, Some("post-order-0002"), &bad).await, 422).await;
        let found: Vec<(&str, ErrorCode)> = p.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            found,
            [
                ("/items/0/certificate_type_id", ErrorCode::NotOrderable),
                ("/items/1/copies", ErrorCode::OutOfRange),
                ("/items/2/certificate_type_id", ErrorCode::UnknownChoice),
                ("/payment_method", ErrorCode::UnknownChoice),
                ("/delivery/address/postal_code", ErrorCode::PostalCodeInvalid),
                ("/delivery/postage", ErrorCode::UnknownChoice),
            ]
        );
        let mut no_delivery = post_order(&g);
        no_delivery["delivery"] = Value::Null;
        let p = problem(place(&app, &g.token, Some("post-order-0003"), &no_delivery).await, 422).await;
        assert_eq!((p.errors[0].field.as_str(), p.errors[0].code), ("/delivery", ErrorCode::Required));
        let mut someone_elses = post_order(&g);
        someone_elses["enrollment_id"] = json!(99999);
        let p = problem(place(&app, &g.token, Some("post-order-0004"), &someone_elses).await, 422).await;
        assert_eq!((p.errors[0].field.as_str(), p.errors[0].code), ("/enrollment_id", ErrorCode::UnknownChoice));
        let listed: Value = get(&app, &g.token, "/api/v1/orders").await.json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 1);

        // Abroad: address lines and an overseas postage.
        let mut abroad = post_order(&g);
        abroad["delivery"]["country"] = json!("US");
        abroad["delivery"]["address"] = json!({"lines": ["1 Main Street", "Springfield, IL 62701"]});
        abroad["delivery"]["postage"] = json!("airmail");
        let response = place(&app, &g.token, Some("post-order-0005"), &abroad).await;
        assert_eq!(response.status(), 201);
        let order: Value = response.json().await.unwrap();
        assert_eq!(order["delivery"]["address"]["lines"][1], "Springfield, IL 62701");
        assert_eq!(order["fees"], json!([{"kind": "postage", "amount_yen": 190}]));
    }

    async fn a_later_change_of_the_catalogue_changes_no_placed_order(app) {
        let g = graduate(&app, TARO).await;
        let response = place(&app, &g.token, Some("order-before-change"), &store_order(&g)).await;
        let number = response.json::<Value>().await.unwrap()["order_number"].as_str().unwrap().to_owned();

        let admin = app.staff_token().await;
        let types: Value = app.staff_send(Method::GET, &admin, "/api/v1/staff/catalog/certificate-types", None).await.json().await.unwrap();
        let mut graduation = types.as_array().unwrap().iter().find(|t| t["code"] == "graduation").unwrap().clone();
        let id = graduation["id"].as_i64().unwrap();
        graduation["fee_yen"] = json!(999);
        graduation["name"]["en"] = json!("Graduation Certificate");
        let path = format!("/api/v1/staff/catalog/certificate-types/{id}");
        assert_eq!(app.staff_send(Method::PUT, &admin, &path, Some(graduation)).await.status(), 200);

        let order: Value = get(&app, &g.token, &format!("/api/v1/orders/{number}")).await.json().await.unwrap();
        assert_eq!(order["items"][0]["unit_fee_yen"], 200);
        assert_eq!(order["items"][0]["name"]["en"], "Certificate of Graduation");
        assert_eq!(order["total_yen"], 600);
        // A new order takes the new fee.
        let response = place(&app, &g.token, Some("order-after-change"), &store_order(&g)).await;
        assert_eq!(response.json::<Value>().await.unwrap()["items"][0]["unit_fee_yen"], 999);
    }

    async fn staff_record_the_payment_of_a_post_order_once(app) {
        let g = graduate(&app, TARO).await;
        let response = place(&app, &g.token, Some("post-to-pay-0001"), &post_order(&g)).await;
        let number = response.json::<Value>().await.unwrap()["order_number"].as_str().unwrap().to_owned();
        let staff = app.staff_token().await;
        let reviewer = app.reviewer_token(&staff, "reviewer@the-university.example").await;

        // Found by the graduate's name; waiting, with no payment yet.
        let found: Value = app.staff_get(&reviewer, "/api/v1/staff/orders?q=%E9%9B%BB%E9%9B%BB").await.json().await.unwrap();
        assert_eq!(found["items"][0]["order_number"], number);
        assert_eq!(found["items"][0]["state"], "awaiting_payment");
        let path = format!("/api/v1/staff/orders/{number}");
        let detail: Value = app.staff_get(&reviewer, &path).await.json().await.unwrap();
        assert_eq!(detail["email"], TARO);
        assert_eq!(detail["payments"], json!([]));

        let pay = |key: Option<&'static str>, body: Value| {
            let mut request = app.client.post(app.url(&format!("{path}/payments"))).bearer_auth(&reviewer).json(&body);
            if let Some(key) = key {
                request = request.header("Idempotency-Key", key);
            }
            request.send()
        };
        let paid = json!({"amount_yen": 1060, "method": "staff_confirmed", "note": "Postal money order"});
        let p = problem(pay(Some("payment-0001"), json!({"amount_yen": 1000, "method": "staff_confirmed"})).await.unwrap(), 422).await;
        assert_eq!((p.errors[0].field.as_str(), p.errors[0].code), ("/amount_yen", ErrorCode::AmountMismatch));
        assert_eq!(problem(pay(None, paid.clone()).await.unwrap(), 400).await.code, ErrorCode::IdempotencyKeyMissing);

        let mails = app.mail.to(TARO).len();
        let recorded = pay(Some("payment-0002"), paid.clone()).await.unwrap();
        assert_eq!(recorded.status(), 201);
        let recorded: Value = recorded.json().await.unwrap();
        assert_eq!(recorded["order"]["state"], "in_preparation");
        assert_eq!(recorded["payments"][0]["amount_yen"], 1060);
        assert!(recorded["order"]["paid_at"].is_string());
        let mail = app.mail.wait_for_text(TARO, mails, "We have received the payment of 1,060 yen").await;
        assert_eq!(mail.subject(), "[The University] We have received your payment");

        // The same key and body: the same answer; another body: refused; another key: paid already.
        let again = pay(Some("payment-0002"), paid.clone()).await.unwrap();
        assert_eq!(again.status(), 200);
        let mut other = paid.clone();
        other["note"] = json!("Bank transfer");
        assert_eq!(problem(pay(Some("payment-0002"), other).await.unwrap(), 422).await.code, ErrorCode::IdempotencyKeyReused);
        assert_eq!(problem(pay(Some("payment-0003"), paid).await.unwrap(), 409).await.code, ErrorCode::OrderNotAwaitingPayment);
        // Paid: the graduate can no longer cancel; it waits in the fulfilment queue.
        assert_eq!(problem(cancel(&app, &g.token, &number).await, 409).await.code, ErrorCode::OrderNotCancellable);
        let queue: Value = app.staff_get(&reviewer, "/api/v1/staff/orders?state=in_preparation").await.json().await.unwrap();
        assert_eq!(queue["total"], 1);
        let read: Value = get(&app, &g.token, &format!("/api/v1/orders/{number}")).await.json().await.unwrap();
        assert_eq!(read["state"], "in_preparation");
        assert_eq!(read["transfer_instructions"], Value::Null, "paid: nothing more to pay");
        assert_eq!(app.mail.to(TARO).len(), mails + 1, "one payment mail");
    }

    async fn two_staff_recording_one_payment_at_once_record_it_once(app) {
        let g = graduate(&app, TARO).await;
        let response = place(&app, &g.token, Some("post-to-pay-0002"), &post_order(&g)).await;
        let number = response.json::<Value>().await.unwrap()["order_number"].as_str().unwrap().to_owned();
        let staff = app.staff_token().await;
        let url = app.url(&format!("/api/v1/staff/orders/{number}/payments"));
        let body = json!({"amount_yen": 1060, "method": "staff_confirmed", "note": ""});
        let send = |key: &'static str| {
            app.client.post(&url).bearer_auth(&staff).header("Idempotency-Key", key).json(&body).send()
        };
        let (a, b) = tokio::join!(send("desk-one-0001"), send("desk-two-0001"));
        let mut statuses = [a.unwrap().status().as_u16(), b.unwrap().status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, [201, 409]);
        let detail: Value = app.staff_get(&staff, &format!("/api/v1/staff/orders/{number}")).await.json().await.unwrap();
        assert_eq!(detail["payments"].as_array().unwrap().len(), 1);
    }
}
