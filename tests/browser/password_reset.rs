//! Manual 2.4 (f) in the browser: from the login screen's "If you have forgotten your
//! password" to the sent screen, the link from the mail, both secrets set, and a login
//! with them; an expired or used link says what to do. Driven with the keyboard (Enter
//! submits), in Japanese on a phone and in English on a desktop.

use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use cis_tests::webdriver::Browser;
use cis_tests::{TestApp, PASSWORD, SECOND_PASSWORD};

use super::app_with_built_spa;

const ENTER: &str = "\u{E007}";

struct Words {
    locale: Locale,
    login: &'static str,
    forgot_link: &'static str,
    reset: &'static str,
    sent: &'static str,
    sent_text: &'static str,
    done: &'static str,
    used: &'static str,
    top: &'static str,
}

const JA: Words = Words {
    locale: Locale::Ja,
    login: "卒業生ログイン",
    forgot_link: "パスワードを忘れた方はこちら",
    reset: "パスワード再設定",
    sent: "パスワード再設定メール送信完了",
    sent_text: "パスワード再設定メールを送信しました。",
    done: "パスワードと第2パスワードの設定が完了しました。",
    used: "このURLは使用済みです",
    top: "トップページ",
};

const EN: Words = Words {
    locale: Locale::En,
    login: "Graduate login",
    forgot_link: "If you have forgotten your password",
    reset: "Reset password",
    sent: "Password reset mail sent",
    sent_text: "A password reset mail has been sent.",
    done: "The password and the second password have been set.",
    used: "This link has already been used",
    top: "Top page",
};

/// The login screen's link to the sent screen, as a graduate who has forgotten the password.
async fn ask_for_the_mail(app: &TestApp, browser: &Browser, words: &Words, email: &str) {
    let lang = words.locale.tag();
    browser.goto(&app.url("/login")).await;
    browser.wait_for_text(".screen-title", JA.login).await;
    if words.locale == Locale::En {
        browser.click_on("#lang option[value=en]").await;
        browser.wait_for_text(".screen-title", words.login).await;
    }
    browser.wait_for_text(".forgot a", words.forgot_link).await;
    browser.click_on(".forgot a").await;
    browser.wait_for_text(".screen-title", words.reset).await;
    // The Note's four points and the checklist of what to check after 30 minutes.
    assert_eq!(browser.eval("return document.querySelectorAll('.note li').length").await, 4);
    assert_eq!(browser.eval("return document.querySelectorAll('.note-extra li').length").await, 3);
    assert!(browser.find("#lang").await.is_some(), "LANG on the screen before login");
    let fits = browser.eval("return document.documentElement.scrollWidth <= window.innerWidth").await;
    assert_eq!(fits, true, "no sideways scrolling");
    // The address is checked as the API will; Enter submits.
    browser.fill("#email", "taro @example.jp").await;
    browser.type_into(&browser.wait_for("#email").await, ENTER).await;
    browser.wait_for_text("#email-error", ErrorCode::EmailInvalid.message(words.locale)).await;
    browser.screenshot(&format!("forgot-password-{lang}")).await;
    browser.fill("#email", email).await;
    browser.type_into(&browser.wait_for("#email").await, ENTER).await;
    browser.wait_for_text(".screen-title", words.sent).await;
    browser.wait_for_text("#reset-sent .strong", words.sent_text).await;
    assert_eq!(browser.eval("return document.querySelectorAll('#reset-sent li').length").await, 2);
    browser.screenshot(&format!("reset-mail-sent-{lang}")).await;
}

async fn reset_from_the_mail(app: &TestApp, browser: Browser, words: &Words, email: &str) {
    let lang = words.locale.tag();
    app.active_graduate(email).await;
    let before = app.mail.to(email).len();
    ask_for_the_mail(app, &browser, words, email).await;
    let mail = app.mail.wait_for_text(email, before, "/password-reset/").await;
    let link = mail.links().into_iter().find(|l| l.contains("/password-reset/")).unwrap();

    // Manual 2.4 (f) steps 5–7: the link's screen, checked as typed, the old secrets refused
    // by the server at their field.
    browser.goto(&link).await;
    browser.wait_for_text(".screen-title", words.reset).await;
    browser.wait_for_text("#reset-email", email).await;
    assert_eq!(browser.eval("return document.querySelectorAll('.note li').length").await, 6);
    browser.fill("#password", PASSWORD).await;
    browser.fill("#password-confirmation", PASSWORD).await;
    browser.fill("#second-password", "Osaka2025word").await;
    browser.fill("#second-password-confirmation", "Osaka2025wor").await;
    browser.click_on("#set").await;
    browser
        .wait_for_text("#second-password-confirmation-error", ErrorCode::ConfirmationMismatch.message(words.locale))
        .await;
    browser.fill("#second-password-confirmation", "Osaka2025word").await;
    browser.type_into(&browser.wait_for("#second-password-confirmation").await, ENTER).await;
    browser.wait_for_text("#password-error", ErrorCode::PasswordReused.message(words.locale)).await;
    browser.screenshot(&format!("password-reset-{lang}")).await;
    browser.fill("#password", "Kyoto2026pass").await;
    browser.fill("#password-confirmation", "Kyoto2026pass").await;
    browser.type_into(&browser.wait_for("#password-confirmation").await, ENTER).await;

    // Step 8: the completion, OK, the login screen; the new secrets log in.
    browser.wait_for_text("#setting-done .strong", words.done).await;
    browser.screenshot(&format!("password-reset-done-{lang}")).await;
    browser.click_on("#ok").await;
    browser.wait_for_text(".screen-title", words.login).await;
    browser.fill("#email", email).await;
    browser.fill("#password", "Kyoto2026pass").await;
    browser.fill("#second-password", "Osaka2025word").await;
    browser.click_on("#login").await;
    browser.wait_for_text(".screen-title", words.top).await;

    // The link works once: opened again, it says so and leads to a new mail.
    browser.goto(&link).await;
    browser.wait_for_text("#link-problem h2", words.used).await;
    browser.screenshot(&format!("password-reset-used-{lang}")).await;
    browser.click_on("#ask-again").await;
    browser.wait_for_text(".screen-title", words.reset).await;
    browser.quit().await;
}

#[tokio::test]
async fn a_graduate_on_a_phone_resets_the_password_in_japanese() {
    let Some(app) = app_with_built_spa().await else { return };
    reset_from_the_mail(&app, Browser::start_phone().await, &JA, "taro@example.jp").await;
}

#[tokio::test]
async fn a_graduate_on_a_desktop_resets_the_password_in_english() {
    let Some(app) = app_with_built_spa().await else { return };
    reset_from_the_mail(&app, Browser::start(1280, 900).await, &EN, "hanako@example.jp").await;
}

#[tokio::test]
async fn an_expired_link_says_so_and_leads_to_a_new_mail() {
    let Some(app) = app_with_built_spa().await else { return };
    app.active_graduate("taro@example.jp").await;
    let browser = Browser::start(1280, 900).await;
    ask_for_the_mail(&app, &browser, &JA, "taro@example.jp").await;
    let mail = app.mail.wait_for_text("taro@example.jp", 0, "/password-reset/").await;
    let link = mail.links().into_iter().find(|l| l.contains("/password-reset/")).unwrap();
    app.clock.advance(chrono::Duration::minutes(31));
    browser.goto(&link).await;
    browser.wait_for_text("#link-problem h2", "このURLは有効期限が切れています").await;
    browser.screenshot("password-reset-expired-ja").await;
    browser.goto(&app.url("/password-reset/unknown")).await;
    browser.wait_for_text("#link-problem h2", "このURLは無効です").await;
    browser.click_on("#lang option[value=en]").await;
    browser.wait_for_text("#link-problem h2", "This link is not valid").await;
    // Login still takes the secrets that were never replaced.
    assert_eq!(app.graduate_login("taro@example.jp", PASSWORD, SECOND_PASSWORD).await.status(), 200);
    browser.quit().await;
}
