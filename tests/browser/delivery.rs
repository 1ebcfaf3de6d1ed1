//! Digital delivery in the browser (issue 11): a graduate orders a certificate sent to a
//! named recipient in Japanese (a mail address refused at its field first); once staff
//! record the payment the order's page shows the delivery sent and not opened; the recipient
//! opens the mailed link in English and downloads the PDF and the credential; the order's
//! page then shows it opened, with both downloads, and no way to cancel.

use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use cis_tests::webdriver::Browser;
use serde_json::json;

use super::app_with_built_spa;
use super::session::logged_in;

const GRADUATE: &str = "digital-ja@example.jp";
const RECIPIENT: &str = "recruiter@example.com";

#[tokio::test]
async fn a_certificate_sent_digitally_is_downloaded_by_its_recipient() {
    let Some(app) = app_with_built_spa().await else { return };
    let browser = Browser::start(1280, 900).await;
    logged_in(&app, &browser, GRADUATE).await;

    browser.click_on("#order-digital").await;
    browser.wait_for_text(".screen-title", "証明書の申込（電子データで送信）").await;
    // One copy of each: the copies offered go up to 1.
    browser.wait_for("#copies-graduation option[value='1']").await;
    assert!(browser.find("#copies-graduation option[value='2']").await.is_none());
    browser.click_on("#copies-graduation option[value='1']").await;
    browser.click_on("#next").await;

    // The recipient, checked by the shared rules at each field.
    browser.wait_for_text(".order-delivery h2", "送信先").await;
    browser.type_in("#recipient-name", "Hanako Suzuki").await;
    browser.type_in("#recipient-organisation", "Example Trading Co., Ltd.").await;
    browser.type_in("#recipient-email", "recruiter at example").await;
    browser.click_on("#check").await;
    browser.wait_for_text("#recipient-email-error", ErrorCode::EmailInvalid.message(Locale::Ja)).await;
    browser.fill("#recipient-email", RECIPIENT).await;
    browser.click_on("#check").await;
    browser.wait_for_text("#confirmation .recipient-email", RECIPIENT).await;
    browser.wait_for_text("#confirmation .destination", "電子データで送信").await;
    browser.screenshot("delivery-confirm-ja").await;
    browser.click_on("#place-order").await;
    browser.wait_for_text("#order-state", "お支払い待ち").await;
    browser.wait_for("#delivery-waiting").await;
    let number = browser.text(&browser.wait_for("#order-number").await).await;

    // Staff record the transfer: the delivery goes out.
    let staff = app.staff_token().await;
    let order: serde_json::Value =
        app.staff_get(&staff, &format!("/api/v1/staff/orders/{number}")).await.json().await.unwrap();
    let paid = app
        .client
        .post(app.url(&format!("/api/v1/staff/orders/{number}/payments")))
        .bearer_auth(&staff)
        .header("Idempotency-Key", "browser-digital-pay-0001")
        .json(&json!({"amount_yen": order["order"]["total_yen"], "method": "staff_confirmed", "note": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), 201);
    let mail = app.mail.wait_for(RECIPIENT).await;
    let link = mail.links().into_iter().find(|l| l.contains("/receive#")).expect("the recipient's link");

    browser.goto(&app.url(&format!("/orders/{number}"))).await;
    browser.wait_for_text("#delivery-status", "送信済み（未開封）").await;
    browser.wait_for("#no-downloads").await;
    browser.wait_for("#cancel-delivery").await;
    browser.screenshot("delivery-sent-ja").await;

    // The recipient, in English: who sends what, and the two downloads.
    browser.goto(&link).await;
    browser.wait_for("#delivery-intro").await;
    browser.click_on("#lang option[value='en']").await;
    browser.wait_for_text(".screen-title", "Certificates for you").await;
    browser.wait_for_text_containing("#delivery-intro", "電電 太郎").await;
    browser.wait_for_text("#delivery-to", "Hanako Suzuki (Example Trading Co., Ltd.)").await;
    browser.wait_for_text(".document .document-title", "卒業証明書").await;
    browser.click_on(".document .download-pdf").await;
    browser.wait_for_text(".document .notice", "Downloaded.").await;
    browser.click_on(".document .download-credential").await;
    browser.screenshot("delivery-received-en").await;

    // The graduate sees it opened, both downloads, and no Cancel any more.
    browser.goto(&app.url(&format!("/orders/{number}"))).await;
    browser.wait_for_text("#order-state", "Completed").await;
    browser.wait_for_text("#delivery-status", "Opened").await;
    browser.wait_until("return document.querySelectorAll('#downloads .download').length === 2").await;
    assert!(browser.find("#cancel-delivery").await.is_none());

    // A broken link says so, without asking the server.
    browser.goto(&app.url("/receive#not-a-token")).await;
    browser.wait_for("#link-invalid").await;
    browser.quit().await;
}
