//! The built SPA: its files, and `index.html` for every client route (`/register/abc`),
//! under a Content-Security-Policy that allows exactly its own scripts.

use std::path::Path;

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::http::header::{self, CacheControl, CacheDirective, ContentType};
use actix_web::{guard, web, HttpRequest, HttpResponse};
use base64::Engine;
use sha2::{Digest, Sha256};

/// Content-Security-Policy values per kind of answer.
#[derive(Debug, Clone)]
pub struct SecurityPolicy {
    /// For the SPA: its own scripts, with the hashes of index.html's inline loader.
    pub spa: String,
}

impl SecurityPolicy {
    /// JSON answers are never rendered as pages.
    pub const API: &'static str = "default-src 'none'; frame-ancestors 'none'";
    /// The interactive docs: vendored Swagger UI, no third-party origin.
    pub const DOCS: &'static str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
        script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    pub fn for_index(index_html: &str) -> SecurityPolicy {
        let hashes: String = inline_scripts(index_html)
            .map(|script| {
                let digest = Sha256::digest(script.as_bytes());
                format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
            })
            .collect();
        SecurityPolicy {
            spa: format!(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
                 img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
                 frame-ancestors 'none'; form-action 'self'"
            ),
        }
    }
}

/// The bodies of `<script>` elements without `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (tag, after) = rest.split_once('>')?;
        if tag.contains("src=") {
            return None;
        }
        after.split_once("</script>").map(|(body, _)| body)
    })
}

/// One file of the bundle, held in memory with its gzip form (compressed once, at the
/// highest level, when the server starts: the bundle is small and never changes while
/// the server runs).
#[derive(Debug)]
struct Asset {
    content_type: String,
    bytes: Vec<u8>,
    gzip: Option<Vec<u8>>,
}

/// The built SPA.
#[derive(Debug, Clone)]
pub struct Spa {
    pub index_html: String,
    assets: Arc<HashMap<String, Asset>>,
}

impl Spa {
    /// Reads the bundle: `index.html` and every other file below the directory.
    pub fn load(dir: &Path) -> std::io::Result<Spa> {
        let index_html = std::fs::read_to_string(dir.join("index.html"))?;
        let mut assets = HashMap::new();
        let mut pending = vec![dir.to_owned()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder)? {
                let path = entry?.path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                let relative = path.strip_prefix(dir).expect("below the bundle").to_string_lossy().replace('\\', "/");
                if relative == "index.html" {
                    continue;
                }
                let bytes = std::fs::read(&path)?;
                let content_type = content_type_of(&relative);
                let gzip = compressible(content_type).then(|| gzip(&bytes)).transpose()?;
                assets.insert(format!("/{relative}"), Asset { content_type: content_type.to_owned(), bytes, gzip });
            }
        }
        Ok(Spa { index_html, assets: Arc::new(assets) })
    }

    pub fn policy(&self) -> SecurityPolicy {
        SecurityPolicy::for_index(&self.index_html)
    }
}

fn content_type_of(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "wasm" => "application/wasm",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || matches!(content_type, "application/wasm" | "application/json" | "image/svg+xml")
}

fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}

fn index_response(html: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::html())
        .insert_header(CacheControl(vec![CacheDirective::NoCache]))
        .body(html.to_owned())
}

/// A file of the bundle: Trunk names them by content hash, so they never change and may be
/// kept for a year; gzip when the client takes it.
fn asset_response(req: &HttpRequest, asset: &Asset) -> HttpResponse {
    let accepts_gzip = req
        .headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(',').any(|e| e.trim().split(';').next() == Some("gzip")));
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, asset.content_type.clone()))
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::VARY, "Accept-Encoding"));
    match (&asset.gzip, accepts_gzip) {
        (Some(gzip), true) => response.insert_header((header::CONTENT_ENCODING, "gzip")).body(gzip.clone()),
        _ => response.body(asset.bytes.clone()),
    }
}

/// Client routes that carry a one-time token or belong to staff: never indexed, and asked
/// not to be crawled by `/robots.txt`.
pub const PRIVATE_PATHS: [&str; 5] = ["/register/", "/resubmit/", "/password-reset/", "/mail-change/", "/staff"];

/// Whether an answer to this path carries `X-Robots-Tag: noindex`: every API answer and the
/// private client routes.
pub fn not_for_search_engines(path: &str) -> bool {
    path.starts_with("/api/") || PRIVATE_PATHS.iter().any(|prefix| path.starts_with(prefix))
}

/// `/robots.txt`: crawlers may read the public pages (the login screen), nothing else.
pub async fn robots() -> HttpResponse {
    let mut text = String::from("# Certificate Issuance Service\nUser-agent: *\nDisallow: /api/\n");
    for path in PRIVATE_PATHS {
        text.push_str(&format!("Disallow: {path}\n"));
    }
    HttpResponse::Ok()
        .content_type(ContentType::plaintext())
        .insert_header(CacheControl(vec![CacheDirective::Public, CacheDirective::MaxAge(86_400)]))
        .body(text)
}

/// Serves the bundle's files, and index.html for `/` and any other path (client routes).
pub fn configure(cfg: &mut web::ServiceConfig, spa: Option<Spa>) {
    match spa {
        Some(spa) => {
            let get_or_head = || guard::Any(guard::Get()).or(guard::Head());
            cfg.default_service(web::route().guard(get_or_head()).to(move |req: HttpRequest| {
                let spa = spa.clone();
                async move {
                    match spa.assets.get(req.path()) {
                        Some(asset) => asset_response(&req, asset),
                        None => index_response(&spa.index_html),
                    }
                }
            }));
        }
        None => {
            cfg.default_service(web::to(|| async {
                HttpResponse::NotFound()
                    .content_type(ContentType::html())
                    .insert_header((header::CACHE_CONTROL, "no-cache"))
                    .body(NOT_BUILT)
            }));
        }
    }
}

const NOT_BUILT: &str = "<!doctype html><meta charset=utf-8><title>Certificate Issuance Service</title>\
<p>The web application is not built. Start the service with <code>cargo xtask run</code>, or set \
<code>CIS_WEB_DIR</code> to the built SPA. The API is at <a href=\"/api/docs/\">/api/docs/</a>.</p>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_exactly_the_inline_loader() {
        let html = r#"<html><head><script type="module">import init from '/a.js';</script>
            <script src="/b.js"></script></head></html>"#;
        let policy = SecurityPolicy::for_index(html);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"import init from '/a.js';"));
        assert!(policy.spa.contains(&format!("'sha256-{expected}'")));
        assert_eq!(policy.spa.matches("sha256-").count(), 1);
        assert!(!policy.spa.contains("unsafe-inline"));
    }
}
