//! Who is calling: the bearer token of a request (see `crate::tokens`) turned into a staff
//! member, an administrator or a graduate in a live session. A token of one audience on
//! another's paths is refused with 403.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest};
use cis_shared::messages::ErrorCode;

use super::problem::ApiError;
use crate::domain::session::{self, GraduateIdentity};
use crate::domain::staff;
use crate::state::AppState;
use crate::tokens::{Audience, TokenError, Verified};
use cis_shared::staff::StaffRole;

/// How long a staff access token works.
pub const STAFF_TOKEN_SECONDS: i64 = 3600;

fn refused(status: StatusCode, code: ErrorCode) -> ApiError {
    ApiError::Refused { status, code }
}

fn unauthorized() -> ApiError {
    refused(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized)
}

impl From<TokenError> for ApiError {
    fn from(err: TokenError) -> Self {
        match err {
            TokenError::Invalid => unauthorized(),
            TokenError::WrongAudience => refused(StatusCode::FORBIDDEN, ErrorCode::Forbidden),
        }
    }
}

/// The subject and session of a valid token of `audience` in the request: 401 when it is
/// missing, forged or expired, 403 when it belongs to another audience.
fn verified(req: &HttpRequest, state: &AppState, audience: Audience) -> Result<Verified, ApiError> {
    let token = bearer(req).ok_or_else(unauthorized)?;
    Ok(state.tokens.verify(token, audience, state.clock.now())?)
}

/// The bearer token of the request, if any. The scheme's name is case-insensitive (RFC 9110
/// section 11.1): `bearer` and `BEARER` work as `Bearer` does.
pub fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(actix_web::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim_start().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

fn state_of(req: &HttpRequest) -> web::Data<AppState> {
    req.app_data::<web::Data<AppState>>().expect("state is registered").clone()
}

/// A request made by an enabled staff member (`Authorization: Bearer <staff token>`).
#[derive(Debug, Clone)]
pub struct StaffAuth(pub staff::StaffIdentity);

impl FromRequest for StaffAuth {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<StaffAuth, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = state_of(&req);
            let token = verified(&req, &state, Audience::Staff)?;
            match staff::active(state.scope(), token.subject, token.session.unwrap_or(-1)).await? {
                Some(identity) => Ok(StaffAuth(identity)),
                None => Err(unauthorized()),
            }
        })
    }
}

/// A staff member with the administrator role; reviewers get 403.
#[derive(Debug, Clone)]
pub struct AdminAuth(pub staff::StaffIdentity);

impl FromRequest for AdminAuth {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<AdminAuth, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let staff = StaffAuth::from_request(req, payload);
        Box::pin(async move {
            let StaffAuth(identity) = staff.await?;
            if identity.role == StaffRole::Administrator {
                Ok(AdminAuth(identity))
            } else {
                Err(refused(StatusCode::FORBIDDEN, ErrorCode::Forbidden))
            }
        })
    }
}

/// A request of a registered printing station (`Authorization: Bearer <station API key>`):
/// 401 when the key is missing, wrong or revoked.
#[derive(Debug, Clone, Copy)]
pub struct StationAuth(pub i64);

impl FromRequest for StationAuth {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<StationAuth, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = state_of(&req);
            let key = bearer(&req).ok_or_else(unauthorized)?;
            match crate::domain::printing::authenticate(state.scope(), &state.station_keys, key).await? {
                Some(id) => Ok(StationAuth(id)),
                None => Err(unauthorized()),
            }
        })
    }
}

/// A request in a live graduate session (`Authorization: Bearer <graduate token>`). The
/// request counts as activity; a session idle too long, or older than its maximum age,
/// answers 401 `session_expired`.
#[derive(Debug, Clone)]
pub struct GraduateAuth(pub GraduateIdentity);

impl FromRequest for GraduateAuth {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<GraduateAuth, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = state_of(&req);
            let token = verified(&req, &state, Audience::Graduate)?;
            let session = token.session.ok_or_else(unauthorized)?;
            let identity =
                session::authenticate(state.scope(), &state.sessions, state.session_lifetime(), token.subject, session)
                    .await?;
            Ok(GraduateAuth(identity))
        })
    }
}
