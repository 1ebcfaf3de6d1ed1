//! The university sends an application back: the link in the mail reopens the submitted
//! form, filled in, with the reviewer's reason; Check, Application, the reception again.

use cis_tests::webdriver::Browser;
use serde_json::Value;

use super::app_with_built_spa;

#[tokio::test]
async fn a_resubmission_link_reopens_the_form_with_the_reason_and_submits_it_again() {
    let Some(app) = app_with_built_spa().await else { return };
    let email = "again@example.jp";
    let reception = app.submitted_application(email, "電電 太郎", "デンデン タロウ").await;
    let token = app.staff_token().await;
    let page: Value =
        app.staff_get(&token, &format!("/api/v1/staff/applications?q={reception}")).await.json().await.unwrap();
    let id = page["items"][0]["id"].as_i64().unwrap();
    let reason = "The image of the licence is blurred.";
    let response = app
        .client
        .post(app.url(&format!("/api/v1/staff/applications/{id}/decision")))
        .bearer_auth(&token)
        .json(&serde_json::json!({"decision": "request_resubmission", "reason": reason}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mail = app.mail.wait_for_nth(email, 3).await;
    let link = mail.links().into_iter().find(|l| l.contains("/resubmit/")).expect("a resubmission link");

    let browser = Browser::start_phone().await;
    browser.goto(&link).await;
    browser.wait_for_text(".screen-title", "申請者情報登録").await;
    let shown = browser.text(&browser.wait_for("#resubmission-reason").await).await;
    assert!(shown.contains(reason), "{shown}");
    assert_eq!(browser.eval_on("#applicant-name", "return el.value").await, "電電 太郎");
    assert_eq!(browser.eval_on("#student-id", "return el.value").await, "1234567");
    // The attached image is shown, from the resubmission's own path.
    browser.wait_for("#front-preview").await;
    for _ in 0..50 {
        if browser.eval_on("#front-preview", "return el.naturalWidth").await == 640 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(browser.eval_on("#front-preview", "return el.naturalWidth").await, 640);
    // The cascaded selects show the chosen subject once the catalogue has loaded.
    for _ in 0..50 {
        if browser.eval_on("#affiliation-3", "return el.selectedIndex").await != 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_ne!(browser.eval_on("#affiliation-3", "return el.selectedIndex").await, 0);
    browser.screenshot("resubmission-form-ja").await;

    browser.type_into(&browser.wait_for("#remarks").await, "A sharper photo.").await;
    browser.click_on("#check").await;
    browser.wait_for_text(".screen-title", "申請内容確認").await;
    browser.click_on("#apply").await;
    browser.wait_for_text(".screen-title", "申請受付").await;
    browser.wait_for_text("#reception-number", &reception).await;
    browser.screenshot("resubmission-reception-ja").await;

    // The link is used up.
    browser.goto(&link).await;
    browser.wait_for("#link-problem").await;
    browser.quit().await;
}
