//! The test harness: the real server on a random port with a fresh database (SQLite, or
//! PostgreSQL when `CIS_TEST_DATABASE_URL` is set), a real SMTP server on loopback whose
//! mail the test reads, and an adjustable clock.

pub mod smtp;
pub mod stripe;
pub mod webdriver;

use std::collections::HashMap;
use std::path::PathBuf;

use cis_api::state::AppState;
use cis_api::{Application, Clock, Settings};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

pub use smtp::{ReceivedMail, SmtpSink};
pub use stripe::StripeDouble;

pub const ADMIN_EMAIL: &str = "registrar@the-university.example";
pub const ADMIN_PASSWORD: &str = "Registrar-2026-pass";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A server as a client reaches it: its address, an HTTP client and the SMTP server its
/// mail goes to. The helpers that speak the manual's steps are its methods; a [`TestApp`]
/// (a server in this process) is one, and so is a server the faults suite runs as a
/// separate process.
pub struct Endpoint {
    /// `http://127.0.0.1:port`
    pub address: String,
    pub client: reqwest::Client,
    pub mail: SmtpSink,
}

impl Endpoint {
    /// A call with a bearer token (a graduate's, a staff member's or a station's key) and
    /// an optional JSON body; the answer's JSON, whatever its status.
    pub async fn json(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> serde_json::Value {
        let mut request = self.client.request(method, self.url(path)).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request sent").json().await.unwrap_or(serde_json::Value::Null)
    }

    pub fn new(address: String, mail: SmtpSink) -> Endpoint {
        cis_api::stripe::install_crypto_provider();
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Endpoint { address, client, mail }
    }
}

pub struct TestApp {
    pub endpoint: Endpoint,
    pub clock: Clock,
    pub state: AppState,
    pub backend: Backend,
    pub data_dir: PathBuf,
    _temp: tempfile::TempDir,
}

/// Options of [`spawn_with`].
#[derive(Default)]
pub struct Options {
    pub web_dir: Option<PathBuf>,
    /// Extra `CIS_*` settings.
    pub vars: Vec<(&'static str, String)>,
}

/// A server on SQLite with the SPA when the tests were given one.
pub async fn spawn_app() -> TestApp {
    spawn_with(Backend::Sqlite, Options::default()).await.expect("SQLite is always available")
}

/// A server on the given backend. `None` when PostgreSQL was asked for but the run has
/// none (plain `cargo test`); `cargo xtask test` and CI always provide it.
pub async fn spawn_with(backend: Backend, options: Options) -> Option<TestApp> {
    cis_api::telemetry::init();
    let temp = tempfile::tempdir().expect("temporary directory");
    let data_dir = temp.path().join("data");
    let database_url = match backend {
        Backend::Sqlite => format!("sqlite://{}?mode=rwc", temp.path().join("test.sqlite3").display()),
        Backend::Postgres => fresh_postgres_database().await?,
    };
    let mail = SmtpSink::start().await;
    let mut vars: HashMap<String, String> = HashMap::from([
        ("CIS_BIND".into(), "127.0.0.1:0".into()),
        ("CIS_DATA_DIR".into(), data_dir.display().to_string()),
        ("CIS_DATABASE_URL".into(), database_url),
        ("CIS_SMTP_URL".into(), format!("smtp://127.0.0.1:{}", mail.port())),
        ("CIS_MAIL_FROM".into(), "The University <no-reply@the-university.example>".into()),
        ("CIS_ADMIN_EMAIL".into(), ADMIN_EMAIL.into()),
        ("CIS_ADMIN_PASSWORD".into(), ADMIN_PASSWORD.into()),
        ("CIS_WORKERS".into(), "1".into()),
        ("CIS_MAIL_POLL_MS".into(), "50".into()),
    ]);
    if let Some(dir) = options.web_dir {
        vars.insert("CIS_WEB_DIR".into(), dir.display().to_string());
    }
    for (k, v) in options.vars {
        vars.insert(k.into(), v);
    }
    let settings = Settings::from_vars(&vars).expect("test settings are valid");
    let clock = Clock::adjustable();
    let app = Application::build(settings, clock.clone()).await.expect("the application starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    Some(TestApp { endpoint: Endpoint::new(address, mail), clock, state, backend, data_dir, _temp: temp })
}

impl std::ops::Deref for TestApp {
    type Target = Endpoint;

    fn deref(&self) -> &Endpoint {
        &self.endpoint
    }
}

impl std::ops::DerefMut for TestApp {
    fn deref_mut(&mut self) -> &mut Endpoint {
        &mut self.endpoint
    }
}

/// A new, empty PostgreSQL database named `cis_test_*` (xtask drops them before each run).
pub async fn fresh_postgres_database() -> Option<String> {
    let Ok(base) = std::env::var("CIS_TEST_DATABASE_URL") else {
        assert!(std::env::var_os("CI").is_none(), "CIS_TEST_DATABASE_URL must be set in CI");
        eprintln!("skipped: CIS_TEST_DATABASE_URL is not set (run `cargo xtask test`)");
        return None;
    };
    let name = format!("cis_test_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(&base).await.expect("CIS_TEST_DATABASE_URL answers");
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
    admin.close().await.ok();
    let mut url = url::Url::parse(&base).expect("CIS_TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    Some(url.to_string())
}

impl TestApp {
    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }
}

impl Endpoint {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request sent")
    }

    pub async fn get_in(&self, path: &str, language: &str) -> reqwest::Response {
        self.client.get(self.url(path)).header("Accept-Language", language).send().await.expect("request sent")
    }
}

/// Reads an error answer: checks its status and that it is problem+json, and returns the
/// document with the headers (`x-request-id`, `retry-after`, `www-authenticate`).
pub async fn problem_with_headers(
    response: reqwest::Response,
    status: u16,
) -> (cis_shared::Problem, reqwest::header::HeaderMap) {
    assert_eq!(response.status(), status);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/problem+json", "status {status}");
    (response.json().await.expect("a problem document"), headers)
}

/// Reads an error answer of the given status as a problem document.
pub async fn problem(response: reqwest::Response, status: u16) -> cis_shared::Problem {
    problem_with_headers(response, status).await.0
}

/// The built SPA given to the tests by `cargo xtask test` (`CIS_TEST_WEB_DIR`).
pub fn built_spa() -> Option<PathBuf> {
    let dir = std::env::var_os("CIS_TEST_WEB_DIR").map(PathBuf::from)?;
    dir.join("index.html").is_file().then_some(dir)
}

/// The workspace root, read at run time (see xtask's `root`: a shared target directory may
/// hold binaries built from another checkout).
pub fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir.parent().expect("workspace root").to_owned()
}

/// Defines each flow twice: once on SQLite, once on PostgreSQL.
///
/// ```ignore
/// on_both_databases! {
///     async fn catalogue_lists_five_certificates(app) { ... }
/// }
/// ```
#[macro_export]
macro_rules! on_both_databases {
    ($(async fn $name:ident($app:ident) $body:block)*) => {
        $crate::on_both_databases_with! { ::std::default::Default::default(); $(async fn $name($app) $body)* }
    };
}

/// [`on_both_databases!`] with [`Options`] (settings) given by an expression, evaluated for
/// each server.
///
/// ```ignore
/// on_both_databases_with! { behind_a_proxy();
///     async fn strangers_cannot_lock_staff_out(app) { ... }
/// }
/// ```
#[macro_export]
macro_rules! on_both_databases_with {
    ($options:expr; $(async fn $name:ident($app:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let $app = $crate::spawn_with($crate::Backend::Sqlite, $options).await.unwrap();
                $body
            }

            #[tokio::test]
            async fn postgres() {
                let Some($app) = $crate::spawn_with($crate::Backend::Postgres, $options).await else {
                    return;
                };
                $body
            }
        }
    )*};
}

/// A server whose card payments go to `stripe` (a [`StripeDouble`]).
pub async fn spawn_with_stripe(backend: Backend, stripe: &StripeDouble) -> Option<TestApp> {
    spawn_with(backend, Options { vars: stripe.vars(), ..Options::default() }).await
}

/// Settings of a server behind a proxy: the client address comes from `X-Forwarded-For`,
/// so a test can speak from several addresses.
pub fn behind_a_proxy() -> Options {
    Options { vars: vec![("CIS_TRUST_PROXY", "true".into())], ..Options::default() }
}

/// Registration helpers that speak the manual's steps.
impl Endpoint {
    /// Manual 2.1 steps 3–4: "Mail address setting", Check.
    pub async fn start_registration(&self, email: &str, locale: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/registrations"))
            .json(&serde_json::json!({"email": email, "locale": locale}))
            .send()
            .await
            .expect("request sent")
    }

    /// Registers and returns the token of the link in the `n`-th mail to the address.
    pub async fn registration_token(&self, email: &str) -> String {
        let response = self.start_registration(email, "en").await;
        assert_eq!(response.status(), 202);
        let count = self.mail.to(email).len() + 1;
        let mail = self.mail.wait_for_nth(email, count).await;
        let link = mail.links().into_iter().find(|l| l.contains("/register/")).expect("a registration link");
        link.rsplit('/').next().unwrap().to_owned()
    }

    /// Uploads a file as the SPA's file picker does.
    pub async fn upload_document(&self, token: &str, bytes: Vec<u8>, file_name: &str, mime: &str) -> reqwest::Response {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned()).mime_str(mime).unwrap();
        let form = reqwest::multipart::Form::new().part("file", part);
        self.client
            .post(self.url(&format!("/api/v1/registrations/{token}/documents")))
            .multipart(form)
            .send()
            .await
            .expect("request sent")
    }

    /// Uploads a PNG to `path` (`/api/v1/{registrations|resubmissions}/{token}/documents`,
    /// with `?replaces=` when wanted), from `client` when the server trusts the proxy.
    pub async fn upload_png_to(&self, path: &str, bytes: Vec<u8>, client: Option<&str>) -> reqwest::Response {
        let part = reqwest::multipart::Part::bytes(bytes).file_name("photo.png").mime_str("image/png").unwrap();
        let mut request =
            self.client.post(self.url(path)).multipart(reqwest::multipart::Form::new().part("file", part));
        if let Some(client) = client {
            request = request.header("x-forwarded-for", client);
        }
        request.send().await.expect("request sent")
    }

    /// The id of an uploaded JPEG photo.
    pub async fn upload_photo(&self, token: &str) -> i64 {
        let response = self.upload_document(token, images::jpeg(640, 400), "photo.jpg", "image/jpeg").await;
        assert_eq!(response.status(), 201);
        response.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap()
    }

    pub async fn submit_application(&self, token: &str, form: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/v1/registrations/{token}/application")))
            .json(form)
            .send()
            .await
            .expect("request sent")
    }

    /// The id of the first subject (third selection) of the demo catalogue.
    pub async fn first_subject_id(&self) -> i64 {
        let tree: serde_json::Value = self.get("/api/v1/catalog/affiliations").await.json().await.unwrap();
        tree[0]["children"][0]["children"][0]["id"].as_i64().unwrap()
    }
}

/// The applicant form of the issue, valid for the demo catalogue.
pub fn application_form(affiliation_id: i64, front: i64) -> serde_json::Value {
    serde_json::json!({
        "application_type": "new",
        "agreed_to_terms": true,
        "applicant": {"name": "電電 太郎", "name_kana": "デンデン タロウ", "birth_date": "1990-09-09"},
        "enrollment": {"name": "電電 太郎", "name_kana": "デンデン タロウ", "name_roman": "DENDEN TAROU",
                       "affiliation_id": affiliation_id, "degree_program": "undergraduate", "student_id": "1234567",
                       "matriculation": "2011-04", "graduation": "2015-03", "completion": "graduated"},
        "address": {"postal_code": "100-0001", "prefecture": "Tokyo", "city": "Chiyoda-ku",
                    "street": "1-1 Chiyoda", "apartment": null},
        "phone": "03-1111-2222", "mobile_phone": "090-1111-2222", "contact_email": "taro@example.jp",
        "purpose": {"intended_use": "Employment", "submit_to": "Example Corp."},
        "employer": null,
        "identity_document": {"kind": "drivers_license", "front": front, "back": null},
        "remarks": ""
    })
}

/// Real images made on the spot.
pub mod images {
    use std::io::Cursor;

    use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

    fn picture(width: u32, height: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128])))
    }

    fn encode(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
        encode(picture(width, height), ImageFormat::Jpeg)
    }

    pub fn png(width: u32, height: u32) -> Vec<u8> {
        encode(picture(width, height), ImageFormat::Png)
    }

    /// A well-formed PNG header declaring `width` × `height` with one pixel of data behind
    /// it: a decompression bomb in miniature.
    pub fn png_declaring(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&width.to_be_bytes());
        bytes[20..24].copy_from_slice(&height.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        bytes
    }

    /// The PNG chunk checksum (CRC-32, as ZIP uses it too).
    pub fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    /// A PNG of noise: it does not compress, so its size is about `width * height * 3` bytes.
    pub fn noise_png(width: u32, height: u32) -> Vec<u8> {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let image = RgbImage::from_fn(width, height, |_, _| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let [a, b, c, ..] = seed.to_le_bytes();
            Rgb([a, b, c])
        });
        encode(DynamicImage::ImageRgb8(image), ImageFormat::Png)
    }

    pub fn gif(width: u32, height: u32) -> Vec<u8> {
        encode(DynamicImage::ImageRgba8(picture(width, height).to_rgba8()), ImageFormat::Gif)
    }
}

/// Staff helpers.
impl Endpoint {
    pub async fn staff_login(&self, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/staff/login"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .expect("request sent")
    }

    /// A token of the bootstrap administrator.
    pub async fn staff_token(&self) -> String {
        let response = self.staff_login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(response.status(), 200);
        response.json::<serde_json::Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn staff_get(&self, token: &str, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).bearer_auth(token).send().await.expect("request sent")
    }

    /// Walks registration to the end for `email`, with `name` and `kana` as the applicant's
    /// names; returns the reception number.
    pub async fn submitted_application(&self, email: &str, name: &str, kana: &str) -> String {
        self.submit_with(email, |form| {
            form["applicant"]["name"] = name.into();
            form["applicant"]["name_kana"] = kana.into();
        })
        .await
    }

    /// Walks registration to the end for `email` with the form of [`application_form`]
    /// changed by `change`; returns the reception number.
    pub async fn submit_with(&self, email: &str, change: impl FnOnce(&mut serde_json::Value)) -> String {
        let token = self.registration_token(email).await;
        let front = self.upload_photo(&token).await;
        let mut form = application_form(self.first_subject_id().await, front);
        change(&mut form);
        let response = self.submit_application(&token, &form).await;
        assert_eq!(response.status(), 201);
        response.json::<serde_json::Value>().await.unwrap()["reception_number"].as_str().unwrap().to_owned()
    }
}

/// Deciding applications, and graduates' sessions.
impl Endpoint {
    /// The id of the application with this reception number.
    pub async fn application_id(&self, staff_token: &str, reception: &str) -> i64 {
        let page: serde_json::Value = self
            .staff_get(staff_token, &format!("/api/v1/staff/applications?q={reception}"))
            .await
            .json()
            .await
            .unwrap();
        page["items"][0]["id"].as_i64().unwrap()
    }

    pub async fn decide(&self, staff_token: &str, id: i64, body: serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/v1/staff/applications/{id}/decision")))
            .bearer_auth(staff_token)
            .json(&body)
            .send()
            .await
            .expect("request sent")
    }

    /// Registers `email`, has the administrator approve the application and returns the
    /// initial password from the mail "Result of the application for use".
    pub async fn approved_account(&self, email: &str) -> String {
        let reception = self.submitted_application(email, "電電 太郎", "デンデン タロウ").await;
        let staff = self.staff_token().await;
        let id = self.application_id(&staff, &reception).await;
        let before = self.mail.to(email).len();
        let response = self.decide(&staff, id, serde_json::json!({"decision": "approve"})).await;
        assert_eq!(response.status(), 200);
        let mail = self.mail.wait_for_text(email, before, "Initial password: ").await;
        initial_password(&mail.text())
    }

    pub async fn graduate_login(&self, email: &str, password: &str, second_password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"email": email, "password": password, "second_password": second_password}))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn set_credentials(&self, setup_token: &str, password: &str, second_password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/credentials"))
            .json(&serde_json::json!({"setup_token": setup_token, "password": password, "second_password": second_password}))
            .send()
            .await
            .expect("request sent")
    }

    /// An approved graduate who logged in for the first time and set `PASSWORD` and
    /// `SECOND_PASSWORD`: the session's access token and refresh token.
    pub async fn active_graduate(&self, email: &str) -> GraduateSession {
        let initial = self.approved_account(email).await;
        let first: serde_json::Value = self.graduate_login(email, &initial, "").await.json().await.unwrap();
        let setup = first["setup_token"].as_str().expect("a setup token");
        let response = self.set_credentials(setup, PASSWORD, SECOND_PASSWORD).await;
        assert_eq!(response.status(), 200);
        GraduateSession::from_response(response).await
    }

    /// `POST /api/v1/auth/refresh` with this refresh token in the cookie, as the SPA sends it.
    pub async fn refresh(&self, refresh_token: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/refresh"))
            .header("cookie", format!("cis_refresh={refresh_token}"))
            .json(&serde_json::json!({}))
            .send()
            .await
            .expect("request sent")
    }
}

/// The password and second password `active_graduate` sets.
pub const PASSWORD: &str = "Kobe2024pass";
pub const SECOND_PASSWORD: &str = "Second2024pw";

/// The initial password in the text of an approval mail.
pub fn initial_password(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("Initial password: ").or_else(|| l.strip_prefix("初期パスワード：")))
        .expect("the mail has an initial password")
        .trim()
        .to_owned()
}

/// A graduate's tokens, as a browser holds them.
#[derive(Debug, Clone)]
pub struct GraduateSession {
    pub access_token: String,
    pub refresh_token: String,
}

impl GraduateSession {
    /// Reads the access token from the body and the refresh token from `Set-Cookie`.
    pub async fn from_response(response: reqwest::Response) -> GraduateSession {
        let refresh_token = refresh_cookie(&response).expect("a refresh cookie");
        let body: serde_json::Value = response.json().await.unwrap();
        GraduateSession {
            access_token: body["access_token"].as_str().expect("an access token").to_owned(),
            refresh_token,
        }
    }
}

/// The value of the `cis_refresh` cookie set by a response, if any.
pub fn refresh_cookie(response: &reqwest::Response) -> Option<String> {
    response.headers().get_all("set-cookie").iter().find_map(|v| {
        let text = v.to_str().ok()?;
        let value = text.strip_prefix("cis_refresh=")?.split(';').next()?;
        (!value.is_empty()).then(|| value.to_owned())
    })
}

/// Staff management helpers.
impl Endpoint {
    pub async fn staff_send(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> reqwest::Response {
        let mut request = self.client.request(method, self.url(path)).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request sent")
    }

    /// Has the administrator create a reviewer and returns the reviewer's id and the
    /// password from the mail.
    pub async fn create_reviewer(&self, admin_token: &str, email: &str) -> (i64, String) {
        let body = serde_json::json!({"email": email, "display_name": "Hanako Sato", "role": "reviewer"});
        let response = self.staff_send(reqwest::Method::POST, admin_token, "/api/v1/staff/users", Some(body)).await;
        assert_eq!(response.status(), 201);
        let id = response.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
        let mail = self.mail.wait_for_text(email, 0, "Password: ").await;
        (id, staff_password(&mail.text()))
    }

    /// A token of a new reviewer.
    pub async fn reviewer_token(&self, admin_token: &str, email: &str) -> String {
        let (_, password) = self.create_reviewer(admin_token, email).await;
        let response = self.staff_login(email, &password).await;
        assert_eq!(response.status(), 200);
        response.json::<serde_json::Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
    }
}

/// The password in the last staff password mail's text.
pub fn staff_password(text: &str) -> String {
    text.lines().find_map(|l| l.strip_prefix("Password: ")).expect("the mail has a password").trim().to_owned()
}

/// The text of a PDF, as poppler's `pdftotext` extracts it (Debian's `poppler-utils`, which
/// `cargo xtask test` installs).
pub fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("pdftotext (Debian's poppler-utils) runs");
    child.stdin.take().expect("stdin").write_all(pdf).expect("pdftotext reads the PDF");
    let output = child.wait_with_output().expect("pdftotext finishes");
    assert!(output.status.success(), "pdftotext failed on the PDF");
    String::from_utf8(output.stdout).expect("UTF-8 text")
}
