//! Manual 2.4 (b) in the browser, in Japanese on a phone and in English on a desktop, from
//! the keyboard: the ⚙ menu, "Change mail address", the mail to the new address, the link's
//! page and its button, the top page with the new address; the undo link of the notice to
//! the old address.

use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use cis_tests::webdriver::Browser;
use cis_tests::{TestApp, PASSWORD, SECOND_PASSWORD};

use super::app_with_built_spa;

const ARROW_DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";

struct Words {
    locale: Locale,
    login: &'static str,
    top: &'static str,
    title: &'static str,
    sent: &'static str,
    subject: &'static str,
    wrong_password: &'static str,
    changed: &'static str,
    undone: &'static str,
}

const JA: Words = Words {
    locale: Locale::Ja,
    login: "卒業生ログイン",
    top: "トップページ",
    title: "メールアドレス変更",
    sent: "新しいメールアドレスに確認メールを送信しました。",
    subject: "メールアドレス変更の確認",
    wrong_password: "現在のパスワードが正しくありません。",
    changed: "メールアドレスを変更しました。",
    undone: "メールアドレスの変更を取り消しました。",
};

const EN: Words = Words {
    locale: Locale::En,
    login: "Graduate login",
    top: "Top page",
    title: "Change mail address",
    sent: "A confirmation mail has been sent to the new address.",
    subject: "Confirm your new mail address",
    wrong_password: "The current password is incorrect.",
    changed: "The mail address has been changed.",
    undone: "The change has been undone.",
};

async fn log_in(app: &TestApp, browser: &Browser, words: &Words, email: &str) {
    browser.goto(&app.url("/login")).await;
    browser.wait_for("#login").await;
    browser.click_on(&format!("#lang option[value={}]", words.locale.tag())).await;
    browser.wait_for_text(".screen-title", words.login).await;
    browser.fill("#email", email).await;
    browser.fill("#password", PASSWORD).await;
    browser.fill("#second-password", SECOND_PASSWORD).await;
    browser.click_on("#login").await;
    browser.wait_for_text(".screen-title", words.top).await;
}

async fn change_and_undo(app: &TestApp, browser: Browser, words: &Words, email: &str, new_email: &str) {
    let lang = words.locale.tag();
    app.active_graduate(email).await;
    log_in(app, &browser, words, email).await;

    // Manual 2.4 (b) step 1, from the keyboard: ⚙, down to "Change mail address", Enter.
    browser.eval_on("#menu-button", "el.focus()").await;
    browser.press(ARROW_DOWN).await;
    browser.wait_for_focus("menu-top").await;
    for expected in ["menu-manual", "menu-profile", "menu-mail-change"] {
        browser.press(ARROW_DOWN).await;
        browser.wait_for_focus(expected).await;
    }
    browser.press(ENTER).await;
    browser.wait_for_text(".screen-title", words.title).await;
    browser.wait_for_text("#current-email", email).await;

    // Steps 2–3: checked as typed by the API's rules; a wrong password keeps the session.
    browser.click_on("#check").await;
    browser.wait_for_text("#new-email-error", ErrorCode::Required.message(words.locale)).await;
    browser.wait_for_focus("new-email").await;
    browser.fill("#new-email", new_email).await;
    browser.fill("#new-email-check", &new_email.replace('.', "_")).await;
    browser.fill("#current-password", "Wrong2024pass").await;
    browser.click_on("#check").await;
    browser.wait_for_text("#new-email-check-error", ErrorCode::ConfirmationMismatch.message(words.locale)).await;
    browser.fill("#new-email-check", new_email).await;
    browser.click_on("#check").await;
    browser.wait_for_text("#problem", words.wrong_password).await;
    browser.wait_for_focus("current-password").await;
    let fits = browser.eval("return document.documentElement.scrollWidth <= window.innerWidth").await;
    assert_eq!(fits, true, "no sideways scrolling");
    browser.screenshot(&format!("mail-change-{lang}")).await;
    browser.fill("#current-password", PASSWORD).await;
    browser.click_on("#check").await;
    browser.wait_for_text_containing("#mail-change-sent", words.sent).await;
    browser.screenshot(&format!("mail-change-sent-{lang}")).await;
    // The top page lists the change under "Current application list" until it is confirmed.
    browser.click_on("#menu-button").await;
    browser.click_on("#menu-top").await;
    browser.wait_for_text("#current-applications #pending-mail-change .new-email", new_email).await;

    // Steps 4–6: the mail, in the screen's language; its page; the button.
    let mail = app.mail.wait_for(new_email).await;
    assert!(mail.subject().ends_with(words.subject), "{}", mail.subject());
    let link = mail.links().into_iter().find(|l| l.contains("/mail-change/")).expect("a link");
    browser.goto(&link).await;
    browser.wait_for_text(".screen-title", words.title).await;
    browser.wait_for_text("#new-email", new_email).await;
    assert!(browser.find("#lang").await.is_some(), "LANG on the link's page");
    browser.screenshot(&format!("mail-change-link-{lang}")).await;
    browser.eval_on("#press", "el.focus()").await;
    browser.press(ENTER).await;
    browser.wait_for_text_containing("#link-done", words.changed).await;
    browser.screenshot(&format!("mail-changed-{lang}")).await;
    browser.click_on("#link-next").await;
    browser.wait_for_text(".applying-as", new_email).await;

    // The link again: used, said in the screen's language with what to do next.
    browser.goto(&link).await;
    browser.wait_for_text("#link-problem .banner", ErrorCode::TokenUsed.message(words.locale)).await;
    assert!(!browser.text(&browser.wait_for("#next-step").await).await.is_empty());
    // LANG, as on every page before login: the page says it again in the other language.
    let other = if words.locale == Locale::Ja { Locale::En } else { Locale::Ja };
    browser.click_on(&format!("#lang option[value={}]", other.tag())).await;
    browser.wait_for_text("#link-problem .banner", ErrorCode::TokenUsed.message(other)).await;
    browser.screenshot(&format!("mail-change-used-{}", other.tag())).await;
    browser.click_on(&format!("#lang option[value={lang}]")).await;

    // The notice to the old address undoes it; every session ends.
    let notice = app.mail.wait_for_text(email, 0, "/mail-change-undo/").await;
    let undo = notice.links().into_iter().find(|l| l.contains("/mail-change-undo/")).expect("an undo link");
    browser.goto(&undo).await;
    browser.click_on("#press").await;
    browser.wait_for_text_containing("#link-done", words.undone).await;
    browser.wait_for_text("#link-email", email).await;
    browser.screenshot(&format!("mail-change-undone-{lang}")).await;
    browser.goto(&app.url("/home")).await;
    browser.wait_for_text(".screen-title", words.login).await;
    browser.quit().await;
}

#[tokio::test]
async fn on_a_phone_in_japanese_the_menu_changes_the_mail_address_and_the_old_one_undoes_it() {
    let Some(app) = app_with_built_spa().await else { return };
    change_and_undo(&app, Browser::start_phone().await, &JA, "taro@example.jp", "taro.new@example.jp").await;
}

#[tokio::test]
async fn on_a_desktop_in_english_the_menu_changes_the_mail_address_and_the_old_one_undoes_it() {
    let Some(app) = app_with_built_spa().await else { return };
    change_and_undo(&app, Browser::start(1280, 900).await, &EN, "hanako@example.jp", "hanako.new@example.jp").await;
}
