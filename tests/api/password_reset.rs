//! A forgotten password (manual 2.4 (f)) over the API: the link asked for by mail address,
//! the same answer for every address, and the link that sets both secrets once.

use std::time::{Duration, Instant};

use cis_api::db::{audit_event, graduate_account, one_time_token, outbox};
use cis_shared::messages::ErrorCode;
use cis_tests::{
    on_both_databases, on_both_databases_with, problem, GraduateSession, TestApp, PASSWORD, SECOND_PASSWORD,
};
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};
use serde_json::{json, Value};

const TARO: &str = "taro@example.jp";
const NEW_PASSWORD: &str = "Osaka2025pass";
const NEW_SECOND: &str = "Second2025pw";

async fn ask(app: &TestApp, email: &str, locale: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/password-resets"))
        .json(&json!({"email": email, "locale": locale}))
        .send()
        .await
        .unwrap()
}

/// Asks for a reset link for `email` and returns the token of the link in the new mail.
async fn reset_token(app: &TestApp, email: &str) -> String {
    let before = app.mail.to(email).len();
    assert_eq!(ask(app, email, "en").await.status(), 202);
    let mail = app.mail.wait_for_text(email, before, "/password-reset/").await;
    let link = mail.links().into_iter().find(|l| l.contains("/password-reset/")).expect("a reset link");
    link.rsplit('/').next().unwrap().to_owned()
}

async fn set(app: &TestApp, token: &str, password: &str, second_password: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/password-resets/{token}")))
        .json(&json!({"password": password, "second_password": second_password}))
        .send()
        .await
        .unwrap()
}

async fn me(app: &TestApp, access_token: &str) -> reqwest::Response {
    app.client.get(app.url("/api/v1/me")).bearer_auth(access_token).send().await.unwrap()
}

/// The rule a refused body breaks, by field.
async fn refused_with(response: reqwest::Response, field: &str, code: ErrorCode) {
    let errors = problem(response, 422).await.errors;
    assert!(errors.iter().any(|e| e.field == field && e.code == code), "{field} {code}: {errors:?}");
}

async fn actions(app: &TestApp) -> Vec<String> {
    audit_event::Entity::find().all(app.db()).await.unwrap().into_iter().map(|e| e.action).collect()
}

on_both_databases! {
    async fn known_and_unknown_addresses_get_the_same_answer_and_only_the_known_one_a_mail(app) {
        app.active_graduate(TARO).await;
        let outbox_before = outbox::Entity::find().count(app.db()).await.unwrap();
        let known = ask(&app, "Taro@Example.jp", "en").await;
        let unknown = ask(&app, "jiro@example.jp", "en").await;
        assert_eq!((known.status().as_u16(), unknown.status().as_u16()), (202, 202));
        let (known, unknown) = (known.json::<Value>().await.unwrap(), unknown.json::<Value>().await.unwrap());
        assert_eq!(known, unknown);
        assert_eq!(known, json!({"link_valid_minutes": 30}));

        // Manual 2.4 (f) "Email message", to the account's address as registered.
        let mail = app.mail.wait_for_text(TARO, 0, "/password-reset/").await;
        assert_eq!(mail.subject(), "[The University] Password reset");
        let text = mail.text();
        assert!(text.contains("Your password has been reset."), "{text}");
        assert!(text.contains("Access the following URL to set the password again."), "{text}");
        assert!(text.contains("Due date for the URL: ") && text.contains("(30 minutes)"), "{text}");
        assert!(text.contains("contact the administrative representative"), "{text}");
        let link = mail.links().into_iter().find(|l| l.contains("/password-reset/")).unwrap();
        assert!(link.starts_with(&format!("{}/password-reset/", app.address)), "{link}");
        // One mail was queued for the two requests; both did the same work (a link row each).
        assert_eq!(outbox::Entity::find().count(app.db()).await.unwrap(), outbox_before + 1);
        assert_eq!(one_time_token::Entity::find().all(app.db()).await.unwrap().iter()
            .filter(|t| t.purpose == one_time_token::Purpose::PasswordReset).count(), 2);
        assert!(app.mail.to("jiro@example.jp").is_empty());

        // In Japanese when asked in Japanese.
        let before = app.mail.to(TARO).len();
        assert_eq!(ask(&app, TARO, "ja").await.status(), 202);
        let mail = app.mail.wait_for_text(TARO, before, "/password-reset/").await;
        assert_eq!(mail.subject(), "[The University] パスワードの再設定");
        assert!(mail.text().contains("URLの有効期限："), "{}", mail.text());
        assert_eq!(actions(&app).await.iter().filter(|a| *a == "graduate.password_reset_requested").count(), 3);

        // The address itself is checked as everywhere.
        let bad = problem(ask(&app, "not-an-address", "en").await, 422).await;
        assert_eq!(bad.errors[0].field, "/email");
        assert_eq!(bad.errors[0].code, ErrorCode::EmailInvalid);
    }

    async fn the_link_sets_both_secrets_once_and_ends_every_session(app) {
        let session = app.active_graduate(TARO).await;
        let other = GraduateSession::from_response(app.graduate_login(TARO, PASSWORD, SECOND_PASSWORD).await).await;
        let token = reset_token(&app, TARO).await;
        let link: Value = app.get(&format!("/api/v1/password-resets/{token}")).await.json().await.unwrap();
        assert_eq!(link["email"], TARO);
        assert!(link["expires_at"].as_str().unwrap().ends_with('Z'));

        // The Password Setting's rules, and neither old secret in either place.
        refused_with(set(&app, &token, "Ab1", NEW_SECOND).await, "/password", ErrorCode::PasswordTooShort).await;
        refused_with(set(&app, &token, NEW_PASSWORD, NEW_PASSWORD).await, "/second_password", ErrorCode::PasswordsSame).await;
        refused_with(set(&app, &token, PASSWORD, NEW_SECOND).await, "/password", ErrorCode::PasswordReused).await;
        refused_with(set(&app, &token, SECOND_PASSWORD, NEW_SECOND).await, "/password", ErrorCode::PasswordReused).await;
        refused_with(set(&app, &token, NEW_PASSWORD, PASSWORD).await, "/second_password", ErrorCode::PasswordReused).await;
        refused_with(set(&app, &token, NEW_PASSWORD, SECOND_PASSWORD).await, "/second_password", ErrorCode::PasswordReused).await;
        // Easy to guess: refused as on every path that sets a secret.
        refused_with(set(&app, &token, "Qwerty123", NEW_SECOND).await, "/password", ErrorCode::PasswordTooCommon).await;
        let english = app.client.post(app.url(&format!("/api/v1/password-resets/{token}")))
            .header("accept-language", "en")
            .json(&json!({"password": PASSWORD, "second_password": NEW_SECOND}))
            .send().await.unwrap();
        let english = problem(english, 422).await;
        assert_eq!(english.errors[0].message, "Use a password different from your previous password and second password.");
        // Nothing has changed yet.
        assert_eq!(me(&app, &session.access_token).await.status(), 200);

        let mails_before = app.mail.to(TARO).len();
        assert_eq!(set(&app, &token, NEW_PASSWORD, NEW_SECOND).await.status(), 204);
        // Every session ends at once: access tokens and refresh tokens alike.
        assert_eq!(problem(me(&app, &session.access_token).await, 401).await.code, ErrorCode::Unauthorized);
        assert_eq!(me(&app, &other.access_token).await.status(), 401);
        assert_eq!(app.refresh(&session.refresh_token).await.status(), 401);
        assert_eq!(app.refresh(&other.refresh_token).await.status(), 401);
        assert_eq!(app.graduate_login(TARO, PASSWORD, SECOND_PASSWORD).await.status(), 401);
        assert_eq!(app.graduate_login(TARO, NEW_PASSWORD, NEW_SECOND).await.status(), 200);

        // Once only.
        let used = problem(app.get(&format!("/api/v1/password-resets/{token}")).await, 410).await;
        assert_eq!(used.code, ErrorCode::TokenUsed);
        assert_eq!(problem(set(&app, &token, "Kyoto2026pass", "Second2026pw").await, 410).await.code, ErrorCode::TokenUsed);

        let notice = app.mail.wait_for_text(TARO, mails_before, "were reset at").await;
        assert_eq!(notice.subject(), "[The University] Your password and second password have been reset");
        assert!(notice.text().contains("Every session has been logged out."), "{}", notice.text());
        assert!(actions(&app).await.iter().any(|a| a == "graduate.password_reset"));
    }

    async fn the_link_works_for_thirty_minutes(app) {
        app.active_graduate(TARO).await;
        let token = reset_token(&app, TARO).await;
        app.clock.advance(chrono::Duration::minutes(29));
        assert_eq!(app.get(&format!("/api/v1/password-resets/{token}")).await.status(), 200);
        app.clock.advance(chrono::Duration::minutes(1));
        let expired = problem(app.get_in(&format!("/api/v1/password-resets/{token}"), "en").await, 410).await;
        assert_eq!(expired.code, ErrorCode::TokenExpired);
        assert_eq!(problem(set(&app, &token, NEW_PASSWORD, NEW_SECOND).await, 410).await.code, ErrorCode::TokenExpired);
        assert_eq!(app.graduate_login(TARO, PASSWORD, SECOND_PASSWORD).await.status(), 200);

        for unknown in ["/api/v1/password-resets/unknown", "/api/v1/password-resets/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
            assert_eq!(problem(app.get(unknown).await, 404).await.code, ErrorCode::TokenInvalid);
        }
        assert_eq!(problem(set(&app, "unknown", NEW_PASSWORD, NEW_SECOND).await, 404).await.code, ErrorCode::TokenInvalid);
    }

    async fn a_reset_lifts_the_login_lock(app) {
        app.active_graduate(TARO).await;
        for _ in 0..5 {
            assert_eq!(app.graduate_login(TARO, "Wrong2024pass", SECOND_PASSWORD).await.status(), 401);
        }
        let locked = problem(app.graduate_login(TARO, PASSWORD, SECOND_PASSWORD).await, 429).await;
        assert_eq!(locked.code, ErrorCode::LoginLocked);
        let token = reset_token(&app, TARO).await;
        assert_eq!(set(&app, &token, NEW_PASSWORD, NEW_SECOND).await.status(), 204);
        assert_eq!(app.graduate_login(TARO, NEW_PASSWORD, NEW_SECOND).await.status(), 200);
    }

    async fn a_completed_reset_or_a_new_address_leaves_no_other_reset_link_working(app) {
        app.active_graduate(TARO).await;
        let (first, second) = (reset_token(&app, TARO).await, reset_token(&app, TARO).await);
        let third = reset_token(&app, TARO).await;
        assert_eq!(set(&app, &second, NEW_PASSWORD, NEW_SECOND).await.status(), 204);
        for earlier in [&first, &third] {
            let p = problem(set(&app, earlier, "Other2026pass", "Other2026second").await, 410).await;
            assert_eq!(p.code, ErrorCode::TokenUsed);
        }
        assert_eq!(app.graduate_login(TARO, NEW_PASSWORD, NEW_SECOND).await.status(), 200);

        // A link mailed to the old address neither shows nor takes over the new one.
        let stale = reset_token(&app, TARO).await;
        let session = GraduateSession::from_response(app.graduate_login(TARO, NEW_PASSWORD, NEW_SECOND).await).await;
        let changed = app.client.post(app.url("/api/v1/me/mail-change")).bearer_auth(&session.access_token)
            .json(&json!({"new_email": "taro.new@example.jp", "password": NEW_PASSWORD})).send().await.unwrap();
        assert_eq!(changed.status(), 202);
        let mail = app.mail.wait_for_text("taro.new@example.jp", 0, "/mail-change/").await;
        let link = mail.links().into_iter().find(|l| l.contains("/mail-change/")).unwrap();
        let token = link.rsplit('/').next().unwrap();
        let done = app.client.post(app.url(&format!("/api/v1/mail-changes/{token}"))).send().await.unwrap();
        assert_eq!(done.status(), 200);
        let read = app.client.get(app.url(&format!("/api/v1/password-resets/{stale}"))).send().await.unwrap();
        assert_eq!(problem(read, 410).await.code, ErrorCode::TokenUsed);
        assert_eq!(problem(set(&app, &stale, "Other2026pass", "Other2026second").await, 410).await.code, ErrorCode::TokenUsed);
        assert_eq!(app.graduate_login("taro.new@example.jp", NEW_PASSWORD, NEW_SECOND).await.status(), 200);
    }

    async fn a_reset_forgets_the_wrong_current_secrets_counted_against_changes(app) {
        let session = app.active_graduate(TARO).await;
        for _ in 0..5 {
            let wrong = app.client.post(app.url("/api/v1/me/password")).bearer_auth(&session.access_token)
                .json(&json!({"current_password": "Wrong2024pass", "new_password": "Nagoya2025pass"})).send().await.unwrap();
            assert_eq!(wrong.status(), 401);
        }
        let token = reset_token(&app, TARO).await;
        assert_eq!(set(&app, &token, NEW_PASSWORD, NEW_SECOND).await.status(), 204);
        let session = GraduateSession::from_response(app.graduate_login(TARO, NEW_PASSWORD, NEW_SECOND).await).await;
        let change = app.client.post(app.url("/api/v1/me/password")).bearer_auth(&session.access_token)
            .json(&json!({"current_password": NEW_PASSWORD, "new_password": "Nagoya2025pass"})).send().await.unwrap();
        assert_eq!(change.status(), 204);
    }

    async fn an_account_awaiting_its_first_login_completes_its_setup_through_the_link(app) {
        let initial = app.approved_account(TARO).await;
        let token = reset_token(&app, TARO).await;
        refused_with(set(&app, &token, &initial, NEW_SECOND).await, "/password", ErrorCode::PasswordIsInitial).await;
        assert_eq!(set(&app, &token, NEW_PASSWORD, NEW_SECOND).await.status(), 204);
        // Active now: the new secrets log in straight away; the initial password is gone.
        let login: Value = app.graduate_login(TARO, NEW_PASSWORD, NEW_SECOND).await.json().await.unwrap();
        assert!(login["access_token"].is_string(), "{login}");
        assert_eq!(app.graduate_login(TARO, &initial, "").await.status(), 401);
    }

    async fn requests_are_limited_per_address_known_or_not(app) {
        app.active_graduate(TARO).await;
        for address in [TARO, "jiro@example.jp"] {
            for _ in 0..5 {
                assert_eq!(ask(&app, address, "en").await.status(), 202);
            }
            let response = ask(&app, address, "en").await;
            let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
            assert!(retry_after > 3000 && retry_after <= 3600, "{retry_after}");
            assert_eq!(problem(response, 429).await.code, ErrorCode::RateLimited);
        }
        app.clock.advance(chrono::Duration::minutes(61));
        assert_eq!(ask(&app, TARO, "en").await.status(), 202);
    }
}

fn notify_unknown_recipients() -> cis_tests::Options {
    cis_tests::Options { vars: vec![("CIS_NOTIFY_UNKNOWN_RECIPIENTS", "true".into())], ..Default::default() }
}

on_both_databases_with! { notify_unknown_recipients();
    async fn with_the_setting_an_unknown_address_hears_that_no_account_uses_it(app) {
        let response = ask(&app, "jiro@example.jp", "ja").await;
        assert_eq!(response.json::<Value>().await.unwrap(), json!({"link_valid_minutes": 30}));
        let mail = app.mail.wait_for("jiro@example.jp").await;
        assert_eq!(mail.subject(), "[The University] パスワード再設定のご依頼について");
        assert!(mail.text().contains("アカウントはありません"), "{}", mail.text());
        assert!(!mail.links().iter().any(|l| l.contains("/password-reset/")));
        assert!(mail.links().iter().any(|l| l.ends_with("/register")));
    }
}

on_both_databases_with! { cis_tests::behind_a_proxy();
    async fn one_client_cannot_ask_for_many_addresses(app) {
        let from = |client: &'static str, n: usize| {
            app.client
                .post(app.url("/api/v1/password-resets"))
                .header("x-forwarded-for", client)
                .json(&json!({"email": format!("user{n}@example.jp"), "locale": "en"}))
                .send()
        };
        for n in 0..30 {
            assert_eq!(from("203.0.113.7", n).await.unwrap().status(), 202);
        }
        let limited = from("203.0.113.7", 30).await.unwrap();
        assert!(limited.headers().contains_key("retry-after"));
        assert_eq!(problem(limited, 429).await.code, ErrorCode::RateLimited);
        assert_eq!(from("203.0.113.8", 30).await.unwrap().status(), 202);
    }
}

/// An account that can log in, written straight to the database.
async fn an_active_account(app: &TestApp, email: &str) {
    graduate_account::ActiveModel {
        university_id: Set(app.state.university.id),
        email: Set(email.to_owned()),
        email_normalized: Set(email.to_ascii_lowercase()),
        state: Set(cis_shared::staff::AccountState::Active),
        locale: Set(cis_shared::Locale::Ja),
        created_at: Set(app.clock.now()),
        ..Default::default()
    }
    .insert(app.db())
    .await
    .unwrap();
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

on_both_databases_with! { cis_tests::behind_a_proxy();
    // Security requirements A2.1: the same status, body and about the same time (medians
    // within 10 ms) for a known and an unknown address, asked in turn.
    async fn known_and_unknown_addresses_take_about_the_same_time(app) {
        an_active_account(&app, "known@example.jp").await;
        let (mut known, mut unknown) = (Vec::new(), Vec::new());
        for round in 0..8 {
            for i in 0..5 {
                let client = format!("198.51.100.{}", round * 5 + i + 1);
                let mut pair = [("known@example.jp", &mut known), ("unknown@example.jp", &mut unknown)];
                if i % 2 == 1 {
                    pair.reverse();
                }
                for (address, times) in pair {
                    let started = Instant::now();
                    let response = app.client.post(app.url("/api/v1/password-resets"))
                        .header("x-forwarded-for", &client)
                        .json(&json!({"email": address, "locale": "en"}))
                        .send().await.unwrap();
                    let status = response.status();
                    let body = response.text().await.unwrap();
                    times.push(started.elapsed());
                    assert_eq!((status.as_u16(), body.as_str()), (202, r#"{"link_valid_minutes":30}"#));
                }
            }
            // A new hour: the per-address budget starts again.
            app.clock.advance(chrono::Duration::minutes(61));
        }
        let (known, unknown) = (median(known), median(unknown));
        let difference = known.abs_diff(unknown);
        assert!(difference < Duration::from_millis(10), "known {known:?}, unknown {unknown:?}");
    }
}
