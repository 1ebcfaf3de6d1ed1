//! The whole journey of issue 4 in the browser: an administrator approves an application
//! in the staff area (in English); the graduate follows "Log in here" from the mail, logs
//! in with the initial password, sets the passwords on Password Setting and lands on the
//! top page (in Japanese, on a phone).

use cis_tests::webdriver::Browser;
use cis_tests::{initial_password, ADMIN_EMAIL, ADMIN_PASSWORD};

use super::app_with_built_spa;

async fn click(browser: &Browser, css: &str) {
    browser.click(&browser.wait_for(css).await).await;
}

async fn type_in(browser: &Browser, css: &str, text: &str) {
    browser.type_into(&browser.wait_for(css).await, text).await;
}

#[tokio::test]
async fn staff_approve_and_the_graduate_logs_in_for_the_first_time() {
    let Some(app) = app_with_built_spa().await else { return };
    let email = "taro@example.jp";
    let number = app.submitted_application(email, "電電 太郎", "デンデン タロウ").await;

    // The administrator approves in the staff area.
    let staff = Browser::start(1280, 900).await;
    staff.goto(&app.url("/staff/login")).await;
    staff.wait_for_text(".screen-title", "職員ログイン").await;
    click(&staff, "#lang option[value=en]").await;
    staff.wait_for_text(".screen-title", "Staff login").await;
    type_in(&staff, "#email", ADMIN_EMAIL).await;
    type_in(&staff, "#password", ADMIN_PASSWORD).await;
    click(&staff, "#login").await;
    staff.wait_for_text(".screen-title", "Application queue").await;
    click(&staff, &format!("tr[data-reception='{number}'] a")).await;
    staff.wait_for_text(".screen-title", "Application").await;
    click(&staff, "#approve").await;
    staff.wait_for("#approve-dialog").await;
    staff.screenshot("journey-approve-en").await;
    click(&staff, "#decision-confirm").await;
    staff.wait_for_text("#state", "Approved").await;
    staff.quit().await;

    // Manual 2.1 steps 17–18: the result mail with the initial password and "Log in here".
    let mail = app.mail.wait_for_text(email, 0, "Initial password: ").await;
    let initial = initial_password(&mail.text());
    let login_link = mail.links().into_iter().find(|l| l.ends_with("/login")).expect("a login link");

    // Steps 19–23 on a phone, in Japanese.
    let graduate = Browser::start_phone().await;
    graduate.goto(&login_link).await;
    graduate.wait_for_text(".screen-title", "卒業生ログイン").await;
    type_in(&graduate, "#email", email).await;
    type_in(&graduate, "#password", &initial).await;
    click(&graduate, "#login").await;
    graduate.wait_for_text(".screen-title", "パスワード設定").await;
    type_in(&graduate, "#password", "Kobe2024pass").await;
    type_in(&graduate, "#password-confirmation", "Kobe2024pass").await;
    type_in(&graduate, "#second-password", "Osaka2025word").await;
    type_in(&graduate, "#second-password-confirmation", "Osaka2025word").await;
    click(&graduate, "#set").await;
    graduate.wait_for("#setting-done").await;
    click(&graduate, "#ok").await;
    graduate.wait_for_text(".screen-title", "トップページ").await;
    graduate.wait_for_text("#graduate-name", "ようこそ、電電 太郎 様").await;
    graduate.screenshot("journey-top-ja").await;

    // The account is active: the next login takes the three fields.
    let response = app.graduate_login(email, "Kobe2024pass", "Osaka2025word").await;
    assert_eq!(response.status(), 200);
    graduate.quit().await;
}
