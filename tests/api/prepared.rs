//! Documents staff prepare (issue 11): an order of a medical examination certificate waits
//! in the staff's queue and does not print; staff attach the clinic's PDF (a PDF only, judged
//! by content) and may replace it; the station then prints the document with the copy's
//! verification code stamped on every page, and the file verifies. Once a copy is issued the
//! document stays as it was.

use cis_shared::messages::ErrorCode;
use cis_tests::{on_both_databases, pdf_text, problem, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

use crate::orders::{graduate, place, Graduate, TARO};
use crate::printing::{register_station, start_job, verify_file};

/// A PDF as a clinic's software might send it: one page of Helvetica text a page, nothing
/// embedded, PDF 1.4.
pub(crate) fn clinic_pdf(pages: &[&str]) -> Vec<u8> {
    let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    for (i, text) in pages.iter().enumerate() {
        let content = format!("BT /F1 20 Tf 72 700 Td ({text}) Tj ET");
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objects.push(format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()));
    }
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    pdf
}

pub(crate) async fn attach(app: &TestApp, token: &str, number: &str, line: u32, bytes: Vec<u8>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("result.pdf").mime_str("application/pdf").unwrap();
    let form = reqwest::multipart::Form::new().part("file", part);
    let path = format!("/api/v1/staff/orders/{number}/lines/{line}/document");
    app.client.put(app.url(&path)).bearer_auth(token).multipart(form).send().await.unwrap()
}

/// A convenience-store order of a medical examination certificate and a certificate of
/// graduation: `(order number, reservation number)`.
async fn medical_order(app: &TestApp, g: &Graduate) -> (String, String) {
    let order = json!({
        "channel": "convenience_store", "enrollment_id": g.enrollment, "payment_method": "at_store",
        "items": [{"certificate_type_id": g.type_id("medical_examination"), "copies": 1},
                  {"certificate_type_id": g.type_id("graduation"), "copies": 1}]
    });
    let placed = place(app, &g.token, Some("medical-order-0001"), &order).await;
    assert_eq!(placed.status(), 201);
    let placed: Value = placed.json().await.unwrap();
    (
        placed["order_number"].as_str().unwrap().to_owned(),
        placed["reservation_number"].as_str().unwrap().replace(' ', ""),
    )
}

async fn queue(app: &TestApp, token: &str) -> Vec<String> {
    let page: Value = app.staff_get(token, "/api/v1/staff/orders?waiting_for=document").await.json().await.unwrap();
    page["items"].as_array().unwrap().iter().map(|o| o["order_number"].as_str().unwrap().to_owned()).collect()
}

on_both_databases! {
    async fn a_document_staff_prepare_is_attached_then_printed_with_the_copys_code_on_every_page(app) {
        let g = graduate(&app, TARO).await;
        let admin = app.staff_token().await;
        let (_, key) = register_station(&app, &admin, "convenience_store").await;
        let (number, reservation) = medical_order(&app, &g).await;

        // The order waits: in the queue, and the station has nothing to collect for or print.
        assert_eq!(queue(&app, &admin).await, std::slice::from_ref(&number));
        let lookup_path = format!("/api/v1/print-stations/reservations/{reservation}");
        let lookup = app.client.get(app.url(&lookup_path)).bearer_auth(&key).send().await.unwrap();
        assert_eq!(problem(lookup, 409).await.code, ErrorCode::DocumentNotPrepared);
        // 400 yen for the two certificates, and the store's 20 yen a sheet.
        let body = json!({"reservation_number": reservation, "amount_yen": 440});
        let p = problem(start_job(&app, &key, Some("medical-job-0001"), body.clone()).await, 409).await;
        assert_eq!(p.code, ErrorCode::DocumentNotPrepared);
        let copies: Value = app.staff_get(&admin, &format!("/api/v1/staff/orders/{number}/copies")).await.json().await.unwrap();
        assert_eq!(copies, json!([]));
        let detail: Value = app.staff_get(&admin, &format!("/api/v1/staff/orders/{number}")).await.json().await.unwrap();
        assert_eq!(detail["prepared_documents"].as_array().unwrap().len(), 1);
        assert_eq!(detail["prepared_documents"][0]["line"], 1);
        assert_eq!(detail["prepared_documents"][0]["attached_at"], Value::Null);
        assert_eq!(detail["prepared_documents"][0]["replaceable"], true);

        // Only a PDF, only on the line staff prepare, only on a line that exists.
        let p = problem(attach(&app, &admin, &number, 1, b"Fit for work.".to_vec()).await, 422).await;
        assert_eq!(p.code, ErrorCode::PdfInvalid);
        let p = problem(attach(&app, &admin, &number, 1, b"%PDF-1.7\nnot really a PDF".to_vec()).await, 422).await;
        assert_eq!(p.code, ErrorCode::PdfInvalid);
        let p = problem(attach(&app, &admin, &number, 2, clinic_pdf(&["FIT FOR WORK"])).await, 409).await;
        assert_eq!(p.code, ErrorCode::DocumentNotExpected);
        let p = problem(attach(&app, &admin, &number, 3, clinic_pdf(&["FIT FOR WORK"])).await, 404).await;
        assert_eq!(p.code, ErrorCode::NotFound);
        let p = problem(attach(&app, &admin, "0000-0000-0000", 1, clinic_pdf(&["FIT FOR WORK"])).await, 404).await;
        assert_eq!(p.code, ErrorCode::NotFound);

        // Attached, then replaced before anything is printed: the queue is empty.
        let attached = attach(&app, &admin, &number, 1, clinic_pdf(&["DRAFT RESULT"])).await;
        assert_eq!(attached.status(), 200);
        let replaced = attach(&app, &admin, &number, 1, clinic_pdf(&["FIT FOR WORK", "BLOOD PRESSURE NORMAL"])).await;
        assert_eq!(replaced.status(), 200);
        let replaced: Value = replaced.json().await.unwrap();
        assert_eq!((replaced["line"].as_u64(), replaced["pages"].as_u64()), (Some(1), Some(2)));
        assert!(replaced["attached_at"].is_string());
        assert!(queue(&app, &admin).await.is_empty());

        // The station prints: the prepared copy is the clinic's text with the copy's code.
        let lookup: Value = app.client.get(app.url(&lookup_path)).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
        assert_eq!(lookup["amount_due_yen"], 440);
        let started = start_job(&app, &key, Some("medical-job-0002"), body).await;
        assert_eq!(started.status(), 201);
        let job: Value = started.json().await.unwrap();
        let code = job["copies"][0]["verification_code"].as_str().unwrap().to_owned();
        let pdf = app.client.get(app.url(job["copies"][0]["pdf_url"].as_str().unwrap())).bearer_auth(&key)
            .send().await.unwrap().bytes().await.unwrap().to_vec();
        let text = pdf_text(&pdf);
        for expected in ["FIT FOR WORK", "BLOOD PRESSURE NORMAL", code.as_str(), "証明書検証コード"] {
            assert!(text.contains(expected), "{expected:?} not in:\n{text}");
        }
        let unspaced = text.replace(' ', "");
        assert!(unspaced.contains("1/2") && unspaced.contains("2/2"), "page numbers on both pages:\n{text}");
        assert!(!text.contains("DRAFT RESULT"), "the replaced document is not printed:\n{text}");
        assert_eq!(text.matches(code.as_str()).count(), 2, "the code on both pages:\n{text}");
        let by_file = verify_file(&app, pdf).await;
        assert_eq!((by_file["match"].clone(), by_file["certificate_type"].clone()), (json!(true), json!("健康診断証明書")));
        assert_eq!(by_file["holder_name"], "電電 太郎");

        // Issued: the document stays as it was.
        let p = problem(attach(&app, &admin, &number, 1, clinic_pdf(&["CHANGED"])).await, 409).await;
        assert_eq!(p.code, ErrorCode::DocumentAlreadyIssued);
        let detail: Value = app.staff_get(&admin, &format!("/api/v1/staff/orders/{number}")).await.json().await.unwrap();
        assert_eq!(detail["prepared_documents"][0]["replaceable"], false);
        let actions = crate::orders::actions(&app, &admin).await;
        for action in ["order.document_attached", "order.document_replaced"] {
            assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
        }
    }

    async fn a_reviewer_attaches_too_but_not_to_a_cancelled_order(app) {
        let g = graduate(&app, TARO).await;
        let admin = app.staff_token().await;
        let reviewer = app.reviewer_token(&admin, "reviewer@example.ac.jp").await;
        let (number, _) = medical_order(&app, &g).await;
        let cancelled = app.staff_send(Method::POST, &admin, &format!("/api/v1/staff/orders/{number}/cancel"), Some(json!({"reason": "重複"}))).await;
        assert_eq!(cancelled.status(), 200);
        assert!(queue(&app, &reviewer).await.is_empty());
        let p = problem(attach(&app, &reviewer, &number, 1, clinic_pdf(&["FIT FOR WORK"])).await, 409).await;
        assert_eq!(p.code, ErrorCode::OrderStateConflict);
    }
}
