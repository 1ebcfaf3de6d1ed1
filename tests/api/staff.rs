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
        assert_eq!(sea_orm::ActiveEnum::to_value(&accounts[0].state), "awaiting_first_login");
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
            role: sea_orm::Set(cis_shared::staff::StaffRole::Reviewer),
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

on_both_databases! {
    async fn a_resubmission_link_reopens_the_form_and_puts_it_back_in_the_queue(app) {
        let reception = app.submitted_application("taro@example.jp", "電電 太郎", "デンデン タロウ").await;
        let token = app.staff_token().await;
        let id = application_id(&app, &token, &reception).await;

        let missing = problem(decide(&app, &token, id, serde_json::json!({"decision": "request_resubmission"})).await, 422).await;
        assert_eq!(missing.errors[0].field, "/reason");
        let reason = "The back side of the licence is missing.";
        let response = decide(&app, &token, id, serde_json::json!({"decision": "request_resubmission", "reason": reason})).await;
        assert_eq!(response.json::<Value>().await.unwrap()["state"], "resubmission_requested");
        let mail = app.mail.wait_for_text("taro@example.jp", 0, "/resubmit/").await;
        assert!(mail.text().contains(reason));
        let link = mail.links().into_iter().find(|l| l.contains("/resubmit/")).unwrap();
        let link_token = link.rsplit('/').next().unwrap().to_owned();

        // The form comes back filled in, with the reason and the attached image.
        let opened: Value = app.get(&format!("/api/v1/resubmissions/{link_token}")).await.json().await.unwrap();
        assert_eq!(opened["reception_number"], reception.as_str());
        assert_eq!(opened["reason"], reason);
        assert_eq!(opened["form"]["applicant"]["name"], "電電 太郎");
        let front = opened["documents"][0]["id"].as_i64().unwrap();
        assert_eq!(app.get(&format!("/api/v1/resubmissions/{link_token}/documents/{front}")).await.status(), 200);
        // Registration links and resubmission links do not open each other.
        assert_eq!(app.get(&format!("/api/v1/registrations/{link_token}")).await.status(), 404);

        // Add the back side and resubmit.
        let part = reqwest::multipart::Part::bytes(cis_tests::images::png(320, 200)).file_name("back.png").mime_str("image/png").unwrap();
        let upload = app.client.post(app.url(&format!("/api/v1/resubmissions/{link_token}/documents")))
            .multipart(reqwest::multipart::Form::new().part("file", part)).send().await.unwrap();
        assert_eq!(upload.status(), 201);
        let back = upload.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let mut form = opened["form"].clone();
        form["identity_document"]["back"] = back.into();
        form["applicant"]["name_kana"] = "デンデン".into();
        let invalid = app.client.post(app.url(&format!("/api/v1/resubmissions/{link_token}/application"))).json(&form).send().await.unwrap();
        assert_eq!(problem(invalid, 422).await.errors[0].field, "/applicant/name_kana");
        form["applicant"]["name_kana"] = "デンデン タロウ".into();
        let before = app.mail.to("taro@example.jp").len();
        let resubmitted = app.client.post(app.url(&format!("/api/v1/resubmissions/{link_token}/application"))).json(&form).send().await.unwrap();
        assert_eq!(resubmitted.status(), 201);
        assert_eq!(resubmitted.json::<Value>().await.unwrap()["reception_number"], reception.as_str());
        app.mail.wait_for_text("taro@example.jp", before, &reception).await;

        let detail: Value = app.staff_get(&token, &format!("/api/v1/staff/applications/{id}")).await.json().await.unwrap();
        assert_eq!(detail["summary"]["state"], "resubmitted");
        assert_eq!(detail["documents"].as_array().unwrap().len(), 2);
        let queue: Value = app.staff_get(&token, "/api/v1/staff/applications?state=resubmitted").await.json().await.unwrap();
        assert_eq!(queue["total"], 1);
        // The link worked once; the application can be decided again.
        assert_eq!(problem(app.get(&format!("/api/v1/resubmissions/{link_token}")).await, 410).await.code, ErrorCode::TokenUsed);
        assert_eq!(decide(&app, &token, id, serde_json::json!({"decision": "approve"})).await.status(), 200);
    }

    async fn a_resubmission_link_expires_after_seven_days(app) {
        let reception = app.submitted_application("taro@example.jp", "電電 太郎", "デンデン タロウ").await;
        let token = app.staff_token().await;
        let id = application_id(&app, &token, &reception).await;
        decide(&app, &token, id, serde_json::json!({"decision": "request_resubmission", "reason": "Blurred."})).await;
        let mail = app.mail.wait_for_text("taro@example.jp", 0, "/resubmit/").await;
        let link = mail.links().into_iter().find(|l| l.contains("/resubmit/")).unwrap();
        app.clock.advance(chrono::Duration::days(7));
        let expired = app.get(&format!("/api/v1/resubmissions/{}", link.rsplit('/').next().unwrap())).await;
        assert_eq!(problem(expired, 410).await.code, ErrorCode::TokenExpired);
    }

    async fn administrators_manage_reviewers(app) {
        use reqwest::Method;
        let admin = app.staff_token().await;
        let (id, password) = app.create_reviewer(&admin, "Reviewer@The-University.example").await;
        let login = app.staff_login("reviewer@the-university.example", &password).await;
        assert_eq!(login.status(), 200);
        let reviewer = login.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
        let me: Value = app.staff_get(&reviewer, "/api/v1/staff/me").await.json().await.unwrap();
        assert_eq!((me["role"].as_str(), me["display_name"].as_str()), (Some("reviewer"), Some("Hanako Sato")));
        assert_eq!(problem(app.staff_get(&reviewer, "/api/v1/staff/users").await, 403).await.code, ErrorCode::Forbidden);

        let again = serde_json::json!({"email": "reviewer@the-university.example", "display_name": "X", "role": "reviewer"});
        let taken = app.staff_send(Method::POST, &admin, "/api/v1/staff/users", Some(again)).await;
        assert_eq!(problem(taken, 409).await.code, ErrorCode::EmailTaken);
        let blank = serde_json::json!({"email": "new@the-university.example", "display_name": " ", "role": "reviewer"});
        let blank = app.staff_send(Method::POST, &admin, "/api/v1/staff/users", Some(blank)).await;
        assert_eq!(problem(blank, 422).await.errors[0].field, "/display_name");
        let both = serde_json::json!({"email": "bad", "display_name": "", "role": "reviewer"});
        let both = problem(app.staff_send(Method::POST, &admin, "/api/v1/staff/users", Some(both)).await, 422).await;
        let fields: Vec<&str> = both.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["/email", "/display_name"], "every broken rule at once");

        // A new password is mailed; the old one stops working.
        let reset = app.staff_send(Method::POST, &admin, &format!("/api/v1/staff/users/{id}/password-reset"), None).await;
        assert_eq!(reset.status(), 204);
        let mail = app.mail.wait_for_nth("reviewer@the-university.example", 2).await;
        let renewed = cis_tests::staff_password(&mail.text());
        assert_eq!(app.staff_login("reviewer@the-university.example", &password).await.status(), 401);
        // The tokens of the old password end with it.
        assert_eq!(app.staff_get(&reviewer, "/api/v1/staff/me").await.status(), 401);
        let login = app.staff_login("reviewer@the-university.example", &renewed).await;
        assert_eq!(login.status(), 200);
        let reviewer = login.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();

        // Disabled: the token stops working at once, and so does logging in.
        let disable = app.staff_send(Method::PATCH, &admin, &format!("/api/v1/staff/users/{id}"), Some(serde_json::json!({"disabled": true}))).await;
        assert_eq!(disable.json::<Value>().await.unwrap()["disabled"], true);
        assert_eq!(app.staff_get(&reviewer, "/api/v1/staff/applications").await.status(), 401);
        assert_eq!(app.staff_login("reviewer@the-university.example", &renewed).await.status(), 401);

        // Administrators cannot lock themselves out.
        let admin_id = app.staff_get(&admin, "/api/v1/staff/me").await.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let own = app.staff_send(Method::PATCH, &admin, &format!("/api/v1/staff/users/{admin_id}"), Some(serde_json::json!({"role": "reviewer"}))).await;
        assert_eq!(problem(own, 409).await.code, ErrorCode::OwnAccount);

        let users: Value = app.staff_get(&admin, "/api/v1/staff/users").await.json().await.unwrap();
        assert_eq!(users.as_array().unwrap().iter().map(|u| u["role"].as_str().unwrap()).collect::<Vec<_>>(), ["administrator", "reviewer"]);
        let log: Value = app.staff_get(&admin, "/api/v1/staff/audit-events").await.json().await.unwrap();
        let actions: Vec<&str> = log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        for action in ["staff.create", "staff.reset_password", "staff.disable"] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
    }
}

on_both_databases! {
    async fn staff_logout_ends_every_token_of_the_member(app) {
        let first = app.staff_token().await;
        let second = app.staff_token().await;
        let logout = app.staff_send(reqwest::Method::POST, &first, "/api/v1/staff/logout", None).await;
        assert_eq!(logout.status(), 204);
        for token in [&first, &second] {
            assert_eq!(problem(app.staff_get(token, "/api/v1/staff/me").await, 401).await.code, ErrorCode::Unauthorized);
        }
        let again = app.staff_token().await;
        assert_eq!(app.staff_get(&again, "/api/v1/staff/me").await.status(), 200);
        let log: Value = app.staff_get(&again, "/api/v1/staff/audit-events").await.json().await.unwrap();
        assert!(log["items"].as_array().unwrap().iter().any(|e| e["action"] == "staff.logout"));
    }
}
