//! The built SPA: its files, and an `index.html` for every client route (`/register/abc`),
//! under a Content-Security-Policy that allows exactly that page's own scripts.
//!
//! The bundle directory holds one application per `index.html`: the graduates' at the top
//! (`dist/index.html`, every path no other claims), the application for an account in
//! `dist/apply/` (`/register`, `/resubmit`, and `/student-id` for an additional student
//! ID), the staff area's in `dist/staff/` (`/staff`) and the public verification of a
//! certificate in `dist/verify/` (`/verify`, and a digital delivery's `/receive`, issue 11). An application in another directory
//! serves the paths below its name.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use actix_web::http::header::{self, CacheControl, CacheDirective, ContentType};
use actix_web::web::Bytes;
use actix_web::{guard, web, HttpRequest, HttpResponse};
use base64::Engine;
use sha2::{Digest, Sha256};

/// Content-Security-Policy values per kind of answer.
#[derive(Debug, Clone, Copy)]
pub struct SecurityPolicy;

impl SecurityPolicy {
    /// JSON answers (and anything else that is not a page of the SPA or the docs) are
    /// never rendered as pages.
    pub const API: &'static str = "default-src 'none'; frame-ancestors 'none'";
    /// The interactive docs: vendored Swagger UI, no third-party origin.
    pub const DOCS: &'static str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
        script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// A page of the SPA: its own scripts, with the hashes of the page's inline loader.
    pub fn for_index(index_html: &str) -> String {
        let hashes: String = inline_scripts(index_html)
            .map(|script| {
                let digest = Sha256::digest(script.as_bytes());
                format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
            })
            .collect();
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
             img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             frame-ancestors 'none'; form-action 'self'"
        )
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

/// One file of the bundle, held in memory with its compressed forms. `cargo xtask` writes
/// `<file>.br` and `<file>.gz` beside each file when it builds the bundle (brotli at its
/// highest quality is too slow for every start); a bundle without them is gzipped once,
/// when the server starts.
#[derive(Debug)]
struct Asset {
    content_type: &'static str,
    bytes: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
}

/// The client routes of the applications in a directory of the bundle other than their
/// directory's name.
const ROUTES: [(&str, &[&str]); 2] =
    [("/apply", &["/register", "/resubmit", "/student-id"]), ("/verify", &["/verify", "/receive"])];

/// An application's page, answered for every client route below its prefixes.
#[derive(Debug)]
struct Index {
    /// `[""]` for the top, `["/staff"]` for `dist/staff/index.html`.
    prefixes: Vec<String>,
    html: Bytes,
    policy: String,
}

impl Index {
    fn new(directory: &str, html: &Bytes) -> std::io::Result<Index> {
        let text = std::str::from_utf8(html).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        let prefixes = match ROUTES.iter().find(|(dir, _)| *dir == directory) {
            Some((_, routes)) => routes.iter().map(|r| (*r).to_owned()).collect(),
            None => vec![directory.to_owned()],
        };
        Ok(Index { prefixes, policy: SecurityPolicy::for_index(text), html: html.clone() })
    }

    fn serves(&self, path: &str) -> bool {
        self.prefixes.iter().any(|prefix| {
            path.strip_prefix(prefix.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }

    /// The top serves what no other claims.
    fn is_top(&self) -> bool {
        self.prefixes.iter().all(String::is_empty)
    }
}

/// The built SPA.
#[derive(Debug, Clone)]
pub struct Spa {
    /// The top last.
    indexes: Arc<Vec<Index>>,
    assets: Arc<HashMap<String, Asset>>,
}

impl Spa {
    /// Reads the bundle: every `index.html`, and every other file below the directory.
    pub fn load(dir: &Path) -> std::io::Result<Spa> {
        let mut files = HashMap::new();
        let mut pending = vec![dir.to_owned()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder)? {
                let path = entry?.path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                let relative = path.strip_prefix(dir).expect("below the bundle").to_string_lossy().replace('\\', "/");
                files.insert(format!("/{relative}"), Bytes::from(std::fs::read(&path)?));
            }
        }
        if !files.contains_key("/index.html") {
            return Err(std::io::Error::new(std::io::ErrorKind::NotFound, "the bundle has no index.html"));
        }
        let mut indexes = Vec::new();
        let mut assets = HashMap::new();
        for (name, bytes) in &files {
            if let Some(directory) = name.strip_suffix("/index.html") {
                indexes.push(Index::new(directory, bytes)?);
                continue;
            }
            let precompressed = [".br", ".gz"]
                .iter()
                .any(|suffix| name.strip_suffix(suffix).is_some_and(|original| files.contains_key(original)));
            if precompressed {
                continue;
            }
            let content_type = content_type_of(name);
            let gzip = match files.get(&format!("{name}.gz")) {
                Some(gzip) => Some(gzip.clone()),
                None => compressible(content_type).then(|| gzip(bytes).map(Bytes::from)).transpose()?,
            };
            let brotli = files.get(&format!("{name}.br")).cloned();
            assets.insert(name.clone(), Asset { content_type, bytes: bytes.clone(), gzip, brotli });
        }
        indexes.sort_by_key(Index::is_top);
        Ok(Spa { indexes: Arc::new(indexes), assets: Arc::new(assets) })
    }

    fn index_for(&self, path: &str) -> &Index {
        self.indexes.iter().find(|index| index.serves(path)).expect("the top index serves every path")
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

fn index_response(index: &Index) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::html())
        .insert_header(CacheControl(vec![CacheDirective::NoCache]))
        .insert_header((header::CONTENT_SECURITY_POLICY, index.policy.clone()))
        .body(index.html.clone())
}

/// The content codings the client accepts (RFC 9110 section 12.5.3), `q=0` meaning "not".
fn accepts(req: &HttpRequest, coding: &str) -> bool {
    req.headers().get_all(header::ACCEPT_ENCODING).filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
        |entry| {
            let mut parts = entry.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused =
                parts.any(|p| p.strip_prefix("q=").is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)));
            name.eq_ignore_ascii_case(coding) && !refused
        },
    )
}

/// A file of the bundle: Trunk names them by content hash, so they never change and may be
/// kept for a year; brotli when the client takes it, else gzip.
fn asset_response(req: &HttpRequest, asset: &Asset) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, asset.content_type))
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::VARY, "Accept-Encoding"));
    let encoded = [("br", &asset.brotli), ("gzip", &asset.gzip)]
        .into_iter()
        .find_map(|(coding, body)| body.as_ref().filter(|_| accepts(req, coding)).map(|body| (coding, body)));
    match encoded {
        Some((coding, body)) => response.insert_header((header::CONTENT_ENCODING, coding)).body(body.clone()),
        None => response.body(asset.bytes.clone()),
    }
}

/// Client routes that carry a one-time token or belong to staff: never indexed, and asked
/// not to be crawled by `/robots.txt`.
pub const PRIVATE_PATHS: [&str; 7] =
    ["/register/", "/resubmit/", "/password-reset/", "/mail-change/", "/mail-change-undo/", "/student-id/", "/staff"];

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
                        None => index_response(spa.index_for(req.path())),
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
        assert!(policy.contains(&format!("'sha256-{expected}'")));
        assert_eq!(policy.matches("sha256-").count(), 1);
        assert!(!policy.contains("unsafe-inline"));
    }
}
