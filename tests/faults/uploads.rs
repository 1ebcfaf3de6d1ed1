//! Hostile uploads: the corpus of `tests/fixtures/hostile/` sent as identity documents.
//! Each is refused with its problem code or cleaned (re-encoded, nothing of the original
//! kept), memory stays bounded, nothing refused is left on disk, a body over 10 MiB is
//! refused before the server has read it all, a hostile file name names nothing, and
//! another registration's document is not there.

use std::path::Path;
use std::time::Duration;

use cis_shared::messages::ErrorCode;
use cis_tests::{images, on_both_databases, problem, TestApp};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::figure;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Resident memory of this process (the server runs in it), from `/proc/self/statm`.
fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    statm.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()).unwrap_or(0) * 4096
}

fn stored_files(app: &TestApp) -> Vec<String> {
    std::fs::read_dir(app.data_dir.join("uploads"))
        .map(|dir| dir.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

/// Every file anywhere under the data directory's parent (the test's temporary directory).
fn all_files(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                found.push(entry.path().display().to_string());
            }
        }
    }
    found
}

/// A multipart body of one part `file` with the file name exactly as given (bytes).
fn multipart(boundary: &str, file_name: &[u8], content_type: &str, content: &[u8]) -> Vec<u8> {
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"").into_bytes();
    body.extend_from_slice(file_name);
    body.extend_from_slice(format!("\"\r\nContent-Type: {content_type}\r\n\r\n").as_bytes());
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

/// Sends a body of `total` bytes in chunks (`Transfer-Encoding: chunked`, no length to
/// judge by) and returns the status the server answered and how many bytes had been
/// written when it did.
async fn stream_upload(app: &TestApp, path: &str, total: usize) -> (u16, usize) {
    let address = app.address.trim_start_matches("http://").to_owned();
    let stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let boundary = "hostileboundary";
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n\
         Transfer-Encoding: chunked\r\n\r\n"
    );
    write.write_all(head.as_bytes()).await.unwrap();
    let answered = tokio::spawn(async move {
        let mut buffer = vec![0u8; 4096];
        let n = read.read(&mut buffer).await.unwrap_or(0);
        String::from_utf8_lossy(&buffer[..n]).into_owned()
    });
    let mut opening = multipart(boundary, b"big.png", "image/png", &[]);
    opening.truncate(opening.len() - format!("\r\n--{boundary}--\r\n").len());
    let mut written = 0;
    let chunk = images::png(4, 4).into_iter().chain(std::iter::repeat(0u8)).take(256 * 1024).collect::<Vec<u8>>();
    let mut first = true;
    while written < total && !answered.is_finished() {
        let piece = if first { [opening.clone(), chunk.clone()].concat() } else { chunk.clone() };
        first = false;
        let framed = [format!("{:x}\r\n", piece.len()).into_bytes(), piece.clone(), b"\r\n".to_vec()].concat();
        if write.write_all(&framed).await.is_err() {
            break;
        }
        written += piece.len();
        tokio::task::yield_now().await;
    }
    let answer = tokio::time::timeout(Duration::from_secs(10), answered).await.expect("an answer").unwrap();
    let status = answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, written)
}

async fn upload(app: &TestApp, token: &str, name: &str, mime: &str) -> reqwest::Response {
    app.upload_document(token, fixture(name), name, mime).await
}

on_both_databases! {
    async fn hostile_uploads_are_refused_or_cleaned_and_leave_nothing_behind(app) {
        let token = app.registration_token("hostile@example.jp").await;
        let documents = format!("/api/v1/registrations/{token}/documents");
        let before = resident_bytes();
        let mut refused = 0;

        for (name, mime, status, code) in [
            ("text-named.png", "image/png", 415, ErrorCode::UnsupportedMediaType),
            ("truncated.png", "image/png", 422, ErrorCode::ImageInvalid),
            ("header-50000x50000.png", "image/png", 422, ErrorCode::ImageTooManyPixels),
            ("bomb-10000x10000.png", "image/png", 422, ErrorCode::ImageTooManyPixels),
            ("drawing.svg", "image/svg+xml", 415, ErrorCode::UnsupportedMediaType),
            ("archive.jpg", "image/jpeg", 415, ErrorCode::UnsupportedMediaType),
        ] {
            let answer = problem(upload(&app, &token, name, mime).await, status).await;
            assert_eq!(answer.code, code, "{name}");
            refused += 1;
        }
        assert!(stored_files(&app).is_empty(), "nothing refused is kept: {:?}", stored_files(&app));

        // The polyglot is a GIF: stored as a PNG of its pixels, the script gone.
        let polyglot = upload(&app, &token, "polyglot.gif", "image/gif").await;
        assert_eq!(polyglot.status(), 201);
        let id = polyglot.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let stored = app.get(&format!("{documents}/{id}")).await;
        assert_eq!(stored.headers()["content-type"], "image/png");
        let stored = stored.bytes().await.unwrap();
        assert!(stored.starts_with(b"\x89PNG"));
        assert!(!stored.windows(6).any(|w| w == b"alert("), "the script is not kept");

        // The photo keeps its pixels, not where it was taken.
        let gps = upload(&app, &token, "gps.jpg", "image/jpeg").await;
        assert_eq!(gps.status(), 201);
        let id = gps.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let stored = app.get(&format!("{documents}/{id}")).await.bytes().await.unwrap();
        assert!(stored.starts_with(&[0xFF, 0xD8]));
        assert!(!stored.windows(4).any(|w| w == b"Exif"), "no EXIF segment is kept");
        assert!(!stored.windows(17).any(|w| w == b"GPS-SECRET-MARKER"));
        assert_eq!(image::load_from_memory(&stored).unwrap().width(), 64);

        // A file name of `../` and a NUL names nothing on disk: with the NUL the part's
        // header cannot be read (400); without it the name is ignored.
        let send = |name: &'static [u8]| {
            let body = multipart("b0undary", name, "image/png", &images::png(32, 32));
            app.client.post(app.url(&documents))
                .header("content-type", "multipart/form-data; boundary=b0undary")
                .body(body)
                .send()
        };
        let nul = send(b"../../../../etc/cron.d/x\0.png").await.unwrap();
        assert_eq!(problem(nul, 400).await.code, ErrorCode::BadRequest);
        refused += 1;
        assert_eq!(send(b"../../../../etc/cron.d/x.png").await.unwrap().status(), 201);
        let files = stored_files(&app);
        assert_eq!(files.len(), 3, "{files:?}");
        assert!(files.iter().all(|f| !f.contains("..") && !f.contains("cron") && !f.contains('\0')), "{files:?}");
        let root = app.data_dir.parent().unwrap();
        assert!(all_files(root).iter().all(|f| !f.contains("cron")), "{:?}", all_files(root));

        // Over 10 MiB, sent without a length: refused before it is all read.
        let total = 48 * 1024 * 1024;
        let (status, written) = stream_upload(&app, &documents, total).await;
        assert_eq!(status, 413);
        assert!(written < 24 * 1024 * 1024, "answered after {written} of {total} bytes");
        refused += 1;
        assert_eq!(stored_files(&app).len(), 3, "nothing of the refused body is kept");

        // Another registration's document is not there.
        let other = app.registration_token("other@example.jp").await;
        let response = app.get(&format!("/api/v1/registrations/{other}/documents/{id}")).await;
        assert_eq!(problem(response, 404).await.code, ErrorCode::NotFound);

        let grown = resident_bytes().saturating_sub(before);
        figure!(
            "hostile uploads ({:?}): {refused} refused, 3 cleaned and stored; the oversized body answered 413 after \
             {:.1} of {} MiB; resident memory grew {:.1} MiB",
            app.backend, written as f64 / 1048576.0, total / 1048576, grown as f64 / 1048576.0
        );
        assert!(grown < 256 * 1024 * 1024, "memory bounded: grew {grown} bytes");
    }
}
