//! The ⚙ menu's own screens (manual 2.4 (a), (d), (e), 3.1) in both languages, on a phone
//! and a desktop: Manual, Personal setting, Change password, Change second password.

use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use cis_tests::webdriver::Browser;
use cis_tests::TestApp;

use super::app_with_built_spa;
use super::session::{log_in, logged_in};

/// The menu's items, in the manual's order (2.4 (a)), with Login history (beyond the manual)
/// just before Logout.
pub(crate) const ITEMS: &[&str] = &[
    "menu-top",
    "menu-manual",
    "menu-profile",
    "menu-mail-change",
    "menu-student-id",
    "menu-password",
    "menu-second-password",
    "menu-sessions",
    "logout",
];

struct Words {
    locale: Locale,
    manual: &'static str,
    manual_chapter: &'static str,
    profile: &'static str,
    change_complete: &'static str,
    profile_changed: &'static str,
    password_changed: &'static str,
    second_password_changed: &'static str,
    /// What a wrong current password, then second password, is told.
    wrong_current: [&'static str; 2],
    top: &'static str,
    approved: &'static str,
}

const JA: Words = Words {
    locale: Locale::Ja,
    manual: "証明書発行サービス 操作マニュアル（卒業生用）",
    manual_chapter: "2.4 (f) パスワードを忘れた場合",
    profile: "個人設定",
    change_complete: "変更完了",
    profile_changed: "申請者情報を変更しました。",
    password_changed: "パスワードを変更しました。",
    second_password_changed: "第2パスワードを変更しました。",
    wrong_current: ["現在のパスワードが正しくありません。", "現在の第2パスワードが正しくありません。"],
    top: "トップページ",
    approved: "承認",
};

const EN: Words = Words {
    locale: Locale::En,
    manual: "Certificate Issuance Service: Operating Manual for Graduates",
    manual_chapter: "2.4 (f) If you forgot the password",
    profile: "Personal setting",
    change_complete: "Change complete",
    profile_changed: "Applicant information has been changed.",
    password_changed: "The password has been changed.",
    second_password_changed: "The second password has been changed.",
    wrong_current: ["The current password is incorrect.", "The old second password is incorrect."],
    top: "Top page",
    approved: "Approved",
};

async fn open_item(browser: &Browser, id: &str) {
    browser.click_on("#menu-button").await;
    browser.click_on(&format!("#{id}")).await;
}

async fn no_sideways_scrolling(browser: &Browser) {
    let fits = browser.eval("return document.documentElement.scrollWidth <= window.innerWidth").await;
    assert_eq!(fits, true, "no sideways scrolling");
}

async fn personal_setting(browser: &Browser, words: &Words, lang: &str) {
    open_item(browser, "menu-profile").await;
    browser.wait_for_text(".screen-title", words.profile).await;
    // Prefilled from the application.
    assert_eq!(browser.eval_on("#applicant-name", "return el.value").await, "電電 太郎");
    assert_eq!(browser.eval_on("#postal-code", "return el.value").await, "100-0001");
    no_sideways_scrolling(browser).await;
    // The application's rules, as typed.
    browser.fill("#applicant-kana", "やまだ たろう").await;
    browser.fill("#employer-name", "電電商事株式会社").await;
    browser.fill("#employer-phone", "03-3333-4444").await;
    browser.click_on("#check").await;
    browser.wait_for("#error-summary").await;
    browser.wait_for_text("#applicant-kana-error", ErrorCode::KatakanaOnly.message(words.locale)).await;
    browser.fill("#applicant-name", "山田 太郎").await;
    browser.fill("#applicant-kana", "ヤマダ タロウ").await;
    browser.click_on("#check").await;
    // The confirmation, then Application.
    let confirmation = browser.text(&browser.wait_for("#confirmation").await).await;
    for part in ["山田 太郎", "ヤマダ タロウ", "電電商事株式会社", "03-3333-4444"] {
        assert!(confirmation.contains(part), "{part}: {confirmation}");
    }
    browser.screenshot(&format!("profile-confirmation-{lang}")).await;
    browser.click_on("#apply").await;
    browser.wait_for_text("#change-done h2", words.change_complete).await;
    browser.wait_for_text("#change-done .strong", words.profile_changed).await;
    browser.click_on("#ok").await;
    browser.wait_for_text(".screen-title", words.top).await;
    browser.wait_for_text_containing("#graduate-name", "山田 太郎").await;
}

async fn change_secret(
    browser: &Browser,
    words: &Words,
    item: &str,
    (current, new): (&str, &str),
    (wrong, done): (&str, &str),
) {
    open_item(browser, item).await;
    browser.wait_for("#current").await;
    // The Note gives the manual's rules.
    assert_eq!(browser.eval("return document.querySelectorAll('.note li').length").await, 7);
    browser.fill("#current", "Wrong2024pass").await;
    browser.fill("#new", new).await;
    browser.fill("#confirmation", &format!("{new}x")).await;
    browser.click_on("#change").await;
    browser.wait_for_text("#confirmation-error", ErrorCode::ConfirmationMismatch.message(words.locale)).await;
    browser.fill("#confirmation", new).await;
    browser.click_on("#change").await;
    // A wrong current secret is said as such (not as a login's), the field emptied and
    // focused; the session stays.
    browser.wait_for_text("#problem", wrong).await;
    browser.wait_for_focus("current").await;
    assert_eq!(browser.eval_on("#current", "return el.value").await, "");
    // An easily guessed one is refused at its field.
    browser.fill("#current", current).await;
    browser.fill("#new", "Password123").await;
    browser.fill("#confirmation", "Password123").await;
    browser.click_on("#change").await;
    browser.wait_for_text("#new-error", ErrorCode::PasswordTooCommon.message(words.locale)).await;
    browser.fill("#new", new).await;
    browser.fill("#confirmation", new).await;
    browser.click_on("#change").await;
    browser.wait_for_text("#change-done h2", words.change_complete).await;
    browser.wait_for_text("#change-done .strong", done).await;
    browser.click_on("#ok").await;
    browser.wait_for_text(".screen-title", words.top).await;
}

async fn walk_the_menu(app: &TestApp, browser: Browser, words: &Words, email: &str) {
    let lang = words.locale.tag();
    logged_in(app, &browser, email).await;
    if words.locale == Locale::En {
        // The language chosen before login stays.
        browser.eval("localStorage.setItem('cis.lang', 'en')").await;
        browser.goto(&app.url("/home")).await;
    }
    browser.wait_for_text(".screen-title", words.top).await;
    // The top page: nothing under review, the approved application in the history, and the
    // LANG pull-down beside the menu (manual 2.5 (c)).
    browser.wait_for("#current-applications .empty").await;
    browser.wait_for_text("#application-history .state", words.approved).await;
    browser.wait_for("#lang").await;

    // 3.1: the manual, in the screen's language.
    open_item(&browser, "menu-manual").await;
    browser.wait_for_text(".screen-title", words.manual).await;
    browser.wait_for_text("#forgot h2", words.manual_chapter).await;
    no_sideways_scrolling(&browser).await;
    browser.screenshot(&format!("manual-{lang}")).await;

    personal_setting(&browser, words, lang).await;
    let password = (words.wrong_current[0], words.password_changed);
    change_secret(&browser, words, "menu-password", ("Kobe2024pass", "Vq7rTz2mLk"), password).await;
    let second = (words.wrong_current[1], words.second_password_changed);
    change_secret(&browser, words, "menu-second-password", ("Osaka2025word", "Hx4pWn8sQe"), second).await;

    // The new secrets log in.
    browser.click_on("#menu-button").await;
    browser.click_on("#logout").await;
    browser.wait_for("#email").await;
    log_in(&browser, email, "Vq7rTz2mLk", "Hx4pWn8sQe").await;
    browser.wait_for_text(".screen-title", words.top).await;
    browser.quit().await;
}

#[tokio::test]
async fn the_menu_screens_on_a_phone_in_japanese() {
    let Some(app) = app_with_built_spa().await else { return };
    walk_the_menu(&app, Browser::start_phone().await, &JA, "menu-ja@example.jp").await;
}

#[tokio::test]
async fn the_menu_screens_on_a_desktop_in_english() {
    let Some(app) = app_with_built_spa().await else { return };
    walk_the_menu(&app, Browser::start(1280, 900).await, &EN, "menu-en@example.jp").await;
}

#[tokio::test]
async fn the_manual_opens_from_the_login_screen() {
    let Some(app) = app_with_built_spa().await else { return };
    let browser = Browser::start(1280, 900).await;
    browser.goto(&app.url("/login")).await;
    browser.click_on("#manual").await;
    browser.wait_for_text(".screen-title", JA.manual).await;
    browser.click_on("#lang option[value=en]").await;
    browser.wait_for_text(".screen-title", EN.manual).await;
    browser.click_on("#to-login").await;
    browser.wait_for_text(".screen-title", "Graduate login").await;
    browser.quit().await;
}
