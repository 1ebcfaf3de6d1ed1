//! Digital delivery over HTTP (issue 11): the recipient's page opens the delivery and
//! downloads its copies with the link's token in the body (never in a logged URL), the
//! graduate cancels a delivery not opened yet, and anyone reads the university's public
//! keys at `/.well-known/jwks.json`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use cis_shared::delivery::{DeliveryToken, DownloadRequest, Jwks, ReceivedDelivery};
use cis_shared::messages::ErrorCode;
use cis_shared::orders::Order;
use cis_shared::Problem;

use super::auth::GraduateAuth;
use super::body::JsonObject;
use super::graduate::no_store;
use super::problem::ApiError;
use super::{client_address, documented_routes};
use crate::domain::delivery::{self, DeliveryError};
use crate::domain::vc;
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    documented_routes!("/api/v1"; open_delivery, download_delivery, cancel_delivery)
        .register(cfg, |_, resource| resource);
}

/// `/.well-known/jwks.json`, at the top beside the health checks.
pub fn well_known(cfg: &mut web::ServiceConfig) {
    documented_routes!(""; jwks).register(cfg, |_, resource| resource);
}

impl From<DeliveryError> for ApiError {
    fn from(err: DeliveryError) -> Self {
        let refused = |status, code| ApiError::Refused { status, code };
        match err {
            DeliveryError::Unknown => refused(StatusCode::NOT_FOUND, ErrorCode::DeliveryUnknown),
            DeliveryError::Expired => refused(StatusCode::GONE, ErrorCode::DeliveryExpired),
            DeliveryError::Cancelled => refused(StatusCode::GONE, ErrorCode::DeliveryCancelled),
            DeliveryError::NoSuchDocument => ApiError::NotFound,
            DeliveryError::Opened => refused(StatusCode::CONFLICT, ErrorCode::DeliveryOpened),
            DeliveryError::NotSent => refused(StatusCode::CONFLICT, ErrorCode::DeliveryNotSent),
            DeliveryError::RateLimited(wait) => ApiError::RateLimited { retry_after_secs: wait.0 },
            DeliveryError::Order(e) => e.into(),
            DeliveryError::Db(e) => e.into(),
            DeliveryError::Other(e) => ApiError::Internal(e),
        }
    }
}

/// What a recipient's link opens: who sends which certificates, and until when the link
/// works. The token comes from the link's fragment (`/receive#<token>`). An unknown or
/// malformed token answers 404 and counts as a verification miss (30 per 10 minutes per
/// client, then 429).
#[utoipa::path(
    post, path = "/api/v1/deliveries/open", tag = "verification",
    request_body = DeliveryToken,
    responses(
        (status = 200, description = "The delivery", body = ReceivedDelivery),
        (status = 404, description = "No delivery has this token (`delivery_unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Past its three months (`delivery_expired`), or cancelled by the holder (`delivery_cancelled`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many misses from this client (`rate_limited`, `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn open_delivery(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonObject<DeliveryToken>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    let opened = delivery::open(state.scope(), &state.sealer, &client, &body.token).await?;
    Ok(no_store(HttpResponse::Ok()).json(opened))
}

/// One certificate of the delivery, as its PDF (`format` `pdf`, `application/pdf`, the
/// stored copy byte for byte) or as a W3C Verifiable Credential 2.0 secured as a JWT
/// (`credential`, `application/vc+jwt`: EdDSA, the university's key, `kid` in
/// `/.well-known/jwks.json`). Each download is logged with its time, client address and
/// browser; the first opens the delivery (the graduate can no longer cancel it).
#[utoipa::path(
    post, path = "/api/v1/deliveries/download", tag = "verification",
    request_body = DownloadRequest,
    responses(
        (status = 200, description = "The file", content(
            (Vec<u8> = "application/pdf"),
            (String = "application/vc+jwt", example = json!("eyJhbGciOiJFZERTQSIsImN0eSI6InZjIiwia2lkIjoiLi4uIiwidHlwIjoidmMrand0In0.eyJAY29udGV4dCI6Wy4uLl19.c2lnbmF0dXJl")),
        )),
        (status = 404, description = "No delivery has this token (`delivery_unknown`), or the copy is not one of its documents (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Past its three months (`delivery_expired`), or cancelled by the holder (`delivery_cancelled`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many misses from this client (`rate_limited`, `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn download_delivery(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonObject<DownloadRequest>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    let agent = req.headers().get(actix_web::http::header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let request = body.into_inner();
    let file = delivery::download(
        state.scope(),
        state.press(),
        (&client, agent),
        (&request.token, request.copy_id, request.format),
    )
    .await?;
    Ok(no_store(HttpResponse::Ok())
        .content_type(file.media_type)
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{}\"", file.file_name)))
        .body(file.bytes))
}

/// Cancels the digital delivery of one of the graduate's orders while the recipient has not
/// downloaded anything: the link stops working, the copies are revoked (verification says
/// so), the order is cancelled and a card payment refunded; a mail says so. Audit event
/// `delivery.cancelled`.
#[utoipa::path(
    post, path = "/api/v1/orders/{order_number}/delivery/cancellation", tag = "orders",
    params(("order_number" = String, Path, description = "`YYMM-NNNN-NNNN`")),
    security(("graduate_token" = [])),
    responses(
        (status = 200, description = "Cancelled: the order as it is now", body = Order),
        (status = 404, description = "Not one of the graduate's orders (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Opened by the recipient (`delivery_opened`), or no delivery sent (`delivery_not_sent`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Cancelled already (`delivery_cancelled`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No live session (`unauthorized`, `session_expired`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn cancel_delivery(
    state: web::Data<AppState>,
    graduate: GraduateAuth,
    req: HttpRequest,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address(&req, state.settings.trust_proxy);
    let order =
        delivery::cancel((state.scope(), state.mailer()), &graduate.0, (&number, &client), &state.payments).await?;
    Ok(no_store(HttpResponse::Ok()).json(order))
}

/// The university's public keys (JWK Set, RFC 7517): Ed25519 keys that check its Verifiable
/// Credentials offline; a credential's JWT names its key by `kid`.
#[utoipa::path(
    get, path = "/.well-known/jwks.json", tag = "verification",
    responses((status = 200, description = "The keys", body = Jwks))
)]
pub async fn jwks(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let keys = vc::jwks(state.scope(), &state.sealer).await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "public, max-age=3600")).json(keys))
}
