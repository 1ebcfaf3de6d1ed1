//! A logged-in graduate changes the mail address (manual 2.4 (b)): the link to the new
//! address, completed only by the page's button; the notice to the old address and its
//! undo; an address another account uses; the refusals.

use chrono::Duration;
use cis_shared::messages::ErrorCode;
use cis_tests::{on_both_databases, problem, GraduateSession, TestApp, PASSWORD, SECOND_PASSWORD};
use sea_orm::EntityTrait;
use serde_json::{json, Value};

async fn me(app: &TestApp, access_token: &str) -> reqwest::Response {
    app.client.get(app.url("/api/v1/me")).bearer_auth(access_token).send().await.unwrap()
}

async fn me_json(app: &TestApp, access_token: &str) -> Value {
    let response = me(app, access_token).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// `POST /api/v1/me/mail-change` from an English screen.
async fn ask(app: &TestApp, access_token: &str, new_email: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/me/mail-change"))
        .bearer_auth(access_token)
        .header("Accept-Language", "en")
        .json(&json!({"new_email": new_email, "password": password}))
        .send()
        .await
        .unwrap()
}

async fn post(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.post(app.url(path)).send().await.unwrap()
}

/// The token at the end of the link in `mail` whose path starts with `prefix`.
fn token_in(mail: &cis_tests::ReceivedMail, prefix: &str) -> String {
    let link = mail.links().into_iter().find(|l| l.contains(prefix)).unwrap_or_else(|| panic!("a {prefix} link"));
    link.rsplit('/').next().unwrap().to_owned()
}

/// Asks for a change to `new_email` and returns the token mailed there.
async fn change_link(app: &TestApp, access_token: &str, new_email: &str) -> String {
    let before = app.mail.to(new_email).len();
    assert_eq!(ask(app, access_token, new_email, PASSWORD).await.status(), 202);
    token_in(&app.mail.wait_for_nth(new_email, before + 1).await, "/mail-change/")
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    cis_api::db::audit_event::Entity::find().all(app.db()).await.unwrap().into_iter().map(|e| e.action).collect()
}

on_both_databases! {
    async fn the_new_address_is_confirmed_by_the_button_and_the_old_one_can_undo_it(app) {
        let session = app.active_graduate("taro@example.jp").await;
        let other = GraduateSession::from_response(app.graduate_login("taro@example.jp", PASSWORD, SECOND_PASSWORD).await).await;
        let old_mails = app.mail.to("taro@example.jp").len();

        let accepted = ask(&app, &session.access_token, "taro.new@example.jp", PASSWORD).await;
        assert_eq!(accepted.status(), 202);
        assert_eq!(accepted.json::<Value>().await.unwrap(), json!({"link_valid_minutes": 30}));
        let pending = me_json(&app, &session.access_token).await["pending_email_change"].clone();
        assert_eq!(pending["new_email"], "taro.new@example.jp");

        // Manual 2.4 (b) step 4: the mail to the new address, in the screen's language.
        let mail = app.mail.wait_for("taro.new@example.jp").await;
        assert_eq!(mail.subject(), "[The University] Confirm your new mail address");
        let text = mail.text();
        assert!(text.contains("Access the following URL and change your email address:"), "{text}");
        assert!(text.contains("Due date for the URL:") && text.contains("(30 minutes)"), "{text}");
        let token = token_in(&mail, "/mail-change/");
        assert!(mail.links().contains(&format!("{}/mail-change/{token}", app.address)), "{:?}", mail.links());
        assert_eq!(token.len(), 43, "256 random bits");

        // Opening the link (a mail scanner does) changes nothing.
        for _ in 0..2 {
            let link = app.get(&format!("/api/v1/mail-changes/{token}")).await;
            assert_eq!(link.status(), 200);
            let link: Value = link.json().await.unwrap();
            assert_eq!(link["new_email"], "taro.new@example.jp");
            assert_eq!(link["expires_at"], pending["expires_at"]);
        }
        assert_eq!(me_json(&app, &session.access_token).await["email"], "taro@example.jp");

        // The button completes it, once; this browser's sessions stay.
        let done = post(&app, &format!("/api/v1/mail-changes/{token}")).await;
        assert_eq!(done.status(), 200);
        assert_eq!(done.json::<Value>().await.unwrap(), json!({"email": "taro.new@example.jp"}));
        let after = me_json(&app, &session.access_token).await;
        assert_eq!(after["email"], "taro.new@example.jp");
        assert_eq!(after["pending_email_change"], Value::Null);
        assert_eq!(me_json(&app, &other.access_token).await["email"], "taro.new@example.jp");
        assert_eq!(problem(post(&app, &format!("/api/v1/mail-changes/{token}")).await, 410).await.code, ErrorCode::TokenUsed);
        assert_eq!(problem(app.get(&format!("/api/v1/mail-changes/{token}")).await, 410).await.code, ErrorCode::TokenUsed);

        // The new address logs in; the old one no longer does.
        assert_eq!(app.graduate_login("taro@example.jp", PASSWORD, SECOND_PASSWORD).await.status(), 401);
        let new_login = app.graduate_login("Taro.New@example.jp", PASSWORD, SECOND_PASSWORD).await;
        assert_eq!(new_login.status(), 200);
        let third = GraduateSession::from_response(new_login).await;

        // The old address is told, with the new one masked, and can undo the change.
        let notice = app.mail.wait_for_text("taro@example.jp", old_mails, "was changed to t***@example.jp").await;
        assert_eq!(notice.subject(), "[The University] Your mail address has been changed");
        assert!(!notice.text().contains("taro.new"), "{}", notice.text());
        let undo = token_in(&notice, "/mail-change-undo/");
        let actions = audit_actions(&app).await;
        assert!(actions.iter().any(|a| a == "graduate.email_changed"), "{actions:?}");

        let undone = post(&app, &format!("/api/v1/mail-change-undos/{undo}")).await;
        assert_eq!(undone.status(), 200);
        assert_eq!(undone.json::<Value>().await.unwrap(), json!({"email": "taro@example.jp"}));
        // Every session of the account ends.
        for token in [&session.access_token, &other.access_token, &third.access_token] {
            assert_eq!(problem(me(&app, token).await, 401).await.code, ErrorCode::Unauthorized);
        }
        assert_eq!(app.refresh(&session.refresh_token).await.status(), 401);
        assert_eq!(app.graduate_login("taro.new@example.jp", PASSWORD, SECOND_PASSWORD).await.status(), 401);
        assert_eq!(app.graduate_login("taro@example.jp", PASSWORD, SECOND_PASSWORD).await.status(), 200);
        assert_eq!(problem(post(&app, &format!("/api/v1/mail-change-undos/{undo}")).await, 410).await.code, ErrorCode::TokenUsed);
        let actions = audit_actions(&app).await;
        assert!(actions.iter().any(|a| a == "graduate.email_change_undone"), "{actions:?}");
    }

    async fn an_address_of_another_account_gets_the_same_answer_and_its_owner_a_notice(app) {
        let taro = app.active_graduate("taro@example.jp").await;
        let hanako = app.active_graduate("hanako@example.jp").await;
        let hanako_mails = app.mail.to("hanako@example.jp").len();

        let accepted = ask(&app, &taro.access_token, "HANAKO@example.jp", PASSWORD).await;
        assert_eq!(accepted.status(), 202);
        assert_eq!(accepted.json::<Value>().await.unwrap(), json!({"link_valid_minutes": 30}));
        // The requester sees a pending change as for any address.
        let pending = me_json(&app, &taro.access_token).await["pending_email_change"].clone();
        assert_eq!(pending["new_email"], "HANAKO@example.jp");
        // The owner is told, in the owner's language, and gets no link.
        let notice = app.mail.wait_for_text("hanako@example.jp", hanako_mails, "This address already belongs to your account").await;
        assert_eq!(notice.subject(), "[The University] Someone asked to move an account to your mail address");
        assert!(app.mail.to("hanako@example.jp").iter().all(|m| m.links().iter().all(|l| !l.contains("/mail-change/"))));
        assert_eq!(me_json(&app, &taro.access_token).await["email"], "taro@example.jp");
        assert_eq!(me_json(&app, &hanako.access_token).await["email"], "hanako@example.jp");

        // An address taken between the request and the button: 409, nothing changes.
        let taro_link = change_link(&app, &taro.access_token, "shared@example.jp").await;
        let hanako_link = change_link(&app, &hanako.access_token, "shared@example.jp").await;
        assert_eq!(post(&app, &format!("/api/v1/mail-changes/{hanako_link}")).await.status(), 200);
        let taken = post(&app, &format!("/api/v1/mail-changes/{taro_link}")).await;
        assert_eq!(problem(taken, 409).await.code, ErrorCode::EmailTaken);
        assert_eq!(me_json(&app, &taro.access_token).await["email"], "taro@example.jp");
    }

    async fn refusals_say_what_is_wrong(app) {
        let session = app.active_graduate("taro@example.jp").await;
        let token = &session.access_token;
        let refused = |response: reqwest::Response, field: &'static str, code: ErrorCode| async move {
            let errors = problem(response, 422).await.errors;
            assert!(errors.iter().any(|e| e.field == field && e.code == code), "{errors:?}");
        };
        refused(ask(&app, token, "taro @example.jp", PASSWORD).await, "/new_email", ErrorCode::EmailInvalid).await;
        refused(ask(&app, token, "Taro@Example.jp", PASSWORD).await, "/new_email", ErrorCode::EmailUnchanged).await;
        refused(ask(&app, token, "taro.new@example.jp", "").await, "/password", ErrorCode::Required).await;
        let anonymous = app.client.post(app.url("/api/v1/me/mail-change")).json(&json!({"new_email": "a@example.jp", "password": PASSWORD})).send().await.unwrap();
        assert_eq!(problem(anonymous, 401).await.code, ErrorCode::Unauthorized);

        // Unknown links: 404 on every path.
        assert_eq!(problem(app.get("/api/v1/mail-changes/unknown").await, 404).await.code, ErrorCode::TokenInvalid);
        assert_eq!(problem(post(&app, "/api/v1/mail-changes/unknown").await, 404).await.code, ErrorCode::TokenInvalid);
        assert_eq!(problem(post(&app, "/api/v1/mail-change-undos/unknown").await, 404).await.code, ErrorCode::TokenInvalid);

        // A newer request replaces the pending one.
        let first = change_link(&app, token, "first@example.jp").await;
        let second = change_link(&app, token, "second@example.jp").await;
        assert_eq!(problem(app.get(&format!("/api/v1/mail-changes/{first}")).await, 410).await.code, ErrorCode::TokenExpired);
        assert_eq!(problem(post(&app, &format!("/api/v1/mail-changes/{first}")).await, 410).await.code, ErrorCode::TokenExpired);
        assert_eq!(me_json(&app, token).await["pending_email_change"]["new_email"], "second@example.jp");

        // Wrong passwords: 401, and the fifth in 15 minutes makes the next attempt wait,
        // the right password included.
        for _ in 0..5 {
            let wrong = ask(&app, token, "third@example.jp", "Wrong2024pass").await;
            assert_eq!(problem(wrong, 401).await.code, ErrorCode::InvalidCredentials);
        }
        let waiting = ask(&app, token, "third@example.jp", PASSWORD).await;
        let (limited, headers) = cis_tests::problem_with_headers(waiting, 429).await;
        assert_eq!(limited.code, ErrorCode::RateLimited);
        assert!(headers["retry-after"].to_str().unwrap().parse::<u64>().unwrap() > 0);

        // After 30 minutes the link has expired.
        app.clock.advance(Duration::minutes(31));
        assert_eq!(problem(app.get(&format!("/api/v1/mail-changes/{second}")).await, 410).await.code, ErrorCode::TokenExpired);
        assert_eq!(problem(post(&app, &format!("/api/v1/mail-changes/{second}")).await, 410).await.code, ErrorCode::TokenExpired);
    }

    async fn the_undo_link_works_for_seven_days(app) {
        let session = app.active_graduate("taro@example.jp").await;
        let before = app.mail.to("taro@example.jp").len();
        let link = change_link(&app, &session.access_token, "taro.new@example.jp").await;
        assert_eq!(post(&app, &format!("/api/v1/mail-changes/{link}")).await.status(), 200);
        let notice = app.mail.wait_for_text("taro@example.jp", before, "/mail-change-undo/").await;
        let undo = token_in(&notice, "/mail-change-undo/");
        app.clock.advance(Duration::days(7) + Duration::minutes(1));
        let late = post(&app, &format!("/api/v1/mail-change-undos/{undo}")).await;
        assert_eq!(problem(late, 410).await.code, ErrorCode::TokenExpired);
        assert_eq!(app.graduate_login("taro.new@example.jp", PASSWORD, SECOND_PASSWORD).await.status(), 200);
    }
}
