//! Personal setting (manual 2.4 (a)) and the refusal of easily guessed passwords on every
//! path that sets one.

use cis_shared::messages::ErrorCode;
use cis_tests::{on_both_databases, problem, TestApp, PASSWORD, SECOND_PASSWORD};
use sea_orm::EntityTrait;
use serde_json::{json, Value};

async fn send(app: &TestApp, method: reqwest::Method, token: &str, body: Option<Value>) -> reqwest::Response {
    let request = app.client.request(method, app.url("/api/v1/me/profile")).bearer_auth(token);
    match body {
        Some(body) => request.json(&body),
        None => request,
    }
    .send()
    .await
    .unwrap()
}

fn fields(problem: &cis_shared::Problem) -> Vec<(String, ErrorCode)> {
    problem.errors.iter().map(|e| (e.field.clone(), e.code)).collect()
}

on_both_databases! {
    async fn a_graduate_reads_and_changes_the_personal_information(app) {
        let session = app.active_graduate("taro@example.jp").await;
        let token = &session.access_token;

        // Prefilled from the application.
        let read = send(&app, reqwest::Method::GET, token, None).await;
        assert_eq!(read.status(), 200);
        let mut profile: Value = read.json().await.unwrap();
        assert_eq!(profile["applicant"], json!({"name": "電電 太郎", "name_kana": "デンデン タロウ", "birth_date": "1990-09-09"}));
        assert_eq!(profile["address"]["postal_code"], "100-0001");
        assert_eq!(profile["contact_email"], "taro@example.jp");
        assert_eq!(profile["employer"], Value::Null);

        // The application's rules, every broken one named; nothing is saved.
        let mut bad = profile.clone();
        bad["applicant"]["name_kana"] = json!("でんでん たろう");
        bad["applicant"]["birth_date"] = json!("2990-01-01");
        bad["address"]["postal_code"] = json!("1000001");
        bad["employer"] = json!({"phone": "call me"});
        let refused = problem(send(&app, reqwest::Method::PUT, token, Some(bad)).await, 422).await;
        let refused = fields(&refused);
        for field in ["/applicant/name_kana", "/applicant/birth_date", "/address/postal_code", "/employer/phone"] {
            assert!(refused.iter().any(|(f, _)| f == field), "{field}: {refused:?}");
        }
        let unchanged: Value = send(&app, reqwest::Method::GET, token, None).await.json().await.unwrap();
        assert_eq!(unchanged, profile);

        profile["applicant"]["name"] = json!("山田 太郎");
        profile["applicant"]["name_kana"] = json!("ヤマダ タロウ");
        profile["address"]["city"] = json!("Minato-ku");
        profile["employer"] = json!({"name": "電電商事株式会社", "postal_code": "100-0004", "phone": "03-3333-4444"});
        let saved = send(&app, reqwest::Method::PUT, token, Some(profile.clone())).await;
        assert_eq!(saved.status(), 200);
        let saved: Value = saved.json().await.unwrap();
        assert_eq!(saved["employer"]["name"], "電電商事株式会社");
        // Read back, and the top page's name follows.
        let again: Value = send(&app, reqwest::Method::GET, token, None).await.json().await.unwrap();
        assert_eq!(again, saved);
        let me: Value = app.client.get(app.url("/api/v1/me")).bearer_auth(token).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["name"], "山田 太郎");

        // The audit trail names what changed, without the values.
        let event = cis_api::db::audit_event::Entity::find().all(app.db()).await.unwrap()
            .into_iter().find(|e| e.action == "graduate.profile_changed").expect("an audit event");
        let detail: Value = serde_json::from_str(event.detail.as_deref().unwrap()).unwrap();
        assert_eq!(detail, json!({"changed": ["/applicant/name", "/applicant/name_kana", "/address", "/employer"]}));

        // An empty employer is no employer; without a session, 401.
        profile["employer"] = json!({"name": "", "phone": null});
        let cleared: Value = send(&app, reqwest::Method::PUT, token, Some(profile)).await.json().await.unwrap();
        assert_eq!(cleared["employer"], Value::Null);
        assert_eq!(app.client.get(app.url("/api/v1/me/profile")).send().await.unwrap().status(), 401);
    }

    async fn easily_guessed_passwords_are_refused_at_setup_and_change(app) {
        // First login: a common password, and one made of the mail address's name.
        let initial = app.approved_account("yamada.hanako@example.jp").await;
        let first: Value = app.graduate_login("yamada.hanako@example.jp", &initial, "").await.json().await.unwrap();
        let setup = first["setup_token"].as_str().unwrap();
        let refused = problem(app.set_credentials(setup, "Password123", "Hanako2024x").await, 422).await;
        assert_eq!(fields(&refused), [
            ("/password".to_owned(), ErrorCode::PasswordTooCommon),
            ("/second_password".to_owned(), ErrorCode::PasswordHasPersonalInfo),
        ]);
        assert!(refused.errors[0].message.contains("easy to guess") || refused.errors[0].message.contains("推測"), "{refused:?}");
        assert_eq!(app.set_credentials(setup, PASSWORD, SECOND_PASSWORD).await.status(), 200);

        // A change: the university's name, the roman name of the student record, a common one
        // with a year added.
        let session = app.active_graduate("taro@example.jp").await;
        for (new, code) in [
            ("University2025", ErrorCode::PasswordHasPersonalInfo),
            ("Tarou1990abc", ErrorCode::PasswordHasPersonalInfo),
            ("Sunshine2025", ErrorCode::PasswordTooCommon),
            ("Qwerty123", ErrorCode::PasswordTooCommon),
        ] {
            let response = app.client.post(app.url("/api/v1/me/password")).bearer_auth(&session.access_token)
                .json(&json!({"current_password": PASSWORD, "new_password": new})).send().await.unwrap();
            assert_eq!(fields(&problem(response, 422).await), [("/new_password".to_owned(), code)], "{new}");
        }
        let response = app.client.post(app.url("/api/v1/me/password")).bearer_auth(&session.access_token)
            .json(&json!({"current_password": PASSWORD, "new_password": "Vq7rTz2mLk"})).send().await.unwrap();
        assert_eq!(response.status(), 204);
    }
}
