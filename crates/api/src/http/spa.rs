//! The built SPA: its files, and `index.html` for every client route (`/register/abc`),
//! under a Content-Security-Policy that allows exactly its own scripts.

use std::path::{Path, PathBuf};

use actix_files::Files;
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, CacheControl, CacheDirective, ContentType};
use actix_web::{guard, web, HttpResponse};
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

/// The SPA bundle on disk.
#[derive(Debug, Clone)]
pub struct Spa {
    pub dir: PathBuf,
    pub index_html: String,
}

impl Spa {
    pub fn load(dir: &Path) -> std::io::Result<Spa> {
        Ok(Spa { dir: dir.to_owned(), index_html: std::fs::read_to_string(dir.join("index.html"))? })
    }

    pub fn policy(&self) -> SecurityPolicy {
        SecurityPolicy::for_index(&self.index_html)
    }
}

fn index_response(html: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::html())
        .insert_header(CacheControl(vec![CacheDirective::NoCache]))
        .body(html.to_owned())
}

/// Serves the bundle's files, and index.html for `/` and any other path.
pub fn configure(cfg: &mut web::ServiceConfig, spa: Option<Spa>) {
    match spa {
        Some(spa) => {
            let index = spa.index_html.clone();
            let fallback = spa.index_html.clone();
            let get_or_head = guard::Any(guard::Get()).or(guard::Head());
            cfg.service(web::resource("/").route(web::route().guard(get_or_head).to(move || {
                let index = index.clone();
                async move { index_response(&index) }
            })))
            .service(Files::new("/", &spa.dir).default_handler(fn_service(
                move |req: ServiceRequest| {
                    let fallback = fallback.clone();
                    async move {
                        let (req, _) = req.into_parts();
                        Ok(ServiceResponse::new(req, index_response(&fallback)))
                    }
                },
            )));
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
