//! The whole journey of issue 4 in the browser: an administrator approves an application
//! in the staff area (in English); the graduate follows "Log in here" from the mail, logs
//! in with the initial password, sets the passwords on Password Setting and lands on the
//! top page (in Japanese, on a phone).

use cis_tests::webdriver::Browser;
use cis_tests::{initial_password, ADMIN_EMAIL, ADMIN_PASSWORD};

use super::app_with_built_spa;

#[tokio::test]
async fn staff_approve_and_the_graduate_logs_in_for_the_first_time() {
    let Some(app) = app_with_built_spa().await else { return };
    let email = "taro@example.jp";
    let number = app.submitted_application(email, "電電 太郎", "デンデン タロウ").await;

    // The administrator approves in the staff area.
    let staff = Browser::start(1280, 900).await;
    staff.goto(&app.url("/staff/login")).await;
    staff.wait_for_text(".screen-title", "職員ログイン").await;
    staff.click_on("#lang option[value=en]").await;
    staff.wait_for_text(".screen-title", "Staff login").await;
    staff.type_in("#email", ADMIN_EMAIL).await;
    staff.type_in("#password", ADMIN_PASSWORD).await;
    staff.click_on("#login").await;
    staff.wait_for_text(".screen-title", "Application queue").await;
    staff.click_on(&format!("tr[data-reception='{number}'] a")).await;
    staff.wait_for_text(".screen-title", "Application").await;
    staff.click_on("#approve").await;
    staff.wait_for("#approve-dialog").await;
    staff.screenshot("journey-approve-en").await;
    staff.click_on("#decision-confirm").await;
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
    graduate.type_in("#email", email).await;
    graduate.type_in("#password", &initial).await;
    graduate.click_on("#login").await;
    graduate.wait_for_text(".screen-title", "パスワード設定").await;
    graduate.type_in("#password", "Kobe2024pass").await;
    graduate.type_in("#password-confirmation", "Kobe2024pass").await;
    graduate.type_in("#second-password", "Osaka2025word").await;
    graduate.type_in("#second-password-confirmation", "Osaka2025word").await;
    graduate.click_on("#set").await;
    graduate.wait_for("#setting-done").await;
    graduate.click_on("#ok").await;
    graduate.wait_for_text(".screen-title", "トップページ").await;
    graduate.wait_for_text("#graduate-name", "ようこそ、電電 太郎 様").await;
    graduate.screenshot("journey-top-ja").await;

    // The account is active: the next login takes the three fields.
    let response = app.graduate_login(email, "Kobe2024pass", "Osaka2025word").await;
    assert_eq!(response.status(), 200);
    graduate.quit().await;
}
