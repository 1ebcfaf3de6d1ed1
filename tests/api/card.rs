//! Card payment through Stripe Checkout (issue 10), against a local server that speaks
//! Stripe's endpoints and signs its webhooks as Stripe does: card is offered only where the
//! keys are set; an order's Checkout Session carries the amounts of the server's catalogue;
//! the signed `checkout.session.completed` pays the order once (a store order gets its
//! reservation number only then, a post order goes into preparation); a bad signature or an
//! old one changes nothing; a card-paid order cancelled by staff or expired unprinted is
//! refunded at Stripe.

use cis_api::domain::order_deadlines::sweep;
use cis_shared::messages::ErrorCode;
use cis_tests::stripe::WEBHOOK_SECRET;
use cis_tests::{problem, spawn_with_stripe, Backend, StripeDouble, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

use crate::orders::{get, graduate, place, post_order, store_order, Graduate, TARO};

/// Defines each flow on SQLite and on PostgreSQL, with a server whose Stripe is a double.
macro_rules! with_stripe_on_both_databases {
    ($(async fn $name:ident($app:ident, $stripe:ident) $body:block)*) => {$(
        mod $name {
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let $stripe = StripeDouble::start().await;
                let $app = spawn_with_stripe(Backend::Sqlite, &$stripe).await.unwrap();
                $body
            }

            #[tokio::test]
            async fn postgres() {
                let $stripe = StripeDouble::start().await;
                let Some($app) = spawn_with_stripe(Backend::Postgres, &$stripe).await else { return };
                $body
            }
        }
    )*};
}

fn by_card(mut order: Value) -> Value {
    order["payment_method"] = json!("card");
    order
}

/// Places `body` and returns the order as answered (201).
async fn placed(app: &TestApp, g: &Graduate, key: &str, body: &Value) -> Value {
    let response = place(app, &g.token, Some(key), body).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// The session the double made for an order, from its checkout URL.
fn session_id(order: &Value) -> String {
    let url = order["payment"]["checkout_url"].as_str().expect("a checkout URL");
    url.rsplit('/').next().unwrap().to_owned()
}

fn webhook(app: &TestApp) -> String {
    app.url("/api/v1/payments/stripe/webhook")
}

/// Delivers the paid session's event, signed now by the app's clock.
async fn pay(app: &TestApp, stripe: &StripeDouble, event_id: &str, session: &str) -> reqwest::Response {
    let payload = stripe.completed_event(event_id, session);
    let signature = StripeDouble::signature(&payload, app.clock.now().timestamp(), WEBHOOK_SECRET);
    StripeDouble::deliver(&app.client, &webhook(app), &payload, &signature).await
}

async fn order_of(app: &TestApp, g: &Graduate, number: &str) -> Value {
    get(app, &g.token, &format!("/api/v1/orders/{number}")).await.json().await.unwrap()
}

async fn staff_detail(app: &TestApp, staff: &str, number: &str) -> Value {
    app.staff_get(staff, &format!("/api/v1/staff/orders/{number}")).await.json().await.unwrap()
}

cis_tests::on_both_databases! {
    async fn card_is_neither_offered_nor_taken_without_stripes_keys(app) {
        let g = graduate(&app, TARO).await;
        let path = format!("/api/v1/orders/options?channel=convenience_store&enrollment_id={}", g.enrollment);
        let options: Value = get(&app, &g.token, &path).await.json().await.unwrap();
        assert_eq!(options["payment_methods"], json!(["at_store"]));
        let p = problem(place(&app, &g.token, Some("card-off-0001"), &by_card(store_order(&g))).await, 422).await;
        assert_eq!(p.errors[0].field, "/payment_method");
        let refused = StripeDouble::deliver(&app.client, &webhook(&app), "{}", "t=1,v1=00").await;
        assert_eq!(problem(refused, 400).await.code, ErrorCode::WebhookSignatureInvalid);
    }
}

with_stripe_on_both_databases! {
    async fn a_store_order_paid_by_card_gets_its_reservation_number_only_after_the_webhook(app, stripe) {
        let g = graduate(&app, TARO).await;
        let path = format!("/api/v1/orders/options?channel=convenience_store&enrollment_id={}", g.enrollment);
        let options: Value = get(&app, &g.token, &path).await.json().await.unwrap();
        assert_eq!(options["payment_methods"], json!(["at_store", "card"]));

        let order = placed(&app, &g, "card-store-0001", &by_card(store_order(&g))).await;
        assert_eq!(order["state"], "awaiting_payment");
        assert_eq!(order["reservation_number"], Value::Null);
        assert_eq!(order["payment"]["method"], "card");
        let number = order["order_number"].as_str().unwrap().to_owned();
        let session = session_id(&order);

        // What Stripe was asked for: the server's prices, in yen, for this order and graduate.
        let calls = stripe.requests_to("/v1/checkout/sessions");
        assert_eq!(calls.len(), 1);
        let call = &calls[0];
        assert_eq!(call.headers["authorization"], format!("Bearer {}", cis_tests::stripe::SECRET_KEY));
        assert!(!call.headers["idempotency-key"].is_empty());
        assert_eq!(call.field("mode"), Some("payment"));
        assert_eq!(call.field("client_reference_id"), Some(number.as_str()));
        assert_eq!(call.field("metadata[order_number]"), Some(number.as_str()));
        assert_eq!(call.field("customer_email"), Some(TARO));
        assert!(call.field("success_url").unwrap().ends_with(&format!("/orders/{number}?payment=done")));
        assert!(call.field("cancel_url").unwrap().ends_with(&format!("/orders/{number}?payment=cancelled")));
        let line = |i: usize, f: &str| call.field(&format!("line_items[{i}]{f}")).map(str::to_owned);
        assert_eq!(line(0, "[price_data][currency]").as_deref(), Some("jpy"));
        assert_eq!((line(0, "[price_data][unit_amount]").as_deref(), line(0, "[quantity]").as_deref()), (Some("200"), Some("2")));
        assert_eq!((line(1, "[price_data][unit_amount]").as_deref(), line(1, "[quantity]").as_deref()), (Some("200"), Some("1")));
        assert_eq!(line(2, "[quantity]"), None);

        // The same request again: the same order and page, no second session.
        let again = place(&app, &g.token, Some("card-store-0001"), &by_card(store_order(&g))).await;
        assert_eq!(again.status(), 200);
        assert_eq!(again.json::<Value>().await.unwrap()["payment"], order["payment"]);
        assert_eq!(stripe.requests_to("/v1/checkout/sessions").len(), 1);

        let mails = app.mail.to(TARO).len();
        let response = pay(&app, &stripe, "evt_store_0001", &session).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.json::<Value>().await.unwrap()["outcome"], "paid");
        let paid = order_of(&app, &g, &number).await;
        assert_eq!(paid["state"], "ready_to_print");
        assert!(paid["paid_at"].is_string());
        assert_eq!(paid["payment"]["checkout_url"], Value::Null);
        let reservation = paid["reservation_number"].as_str().expect("a reservation number").to_owned();
        let grouped = format!("{}-{}-{}", &reservation[..4], &reservation[4..8], &reservation[8..]);
        let mail = app.mail.wait_for_text(TARO, mails, &grouped).await;
        assert_eq!(mail.subject(), "[The University] We have received your payment: your reservation number");
        assert!(mail.text().contains("600 yen"), "{}", mail.text());

        let staff = app.staff_token().await;
        let detail = staff_detail(&app, &staff, &number).await;
        assert_eq!(detail["payments"].as_array().unwrap().len(), 1);
        assert_eq!(detail["payments"][0]["method"], "card");
        assert_eq!(detail["payments"][0]["amount_yen"], 600);
        let actions: Vec<&str> = detail["history"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["order.placed", "order.paid_by_card"]);
        assert_eq!(detail["history"][1]["by"], "system");
    }

    async fn a_post_order_paid_by_card_goes_into_preparation(app, stripe) {
        let g = graduate(&app, TARO).await;
        let order = placed(&app, &g, "card-post-0001", &by_card(post_order(&g))).await;
        // Three academic records at 200 yen, registered postage and the sealed envelope:
        // the lines Stripe shows add up to the order's total.
        let call = &stripe.requests_to("/v1/checkout/sessions")[0];
        let mut total = 0;
        for i in 0..5 {
            let (Some(amount), Some(quantity)) = (
                call.field(&format!("line_items[{i}][price_data][unit_amount]")),
                call.field(&format!("line_items[{i}][quantity]")),
            ) else { break };
            total += amount.parse::<i64>().unwrap() * quantity.parse::<i64>().unwrap();
        }
        assert_eq!(total, order["total_yen"].as_i64().unwrap());

        let mails = app.mail.to(TARO).len();
        assert_eq!(pay(&app, &stripe, "evt_post_0001", &session_id(&order)).await.status(), 200);
        let number = order["order_number"].as_str().unwrap();
        let paid = order_of(&app, &g, number).await;
        assert_eq!(paid["state"], "in_preparation");
        assert_eq!(paid["reservation_number"], Value::Null);
        let mail = app.mail.wait_for_text(TARO, mails, "printed and sent next").await;
        assert_eq!(mail.subject(), "[The University] We have received your payment");
    }

    async fn a_bad_signature_or_one_older_than_five_minutes_is_refused_and_changes_nothing(app, stripe) {
        let g = graduate(&app, TARO).await;
        let before = app.mail.to(TARO).len();
        let order = placed(&app, &g, "card-sign-0001", &by_card(store_order(&g))).await;
        let number = order["order_number"].as_str().unwrap();
        app.mail.wait_for_text(TARO, before, number).await;
        let mails = app.mail.to(TARO).len();
        let payload = stripe.completed_event("evt_sign_0001", &session_id(&order));
        let now = app.clock.now().timestamp();
        for signature in [
            StripeDouble::signature(&payload, now, "whsec_someone_else"),
            StripeDouble::signature(&payload, now - 301, WEBHOOK_SECRET),
            StripeDouble::signature(&payload.replace("\"paid\"", "\"paid\" "), now, WEBHOOK_SECRET),
            String::new(),
        ] {
            let response = StripeDouble::deliver(&app.client, &webhook(&app), &payload, &signature).await;
            assert_eq!(problem(response, 400).await.code, ErrorCode::WebhookSignatureInvalid, "{signature}");
        }
        let unchanged = order_of(&app, &g, number).await;
        assert_eq!(unchanged["state"], "awaiting_payment");
        assert_eq!(unchanged["reservation_number"], Value::Null);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(app.mail.to(TARO).len(), mails);

        // Signed within five minutes: taken.
        let signature = StripeDouble::signature(&payload, now - 290, WEBHOOK_SECRET);
        let response = StripeDouble::deliver(&app.client, &webhook(&app), &payload, &signature).await;
        assert_eq!(response.status(), 200);
    }

    async fn two_deliveries_at_once_pay_the_order_once_and_mail_once(app, stripe) {
        let g = graduate(&app, TARO).await;
        let order = placed(&app, &g, "card-twice-0001", &by_card(post_order(&g))).await;
        let session = session_id(&order);
        let mails = app.mail.to(TARO).len();
        let (a, b) = tokio::join!(pay(&app, &stripe, "evt_twice_0001", &session), pay(&app, &stripe, "evt_twice_0001", &session));
        assert_eq!((a.status(), b.status()), (reqwest::StatusCode::OK, reqwest::StatusCode::OK));
        let mut outcomes = vec![
            a.json::<Value>().await.unwrap()["outcome"].as_str().unwrap().to_owned(),
            b.json::<Value>().await.unwrap()["outcome"].as_str().unwrap().to_owned(),
        ];
        outcomes.sort();
        assert_eq!(outcomes, ["already_paid", "paid"]);
        // Stripe retries: the same event again, and another for the same session.
        for event in ["evt_twice_0001", "evt_twice_0002"] {
            let again = pay(&app, &stripe, event, &session).await;
            assert_eq!(again.status(), 200);
            assert_eq!(again.json::<Value>().await.unwrap()["outcome"], "already_paid");
        }
        app.mail.wait_for_text(TARO, mails, "We have received the payment").await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let paid_mails = app.mail.to(TARO).into_iter().skip(mails).filter(|m| m.subject().contains("received your payment")).count();
        assert_eq!(paid_mails, 1);
        let staff = app.staff_token().await;
        let detail = staff_detail(&app, &staff, order["order_number"].as_str().unwrap()).await;
        assert_eq!(detail["payments"].as_array().unwrap().len(), 1);
    }

    async fn staff_cancelling_a_card_paid_order_refund_it_at_stripe(app, stripe) {
        let g = graduate(&app, TARO).await;
        let order = placed(&app, &g, "card-refund-0001", &by_card(post_order(&g))).await;
        let number = order["order_number"].as_str().unwrap();
        assert_eq!(pay(&app, &stripe, "evt_refund_0001", &session_id(&order)).await.status(), 200);
        let staff = app.staff_token().await;
        let path = format!("/api/v1/staff/orders/{number}/cancel");
        let cancelled = app.staff_send(Method::POST, &staff, &path, Some(json!({"reason": "Duplicate order"}))).await;
        assert_eq!(cancelled.status(), 200);
        let detail: Value = cancelled.json().await.unwrap();
        assert_eq!(detail["order"]["state"], "cancelled");

        let refunds = stripe.requests_to("/v1/refunds");
        assert_eq!(refunds.len(), 1);
        let session = stripe.completed_event("x", &session_id(&order));
        let intent = serde_json::from_str::<Value>(&session).unwrap()["data"]["object"]["payment_intent"].clone();
        assert_eq!(refunds[0].field("payment_intent"), intent.as_str());
        assert!(!refunds[0].headers["idempotency-key"].is_empty());
        let refund = &detail["payments"][0]["refund"];
        assert_eq!(refund["status"], "refunded");
        assert!(refund["refund_id"].as_str().unwrap().starts_with("re_"));
        assert!(detail["history"].as_array().unwrap().iter().any(|e| e["action"] == "order.refunded"));
    }

    async fn a_card_paid_reservation_that_expires_unprinted_is_refunded(app, stripe) {
        let g = graduate(&app, TARO).await;
        let order = placed(&app, &g, "card-expire-0001", &by_card(store_order(&g))).await;
        assert_eq!(pay(&app, &stripe, "evt_expire_0001", &session_id(&order)).await.status(), 200);
        app.clock.advance(chrono::Duration::days(8));
        let swept = sweep((app.state.scope(), app.state.mailer()), app.state.payments.card()).await.unwrap();
        assert_eq!(swept.expired, 1);
        let refunds = stripe.requests_to("/v1/refunds");
        assert_eq!(refunds.len(), 1);
        let staff = app.staff_token().await;
        let detail = staff_detail(&app, &staff, order["order_number"].as_str().unwrap()).await;
        assert_eq!(detail["order"]["state"], "expired");
        assert_eq!(detail["payments"][0]["refund"]["status"], "refunded");
    }

    async fn a_graduate_cancelling_an_unpaid_card_order_closes_its_payment_page(app, stripe) {
        let g = graduate(&app, TARO).await;
        let order = placed(&app, &g, "card-close-0001", &by_card(store_order(&g))).await;
        let number = order["order_number"].as_str().unwrap();
        let response = app.client.post(app.url(&format!("/api/v1/orders/{number}/cancel"))).bearer_auth(&g.token).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let expired = stripe.requests_to(&format!("/v1/checkout/sessions/{}/expire", session_id(&order)));
        assert_eq!(expired.len(), 1);
        assert!(stripe.requests_to("/v1/refunds").is_empty());
    }

    async fn when_stripe_fails_the_order_waits_and_the_same_request_gets_its_page(app, stripe) {
        let g = graduate(&app, TARO).await;
        stripe.fail_next(1);
        let failed = place(&app, &g.token, Some("card-retry-0001"), &by_card(store_order(&g))).await;
        assert_eq!(problem(failed, 503).await.code, ErrorCode::PaymentProviderUnavailable);
        let orders: Value = get(&app, &g.token, "/api/v1/orders").await.json().await.unwrap();
        assert_eq!(orders[0]["state"], "awaiting_payment");
        assert_eq!(orders[0]["payment"]["checkout_url"], Value::Null);
        let retried = place(&app, &g.token, Some("card-retry-0001"), &by_card(store_order(&g))).await;
        assert_eq!(retried.status(), 200);
        let order: Value = retried.json().await.unwrap();
        assert_eq!(order["order_number"], orders[0]["order_number"]);
        assert!(order["payment"]["checkout_url"].as_str().unwrap().contains("/c/pay/cs_test_"));
    }
}
