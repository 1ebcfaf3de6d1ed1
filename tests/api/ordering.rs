//! What a graduate may order (manual 2.3 step 15, 2.5 (c)) and the catalogue administrators
//! keep for it: certificate types with their channels, programs, completions and copy
//! limits; the order settings with fees, postage and payment methods.

use cis_shared::messages::ErrorCode;
use cis_tests::{on_both_databases, problem, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

const TYPES: &str = "/api/v1/staff/catalog/certificate-types";
const SETTINGS: &str = "/api/v1/staff/catalog/order-settings";

/// The id of the graduate's first student record.
async fn enrollment_id(app: &TestApp, token: &str) -> i64 {
    let me: Value =
        app.client.get(app.url("/api/v1/me")).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    me["enrollments"][0]["id"].as_i64().unwrap()
}

async fn options(app: &TestApp, token: &str, channel: &str, enrollment: i64) -> reqwest::Response {
    let path = format!("/api/v1/orders/options?channel={channel}&enrollment_id={enrollment}");
    app.client.get(app.url(&path)).bearer_auth(token).send().await.unwrap()
}

async fn options_ok(app: &TestApp, token: &str, channel: &str, enrollment: i64) -> Value {
    let response = options(app, token, channel, enrollment).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    response.json().await.unwrap()
}

/// The row of the type with this code.
fn row<'a>(options: &'a Value, code: &str) -> &'a Value {
    options["types"].as_array().unwrap().iter().find(|t| t["code"] == code).unwrap_or(&Value::Null)
}

fn transcript_en() -> Value {
    json!({
        "code": "record_en_by_post", "name": {"ja": "成績証明書（英文）", "en": "Certificate of Academic Record (English)"},
        "language": "en", "fee_yen": 300, "max_copies": 5, "sheets": 2, "channels": ["post"],
        "degree_programs": ["undergraduate"], "completions": [], "on_sale": true
    })
}

on_both_databases! {
    async fn the_demo_catalogue_offers_the_manuals_types_by_student_record_and_channel(app) {
        let token = app.active_graduate("taro@example.jp").await.access_token;
        let enrollment = enrollment_id(&app, &token).await;

        // Manual 2.3 step 15: the five types with their commissions, in the manual's order,
        // then the English certificate of graduation and academic record.
        let store = options_ok(&app, &token, "convenience_store", enrollment).await;
        let codes: Vec<&str> = store["types"].as_array().unwrap().iter().map(|t| t["code"].as_str().unwrap()).collect();
        assert_eq!(codes, [
            "completion_ja", "completion_en", "medical_examination", "academic_record", "graduation", "graduation_en",
            "academic_record_en",
        ]);
        let fees: Vec<i64> = store["types"].as_array().unwrap().iter().map(|t| t["unit_fee_yen"].as_i64().unwrap()).collect();
        assert_eq!(fees, [800, 800, 200, 200, 200, 200, 200]);
        // An undergraduate who graduated: a certificate of graduation, not of completion.
        assert_eq!(row(&store, "graduation")["orderable"], true);
        assert!(row(&store, "graduation").get("reason").is_none());
        assert_eq!(row(&store, "completion_ja")["orderable"], false);
        assert_eq!(row(&store, "completion_ja")["reason"], "degree_program");
        assert_eq!(row(&store, "academic_record")["max_copies"], 10);
        assert_eq!(store["print_fee_per_sheet_yen"], 20);
        assert_eq!(store["print_deadline_days"], 7);
        // No card provider is configured: only what needs none is offered.
        assert_eq!(store["payment_methods"], json!(["at_store"]));
        assert_eq!(store["postage_options"], json!([]));
        assert_eq!(store["sealed_envelope"], false);

        let post = options_ok(&app, &token, "post", enrollment).await;
        assert_eq!(post["channel"], "post");
        assert_eq!(post["payment_methods"], json!(["staff_confirmed"]));
        assert_eq!(post["print_fee_per_sheet_yen"], 0);
        let postage: Vec<&str> = post["postage_options"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
        assert_eq!(postage, ["ordinary", "express", "registered", "airmail"]);
        assert_eq!(post["postage_options"][3]["overseas"], true);
        assert_eq!(post["sealed_envelope"], true);

        // Another graduate's record is not found, the same as none; a bad channel is 400.
        let other = app.active_graduate("hanako@example.jp").await.access_token;
        let others = enrollment_id(&app, &other).await;
        let p = problem(options(&app, &token, "post", others).await, 404).await;
        assert_eq!(p.code, ErrorCode::NotFound);
        problem(options(&app, &token, "post", 99999).await, 404).await;
        let p = problem(options(&app, &token, "drone", enrollment).await, 400).await;
        assert_eq!(p.code, ErrorCode::BadRequest);
        let missing = app.client.get(app.url("/api/v1/orders/options?channel=post")).bearer_auth(&token).send().await.unwrap();
        problem(missing, 400).await;
    }

    async fn administrators_add_change_and_withdraw_a_certificate_type(app) {
        let admin = app.staff_token().await;
        let token = app.active_graduate("taro@example.jp").await.access_token;
        let enrollment = enrollment_id(&app, &token).await;

        let listed: Value = app.staff_send(Method::GET, &admin, TYPES, None).await.json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 7);
        assert_eq!(listed[4]["completions"], json!(["graduated"]));
        assert_eq!(listed[4]["degree_programs"], json!(["undergraduate"]));

        // Added by post only: greyed for the store with the reason, orderable by post.
        let response = app.staff_send(Method::POST, &admin, TYPES, Some(transcript_en())).await;
        assert_eq!(response.status(), 201);
        let created: Value = response.json().await.unwrap();
        let id = created["id"].as_i64().unwrap();
        assert_eq!(created["sheets"], 2);
        let store = options_ok(&app, &token, "convenience_store", enrollment).await;
        assert_eq!(row(&store, "record_en_by_post")["orderable"], false);
        assert_eq!(row(&store, "record_en_by_post")["reason"], "channel");
        let post = options_ok(&app, &token, "post", enrollment).await;
        assert_eq!(row(&post, "record_en_by_post")["orderable"], true);
        assert_eq!(row(&post, "record_en_by_post")["unit_fee_yen"], 300);
        assert_eq!(post["types"].as_array().unwrap().last().unwrap()["code"], "record_en_by_post");

        // The same code twice, and every broken rule at its field.
        let p = problem(app.staff_send(Method::POST, &admin, TYPES, Some(transcript_en())).await, 409).await;
        assert_eq!(p.code, ErrorCode::CodeTaken);
        let mut bad = transcript_en();
        bad["code"] = json!("Transcript EN");
        bad["max_copies"] = json!(0);
        bad["degree_programs"] = json!(["astrology"]);
        bad["channels"] = json!([]);
        let p = problem(app.staff_send(Method::PUT, &admin, &format!("{TYPES}/{id}"), Some(bad)).await, 422).await;
        let found: Vec<(&str, ErrorCode)> = p.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            found,
            [
                ("/code", ErrorCode::CodeInvalid),
                ("/max_copies", ErrorCode::OutOfRange),
                ("/channels", ErrorCode::Required),
                ("/degree_programs/0", ErrorCode::UnknownChoice),
            ]
        );
        let p = problem(app.staff_send(Method::PUT, &admin, &format!("{TYPES}/99999"), Some(transcript_en())).await, 404).await;
        assert_eq!(p.code, ErrorCode::NotFound);

        // Only for those who withdrew: the graduate sees the reason.
        let mut changed = transcript_en();
        changed["completions"] = json!(["withdrawn"]);
        changed["channels"] = json!(["convenience_store", "post"]);
        let response = app.staff_send(Method::PUT, &admin, &format!("{TYPES}/{id}"), Some(changed.clone())).await;
        assert_eq!(response.status(), 200);
        let store = options_ok(&app, &token, "convenience_store", enrollment).await;
        assert_eq!(row(&store, "record_en_by_post")["reason"], "completion");

        // Withdrawn from sale: gone from the graduate's options and the public catalogue,
        // kept in the administrators' list.
        changed["on_sale"] = json!(false);
        let response = app.staff_send(Method::PUT, &admin, &format!("{TYPES}/{id}"), Some(changed)).await;
        assert_eq!(response.status(), 200);
        let post = options_ok(&app, &token, "post", enrollment).await;
        assert_eq!(row(&post, "record_en_by_post"), &Value::Null);
        let public: Value = app.get("/api/v1/catalog/certificate-types").await.json().await.unwrap();
        assert!(public.as_array().unwrap().iter().all(|t| t["code"] != "record_en_by_post"));
        let listed: Value = app.staff_send(Method::GET, &admin, TYPES, None).await.json().await.unwrap();
        assert_eq!(listed[7]["on_sale"], false);

        let log: Value = app.staff_send(Method::GET, &admin, "/api/v1/staff/audit-events", None).await.json().await.unwrap();
        let actions: Vec<&str> = log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        for action in ["catalog.certificate_type_created", "catalog.certificate_type_changed", "catalog.certificate_type_withdrawn"] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
    }

    async fn administrators_set_the_fees_postage_and_payment_methods(app) {
        let admin = app.staff_token().await;
        let token = app.active_graduate("taro@example.jp").await.access_token;
        let enrollment = enrollment_id(&app, &token).await;

        let mut settings: Value = app.staff_send(Method::GET, &admin, SETTINGS, None).await.json().await.unwrap();
        assert_eq!(settings["postage_options"].as_array().unwrap().len(), 4);
        settings["handling_fee_yen"] = json!(300);
        settings["print_deadline_days"] = json!(14);
        settings["sealed_envelope"] = json!(false);
        settings["postage_options"] = json!([{"code": "ems", "name": {"ja": "EMS", "en": "EMS"}, "fee_yen": 1450, "overseas": true}]);
        let response = app.staff_send(Method::PUT, &admin, SETTINGS, Some(settings.clone())).await;
        assert_eq!(response.status(), 200);
        let post = options_ok(&app, &token, "post", enrollment).await;
        assert_eq!(post["handling_fee_yen"], 300);
        assert_eq!(post["print_deadline_days"], 14);
        assert_eq!(post["sealed_envelope"], false);
        assert_eq!(post["postage_options"][0]["code"], "ems");

        // A method that does not fit its channel, a code twice, a deadline of 0 days.
        let mut bad = settings.clone();
        bad["payment_methods"]["convenience_store"] = json!(["staff_confirmed"]);
        bad["postage_options"] = json!([settings["postage_options"][0], settings["postage_options"][0]]);
        bad["print_deadline_days"] = json!(0);
        let p = problem(app.staff_send(Method::PUT, &admin, SETTINGS, Some(bad)).await, 422).await;
        let found: Vec<(&str, ErrorCode)> = p.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            found,
            [
                ("/print_deadline_days", ErrorCode::OutOfRange),
                ("/payment_methods/convenience_store/0", ErrorCode::UnknownChoice),
                ("/postage_options/1/code", ErrorCode::Duplicate),
            ]
        );
        let unknown = json!({"handling_fee_yen": 0, "payment_methods": {"convenience_store": ["cash"], "post": []}});
        problem(app.staff_send(Method::PUT, &admin, SETTINGS, Some(unknown)).await, 400).await;
        // Nothing of the refused ones was kept.
        let kept: Value = app.staff_send(Method::GET, &admin, SETTINGS, None).await.json().await.unwrap();
        assert_eq!(kept, settings);

        let reviewer = app.reviewer_token(&admin, "reviewer@the-university.example").await;
        let p = problem(app.staff_send(Method::PUT, &reviewer, SETTINGS, Some(settings)).await, 403).await;
        assert_eq!(p.code, ErrorCode::Forbidden);
    }
}
