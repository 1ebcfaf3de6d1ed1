//! The applicant form beyond the happy path: the draft kept in the browser (a reload, and a
//! new link after the first one expired), the summary of a refused Check (the SPA's checks
//! and the API's 422), and the identity document images (full size, remove, replace).

use cis_tests::webdriver::Browser;
use cis_tests::{images, TestApp};
use sea_orm::ConnectionTrait;
use serde_json::Value;

use super::app_with_built_spa;
use super::registration::fill_in_the_rest;

struct Words {
    /// The browser's languages: the SPA follows them on a first visit.
    prefer: &'static str,
    form: &'static str,
    confirm: &'static str,
    reception: &'static str,
    time_left: &'static str,
    expired: &'static str,
    renew_sent: &'static str,
    images_again: &'static str,
    problems: fn(i64) -> String,
    kana_error: &'static str,
    degree_program: &'static str,
}

const JA: Words = Words {
    prefer: "ja",
    form: "申請者情報登録",
    confirm: "申請内容確認",
    reception: "申請受付",
    time_left: "このURLの有効期限まで、残り約",
    expired: "このURLの有効期限が切れました。",
    renew_sent: "に新しいURLを送信しました",
    images_again: "本人確認書類の画像は、もう一度添付してください。",
    problems: |n| format!("入力内容に{n}件の問題があります"),
    kana_error: "全角カタカナで入力してください。",
    degree_program: "課程",
};

const EN: Words = Words {
    prefer: "en-US,en",
    form: "Applicant information",
    confirm: "Confirm the application",
    reception: "Application reception",
    time_left: "This link works for about ",
    expired: "This link has expired.",
    renew_sent: "A new link has been mailed to",
    images_again: "Attach the images of the identification document again.",
    problems: |n| format!("There are {n} problems"),
    kana_error: "Enter in full-width katakana.",
    degree_program: "Degree Program",
};

/// Opens the registration link of `token` and agrees to the terms.
async fn open_form(app: &TestApp, browser: &Browser, words: &Words, token: &str) {
    browser.goto(&app.url(&format!("/register/{token}"))).await;
    browser.click_on("#agree-check").await;
    browser.click_on("#agree").await;
    browser.wait_for_text(".screen-title", words.form).await;
}

/// Attaches a JPEG of the given width as the front image and waits for its preview.
async fn attach_front(browser: &Browser, width: u32) {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join(format!("licence-{width}.jpg"));
    std::fs::write(&photo, images::jpeg(width, width * 2 / 3)).unwrap();
    browser.type_into(&browser.wait_for("#front").await, &photo.display().to_string()).await;
    let loaded =
        format!("const i = document.querySelector('#front-preview'); return i !== null && i.naturalWidth === {width}");
    browser.wait_until(&loaded).await;
}

async fn value(browser: &Browser, css: &str) -> Value {
    browser.eval_on(css, "return el.value").await
}

async fn checked(browser: &Browser, css: &str) -> Value {
    browser.eval_on(css, "return el.checked").await
}

/// What the draft must bring back.
async fn assert_the_entries_are_back(browser: &Browser) {
    assert_eq!(value(browser, "#applicant-kana").await, "デンデン タロウ");
    assert_eq!(value(browser, "#school-roman").await, "DENDEN TAROU");
    assert_eq!(value(browser, "#employer-name").await, "Example Works");
    assert_eq!(value(browser, "#remarks").await, "Please hurry.");
    assert_eq!(checked(browser, "#type-reapplication").await, true);
    assert_eq!(checked(browser, "#kind-1").await, true);
    assert_eq!(checked(browser, "input[name=degree_program][value=undergraduate]").await, true);
    browser.wait_until("return document.querySelector('#affiliation-3').selectedIndex === 1").await;
}

async fn draft_survives_a_reload_and_a_new_link(app: &TestApp, words: &Words, email: &str) {
    let token = app.registration_token(email).await;
    let browser = Browser::start_preferring(1280, 900, words.prefer).await;
    open_form(app, &browser, words, &token).await;
    // Manual 2.1 step 6: the time limit is displayed.
    browser.wait_for_text_containing("#link-clock", words.time_left).await;

    browser.type_in("#applicant-name", "電電 太郎").await;
    browser.type_in("#applicant-kana", "デンデン タロウ").await;
    browser.click_on("#type-reapplication").await;
    fill_in_the_rest(&browser).await;
    browser.type_in("#employer-name", "Example Works").await;
    browser.click_on("#kind-1").await;
    browser.type_in("#remarks", "Please hurry.").await;
    attach_front(&browser, 1200).await;

    // A reload opens the form again, filled in, the image included (same link).
    browser.goto(&app.url(&format!("/register/{token}"))).await;
    browser.wait_for("#draft-restored").await;
    assert_the_entries_are_back(&browser).await;
    browser.wait_for("#front-preview").await;

    // The link runs out on the confirmation screen: Application says so and offers a new
    // link to the same address.
    browser.click_on("#check").await;
    browser.wait_for_text(".screen-title", words.confirm).await;
    app.clock.advance(chrono::Duration::minutes(31));
    browser.click_on("#apply").await;
    browser.wait_for_text_containing("#link-expired", words.expired).await;
    // Said where the applicant is: the offer takes the focus, in view.
    browser.wait_until("return document.activeElement.id === 'link-expired'").await;
    let in_view = "const r = document.querySelector('#renew-link').getBoundingClientRect(); \
                   return r.top >= 0 && r.bottom <= window.innerHeight";
    assert_eq!(browser.eval(in_view).await, true);
    browser.screenshot(&format!("registration-link-expired-{}", &words.prefer[..2])).await;
    browser.click_on("#renew-link").await;
    let sent = browser.wait_for_text_containing("#renew-sent", words.renew_sent).await;
    assert!(sent.contains(email), "{sent}");

    // The new link brings the entries back; the image belonged to the old link.
    let mail = app.mail.wait_for_nth(email, 2).await;
    let link = mail.links().into_iter().find(|l| l.contains("/register/")).unwrap();
    browser.goto(&link).await;
    browser.click_on("#agree-check").await;
    browser.click_on("#agree").await;
    browser.wait_for_text_containing("#draft-restored", words.images_again).await;
    assert_the_entries_are_back(&browser).await;
    assert_eq!(browser.eval("return document.querySelector('#front-preview') === null").await, true);
    browser.screenshot(&format!("registration-draft-restored-{}", &words.prefer[..2])).await;

    attach_front(&browser, 800).await;
    browser.click_on("#check").await;
    browser.wait_for_text(".screen-title", words.confirm).await;
    browser.click_on("#apply").await;
    browser.wait_for_text(".screen-title", words.reception).await;
    // Received: the draft is gone from the browser.
    let drafts = "return Object.keys(sessionStorage).filter(k => k.startsWith('cis.draft')).length";
    assert_eq!(browser.eval(drafts).await, 0);
    browser.quit().await;
}

#[tokio::test]
async fn the_draft_survives_a_reload_and_a_new_link_after_expiry_in_japanese() {
    let Some(app) = app_with_built_spa().await else { return };
    draft_survives_a_reload_and_a_new_link(&app, &JA, "draft-ja@example.jp").await;
}

#[tokio::test]
async fn the_draft_survives_a_reload_and_a_new_link_after_expiry_in_english() {
    let Some(app) = app_with_built_spa().await else { return };
    draft_survives_a_reload_and_a_new_link(&app, &EN, "draft-en@example.jp").await;
}

async fn a_refused_check_is_summed_up_once(app: &TestApp, words: &Words, email: &str) {
    let token = app.registration_token(email).await;
    let browser = Browser::start_preferring(1280, 900, words.prefer).await;
    open_form(app, &browser, words, &token).await;
    browser.type_in("#applicant-name", "電電 太郎").await;
    browser.type_in("#applicant-kana", "でんでん たろう").await;
    browser.click_on("#check").await;

    // One summary at the top takes the focus; no field's message is a live region.
    browser.wait_for("#error-summary").await;
    browser.wait_until("return document.activeElement.id === 'error-summary'").await;
    let count = browser.eval("return document.querySelectorAll('#error-summary li').length").await.as_i64().unwrap();
    assert!(count >= 10, "{count} problems");
    browser.wait_for_text("#error-summary-title", &(words.problems)(count)).await;
    let live = "return document.querySelectorAll('.error[role=alert], .error[aria-live]').length";
    assert_eq!(browser.eval(live).await, 0);
    browser.screenshot(&format!("registration-error-summary-{}", &words.prefer[..2])).await;

    // Each field in error is marked and described by its message.
    assert_eq!(browser.eval_on("#applicant-kana", "return el.getAttribute('aria-invalid')").await, "true");
    assert_eq!(
        browser.eval_on("#applicant-kana", "return el.getAttribute('aria-describedby')").await,
        "applicant-kana-error"
    );
    browser.wait_for_text("#applicant-kana-error", words.kana_error).await;
    assert_eq!(browser.eval_on("#applicant-name", "return el.getAttribute('aria-invalid')").await, Value::Null);

    // A link per problem puts the focus on its field; a radio group is a fieldset.
    browser.click_on("#error-summary a[href='#applicant-kana']").await;
    browser.wait_until("return document.activeElement.id === 'applicant-kana'").await;
    browser.click_on("#error-summary a[href='#degree-program']").await;
    browser.wait_until("return document.activeElement.name === 'degree_program'").await;
    assert_eq!(browser.eval_on("#degree-program", "return el.tagName").await, "FIELDSET");
    let legend = browser.text(&browser.wait_for("#degree-program legend").await).await;
    assert!(legend.starts_with(words.degree_program), "{legend}");
    let marked = "return [...document.querySelectorAll('input[name=degree_program]')]\
                  .every(i => i.getAttribute('aria-invalid') === 'true')";
    assert_eq!(browser.eval(marked).await, true);
    browser.quit().await;
}

#[tokio::test]
async fn a_refused_check_is_summed_up_at_the_top_with_a_link_per_field_in_japanese() {
    let Some(app) = app_with_built_spa().await else { return };
    a_refused_check_is_summed_up_once(&app, &JA, "summary-ja@example.jp").await;
}

#[tokio::test]
async fn a_refused_check_is_summed_up_at_the_top_with_a_link_per_field_in_english() {
    let Some(app) = app_with_built_spa().await else { return };
    a_refused_check_is_summed_up_once(&app, &EN, "summary-en@example.jp").await;
}

#[tokio::test]
async fn the_apis_refusal_of_the_application_goes_back_to_the_form_with_the_summary() {
    let Some(app) = app_with_built_spa().await else { return };
    let token = app.registration_token("refused@example.jp").await;
    let browser = Browser::start_preferring(1280, 900, JA.prefer).await;
    open_form(&app, &browser, &JA, &token).await;
    browser.type_in("#applicant-name", "電電 太郎").await;
    browser.type_in("#applicant-kana", "デンデン タロウ").await;
    fill_in_the_rest(&browser).await;
    attach_front(&browser, 1200).await;
    browser.click_on("#check").await;
    browser.wait_for_text(".screen-title", JA.confirm).await;

    // The image is gone on the server (the retention sweep, say): the API answers 422.
    app.db().execute_unprepared("DELETE FROM identity_documents").await.unwrap();
    browser.click_on("#apply").await;
    browser.wait_for_text(".screen-title", JA.form).await;
    browser.wait_for("#error-summary a[href='#front']").await;
    browser.wait_until("return document.activeElement.id === 'error-summary'").await;
    browser.wait_for_text("#error-summary-title", &(JA.problems)(1)).await;
    assert_eq!(browser.eval_on("#front", "return el.getAttribute('aria-invalid')").await, "true");
    browser.wait_for("#front-error:not(:empty)").await;
    browser.quit().await;
}

#[tokio::test]
async fn an_uploaded_image_opens_full_size_and_can_be_replaced_or_removed() {
    let Some(app) = app_with_built_spa().await else { return };
    let token = app.registration_token("images@example.jp").await;
    let browser = Browser::start_phone().await;
    open_form(&app, &browser, &JA, &token).await;
    attach_front(&browser, 1200).await;

    // The preview is a button; the viewer shows the image at its own size, Escape closes it
    // and the focus returns to the preview.
    assert_eq!(browser.eval_on("#front-preview", "return el.parentElement.tagName").await, "BUTTON");
    browser.click_on("#front-preview").await;
    browser.wait_for("#image-viewer").await;
    browser.wait_until("return document.activeElement.id === 'viewer-close'").await;
    browser.wait_until("return document.querySelector('#viewer-image').naturalWidth === 1200").await;
    assert_eq!(browser.eval_on("#viewer-image", "return el.getBoundingClientRect().width").await, 1200);
    browser.screenshot("registration-image-viewer").await;
    browser.type_into(&browser.wait_for("#viewer-close").await, "\u{E00C}").await;
    browser.wait_until("return document.querySelector('#image-viewer') === null").await;
    browser.wait_until("return document.activeElement.querySelector('#front-preview') !== null").await;

    // Choosing another file replaces the image; the API deletes the replaced one.
    let first = browser.eval_on("#front-preview", "return new URL(el.src).pathname").await;
    attach_front(&browser, 900).await;
    let replaced = app.get(first.as_str().unwrap()).await;
    assert_eq!(replaced.status(), 404);

    // Remove takes it off the form: the Check asks for an image again.
    browser.click_on("#front-remove").await;
    browser.wait_until("return document.querySelector('#front-preview') === null").await;
    browser.wait_until("return document.activeElement.id === 'front'").await;
    browser.click_on("#check").await;
    browser.wait_for("#error-summary a[href='#front']").await;
    browser.wait_for("#front-error:not(:empty)").await;
    browser.quit().await;
}
