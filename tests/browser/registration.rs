//! Manual 2.1 steps 1–16 in the browser, with a real image file, in both languages.

use cis_tests::webdriver::Browser;
use cis_tests::{images, TestApp};

use super::app_with_built_spa;

/// Sets an input the way a date or month picker does.
pub(super) async fn pick(browser: &Browser, css: &str, value: &str) {
    browser
        .eval_on(
            css,
            &format!(
                "const e = el; e.value = '{value}'; \
             e.dispatchEvent(new Event('input', {{bubbles: true}})); e.dispatchEvent(new Event('blur'));"
            ),
        )
        .await;
}

/// Every entry of the applicant form after the applicant's name and katakana, as in the
/// issue's example; the image is left to the test.
pub(super) async fn fill_in_the_rest(browser: &Browser) {
    pick(browser, "#birth-date", "1990-09-09").await;
    browser.type_in("#school-name", "電電 太郎").await;
    browser.type_in("#school-kana", "デンデン タロウ").await;
    browser.type_in("#school-roman", "denden tarou").await;
    browser.click_on("#affiliation-1 option:nth-child(2)").await;
    browser.click_on("#affiliation-2 option:nth-child(2)").await;
    browser.click_on("#affiliation-3 option:nth-child(2)").await;
    browser.click_on("input[name=degree_program][value=undergraduate]").await;
    browser.type_in("#student-id", "1234567").await;
    pick(browser, "#matriculation", "2011-04").await;
    pick(browser, "#graduation", "2015-03").await;
    browser.type_in("#postal-code", "100-0001").await;
    browser.type_in("#prefecture", "Tokyo").await;
    browser.type_in("#city", "Chiyoda-ku").await;
    browser.type_in("#street", "1-1 Chiyoda").await;
    browser.type_in("#phone", "03-1111-2222").await;
    browser.type_in("#mobile-phone", "090-1111-2222").await;
    browser.type_in("#intended-use", "Employment").await;
    browser.type_in("#submit-to", "Example Corp.").await;
}

struct Words {
    lang: &'static str,
    mail_setting: &'static str,
    terms: &'static str,
    form: &'static str,
    confirm: &'static str,
    reception: &'static str,
    kana_error: &'static str,
}

const EN: Words = Words {
    lang: "en",
    mail_setting: "Mail address setting",
    terms: "Permission for use",
    form: "Applicant information",
    confirm: "Confirm the application",
    reception: "Application reception",
    kana_error: "Enter in full-width katakana.",
};

const JA: Words = Words {
    lang: "ja",
    mail_setting: "メールアドレス設定",
    terms: "利用許諾",
    form: "申請者情報登録",
    confirm: "申請内容確認",
    reception: "申請受付",
    kana_error: "全角カタカナで入力してください。",
};

async fn walk_the_whole_registration(app: &TestApp, words: &Words, email: &str) {
    let browser = Browser::start_phone().await;
    browser.goto(&app.url("/")).await;
    browser.wait_for_text(".screen-title", "卒業生ログイン").await;
    if words.lang == "en" {
        browser.click_on("#lang option[value=en]").await;
        browser.wait_for_text(".screen-title", "Graduate login").await;
    }

    // Steps 2–5: New registration procedure → Mail address setting → Check.
    browser.click_on("#new-registration").await;
    browser.wait_for_text(".screen-title", words.mail_setting).await;
    browser.type_in("#email", email).await;
    browser.type_in("#email-check", &email.replace('@', "@@")).await;
    browser.click_on("#check").await;
    assert!(!browser.text(&browser.wait_for("#email-mismatch").await).await.is_empty(), "mismatch shown");
    browser.eval_on("#email-check", "el.value = ''").await;
    browser.type_in("#email-check", email).await;
    browser.click_on("#check").await;
    browser.wait_for("#sent").await;
    browser.screenshot(&format!("register-sent-{}", words.lang)).await;

    // Step 6: the one-time URL in the mail.
    let mail = app.mail.wait_for(email).await;
    let link = mail.links().into_iter().find(|l| l.contains("/register/")).unwrap();
    browser.goto(&link).await;

    // Steps 7–8: Permission for use.
    browser.wait_for_text(".screen-title", words.terms).await;
    assert_eq!(browser.eval_on("#agree", "return el.disabled").await, true);
    browser.click_on("#agree-check").await;
    browser.click_on("#agree").await;

    // Steps 9–13: the applicant form, with errors shown as you go.
    browser.wait_for_text(".screen-title", words.form).await;
    browser.type_in("#applicant-name", "電電 太郎").await;
    browser.type_in("#applicant-kana", "でんでん たろう").await;
    browser.click_on("#applicant-name").await; // leave the kana field
    browser.wait_for_text("#applicant-kana-error", words.kana_error).await;
    browser
        .eval_on("#applicant-kana", "const e = el; e.value = ''; e.dispatchEvent(new Event('input', {bubbles: true}));")
        .await;
    browser.type_in("#applicant-kana", "デンデン タロウ").await;
    fill_in_the_rest(&browser).await;

    // Check before the document is attached: the missing image is named.
    browser.click_on("#check").await;
    browser.wait_for("#front-error:not(:empty)").await;

    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("licence.jpg");
    std::fs::write(&photo, images::jpeg(1200, 800)).unwrap();
    browser.type_into(&browser.wait_for("#front").await, &photo.display().to_string()).await;
    browser.wait_for("#front-preview").await;
    for _ in 0..50 {
        if browser.eval_on("#front-preview", "return el.naturalWidth").await == 1200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(browser.eval_on("#front-preview", "return el.naturalWidth").await, 1200);
    browser.screenshot(&format!("register-form-{}", words.lang)).await;

    // Step 14–15: Check → the confirmation lists every entry.
    browser.click_on("#check").await;
    browser.wait_for_text(".screen-title", words.confirm).await;
    let confirmation = browser.text(&browser.wait_for("#confirmation").await).await;
    for entry in
        ["電電 太郎", "デンデン タロウ", "DENDEN TAROU", "1990/09/09", "2015/03", "100-0001", "Example Corp.", email]
    {
        assert!(confirmation.contains(entry), "{entry} missing from:\n{confirmation}");
    }
    browser.screenshot(&format!("register-confirm-{}", words.lang)).await;

    // Back keeps everything; then Application.
    browser.click_on("#back-to-form").await;
    browser.wait_for_text(".screen-title", words.form).await;
    assert_eq!(browser.eval_on("#applicant-kana", "return el.value").await, "デンデン タロウ");
    browser.click_on("#check").await;
    browser.wait_for_text(".screen-title", words.confirm).await;
    browser.click_on("#apply").await;

    // Step 16: Application reception, and the reception mail.
    browser.wait_for_text(".screen-title", words.reception).await;
    let number = browser.text(&browser.wait_for("#reception-number").await).await;
    let mail = app.mail.wait_for_nth(email, 2).await;
    assert!(mail.text().contains(&number), "{number} not in the reception mail");
    browser.screenshot(&format!("register-reception-{}", words.lang)).await;

    // The link is used up and says so.
    browser.goto(&link).await;
    browser.wait_for("#link-problem").await;
    browser.quit().await;
}

#[tokio::test]
async fn a_graduate_applies_in_english_on_a_phone() {
    let Some(app) = app_with_built_spa().await else { return };
    walk_the_whole_registration(&app, &EN, "denden@example.jp").await;
}

#[tokio::test]
async fn a_graduate_applies_in_japanese_on_a_phone() {
    let Some(app) = app_with_built_spa().await else { return };
    walk_the_whole_registration(&app, &JA, "hanako@example.jp").await;
}

#[tokio::test]
async fn an_expired_link_explains_itself_and_offers_to_start_again() {
    let Some(app) = app_with_built_spa().await else { return };
    let token = app.registration_token("late@example.jp").await;
    app.clock.advance(chrono::Duration::minutes(31));
    let browser = Browser::start(1280, 900).await;
    browser.goto(&app.url(&format!("/register/{token}"))).await;
    let text = browser.text(&browser.wait_for("#link-problem").await).await;
    assert!(text.contains("このURLは有効期限が切れています"), "{text}");
    browser.click_on("#start-again").await;
    browser.wait_for_text(".screen-title", "メールアドレス設定").await;
    browser.quit().await;
}
