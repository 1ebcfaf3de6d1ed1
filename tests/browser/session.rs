//! Manual 2.1 steps 17–23 and 2.2 in the browser: the first login with the initial password,
//! Password Setting, the top page with its ⚙ menu, logout, login with both passwords, a
//! reload, and the automatic logout after a time without activity.

use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use cis_tests::webdriver::Browser;
use cis_tests::TestApp;
use serde_json::Value;

use super::app_with_built_spa;

/// Moves the page's clock (`Date.now`) on, as if the graduate had left it alone that long.
async fn idle_for(browser: &Browser, seconds: i64) {
    browser
        .eval(&format!(
            "if (!window.__realNow) {{ window.__realNow = Date.now.bind(Date); window.__shift = 0; \
               Date.now = () => window.__realNow() + window.__shift; }} \
             window.__shift += {};",
            seconds * 1000
        ))
        .await;
}

/// The first subject of the demo catalogue and the undergraduate programme, named in `lang`.
async fn record_names(app: &TestApp, lang: &str) -> (String, String) {
    let tree: Value = app.get("/api/v1/catalog/affiliations").await.json().await.unwrap();
    let faculty = &tree[0];
    let department = &faculty["children"][0];
    let subject = &department["children"][0];
    let path = [faculty, department, subject].map(|n| n["name"][lang].as_str().unwrap().to_owned()).join(" / ");
    let programs: Value = app.get("/api/v1/catalog/degree-programs").await.json().await.unwrap();
    let program = programs.as_array().unwrap().iter().find(|p| p["code"] == "undergraduate").unwrap()["name"][lang]
        .as_str()
        .unwrap()
        .to_owned();
    (path, program)
}

struct Words {
    locale: Locale,
    login: &'static str,
    password_setting: &'static str,
    top: &'static str,
    greeting: &'static str,
    logged_out: &'static str,
}

const JA: Words = Words {
    locale: Locale::Ja,
    login: "卒業生ログイン",
    password_setting: "パスワード設定",
    top: "トップページ",
    greeting: "ようこそ、電電 太郎 様",
    logged_out: "ログアウトしました。",
};

const EN: Words = Words {
    locale: Locale::En,
    login: "Graduate login",
    password_setting: "Password Setting",
    top: "Top page",
    greeting: "Welcome, 電電 太郎",
    logged_out: "You have logged out.",
};

pub(crate) async fn log_in(browser: &Browser, email: &str, password: &str, second_password: &str) {
    browser.fill("#email", email).await;
    browser.fill("#password", password).await;
    browser.fill("#second-password", second_password).await;
    browser.click_on("#login").await;
}

async fn first_login_to_logout_and_back(app: &TestApp, browser: Browser, words: &Words, email: &str) {
    let lang = words.locale.tag();
    let initial = app.approved_account(email).await;
    let (path, program) = record_names(app, lang).await;

    // Manual 2.1 step 18: "Log in here" from the mail; step 19–20: the initial password,
    // the second password left empty.
    browser.goto(&app.url("/login")).await;
    browser.wait_for_text(".screen-title", "卒業生ログイン").await;
    if words.locale == Locale::En {
        browser.click_on("#lang option[value=en]").await;
        browser.wait_for_text(".screen-title", words.login).await;
    }
    log_in(&browser, email, "Wrong2024pass", "").await;
    browser.wait_for_text("#problem", ErrorCode::InvalidCredentials.message(words.locale)).await;
    log_in(&browser, email, &initial, "").await;

    // Step 21: Password Setting, checked as typed by the API's rules.
    browser.wait_for_text(".screen-title", words.password_setting).await;
    assert_eq!(browser.eval("return document.querySelectorAll('.note li').length").await, 6);
    browser.fill("#password", "Kobe2024pass").await;
    browser.fill("#password-confirmation", "Kobe2024pass").await;
    browser.fill("#second-password", "Kobe2024pass").await;
    browser.fill("#second-password-confirmation", "Kobe2024pasz").await;
    browser.click_on("#set").await;
    browser.wait_for_text("#second-password-error", ErrorCode::PasswordsSame.message(words.locale)).await;
    browser
        .wait_for_text("#second-password-confirmation-error", ErrorCode::ConfirmationMismatch.message(words.locale))
        .await;
    browser.screenshot(&format!("password-setting-{lang}")).await;

    // The initial password is refused by the server, shown at its field.
    browser.fill("#second-password", &initial).await;
    browser.fill("#second-password-confirmation", &initial).await;
    browser.wait_for("#second-password-error:empty").await;
    browser.click_on("#set").await;
    browser.wait_for_text("#second-password-error", ErrorCode::PasswordIsInitial.message(words.locale)).await;

    // Step 22–23: valid passwords, Set, the completion message, OK.
    browser.fill("#second-password", "Osaka2025word").await;
    browser.fill("#second-password-confirmation", "Osaka2025word").await;
    browser.click_on("#set").await;
    browser.wait_for("#setting-done").await;
    browser.screenshot(&format!("password-set-{lang}")).await;
    browser.click_on("#ok").await;

    // The top page: the graduate by name and the student record in the screen's language.
    browser.wait_for_text(".screen-title", words.top).await;
    browser.wait_for_text("#graduate-name", words.greeting).await;
    browser.wait_for_text(".enrollment .student-id", "1234567").await;
    browser.wait_for_text(".enrollment .affiliation", &path).await;
    browser.wait_for_text(".enrollment .program", &program).await;
    browser.wait_for_text(".enrollment .graduation", "2015/03").await;
    let fits = browser.eval("return document.documentElement.scrollWidth <= window.innerWidth").await;
    assert_eq!(fits, true, "no sideways scrolling");
    browser.screenshot(&format!("top-{lang}")).await;

    // The ⚙ menu: the manual's items in its order (2.4 (a)).
    assert_eq!(browser.eval_on("#menu", "return el.hidden").await, true);
    browser.click_on("#menu-button").await;
    assert_eq!(browser.eval_on("#menu", "return el.hidden").await, false);
    let items = browser.eval("return [...document.querySelectorAll('#menu [role=menuitem]')].map(e => e.id)").await;
    assert_eq!(items, serde_json::json!(super::menu::ITEMS));
    // From the keyboard: the first item has the focus, the arrows move round the items,
    // Escape closes the menu and returns to the button.
    let focused = "return document.activeElement ? document.activeElement.id : ''";
    browser.wait_for_focus("menu-top").await;
    for (key, expected) in [
        ("\u{E013}", "logout"),
        ("\u{E015}", "menu-top"),
        ("\u{E015}", "menu-manual"),
        ("\u{E013}", "menu-top"),
        ("\u{E013}", "logout"),
    ] {
        let active = browser.eval(focused).await;
        browser.type_into(&browser.wait_for(&format!("#{}", active.as_str().unwrap())).await, key).await;
        browser.wait_for_focus(expected).await;
    }
    browser.type_into(&browser.wait_for("#logout").await, "\u{E00C}").await;
    browser.wait_for_focus("menu-button").await;
    assert_eq!(browser.eval_on("#menu", "return el.hidden").await, true);
    browser.click_on("#menu-button").await;
    // A click elsewhere closes it.
    browser.click_on("#enrollments").await;
    assert_eq!(browser.eval_on("#menu", "return el.hidden").await, true);
    // So does Tab: the focus moves on.
    browser.click_on("#menu-button").await;
    browser.wait_for_focus("menu-top").await;
    browser.press("\u{E010}").await;
    browser.wait_for_focus("logout").await;
    browser.press("\u{E004}").await;
    browser.wait_until("return document.getElementById('menu').hidden").await;
    browser.click_on("#menu-button").await;
    browser.screenshot(&format!("top-menu-{lang}")).await;
    browser.click_on("#logout").await;
    browser.wait_for_text(".screen-title", words.login).await;
    browser.wait_for_text("#session-notice", words.logged_out).await;
    browser.screenshot(&format!("logged-out-{lang}")).await;
    // The refresh cookie is gone with the session: the top page needs a new login.
    browser.goto(&app.url("/home")).await;
    browser.wait_for_text(".screen-title", words.login).await;

    // Manual 2.2: the three fields.
    log_in(&browser, email, "Kobe2024pass", "Osaka2025word").await;
    browser.wait_for_text("#graduate-name", words.greeting).await;

    // A reload keeps the session (the access token was in memory; the refresh cookie gets a new one).
    browser.goto(&app.url("/home")).await;
    browser.wait_for_text("#graduate-name", words.greeting).await;
    browser.quit().await;
}

#[tokio::test]
async fn first_login_on_a_phone_in_japanese_sets_both_passwords_then_logs_out_and_in() {
    let Some(app) = app_with_built_spa().await else { return };
    first_login_to_logout_and_back(&app, Browser::start_phone().await, &JA, "taro@example.jp").await;
}

#[tokio::test]
async fn first_login_on_a_desktop_in_english_sets_both_passwords_then_logs_out_and_in() {
    let Some(app) = app_with_built_spa().await else { return };
    first_login_to_logout_and_back(&app, Browser::start(1280, 900).await, &EN, "hanako@example.jp").await;
}

/// Sets the credentials through the API and logs in on the SPA.
pub(crate) async fn logged_in(app: &TestApp, browser: &Browser, email: &str) {
    let initial = app.approved_account(email).await;
    let login: Value = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"email": email, "password": initial, "second_password": ""}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let response = app
        .client
        .post(app.url("/api/v1/auth/credentials"))
        .json(&serde_json::json!({
            "setup_token": login["setup_token"], "password": "Kobe2024pass", "second_password": "Osaka2025word"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    browser.goto(&app.url("/login")).await;
    log_in(browser, email, "Kobe2024pass", "Osaka2025word").await;
    browser.wait_for_text("#graduate-name", JA.greeting).await;
}

#[tokio::test]
async fn a_minute_before_the_automatic_logout_a_warning_offers_to_stay() {
    let Some(app) = app_with_built_spa().await else { return };
    let browser = Browser::start(1280, 900).await;
    logged_in(&app, &browser, "idle@example.jp").await;
    assert!(browser.find("#idle-warning").await.is_none());

    // 29 minutes and a half without a call (the server's default limit is 30): the warning.
    idle_for(&browser, 29 * 60 + 30).await;
    let text = browser.text(&browser.wait_for("#idle-warning").await).await;
    assert!(text.contains("約1分後に自動的にログアウトします"), "{text}");
    browser.screenshot("idle-warning-ja").await;
    // Meanwhile the 15-minute access token has expired: the call refreshes it once and retries.
    app.clock.advance(chrono::Duration::minutes(16));
    browser.click_on("#stay-logged-in").await;
    for _ in 0..50 {
        if browser.find("#idle-warning").await.is_none() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(browser.find("#idle-warning").await.is_none(), "the call kept the session");
    browser.wait_for_text("#graduate-name", JA.greeting).await;

    // Left alone past the limit: the login screen says why.
    idle_for(&browser, 30 * 60 + 1).await;
    browser.wait_for_text(".screen-title", JA.login).await;
    browser.wait_for_text("#session-notice", ErrorCode::SessionExpired.message(Locale::Ja)).await;
    browser.screenshot("idle-logged-out-ja").await;
    // The session is over on the server as well.
    browser.goto(&app.url("/home")).await;
    browser.wait_for_text(".screen-title", JA.login).await;
    browser.quit().await;
}

#[tokio::test]
async fn a_session_the_server_ended_for_idleness_sends_a_reload_to_the_login_screen_with_the_reason() {
    let Some(app) = app_with_built_spa().await else { return };
    let browser = Browser::start(1280, 900).await;
    logged_in(&app, &browser, "away@example.jp").await;
    app.clock.advance(chrono::Duration::minutes(31));
    browser.goto(&app.url("/home")).await;
    browser.wait_for_text(".screen-title", JA.login).await;
    browser.wait_for_text("#session-notice", ErrorCode::SessionExpired.message(Locale::Ja)).await;
    browser.quit().await;
}

#[tokio::test]
async fn a_locked_login_says_when_to_try_again() {
    let Some(app) = app_with_built_spa().await else { return };
    let browser = Browser::start(1280, 900).await;
    browser.goto(&app.url("/login")).await;
    browser.wait_for("#login").await;
    // Five failures for the address (known or not), then the sixth on the screen.
    for _ in 0..5 {
        assert_eq!(app.graduate_login("nobody@example.jp", "Wrong2024pass", "Wrong2024word").await.status(), 401);
    }
    log_in(&browser, "nobody@example.jp", "Wrong2024pass", "Wrong2024word").await;
    browser
        .wait_for_text(
            "#problem",
            "ログインに続けて失敗したため、しばらくの間ログインできません。時間をおいてからお試しください。（約15分後に再度お試しください。）",
        )
        .await;
    browser.screenshot("login-locked-ja").await;
    browser.quit().await;
}
