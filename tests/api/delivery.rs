//! Digital delivery (issue 11): a graduate orders certificates sent to a named recipient;
//! once the payment is recorded the recipient gets a mail whose link (token in the fragment)
//! opens a page that downloads each copy as its PDF and as a Verifiable Credential (a JWT
//! signed with the university's Ed25519 key, checked here offline against
//! `/.well-known/jwks.json`). Downloads are logged; the first opens the delivery, which can
//! then no longer be cancelled. A delivery cancelled while unopened stops its link and
//! revokes its copies; a link past its three months answers 410.

use chrono::Duration;
use cis_shared::messages::ErrorCode;
use cis_tests::{on_both_databases, pdf_text, problem, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::orders::{get, graduate, place, Graduate, TARO};

const HR: &str = "hr@example.com";

fn digital_order(g: &Graduate, email: &str) -> Value {
    json!({
        "channel": "digital", "enrollment_id": g.enrollment, "payment_method": "staff_confirmed",
        "items": [{"certificate_type_id": g.type_id("graduation"), "copies": 1},
                  {"certificate_type_id": g.type_id("graduation_en"), "copies": 1}],
        "recipient": {"name": "Hanako Suzuki", "organisation": "Example Trading Co., Ltd.", "email": email}
    })
}

/// Places and pays a digital order; its number and the recipient's token (from the mail).
async fn delivered(app: &TestApp, g: &Graduate, staff: &str, (key, email): (&str, &str)) -> (String, String) {
    let response = place(app, &g.token, Some(key), &digital_order(g, email)).await;
    assert_eq!(response.status(), 201);
    let order: Value = response.json().await.unwrap();
    assert_eq!(order["state"], "awaiting_payment");
    assert_eq!(order["recipient"]["email"], email);
    let number = order["order_number"].as_str().unwrap().to_owned();
    let total = order["total_yen"].as_u64().unwrap();
    let paid = app
        .client
        .post(app.url(&format!("/api/v1/staff/orders/{number}/payments")))
        .bearer_auth(staff)
        .header("Idempotency-Key", format!("pay-{key}"))
        .json(&json!({"amount_yen": total, "method": "staff_confirmed", "note": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), 201);
    let mail = app.mail.wait_for(email).await;
    let link = mail.links().into_iter().find(|l| l.contains("/receive#")).expect("the mail has the link");
    assert!(link.starts_with(&app.url("/receive#")), "{link}");
    let token = link.split_once('#').unwrap().1.to_owned();
    (number, token)
}

async fn post(app: &TestApp, path: &str, body: Value) -> reqwest::Response {
    app.client.post(app.url(path)).header("User-Agent", "HR-Browser/1.0").json(&body).send().await.unwrap()
}

async fn download(app: &TestApp, token: &str, copy_id: i64, format: &str) -> reqwest::Response {
    post(app, "/api/v1/deliveries/download", json!({"token": token, "copy_id": copy_id, "format": format})).await
}

async fn order_of(app: &TestApp, g: &Graduate, number: &str) -> Value {
    get(app, &g.token, &format!("/api/v1/orders/{number}")).await.json().await.unwrap()
}

on_both_databases! {
    async fn a_recipient_downloads_the_pdf_and_a_credential_that_verifies_offline(app) {
        let g = graduate(&app, TARO).await;
        let staff = app.staff_token().await;
        // A recipient and one copy of each, by the shared rules.
        let mut bad = digital_order(&g, HR);
        bad["recipient"]["email"] = json!("not an address");
        bad["items"][0]["copies"] = json!(2);
        let p = problem(place(&app, &g.token, Some("digital-bad-0001"), &bad).await, 422).await;
        let fields: Vec<_> = p.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert!(fields.contains(&("/items/0/copies", ErrorCode::OutOfRange)), "{fields:?}");
        assert!(fields.contains(&("/recipient/email", ErrorCode::EmailInvalid)), "{fields:?}");

        let (number, token) = delivered(&app, &g, &staff, ("digital-0001", HR)).await;
        let mail = app.mail.wait_for(HR).await;
        assert!(mail.text().contains("Hanako Suzuki"), "{}", mail.text());
        app.mail.wait_for_text(TARO, 0, "have been sent digitally to").await;
        let order = order_of(&app, &g, &number).await;
        assert_eq!(order["state"], "shipped");
        assert_eq!(order["digital_delivery"]["status"], "sent");
        assert_eq!(order["digital_delivery"]["cancellable"], true);

        // The page: who sends what; an unknown token is the same 404 as a malformed one.
        let opened = post(&app, "/api/v1/deliveries/open", json!({"token": token})).await;
        assert_eq!(opened.status(), 200);
        let opened: Value = opened.json().await.unwrap();
        assert_eq!(opened["recipient"]["name"], "Hanako Suzuki");
        assert_eq!(opened["holder_name"], "電電 太郎");
        let documents = opened["documents"].as_array().unwrap().clone();
        assert_eq!(documents.len(), 2);
        for wrong in ["A".repeat(43), "short".to_owned()] {
            let p = problem(post(&app, "/api/v1/deliveries/open", json!({"token": wrong})).await, 404).await;
            assert_eq!(p.code, ErrorCode::DeliveryUnknown);
        }
        // Opening the page is not opening the delivery.
        assert_eq!(order_of(&app, &g, &number).await["digital_delivery"]["status"], "sent");

        // The PDF: the stored copy, which verifies by its code and by its file.
        let copy_id = documents[0]["copy_id"].as_i64().unwrap();
        let code = documents[0]["verification_code"].as_str().unwrap().to_owned();
        let response = download(&app, &token, copy_id, "pdf").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        let pdf = response.bytes().await.unwrap().to_vec();
        let text = pdf_text(&pdf);
        assert!(text.contains("電電 太郎") && text.contains(&code), "{text}");
        let verified: Value =
            app.client.get(app.url(&format!("/api/v1/verifications/{code}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(verified["status"], "valid");
        // The English certificate, in English, with the name in roman letters.
        let english_id = documents[1]["copy_id"].as_i64().unwrap();
        let english = download(&app, &token, english_id, "pdf").await.bytes().await.unwrap().to_vec();
        let english_text = pdf_text(&english);
        for expected in ["Certificate of Graduation", "DENDEN TAROU", "September 9, 1990", documents[1]["verification_code"].as_str().unwrap()] {
            assert!(english_text.contains(expected), "{expected:?} not in:\n{english_text}");
        }
        // `CIS_PDF_SAMPLES=<dir>` keeps both, to be looked at as images (pdftoppm).
        if let Ok(dir) = std::env::var("CIS_PDF_SAMPLES") {
            std::fs::write(format!("{dir}/graduation-ja.pdf"), &pdf).unwrap();
            std::fs::write(format!("{dir}/graduation-en.pdf"), &english).unwrap();
        }

        // The credential: a JWT whose header names the key in the university's JWK Set.
        let response = download(&app, &token, copy_id, "credential").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/vc+jwt");
        let jwt = response.text().await.unwrap();
        let jwks: Value = app.client.get(app.url("/.well-known/jwks.json")).send().await.unwrap().json().await.unwrap();
        let claims = verify_offline(&jwt, &jwks).unwrap();
        assert_eq!(claims["@context"][0], "https://www.w3.org/ns/credentials/v2");
        assert_eq!(claims["type"][0], "VerifiableCredential");
        assert_eq!(claims["credentialSubject"]["name"], "電電 太郎");
        assert_eq!(claims["credentialSubject"]["certificate"]["verificationCode"], code.as_str());
        assert_eq!(claims["issuer"]["id"], app.url("").trim_end_matches('/'));
        let digest = base64_sha256(&pdf);
        assert_eq!(claims["relatedResource"][0]["digestSRI"], format!("sha256-{digest}"));
        // A forged signature does not verify.
        let forged = format!("{}x", &jwt[..jwt.len() - 1]);
        assert!(verify_offline(&forged, &jwks).is_err());

        // Opened: the graduate sees both downloads and may no longer cancel.
        let order = order_of(&app, &g, &number).await;
        assert_eq!(order["state"], "completed");
        let delivery = &order["digital_delivery"];
        assert_eq!(delivery["status"], "opened");
        assert_eq!(delivery["cancellable"], false);
        let formats: Vec<_> = delivery["downloads"].as_array().unwrap().iter().map(|d| d["format"].clone()).collect();
        assert_eq!(formats, [json!("pdf"), json!("pdf"), json!("credential")]);
        let cancel = format!("/api/v1/orders/{number}/delivery/cancellation");
        let response = app.client.post(app.url(&cancel)).bearer_auth(&g.token).send().await.unwrap();
        assert_eq!(problem(response, 409).await.code, ErrorCode::DeliveryOpened);
        let log: Value = app.staff_send(Method::GET, &staff, "/api/v1/staff/audit-events", None).await.json().await.unwrap();
        assert!(log["items"].as_array().unwrap().iter().any(|e| e["action"] == "delivery.opened"));

        // A copy that is not the delivery's is not handed out.
        assert_eq!(download(&app, &token, copy_id + 1000, "pdf").await.status(), 404);

        // Three months on, the link no longer opens.
        app.clock.advance(Duration::days(93));
        let p = problem(post(&app, "/api/v1/deliveries/open", json!({"token": token})).await, 410).await;
        assert_eq!(p.code, ErrorCode::DeliveryExpired);
    }

    async fn a_delivery_cancelled_before_it_is_opened_stops_its_link_and_revokes_its_copies(app) {
        let g = graduate(&app, TARO).await;
        let staff = app.staff_token().await;
        let (number, token) = delivered(&app, &g, &staff, ("digital-0002", HR)).await;
        let opened: Value = post(&app, "/api/v1/deliveries/open", json!({"token": token})).await.json().await.unwrap();
        let code = opened["documents"][0]["verification_code"].as_str().unwrap().to_owned();

        let cancel = format!("/api/v1/orders/{number}/delivery/cancellation");
        // Not another graduate's to cancel.
        let other = graduate(&app, "hanako@example.jp").await;
        let response = app.client.post(app.url(&cancel)).bearer_auth(&other.token).send().await.unwrap();
        assert_eq!(response.status(), 404);
        let response = app.client.post(app.url(&cancel)).bearer_auth(&g.token).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let order: Value = response.json().await.unwrap();
        assert_eq!(order["state"], "cancelled");
        assert_eq!(order["digital_delivery"]["status"], "cancelled");
        app.mail.wait_for_text(TARO, 0, "digital delivery of order").await;

        let p = problem(post(&app, "/api/v1/deliveries/open", json!({"token": token})).await, 410).await;
        assert_eq!(p.code, ErrorCode::DeliveryCancelled);
        let p = problem(download(&app, &token, opened["documents"][0]["copy_id"].as_i64().unwrap(), "pdf").await, 410).await;
        assert_eq!(p.code, ErrorCode::DeliveryCancelled);
        let verified: Value =
            app.client.get(app.url(&format!("/api/v1/verifications/{code}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(verified["status"], "revoked");
        let response = app.client.post(app.url(&cancel)).bearer_auth(&g.token).send().await.unwrap();
        assert_eq!(problem(response, 410).await.code, ErrorCode::DeliveryCancelled);

        // A store order has no delivery to cancel.
        let store = crate::printing::reserve(&app, &g, "digital-store-0001").await.0;
        let path = format!("/api/v1/orders/{store}/delivery/cancellation");
        let response = app.client.post(app.url(&path)).bearer_auth(&g.token).send().await.unwrap();
        assert_eq!(problem(response, 409).await.code, ErrorCode::DeliveryNotSent);
    }
}

/// The credential's claims when its EdDSA signature checks against the key of the set its
/// header names.
fn verify_offline(jwt: &str, jwks: &Value) -> Result<Value, jsonwebtoken::errors::Error> {
    use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
    let header = decode_header(jwt)?;
    assert_eq!(header.alg, Algorithm::EdDSA);
    assert_eq!(header.typ.as_deref(), Some("vc+jwt"));
    let kid = header.kid.expect("a kid");
    let key =
        jwks["keys"].as_array().unwrap().iter().find(|k| k["kid"] == kid.as_str()).expect("the kid is in the set");
    assert_eq!((key["kty"].as_str(), key["crv"].as_str()), (Some("OKP"), Some("Ed25519")));
    let decoding = DecodingKey::from_ed_components(key["x"].as_str().unwrap()).unwrap();
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_aud = false;
    decode::<Value>(jwt, &decoding, &validation).map(|data| data.claims)
}

fn base64_sha256(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes))
}
