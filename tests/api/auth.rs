//! Graduates' login, first-login credential setup, sessions, automatic logout and lockout
//! (manual 2.1 steps 17–23, 2.2).

use chrono::Duration;
use cis_shared::messages::ErrorCode;
use cis_tests::{
    on_both_databases, problem, problem_with_headers, refresh_cookie, GraduateSession, PASSWORD, SECOND_PASSWORD,
};
use serde_json::Value;

async fn me(app: &cis_tests::TestApp, access_token: &str) -> reqwest::Response {
    app.client.get(app.url("/api/v1/me")).bearer_auth(access_token).send().await.unwrap()
}

on_both_databases! {
    async fn the_first_login_sets_credentials_and_then_three_fields_log_in(app) {
        let initial = app.approved_account("taro@example.jp").await;

        // Manual 2.1 step 20: the initial password, the second password left empty.
        let response = app.graduate_login("Taro@Example.jp", &initial, "").await;
        assert_eq!(response.status(), 200);
        assert!(refresh_cookie(&response).is_none(), "no session before the credentials are set");
        let first: Value = response.json().await.unwrap();
        assert_eq!(first["credential_setup_required"], true);
        let setup = first["setup_token"].as_str().unwrap().to_owned();
        // The setup token is good for nothing else.
        assert_eq!(problem(me(&app, &setup).await, 403).await.code, ErrorCode::Forbidden);

        // Manual 2.1 step 21: each rule is named at its field.
        let same = problem(app.set_credentials(&setup, PASSWORD, PASSWORD).await, 422).await;
        assert_eq!((same.errors[0].field.as_str(), same.errors[0].code), ("/second_password", ErrorCode::PasswordsSame));
        let weak = problem(app.set_credentials(&setup, "kobe2024pass", "Second2024").await, 422).await;
        assert_eq!((weak.errors[0].field.as_str(), weak.errors[0].code), ("/password", ErrorCode::PasswordNeedsUpper));
        let kept = problem(app.set_credentials(&setup, &initial, SECOND_PASSWORD).await, 422).await;
        assert_eq!((kept.errors[0].field.as_str(), kept.errors[0].code), ("/password", ErrorCode::PasswordIsInitial));

        let response = app.set_credentials(&setup, PASSWORD, SECOND_PASSWORD).await;
        assert_eq!(response.status(), 200);
        let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/auth"] {
            assert!(cookie.contains(attribute), "{cookie}");
        }
        assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
        let session = GraduateSession::from_response(response).await;
        // The setup token worked once.
        assert_eq!(app.set_credentials(&setup, "Other2024pass", "Other2024second").await.status(), 401);

        let account: Value = me(&app, &session.access_token).await.json().await.unwrap();
        assert_eq!(account["email"], "taro@example.jp");
        assert_eq!(account["name"], "電電 太郎");
        assert_eq!(account["idle_timeout_seconds"], 1800);
        let enrollment = &account["enrollments"][0];
        assert_eq!(enrollment["student_id"], "1234567");
        assert_eq!(enrollment["graduation"], "2015-03");
        assert_eq!(enrollment["affiliation_path"].as_array().unwrap().len(), 3);

        // From now on: the three fields; the initial password no longer works.
        assert_eq!(problem(app.graduate_login("taro@example.jp", &initial, "").await, 401).await.code, ErrorCode::InvalidCredentials);
        let response = app.graduate_login("taro@example.jp", PASSWORD, SECOND_PASSWORD).await;
        assert_eq!(response.status(), 200);
        let second = GraduateSession::from_response(response).await;
        assert_eq!(me(&app, &second.access_token).await.status(), 200);

        // Refresh renews; logout ends the session for both tokens.
        let renewed = GraduateSession::from_response(app.refresh(&second.refresh_token).await).await;
        assert_ne!(renewed.refresh_token, second.refresh_token);
        let logout = app.client.post(app.url("/api/v1/auth/logout"))
            .header("cookie", format!("cis_refresh={}", renewed.refresh_token)).json(&serde_json::json!({})).send().await.unwrap();
        assert_eq!(logout.status(), 204);
        assert!(logout.headers()["set-cookie"].to_str().unwrap().starts_with("cis_refresh=;"));
        // Ended by logout: "log in", not the automatic logout's message.
        assert_eq!(problem(app.refresh(&renewed.refresh_token).await, 401).await.code, ErrorCode::Unauthorized);
        assert_eq!(problem(me(&app, &renewed.access_token).await, 401).await.code, ErrorCode::Unauthorized);
        // The first session is untouched.
        assert_eq!(me(&app, &session.access_token).await.status(), 200);

        let actions: Vec<String> = cis_api::db::audit_event::Entity::find().all(app.db()).await.unwrap()
            .into_iter().map(|e| e.action).collect();
        for action in ["graduate.credentials_set", "graduate.login", "graduate.login_failed", "graduate.logout"] {
            assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
        }
    }

    async fn every_wrong_combination_gets_the_same_answer(app) {
        let session = app.active_graduate("taro@example.jp").await;
        drop(session);
        let initial = app.approved_account("hanako@example.jp").await;
        let attempts = [
            app.graduate_login("taro@example.jp", "Wrong2024pass", SECOND_PASSWORD).await,
            app.graduate_login("taro@example.jp", PASSWORD, "Wrong2024second").await,
            app.graduate_login("taro@example.jp", PASSWORD, "").await,
            app.graduate_login("nobody@example.jp", PASSWORD, SECOND_PASSWORD).await,
            // Awaiting the first login: a second password is refused too.
            app.graduate_login("hanako@example.jp", &initial, SECOND_PASSWORD).await,
        ];
        let mut bodies = Vec::new();
        for response in attempts {
            let mut p = problem(response, 401).await;
            p.request_id = None;
            bodies.push(p);
        }
        assert!(bodies.iter().all(|b| *b == bodies[0]), "{bodies:?}");
        assert_eq!(bodies[0].code, ErrorCode::InvalidCredentials);
    }

    async fn the_initial_password_expires_and_staff_issue_a_new_one(app) {
        let initial = app.approved_account("taro@example.jp").await;
        app.clock.advance(Duration::days(14) + Duration::minutes(1));
        assert_eq!(problem(app.graduate_login("taro@example.jp", &initial, "").await, 401).await.code, ErrorCode::InvalidCredentials);

        let staff = app.staff_token().await;
        let accounts: Value = app.staff_get(&staff, "/api/v1/staff/accounts?q=taro@").await.json().await.unwrap();
        assert_eq!(accounts["total"], 1);
        assert_eq!(accounts["items"][0]["state"], "awaiting_first_login");
        let id = accounts["items"][0]["id"].as_i64().unwrap();
        let reissue = |id: i64| {
            let (app, staff) = (&app, &staff);
            async move {
                app.client.post(app.url(&format!("/api/v1/staff/accounts/{id}/initial-password")))
                    .bearer_auth(staff).send().await.unwrap()
            }
        };
        let before = app.mail.to("taro@example.jp").len();
        assert_eq!(reissue(id).await.status(), 204);
        let mail = app.mail.wait_for_text("taro@example.jp", before, "Initial password: ").await;
        let renewed = cis_tests::initial_password(&mail.text());
        assert_ne!(renewed, initial);
        assert_eq!(app.graduate_login("taro@example.jp", &initial, "").await.status(), 401);
        let first: Value = app.graduate_login("taro@example.jp", &renewed, "").await.json().await.unwrap();
        let setup = first["setup_token"].as_str().unwrap();
        assert_eq!(app.set_credentials(setup, PASSWORD, SECOND_PASSWORD).await.status(), 200);
        assert_eq!(problem(reissue(id).await, 409).await.code, ErrorCode::NotAwaitingFirstLogin);
    }

    async fn an_idle_session_ends_on_the_server(app) {
        let session = app.active_graduate("taro@example.jp").await;
        // Activity keeps the session alive past the idle time in total...
        app.clock.advance(Duration::minutes(20));
        let renewed = GraduateSession::from_response(app.refresh(&session.refresh_token).await).await;
        app.clock.advance(Duration::minutes(14));
        assert_eq!(me(&app, &renewed.access_token).await.status(), 200);
        // ...but 30 minutes without a request ends it.
        app.clock.advance(Duration::minutes(30));
        let expired = problem(app.refresh(&renewed.refresh_token).await, 401).await;
        assert_eq!(expired.code, ErrorCode::SessionExpired);
        assert!(expired.title.contains("自動的にログアウト"), "{}", expired.title);
        let session = cis_api::db::session::Entity::find().all(app.db()).await.unwrap();
        assert_eq!(session[0].end_reason.map(|r| sea_orm::ActiveEnum::to_value(&r)).as_deref(), Some("idle"));
    }

    async fn a_replayed_refresh_token_ends_the_session(app) {
        let session = app.active_graduate("taro@example.jp").await;
        let next = GraduateSession::from_response(app.refresh(&session.refresh_token).await).await;
        // Someone replays the old token: refused, and the session is over for everyone.
        assert_eq!(problem(app.refresh(&session.refresh_token).await, 401).await.code, ErrorCode::Unauthorized);
        assert_eq!(problem(app.refresh(&next.refresh_token).await, 401).await.code, ErrorCode::Unauthorized);
        assert_eq!(problem(me(&app, &next.access_token).await, 401).await.code, ErrorCode::Unauthorized);
        let ended = cis_api::db::session::Entity::find().all(app.db()).await.unwrap();
        assert_eq!(ended[0].end_reason.map(|r| sea_orm::ActiveEnum::to_value(&r)).as_deref(), Some("replay"));
        assert_eq!(problem(app.refresh("not-a-token").await, 401).await.code, ErrorCode::Unauthorized);
        let no_cookie = app.client.post(app.url("/api/v1/auth/refresh")).json(&serde_json::json!({})).send().await.unwrap();
        assert_eq!(problem(no_cookie, 401).await.code, ErrorCode::Unauthorized);
    }

    async fn failures_lock_an_address_for_a_growing_time_and_mail_the_owner(app) {
        app.active_graduate("taro@example.jp").await;
        let mails_before = app.mail.to("taro@example.jp").len();
        for _ in 0..5 {
            assert_eq!(app.graduate_login("taro@example.jp", "Wrong2024pass", SECOND_PASSWORD).await.status(), 401);
        }
        // Locked: even the right passwords wait.
        let (locked, headers) = problem_with_headers(app.graduate_login("taro@example.jp", PASSWORD, SECOND_PASSWORD).await, 429).await;
        assert_eq!(locked.code, ErrorCode::LoginLocked);
        let wait = |headers: &reqwest::header::HeaderMap| headers["retry-after"].to_str().unwrap().parse::<u64>().unwrap();
        assert!((895..=900).contains(&wait(&headers)), "{headers:?}");
        let mail = app.mail.wait_for_nth("taro@example.jp", mails_before + 1).await;
        assert!(mail.text().contains("/password/forgot"), "{}", mail.text());

        // An unknown address behaves the same: the lock tells a stranger nothing.
        for _ in 0..5 {
            assert_eq!(app.graduate_login("nobody@example.jp", "Wrong2024pass", SECOND_PASSWORD).await.status(), 401);
        }
        let (unknown, unknown_headers) = problem_with_headers(app.graduate_login("nobody@example.jp", PASSWORD, SECOND_PASSWORD).await, 429).await;
        assert_eq!(unknown.code, ErrorCode::LoginLocked);
        assert!((895..=900).contains(&wait(&unknown_headers)), "{unknown_headers:?}");

        // After the lock the right passwords work; the next lock lasts twice as long.
        app.clock.advance(Duration::minutes(15));
        assert_eq!(app.graduate_login("taro@example.jp", PASSWORD, SECOND_PASSWORD).await.status(), 200);
        for _ in 0..5 {
            app.graduate_login("taro@example.jp", "Wrong2024pass", SECOND_PASSWORD).await;
        }
        let (_, headers) = problem_with_headers(app.graduate_login("taro@example.jp", PASSWORD, SECOND_PASSWORD).await, 429).await;
        assert!((1795..=1800).contains(&wait(&headers)), "{headers:?}");
    }

    async fn one_client_is_rate_limited_across_addresses(app) {
        for n in 0..30 {
            let response = app.graduate_login(&format!("guess{n}@example.jp"), "Wrong2024pass", "Wrong2024second").await;
            assert_eq!(response.status(), 401);
        }
        let (limited, headers) = problem_with_headers(app.graduate_login("taro@example.jp", PASSWORD, SECOND_PASSWORD).await, 429).await;
        assert_eq!(limited.code, ErrorCode::RateLimited);
        assert!(headers.contains_key("retry-after"));
    }

    async fn graduate_and_staff_tokens_do_not_cross(app) {
        let session = app.active_graduate("taro@example.jp").await;
        let staff = app.staff_token().await;
        assert_eq!(problem(app.staff_get(&session.access_token, "/api/v1/staff/applications").await, 403).await.code, ErrorCode::Forbidden);
        assert_eq!(problem(me(&app, &staff).await, 403).await.code, ErrorCode::Forbidden);
        let anonymous = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(anonymous.headers()["www-authenticate"], "Bearer");
        assert_eq!(problem(anonymous, 401).await.code, ErrorCode::Unauthorized);
    }

    async fn a_reapplication_ends_every_session_of_the_account(app) {
        let session = app.active_graduate("old@example.jp").await;
        let account = cis_api::db::graduate_account::Entity::find().one(app.db()).await.unwrap().unwrap();
        let reception = app.submit_with("new@example.jp", |form| form["application_type"] = "reapplication".into()).await;
        let staff = app.staff_token().await;
        let id = app.application_id(&staff, &reception).await;
        let response = app.decide(&staff, id, serde_json::json!({"decision": "approve", "replaces_account_id": account.id})).await;
        assert_eq!(response.status(), 200);
        assert_eq!(problem(me(&app, &session.access_token).await, 401).await.code, ErrorCode::Unauthorized);
        assert_eq!(problem(app.refresh(&session.refresh_token).await, 401).await.code, ErrorCode::Unauthorized);
        assert_eq!(app.graduate_login("old@example.jp", PASSWORD, SECOND_PASSWORD).await.status(), 401);
        let mail = app.mail.wait_for_text("new@example.jp", 0, "Initial password: ").await;
        let initial = cis_tests::initial_password(&mail.text());
        let first: Value = app.graduate_login("new@example.jp", &initial, "").await.json().await.unwrap();
        assert_eq!(first["credential_setup_required"], true);
    }
}

use sea_orm::EntityTrait;

/// Two instances on one PostgreSQL database (as behind a load balancer): a session one of
/// them holds in memory stops there as soon as the other logs it out.
#[tokio::test]
async fn a_logout_on_one_instance_stops_the_session_on_the_others() {
    use cis_tests::{spawn_with, Backend, Options};
    let shared = || vec![("CIS_JWT_SECRET", "j".repeat(48)), ("CIS_DATA_KEY", "k".repeat(48))];
    let Some(a) = spawn_with(Backend::Postgres, Options { vars: shared(), ..Default::default() }).await else {
        return;
    };
    let mut vars = shared();
    vars.push(("CIS_DATABASE_URL", a.state.settings.database_url.clone()));
    // Either instance's mail worker may deliver what the other queued: both to A's sink.
    vars.push(("CIS_SMTP_URL", format!("smtp://127.0.0.1:{}", a.mail.port())));
    let b = spawn_with(Backend::Postgres, Options { vars, ..Default::default() }).await.unwrap();
    let listening = std::time::Instant::now();
    while !b.state.sessions.enabled() {
        assert!(listening.elapsed() < std::time::Duration::from_secs(10), "instance B never listened");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    let session = a.active_graduate("taro@example.jp").await;
    assert_eq!(me(&b, &session.access_token).await.status(), 200);
    assert_eq!(b.state.sessions.len(), 1, "B holds the session in memory");
    assert_eq!(me(&b, &session.access_token).await.status(), 200);

    let logout = a
        .client
        .post(a.url("/api/v1/auth/logout"))
        .header("cookie", format!("cis_refresh={}", session.refresh_token))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 204);
    // B hears of it when A's transaction commits: milliseconds, never a stale answer after.
    let ended = std::time::Instant::now();
    loop {
        let response = me(&b, &session.access_token).await;
        if response.status() == 401 {
            assert_eq!(problem(response, 401).await.code, ErrorCode::Unauthorized);
            break;
        }
        assert!(ended.elapsed() < std::time::Duration::from_secs(2), "B still serves a logged-out session");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert!(b.state.sessions.is_empty());
    assert_eq!(problem(me(&a, &session.access_token).await, 401).await.code, ErrorCode::Unauthorized);
}
