//! Ordering certificates in the browser (manual 2.3 steps 14–15), in both languages: a
//! convenience-store order on a phone in Japanese (the reservation number, then a
//! cancellation), and a post order on a desktop in English (the delivery prefilled from
//! the profile, a field refused, postage and a sealed envelope, then the staff's payment,
//! printing and shipment read back on the order's page).

use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use cis_tests::webdriver::Browser;
use cis_tests::TestApp;
use reqwest::Method;
use serde_json::json;

use super::app_with_built_spa;
use super::session::logged_in;

async fn choose(browser: &Browser, select: &str, value: &str) {
    browser.click_on(&format!("{select} option[value='{value}']")).await;
}

async fn no_sideways_scrolling(browser: &Browser) {
    let fits = browser.eval("return document.documentElement.scrollWidth <= window.innerWidth").await;
    assert_eq!(fits, true, "no sideways scrolling");
}

#[tokio::test]
async fn ordering_for_a_convenience_store_on_a_phone_in_japanese() {
    let Some(app) = app_with_built_spa().await else { return };
    let browser = Browser::start_phone().await;
    logged_in(&app, &browser, "order-ja@example.jp").await;

    // Manual 2.3 step 14: Issue certificate → Convenience store.
    browser.wait_for_text("#issue-certificate h2", "証明書発行").await;
    browser.click_on("#order-convenience-store").await;
    browser.wait_for_text(".screen-title", "証明書の申込（コンビニエンスストアで印刷）").await;
    // Step 15: type, commission, copies; what this record may not order is greyed with why.
    browser.wait_for_text("tr[data-code=graduation] .commission", "200円").await;
    browser.wait_for("tr.disabled[data-code=completion_ja] .reason").await;
    assert_eq!(browser.eval_on("#copies-completion_ja", "return el.disabled").await, true);
    no_sideways_scrolling(&browser).await;
    browser.click_on("#next").await;
    browser.wait_for_text("#none-chosen", "証明書を1部以上選択してください。").await;
    choose(&browser, "#copies-graduation", "2").await;
    choose(&browser, "#copies-academic_record", "1").await;
    browser.screenshot("order-select-ja").await;
    browser.click_on("#next").await;

    // The confirmation: lines, total, and the store's printing fee apart.
    browser.wait_for_text("#total", "600円").await;
    browser.wait_for_text_containing("#store-fee", "60円").await;
    browser.screenshot("order-confirm-ja").await;
    browser.click_on("#place-order").await;
    browser.wait_for_text("#placed", "お申し込みを受け付けました。確認のメールを送信しました。").await;
    browser.wait_for_text("#order-state", "印刷可能").await;
    let reservation = browser.text(&browser.wait_for(".reservation-number").await).await;
    assert!(reservation.len() == 14 && reservation.matches('-').count() == 2, "{reservation}");
    app.mail.wait_for_text("order-ja@example.jp", 0, &reservation).await;
    browser.wait_for(".how-to-print").await;
    no_sideways_scrolling(&browser).await;
    browser.screenshot("order-placed-ja").await;

    // On the top page under the current list; cancelled, it moves to the finished list.
    browser.click_on("#to-top").await;
    browser.wait_for_text("#current-applications .order-item .reservation-number", &reservation).await;
    browser.click_on("#current-applications .order-link").await;
    browser.click_on("#cancel-order").await;
    browser.click_on("#confirm-cancel").await;
    browser.wait_for_text("#order-state", "取消済み").await;
    browser.click_on("#to-top").await;
    browser.wait_for_text("#application-history .order-item .state", "取消済み").await;
    browser.quit().await;
}

async fn staff_fulfil(app: &TestApp, number: &str) {
    let staff = app.staff_token().await;
    let path = |action: &str| format!("/api/v1/staff/orders/{number}/{action}");
    let paid = app
        .client
        .post(app.url(&path("payments")))
        .bearer_auth(&staff)
        .header("Idempotency-Key", "browser-pay-0001")
        .json(&json!({"amount_yen": 1060, "method": "staff_confirmed", "note": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), 201);
    assert_eq!(app.staff_send(Method::POST, &staff, &path("printed"), None).await.status(), 200);
    let shipment = json!({"carrier": "japan_post", "tracking_number": "1234-5678-9012"});
    assert_eq!(app.staff_send(Method::POST, &staff, &path("shipment"), Some(shipment)).await.status(), 200);
}

#[tokio::test]
async fn ordering_by_post_on_a_desktop_in_english() {
    let Some(app) = app_with_built_spa().await else { return };
    let browser = Browser::start(1280, 900).await;
    logged_in(&app, &browser, "order-en@example.jp").await;
    browser.eval("localStorage.setItem('cis.lang', 'en')").await;
    browser.goto(&app.url("/home")).await;
    browser.wait_for_text("#issue-certificate h2", "Issue certificate").await;
    browser.click_on("#order-post").await;
    browser.wait_for_text(".screen-title", "Order certificates (by post)").await;
    browser.wait_for_text("tr[data-code=academic_record] th label", "Certificate of Academic Record").await;
    choose(&browser, "#copies-academic_record", "3").await;
    browser.click_on("#next").await;

    // The delivery, prefilled from the profile; an emptied field is refused at itself.
    browser.wait_for_text(".order-delivery h2", "Delivery").await;
    assert_eq!(browser.eval_on("#postal-code", "return el.value").await, "100-0001");
    assert_eq!(browser.eval_on("#recipient", "return el.value").await, "電電 太郎");
    // Abroad: the countries by name in the screen's language, and the overseas postage only.
    browser.click_on("#abroad").await;
    browser.wait_for_text("#country option[value='US']", "United States").await;
    browser.wait_for("input.postage[value=airmail]").await;
    assert!(browser.find("input.postage[value=registered]").await.is_none());
    browser.click_on("#in-japan").await;
    browser.wait_for("#postal-code").await;
    browser.fill("#street", "").await;
    browser.click_on("#check").await;
    browser.wait_for_text("#street-error", ErrorCode::Required.message(Locale::En)).await;
    browser.wait_for_text("#postage .error", ErrorCode::UnknownChoice.message(Locale::En)).await;
    browser.fill("#street", "千代田1-1").await;
    browser.click_on("input.postage[value=registered]").await;
    browser.click_on("#sealed-envelope").await;
    browser.screenshot("order-delivery-en").await;
    browser.click_on("#check").await;

    // Three copies at 200 yen and registered post at 460 yen.
    browser.wait_for_text("#total", "1,060 yen").await;
    let facts = browser.text(&browser.wait_for(".order-facts").await).await;
    for part in ["電電 太郎", "〒100-0001", "Postal money order or bank transfer", "In a sealed envelope"] {
        assert!(facts.contains(part), "{part}: {facts}");
    }
    browser.click_on("#place-order").await;
    browser.wait_for_text("#order-state", "Awaiting payment").await;
    browser.wait_for("#pay-by-transfer").await;
    browser.wait_for_text_containing("#transfer-instructions", "00120-3-456789").await;
    let number = browser.text(&browser.wait_for("#order-number").await).await;

    // Staff take the payment, print and ship it: the page shows the tracking number.
    staff_fulfil(&app, &number).await;
    browser.goto(&app.url(&format!("/orders/{number}"))).await;
    browser.wait_for_text("#order-state", "Shipped").await;
    browser.wait_for_text(".tracking-number", "123456789012").await;
    browser.wait_for_text(".carrier", "Japan Post").await;
    assert!(browser.find("#cancel-order").await.is_none(), "a shipped order cannot be cancelled");
    browser.screenshot("order-shipped-en").await;
    browser.click_on("#to-top").await;
    browser.wait_for_text("#current-applications .order-item .tracking-number", "123456789012").await;
    browser.quit().await;
}

/// A post order placed over the API, waiting for its payment: its number.
pub(crate) async fn post_order_waiting(app: &TestApp, email: &str) -> String {
    let token = app.active_graduate(email).await.access_token;
    let get = |path: String| app.client.get(app.url(&path)).bearer_auth(&token).send();
    let me: serde_json::Value = get("/api/v1/me".into()).await.unwrap().json().await.unwrap();
    let enrollment = me["enrollments"][0]["id"].as_i64().unwrap();
    let options: serde_json::Value = get(format!("/api/v1/orders/options?channel=post&enrollment_id={enrollment}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let record = options["types"].as_array().unwrap().iter().find(|t| t["code"] == "academic_record").unwrap();
    let body = json!({
        "channel": "post", "enrollment_id": enrollment, "payment_method": "staff_confirmed",
        "items": [{"certificate_type_id": record["certificate_type_id"], "copies": 3}],
        "delivery": {"recipient": "電電 太郎", "country": "JP",
            "address": {"postal_code": "100-0001", "prefecture": "東京都", "city": "千代田区", "street": "千代田1-1", "apartment": null},
            "postage": "registered", "sealed_envelope": false}
    });
    let placed = app
        .client
        .post(app.url("/api/v1/orders"))
        .bearer_auth(&token)
        .header("Idempotency-Key", "staff-screen-0001")
        .json(&body);
    let placed: serde_json::Value = placed.send().await.unwrap().json().await.unwrap();
    placed["order_number"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn staff_take_the_payment_print_and_ship_a_post_order_in_english() {
    let Some(app) = app_with_built_spa().await else { return };
    let graduate = "staff-orders@example.jp";
    let number = post_order_waiting(&app, graduate).await;
    let browser = Browser::start(1280, 900).await;
    browser.goto(&app.url("/staff/login")).await;
    browser.click_on("#lang option[value=en]").await;
    browser.wait_for_text(".screen-title", "Staff login").await;
    browser.type_in("#email", cis_tests::ADMIN_EMAIL).await;
    browser.type_in("#password", cis_tests::ADMIN_PASSWORD).await;
    browser.click_on("#login").await;

    // The fulfilment queue is empty until the payment is recorded.
    browser.click_on("#nav-orders").await;
    browser.wait_for_text(".screen-title", "Certificate orders").await;
    browser.wait_for("#no-orders").await;
    choose(&browser, "#filter-state", "awaiting_payment").await;
    browser.click_on(&format!("tr[data-order='{number}'] a")).await;
    browser.wait_for_text("#order-number", &number).await;
    assert_eq!(browser.eval_on("#amount", "return el.value").await, "1060");
    browser.fill("#payment-note", "Postal money order").await;
    browser.click_on("#record-payment").await;
    browser.wait_for_text("#order-state", "In preparation").await;

    browser.click_on("#back-to-orders").await;
    browser.click_on(&format!("tr[data-order='{number}'] a")).await;
    browser.click_on("#mark-printed").await;
    browser.wait_for("#shipment-form").await;
    browser.fill("#tracking-number", "12/34").await;
    browser.click_on("#record-shipment").await;
    let message = ErrorCode::TrackingNumberInvalid.message(Locale::En);
    browser.wait_for_text("#action-errors li[data-field='/tracking_number']", message).await;
    browser.fill("#tracking-number", "EJ123456789JP").await;
    browser.click_on("#record-shipment").await;
    browser.wait_for_text("#order-state", "Shipped").await;
    browser.wait_for("#history li[data-action='order.shipped']").await;
    browser.screenshot("staff-order-shipped-en").await;
    let mail = app.mail.wait_for_text(graduate, 0, "EJ123456789JP").await;
    assert_eq!(mail.subject(), "[The University] Your certificates are on their way");
    browser.quit().await;
}

#[tokio::test]
async fn paying_by_card_on_stripe_checkout_in_japanese() {
    let stripe = cis_tests::StripeDouble::start().await;
    let Some(app) = super::app_with_built_spa_and(stripe.vars()).await else { return };
    stripe.pay_into(app.url("/api/v1/payments/stripe/webhook"));
    let browser = Browser::start(1280, 900).await;
    logged_in(&app, &browser, "card-ja@example.jp").await;
    browser.click_on("#order-convenience-store").await;
    choose(&browser, "#copies-graduation", "1").await;
    // Two ways to pay: at the store when printing, or by card now.
    browser.click_on("input.payment-choice[value=card]").await;
    browser.click_on("#next").await;
    browser.wait_for_text("#total", "200円").await;
    browser.wait_for_text(".order-facts .payment", "クレジットカード").await;
    browser.click_on("#place-order").await;
    // Stripe Checkout (the double's page) takes the card, tells the service, and sends the
    // graduate back to the order: paid, with its reservation number.
    browser.wait_for_text("#order-state", "印刷可能").await;
    browser.wait_for_text("#placed", "お申し込みを受け付けました。確認のメールを送信しました。").await;
    let reservation = browser.text(&browser.wait_for(".reservation-number").await).await;
    assert_eq!(reservation.len(), 14, "{reservation}");
    assert!(browser.find("#pay-by-card").await.is_none());
    assert_eq!(stripe.requests_to("/v1/checkout/sessions").len(), 1);
    browser.quit().await;
}

#[tokio::test]
async fn an_administrator_keeps_the_catalogue_in_japanese() {
    let Some(app) = app_with_built_spa().await else { return };
    let browser = Browser::start(1280, 900).await;
    browser.goto(&app.url("/staff/login")).await;
    browser.wait_for_text(".screen-title", "職員ログイン").await;
    browser.type_in("#email", cis_tests::ADMIN_EMAIL).await;
    browser.type_in("#password", cis_tests::ADMIN_PASSWORD).await;
    browser.click_on("#login").await;
    browser.click_on("#nav-catalog").await;
    browser.wait_for_text(".screen-title", "証明書の種類と手数料").await;

    // A new type with a code that is not one: refused at the field before it is sent.
    browser.click_on("#add-type").await;
    browser.fill("#type-code", "Transcript!").await;
    browser.fill("#type-name-ja", "在学期間証明書").await;
    browser.fill("#type-name-en", "Certificate of Enrollment Period").await;
    browser.fill("#type-fee", "300").await;
    browser.click_on("#save-type").await;
    browser.wait_for_text("#type-form .invalid .error", ErrorCode::CodeInvalid.message(Locale::Ja)).await;
    browser.fill("#type-code", "enrollment_period").await;
    browser.click_on("#save-type").await;
    browser.wait_for_text("tr[data-code=enrollment_period] td:nth-child(3)", "300円").await;

    // The commission of a type, then the store's printing fee.
    browser.click_on("tr[data-code=graduation] .edit-type").await;
    browser.fill("#type-fee", "250").await;
    browser.click_on("#save-type").await;
    browser.wait_for_text("tr[data-code=graduation] td:nth-child(3)", "250円").await;
    browser.fill("#print-fee", "30").await;
    browser.click_on("#save-settings").await;
    browser.wait_for_text("#settings-saved", "保存しました。").await;
    browser.screenshot("staff-catalog-ja").await;
    let settings: serde_json::Value =
        app.staff_get(&app.staff_token().await, "/api/v1/staff/catalog/order-settings").await.json().await.unwrap();
    assert_eq!(settings["print_fee_per_sheet_yen"], 30);
    browser.quit().await;
}
