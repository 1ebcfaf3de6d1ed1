//! The university's seal (issue 11): administrators upload a PNG, re-encoded so nothing
//! hidden is kept and refused when it is not one or not a seal's shape; certificates issued
//! from then on print it instead of the generated seal, those issued before stay as stored,
//! and removing it returns to the generated seal.

use cis_shared::messages::ErrorCode;
use cis_tests::{images, on_both_databases, problem, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

use crate::orders::{graduate, Graduate, TARO};
use crate::printing::{register_station, reserve, start_job};

const SEAL: &str = "/api/v1/staff/university/seal";

async fn upload(app: &TestApp, token: &str, bytes: Vec<u8>, name: &str, mime: &str) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()).mime_str(mime).unwrap();
    let form = reqwest::multipart::Form::new().part("file", part);
    app.client.put(app.url(SEAL)).bearer_auth(token).multipart(form).send().await.unwrap()
}

/// The first copy of a new convenience-store order, as the station prints it, and its job.
async fn printed_copy(app: &TestApp, g: &Graduate, key: &str, n: u32) -> (Vec<u8>, Value) {
    let (_, reservation) = reserve(app, g, &format!("seal-order-{n:04}")).await;
    let lookup: Value = app
        .client
        .get(app.url(&format!("/api/v1/print-stations/reservations/{reservation}")))
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let body = json!({"reservation_number": reservation, "amount_yen": lookup["amount_due_yen"]});
    let job: Value = start_job(app, key, Some(&format!("seal-job-{n:04}")), body).await.json().await.unwrap();
    (copy_pdf(app, key, &job).await, job)
}

async fn copy_pdf(app: &TestApp, key: &str, job: &Value) -> Vec<u8> {
    let url = job["copies"][0]["pdf_url"].as_str().unwrap();
    app.client.get(app.url(url)).bearer_auth(key).send().await.unwrap().bytes().await.unwrap().to_vec()
}

/// The sizes (width, height) of the raster images in a PDF, as poppler's `pdfimages -list`
/// reads them.
fn images_in(pdf: &[u8]) -> Vec<(u32, u32)> {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), pdf).unwrap();
    let output = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(file.path())
        .output()
        .expect("pdfimages (poppler-utils) runs");
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            (cols[3].parse().unwrap(), cols[4].parse().unwrap())
        })
        .collect()
}

on_both_databases! {
    async fn an_uploaded_seal_prints_on_new_certificates_until_removed(app) {
        let g = graduate(&app, TARO).await;
        let admin = app.staff_token().await;
        let (_, key) = register_station(&app, &admin, "convenience_store").await;

        // The generated seal is drawn, not an image.
        let p = problem(app.staff_get(&admin, SEAL).await, 404).await;
        assert_eq!(p.code, ErrorCode::NotFound);
        let (before, open_job) = printed_copy(&app, &g, &key, 1).await;
        assert_eq!(images_in(&before), []);

        // What is not a PNG seal is refused.
        let p = problem(upload(&app, &admin, b"<svg/>".to_vec(), "seal.png", "image/png").await, 422).await;
        assert_eq!(p.code, ErrorCode::SealInvalid);
        let p = problem(upload(&app, &admin, images::jpeg(300, 300), "seal.jpg", "image/jpeg").await, 422).await;
        assert_eq!(p.code, ErrorCode::SealInvalid);
        let p = problem(upload(&app, &admin, images::png_declaring(11_000, 11_000), "bomb.png", "image/png").await, 422).await;
        assert_eq!(p.code, ErrorCode::SealShape);
        let p = problem(upload(&app, &admin, images::png(400, 200), "wide.png", "image/png").await, 422).await;
        assert_eq!(p.code, ErrorCode::SealShape);
        let p = problem(upload(&app, &admin, images::png(40, 40), "tiny.png", "image/png").await, 422).await;
        assert_eq!(p.code, ErrorCode::SealShape);
        let p = problem(upload(&app, &admin, vec![0; 3 * 1024 * 1024], "big.png", "image/png").await, 413).await;
        assert_eq!(p.code, ErrorCode::PayloadTooLarge);

        // A PNG with something hidden behind it: stored re-encoded, without it.
        let mut png = images::png(300, 280);
        png.extend_from_slice(b"<?php hidden ?>");
        assert_eq!(upload(&app, &admin, png, "seal.png", "image/png").await.status(), 204);
        let stored = app.staff_get(&admin, SEAL).await;
        assert_eq!(stored.headers()["content-type"], "image/png");
        let stored = stored.bytes().await.unwrap().to_vec();
        assert!(stored.starts_with(b"\x89PNG") && !stored.windows(5).any(|w| w == b"<?php"));

        // New certificates print it; one issued before is served as it was stored.
        let (with_seal, _) = printed_copy(&app, &g, &key, 2).await;
        assert_eq!(images_in(&with_seal), [(300, 280)]);
        assert_eq!(copy_pdf(&app, &key, &open_job).await, before);

        // Removed: the generated seal again.
        let removed = app.staff_send(Method::DELETE, &admin, SEAL, None).await;
        assert_eq!(removed.status(), 204);
        assert_eq!(app.staff_send(Method::DELETE, &admin, SEAL, None).await.status(), 204);
        assert_eq!(app.staff_get(&admin, SEAL).await.status(), 404);
        let (after, _) = printed_copy(&app, &g, &key, 3).await;
        assert_eq!(images_in(&after), []);
        let actions = crate::orders::actions(&app, &admin).await;
        for action in ["university.seal_replaced", "university.seal_removed"] {
            assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
        }
    }
}
