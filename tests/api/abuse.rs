//! The service tried as an attacker would: storage exhaustion through uploads, strangers
//! locking staff out, tokens revived by re-enabling a member, cookie-authenticated requests
//! from other sites; and the defences that held, kept held.

use base64::Engine;
use cis_api::db::audit_event;
use cis_shared::messages::ErrorCode;
use cis_tests::{
    behind_a_proxy, images, on_both_databases, on_both_databases_with, problem, problem_with_headers, Options, TestApp,
    ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, SECOND_PASSWORD,
};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{json, Value};

fn upload_budget_of_one_megabyte() -> Options {
    let mut options = behind_a_proxy();
    options.vars.push(("CIS_UPLOAD_MB_PER_CLIENT_HOUR", "1".into()));
    options
}

fn a_disk_that_is_always_short() -> Options {
    // A floor of a petabyte: no disk here has that much free.
    Options { vars: vec![("CIS_UPLOAD_MIN_FREE_MB", "1000000000".into())], ..Options::default() }
}

async fn id_of(response: reqwest::Response) -> i64 {
    assert_eq!(response.status(), 201);
    response.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

fn stored_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.data_dir.join("uploads")).unwrap().count()
}

/// A staff login from a client address (the server trusts `X-Forwarded-For`).
async fn staff_login_from(app: &TestApp, email: &str, password: &str, client: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/staff/login"))
        .header("x-forwarded-for", client)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

/// An application the administrator sent back: the resubmission link's token.
async fn resubmission_token(app: &TestApp, email: &str) -> String {
    let reception = app.submitted_application(email, "電電 太郎", "デンデン タロウ").await;
    let staff = app.staff_token().await;
    let id = app.application_id(&staff, &reception).await;
    let decision = json!({"decision": "request_resubmission", "reason": "The photo is blurred."});
    assert_eq!(app.decide(&staff, id, decision).await.status(), 200);
    let mail = app.mail.wait_for_text(email, 0, "/resubmit/").await;
    let link = mail.links().into_iter().find(|l| l.contains("/resubmit/")).unwrap();
    link.rsplit('/').next().unwrap().to_owned()
}

on_both_databases! {
    async fn a_link_stores_six_images_and_a_replaced_one_goes_at_once(app) {
        let token = app.registration_token("taro@example.jp").await;
        let documents = format!("/api/v1/registrations/{token}/documents");
        let first = id_of(app.upload_png_to(&documents, images::png(64, 48), None).await).await;
        let second = id_of(app.upload_png_to(&format!("{documents}?replaces={first}"), images::png(64, 48), None).await).await;
        // The replaced image is gone, row and file.
        assert_eq!(problem(app.get(&format!("{documents}/{first}")).await, 404).await.code, ErrorCode::NotFound);
        assert_eq!(app.get(&format!("{documents}/{second}")).await.status(), 200);
        assert_eq!(stored_files(&app), 1);

        for _ in 0..4 {
            id_of(app.upload_png_to(&documents, images::png(64, 48), None).await).await;
        }
        // Six stored through the link, the replaced one included: no seventh, replacing or not.
        let refused = problem(app.upload_png_to(&documents, images::png(64, 48), None).await, 409).await;
        assert_eq!(refused.code, ErrorCode::TooManyUploads);
        let refused = app.upload_png_to(&format!("{documents}?replaces={second}"), images::png(64, 48), None).await;
        assert_eq!(problem(refused, 409).await.code, ErrorCode::TooManyUploads);
        assert_eq!(stored_files(&app), 5);
        assert_eq!(app.get(&format!("{documents}/{second}")).await.status(), 200, "a refused upload replaces nothing");

        // Another link's image cannot be deleted through this one.
        let other = app.registration_token("hanako@example.jp").await;
        let others = format!("/api/v1/registrations/{other}/documents");
        id_of(app.upload_png_to(&format!("{others}?replaces={second}"), images::png(64, 48), None).await).await;
        assert_eq!(app.get(&format!("{documents}/{second}")).await.status(), 200);
    }

    async fn a_resubmission_link_stores_six_images_too(app) {
        let token = resubmission_token(&app, "taro@example.jp").await;
        let documents = format!("/api/v1/resubmissions/{token}/documents");
        let opened: Value = app.get(&format!("/api/v1/resubmissions/{token}")).await.json().await.unwrap();
        let attached = opened["documents"][0]["id"].as_i64().unwrap();
        // Naming the attached image does not delete it: it is the application's until resubmitted.
        id_of(app.upload_png_to(&format!("{documents}?replaces={attached}"), images::png(64, 48), None).await).await;
        assert_eq!(app.get(&format!("{documents}/{attached}")).await.status(), 200);
        for _ in 0..5 {
            id_of(app.upload_png_to(&documents, images::png(64, 48), None).await).await;
        }
        let refused = problem(app.upload_png_to(&documents, images::png(64, 48), None).await, 409).await;
        assert_eq!(refused.code, ErrorCode::TooManyUploads);
    }
}

on_both_databases_with! { upload_budget_of_one_megabyte();
    async fn one_client_uploads_a_bounded_number_of_bytes_an_hour(app) {
        let noise = images::noise_png(400, 350);
        assert!(noise.len() > 400_000, "{} bytes", noise.len());
        let tokens = [app.registration_token("taro@example.jp").await, app.registration_token("hanako@example.jp").await];
        let path = |i: usize| format!("/api/v1/registrations/{}/documents", tokens[i % 2]);
        let campus = Some("203.0.113.7");
        // A megabyte an hour: the third upload passes the budget, the fourth is refused,
        // whichever link it comes through.
        for i in 0..3 {
            id_of(app.upload_png_to(&path(i), noise.clone(), campus).await).await;
        }
        let (refused, headers) = problem_with_headers(app.upload_png_to(&path(3), noise.clone(), campus).await, 429).await;
        assert_eq!(refused.code, ErrorCode::RateLimited);
        let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!(wait > 3000 && wait <= 3600, "{wait}");
        assert_eq!(stored_files(&app), 3);
        // Another client has its own budget; an hour later the first has one again.
        id_of(app.upload_png_to(&path(3), noise.clone(), Some("198.51.100.20")).await).await;
        app.clock.advance(chrono::Duration::minutes(61));
        let token = app.registration_token("jiro@example.jp").await;
        let later = app.upload_png_to(&format!("/api/v1/registrations/{token}/documents"), noise, campus).await;
        id_of(later).await;
    }
}

on_both_databases_with! { a_disk_that_is_always_short();
    async fn uploads_stop_before_the_disk_fills(app) {
        let token = app.registration_token("taro@example.jp").await;
        let response = app.upload_png_to(&format!("/api/v1/registrations/{token}/documents"), images::png(64, 48), None).await;
        assert_eq!(problem(response, 503).await.code, ErrorCode::StorageFull);
        assert_eq!(stored_files(&app), 0);
        // The rest of the service works.
        assert_eq!(app.get(&format!("/api/v1/registrations/{token}")).await.status(), 200);
    }
}

on_both_databases_with! { behind_a_proxy();
    async fn strangers_cannot_lock_a_staff_member_out(app) {
        let office = "198.51.100.7";
        assert_eq!(staff_login_from(&app, ADMIN_EMAIL, ADMIN_PASSWORD, office).await.status(), 200);

        // A stranger's guesses lock the address for the stranger only.
        let stranger = "203.0.113.9";
        for attempt in 0..10 {
            let response = staff_login_from(&app, ADMIN_EMAIL, "Guessing-1234", stranger).await;
            let expected = if attempt < 5 { 401 } else { 429 };
            assert_eq!(response.status(), expected, "attempt {attempt}");
        }
        let (locked, headers) = problem_with_headers(staff_login_from(&app, ADMIN_EMAIL, ADMIN_PASSWORD, stranger).await, 429).await;
        assert_eq!(locked.code, ErrorCode::LoginLocked);
        // The wait is in the document too, for screens that cannot read headers.
        assert_eq!(locked.retry_after.map(|s| s.to_string()).as_deref(), Some(headers["retry-after"].to_str().unwrap()));
        assert_eq!(staff_login_from(&app, ADMIN_EMAIL, ADMIN_PASSWORD, office).await.status(), 200);
        let mail = app.mail.wait_for_text(ADMIN_EMAIL, 0, "Login from the place where they failed").await;
        assert!(mail.subject().contains("Staff login suspended"), "{}", mail.subject());

        // Successes never count: a busy morning of logins is fine.
        for attempt in 0..12 {
            assert_eq!(staff_login_from(&app, ADMIN_EMAIL, ADMIN_PASSWORD, office).await.status(), 200, "login {attempt}");
        }

        // Twenty failures from many places lock the address for places the member has not
        // logged in from lately; the office still gets in.
        for client in ["203.0.113.10", "203.0.113.11", "203.0.113.12", "203.0.113.13"] {
            for _ in 0..5 {
                assert_eq!(staff_login_from(&app, ADMIN_EMAIL, "Guessing-1234", client).await.status(), 401);
            }
        }
        let elsewhere = problem(staff_login_from(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "192.0.2.44").await, 429).await;
        assert_eq!(elsewhere.code, ErrorCode::LoginLocked);
        assert_eq!(staff_login_from(&app, ADMIN_EMAIL, ADMIN_PASSWORD, office).await.status(), 200);
        let mail = app.mail.wait_for_text(ADMIN_EMAIL, 1, "from many places").await;
        assert!(mail.subject().contains("スタッフログインの一時停止"));

        // The member's own mistakes lock the member's own place, for a growing time.
        for _ in 0..5 {
            assert_eq!(staff_login_from(&app, ADMIN_EMAIL, "Mistyped-pass1", office).await.status(), 401);
        }
        let (own, headers) = problem_with_headers(staff_login_from(&app, ADMIN_EMAIL, ADMIN_PASSWORD, office).await, 429).await;
        assert_eq!(own.code, ErrorCode::LoginLocked);
        let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!(wait > 800 && wait <= 900, "{wait}");
        app.clock.advance(chrono::Duration::minutes(16));
        assert_eq!(staff_login_from(&app, ADMIN_EMAIL, ADMIN_PASSWORD, office).await.status(), 200);

        let events = audit_event::Entity::find().all(app.db()).await.unwrap();
        assert!(events.iter().any(|e| e.action == "staff.login_locked"));
    }

    async fn an_administrator_sees_and_lifts_a_graduates_login_lock(app) {
        let graduate = app.active_graduate("taro@example.jp").await;
        assert!(!graduate.access_token.is_empty());
        for _ in 0..5 {
            assert_eq!(app.graduate_login("taro@example.jp", "Wrong-pass-1", SECOND_PASSWORD).await.status(), 401);
        }
        assert_eq!(app.graduate_login("taro@example.jp", PASSWORD, SECOND_PASSWORD).await.status(), 429);

        let admin = app.staff_token().await;
        let page: Value = app.staff_get(&admin, "/api/v1/staff/accounts?q=taro").await.json().await.unwrap();
        let account = &page["items"][0];
        assert_eq!(account["state"], "active");
        let until = chrono::DateTime::parse_from_rfc3339(account["login_locked_until"].as_str().unwrap()).unwrap();
        let minutes = (until.with_timezone(&chrono::Utc) - app.clock.now()).num_minutes();
        assert!((14..=15).contains(&minutes), "{minutes}");

        let path = format!("/api/v1/staff/accounts/{}/login-lock", account["id"]);
        let reviewer = app.reviewer_token(&admin, "reviewer@the-university.example").await;
        let refused = app.staff_send(reqwest::Method::DELETE, &reviewer, &path, None).await;
        assert_eq!(problem(refused, 403).await.code, ErrorCode::Forbidden);
        assert_eq!(app.staff_send(reqwest::Method::DELETE, &admin, &path, None).await.status(), 204);

        let page: Value = app.staff_get(&admin, "/api/v1/staff/accounts?q=taro").await.json().await.unwrap();
        assert!(page["items"][0].get("login_locked_until").is_none());
        assert_eq!(app.graduate_login("taro@example.jp", PASSWORD, SECOND_PASSWORD).await.status(), 200);
        let lifted = audit_event::Entity::find().all(app.db()).await.unwrap();
        assert_eq!(lifted.iter().filter(|e| e.action == "account.lift_login_lock").count(), 1);
        // Lifting again changes nothing and records nothing.
        assert_eq!(app.staff_send(reqwest::Method::DELETE, &admin, &path, None).await.status(), 204);
        let unknown = app.staff_send(reqwest::Method::DELETE, &admin, "/api/v1/staff/accounts/999999/login-lock", None).await;
        assert_eq!(problem(unknown, 404).await.code, ErrorCode::NotFound);
        let events = audit_event::Entity::find().all(app.db()).await.unwrap();
        assert_eq!(events.iter().filter(|e| e.action == "account.lift_login_lock").count(), 1);
    }
}

on_both_databases! {
    async fn a_disabled_members_tokens_stay_dead_after_re_enabling(app) {
        let admin = app.staff_token().await;
        let (id, password) = app.create_reviewer(&admin, "reviewer@the-university.example").await;
        let response = app.staff_login("reviewer@the-university.example", &password).await;
        let old: Value = response.json().await.unwrap();
        let old = old["access_token"].as_str().unwrap().to_owned();
        assert_eq!(app.staff_get(&old, "/api/v1/staff/me").await.status(), 200);

        let user = format!("/api/v1/staff/users/{id}");
        let disable = app.staff_send(reqwest::Method::PATCH, &admin, &user, Some(json!({"disabled": true}))).await;
        assert_eq!(disable.status(), 200);
        assert_eq!(app.staff_get(&old, "/api/v1/staff/me").await.status(), 401);
        let enable = app.staff_send(reqwest::Method::PATCH, &admin, &user, Some(json!({"disabled": false}))).await;
        assert_eq!(enable.status(), 200);
        assert_eq!(problem(app.staff_get(&old, "/api/v1/staff/me").await, 401).await.code, ErrorCode::Unauthorized);
        // A new login works.
        let fresh = app.staff_login("reviewer@the-university.example", &password).await;
        let fresh = fresh.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
        assert_eq!(app.staff_get(&fresh, "/api/v1/staff/me").await.status(), 200);
    }

    async fn cookie_requests_from_other_sites_are_refused(app) {
        let session = app.active_graduate("taro@example.jp").await;
        let cookie = format!("cis_refresh={}", session.refresh_token);
        let post = |path: &'static str| app.client.post(app.url(path)).header("cookie", cookie.clone());

        for path in ["/api/v1/auth/refresh", "/api/v1/auth/logout"] {
            for (name, value) in [
                ("origin", "https://evil.example"),
                ("origin", "https://portal.the-university.example"),
                ("origin", "null"),
                ("sec-fetch-site", "cross-site"),
                ("sec-fetch-site", "same-site"),
            ] {
                let response = post(path).header(name, value).json(&json!({})).send().await.unwrap();
                assert_eq!(problem(response, 403).await.code, ErrorCode::CrossOrigin, "{path} {name}: {value}");
            }
            let text = post(path).header("content-type", "text/plain").body("{}").send().await.unwrap();
            assert_eq!(problem(text, 415).await.code, ErrorCode::UnsupportedMediaType, "{path}");
            let form = post(path).header("content-type", "application/x-www-form-urlencoded").body("a=b").send().await.unwrap();
            assert_eq!(problem(form, 415).await.code, ErrorCode::UnsupportedMediaType, "{path}");
        }
        // Nothing was ended or rotated: the refresh cookie still works, from this site.
        let own_origin = app.address.clone();
        let response = post("/api/v1/auth/refresh")
            .header("origin", own_origin)
            .header("sec-fetch-site", "same-origin")
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        // Login is guarded the same way.
        let login = app.client.post(app.url("/api/v1/auth/login")).header("origin", "https://evil.example")
            .json(&json!({"email": "taro@example.jp", "password": PASSWORD, "second_password": SECOND_PASSWORD}))
            .send().await.unwrap();
        assert_eq!(problem(login, 403).await.code, ErrorCode::CrossOrigin);
    }

    async fn failed_staff_logins_record_a_normalised_bounded_address(app) {
        for typed in ["pass\u{0}word１２３", " Nobody@Example.JP ", &"x".repeat(5000)] {
            assert_eq!(app.staff_login(typed, "Whatever-123").await.status(), 401);
        }
        // Graduates' login too takes any text as an address.
        let nul = problem(app.graduate_login("taro\u{0}@example.jp", "Whatever-123", "Second-123").await, 401).await;
        assert_eq!(nul.code, ErrorCode::InvalidCredentials);
        let details: Vec<String> = audit_event::Entity::find().all(app.db()).await.unwrap()
            .into_iter().filter(|e| e.action == "staff.login_failed").filter_map(|e| e.detail).collect();
        assert_eq!(details, [
            "(not a mail address: 12 characters)".to_owned(),
            "nobody@example.jp".to_owned(),
            "(not a mail address: 5000 characters)".to_owned(),
        ]);
    }

    async fn the_bearer_scheme_is_case_insensitive(app) {
        let token = app.staff_token().await;
        for scheme in ["Bearer", "bearer", "BEARER"] {
            let response = app.client.get(app.url("/api/v1/staff/me"))
                .header("authorization", format!("{scheme} {token}")).send().await.unwrap();
            assert_eq!(response.status(), 200, "{scheme}");
        }
        let basic = app.client.get(app.url("/api/v1/staff/me")).header("authorization", format!("Basic {token}")).send().await.unwrap();
        assert_eq!(basic.status(), 401);
    }

    async fn search_engines_are_kept_out_of_private_pages(app) {
        let robots = app.get("/robots.txt").await;
        assert_eq!(robots.status(), 200);
        assert!(robots.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
        let text = robots.text().await.unwrap();
        for line in ["User-agent: *", "Disallow: /api/", "Disallow: /register/", "Disallow: /resubmit/", "Disallow: /staff"] {
            assert!(text.lines().any(|l| l == line), "{line} in {text}");
        }
        for path in ["/api/v1/university", "/api/v1/nothing-here", "/register/abc", "/resubmit/abc", "/password-reset/abc", "/student-id/abc", "/staff/login"] {
            let response = app.get(path).await;
            assert_eq!(response.headers().get("x-robots-tag").map(|v| v.to_str().unwrap()), Some("noindex, nofollow"), "{path}");
        }
        assert!(app.get("/").await.headers().get("x-robots-tag").is_none());
    }

    async fn changed_claims_and_foreign_tokens_are_refused(app) {
        let session = app.active_graduate("taro@example.jp").await;
        let parts: Vec<&str> = session.access_token.split('.').collect();
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let claims: Value = serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
        let me = |token: String| app.client.get(app.url("/api/v1/me")).bearer_auth(token).send();
        assert_eq!(me(session.access_token.clone()).await.unwrap().status(), 200);
        for (claim, value) in [("sub", json!("2")), ("aud", json!("staff")), ("exp", json!(4_102_444_800i64)), ("sid", json!(999))] {
            let mut changed = claims.clone();
            changed[claim] = value;
            let forged = format!("{}.{}.{}", parts[0], engine.encode(serde_json::to_vec(&changed).unwrap()), parts[2]);
            assert_eq!(me(forged).await.unwrap().status(), 401, "changed {claim}");
        }
        // alg "none", and the signature of another key.
        let none = format!("{}.{}.", engine.encode(br#"{"alg":"none","typ":"JWT"}"#), parts[1]);
        assert_eq!(me(none).await.unwrap().status(), 401);
        let other_key = format!("{}.{}.{}", parts[0], parts[1], engine.encode([7u8; 32]));
        assert_eq!(me(other_key).await.unwrap().status(), 401);
        // A staff token on a graduate path and the reverse.
        let staff = app.staff_token().await;
        assert_eq!(me(staff.clone()).await.unwrap().status(), 403);
        assert_eq!(app.staff_get(&session.access_token, "/api/v1/staff/me").await.status(), 403);
        // Unknown fields change nothing: a login that names a role gets a plain staff token.
        let response = app.client.post(app.url("/api/v1/staff/login"))
            .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "role": "superuser", "id": 999}))
            .send().await.unwrap();
        assert_eq!(response.status(), 200);
        let staff_users = cis_api::db::staff_user::Entity::find().count(app.db()).await.unwrap();
        assert_eq!(staff_users, 1);
    }
}
