//! Manual 2.3 in the browser: the ⚙ menu's "Register additional student ID number", Send,
//! the link in the mail, the form, the confirmation and "accepted"; the reviewer sees the
//! account's records beside it and approves; the top page lists both student ID numbers.
//! In Japanese on a phone and in English on a desktop.

use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use cis_tests::webdriver::Browser;
use cis_tests::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};
use serde_json::{json, Value};

use super::app_with_built_spa;
use super::registration::pick;

struct Words {
    locale: Locale,
    login: &'static str,
    top: &'static str,
    title: &'static str,
    completed: &'static str,
    confirm: &'static str,
    accepted: &'static str,
    program: &'static str,
    queue: &'static str,
    approve_text: &'static str,
    approved: &'static str,
}

const JA: Words = Words {
    locale: Locale::Ja,
    login: "卒業生ログイン",
    top: "トップページ",
    title: "学籍番号追加登録",
    completed: "申請完了",
    confirm: "申請内容確認",
    accepted: "申請受付",
    program: "修士課程",
    queue: "申請一覧",
    approve_text: "学籍情報がアカウントに追加され",
    approved: "承認済み",
};

const EN: Words = Words {
    locale: Locale::En,
    login: "Graduate login",
    top: "Top page",
    title: "Register additional student ID number",
    completed: "Application Completed",
    confirm: "Confirm the application",
    accepted: "Application reception",
    program: "Master's Program",
    queue: "Application queue",
    approve_text: "the student record is added to the graduate's account",
    approved: "Approved",
};

/// An approved graduate with both passwords set, logged in on the SPA in the words' language.
async fn logged_in(app: &TestApp, browser: &Browser, words: &Words, email: &str) {
    let initial = app.approved_account(email).await;
    let login: Value = app.graduate_login(email, &initial, "").await.json().await.unwrap();
    let setup = login["setup_token"].as_str().unwrap();
    assert_eq!(app.set_credentials(setup, "Kobe2024pass", "Osaka2025word").await.status(), 200);
    browser.goto(&app.url("/login")).await;
    browser.wait_for_text(".screen-title", JA.login).await;
    if words.locale == Locale::En {
        browser.click_on("#lang option[value=en]").await;
        browser.wait_for_text(".screen-title", words.login).await;
    }
    browser.fill("#email", email).await;
    browser.fill("#password", "Kobe2024pass").await;
    browser.fill("#second-password", "Osaka2025word").await;
    browser.click_on("#login").await;
    browser.wait_for_text(".screen-title", words.top).await;
    browser.wait_for_text(".enrollment .student-id", "1234567").await;
}

/// Manual 2.3 steps 3–6: the menu, the Note, Send, Application Completed, OK; the link.
async fn ask_for_the_link(app: &TestApp, browser: &Browser, words: &Words, email: &str) -> String {
    let lang = words.locale.tag();
    browser.click_on("#menu-button").await;
    browser.click_on("#menu-student-id").await;
    browser.wait_for_text(".screen-title", words.title).await;
    assert_eq!(browser.eval("return document.querySelectorAll('.note li').length").await, 4);
    browser.screenshot(&format!("student-id-request-{lang}")).await;
    let before = app.mail.to(email).len();
    browser.click_on("#send").await;
    browser.wait_for_text(".screen-title", words.completed).await;
    browser.wait_for_text_containing("#mail-sent", email).await;
    browser.screenshot(&format!("student-id-requested-{lang}")).await;
    browser.click_on("#ok").await;
    browser.wait_for_text(".screen-title", words.top).await;
    let mail = app.mail.wait_for_text(email, before, "/student-id/").await;
    mail.links().into_iter().find(|l| l.contains("/student-id/")).expect("a student ID link")
}

/// Manual 2.3 steps 7–10: the form, checked as typed; the confirmation; "accepted".
async fn apply(browser: &Browser, words: &Words, link: &str) -> String {
    let lang = words.locale.tag();
    browser.goto(link).await;
    browser.wait_for_text(".screen-title", words.title).await;
    browser.wait_for_text_containing("#registered-student-ids", "1234567").await;
    // The names when in school start as those of the first record.
    assert_eq!(browser.eval_on("#school-kana", "return el.value").await, "デンデン タロウ");
    browser.click_on("#affiliation-1 option:nth-child(2)").await;
    browser.click_on("#affiliation-2 option:nth-child(2)").await;
    browser.click_on("#affiliation-3 option:nth-child(2)").await;
    browser.click_on("input[name=degree_program][value=masters]").await;
    browser.type_in("#student-id", "1234567").await;
    pick(browser, "#matriculation", "2015-04").await;
    pick(browser, "#graduation", "2017-03").await;
    // The student ID number the account has is refused before anything is sent: as the
    // field is left, and by Check.
    browser.eval("document.activeElement.blur()").await;
    browser.wait_for_text("#student-id-error", ErrorCode::StudentIdRegistered.message(words.locale)).await;
    browser.click_on("#check").await;
    browser.wait_for("#error-summary").await;
    browser.fill("#student-id", "M2345678").await;
    browser.screenshot(&format!("student-id-form-{lang}")).await;
    browser.click_on("#check").await;

    browser.wait_for_text(".screen-title", words.confirm).await;
    let confirmation = browser.text(&browser.wait_for("#confirmation").await).await;
    for entry in ["電電 太郎", "デンデン タロウ", "DENDEN TAROU", "M2345678", "2015/04", "2017/03", words.program]
    {
        assert!(confirmation.contains(entry), "{entry} missing from:\n{confirmation}");
    }
    browser.screenshot(&format!("student-id-confirm-{lang}")).await;
    browser.click_on("#back-to-form").await;
    browser.wait_for_text(".screen-title", words.title).await;
    assert_eq!(browser.eval_on("#student-id", "return el.value").await, "M2345678");
    browser.click_on("#check").await;
    browser.wait_for_text(".screen-title", words.confirm).await;
    browser.click_on("#apply").await;

    browser.wait_for_text(".screen-title", words.accepted).await;
    let number = browser.text(&browser.wait_for("#reception-number").await).await;
    browser.screenshot(&format!("student-id-accepted-{lang}")).await;
    // The link is used up and says what to do.
    browser.goto(link).await;
    browser.wait_for("#link-problem").await;
    number
}

/// The reviewer opens it, sees the account's records beside it, and approves.
async fn approve(app: &TestApp, browser: &Browser, words: &Words, number: &str) {
    browser.goto(&app.url("/staff")).await;
    browser.type_in("#email", ADMIN_EMAIL).await;
    browser.type_in("#password", ADMIN_PASSWORD).await;
    browser.click_on("#login").await;
    browser.wait_for_text(".screen-title", words.queue).await;
    let row = format!("tr[data-reception='{number}']");
    browser.wait_for(&row).await;
    browser.click_on(&format!("{row} a")).await;
    let form = browser.text(&browser.wait_for("#application-form").await).await;
    assert!(form.contains("M2345678") && form.contains(words.program), "{form}");
    let account = browser.text(&browser.wait_for("#applicant-account").await).await;
    for entry in ["1234567", "電電 太郎", "1990/09/09"] {
        assert!(account.contains(entry), "{entry} missing from:\n{account}");
    }
    assert!(browser.find("#documents").await.is_none(), "no identity documents for this kind");
    browser.screenshot(&format!("student-id-review-{}", words.locale.tag())).await;
    browser.click_on("#approve").await;
    browser.wait_for_text_containing("#approve-dialog", words.approve_text).await;
    browser.click_on("#decision-confirm").await;
    browser.wait_for_text("#state", words.approved).await;
    browser.click_on("#logout").await;
}

async fn add_a_student_id(app: &TestApp, browser: Browser, words: &Words, email: &str) {
    logged_in(app, &browser, words, email).await;
    let link = ask_for_the_link(app, &browser, words, email).await;
    let number = apply(&browser, words, &link).await;
    let pending = app.mail.wait_for_text(email, 0, &number).await;
    assert!(pending.text().contains(&number));
    approve(app, &browser, words, &number).await;
    app.mail.wait_for_text(email, 0, "M2345678").await;

    // Manual 2.3 step 15: both student ID numbers.
    browser.goto(&app.url("/home")).await;
    browser.wait_for_text(".screen-title", words.top).await;
    browser.wait_until("return document.querySelectorAll('.enrollment .student-id').length === 2").await;
    let ids =
        browser.eval("return [...document.querySelectorAll('.enrollment .student-id')].map(e => e.textContent)").await;
    assert_eq!(ids, json!(["1234567", "M2345678"]));
    let fits = browser.eval("return document.documentElement.scrollWidth <= window.innerWidth").await;
    assert_eq!(fits, true, "no sideways scrolling");
    browser.screenshot(&format!("student-id-top-{}", words.locale.tag())).await;
    browser.quit().await;
}

#[tokio::test]
async fn a_graduate_adds_a_student_id_number_on_a_phone_in_japanese() {
    let Some(app) = app_with_built_spa().await else { return };
    add_a_student_id(&app, Browser::start_phone().await, &JA, "taro@example.jp").await;
}

#[tokio::test]
async fn a_graduate_adds_a_student_id_number_on_a_desktop_in_english() {
    let Some(app) = app_with_built_spa().await else { return };
    add_a_student_id(&app, Browser::start(1280, 900).await, &EN, "hanako@example.jp").await;
}
