//! What staff do with an order after it is placed, and the orders' clocks: a post order
//! printed and shipped with its tracking number, a hold released or run out after 30 days,
//! a cancellation with a reason, a reservation reminded two days before its deadline and
//! expired after it; the graduate is mailed at each step and every change is in the
//! order's history.

use chrono::{DateTime, Duration};
use cis_api::domain::order_deadlines::{sweep, Swept};
use cis_shared::messages::ErrorCode;
use cis_tests::{on_both_databases, problem, GraduateSession, TestApp, PASSWORD, SECOND_PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};

use crate::orders::{get, graduate, place, post_order, store_order, Graduate, TARO};

async fn placed(app: &TestApp, g: &Graduate, key: &str, body: &Value) -> String {
    let response = place(app, &g.token, Some(key), body).await;
    assert_eq!(response.status(), 201);
    response.json::<Value>().await.unwrap()["order_number"].as_str().unwrap().to_owned()
}

async fn staff_post(app: &TestApp, token: &str, path: &str, body: Option<Value>) -> reqwest::Response {
    app.staff_send(Method::POST, token, path, body).await
}

async fn paid_post_order(app: &TestApp, g: &Graduate, staff: &str) -> String {
    let number = placed(app, g, "post-fulfil-0001", &post_order(g)).await;
    let response = app
        .client
        .post(app.url(&format!("/api/v1/staff/orders/{number}/payments")))
        .bearer_auth(staff)
        .header("Idempotency-Key", "fulfil-pay-0001")
        .json(&json!({"amount_yen": 1060, "method": "staff_confirmed", "note": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    number
}

async fn swept(app: &TestApp) -> Swept {
    sweep((app.state.scope(), app.state.mailer()), app.state.payments.card()).await.unwrap()
}

/// The graduate's order, read in a new session (the clock may have moved past the last one).
async fn graduates_view(app: &TestApp, number: &str) -> Value {
    let login = app.graduate_login(TARO, PASSWORD, SECOND_PASSWORD).await;
    let token = GraduateSession::from_response(login).await.access_token;
    get(app, &token, &format!("/api/v1/orders/{number}")).await.json().await.unwrap()
}

fn deadline(order: &Value) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(order["print_deadline"].as_str().unwrap()).unwrap()
}

on_both_databases! {
    async fn staff_print_and_ship_a_post_order_and_the_graduate_hears_of_each_step(app) {
        let g = graduate(&app, TARO).await;
        let staff = app.staff_token().await;
        let number = paid_post_order(&app, &g, &staff).await;
        let path = |action: &str| format!("/api/v1/staff/orders/{number}/{action}");
        let shipment = json!({"carrier": "japan_post", "tracking_number": "1234-5678-9012"});

        // Not before it is printed; a tracking number that is not one, at its field.
        let p = problem(staff_post(&app, &staff, &path("shipment"), Some(shipment.clone())).await, 409).await;
        assert_eq!(p.code, ErrorCode::OrderStateConflict);
        let mails = app.mail.to(TARO).len();
        let printed = staff_post(&app, &staff, &path("printed"), None).await;
        assert_eq!(printed.status(), 200);
        let printed: Value = printed.json().await.unwrap();
        assert_eq!(printed["order"]["state"], "in_preparation");
        assert!(printed["order"]["printed_at"].is_string());
        let mail = app.mail.wait_for_text(TARO, mails, "have been printed").await;
        assert_eq!(mail.subject(), "[The University] Your certificates have been printed");
        let p = problem(staff_post(&app, &staff, &path("printed"), None).await, 409).await;
        assert_eq!(p.code, ErrorCode::OrderStateConflict);
        let bad = json!({"carrier": "japan_post", "tracking_number": "12/34"});
        let p = problem(staff_post(&app, &staff, &path("shipment"), Some(bad)).await, 422).await;
        assert_eq!((p.errors[0].field.as_str(), p.errors[0].code), ("/tracking_number", ErrorCode::TrackingNumberInvalid));

        let mails = app.mail.to(TARO).len();
        let shipped = staff_post(&app, &staff, &path("shipment"), Some(shipment.clone())).await;
        assert_eq!(shipped.status(), 200);
        let mail = app.mail.wait_for_text(TARO, mails, "123456789012").await;
        assert_eq!(mail.subject(), "[The University] Your certificates are on their way");
        assert!(mail.text().contains("Japan Post"), "{}", mail.text());
        assert!(mail.links().iter().any(|l| l.ends_with(&format!("/orders/{number}"))));

        // The graduate reads the tracking number; it can be neither held nor shipped again.
        let order: Value = get(&app, &g.token, &format!("/api/v1/orders/{number}")).await.json().await.unwrap();
        assert_eq!(order["state"], "shipped");
        assert_eq!(order["shipment"], json!({"carrier": "japan_post", "tracking_number": "123456789012"}));
        let hold = json!({"reason": "Check the address"});
        assert_eq!(problem(staff_post(&app, &staff, &path("hold"), Some(hold)).await, 409).await.code, ErrorCode::OrderStateConflict);
        assert_eq!(problem(staff_post(&app, &staff, &path("shipment"), Some(shipment)).await, 409).await.code, ErrorCode::OrderStateConflict);

        // The history, oldest first, with who did it.
        let detail: Value = app.staff_get(&staff, &format!("/api/v1/staff/orders/{number}")).await.json().await.unwrap();
        let history: Vec<(&str, &str)> = detail["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["action"].as_str().unwrap(), e["by"].as_str().unwrap()))
            .collect();
        assert_eq!(
            history,
            [("order.placed", "graduate"), ("order.payment_recorded", "staff"), ("order.printed", "staff"), ("order.shipped", "staff")]
        );
        assert!(detail["history"][3]["staff_name"].is_string());

        // Delivered, as far as anyone knows, 30 days on: completed, without a mail.
        let mails = app.mail.to(TARO).len();
        assert_eq!(swept(&app).await, Swept::default());
        app.clock.advance(Duration::days(31));
        assert_eq!(swept(&app).await.completed, 1);
        let order = graduates_view(&app, &number).await;
        assert_eq!(order["state"], "completed");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(app.mail.to(TARO).len(), mails);
    }

    async fn a_held_order_is_released_with_its_deadline_moved_or_cancelled_after_30_days(app) {
        let g = graduate(&app, TARO).await;
        let staff = app.staff_token().await;
        let number = placed(&app, &g, "store-held-0001", &store_order(&g)).await;
        let path = |action: &str| format!("/api/v1/staff/orders/{number}/{action}");
        let order_path = format!("/api/v1/orders/{number}");
        let before: Value = get(&app, &g.token, &order_path).await.json().await.unwrap();

        let p = problem(staff_post(&app, &staff, &path("hold"), Some(json!({"reason": "  "}))).await, 422).await;
        assert_eq!((p.errors[0].field.as_str(), p.errors[0].code), ("/reason", ErrorCode::Required));
        let mails = app.mail.to(TARO).len();
        let reason = "The name differs from our records; please call the office.";
        let held = staff_post(&app, &staff, &path("hold"), Some(json!({"reason": reason}))).await;
        assert_eq!(held.status(), 200);
        let mail = app.mail.wait_for_text(TARO, mails, reason).await;
        assert_eq!(mail.subject(), "[The University] Your order for certificates is on hold");
        let order: Value = get(&app, &g.token, &order_path).await.json().await.unwrap();
        assert_eq!((order["state"].as_str(), order["reason"].as_str()), (Some("on_hold"), Some(reason)));
        // Held: the graduate cannot cancel it; it is not reminded nor does it expire.
        let cancel = app.client.post(app.url(&format!("{order_path}/cancel"))).bearer_auth(&g.token).send().await.unwrap();
        assert_eq!(problem(cancel, 409).await.code, ErrorCode::OrderNotCancellable);
        let p = problem(staff_post(&app, &staff, &path("hold"), Some(json!({"reason": reason}))).await, 409).await;
        assert_eq!(p.code, ErrorCode::OrderStateConflict);

        // Released three days on: ready to print again, the deadline three days later.
        app.clock.advance(Duration::days(3));
        assert_eq!(swept(&app).await, Swept::default());
        let staff = app.staff_token().await;
        let mails = app.mail.to(TARO).len();
        assert_eq!(staff_post(&app, &staff, &path("release"), None).await.status(), 200);
        app.mail.wait_for_text(TARO, mails, "The print deadline is now").await;
        let order = graduates_view(&app, &number).await;
        assert_eq!(order["state"], "ready_to_print");
        assert_eq!(order["reason"], Value::Null);
        let moved = deadline(&order) - deadline(&before);
        assert!((moved - Duration::days(3)).num_seconds().abs() < 5, "{moved}");
        assert_eq!(problem(staff_post(&app, &staff, &path("release"), None).await, 409).await.code, ErrorCode::OrderStateConflict);

        // Held again and left for 30 days: cancelled, and the graduate told why.
        assert_eq!(staff_post(&app, &staff, &path("hold"), Some(json!({"reason": reason}))).await.status(), 200);
        app.clock.advance(Duration::days(29));
        assert_eq!(swept(&app).await, Swept::default());
        let mails = app.mail.to(TARO).len();
        app.clock.advance(Duration::days(2));
        assert_eq!(swept(&app).await, Swept { cancelled: 1, ..Swept::default() });
        let mail = app.mail.wait_for_text(TARO, mails, "cancelled automatically").await;
        assert!(mail.text().contains(reason), "{}", mail.text());
        let order = graduates_view(&app, &number).await;
        assert_eq!(order["state"], "cancelled");
        assert_eq!(swept(&app).await, Swept::default());
    }

    async fn reservations_are_reminded_two_days_before_their_deadline_and_expire_after_it(app) {
        let g = graduate(&app, TARO).await;
        let number = placed(&app, &g, "store-clock-0001", &store_order(&g)).await;
        let order: Value = get(&app, &g.token, &format!("/api/v1/orders/{number}")).await.json().await.unwrap();
        let reservation = order["reservation_number"].as_str().unwrap().to_owned();

        app.clock.advance(Duration::days(4));
        assert_eq!(swept(&app).await, Swept::default());
        let mails = app.mail.to(TARO).len();
        app.clock.advance(Duration::days(1) + Duration::hours(1));
        assert_eq!(swept(&app).await, Swept { reminded: 1, ..Swept::default() });
        let mail = app.mail.wait_for_text(TARO, mails, "have not been printed yet").await;
        assert_eq!(mail.subject(), "[The University] The print deadline of your certificates is near");
        let grouped = format!("{}-{}-{}", &reservation[..4], &reservation[4..8], &reservation[8..]);
        assert!(mail.text().contains(&grouped), "{}", mail.text());
        // Once.
        assert_eq!(swept(&app).await, Swept::default());

        let mails = app.mail.to(TARO).len();
        app.clock.advance(Duration::days(2));
        assert_eq!(swept(&app).await, Swept { expired: 1, ..Swept::default() });
        let mail = app.mail.wait_for_text(TARO, mails, "Nothing was charged").await;
        assert_eq!(mail.subject(), "[The University] The print deadline of your certificates has passed");
        let order = graduates_view(&app, &number).await;
        assert_eq!((order["state"].as_str(), order["cancellable"].as_bool()), (Some("expired"), Some(false)));
    }

    async fn staff_cancel_with_a_reason_and_two_desks_change_an_order_once(app) {
        let g = graduate(&app, TARO).await;
        let staff = app.staff_token().await;
        let number = paid_post_order(&app, &g, &staff).await;
        let url = app.url(&format!("/api/v1/staff/orders/{number}/printed"));
        let press = || app.client.post(&url).bearer_auth(&staff).send();
        let (a, b) = tokio::join!(press(), press());
        let mut statuses = [a.unwrap().status().as_u16(), b.unwrap().status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 409]);

        let mails = app.mail.to(TARO).len();
        let reason = "Requested by the graduate by phone.";
        let path = format!("/api/v1/staff/orders/{number}/cancel");
        let cancelled = staff_post(&app, &staff, &path, Some(json!({"reason": reason}))).await;
        assert_eq!(cancelled.status(), 200);
        let mail = app.mail.wait_for_text(TARO, mails, reason).await;
        assert!(mail.text().contains("refunded"), "{}", mail.text());
        let order: Value = get(&app, &g.token, &format!("/api/v1/orders/{number}")).await.json().await.unwrap();
        assert_eq!((order["state"].as_str(), order["reason"].as_str()), (Some("cancelled"), Some(reason)));
        let p = problem(staff_post(&app, &staff, &path, Some(json!({"reason": reason}))).await, 409).await;
        assert_eq!(p.code, ErrorCode::OrderStateConflict);
        let missing = staff_post(&app, &staff, "/api/v1/staff/orders/0000-0000-0000/cancel", Some(json!({"reason": reason}))).await;
        assert_eq!(problem(missing, 404).await.code, ErrorCode::NotFound);
    }
}
