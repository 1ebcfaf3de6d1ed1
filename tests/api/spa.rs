//! The binary serves the SPA: its files, and index.html for every client route.

use cis_tests::{spawn_with, Backend, Options};

const INDEX: &str = "<!doctype html><html><head><script type=\"module\">import init from '/app.js'; init();</script>\
<link rel=\"stylesheet\" href=\"/app.css\"></head><body></body></html>";

/// The staff area's application, below `/staff`.
const STAFF_INDEX: &str =
    "<!doctype html><html><head><script type=\"module\">import init from '/staff/staff.js'; init();</script>\
</head><body></body></html>";
/// The application for an account, under `/register`, `/resubmit` and `/student-id`.
const APPLY_INDEX: &str =
    "<!doctype html><html><head><script type=\"module\">import init from '/apply/a.js'; init();</script>\
</head><body></body></html>";
/// The public verification of a certificate, at `/verify`.
const VERIFY_INDEX: &str =
    "<!doctype html><html><head><script type=\"module\">import init from '/verify/v.js'; init();</script>\
</head><body></body></html>";
const STAFF_JS: &str = "export default function init() { return 'staff'; }";

async fn app_with_spa() -> cis_tests::TestApp {
    let dir = tempfile::tempdir().unwrap().keep();
    std::fs::write(dir.join("index.html"), INDEX).unwrap();
    std::fs::write(dir.join("app.css"), "body { margin: 0 }").unwrap();
    std::fs::create_dir(dir.join("staff")).unwrap();
    std::fs::write(dir.join("staff/index.html"), STAFF_INDEX).unwrap();
    std::fs::write(dir.join("staff/staff.js"), STAFF_JS).unwrap();
    std::fs::create_dir(dir.join("apply")).unwrap();
    std::fs::write(dir.join("apply/index.html"), APPLY_INDEX).unwrap();
    std::fs::create_dir(dir.join("verify")).unwrap();
    std::fs::write(dir.join("verify/index.html"), VERIFY_INDEX).unwrap();
    // As `cargo xtask` leaves it: the compressed forms beside the file.
    let mut brotli = Vec::new();
    brotli::BrotliCompress(&mut STAFF_JS.as_bytes(), &mut brotli, &Default::default()).unwrap();
    std::fs::write(dir.join("staff/staff.js.br"), brotli).unwrap();
    spawn_with(Backend::Sqlite, Options { web_dir: Some(dir), ..Default::default() }).await.unwrap()
}

#[tokio::test]
async fn client_routes_are_answered_by_the_index_page() {
    let app = app_with_spa().await;
    for path in ["/", "/home", "/login", "/staffing", "/registered", "/index.html"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        assert_eq!(response.headers()["cache-control"], "no-cache");
        assert_eq!(response.text().await.unwrap(), INDEX);
    }
    let head = app.client.head(app.url("/")).send().await.unwrap();
    assert_eq!(head.status(), 200);
    assert!(head.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let css = app.get("/app.css").await;
    assert_eq!(css.status(), 200);
    assert!(css.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
    assert_eq!(css.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(css.text().await.unwrap(), "body { margin: 0 }");
    // API paths stay the API's.
    assert_eq!(app.get("/api/v1/nothing").await.status(), 404);
}

#[tokio::test]
async fn the_staff_area_is_its_own_application() {
    let app = app_with_spa().await;
    for path in ["/staff", "/staff/", "/staff/login", "/staff/applications/7"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache");
        let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert_eq!(response.text().await.unwrap(), STAFF_INDEX, "{path}");
        // The policy names the staff page's loader, not the graduates'.
        use base64::Engine;
        let staff = base64::engine::general_purpose::STANDARD
            .encode(sha2_digest::sha256(b"import init from '/staff/staff.js'; init();"));
        let graduate = base64::engine::general_purpose::STANDARD
            .encode(sha2_digest::sha256(b"import init from '/app.js'; init();"));
        assert!(csp.contains(&staff) && !csp.contains(&graduate), "{csp}");
    }
    let script = app.get("/staff/staff.js").await;
    assert!(script.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
    assert_eq!(script.text().await.unwrap(), STAFF_JS);
}

#[tokio::test]
async fn brotli_goes_to_clients_that_take_it_and_gzip_to_the_others() {
    let app = app_with_spa().await;
    let get = |coding: &'static str| {
        let request = app.client.get(app.url("/staff/staff.js"));
        async move { request.header("accept-encoding", coding).send().await.unwrap() }
    };
    let response = get("gzip, deflate, br").await;
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(response.headers()["vary"], "Accept-Encoding");
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut brotli::Decompressor::new(&response.bytes().await.unwrap()[..], 4096),
        &mut text,
    )
    .unwrap();
    assert_eq!(text, STAFF_JS);
    // `q=0` refuses a coding; without a precompressed file, gzip made at start-up.
    assert_eq!(get("br;q=0, gzip").await.headers()["content-encoding"], "gzip");
    assert!(get("identity").await.headers().get("content-encoding").is_none());
    // The compressed copies are not files of their own.
    assert_eq!(app.get("/staff/staff.js.br").await.text().await.unwrap(), STAFF_INDEX);
}

#[tokio::test]
async fn the_application_for_an_account_is_its_own_application() {
    let app = app_with_spa().await;
    for path in ["/register", "/register/abc123", "/resubmit/def456", "/student-id/ghi789"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.text().await.unwrap(), APPLY_INDEX, "{path}");
    }
    // The ⚙ menu's screen that asks for the student ID link is the graduates'.
    assert_eq!(app.get("/add-student-id").await.text().await.unwrap(), INDEX);
}

#[tokio::test]
async fn the_verification_page_is_its_own_application() {
    let app = app_with_spa().await;
    // The QR code's address carries the code in its fragment, which never reaches the server.
    // So does a digital delivery's link (`/receive#<token>`).
    for path in ["/verify", "/verify/", "/receive"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.text().await.unwrap(), VERIFY_INDEX, "{path}");
    }
    assert_eq!(app.get("/verifying").await.text().await.unwrap(), INDEX);
}

#[tokio::test]
async fn the_page_may_run_its_own_loader_and_nothing_else() {
    let app = app_with_spa().await;
    let response = app.get("/login").await;
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    use base64::Engine;
    use sha2_digest::sha256;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha256(b"import init from '/app.js'; init();"));
    assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
}

#[tokio::test]
async fn bundle_files_go_out_compressed_once_at_the_highest_level() {
    let app = app_with_spa().await;
    let response =
        app.client.get(app.url("/app.css")).header("accept-encoding", "br, gzip;q=0.8").send().await.unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
    assert_eq!(response.headers()["vary"], "Accept-Encoding");
    let compressed = response.bytes().await.unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&compressed[..]), &mut text).unwrap();
    assert_eq!(text, "body { margin: 0 }");
}

#[tokio::test]
async fn gzip_is_offered_to_clients_that_accept_it() {
    let app = app_with_spa().await;
    let response =
        app.client.get(app.url("/api/v1/catalog/affiliations")).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
}

mod sha2_digest {
    pub fn sha256(bytes: &[u8]) -> Vec<u8> {
        use sha2::Digest;
        sha2::Sha256::digest(bytes).to_vec()
    }
}
