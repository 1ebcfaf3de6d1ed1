//! Registering an additional student ID number (manual 2.3): the ⚙ menu's request mails a
//! one-time link; the form behind it sends the student record; the reviewer sees it with the
//! account's records and decides; approval adds it to the account.

use cis_shared::messages::ErrorCode;
use cis_tests::{on_both_databases, problem, TestApp};
use serde_json::{json, Value};

const EMAIL: &str = "taro@example.jp";
/// The student ID of the registration form in `cis_tests::application_form`.
const FIRST_ID: &str = "1234567";

/// Manual 2.3 step 4: Send.
async fn request_link(app: &TestApp, access_token: &str) -> reqwest::Response {
    app.client.post(app.url("/api/v1/me/student-id-requests")).bearer_auth(access_token).send().await.unwrap()
}

/// Asks for a link and returns the token of the one in the mail (manual 2.3 step 6).
async fn student_id_token(app: &TestApp, access_token: &str) -> String {
    let before = app.mail.to(EMAIL).len();
    let response = request_link(app, access_token).await;
    assert_eq!(response.status(), 202);
    let mail = app.mail.wait_for_text(EMAIL, before, "/student-id/").await;
    let link = mail.links().into_iter().find(|l| l.contains("/student-id/")).expect("a student ID link");
    link.rsplit('/').next().unwrap().to_owned()
}

/// The student record of manual 2.3 step 7: a master's program after the undergraduate one.
async fn record(app: &TestApp, student_id: &str) -> Value {
    json!({"enrollment": {
        "name": "電電 太郎", "name_kana": "デンデン タロウ", "name_roman": "DENDEN TAROU",
        "affiliation_id": app.first_subject_id().await, "degree_program": "masters", "student_id": student_id,
        "matriculation": "2015-04", "graduation": "2017-03", "completion": "graduated"}})
}

async fn open(app: &TestApp, token: &str) -> reqwest::Response {
    app.get(&format!("/api/v1/student-id-applications/{token}")).await
}

async fn apply(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.client.post(app.url(&format!("/api/v1/student-id-applications/{token}"))).json(body).send().await.unwrap()
}

async fn me(app: &TestApp, access_token: &str) -> Value {
    let response = app.client.get(app.url("/api/v1/me")).bearer_auth(access_token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn student_ids(me: &Value) -> Vec<&str> {
    me["enrollments"].as_array().unwrap().iter().map(|e| e["student_id"].as_str().unwrap()).collect()
}

/// Applies for `student_id` through a new link; the reception number.
async fn applied(app: &TestApp, access_token: &str, student_id: &str) -> String {
    let token = student_id_token(app, access_token).await;
    let response = apply(app, &token, &record(app, student_id).await).await;
    assert_eq!(response.status(), 201);
    response.json::<Value>().await.unwrap()["reception_number"].as_str().unwrap().to_owned()
}

on_both_databases! {
    async fn an_approved_additional_student_id_is_listed_with_the_first(app) {
        let session = app.active_graduate(EMAIL).await;
        let before = app.mail.to(EMAIL).len();
        let response = request_link(&app, &session.access_token).await;
        assert_eq!(response.status(), 202);
        let requested: Value = response.json().await.unwrap();
        assert_eq!(requested, json!({"email": EMAIL, "link_valid_minutes": 30}));
        // The mail to the account's address, in its language, with a link valid 30 minutes.
        let mail = app.mail.wait_for_text(EMAIL, before, "/student-id/").await;
        assert_eq!(mail.subject(), "[The University] Register an additional student ID number");
        assert!(mail.text().contains("(30 minutes)"), "{}", mail.text());
        let link = mail.links().into_iter().find(|l| l.contains("/student-id/")).unwrap();
        assert!(link.starts_with(&app.state.settings.public_url), "{link}");
        let token = link.rsplit('/').next().unwrap().to_owned();

        // Manual 2.3 step 7: the link's page knows the account and its student ID.
        let opened = open(&app, &token).await;
        assert_eq!(opened.status(), 200);
        let link: Value = opened.json().await.unwrap();
        assert_eq!((link["email"].as_str(), link["name"].as_str()), (Some(EMAIL), Some("電電 太郎")));
        assert_eq!(link["enrollments"][0]["student_id"], FIRST_ID);
        assert!(link["returned"].is_null());
        // The form starts with the names when in school of the first record.
        assert_eq!(link["enrollment"]["name_roman"], "DENDEN TAROU");
        assert_eq!(link["enrollment"]["student_id"], "");

        let response = apply(&app, &token, &record(&app, "M2345678").await).await;
        assert_eq!(response.status(), 201);
        let receipt: Value = response.json().await.unwrap();
        let reception = receipt["reception_number"].as_str().unwrap().to_owned();
        let received = app.mail.wait_for_text(EMAIL, before, &reception).await;
        assert!(received.subject().contains("additional student ID number has been received"));
        // The token is used up.
        assert_eq!(problem(apply(&app, &token, &record(&app, "M3").await).await, 410).await.code, ErrorCode::TokenUsed);

        // The top page's "Current application list" (the account's applications, newest first).
        let pending = me(&app, &session.access_token).await;
        assert_eq!(pending["applications"][0]["kind"], "additional_student_id");
        assert_eq!(pending["applications"][0]["reception_number"], reception.as_str());
        assert_eq!(pending["applications"][0]["state"], "submitted");
        assert_eq!(student_ids(&pending), vec![FIRST_ID]);

        // The reviewer finds it by kind and sees the account's records beside it.
        let staff = app.staff_token().await;
        let queue: Value = app.staff_get(&staff, "/api/v1/staff/applications?kind=additional_student_id").await.json().await.unwrap();
        assert_eq!(queue["total"], 1);
        assert_eq!(queue["items"][0]["kind"], "additional_student_id");
        assert_eq!(queue["items"][0]["reception_number"], reception.as_str());
        let id = queue["items"][0]["id"].as_i64().unwrap();
        let detail: Value = app.staff_get(&staff, &format!("/api/v1/staff/applications/{id}")).await.json().await.unwrap();
        assert_eq!(detail["form"]["application_type"], "additional_student_id");
        assert_eq!(detail["form"]["enrollment"]["student_id"], "M2345678");
        assert_eq!(detail["form"]["applicant"]["birth_date"], "1990-09-09");
        assert_eq!(detail["account"]["email"], EMAIL);
        assert_eq!(detail["account"]["enrollments"][0]["student_id"], FIRST_ID);
        assert_eq!(detail["documents"], json!([]));

        // Approval adds the record (manual 2.3 step 11): no new account, no password.
        let before = app.mail.to(EMAIL).len();
        let decided = app.decide(&staff, id, json!({"decision": "approve"})).await;
        assert_eq!(decided.status(), 200);
        let approved = app.mail.wait_for_text(EMAIL, before, "student ID number M2345678").await;
        assert_eq!(approved.subject(), "[The University] Result of the application for an additional student ID number");
        assert!(!approved.text().contains("Initial password"));
        let after = me(&app, &session.access_token).await;
        assert_eq!(student_ids(&after), vec![FIRST_ID, "M2345678"]);
        assert_eq!(after["applications"][0]["state"], "approved");
        assert_eq!(after["enrollments"][1]["degree_program"], "masters");
        // The same session and the same credentials go on working.
        assert_eq!(app.graduate_login(EMAIL, cis_tests::PASSWORD, cis_tests::SECOND_PASSWORD).await.status(), 200);
        assert_eq!(app.decide(&staff, id, json!({"decision": "approve"})).await.status(), 409);
    }

    async fn a_student_id_number_another_account_holds_is_not_approved(app) {
        let staff = app.staff_token().await;
        let taro = app.active_graduate(EMAIL).await;
        let reception = applied(&app, &taro.access_token, "M2345678").await;
        let id = app.application_id(&staff, &reception).await;
        assert_eq!(app.decide(&staff, id, json!({"decision": "approve"})).await.status(), 200);

        // Another graduate applies for the same number (in other letter case).
        let hanako = app.active_graduate("hanako@example.jp").await;
        assert_eq!(request_link(&app, &hanako.access_token).await.status(), 202);
        let mail = app.mail.wait_for_text("hanako@example.jp", 0, "/student-id/").await;
        let link = mail.links().into_iter().find(|l| l.contains("/student-id/")).unwrap();
        let response = apply(&app, link.rsplit('/').next().unwrap(), &record(&app, "m2345678").await).await;
        assert_eq!(response.status(), 201);
        let reception = response.json::<Value>().await.unwrap()["reception_number"].as_str().unwrap().to_owned();
        let id = app.application_id(&staff, &reception).await;
        let refused = problem(app.decide(&staff, id, json!({"decision": "approve"})).await, 409).await;
        assert_eq!(refused.code, ErrorCode::StudentIdRegistered);
        assert_eq!(student_ids(&me(&app, &hanako.access_token).await), vec![FIRST_ID]);
        // The reviewer rejects it instead, with the reason.
        let rejected = app.decide(&staff, id, json!({"decision": "reject", "reason": "Registered to another account."})).await;
        assert_eq!(rejected.status(), 200);
    }

    async fn the_form_keeps_the_registration_rules_and_refuses_a_known_student_id(app) {
        let session = app.active_graduate(EMAIL).await;
        let token = student_id_token(&app, &session.access_token).await;
        let mut body = record(&app, FIRST_ID).await;
        body["enrollment"]["name_kana"] = "でんでん たろう".into();
        body["enrollment"]["graduation"] = "2014-03".into();
        let refused = problem(apply(&app, &token, &body).await, 422).await;
        let errors: Vec<(&str, ErrorCode)> = refused.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(errors, vec![
            ("/enrollment/name_kana", ErrorCode::KatakanaOnly),
            ("/enrollment/graduation", ErrorCode::GraduationBeforeMatriculation),
            ("/enrollment/student_id", ErrorCode::StudentIdRegistered),
        ]);
        // Without regard to case, and a refused form leaves the link usable.
        let mut body = record(&app, "m2345678").await;
        assert_eq!(apply(&app, &token, &body).await.status(), 201);
        // The same number again while the first waits for the decision.
        let again = student_id_token(&app, &session.access_token).await;
        body["enrollment"]["student_id"] = "M2345678".into();
        let refused = problem(apply(&app, &again, &body).await, 422).await;
        assert_eq!(refused.errors[0].code, ErrorCode::StudentIdRegistered);
        // In Japanese unless the request asks otherwise.
        assert_eq!(refused.errors[0].message, "この学籍番号は既に登録済み、または申請中です。");
        // Not through the registration form either.
        let registration = app.registration_token("other@example.jp").await;
        let front = app.upload_photo(&registration).await;
        let mut form = cis_tests::application_form(app.first_subject_id().await, front);
        form["application_type"] = "additional_student_id".into();
        let refused = problem(app.submit_application(&registration, &form).await, 422).await;
        assert_eq!(refused.errors[0].field, "/application_type");
    }

    async fn links_are_single_use_expire_and_are_limited_per_account(app) {
        let session = app.active_graduate(EMAIL).await;
        assert_eq!(problem(open(&app, "unknown").await, 404).await.code, ErrorCode::TokenInvalid);
        assert_eq!(problem(apply(&app, "unknown", &record(&app, "M1").await).await, 404).await.code, ErrorCode::TokenInvalid);
        // A registration link is no student ID link.
        let registration = app.registration_token("other@example.jp").await;
        assert_eq!(open(&app, &registration).await.status(), 404);

        applied(&app, &session.access_token, "M1").await;
        let expiring = student_id_token(&app, &session.access_token).await;
        app.clock.advance(chrono::Duration::minutes(30));
        assert_eq!(problem(open(&app, &expiring).await, 410).await.code, ErrorCode::TokenExpired);
        let late = apply(&app, &expiring, &record(&app, "M2").await).await;
        assert_eq!(problem(late, 410).await.code, ErrorCode::TokenExpired);

        // Five links an hour per account (two so far).
        let session = cis_tests::GraduateSession::from_response(
            app.graduate_login(EMAIL, cis_tests::PASSWORD, cis_tests::SECOND_PASSWORD).await,
        ).await;
        for _ in 0..3 {
            assert_eq!(request_link(&app, &session.access_token).await.status(), 202);
        }
        let (limited, headers) = cis_tests::problem_with_headers(request_link(&app, &session.access_token).await, 429).await;
        assert_eq!(limited.code, ErrorCode::RateLimited);
        assert!(headers.contains_key("retry-after"));
        // Only a graduate asks.
        let anonymous = app.client.post(app.url("/api/v1/me/student-id-requests")).send().await.unwrap();
        assert_eq!(anonymous.status(), 401);
    }

    async fn a_rejected_or_returned_additional_student_id_is_mailed_and_can_be_corrected(app) {
        let session = app.active_graduate(EMAIL).await;
        let staff = app.staff_token().await;
        let reception = applied(&app, &session.access_token, "M1").await;
        let id = app.application_id(&staff, &reception).await;
        let before = app.mail.to(EMAIL).len();
        let rejected = app.decide(&staff, id, json!({"decision": "reject", "reason": "No such student."})).await;
        assert_eq!(rejected.status(), 200);
        let mail = app.mail.wait_for_text(EMAIL, before, "No such student.").await;
        assert!(mail.text().contains("application for an additional student ID number was not accepted"));
        let after = me(&app, &session.access_token).await;
        assert_eq!(student_ids(&after), vec![FIRST_ID]);
        assert_eq!(after["applications"][0]["state"], "rejected");

        // Sent back: a new link to the same form, filled in as sent, with the reason.
        let reception = applied(&app, &session.access_token, "M9").await;
        let id = app.application_id(&staff, &reception).await;
        let before = app.mail.to(EMAIL).len();
        let body = json!({"decision": "request_resubmission", "reason": "The graduation month is wrong."});
        assert_eq!(app.decide(&staff, id, body).await.status(), 200);
        let mail = app.mail.wait_for_text(EMAIL, before, "The graduation month is wrong.").await;
        let link = mail.links().into_iter().find(|l| l.contains("/student-id/")).expect("a link to the form");
        let token = link.rsplit('/').next().unwrap().to_owned();
        let returned: Value = open(&app, &token).await.json().await.unwrap();
        assert_eq!(returned["returned"]["reception_number"], reception.as_str());
        assert_eq!(returned["returned"]["reason"], "The graduation month is wrong.");
        assert_eq!(returned["enrollment"]["student_id"], "M9");
        let pending = me(&app, &session.access_token).await;
        assert_eq!(pending["applications"][0]["state"], "resubmission_requested");

        let mut corrected = record(&app, "M9").await;
        corrected["enrollment"]["graduation"] = "2017-09".into();
        let response = apply(&app, &token, &corrected).await;
        assert_eq!(response.status(), 201);
        assert_eq!(response.json::<Value>().await.unwrap()["reception_number"], reception.as_str());
        assert_eq!(open(&app, &token).await.status(), 410);
        let detail: Value = app.staff_get(&staff, &format!("/api/v1/staff/applications/{id}")).await.json().await.unwrap();
        assert_eq!(detail["summary"]["state"], "resubmitted");
        assert_eq!(detail["form"]["enrollment"]["graduation"], "2017-09");
        assert_eq!(app.decide(&staff, id, json!({"decision": "approve"})).await.status(), 200);
        assert_eq!(student_ids(&me(&app, &session.access_token).await), vec![FIRST_ID, "M9"]);
    }
}
