//! HTTP: routes per area, the request context (id, language, logs, security headers), the
//! problem+json mapping of errors, and the SPA.

pub mod academic_records;
pub mod allow;
pub mod auth;
pub mod body;
pub mod catalog;
pub mod catalog_admin;
pub mod context;
pub mod delivery;
pub mod graduate;
pub mod health;
pub mod login_history;
pub mod mail_change;
pub mod mail_failures;
pub mod metrics;
pub mod orders;
pub mod password_reset;
pub mod payments;
pub mod prepared;
pub mod printing;
pub mod problem;
pub mod registration;
pub mod request;
pub mod seal;
pub mod spa;
pub mod staff;
pub mod staff_orders;
pub mod student_id;
pub mod verification;

use actix_web::http::header::{CacheControl, CacheDirective, ContentType};
use actix_web::{web, HttpRequest, HttpResponse};
use utoipa::ToSchema;

use problem::ApiError;

/// The client's address for rate limits and the audit log: the peer, or the proxy's
/// `X-Forwarded-For` when `CIS_TRUST_PROXY` says there is one in front. Only the IP, so
/// that every connection of one client counts as one, IPv6 included.
pub fn client_address(req: &HttpRequest, trust_proxy: bool) -> String {
    let info = req.connection_info();
    let address = if trust_proxy { info.realip_remote_addr() } else { info.peer_addr() };
    let address = address.unwrap_or("unknown");
    address
        .parse::<std::net::SocketAddr>()
        .map(|a| a.ip())
        .or_else(|_| address.parse::<std::net::IpAddr>())
        .map(|ip| ip.to_string())
        .unwrap_or_else(|_| address.to_owned())
}

/// The last page a list answers (far beyond any real list; bounds the offset).
pub const MAX_PAGE: u64 = 100_000;

/// A page request: pages 1 to [`MAX_PAGE`], 1 to 100 items a page.
pub fn page_bounds(page: Option<u64>, per_page: Option<u64>, default_per_page: u64) -> Result<(u64, u64), ApiError> {
    let (page, per_page) = (page.unwrap_or(1), per_page.unwrap_or(default_per_page));
    if !(1..=MAX_PAGE).contains(&page) || !(1..=100).contains(&per_page) {
        return Err(ApiError::BadRequest("page is 1 to 100000; per_page is 1 to 100".into()));
    }
    Ok((page, per_page))
}

/// An image, as stored (re-encoded).
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct Image(#[allow(dead_code)] Vec<u8>);

/// A stored identity document image: never cached, never shared by a proxy.
pub fn image_response(content_type: &str, bytes: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type.parse().map(ContentType).unwrap_or(ContentType::octet_stream()))
        .insert_header(CacheControl(vec![CacheDirective::Private, CacheDirective::NoStore]))
        .body(bytes)
}

/// The handlers at the path and methods of their `#[utoipa::path]` annotations, the one
/// place each route is written, made relative to the scope they are registered under
/// (`documented_routes!("/api/v1"; login, logout)`); one entry per path.
macro_rules! documented_routes {
    ($scope:expr; $($handler:ident),* $(,)?) => {{
        let mut routes = $crate::http::Routes::default();
        $(
            let (path, methods) = paste::paste! {
                (<[<__path_ $handler>] as utoipa::Path>::path(), <[<__path_ $handler>] as utoipa::Path>::methods())
            };
            for method in methods {
                routes.add($scope, &path, &method, actix_web::web::method($crate::http::method_of(&method)).to($handler));
            }
        )*
        routes
    }};
}
pub(crate) use documented_routes;

/// Routes grouped by path, as [`documented_routes!`] collects them.
#[derive(Default)]
pub struct Routes(Vec<(String, Vec<actix_web::Route>)>);

impl Routes {
    pub fn add(&mut self, scope: &str, path: &str, method: &utoipa::openapi::HttpMethod, route: actix_web::Route) {
        let relative =
            path.strip_prefix(scope).unwrap_or_else(|| panic!("{} {path} is not under {scope}", method_of(method)));
        match self.0.iter_mut().find(|(p, _)| p == relative) {
            Some((_, routes)) => routes.push(route),
            None => self.0.push((relative.to_owned(), vec![route])),
        }
    }

    /// Registers a resource per path; `customize` may add what one path needs (a body limit).
    pub fn register(
        self,
        cfg: &mut web::ServiceConfig,
        customize: impl Fn(&str, actix_web::Resource) -> actix_web::Resource,
    ) {
        for (path, routes) in self.0 {
            let resource = customize(&path, web::resource(path.as_str()));
            cfg.service(routes.into_iter().fold(resource, |resource, route| resource.route(route)));
        }
    }
}

/// The actix-web method of a documented one.
pub fn method_of(method: &utoipa::openapi::HttpMethod) -> actix_web::http::Method {
    use utoipa::openapi::HttpMethod;
    match method {
        HttpMethod::Get => actix_web::http::Method::GET,
        HttpMethod::Post => actix_web::http::Method::POST,
        HttpMethod::Put => actix_web::http::Method::PUT,
        HttpMethod::Delete => actix_web::http::Method::DELETE,
        HttpMethod::Options => actix_web::http::Method::OPTIONS,
        HttpMethod::Head => actix_web::http::Method::HEAD,
        HttpMethod::Patch => actix_web::http::Method::PATCH,
        HttpMethod::Trace => actix_web::http::Method::TRACE,
    }
}

/// Registers the JSON API under `/api/v1` with its error handling.
pub fn api_v1(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::JsonConfig::default().limit(64 * 1024).error_handler(|err, _req| ApiError::from_json_error(err).into()),
    )
    .app_data(web::PathConfig::default().error_handler(|err, _req| ApiError::BadRequest(err.to_string()).into()))
    .app_data(web::QueryConfig::default().error_handler(|err, _req| ApiError::BadRequest(err.to_string()).into()))
    .configure(catalog::routes)
    .configure(registration::routes)
    .configure(graduate::routes)
    .configure(mail_change::routes)
    .configure(login_history::routes)
    .configure(password_reset::routes)
    .configure(orders::routes)
    .configure(staff::routes)
    .configure(catalog_admin::routes)
    .configure(staff_orders::routes)
    .configure(academic_records::routes)
    .configure(payments::routes)
    .configure(student_id::routes)
    .configure(printing::routes)
    .configure(verification::routes)
    .configure(delivery::routes)
    .configure(prepared::routes)
    .configure(seal::routes)
    .configure(mail_failures::routes);
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn a_client_is_its_ip_without_the_port() {
        let v4 = TestRequest::default().peer_addr("203.0.113.7:50000".parse().unwrap()).to_http_request();
        assert_eq!(client_address(&v4, false), "203.0.113.7");
        let v6 = TestRequest::default().peer_addr("[2001:db8::1]:50000".parse().unwrap()).to_http_request();
        assert_eq!(client_address(&v6, false), "2001:db8::1");
        let proxied = TestRequest::default()
            .peer_addr("10.0.0.2:443".parse().unwrap())
            .insert_header(("x-forwarded-for", "2001:db8::7, 10.0.0.2"))
            .to_http_request();
        assert_eq!(client_address(&proxied, true), "2001:db8::7");
        assert_eq!(client_address(&proxied, false), "10.0.0.2");
    }
}
