//! How fast certificates are made and checked (issue 11; `cargo xtask bench`, or
//! `cargo run --release -p cis-tests --example bench_documents`).
//!
//! 1. Rendering, on one core: each kind of certificate (the enrollment's, and an academic
//!    record of 40 courses) in each language, rendered back to back for the measured
//!    seconds; copies per second, and each as a multiple of the baseline measured in the
//!    same run, a one-line PDF set in the same fonts (what any PDF of ours costs: the fonts
//!    parsed, subset and embedded).
//! 2. Verification through the real server over HTTP, with 10,000 issued copies in the
//!    database: `GET /api/v1/verifications/{code}` for random known codes, lookups per second
//!    and p50 / p99, against `GET /readyz` (one query of the database) as the baseline.
//!
//! Settings (environment): `BENCH_SECONDS` (5), `BENCH_WARMUP_SECONDS` (1), `BENCH_CLIENTS`
//! (4), `BENCH_COPIES` (10000), `CIS_BENCH_OUT` (the JSON file, default
//! `<target dir>/bench/documents.json`). SQLite, and PostgreSQL too when
//! `CIS_TEST_DATABASE_URL` is set.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cis_api::db::{enrollment, issued_copy};
use cis_api::domain::certificate_text::{certificate, CopyFacts};
use cis_api::pdf::{render, Certificate, Fonts};
use cis_shared::application::Completion;
use cis_shared::catalog::{CertificateLanguage, LocalizedName};
use cis_shared::documents::{CertificateSource, CopyStatus, CODE_ALPHABET};
use cis_tests::{Backend, Options};
use sea_orm::{ActiveValue, EntityTrait};
use serde_json::{json, Value};
use support::{load_average, run, setting, Request, Window};

fn main() {
    support::prepare();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    support::run_to_exit(cores, bench());
}

async fn bench() -> i32 {
    let window =
        Window { warmup: setting("BENCH_WARMUP_SECONDS", 1) as u64, seconds: setting("BENCH_SECONDS", 5) as u64 };
    let load_before = load_average();
    let fonts = Arc::new(
        Fonts::load(std::path::Path::new(&std::env::var("CIS_FONT_DIR").unwrap_or_else(|_| "/usr/share/fonts".into())))
            .expect("IPAex fonts (cargo xtask bench installs them)"),
    );
    let rendering = tokio::task::spawn_blocking({
        let fonts = fonts.clone();
        move || rendering(&fonts, window)
    })
    .await
    .expect("rendering");
    let mut backends = vec![Backend::Sqlite];
    if std::env::var_os("CIS_TEST_DATABASE_URL").is_some() {
        backends.push(Backend::Postgres);
    }
    let mut lookups = Vec::new();
    for backend in backends {
        lookups.push(verification(backend, window).await);
    }
    let failed = lookups.iter().any(|r| r["errors"].as_u64().unwrap_or(0) > 0);
    let report = json!({
        "machine": {"load_average_before": load_before, "load_average_after": load_average()},
        "rendering_one_core": rendering,
        "verification": lookups,
    });
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
    support::write_report("documents.json", &report);
    i32::from(failed)
}

/// Renders `make()` back to back on this thread: copies per second and the mean time.
fn rate(window: Window, make: impl Fn() -> usize) -> (f64, f64, usize) {
    let warm = Instant::now() + Duration::from_secs(window.warmup);
    while Instant::now() < warm {
        make();
    }
    let (start, mut count, mut bytes) = (Instant::now(), 0usize, 0usize);
    while start.elapsed() < Duration::from_secs(window.seconds) {
        bytes = make();
        count += 1;
    }
    let seconds = start.elapsed().as_secs_f64();
    (count as f64 / seconds, seconds * 1000.0 / count as f64, bytes)
}

fn rendering(fonts: &Fonts, window: Window) -> Value {
    let baseline_doc = Certificate {
        rows: Vec::new(),
        courses: None,
        statement: Vec::new(),
        ..sample(CertificateLanguage::Ja, CertificateSource::Enrollment)
    };
    let baseline_doc = Certificate { title: "x".into(), ..baseline_doc };
    let (base_rate, base_ms, _) = rate(window, || render(fonts, &baseline_doc).expect("render").bytes.len());
    let mut kinds = Vec::new();
    for (label, source) in [
        ("enrollment", CertificateSource::Enrollment),
        ("academic record, 40 courses", CertificateSource::AcademicRecord),
    ] {
        for language in [CertificateLanguage::Ja, CertificateLanguage::En] {
            let doc = sample(language, source);
            let (per_s, ms, bytes) = rate(window, || render(fonts, &doc).expect("render").bytes.len());
            eprintln!("bench: {label} ({}): {per_s:.0} copies/s, {ms:.2} ms, {bytes} bytes", language.as_str());
            kinds.push(json!({
                "certificate": label, "language": language.as_str(), "copies_per_s": per_s, "ms_per_copy": ms,
                "bytes": bytes, "times_baseline": ms / base_ms,
            }));
        }
    }
    json!({"baseline_one_line_pdf": {"copies_per_s": base_rate, "ms_per_copy": base_ms}, "certificates": kinds})
}

/// A certificate as the service makes one, from records held here.
fn sample(language: CertificateLanguage, source: CertificateSource) -> Certificate {
    let enrollment = enrollment::Model {
        id: 1,
        university_id: 1,
        account_id: 1,
        name: "電電 太郎".into(),
        name_kana: "デンデン タロウ".into(),
        name_roman: "DENDEN TAROU".into(),
        affiliation_id: 1,
        degree_program: "undergraduate".into(),
        student_id: "1234567".into(),
        matriculation: "2018-04".into(),
        graduation: "2022-03".into(),
        completion: Completion::Graduated,
        created_at: chrono::Utc::now(),
    };
    let courses: Vec<cis_api::db::academic_record::Model> = (0..40)
        .map(|i| cis_api::db::academic_record::Model {
            id: i,
            university_id: 1,
            student_id: "1234567".into(),
            position: i as i32,
            term: format!("{} 前期", 2018 + i / 10),
            course_code: format!("LIT-{i:03}"),
            title_ja: format!("日本文学特殊講義 {i}"),
            title_en: format!("Special Lecture on Japanese Literature {i}"),
            credits_tenths: 20,
            grade: "A".into(),
            imported_at: chrono::Utc::now(),
        })
        .collect();
    let name = |ja: &str, en: &str| LocalizedName { ja: ja.into(), en: en.into() };
    let title = match source {
        CertificateSource::AcademicRecord => name("成績証明書", "Certificate of Academic Record"),
        _ => name("卒業証明書", "Certificate of Graduation"),
    };
    let affiliation = [
        name("文学部", "Faculty of Letters"),
        name("人文学科", "Department of Humanities"),
        name("日本文学専修", "Japanese Literature"),
    ];
    let program = name("学部", "Undergraduate Program");
    let university = name("デモ大学", "Demo University");
    certificate(&CopyFacts {
        language,
        source,
        title: &title,
        enrollment: &enrollment,
        birth_date: "2000-04-01",
        affiliation: &affiliation,
        program: Some(&program),
        undergraduate: true,
        courses: &courses,
        university: &university,
        seal_png: None,
        serial: "2611-5307-1142-1-1".into(),
        issued_on: NaiveDate::from_ymd_opt(2026, 11, 26).expect("a date"),
        code: "7KQ29XGAM3TDH0VE",
        public_url: "https://cis.example.ac.jp",
    })
}

/// An order placed through the API by a graduate approved through it: the copies' order.
async fn one_order(app: &cis_tests::TestApp) -> i64 {
    let token = app.active_graduate("bench@example.jp").await.access_token;
    let me: Value =
        app.client.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let enrollment = me["enrollments"][0]["id"].as_i64().expect("an enrollment");
    let types: Value = app.get("/api/v1/catalog/certificate-types").await.json().await.unwrap();
    let graduation =
        types.as_array().unwrap().iter().find(|t| t["code"] == "academic_record").expect("the type")["id"].clone();
    let body = json!({"channel": "convenience_store", "enrollment_id": enrollment, "payment_method": "at_store",
        "items": [{"certificate_type_id": graduation, "copies": 1}]});
    let placed = app
        .client
        .post(app.url("/api/v1/orders"))
        .bearer_auth(&token)
        .header("Idempotency-Key", "bench-order-0001")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(placed.status(), 201, "the bench's order");
    cis_api::db::order::Entity::find().one(app.db()).await.unwrap().expect("the order").id
}

/// The `i`th code: 16 letters of the code alphabet from SHA-256 of `i` (spread as random codes are).
fn code_of(i: usize) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(i.to_le_bytes()).iter().take(16).map(|b| CODE_ALPHABET[usize::from(b & 31)] as char).collect()
}

/// Lookups of known codes through the server, against `/readyz`.
async fn verification(backend: Backend, window: Window) -> Value {
    let name = format!("{backend:?}").to_lowercase();
    let vars = vec![("CIS_TRUST_PROXY", "true".to_owned())];
    let Some(app) = cis_tests::spawn_with(backend, Options { vars, ..Default::default() }).await else {
        return json!({"backend": name, "skipped": true});
    };
    let copies = setting("BENCH_COPIES", 10_000);
    let university = app.state.university.id;
    let order_id = one_order(&app).await;
    let now = chrono::Utc::now();
    let mut codes = Vec::with_capacity(copies);
    for chunk in (0..copies).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<issued_copy::ActiveModel> = chunk
            .iter()
            .map(|&i| {
                let code = code_of(i);
                let row = issued_copy::ActiveModel {
                    university_id: ActiveValue::Set(university),
                    order_id: ActiveValue::Set(order_id),
                    order_item_id: ActiveValue::Set(i as i64),
                    copy_number: ActiveValue::Set(1),
                    certificate_type_id: ActiveValue::Set(1),
                    title: ActiveValue::Set("卒業証明書".into()),
                    language: ActiveValue::Set("ja".into()),
                    holder_name: ActiveValue::Set(format!("電電 太郎 {i}")),
                    university_name: ActiveValue::Set("デモ大学".into()),
                    issued_on: ActiveValue::Set("2026-11-26".into()),
                    code_hash: ActiveValue::Set(cis_api::crypto::sha256_hex(&code)),
                    code_sealed: ActiveValue::Set(String::new()),
                    pdf_file: ActiveValue::Set(String::new()),
                    pdf_sha256: ActiveValue::Set(format!("{i:064x}")),
                    pages: ActiveValue::Set(1),
                    issued_at: ActiveValue::Set(now),
                    status: ActiveValue::Set(CopyStatus::Valid),
                    ..Default::default()
                };
                codes.push(code);
                row
            })
            .collect();
        issued_copy::Entity::insert_many(rows).exec(app.db()).await.expect("seed copies");
    }
    let client = reqwest::Client::new();
    let base = app.address.clone();
    let get = |path_of: Arc<dyn Fn(u64) -> String + Send + Sync>| {
        let (client, base) = (client.clone(), base.clone());
        move |n: u64| -> Request {
            let (client, url) = (client.clone(), format!("{base}{}", path_of(n)));
            Box::pin(async move {
                let response = client
                    .get(url)
                    .header("X-Forwarded-For", format!("10.{}.{}.{}", n >> 16 & 255, n >> 8 & 255, n & 255))
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if response.status().is_success() {
                    Ok(())
                } else {
                    Err(format!("{}", response.status()))
                }
            })
        }
    };
    let clients = setting("BENCH_CLIENTS", 4);
    let baseline = run(window, clients, get(Arc::new(|_| "/readyz".to_owned()))).await;
    let codes = Arc::new(codes);
    let lookups = {
        let codes = codes.clone();
        run(
            window,
            clients,
            get(Arc::new(move |n| format!("/api/v1/verifications/{}", codes[n as usize % codes.len()]))),
        )
        .await
    };
    eprintln!(
        "bench[{name}]: {:.0} lookups/s (p99 {:.1} ms) vs /readyz {:.0}/s (p99 {:.1} ms)",
        lookups.per_second(),
        lookups.percentile_ms(99.0),
        baseline.per_second(),
        baseline.percentile_ms(99.0)
    );
    json!({
        "backend": name, "copies": copies, "baseline_readyz": baseline.json(), "lookups": lookups.json(),
        "lookups_share_of_baseline": lookups.per_second() / baseline.per_second(),
        "p99_times_baseline": lookups.percentile_ms(99.0) / baseline.percentile_ms(99.0),
        "errors": lookups.errors + baseline.errors,
    })
}
