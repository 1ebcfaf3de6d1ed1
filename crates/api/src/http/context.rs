//! The request context: an id on every log line and in every error, the language of the
//! request, one log line and one count in the metrics per request (with the route pattern,
//! never the raw path: paths may carry one-time tokens), security headers, and
//! problem+json for every API error answer.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};
use cis_shared::problem::PROBLEM_CONTENT_TYPE;
use cis_shared::Locale;
use tracing::Instrument;

use super::allow::AllowedMethods;
use super::problem::ApiError;
use super::request::{RequestContext, CONTEXT};
use super::spa::SecurityPolicy;
use crate::state::AppState;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// An incoming `x-request-id` is kept when it looks like one (a proxy's), else a new one.
fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| (8..=64).contains(&v.len()) && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_owned)
        .unwrap_or_else(|| {
            use rand::Rng;
            format!("{:016x}", rand::thread_rng().gen::<u64>())
        })
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let id = request_id(&req);
    let locale = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::negotiate)
        .unwrap_or_default();
    let context = RequestContext { id: id.clone(), locale };
    req.extensions_mut().insert(context.clone());
    let is_api = req.path().starts_with("/api/");
    let is_docs = req.path().starts_with("/api/docs");
    let noindex = super::spa::not_for_search_engines(req.path());
    let method = req.method().clone();
    let span = tracing::info_span!("request", request_id = %id);

    let result = CONTEXT.scope(context.clone(), next.call(req)).instrument(span.clone()).await;
    let mut res = match result {
        Ok(res) => res.map_into_boxed_body(),
        Err(err) => return Err(err),
    };

    if is_api {
        res = as_problem(res, &context);
    }
    secure(res.headers_mut(), &id, noindex, is_docs);

    let route =
        res.request().match_pattern().unwrap_or_else(|| if is_api { "<unmatched>".into() } else { "<spa>".into() });
    let elapsed = started.elapsed();
    if let Some(state) = res.request().app_data::<web::Data<AppState>>() {
        state.metrics.request(&route, method.as_str(), res.status().as_u16(), elapsed);
    }
    tracing::info!(
        parent: &span,
        method = %method,
        route = %route,
        status = res.status().as_u16(),
        elapsed_ms = elapsed.as_millis() as u64,
        "request"
    );
    Ok(res)
}

/// Every API error is problem+json, also those the framework answers itself (unknown path,
/// wrong method, body too large); a 405 names the allowed methods (RFC 9110).
fn as_problem(mut res: ServiceResponse<BoxBody>, context: &RequestContext) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_CONTENT_TYPE.as_bytes()));
    if (status.is_client_error() || status.is_server_error()) && !is_problem {
        let replacement = CONTEXT.sync_scope(context.clone(), || ApiError::for_status(status).error_response());
        let retry_after = res.headers().get(header::RETRY_AFTER).cloned();
        res = res.into_response(replacement);
        if let Some(value) = retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    if status == actix_web::http::StatusCode::METHOD_NOT_ALLOWED {
        let request = res.request();
        let allowed = request.app_data::<web::Data<AllowedMethods>>();
        let methods = request.match_pattern().and_then(|p| allowed?.of(&p).map(str::to_owned));
        if let Some(value) = methods.and_then(|m| HeaderValue::from_str(&m).ok()) {
            res.headers_mut().insert(header::ALLOW, value);
        }
    }
    res
}

/// The request id and the security headers of every answer.
fn secure(headers: &mut header::HeaderMap, id: &str, noindex: bool, is_docs: bool) {
    headers.insert(REQUEST_ID, HeaderValue::from_str(id).expect("hex id"));
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // Client routes such as /register/{token} carry one-time tokens: never in a Referer.
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if noindex {
        headers.insert(HeaderName::from_static("x-robots-tag"), HeaderValue::from_static("noindex, nofollow"));
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        // The SPA's pages bring their own (`spa::index_response`).
        let csp = if is_docs { SecurityPolicy::DOCS } else { SecurityPolicy::API };
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    }
}
