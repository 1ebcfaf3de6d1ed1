//! The staff area's login and review queue.

use cis_api::db::audit_event;
use cis_shared::messages::ErrorCode;
use cis_tests::{on_both_databases, problem, ADMIN_EMAIL, ADMIN_PASSWORD};
use sea_orm::{ActiveModelTrait, EntityTrait};
use serde_json::Value;

on_both_databases! {
    async fn staff_log_in_and_wrong_address_or_password_look_the_same(app) {
        let response = app.staff_login("Registrar@The-University.example", ADMIN_PASSWORD).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 3600);

        let wrong_password = app.staff_login(ADMIN_EMAIL, "Not-the-password-1").await;
        assert_eq!(wrong_password.headers()["www-authenticate"], "Bearer");
        let wrong_password = problem(wrong_password, 401).await;
        let unknown = problem(app.staff_login("nobody@the-university.example", ADMIN_PASSWORD).await, 401).await;
        assert_eq!(wrong_password.code, ErrorCode::InvalidCredentials);
        assert_eq!((wrong_password.title, wrong_password.code), (unknown.title, unknown.code));

        let events = audit_event::Entity::find().all(app.db()).await.unwrap();
        let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["staff.login", "staff.login_failed", "staff.login_failed"]);
        assert!(events.iter().all(|e| e.client_address.as_deref() == Some("127.0.0.1")));
    }

    async fn the_queue_lists_applications_oldest_first_and_finds_them(app) {
        let first = app.submitted_application("taro@example.jp", "電電 太郎", "デンデン タロウ").await;
        app.clock.advance(chrono::Duration::minutes(5));
        let second = app.submitted_application("hanako@example.jp", "山田 花子", "ヤマダ ハナコ").await;
        let token = app.staff_token().await;

        let page: Value = app.staff_get(&token, "/api/v1/staff/applications").await.json().await.unwrap();
        assert_eq!(page["total"], 2);
        let numbers: Vec<&str> = page["items"].as_array().unwrap().iter().map(|i| i["reception_number"].as_str().unwrap()).collect();
        assert_eq!(numbers, [first.as_str(), second.as_str()]);
        assert_eq!(page["items"][0]["state"], "submitted");
        assert_eq!(page["items"][0]["kind"], "new");

        for (query, expected) in [
            ("q=%E3%83%A4%E3%83%9E%E3%83%80", &second),        // ヤマダ
            ("q=TARO%40EXAMPLE", &first),                        // TARO@EXAMPLE, any case
            (&format!("q={}", &second[5..]) as &str, &second),   // part of the reception number
            ("q=%E5%B1%B1%E7%94%B0&state=submitted&kind=new", &second), // 山田
        ] {
            let page: Value = app.staff_get(&token, &format!("/api/v1/staff/applications?{query}")).await.json().await.unwrap();
            assert_eq!(page["total"], 1, "{query}");
            assert_eq!(page["items"][0]["reception_number"], expected.as_str(), "{query}");
        }
        let none: Value = app.staff_get(&token, "/api/v1/staff/applications?state=approved").await.json().await.unwrap();
        assert_eq!(none["total"], 0);
        let literal: Value = app.staff_get(&token, "/api/v1/staff/applications?q=%25").await.json().await.unwrap();
        assert_eq!(literal["total"], 0, "a typed % matches only a %");

        let paged: Value = app.staff_get(&token, "/api/v1/staff/applications?per_page=1&page=2").await.json().await.unwrap();
        assert_eq!(paged["items"][0]["reception_number"], second.as_str());
        assert_eq!(paged["total"], 2);
        let bad = problem(app.staff_get(&token, "/api/v1/staff/applications?per_page=1000").await, 400).await;
        assert_eq!(bad.code, ErrorCode::BadRequest);
        let bad = problem(app.staff_get(&token, "/api/v1/staff/applications?state=lost").await, 400).await;
        assert_eq!(bad.code, ErrorCode::BadRequest);
    }

    async fn a_reviewer_sees_everything_submitted_with_the_document_images(app) {
        app.submitted_application("taro@example.jp", "電電 太郎", "デンデン タロウ").await;
        let token = app.staff_token().await;
        let page: Value = app.staff_get(&token, "/api/v1/staff/applications").await.json().await.unwrap();
        let id = page["items"][0]["id"].as_i64().unwrap();

        let detail: Value = app.staff_get(&token, &format!("/api/v1/staff/applications/{id}")).await.json().await.unwrap();
        assert_eq!(detail["summary"]["email"], "taro@example.jp");
        assert_eq!(detail["form"]["enrollment"]["name_roman"], "DENDEN TAROU");
        assert_eq!(detail["form"]["address"]["postal_code"], "100-0001");
        assert_eq!(detail["affiliation_path"][0]["en"], "Faculty of Letters");
        assert_eq!(detail["affiliation_path"].as_array().unwrap().len(), 3);
        let document = &detail["documents"][0];
        assert_eq!(document["side"], "front");

        let image = app.staff_get(&token, &format!("/api/v1/staff/documents/{}", document["id"])).await;
        assert_eq!(image.status(), 200);
        assert_eq!(image.headers()["content-type"], "image/jpeg");
        assert_eq!(image::load_from_memory(&image.bytes().await.unwrap()).unwrap().width(), 640);

        assert_eq!(problem(app.staff_get(&token, "/api/v1/staff/applications/999999").await, 404).await.code, ErrorCode::NotFound);
        assert_eq!(problem(app.staff_get(&token, "/api/v1/staff/documents/999999").await, 404).await.code, ErrorCode::NotFound);
    }

    async fn the_staff_area_needs_a_valid_staff_token(app) {
        for path in ["/api/v1/staff/applications", "/api/v1/staff/applications/1", "/api/v1/staff/documents/1"] {
            let anonymous = problem(app.get(path).await, 401).await;
            assert_eq!(anonymous.code, ErrorCode::Unauthorized, "{path}");
            assert_eq!(problem(app.staff_get("not-a-jwt", path).await, 401).await.code, ErrorCode::Unauthorized);
        }
        let token = app.staff_token().await;
        assert_eq!(app.staff_get(&token, "/api/v1/staff/applications").await.status(), 200);
        // Tokens expire on the application's clock.
        app.clock.advance(chrono::Duration::minutes(61));
        assert_eq!(problem(app.staff_get(&token, "/api/v1/staff/applications").await, 401).await.code, ErrorCode::Unauthorized);
    }
}

#[tokio::test]
async fn a_token_signed_with_another_key_or_algorithm_is_refused() {
    let app = cis_tests::spawn_app().await;
    let token = app.staff_token().await;
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    // Same header and claims, another signature.
    parts[2] = "c2lnbmVkLWJ5LXNvbWVvbmUtZWxzZQ".into();
    let forged = parts.join(".");
    assert_eq!(app.staff_get(&forged, "/api/v1/staff/applications").await.status(), 401);
    // alg "none" with the same claims.
    let none = format!("{}.{}.", "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0", parts[1]);
    assert_eq!(app.staff_get(&none, "/api/v1/staff/applications").await.status(), 401);
}

async fn application_id(app: &cis_tests::TestApp, token: &str, reception: &str) -> i64 {
    app.application_id(token, reception).await
}

async fn decide(app: &cis_tests::TestApp, token: &str, id: i64, body: Value) -> reqwest::Response {
    app.decide(token, id, body).await
}

on_both_databases! {
    async fn approving_creates_the_account_and_mails_an_initial_password(app) {
        let reception = app.submitted_application("taro@example.jp", "電電 太郎", "デンデン タロウ").await;
        let token = app.staff_token().await;
        let id = application_id(&app, &token, &reception).await;

        let response = decide(&app, &token, id, serde_json::json!({"decision": "approve"})).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.json::<Value>().await.unwrap()["state"], "approved");

        // The registration used English: so does the result.
        let mail = app.mail.wait_for_nth("taro@example.jp", 3).await;
        assert_eq!(mail.subject(), "[The University] Result of the application for use");
        let text = mail.text();
        let initial = text.lines().find_map(|l| l.strip_prefix("Initial password: ")).expect("an initial password").trim().to_owned();
        assert!(cis_shared::password::Password::parse(&initial).is_ok(), "the initial password keeps the rules");
        assert!(mail.links().iter().any(|l| l == &format!("{}/login", app.address)));
        assert!(text.contains("*After you log in, change the password."));

        let accounts = cis_api::db::graduate_account::Entity::find().all(app.db()).await.unwrap();
        assert_eq!(accounts.len(), 1);
        assert_eq!(accounts[0].state, "awaiting_first_login");
        assert_eq!(accounts[0].name_kana, "デンデン タロウ");
        let hash = accounts[0].password_hash.clone().unwrap();
        assert!(hash.starts_with("$argon2id$") && !hash.contains(&initial));
        let expiry = accounts[0].initial_password_expires_at.unwrap() - app.clock.now();
        assert!(expiry > chrono::Duration::days(13) && expiry <= chrono::Duration::days(14));
        let enrollments = cis_api::db::enrollment::Entity::find().all(app.db()).await.unwrap();
        assert_eq!((enrollments[0].account_id, enrollments[0].name_roman.as_str()), (accounts[0].id, "DENDEN TAROU"));

        // One decision per application.
        let again = problem(decide(&app, &token, id, serde_json::json!({"decision": "reject", "reason": "late"})).await, 409).await;
        assert_eq!(again.code, ErrorCode::AlreadyDecided);
        let actions: Vec<String> = audit_event::Entity::find().all(app.db()).await.unwrap().into_iter().map(|e| e.action).collect();
        assert!(actions.contains(&"application.approve".to_owned()));
    }

    async fn rejecting_needs_a_reason_and_mails_it(app) {
        let reception = app.submitted_application("jiro@example.jp", "電電 次郎", "デンデン ジロウ").await;
        let token = app.staff_token().await;
        let id = application_id(&app, &token, &reception).await;

        let missing = problem(decide(&app, &token, id, serde_json::json!({"decision": "reject"})).await, 422).await;
        assert_eq!((missing.errors[0].field.as_str(), missing.errors[0].code), ("/reason", ErrorCode::Required));

        let reason = "The identity document image is unreadable.";
        let response = decide(&app, &token, id, serde_json::json!({"decision": "reject", "reason": reason})).await;
        assert_eq!(response.json::<Value>().await.unwrap()["state"], "rejected");
        let mail = app.mail.wait_for_nth("jiro@example.jp", 3).await;
        assert!(mail.text().contains(reason));
        assert_eq!(cis_api::db::graduate_account::Entity::find().all(app.db()).await.unwrap().len(), 0);
    }

    async fn a_reapplication_gives_the_existing_account_its_new_address(app) {
        let first = app.submitted_application("old@example.jp", "電電 太郎", "デンデン タロウ").await;
        let token = app.staff_token().await;
        let first_id = application_id(&app, &token, &first).await;
        assert_eq!(decide(&app, &token, first_id, serde_json::json!({"decision": "approve"})).await.status(), 200);
        let account = cis_api::db::graduate_account::Entity::find().one(app.db()).await.unwrap().unwrap();

        let second = app.submit_with("new@example.jp", |form| form["application_type"] = "reapplication".into()).await;
        let second_id = application_id(&app, &token, &second).await;
        // A reapplication names the account it replaces; a new application must not.
        let unnamed = decide(&app, &token, second_id, serde_json::json!({"decision": "approve"})).await;
        assert_eq!(problem(unnamed, 422).await.errors[0].code, ErrorCode::DecisionNotAllowed);
        let unknown = decide(&app, &token, second_id, serde_json::json!({"decision": "approve", "replaces_account_id": 99999})).await;
        assert_eq!(problem(unknown, 422).await.errors[0].field, "/replaces_account_id");
        let response = decide(&app, &token, second_id, serde_json::json!({"decision": "approve", "replaces_account_id": account.id})).await;
        assert_eq!(response.status(), 200);

        let accounts = cis_api::db::graduate_account::Entity::find().all(app.db()).await.unwrap();
        assert_eq!(accounts.len(), 1, "no second account");
        assert_eq!(accounts[0].email, "new@example.jp");
        assert_ne!(accounts[0].password_hash, account.password_hash, "a new initial password");
        let mail = app.mail.wait_for_nth("new@example.jp", 3).await;
        assert!(mail.text().contains("Initial password: "));
    }
}

on_both_databases! {
    async fn administrators_read_the_audit_log_and_reviewers_may_not(app) {
        let reception = app.submitted_application("taro@example.jp", "電電 太郎", "デンデン タロウ").await;
        app.staff_login(ADMIN_EMAIL, "Wrong-password-1").await;
        let token = app.staff_token().await;
        let id = application_id(&app, &token, &reception).await;
        app.clock.advance(chrono::Duration::seconds(1));
        decide(&app, &token, id, serde_json::json!({"decision": "reject", "reason": "Unreadable image."})).await;

        let log: Value = app.staff_get(&token, "/api/v1/staff/audit-events").await.json().await.unwrap();
        assert_eq!(log["total"], 3);
        let newest = &log["items"][0];
        assert_eq!(newest["action"], "application.reject");
        assert_eq!(newest["actor_email"], ADMIN_EMAIL);
        assert_eq!((newest["target_kind"].as_str(), newest["target_id"].as_i64()), (Some("application"), Some(id)));
        assert_eq!(newest["detail"], "Unreadable image.");
        assert_eq!(newest["client_address"], "127.0.0.1");
        let actions: Vec<&str> = log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["application.reject", "staff.login", "staff.login_failed"]);

        // A reviewer is staff but not an administrator.
        cis_api::db::staff_user::ActiveModel {
            university_id: sea_orm::Set(app.state.university.id),
            email: sea_orm::Set("reviewer@the-university.example".into()),
            display_name: sea_orm::Set("Reviewer".into()),
            role: sea_orm::Set("reviewer".into()),
            password_hash: sea_orm::Set(cis_api::crypto::hash_secret("Reviewer-2026-pass".to_owned().into()).await.unwrap()),
            disabled: sea_orm::Set(false),
            created_at: sea_orm::Set(app.clock.now()),
            ..Default::default()
        }
        .insert(app.db())
        .await
        .unwrap();
        let response = app.staff_login("reviewer@the-university.example", "Reviewer-2026-pass").await;
        let reviewer = response.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
        assert_eq!(app.staff_get(&reviewer, "/api/v1/staff/applications").await.status(), 200);
        let refused = problem(app.staff_get(&reviewer, "/api/v1/staff/audit-events").await, 403).await;
        assert_eq!(refused.code, ErrorCode::Forbidden);
    }
}
