//! A logged-in graduate changes the password and the second password (manual 2.4 (d), (e)).

use cis_shared::messages::ErrorCode;
use cis_tests::{on_both_databases, problem, GraduateSession, TestApp, PASSWORD, SECOND_PASSWORD};
use sea_orm::EntityTrait;
use serde_json::{json, Value};

async fn me(app: &TestApp, access_token: &str) -> reqwest::Response {
    app.client.get(app.url("/api/v1/me")).bearer_auth(access_token).send().await.unwrap()
}

async fn change(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    app.client.post(app.url(path)).bearer_auth(token).json(&body).send().await.unwrap()
}

/// The rule each refused body breaks, by field.
async fn refused_with(response: reqwest::Response, field: &str, code: ErrorCode) {
    let problem = problem(response, 422).await;
    let errors = problem.errors;
    assert!(errors.iter().any(|e| e.field == field && e.code == code), "{errors:?}");
}

on_both_databases! {
    async fn a_graduate_changes_the_password_and_other_sessions_end(app) {
        let session = app.active_graduate("taro@example.jp").await;
        let other = GraduateSession::from_response(app.graduate_login("taro@example.jp", PASSWORD, SECOND_PASSWORD).await).await;
        assert_eq!(me(&app, &other.access_token).await.status(), 200);
        let path = "/api/v1/me/password";

        // Manual 2.4 (d)'s rules, the current password again, and not the second password.
        let wrong = change(&app, &session.access_token, path, json!({"current_password": "Wrong2024pass", "new_password": "Osaka2025pass"})).await;
        assert_eq!(problem(wrong, 401).await.code, ErrorCode::InvalidCredentials);
        let short = change(&app, &session.access_token, path, json!({"current_password": PASSWORD, "new_password": "Ab1"})).await;
        refused_with(short, "/new_password", ErrorCode::PasswordTooShort).await;
        let same = change(&app, &session.access_token, path, json!({"current_password": PASSWORD, "new_password": PASSWORD})).await;
        refused_with(same, "/new_password", ErrorCode::PasswordUnchanged).await;
        let second = change(&app, &session.access_token, path, json!({"current_password": PASSWORD, "new_password": SECOND_PASSWORD})).await;
        refused_with(second, "/new_password", ErrorCode::PasswordsSame).await;
        // Nothing changed so far: the other session still works.
        assert_eq!(me(&app, &other.access_token).await.status(), 200);

        let mails_before = app.mail.to("taro@example.jp").len();
        let done = change(&app, &session.access_token, path, json!({"current_password": PASSWORD, "new_password": "Osaka2025pass"})).await;
        assert_eq!(done.status(), 204);
        // This session stays; every other one ends at once.
        assert_eq!(me(&app, &session.access_token).await.status(), 200);
        assert_eq!(problem(me(&app, &other.access_token).await, 401).await.code, ErrorCode::Unauthorized);
        assert_eq!(app.graduate_login("taro@example.jp", PASSWORD, SECOND_PASSWORD).await.status(), 401);
        assert_eq!(app.graduate_login("taro@example.jp", "Osaka2025pass", SECOND_PASSWORD).await.status(), 200);
        // A notice, in the account's language, says what changed.
        let notice = app.mail.wait_for_text("taro@example.jp", mails_before, "The password of your certificate issuance service account was changed").await;
        assert_eq!(notice.subject(), "[The University] Your password has been changed");
        // Someone else who changed it knows it: the way back is the reset, not the login.
        assert!(notice.links().iter().any(|l| l.ends_with("/password/forgot")), "{:?}", notice.links());
        let actions: Vec<String> = cis_api::db::audit_event::Entity::find().all(app.db()).await.unwrap()
            .into_iter().map(|e| e.action).collect();
        assert!(actions.iter().any(|a| a == "graduate.password_changed"), "{actions:?}");
    }

    async fn a_graduate_changes_the_second_password(app) {
        let session = app.active_graduate("taro@example.jp").await;
        let path = "/api/v1/me/second-password";
        let wrong = change(&app, &session.access_token, path, json!({"current_second_password": PASSWORD, "new_second_password": "Second2025pw"})).await;
        assert_eq!(problem(wrong, 401).await.code, ErrorCode::InvalidCredentials);
        let as_password = change(&app, &session.access_token, path, json!({"current_second_password": SECOND_PASSWORD, "new_second_password": PASSWORD})).await;
        refused_with(as_password, "/new_second_password", ErrorCode::PasswordsSame).await;
        let done = change(&app, &session.access_token, path, json!({"current_second_password": SECOND_PASSWORD, "new_second_password": "Second2025pw"})).await;
        assert_eq!(done.status(), 204);
        assert_eq!(app.graduate_login("taro@example.jp", PASSWORD, SECOND_PASSWORD).await.status(), 401);
        assert_eq!(app.graduate_login("taro@example.jp", PASSWORD, "Second2025pw").await.status(), 200);
        // Five wrong current secrets (the first above, four here): the next attempt waits, even
        // with the right one.
        for _ in 0..4 {
            let wrong = change(&app, &session.access_token, path, json!({"current_second_password": "Guess2025pw", "new_second_password": "Second2026pw"})).await;
            assert_eq!(wrong.status(), 401);
        }
        let waiting = change(&app, &session.access_token, path, json!({"current_second_password": "Second2025pw", "new_second_password": "Second2026pw"})).await;
        let (limited, headers) = cis_tests::problem_with_headers(waiting, 429).await;
        assert_eq!(limited.code, ErrorCode::RateLimited);
        assert!(headers["retry-after"].to_str().unwrap().parse::<u64>().unwrap() > 0);
        // Without a session: 401, whatever the body.
        let anonymous = app.client.post(app.url(path)).json(&json!({"current_second_password": "x", "new_second_password": "y"})).send().await.unwrap();
        assert_eq!(anonymous.status(), 401);
    }
}
