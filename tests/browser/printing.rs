//! Issue 11's staff screens in the browser: the counter prints a convenience-store order
//! from its lookup to Printed (a wrong amount refused, a failed job printed again), in
//! Japanese and English; an administrator registers a print station, sees its key once and
//! revokes it; a copy is revoked from its order's screen and its verification says so; a post
//! order's PDF issues its copies; a CSV import names a bad row's column and saves nothing,
//! then a good one is imported.

use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use cis_tests::webdriver::Browser;
use cis_tests::TestApp;
use reqwest::Method;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

use super::app_with_built_spa;
use super::orders::post_order_waiting;
use super::staff::administrator_logged_in;
use super::verification::{printed_copy, reserved_order};

/// A link that saves a PDF fetched with the staff token: a `blob:` address and a file name.
/// (The page's CSP keeps `fetch` off `blob:`; the PDF itself is checked by the API tests.)
async fn pdf_link(browser: &Browser, css: &str) {
    let href = browser.eval_on(css, "return el.href").await;
    assert!(href.as_str().unwrap().starts_with("blob:"), "{href}");
    let name = browser.eval_on(css, "return el.download").await;
    assert!(name.as_str().unwrap().ends_with(".pdf"), "{name}");
}

struct CounterWords {
    lang: &'static str,
    locale: Locale,
    title: &'static str,
    printed: fn(&str) -> String,
    failed: &'static str,
}

const COUNTER_JA: CounterWords = CounterWords {
    lang: "ja",
    locale: Locale::Ja,
    title: "窓口での証明書の印刷",
    printed: |number| format!("申込 {number} の証明書を印刷済みにしました。申込は完了です。"),
    failed: "印刷失敗を記録しました。同じ証明書をもう一度印刷できます。",
};

const COUNTER_EN: CounterWords = CounterWords {
    lang: "en",
    locale: Locale::En,
    title: "Printing at the counter",
    printed: |number| format!("The certificates of order {number} are printed; the order is completed."),
    failed: "The failure is recorded. The same copies can be printed again.",
};

async fn counter_prints_an_order(app: &TestApp, words: &CounterWords, email: &str) {
    let (number, reservation) = reserved_order(app, email).await;
    let admin = app.staff_token().await;
    let due: Value = app.staff_get(&admin, &format!("/api/v1/staff/counter/{reservation}")).await.json().await.unwrap();
    let due = due["amount_due_yen"].as_u64().unwrap();
    let browser = Browser::start(1280, 900).await;
    administrator_logged_in(&browser, app, words.lang).await;
    browser.click_on("#nav-counter").await;
    browser.wait_for_text(".screen-title", words.title).await;

    // A number no order has, then the reservation number as the graduate reads it out.
    browser.type_in("#counter-number", "1234-5678-9012").await;
    browser.click_on("#look-up").await;
    browser.wait_for_text("#counter-problem", ErrorCode::ReservationUnknown.message(words.locale)).await;
    let grouped = format!("{}-{}-{}", &reservation[..4], &reservation[4..8], &reservation[8..]);
    browser.fill("#counter-number", &grouped).await;
    browser.click_on("#look-up").await;
    browser.wait_for_text("#counter-order-number", &number).await;
    browser.wait_for_text("#holder-name", "電電 太郎").await;
    browser.wait_for_text("#counter-reservation", &grouped).await;
    let amount = browser.text(&browser.wait_for("#amount-due").await).await;
    assert!(amount.contains(&due.to_string()), "{amount} for {due}");

    // Not the amount due: refused at the field, nothing started.
    browser.type_in("#amount-taken", "1").await;
    browser.click_on("#start-printing").await;
    browser.wait_for_text("#amount-taken-error", ErrorCode::AmountDueMismatch.message(words.locale)).await;
    browser.fill("#amount-taken", &due.to_string()).await;
    browser.click_on("#start-printing").await;
    browser.wait_for("#print-job").await;
    pdf_link(&browser, "#copy-pdf-0").await;
    let code = browser.eval_on(".job-copy", "return el.dataset.code").await;
    browser.screenshot(&format!("staff-counter-printing-{}", words.lang)).await;

    // The printer jams: the order comes back, and the same copy prints again.
    browser.click_on("#print-failed").await;
    browser.wait_for_text("#counter-done", words.failed).await;
    browser.wait_for_text("#counter-order-number", &number).await;
    browser.fill("#amount-taken", &due.to_string()).await;
    browser.click_on("#start-printing").await;
    browser.wait_for("#copy-pdf-0").await;
    assert_eq!(browser.eval_on(".job-copy", "return el.dataset.code").await, code, "the same copy");
    browser.click_on("#print-done").await;
    browser.wait_for_text("#counter-done", &(words.printed)(&number)).await;
    assert!(browser.find("#print-job").await.is_none());
    let order: Value = app.staff_get(&admin, &format!("/api/v1/staff/orders/{number}")).await.json().await.unwrap();
    assert_eq!(order["order"]["state"], "completed");

    // Nothing is handed out twice.
    browser.fill("#counter-number", &reservation).await;
    browser.click_on("#look-up").await;
    browser.wait_for_text("#counter-problem", ErrorCode::AlreadyPrinted.message(words.locale)).await;
    browser.quit().await;
}

#[tokio::test]
async fn the_counter_prints_a_convenience_store_order_in_japanese() {
    let Some(app) = app_with_built_spa().await else { return };
    counter_prints_an_order(&app, &COUNTER_JA, "counter-ja@example.jp").await;
}

#[tokio::test]
async fn the_counter_prints_a_convenience_store_order_in_english() {
    let Some(app) = app_with_built_spa().await else { return };
    counter_prints_an_order(&app, &COUNTER_EN, "counter-en@example.jp").await;
}

#[tokio::test]
async fn an_administrator_registers_a_station_sees_its_key_once_and_revokes_it_in_english() {
    let Some(app) = app_with_built_spa().await else { return };
    let browser = Browser::start(1280, 900).await;
    administrator_logged_in(&browser, &app, "en").await;
    browser.click_on("#nav-stations").await;
    browser.wait_for_text(".screen-title", "Print stations (convenience stores and the counter)").await;
    browser.wait_for("#no-stations").await;

    // The name is required, checked before it is sent.
    browser.click_on("#register-station").await;
    browser.wait_for_text("#station-name-error", ErrorCode::Required.message(Locale::En)).await;
    browser.type_in("#station-name", "Main office counter").await;
    browser.click_on("#station-kind option[value=counter]").await;
    browser.click_on("#register-station").await;

    // The key, once, with the warning; it opens the station API.
    browser.wait_for("#station-key-dialog").await;
    let warning = browser.text(&browser.wait_for("#key-warning").await).await;
    assert!(warning.contains("shown now and never again"), "{warning}");
    let key = browser.text(&browser.wait_for("#station-key").await).await;
    assert!(key.starts_with("cis_ps_"), "{key}");
    browser.wait_for("#copy-key").await;
    browser.screenshot("staff-station-key-en").await;
    let lookup = |key: String| {
        let request = app.client.get(app.url("/api/v1/print-stations/reservations/000000000000")).bearer_auth(key);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(lookup(key.clone()).await, 404, "a valid key: the reservation is what is unknown");
    browser.click_on("#close-key").await;
    browser.wait_until("return document.querySelector('#station-key-dialog') === null").await;
    let row = browser.text(&browser.wait_for("tr.station-row").await).await;
    assert!(
        row.contains("Main office counter") && row.contains("University counter") && row.contains("In use"),
        "{row}"
    );
    let shown = browser.eval(&format!("return document.body.innerText.includes({key:?})")).await;
    assert_eq!(shown, false, "the key is not shown again");

    // Revoked after confirming: the key opens nothing any more.
    browser.click_on("tr.station-row .revoke-station").await;
    browser
        .wait_for_text(
            "#confirm-message",
            "Revoke the API key of \"Main office counter\"? The station can then no longer look up or print reservations. This cannot be undone.",
        )
        .await;
    browser.click_on("#confirm-ok").await;
    browser.wait_for_text("#station-revoked", "The API key of \"Main office counter\" was revoked.").await;
    browser.wait_for_text_containing("tr.station-row", "Revoked").await;
    assert!(browser.find("tr.station-row .revoke-station").await.is_none());
    assert_eq!(lookup(key).await, 401);
    browser.quit().await;
}

#[tokio::test]
async fn a_copy_is_revoked_from_its_order_and_its_verification_says_so_in_japanese() {
    let Some(app) = app_with_built_spa().await else { return };
    let copy = printed_copy(&app, "revoke-ja@example.jp").await;
    let browser = Browser::start(1280, 900).await;
    administrator_logged_in(&browser, &app, "ja").await;
    browser.goto(&app.url(&format!("/staff/orders/{}", copy.order_number))).await;
    let row = format!("tr.copy-row[data-code='{}']", copy.code);
    browser.wait_for_text_containing(&row, "有効").await;

    // The reason is required; then confirmed, the copy stands revoked with it.
    browser.click_on(&format!("{row} .revoke-copy")).await;
    browser.wait_for("#revoke-dialog").await;
    browser.click_on("#revoke-confirm").await;
    browser.wait_for_text("#revoke-reason-error", ErrorCode::Required.message(Locale::Ja)).await;
    browser.type_in("#revoke-reason", "記載誤りのため再発行").await;
    browser.screenshot("staff-copy-revoke-ja").await;
    browser.click_on("#revoke-confirm").await;
    browser.wait_for_text("#copy-revoked", &format!("証明書 {} を取り消しました。", copy.code)).await;
    browser.wait_for_text_containing(&format!("{row}.revoked"), "取消済み").await;
    browser.wait_for_text(&format!("{row} .revocation-reason"), "記載誤りのため再発行").await;
    assert!(browser.find(&format!("{row} .revoke-copy")).await.is_none());

    let verified: Value = app.get(&format!("/api/v1/verifications/{}", copy.code)).await.json().await.unwrap();
    assert_eq!(verified["status"], "revoked");
    assert_eq!(verified["revocation_reason"], "記載誤りのため再発行");
    browser.quit().await;
}

#[tokio::test]
async fn a_post_orders_pdf_issues_its_copies_before_it_is_marked_printed_in_english() {
    let Some(app) = app_with_built_spa().await else { return };
    let number = post_order_waiting(&app, "post-pdf@example.jp").await;
    let admin = app.staff_token().await;
    let paid = app
        .client
        .post(app.url(&format!("/api/v1/staff/orders/{number}/payments")))
        .bearer_auth(&admin)
        .header("Idempotency-Key", "post-pdf-pay-0001")
        .json(&json!({"amount_yen": 1060, "method": "staff_confirmed", "note": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), 201);
    let browser = Browser::start(1280, 900).await;
    administrator_logged_in(&browser, &app, "en").await;
    browser.goto(&app.url(&format!("/staff/orders/{number}"))).await;
    browser.wait_for_text("#no-copies", "No copies issued yet (they are issued when printed).").await;
    browser.click_on("#download-pdf").await;
    pdf_link(&browser, "#order-pdf").await;
    browser.wait_until("return document.querySelectorAll('tr.copy-row').length === 3").await;
    browser.screenshot("staff-post-pdf-en").await;
    browser.click_on("#mark-printed").await;
    browser.wait_for("#shipment-form").await;
    let copies: Value =
        app.staff_get(&admin, &format!("/api/v1/staff/orders/{number}/copies")).await.json().await.unwrap();
    assert_eq!(copies.as_array().unwrap().len(), 3);
    browser.quit().await;
}

async fn stored_records(app: &TestApp) -> i64 {
    let db = app.db();
    let count = Statement::from_string(db.get_database_backend(), "SELECT COUNT(*) AS n FROM academic_records");
    db.query_one(count).await.unwrap().unwrap().try_get::<i64>("", "n").unwrap()
}

#[tokio::test]
async fn a_csv_import_names_a_bad_rows_column_saves_nothing_then_imports_a_good_file_in_english() {
    let Some(app) = app_with_built_spa().await else { return };
    app.active_graduate("records@example.jp").await;
    let header = "student_id,term,course_code,title_ja,title_en,credits,grade\n";
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{header}1234567,2024 前期,ECO-101,経済学入門,Introduction,25,A\n")).unwrap();
    let good = dir.path().join("good.csv");
    let rows = "1234567,2024 前期,ECO-101,経済学入門,Introduction to Economics,2,A\n\
                1234567,2024 後期,ECO-102,経済学演習,Seminar in Economics,1.5,S\n";
    std::fs::write(&good, format!("{header}{rows}")).unwrap();

    let browser = Browser::start(1280, 900).await;
    administrator_logged_in(&browser, &app, "en").await;
    browser.click_on("#nav-import").await;
    browser.wait_for_text(".screen-title", "Import academic records (CSV)").await;
    browser.wait_for_text("#import-columns", "student_id,term,course_code,title_ja,title_en,credits,grade").await;

    // The bad row's cell is named; Import is not offered; nothing is saved.
    browser.type_in("#csv-file", &bad.display().to_string()).await;
    let problem = "tr.import-error[data-row='2'][data-column='credits']";
    browser.wait_for_text_containing(problem, ErrorCode::OutOfRange.message(Locale::En)).await;
    browser.wait_for_text("#import-summary", "Rows: 1. Students: 0.").await;
    assert_eq!(browser.eval_on("#import", "return el.disabled").await, true);
    browser.screenshot("staff-import-problems-en").await;
    assert_eq!(stored_records(&app).await, 0);

    // The corrected file: no problems, then imported.
    browser.type_in("#csv-file", &good.display().to_string()).await;
    browser.wait_for("#no-problems").await;
    browser.wait_for_text("#import-summary", "Rows: 2. Students: 1.").await;
    assert_eq!(stored_records(&app).await, 0, "the preview saves nothing");
    browser.wait_until("return document.querySelector('#import').disabled === false").await;
    browser.click_on("#import").await;
    browser.wait_for_text("#imported", "Imported. Rows: 2. Students: 1.").await;
    assert_eq!(stored_records(&app).await, 2);
    let admin = app.staff_token().await;
    let log: Value =
        app.staff_send(Method::GET, &admin, "/api/v1/staff/audit-events", None).await.json().await.unwrap();
    assert!(log["items"].as_array().unwrap().iter().any(|e| e["action"] == "academic_records.imported"));
    browser.quit().await;
}
