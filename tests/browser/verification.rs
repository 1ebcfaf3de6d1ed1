//! The public verification of a certificate (issue 11) in the browser, without login: a copy
//! printed at a convenience store verifies from its QR code's address (the code in the
//! fragment), by its code typed as a person types it, and by its PDF file chosen or dropped on
//! the page; a malformed code is refused at the field, an unknown one is named; after staff
//! revoke the copy, the page shows since when and why; a client that misses too often is told
//! to wait. In Japanese on a phone and in English
//! on a desktop.

use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use cis_tests::webdriver::Browser;
use cis_tests::TestApp;
use reqwest::Method;
use serde_json::{json, Value};

use super::app_with_built_spa;

/// A copy a station printed: its order, code (`XXXX-XXXX-XXXX-XXXX`), file and issue date as
/// the page writes it.
pub(crate) struct PrintedCopy {
    pub(crate) order_number: String,
    pub(crate) code: String,
    pdf: Vec<u8>,
    issued_on: String,
}

/// A graduate's order of a certificate of graduation for a convenience store, to pay at the
/// store: its order number and reservation number (12 digits).
pub(crate) async fn reserved_order(app: &TestApp, email: &str) -> (String, String) {
    let token = app.active_graduate(email).await.access_token;
    let read = |path: String| {
        let request = app.client.get(app.url(&path)).bearer_auth(&token);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let enrollment = read("/api/v1/me".into()).await["enrollments"][0]["id"].as_i64().unwrap();
    let options = read(format!("/api/v1/orders/options?channel=convenience_store&enrollment_id={enrollment}")).await;
    let graduation = options["types"].as_array().unwrap().iter().find(|t| t["code"] == "graduation").unwrap();
    let order = json!({
        "channel": "convenience_store", "enrollment_id": enrollment, "payment_method": "at_store",
        "items": [{"certificate_type_id": graduation["certificate_type_id"], "copies": 1}]
    });
    let placed =
        app.client.post(app.url("/api/v1/orders")).bearer_auth(&token).header("Idempotency-Key", "verify-order-0001");
    let placed = placed.json(&order).send().await.unwrap();
    assert_eq!(placed.status(), 201);
    let placed: Value = placed.json().await.unwrap();
    let reservation = placed["reservation_number"].as_str().unwrap().replace(' ', "");
    (placed["order_number"].as_str().unwrap().to_owned(), reservation)
}

/// A graduate orders a certificate of graduation for a convenience store; a registered store
/// station prints it, collecting the amount due.
pub(crate) async fn printed_copy(app: &TestApp, email: &str) -> PrintedCopy {
    let admin = app.staff_token().await;
    let station = json!({"name": "Multi-copy machine", "kind": "convenience_store"});
    let station = app.staff_send(Method::POST, &admin, "/api/v1/staff/print-stations", Some(station)).await;
    assert_eq!(station.status(), 201);
    let key = station.json::<Value>().await.unwrap()["api_key"].as_str().unwrap().to_owned();
    let (order_number, reservation) = reserved_order(app, email).await;

    let station = |method: Method, path: String| app.client.request(method, app.url(&path)).bearer_auth(&key);
    let lookup =
        station(Method::GET, format!("/api/v1/print-stations/reservations/{reservation}")).send().await.unwrap();
    let amount = lookup.json::<Value>().await.unwrap()["amount_due_yen"].clone();
    let job = station(Method::POST, "/api/v1/print-stations/print-jobs".into())
        .header("Idempotency-Key", "verify-job-0001")
        .json(&json!({"reservation_number": reservation, "amount_yen": amount}))
        .send()
        .await
        .unwrap();
    assert_eq!(job.status(), 201);
    let job: Value = job.json().await.unwrap();
    let code = job["copies"][0]["verification_code"].as_str().unwrap().to_owned();
    let pdf = station(Method::GET, job["copies"][0]["pdf_url"].as_str().unwrap().to_owned()).send().await.unwrap();
    let pdf = pdf.bytes().await.unwrap().to_vec();
    let printed = station(Method::POST, format!("/api/v1/print-stations/print-jobs/{}/complete", job["id"]));
    assert_eq!(printed.send().await.unwrap().status(), 204);

    let verification: Value = app.get(&format!("/api/v1/verifications/{code}")).await.json().await.unwrap();
    let issued_on = verification["issued_on"].as_str().unwrap().replace('-', "/");
    PrintedCopy { order_number, code, pdf, issued_on }
}

/// Staff revoke the copy with a reason.
async fn revoke(app: &TestApp, copy: &PrintedCopy, reason: &str) {
    let admin = app.staff_token().await;
    let copies: Value = app
        .staff_get(&admin, &format!("/api/v1/staff/orders/{}/copies", copy.order_number))
        .await
        .json()
        .await
        .unwrap();
    let id = copies.as_array().unwrap().iter().find(|c| c["verification_code"] == copy.code.as_str()).unwrap()["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/staff/copies/{id}/revocation");
    assert_eq!(app.staff_send(Method::POST, &admin, &path, Some(json!({"reason": reason}))).await.status(), 200);
}

/// Types a code into the field and checks it.
async fn check_code(browser: &Browser, typed: &str) {
    browser.fill("#code", typed).await;
    browser.click_on("#check-code").await;
}

#[tokio::test]
async fn a_copy_verifies_from_its_qr_code_and_by_its_file_in_japanese_until_revoked() {
    let Some(app) = app_with_built_spa().await else { return };
    let copy = printed_copy(&app, "verify-ja@example.jp").await;
    let browser = Browser::start_phone().await;

    // The QR code's address: the page reads the fragment, fills the field and checks at once.
    browser.goto(&app.url(&format!("/verify#{}", copy.code))).await;
    browser.wait_for_text(".screen-title", "証明書の確認").await;
    browser.wait_for_text("#verdict", "この証明書は有効です。").await;
    assert_eq!(browser.eval_on("#verification", "return el.dataset.status").await, "valid");
    browser.wait_for_text("#holder-name", "電電 太郎").await;
    browser.wait_for_text("#certificate-type", "卒業証明書").await;
    browser.wait_for_text("#issued-on", &copy.issued_on).await;
    browser.wait_for_text("#copy-status", "有効").await;
    assert_eq!(browser.eval_on("#code", "return el.value").await, copy.code.as_str());
    let fits = browser.eval("return document.documentElement.scrollWidth <= window.innerWidth").await;
    assert_eq!(fits, true, "no sideways scrolling on a phone");
    browser.screenshot("verify-valid-ja").await;

    // A code that cannot be one is refused at the field, and the last verdict goes.
    check_code(&browser, "7KQ2-9XGA").await;
    browser.wait_for_text("#code-error", ErrorCode::VerificationCodeInvalid.message(Locale::Ja)).await;
    assert_eq!(browser.eval_on("#code", "return el.getAttribute('aria-invalid')").await, "true");
    browser.wait_until("return document.querySelector('#verification') === null").await;
    // A code no copy has.
    check_code(&browser, "0000-0000-0000-0000").await;
    browser
        .wait_for_text("#no-such-code", "この証明書検証コードに該当する証明書はありません。コードをお確かめください。")
        .await;
    assert!(browser.text(&browser.wait_for("#code-error").await).await.is_empty());

    // Staff revoke it; typed in lower case without hyphens, it now reads revoked, since when
    // (Japan time) and why.
    revoke(&app, &copy, "記載内容の訂正のため").await;
    check_code(&browser, &copy.code.replace('-', "").to_lowercase()).await;
    browser.wait_for_text_containing("#verdict", "本学により取り消されています").await;
    assert_eq!(browser.eval_on("#verification", "return el.dataset.status").await, "revoked");
    browser.wait_for_text("#copy-status", "取消済み").await;
    browser.wait_for_text_containing("#revoked-at", "(日本時間)").await;
    browser.wait_for_text("#revocation-reason", "記載内容の訂正のため").await;
    assert_eq!(browser.eval_on("#code", "return el.value").await, copy.code.as_str());

    // The PDF chosen with the file input: the same copy, revoked.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("certificate.pdf");
    std::fs::write(&file, &copy.pdf).unwrap();
    browser.type_in("#file", &file.display().to_string()).await;
    let matches = format!("このファイルは、{} に発行された証明書そのものです。", copy.issued_on);
    browser.wait_for_text("#file-matches", &matches).await;
    browser.wait_for_text("#revocation-reason", "記載内容の訂正のため").await;
    browser.wait_for_text("#holder-name", "電電 太郎").await;
    browser.screenshot("verify-revoked-ja").await;

    // A client that misses too often waits, and is told for how long.
    for _ in 0..40 {
        if app.get("/api/v1/verifications/0000-0000-0000-0000").await.status() == 429 {
            break;
        }
    }
    check_code(&browser, &copy.code).await;
    browser.wait_for_text_containing("#problem", ErrorCode::RateLimited.message(Locale::Ja)).await;
    browser.wait_for_text_containing("#problem", "分後に再度お試しください").await;
    assert!(browser.find("#verification").await.is_none());
    browser.quit().await;
}

#[tokio::test]
async fn a_typed_code_and_a_dropped_file_verify_in_english_until_revoked() {
    let Some(app) = app_with_built_spa().await else { return };
    let copy = printed_copy(&app, "verify-en@example.jp").await;
    let browser = Browser::start_preferring(1280, 900, "en-GB,en").await;

    // Without a fragment the page waits for a code; typed in lower case with spaces.
    browser.goto(&app.url("/verify")).await;
    browser.wait_for_text(".screen-title", "Certificate verification").await;
    browser.wait_for_text("#code-form h2", "Check by verification code").await;
    assert!(browser.find("#verification").await.is_none());
    check_code(&browser, &copy.code.replace('-', " ").to_lowercase()).await;
    browser.wait_for_text("#verdict", "This certificate is valid.").await;
    browser.wait_for_text("#holder-name", "電電 太郎").await;
    browser.wait_for_text("#copy-status", "Valid").await;

    // A malformed code: the field says why, in English.
    check_code(&browser, "not a code").await;
    browser.wait_for_text("#code-error", ErrorCode::VerificationCodeInvalid.message(Locale::En)).await;

    // The PDF dropped on the page, then a file that is not exactly a copy.
    browser.drop_file("#drop-zone", "certificate.pdf", "application/pdf", &copy.pdf).await;
    let matches = format!("This file is exactly the certificate issued on {}.", copy.issued_on);
    browser.wait_for_text("#file-matches", &matches).await;
    browser.wait_for_text("#verdict", "This certificate is valid.").await;
    browser.screenshot("verify-file-en").await;
    let mut altered = copy.pdf.clone();
    altered.push(b'\n');
    browser.drop_file("#drop-zone", "certificate.pdf", "application/pdf", &altered).await;
    browser.wait_for_text("#no-match", "No certificate matches this file.").await;

    // Revoked: a second QR code opened into the page (only the fragment changes) is checked
    // at once and reads revoked.
    revoke(&app, &copy, "Reissued with a corrected name").await;
    browser.eval(&format!("location.hash = '{}'", copy.code)).await;
    browser.wait_for_text_containing("#verdict", "This certificate was revoked by the university on").await;
    browser.wait_for_text_containing("#revoked-at", "(JST)").await;
    browser.wait_for_text("#revocation-reason", "Reissued with a corrected name").await;
    browser.wait_for_text("#copy-status", "Revoked").await;
    browser.screenshot("verify-revoked-en").await;

    // LANG switches the verdict's words too.
    browser.click_on("#lang option[value=ja]").await;
    browser.wait_for_text("#copy-status", "取消済み").await;
    browser.wait_for_text_containing("#revoked-at", "(日本時間)").await;
    browser.quit().await;
}
