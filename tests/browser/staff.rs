//! The staff area in the browser: an administrator logs in, opens a waiting application,
//! sees the identity document, rejects it with a reason, adds a reviewer, reads the audit
//! log; the new reviewer sees no administrator menu. In Japanese and English.

use cis_tests::webdriver::Browser;
use cis_tests::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

use super::app_with_built_spa;

struct Words {
    lang: &'static str,
    login: &'static str,
    queue: &'static str,
    detail: &'static str,
    administrator: &'static str,
    reviewer: &'static str,
    rejected: &'static str,
    required: &'static str,
    users: &'static str,
    audit: &'static str,
    rejection_action: &'static str,
    next: &'static str,
    logged_out: &'static str,
}

const JA: Words = Words {
    lang: "ja",
    login: "職員ログイン",
    queue: "申請一覧",
    detail: "申請内容",
    administrator: "管理者",
    reviewer: "審査担当者",
    rejected: "却下",
    required: "必須項目です。",
    users: "職員管理",
    audit: "監査ログ",
    rejection_action: "申請の却下",
    next: "次へ",
    logged_out: "ログアウトしました。",
};

const EN: Words = Words {
    lang: "en",
    login: "Staff login",
    queue: "Application queue",
    detail: "Application",
    administrator: "Administrator",
    reviewer: "Reviewer",
    rejected: "Rejected",
    required: "This item is required.",
    users: "Staff members",
    audit: "Audit log",
    rejection_action: "Application rejected",
    next: "Next",
    logged_out: "You have logged out.",
};

async fn log_in(browser: &Browser, app: &TestApp, words: &Words, email: &str, password: &str) {
    // Without a token every staff screen leads to the login.
    browser.goto(&app.url("/staff")).await;
    browser.wait_for_text(".screen-title", JA.login).await;
    if words.lang == "en" {
        browser.click_on("#lang option[value=en]").await;
        browser.wait_for_text(".screen-title", words.login).await;
    }
    browser.type_in("#email", email).await;
    browser.type_in("#password", password).await;
    browser.click_on("#login").await;
    browser.wait_for_text(".screen-title", words.queue).await;
}

/// The bootstrap administrator logged in, the staff area in `lang` (`ja` or `en`).
pub(crate) async fn administrator_logged_in(browser: &Browser, app: &TestApp, lang: &str) {
    let words = if lang == "en" { &EN } else { &JA };
    log_in(browser, app, words, ADMIN_EMAIL, ADMIN_PASSWORD).await;
}

async fn review_reject_and_add_a_reviewer(app: &TestApp, words: &Words, applicant: &str, reviewer: &str) {
    let number = app.submitted_application(applicant, "電電 太郎", "デンデン タロウ").await;
    let browser = Browser::start(1280, 900).await;
    log_in(&browser, app, words, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    browser.wait_for_text("#staff-role", words.administrator).await;
    browser.wait_for("#nav-users").await;
    browser.wait_for("#nav-audit").await;

    // The queue opens on the waiting applications.
    let row = format!("tr[data-reception='{number}']");
    browser.wait_for(&row).await;
    browser.wait_for_text("#next-page", words.next).await;
    assert_eq!(browser.eval_on("#next-page", "return el.disabled").await, true);
    browser.screenshot(&format!("staff-queue-{}", words.lang)).await;

    // The search finds it by reception number, and not by a name nobody has.
    browser.type_in("#search", "存在しない名前").await;
    browser.click_on("#search-button").await;
    browser.wait_for("#no-applications").await;
    browser
        .eval_on("#search", "const e = el; e.value = ''; e.dispatchEvent(new Event('input', {bubbles: true}));")
        .await;
    browser.type_in("#search", &number).await;
    browser.click_on("#search-button").await;
    browser.click_on(&format!("{row} a")).await;

    // Everything submitted, and the document image fetched with the staff token.
    browser.wait_for_text(".screen-title", words.detail).await;
    let form = browser.text(&browser.wait_for("#application-form").await).await;
    for entry in ["電電 太郎", "デンデン タロウ", "DENDEN TAROU", "1990/09/09", "100-0001", "Example Corp."]
    {
        assert!(form.contains(entry), "{entry} missing from:\n{form}");
    }
    browser.wait_for("#document-front").await;
    browser.wait_until("return document.querySelector('#document-front').naturalWidth > 0").await;
    assert_eq!(browser.eval_on("#document-front", "return el.naturalWidth").await, 640);
    let src = browser.eval_on("#document-front", "return el.src").await;
    assert!(src.as_str().unwrap().starts_with("blob:"), "{src}");
    browser.screenshot(&format!("staff-application-{}", words.lang)).await;

    // Reject: the reason is required, then the new state shows.
    browser.click_on("#reject").await;
    browser.wait_for("#reject-dialog").await;
    browser.click_on("#decision-confirm").await;
    browser.wait_for_text("#reason-error", words.required).await;
    let reason = "The identity document image is unreadable.";
    browser.type_in("#reason", reason).await;
    browser.screenshot(&format!("staff-reject-dialog-{}", words.lang)).await;
    browser.click_on("#decision-confirm").await;
    browser.wait_for_text("#state", words.rejected).await;
    browser.wait_for("#decided").await;
    assert!(browser.find("#reject").await.is_none(), "no second decision offered");
    browser.screenshot(&format!("staff-rejected-{}", words.lang)).await;
    let mail = app.mail.wait_for_nth(applicant, 3).await;
    assert!(mail.text().contains(reason), "the reason is quoted in:\n{}", mail.text());

    // A reload keeps the member logged in (sessionStorage).
    browser.eval("location.reload()").await;
    browser.wait_for_text("#state", words.rejected).await;
    browser.wait_for("#decided-already").await;

    // Staff members: add a reviewer, confirmed first; the password goes by mail.
    browser.click_on("#nav-users").await;
    browser.wait_for_text(".screen-title", words.users).await;
    browser.wait_for(&format!("tr[data-email='{ADMIN_EMAIL}']")).await;
    browser.type_in("#new-email", reviewer).await;
    browser.type_in("#new-name", "Hanako Sato").await;
    browser.click_on("#new-role option[value=reviewer]").await;
    browser.click_on("#add-user").await;
    browser.wait_for("#confirm-dialog").await;
    browser.click_on("#confirm-ok").await;
    browser.wait_for("#done").await;
    let added = format!("tr[data-email='{reviewer}']");
    let line = browser.text(&browser.wait_for(&added).await).await;
    assert!(line.contains("Hanako Sato") && line.contains(words.reviewer), "{line}");
    browser.screenshot(&format!("staff-users-{}", words.lang)).await;
    let mail = app.mail.wait_for(reviewer).await;
    let password = mail
        .text()
        .lines()
        .find_map(|l| l.trim().strip_prefix("Password: ").map(str::to_owned))
        .unwrap_or_else(|| panic!("no password in:\n{}", mail.text()));

    // The same address twice is refused, in the screen's language.
    browser.type_in("#new-email", reviewer).await;
    browser.type_in("#new-name", "Hanako Sato").await;
    browser.click_on("#add-user").await;
    browser.click_on("#confirm-ok").await;
    browser.wait_for("#add-problem").await;

    // The audit log has the rejection.
    browser.click_on("#nav-audit").await;
    browser.wait_for_text(".screen-title", words.audit).await;
    let log = browser.text(&browser.wait_for("tr[data-action='application.reject']").await).await;
    assert!(log.contains(words.rejection_action) && log.contains(ADMIN_EMAIL), "{log}");
    browser.screenshot(&format!("staff-audit-{}", words.lang)).await;

    // Logout ends the token on the server and forgets it here.
    let token = browser.eval("return sessionStorage.getItem('cis.staff_token')").await;
    browser.click_on("#logout").await;
    browser.wait_for_text("#farewell", words.logged_out).await;
    // Logout ended the token on the server too.
    assert_eq!(app.staff_get(token.as_str().unwrap(), "/api/v1/staff/me").await.status(), 401);
    browser.goto(&app.url("/staff")).await;
    browser.wait_for_text(".screen-title", words.login).await;

    // The new reviewer: the queue, but no staff members or audit log.
    browser.type_in("#email", reviewer).await;
    browser.type_in("#password", &password).await;
    browser.click_on("#login").await;
    browser.wait_for_text(".screen-title", words.queue).await;
    browser.wait_for_text("#staff-role", words.reviewer).await;
    assert!(browser.find("#nav-users").await.is_none(), "no staff menu for reviewers");
    assert!(browser.find("#nav-audit").await.is_none(), "no audit menu for reviewers");
    browser.quit().await;
}

#[tokio::test]
async fn an_administrator_rejects_an_application_and_adds_a_reviewer_in_japanese() {
    let Some(app) = app_with_built_spa().await else { return };
    review_reject_and_add_a_reviewer(&app, &JA, "taro@example.jp", "hanako.reviewer@the-university.example").await;
}

#[tokio::test]
async fn an_administrator_rejects_an_application_and_adds_a_reviewer_in_english() {
    let Some(app) = app_with_built_spa().await else { return };
    review_reject_and_add_a_reviewer(&app, &EN, "jiro@example.jp", "sato.reviewer@the-university.example").await;
}

#[tokio::test]
async fn an_expired_staff_token_leads_back_to_the_login_with_a_message() {
    let Some(app) = app_with_built_spa().await else { return };
    let browser = Browser::start(1280, 900).await;
    browser.goto(&app.url("/staff/login")).await;
    browser.wait_for_text(".screen-title", JA.login).await;
    // A token the API does not accept stands for one that has expired.
    browser.eval("sessionStorage.setItem('cis.staff_token', 'expired.token.value')").await;
    browser.goto(&app.url("/staff/audit")).await;
    browser.wait_for("#farewell").await;
    browser.wait_for_text(".screen-title", JA.login).await;
    assert_eq!(browser.eval("return sessionStorage.getItem('cis.staff_token')").await, serde_json::Value::Null);
    browser.quit().await;
}

#[tokio::test]
async fn the_staff_queue_and_an_application_fit_a_phone() {
    let Some(app) = app_with_built_spa().await else { return };
    let number = app.submitted_application("phone@example.jp", "電電 花子", "デンデン ハナコ").await;
    let browser = Browser::start_phone().await;
    log_in(&browser, &app, &JA, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    browser.wait_for(&format!("tr[data-reception='{number}']")).await;
    let fits = "return document.documentElement.scrollWidth <= window.innerWidth";
    assert_eq!(browser.eval(fits).await, true, "no sideways scrolling of the queue on a phone");
    browser.screenshot("staff-queue-phone").await;
    browser.click_on(&format!("tr[data-reception='{number}'] a")).await;
    browser.wait_for("#document-front").await;
    browser.wait_until("return document.querySelector('#document-front').naturalWidth > 0").await;
    assert_eq!(browser.eval(fits).await, true, "no sideways scrolling of an application on a phone");
    browser.screenshot("staff-application-phone").await;
    browser.quit().await;
}

/// Approves `reception` through the API, as another reviewer would have.
async fn approve_by_api(app: &TestApp, reception: &str) {
    let token = app.staff_token().await;
    let id = app.application_id(&token, reception).await;
    assert_eq!(app.decide(&token, id, serde_json::json!({"decision": "approve"})).await.status(), 200);
}

#[tokio::test]
async fn a_reapplication_is_approved_with_the_account_it_replaces() {
    let Some(app) = app_with_built_spa().await else { return };
    // The graduate's account, then a reapplication from a new address (manual 2.4 (c)).
    let first = app.submitted_application("old@example.jp", "電電 次郎", "デンデン ジロウ").await;
    approve_by_api(&app, &first).await;
    let token = app.registration_token("new@example.jp").await;
    let front = app.upload_photo(&token).await;
    let mut form = cis_tests::application_form(app.first_subject_id().await, front);
    form["application_type"] = "reapplication".into();
    form["applicant"]["name"] = "電電 次郎".into();
    form["applicant"]["name_kana"] = "デンデン ジロウ".into();
    let response = app.submit_application(&token, &form).await;
    assert_eq!(response.status(), 201);
    let number = response.json::<serde_json::Value>().await.unwrap()["reception_number"].as_str().unwrap().to_owned();

    let browser = Browser::start(1280, 900).await;
    log_in(&browser, &app, &EN, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    browser.click_on("#filter-kind option[value=reapplication]").await;
    browser.click_on(&format!("tr[data-reception='{number}'] a")).await;
    browser.wait_for_text("#kind", "Reapplication").await;

    // Approve asks for the replaced account; the search starts from the applicant's name.
    browser.click_on("#approve").await;
    browser.wait_for("#approve-dialog").await;
    browser.wait_for("#accounts input[name=replaces]").await;
    browser.click_on("#decision-confirm").await;
    browser.wait_for_text("#replaces-error", "Choose the account to replace.").await;
    let found = browser.text(&browser.wait_for("#accounts").await).await;
    assert!(found.contains("old@example.jp"), "{found}");
    browser.click_on("#accounts input[name=replaces]").await;
    browser.screenshot("staff-reapplication-approve-en").await;
    browser.click_on("#decision-confirm").await;
    browser.wait_for_text("#state", "Approved").await;
    // The link, the reception, and now the result with the initial password, at the new address.
    app.mail.wait_for_nth("new@example.jp", 3).await;
    browser.quit().await;
}

#[tokio::test]
async fn an_administrator_disables_enables_and_resets_a_reviewer_after_confirming() {
    let Some(app) = app_with_built_spa().await else { return };
    let token = app.staff_token().await;
    let reviewer = "kenji.reviewer@the-university.example";
    let response = app
        .client
        .post(app.url("/api/v1/staff/users"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"email": reviewer, "display_name": "Kenji Ito", "role": "reviewer"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    app.mail.wait_for(reviewer).await;

    let browser = Browser::start(1280, 900).await;
    log_in(&browser, &app, &JA, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    browser.click_on("#nav-users").await;
    let row = format!("tr[data-email='{reviewer}']");
    browser.wait_for(&row).await;

    // Cancel changes nothing.
    browser.click_on(&format!("{row} button.toggle")).await;
    browser
        .wait_for_text(
            "#confirm-message",
            "Kenji Ito さんのアカウントを無効にします。無効にすると、この職員はログインできなくなります。",
        )
        .await;
    browser.click_on("#confirm-cancel").await;
    assert!(browser.find("#confirm-dialog").await.is_none());
    assert!(browser.text(&browser.wait_for(&row).await).await.contains("有効"));

    browser.click_on(&format!("{row} button.toggle")).await;
    browser.click_on("#confirm-ok").await;
    browser.wait_for_text("#done", "Kenji Ito さんのアカウントを無効にしました。").await;
    browser.wait_for(&format!("{row}.disabled")).await;
    browser.screenshot("staff-users-disabled-ja").await;
    assert_eq!(app.staff_login(reviewer, "anything").await.status(), 401);

    browser.click_on(&format!("{row} button.toggle")).await;
    browser.click_on("#confirm-ok").await;
    browser.wait_for_text("#done", "Kenji Ito さんのアカウントを有効にしました。").await;
    browser.wait_for(&format!("{row}:not(.disabled)")).await;

    browser.click_on(&format!("{row} button.reset")).await;
    browser.click_on("#confirm-ok").await;
    browser.wait_for_text("#done", "Kenji Ito さんに新しいパスワードをメールで送信しました。").await;
    let mail = app.mail.wait_for_nth(reviewer, 2).await;
    let password = mail.text().lines().find_map(|l| l.trim().strip_prefix("Password: ").map(str::to_owned)).unwrap();
    assert_eq!(app.staff_login(reviewer, &password).await.status(), 200);
    browser.quit().await;
}

#[tokio::test]
async fn a_staff_member_finds_an_account_and_mails_it_a_new_initial_password() {
    let Some(app) = app_with_built_spa().await else { return };
    let email = "taro@example.jp";
    let first_initial = app.approved_account(email).await;
    let mails_before = app.mail.to(email).len();

    let browser = Browser::start(1280, 900).await;
    log_in(&browser, &app, &EN, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    browser.click_on("#nav-accounts").await;
    browser.wait_for_text(".screen-title", "Graduate accounts").await;
    browser.type_in("#search", "taro").await;
    browser.click_on("#search-button").await;
    let row = format!("tr[data-email='{email}']");
    let line = browser.text(&browser.wait_for(&row).await).await;
    for entry in ["電電 太郎", "デンデン タロウ", "1990/09/09", "Awaiting first login"] {
        assert!(line.contains(entry), "{entry} missing from:\n{line}");
    }

    // Confirmed first; then the notice, and the mail with a new initial password.
    browser.click_on(&format!("{row} button.issue-initial-password")).await;
    browser
        .wait_for_text(
            "#confirm-message",
            "Issue a new initial password for 電電 太郎 (taro@example.jp)? It is mailed to them and the current one stops working.",
        )
        .await;
    browser.click_on("#confirm-ok").await;
    browser.wait_for_text("#done", "A new initial password was mailed to taro@example.jp.").await;
    assert!(browser.find("#confirm-dialog").await.is_none());
    browser.screenshot("staff-accounts-en").await;

    let mail = app.mail.wait_for_text(email, mails_before, "Initial password: ").await;
    let new_initial = cis_tests::initial_password(&mail.text());
    assert_ne!(new_initial, first_initial);
    assert_eq!(app.graduate_login(email, &first_initial, "").await.status(), 401, "the old one stops working");
    assert_eq!(app.graduate_login(email, &new_initial, "").await.status(), 200);
    browser.quit().await;
}

#[tokio::test]
async fn an_administrator_sees_a_login_lock_and_lifts_it() {
    let Some(app) = app_with_built_spa().await else { return };
    let email = "taro@example.jp";
    app.active_graduate(email).await;
    for _ in 0..5 {
        assert_eq!(app.graduate_login(email, "Wrong-pass-1", cis_tests::SECOND_PASSWORD).await.status(), 401);
    }

    let browser = Browser::start(1280, 900).await;
    log_in(&browser, &app, &JA, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    browser.click_on("#nav-accounts").await;
    browser.wait_for_text(".screen-title", "卒業生アカウント").await;
    let row = format!("tr[data-email='{email}']");
    let lock = browser.wait_for_text_containing(&format!("{row} .login-lock"), "ログイン停止中（").await;
    assert!(lock.ends_with("まで）"), "{lock}");
    browser.screenshot("staff-accounts-locked-ja").await;

    browser.click_on(&format!("{row} button.lift-login-lock")).await;
    browser
        .wait_for_text(
            "#confirm-message",
            "電電 太郎 さん（taro@example.jp）のログイン停止を解除します。ご本人であることを確認してから解除してください。",
        )
        .await;
    browser.click_on("#confirm-ok").await;
    browser.wait_for_text("#done", "taro@example.jp のログイン停止を解除しました。").await;
    let unlocked = format!(
        "return document.querySelector(\"{row}\") !== null && document.querySelector(\"{row} .login-lock\") === null"
    );
    browser.wait_until(&unlocked).await;
    assert_eq!(app.graduate_login(email, cis_tests::PASSWORD, cis_tests::SECOND_PASSWORD).await.status(), 200);
    browser.quit().await;
}

#[tokio::test]
async fn a_reviewer_opens_a_document_image_at_full_size_and_closes_it_with_escape() {
    let Some(app) = app_with_built_spa().await else { return };
    let number = app.submitted_application("zoom@example.jp", "電電 太郎", "デンデン タロウ").await;
    let browser = Browser::start_phone().await;
    log_in(&browser, &app, &JA, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    browser.click_on(&format!("tr[data-reception='{number}'] a")).await;
    browser.wait_for("#document-front").await;
    browser.wait_until("return document.querySelector('#document-front').naturalWidth === 640").await;
    let small = browser.eval_on("#document-front", "return el.getBoundingClientRect().width").await;
    assert!(small.as_f64().unwrap() < 640.0, "{small}");

    // The image is a button: the viewer shows it at its own size, from the same blob: URL.
    assert_eq!(browser.eval_on("#document-front", "return el.parentElement.tagName").await, "BUTTON");
    browser.click_on("#document-front").await;
    browser.wait_for("#image-viewer").await;
    browser.wait_until("return document.activeElement.id === 'viewer-close'").await;
    browser.wait_until("return document.querySelector('#viewer-image').naturalWidth === 640").await;
    assert_eq!(browser.eval_on("#viewer-image", "return el.getBoundingClientRect().width").await, 640);
    let src = browser.eval_on("#viewer-image", "return el.src").await;
    assert!(src.as_str().unwrap().starts_with("blob:"), "{src}");
    browser.screenshot("staff-image-viewer-phone").await;

    // Escape closes it and the focus goes back to the image; Close does the same.
    browser.type_into(&browser.wait_for("#viewer-close").await, "\u{E00C}").await;
    browser.wait_until("return document.querySelector('#image-viewer') === null").await;
    browser.wait_until("return document.activeElement.querySelector('#document-front') !== null").await;
    browser.type_into(&browser.wait_for(".image-button").await, "\u{E007}").await;
    browser.wait_for("#image-viewer").await;
    browser.click_on("#viewer-close").await;
    browser.wait_until("return document.querySelector('#image-viewer') === null").await;
    browser.quit().await;
}
