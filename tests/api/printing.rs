//! Printing at a convenience store (issue 11), walked through the station API as a
//! multi-copy machine would: a registered station looks a reservation up, starts a job with
//! the amount it collected (idempotent; a wrong amount refused), fetches each copy's PDF,
//! fails once and prints the same copies again, reports them printed; the order is then
//! completed and nothing is handed out twice. Every copy verifies by code and by file until
//! staff revoke it; a revoked station key opens nothing.

use chrono::Duration;
use cis_shared::messages::ErrorCode;
use cis_tests::{on_both_databases, pdf_text, problem, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

use crate::orders::{graduate, place, store_order, Graduate, TARO};

pub(crate) async fn register_station(app: &TestApp, admin: &str, kind: &str) -> (i64, String) {
    let body = json!({"name": "Seven-Eleven multi-copy", "kind": kind});
    let response = app.staff_send(Method::POST, admin, "/api/v1/staff/print-stations", Some(body)).await;
    assert_eq!(response.status(), 201);
    let key: Value = response.json().await.unwrap();
    (key["id"].as_i64().unwrap(), key["api_key"].as_str().unwrap().to_owned())
}

pub(crate) async fn reserve(app: &TestApp, g: &Graduate, key: &str) -> (String, String) {
    let response = place(app, &g.token, Some(key), &store_order(g)).await;
    assert_eq!(response.status(), 201);
    let order: Value = response.json().await.unwrap();
    (order["order_number"].as_str().unwrap().to_owned(), order["reservation_number"].as_str().unwrap().replace(' ', ""))
}

async fn station(app: &TestApp, key: &str, method: Method, path: &str) -> reqwest::Response {
    app.client.request(method, app.url(path)).bearer_auth(key).send().await.unwrap()
}

pub(crate) async fn start_job(app: &TestApp, key: &str, idempotency: Option<&str>, body: Value) -> reqwest::Response {
    let mut request = app.client.post(app.url("/api/v1/print-stations/print-jobs")).bearer_auth(key).json(&body);
    if let Some(idempotency) = idempotency {
        request = request.header("Idempotency-Key", idempotency);
    }
    request.send().await.unwrap()
}

fn codes(job: &Value) -> Vec<String> {
    job["copies"].as_array().unwrap().iter().map(|c| c["verification_code"].as_str().unwrap().to_owned()).collect()
}

on_both_databases! {
    async fn a_station_prints_a_reservation_once_and_every_copy_verifies_until_revoked(app) {
        let g = graduate(&app, TARO).await;
        let admin = app.staff_token().await;
        let (station_id, key) = register_station(&app, &admin, "convenience_store").await;
        assert!(key.starts_with(&format!("cis_ps_{station_id}_")));
        let (number, reservation) = reserve(&app, &g, "print-order-0001").await;
        let lookup_path = format!("/api/v1/print-stations/reservations/{reservation}");

        // Without the key, with a wrong one: nothing.
        assert_eq!(app.client.get(app.url(&lookup_path)).send().await.unwrap().status(), 401);
        let forged = format!("cis_ps_{station_id}_not-the-secret");
        assert_eq!(station(&app, &forged, Method::GET, &lookup_path).await.status(), 401);
        let p = problem(station(&app, &key, Method::GET, "/api/v1/print-stations/reservations/000000000000").await, 404).await;
        assert_eq!(p.code, ErrorCode::ReservationUnknown);

        // The copies, their sheets and the amount: two graduation certificates and an
        // academic record at 200 yen, and the store's 20 yen a sheet.
        let lookup: Value = station(&app, &key, Method::GET, &lookup_path).await.json().await.unwrap();
        assert_eq!(lookup["copies"].as_array().unwrap().len(), 3);
        assert_eq!(lookup["copies"][0]["name"], "卒業証明書");
        assert_eq!(lookup["amount_due_yen"], 660);

        // A job needs its key and the amount due.
        let body = json!({"reservation_number": reservation, "amount_yen": 660});
        let p = problem(start_job(&app, &key, None, body.clone()).await, 400).await;
        assert_eq!(p.code, ErrorCode::IdempotencyKeyMissing);
        let short = json!({"reservation_number": reservation, "amount_yen": 600});
        let p = problem(start_job(&app, &key, Some("job-0000-short"), short).await, 422).await;
        assert_eq!((p.errors[0].field.as_str(), p.errors[0].code), ("/amount_yen", ErrorCode::AmountDueMismatch));

        let started = start_job(&app, &key, Some("job-0001-first"), body.clone()).await;
        assert_eq!(started.status(), 201);
        let job: Value = started.json().await.unwrap();
        let first_codes = codes(&job);
        assert_eq!(first_codes.len(), 3);
        assert!(first_codes.iter().all(|c| c.len() == 19 && c.matches('-').count() == 3));
        // The same key and body: the same job; another body: refused.
        let again = start_job(&app, &key, Some("job-0001-first"), body.clone()).await;
        assert_eq!(again.status(), 200);
        let again: Value = again.json().await.unwrap();
        assert_eq!((again["id"].clone(), codes(&again)), (job["id"].clone(), first_codes.clone()));
        let p = problem(start_job(&app, &key, Some("job-0001-first"), short_of(&reservation)).await, 422).await;
        assert_eq!(p.code, ErrorCode::IdempotencyKeyReused);
        // Another job while this one prints: refused.
        let p = problem(start_job(&app, &key, Some("job-0002-other"), body.clone()).await, 409).await;
        assert_eq!(p.code, ErrorCode::AlreadyPrinted);

        // Each copy is a PDF with the holder's name, the title and its own code.
        let pdf_url = job["copies"][0]["pdf_url"].as_str().unwrap().to_owned();
        let response = station(&app, &key, Method::GET, &pdf_url).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        let first_pdf = response.bytes().await.unwrap().to_vec();
        let text = pdf_text(&first_pdf);
        for expected in ["電電 太郎", "1990年9月9日", "1234567", "上記の者は、本学", first_codes[0].as_str()] {
            assert!(text.contains(expected), "{expected:?} not in:\n{text}");
        }
        assert!(text.replace(' ', "").contains("卒業証明書"), "{text}");
        let record = station(&app, &key, Method::GET, job["copies"][2]["pdf_url"].as_str().unwrap()).await;
        let record_text = pdf_text(&record.bytes().await.unwrap());
        assert!(record_text.replace(' ', "").contains("成績証明書") && record_text.contains(first_codes[2].as_str()), "{record_text}");

        // The machine jams: the job fails and the same copies print again.
        let job_id = job["id"].as_i64().unwrap();
        assert_eq!(station(&app, &key, Method::POST, &format!("/api/v1/print-stations/print-jobs/{job_id}/fail")).await.status(), 204);
        let p = problem(station(&app, &key, Method::GET, &pdf_url).await, 404).await;
        assert_eq!(p.code, ErrorCode::ReservationUnknown);
        let retried = start_job(&app, &key, Some("job-0003-retry"), body.clone()).await;
        assert_eq!(retried.status(), 201);
        let retried: Value = retried.json().await.unwrap();
        assert_eq!(codes(&retried), first_codes);
        let same_pdf = station(&app, &key, Method::GET, retried["copies"][0]["pdf_url"].as_str().unwrap()).await;
        assert_eq!(same_pdf.bytes().await.unwrap().to_vec(), first_pdf, "a copy is generated once and served as stored");

        // Printed: the order is completed and paid, the graduate is told.
        let mails = app.mail.to(TARO).len();
        let retried_id = retried["id"].as_i64().unwrap();
        let complete = format!("/api/v1/print-stations/print-jobs/{retried_id}/complete");
        assert_eq!(station(&app, &key, Method::POST, &complete).await.status(), 204);
        assert_eq!(station(&app, &key, Method::POST, &complete).await.status(), 204);
        app.mail.wait_for_text(TARO, mails, "printed at a convenience store").await;
        let order: Value = app.staff_get(&admin, &format!("/api/v1/staff/orders/{number}")).await.json().await.unwrap();
        assert_eq!(order["order"]["state"], "completed");
        assert_eq!(order["payments"][0]["method"], "at_store");
        assert_eq!(order["payments"][0]["amount_yen"], 600);

        // Nothing is handed out twice.
        let p = problem(station(&app, &key, Method::GET, &lookup_path).await, 409).await;
        assert_eq!(p.code, ErrorCode::AlreadyPrinted);
        let p = problem(start_job(&app, &key, Some("job-0004-twice"), body.clone()).await, 409).await;
        assert_eq!(p.code, ErrorCode::AlreadyPrinted);
        let p = problem(station(&app, &key, Method::GET, retried["copies"][0]["pdf_url"].as_str().unwrap()).await, 409).await;
        assert_eq!(p.code, ErrorCode::PrintJobClosed);
        let p = problem(station(&app, &key, Method::POST, &format!("/api/v1/print-stations/print-jobs/{retried_id}/fail")).await, 409).await;
        assert_eq!(p.code, ErrorCode::PrintJobClosed);

        // Verification by code (as typed: lower case, no hyphens) and by file.
        let typed = first_codes[0].replace('-', "").to_lowercase();
        let verified: Value = app.get(&format!("/api/v1/verifications/{typed}")).await.json().await.unwrap();
        assert_eq!(verified["status"], "valid");
        assert_eq!(verified["holder_name"], "電電 太郎");
        assert_eq!(verified["certificate_type"], "卒業証明書");
        let university: Value = app.get("/api/v1/university").await.json().await.unwrap();
        assert_eq!(verified["university"], university["name"]["ja"]);
        let unknown = app.get("/api/v1/verifications/0000-0000-0000-0000").await;
        let malformed = app.get("/api/v1/verifications/not-a-code").await;
        assert_eq!((unknown.status(), malformed.status()), (reqwest::StatusCode::NOT_FOUND, reqwest::StatusCode::NOT_FOUND));
        let without_id = |mut p: Value| {
            p.as_object_mut().unwrap().remove("request_id");
            p
        };
        assert_eq!(without_id(unknown.json().await.unwrap()), without_id(malformed.json().await.unwrap()));
        let by_file = verify_file(&app, first_pdf.clone()).await;
        assert_eq!((by_file["match"].clone(), by_file["holder_name"].clone()), (json!(true), json!("電電 太郎")));
        let mut altered = first_pdf.clone();
        altered.push(b'\n');
        assert_eq!(verify_file(&app, altered).await, json!({"match": false}));

        // Staff revoke a copy: verification says so, since when and why.
        let copies: Value = app.staff_get(&admin, &format!("/api/v1/staff/orders/{number}/copies")).await.json().await.unwrap();
        assert_eq!(copies.as_array().unwrap().len(), 3);
        assert_eq!(copies[0]["verification_code"].as_str(), Some(first_codes[0].as_str()));
        assert!(copies[0]["printed_at"].is_string());
        let copy_id = copies[0]["id"].as_i64().unwrap();
        let revocation = json!({"reason": "再発行のため / Reissued"});
        let path = format!("/api/v1/staff/copies/{copy_id}/revocation");
        let revoked = app.staff_send(Method::POST, &admin, &path, Some(revocation)).await;
        assert_eq!(revoked.status(), 200);
        let verified: Value = app.get(&format!("/api/v1/verifications/{}", first_codes[0])).await.json().await.unwrap();
        assert_eq!(verified["status"], "revoked");
        assert_eq!(verified["revocation_reason"], "再発行のため / Reissued");
        assert!(verified["revoked_at"].is_string());
        let by_file = verify_file(&app, first_pdf).await;
        assert_eq!(by_file["status"], "revoked");
        let other: Value = app.get(&format!("/api/v1/verifications/{}", first_codes[1])).await.json().await.unwrap();
        assert_eq!(other["status"], "valid");
        let actions = crate::orders::actions(&app, &admin).await;
        for action in ["print_station.registered", "print_job.failed", "order.printed", "copy.revoked"] {
            assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
        }

        // A revoked key opens nothing.
        let revoke = app.staff_send(Method::DELETE, &admin, &format!("/api/v1/staff/print-stations/{station_id}"), None).await;
        assert_eq!(revoke.status(), 204);
        assert_eq!(station(&app, &key, Method::GET, &lookup_path).await.status(), 401);
        let stations: Value = app.staff_get(&admin, "/api/v1/staff/print-stations").await.json().await.unwrap();
        assert!(stations[0]["revoked_at"].is_string());
    }

    async fn a_reservation_past_its_deadline_or_cancelled_is_gone(app) {
        let g = graduate(&app, TARO).await;
        let admin = app.staff_token().await;
        let (_, key) = register_station(&app, &admin, "convenience_store").await;
        let (_, reservation) = reserve(&app, &g, "print-order-0002").await;
        let (cancelled_number, cancelled) = reserve(&app, &g, "print-order-0003").await;
        let cancel = app.client.post(app.url(&format!("/api/v1/orders/{cancelled_number}/cancel"))).bearer_auth(&g.token).send().await.unwrap();
        assert_eq!(cancel.status(), 200);
        let p = problem(station(&app, &key, Method::GET, &format!("/api/v1/print-stations/reservations/{cancelled}")).await, 410).await;
        assert_eq!(p.code, ErrorCode::ReservationExpired);

        let lookup_path = format!("/api/v1/print-stations/reservations/{reservation}");
        assert_eq!(station(&app, &key, Method::GET, &lookup_path).await.status(), 200);
        app.clock.advance(Duration::days(8));
        let p = problem(station(&app, &key, Method::GET, &lookup_path).await, 410).await;
        assert_eq!(p.code, ErrorCode::ReservationExpired);
        let body = json!({"reservation_number": reservation, "amount_yen": 660});
        let p = problem(start_job(&app, &key, Some("job-late-0001"), body).await, 410).await;
        assert_eq!(p.code, ErrorCode::ReservationExpired);
    }

    async fn staff_print_a_post_order_from_one_file_in_english_and_the_counter_hands_a_reservation_over(app) {
        let g = graduate(&app, TARO).await;
        let admin = app.staff_token().await;
        let csv = "student_id,term,course_code,title_ja,title_en,credits,grade\n\
                   1234567,2019 前期,LIT-101,日本文学概論,Introduction to Japanese Literature,2,A\n\
                   1234567,2019 後期,LIT-102,比較文学,Comparative Literature,1.5,S\n";
        let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("r.csv").mime_str("text/csv").unwrap();
        let form = reqwest::multipart::Form::new().part("file", part);
        let imported = app.client.post(app.url("/api/v1/staff/academic-records/imports")).bearer_auth(&admin).multipart(form).send().await.unwrap();
        assert_eq!(imported.json::<Value>().await.unwrap()["saved"], true);

        // A post order of the English certificates, paid by transfer.
        let mut order = crate::orders::post_order(&g);
        order["items"] = json!([{"certificate_type_id": g.type_id("graduation_en"), "copies": 1},
                                {"certificate_type_id": g.type_id("academic_record_en"), "copies": 1}]);
        let placed = place(&app, &g.token, Some("post-print-0001"), &order).await;
        assert_eq!(placed.status(), 201);
        let placed: Value = placed.json().await.unwrap();
        let number = placed["order_number"].as_str().unwrap().to_owned();
        let pdf_path = format!("/api/v1/staff/orders/{number}/pdf");
        let p = problem(app.staff_get(&admin, &pdf_path).await, 409).await;
        assert_eq!(p.code, ErrorCode::OrderStateConflict);
        let payment = app.client.post(app.url(&format!("/api/v1/staff/orders/{number}/payments"))).bearer_auth(&admin)
            .header("Idempotency-Key", "post-print-pay-0001")
            .json(&json!({"amount_yen": placed["total_yen"], "method": "staff_confirmed", "note": ""}))
            .send().await.unwrap();
        assert_eq!(payment.status(), 201);

        let file = app.staff_get(&admin, &pdf_path).await;
        assert_eq!(file.status(), 200);
        assert_eq!(file.headers()["content-type"], "application/pdf");
        let text = pdf_text(&file.bytes().await.unwrap());
        let copies: Value = app.staff_get(&admin, &format!("/api/v1/staff/orders/{number}/copies")).await.json().await.unwrap();
        let codes: Vec<&str> = copies.as_array().unwrap().iter().map(|c| c["verification_code"].as_str().unwrap()).collect();
        assert_eq!(codes.len(), 2);
        for expected in ["〒100-0001", "電電 太郎", "Please find enclosed", "DENDEN TAROU", "graduated from", "Introduction to Japanese Literature", "Total credits: 3.5", codes[0], codes[1]] {
            assert!(text.contains(expected), "{expected:?} not in:\n{text}");
        }
        // Downloading again prints the same copies.
        let again = pdf_text(&app.staff_get(&admin, &pdf_path).await.bytes().await.unwrap());
        assert!(again.contains(codes[0]) && again.contains(codes[1]));
        let verified: Value = app.get(&format!("/api/v1/verifications/{}", codes[0])).await.json().await.unwrap();
        assert_eq!((verified["certificate_type"].as_str(), verified["holder_name"].as_str(), verified["language"].as_str()),
            (Some("Certificate of Graduation"), Some("DENDEN TAROU"), Some("en")));

        // The counter: a reservation found by its order number, the fee taken, handed over.
        let (store_number, _) = reserve(&app, &g, "counter-order-0001").await;
        let found = app.staff_get(&admin, &format!("/api/v1/staff/counter/{store_number}")).await;
        assert_eq!(found.status(), 200);
        let found: Value = found.json().await.unwrap();
        assert_eq!((found["holder_name"].as_str(), found["amount_due_yen"].as_u64()), (Some("電電 太郎"), Some(660)));
        let job = app.client.post(app.url("/api/v1/staff/counter/print-jobs")).bearer_auth(&admin)
            .header("Idempotency-Key", "counter-job-0001")
            .json(&json!({"reservation_number": store_number, "amount_yen": 660}))
            .send().await.unwrap();
        assert_eq!(job.status(), 201);
        let job: Value = job.json().await.unwrap();
        let pdf = app.staff_get(&admin, job["copies"][0]["pdf_url"].as_str().unwrap()).await;
        assert_eq!(pdf.headers()["content-type"], "application/pdf");
        let mails = app.mail.to(TARO).len();
        let done = app.staff_send(Method::POST, &admin, &format!("/api/v1/staff/counter/print-jobs/{}/complete", job["id"]), None).await;
        assert_eq!(done.status(), 204);
        app.mail.wait_for_text(TARO, mails, "handed to you at the counter").await;
        let p = problem(app.staff_get(&admin, &format!("/api/v1/staff/counter/{store_number}")).await, 409).await;
        assert_eq!(p.code, ErrorCode::AlreadyPrinted);
    }

    async fn administrators_alone_register_stations_with_a_name(app) {
        let admin = app.staff_token().await;
        let reviewer = app.reviewer_token(&admin, "reviewer@example.ac.jp").await;
        let body = json!({"name": "Counter", "kind": "counter"});
        let refused = app.staff_send(Method::POST, &reviewer, "/api/v1/staff/print-stations", Some(body)).await;
        assert_eq!(refused.status(), 403);
        let blank = json!({"name": "  ", "kind": "counter"});
        let p = problem(app.staff_send(Method::POST, &admin, "/api/v1/staff/print-stations", Some(blank)).await, 422).await;
        assert_eq!((p.errors[0].field.as_str(), p.errors[0].code), ("/name", ErrorCode::Required));
        let p = problem(app.staff_send(Method::DELETE, &admin, "/api/v1/staff/print-stations/999", None).await, 404).await;
        assert_eq!(p.code, ErrorCode::NotFound);
    }
}

fn short_of(reservation: &str) -> Value {
    json!({"reservation_number": reservation, "amount_yen": 1})
}

pub(crate) async fn verify_file(app: &TestApp, bytes: Vec<u8>) -> Value {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("certificate.pdf").mime_str("application/pdf").unwrap();
    let form = reqwest::multipart::Form::new().part("file", part);
    let response = app.client.post(app.url("/api/v1/verifications/files")).multipart(form).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}
