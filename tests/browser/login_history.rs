//! Login history (beyond the manual) in the browser: from the ⚙ menu, the account's
//! sessions with this device marked; another one ended after a confirmation, at once.

use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use cis_tests::webdriver::Browser;
use cis_tests::{problem, GraduateSession, TestApp, PASSWORD, SECOND_PASSWORD};
use serde_json::Value;

use super::app_with_built_spa;

const FIREFOX_ON_WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0";

struct Words {
    locale: Locale,
    login: &'static str,
    title: &'static str,
    this_device: &'static str,
    browser_device: &'static str,
    other_device: &'static str,
    ended: &'static str,
}

const JA: Words = Words {
    locale: Locale::Ja,
    login: "卒業生ログイン",
    title: "ログイン履歴",
    this_device: "この端末",
    // The phone's user agent (see `Browser::start_phone`).
    browser_device: "iPhone の Safari",
    other_device: "Windows の Firefox",
    ended: "ログインを終了しました。",
};

const EN: Words = Words {
    locale: Locale::En,
    login: "Graduate login",
    title: "Login history",
    this_device: "This device",
    browser_device: "Chrome on Linux",
    other_device: "Firefox on Windows",
    ended: "The login has been ended.",
};

async fn rows(browser: &Browser) -> i64 {
    browser.eval("return document.querySelectorAll('#sessions tbody tr').length").await.as_i64().unwrap()
}

async fn wait_for_rows(browser: &Browser, expected: i64) {
    for _ in 0..100 {
        if rows(browser).await == expected {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the list did not show {expected} sessions within 10 s");
}

/// An active graduate with a second session on "another device"; the id and tokens of that one.
async fn graduate_with_another_device(app: &TestApp, email: &str) -> (i64, GraduateSession) {
    app.active_graduate(email).await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("user-agent", FIREFOX_ON_WINDOWS)
        .json(&serde_json::json!({"email": email, "password": PASSWORD, "second_password": SECOND_PASSWORD}))
        .send()
        .await
        .unwrap();
    let other = GraduateSession::from_response(response).await;
    let listed: Vec<Value> = app
        .client
        .get(app.url("/api/v1/me/sessions"))
        .bearer_auth(&other.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = listed.iter().find(|s| s["current"] == true).unwrap()["id"].as_i64().unwrap();
    (id, other)
}

async fn end_another_device(app: &TestApp, browser: Browser, words: &Words, email: &str) {
    let lang = words.locale.tag();
    let (other_id, other) = graduate_with_another_device(app, email).await;
    browser.goto(&app.url("/login")).await;
    browser.wait_for_text(".screen-title", JA.login).await;
    if words.locale == Locale::En {
        browser.click_on("#lang option[value=en]").await;
        browser.wait_for_text(".screen-title", words.login).await;
    }
    for (css, text) in [("#email", email), ("#password", PASSWORD), ("#second-password", SECOND_PASSWORD)] {
        browser.type_into(&browser.wait_for(css).await, text).await;
    }
    browser.click_on("#login").await;
    browser.wait_for("#graduate-name").await;

    // The ⚙ menu's item just before Logout.
    browser.click_on("#menu-button").await;
    let items = browser.eval("return [...document.querySelectorAll('#menu [role=menuitem]')].map(e => e.id)").await;
    let items: Vec<&str> = items.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(&items[items.len() - 2..], ["menu-sessions", "logout"]);
    browser.click_on("#menu-sessions").await;
    browser.wait_for_text(".screen-title", words.title).await;

    // Three sessions, newest first: this browser, the other device, the first login's.
    wait_for_rows(&browser, 3).await;
    browser.wait_for_text("#sessions tbody tr:first-child .device", words.browser_device).await;
    browser.wait_for_text("#sessions tr.current .this-device", words.this_device).await;
    browser.wait_for_text(&format!("#session-{other_id} .device"), words.other_device).await;
    browser.wait_for_text(&format!("#session-{other_id} .address"), "127.0.0.1").await;
    let started = browser.text(&browser.wait_for(&format!("#session-{other_id} .started")).await).await;
    // Japan time, as the mails write it, not the API's RFC 3339.
    assert!(started.contains(':') && started.contains('/') && !started.contains('Z'), "a time in Japan: {started}");
    assert!(browser.find("#sessions tr.current button").await.is_none(), "no End for this device");
    browser.wait_for_text_containing("#session-ends-at", ":").await;
    let fits = browser.eval("return document.documentElement.scrollWidth <= window.innerWidth").await;
    assert_eq!(fits, true, "no sideways scrolling");
    browser.screenshot(&format!("login-history-{lang}")).await;

    // End → the confirmation, Cancel focused; Escape closes it and returns to End.
    let end = format!("end-{other_id}");
    browser.click_on(&format!("#{end}")).await;
    browser.wait_for_text_containing("#confirm-text", words.other_device).await;
    browser.wait_for_focus("confirm-cancel").await;
    browser.screenshot(&format!("login-history-confirm-{lang}")).await;
    browser.type_into(&browser.wait_for("#confirm-cancel").await, "\u{E00C}").await;
    browser.wait_for_focus(&end).await;
    assert!(browser.find("#confirm-end").await.is_none());

    // From the keyboard: Enter on End, Tab to the dialog's End, Enter.
    browser.type_into(&browser.wait_for(&format!("#{end}")).await, "\u{E007}").await;
    browser.wait_for_focus("confirm-cancel").await;
    browser.type_into(&browser.wait_for("#confirm-cancel").await, "\u{E004}").await;
    browser.wait_for_focus("confirm-end-button").await;
    browser.type_into(&browser.wait_for("#confirm-end-button").await, "\u{E007}").await;
    browser.wait_for_text("#session-ended", words.ended).await;
    browser.wait_for_focus("session-ended").await;
    wait_for_rows(&browser, 2).await;
    assert!(browser.find(&format!("#session-{other_id}")).await.is_none());
    browser.screenshot(&format!("login-history-ended-{lang}")).await;

    // The other device is logged out at once.
    let me = app.client.get(app.url("/api/v1/me")).bearer_auth(&other.access_token).send().await.unwrap();
    assert_eq!(problem(me, 401).await.code, ErrorCode::Unauthorized);
    assert_eq!(app.refresh(&other.refresh_token).await.status(), 401);
    browser.quit().await;
}

#[tokio::test]
async fn on_a_phone_in_japanese_a_graduate_ends_the_login_of_another_device() {
    let Some(app) = app_with_built_spa().await else { return };
    end_another_device(&app, Browser::start_phone().await, &JA, "taro@example.jp").await;
}

#[tokio::test]
async fn on_a_desktop_in_english_a_graduate_ends_the_login_of_another_device() {
    let Some(app) = app_with_built_spa().await else { return };
    end_another_device(&app, Browser::start(1280, 900).await, &EN, "hanako@example.jp").await;
}
