//! The built SPA in headless Chromium, clicked through as a graduate would.

use cis_tests::webdriver::{browser_available, Browser};
use cis_tests::{built_spa, spawn_with, Backend, Options, TestApp};

mod application_form;
mod delivery;
mod journey;
mod login_history;
mod mail;
mod mail_change;
mod menu;
mod orders;
mod password_reset;
mod printing;
mod registration;
mod resubmission;
mod session;
mod staff;
mod student_id;
mod verification;

pub(crate) async fn app_with_built_spa() -> Option<TestApp> {
    app_with_built_spa_and(Vec::new()).await
}

/// [`app_with_built_spa`] with extra `CIS_*` settings.
pub(crate) async fn app_with_built_spa_and(vars: Vec<(&'static str, String)>) -> Option<TestApp> {
    let Some(dir) = built_spa() else {
        assert!(
            std::env::var_os("CIS_TEST_REQUIRE_BROWSER").is_none() && std::env::var_os("CI").is_none(),
            "CIS_TEST_WEB_DIR must point at the built SPA (cargo xtask test builds it)"
        );
        eprintln!("skipped: the SPA is not built (run `cargo xtask test`)");
        return None;
    };
    if !browser_available() {
        return None;
    }
    spawn_with(Backend::Sqlite, Options { web_dir: Some(dir), vars }).await
}

#[tokio::test]
async fn the_login_screen_opens_in_japanese_and_switches_to_english() {
    let Some(app) = app_with_built_spa().await else { return };
    let browser = Browser::start(1280, 900).await;
    browser.goto(&app.url("/")).await;

    browser.wait_for_text(".screen-title", "卒業生ログイン").await;
    browser.wait_for_text(".university", "The University").await;
    assert_eq!(browser.text(&browser.wait_for("label[for=email]").await).await, "メールアドレス");
    assert_eq!(browser.text(&browser.wait_for("#login").await).await, "ログイン");
    let notes = browser.text(&browser.wait_for(".note").await).await;
    assert!(notes.contains("注意事項は必ずお読みください"), "{notes}");
    assert_eq!(browser.eval("return document.querySelectorAll('.note li').length").await, 4);
    assert_eq!(browser.eval("return document.documentElement.lang").await, "ja");
    // The padlocks are drawn, not emoji (an empty box without an emoji font).
    assert_eq!(browser.eval("return document.querySelectorAll('.with-icon svg.input-icon').length").await, 2);
    assert_eq!(browser.eval_on("#password", "return el.placeholder").await, "パスワード");
    browser.screenshot("login-ja").await;

    // manual 2.5 (b): the LANG pull-down switches the screen.
    browser.click(&browser.wait_for("#lang option[value=en]").await).await;
    browser.wait_for_text(".screen-title", "Graduate login").await;
    assert_eq!(browser.text(&browser.wait_for("label[for=second-password]").await).await, "Second password");
    assert_eq!(browser.text(&browser.wait_for("#new-registration").await).await, "New registration procedure");
    let notes = browser.text(&browser.wait_for(".note").await).await;
    assert!(notes.contains("You will log out automatically"), "{notes}");
    assert_eq!(browser.eval("return document.documentElement.lang").await, "en");
    browser.screenshot("login-en").await;

    // Remembered across visits: a new page load stays in English.
    browser.goto(&app.url("/login")).await;
    browser.wait_for_text(".screen-title", "Graduate login").await;
    browser.quit().await;
}

#[tokio::test]
async fn a_first_visit_follows_the_browsers_language_and_then_the_choice_made() {
    let Some(app) = app_with_built_spa().await else { return };
    // German first: the first entry naming English or Japanese decides.
    let browser = Browser::start_preferring(1280, 900, "de-DE,en-GB,ja").await;
    browser.goto(&app.url("/")).await;
    browser.wait_for_text(".screen-title", "Graduate login").await;
    assert_eq!(browser.eval("return document.documentElement.lang").await, "en");
    assert_eq!(browser.eval_on("#lang", "return el.value").await, "en");
    browser.screenshot("first-visit-en").await;

    // A choice made with LANG wins over the browser's from then on.
    browser.click(&browser.wait_for("#lang option[value=ja]").await).await;
    browser.wait_for_text(".screen-title", "卒業生ログイン").await;
    browser.goto(&app.url("/register")).await;
    browser.wait_for_text(".screen-title", "メールアドレス設定").await;
    browser.quit().await;
}

#[tokio::test]
async fn a_browser_preferring_japanese_opens_in_japanese() {
    let Some(app) = app_with_built_spa().await else { return };
    let browser = Browser::start_preferring(1280, 900, "ja-JP,en-US").await;
    browser.goto(&app.url("/register")).await;
    browser.wait_for_text(".screen-title", "メールアドレス設定").await;
    assert_eq!(browser.eval("return navigator.languages[0]").await, "ja-JP");
    browser.quit().await;
}

#[tokio::test]
async fn the_login_form_checks_the_mail_address_as_the_api_will() {
    let Some(app) = app_with_built_spa().await else { return };
    let browser = Browser::start(1280, 900).await;
    browser.goto(&app.url("/")).await;
    browser.wait_for_text(".screen-title", "卒業生ログイン").await;

    browser.type_into(&browser.wait_for("#email").await, "taro @example.jp").await;
    browser.click(&browser.wait_for("#login").await).await;
    let error = browser.text(&browser.wait_for("#email-error").await).await;
    assert_eq!(error, "メールアドレスの形式が正しくありません。半角英数字で入力してください。");
    let error = browser.text(&browser.wait_for("#password-error").await).await;
    assert_eq!(error, "必須項目です。");
    browser.quit().await;
}

#[tokio::test]
async fn the_login_screen_fits_a_phone() {
    let Some(app) = app_with_built_spa().await else { return };
    let browser = Browser::start_phone().await;
    browser.goto(&app.url("/")).await;
    browser.wait_for_text(".screen-title", "卒業生ログイン").await;
    assert_eq!(browser.eval("return window.innerWidth").await, 375);
    let fits = browser.eval("return document.documentElement.scrollWidth <= window.innerWidth").await;
    assert_eq!(fits, true, "no sideways scrolling on a phone");
    browser.screenshot("login-phone").await;

    browser.goto(&app.url("/no/such/screen")).await;
    browser.wait_for_text(".screen-title", "ページが見つかりません").await;
    browser.quit().await;
}
