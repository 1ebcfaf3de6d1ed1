//! Access tokens: JWT pinned to HS256, with an audience per kind of user (`staff`,
//! `graduate`, and `credential_setup` for the first login's setup token), checked against
//! the application's clock. A token of one audience on another's paths is refused with 403.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest};
use cis_shared::messages::ErrorCode;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

use super::problem::ApiError;
use crate::domain::session::{self, GraduateIdentity};
use crate::domain::staff;
use crate::state::AppState;

const ISSUER: &str = "cis";
pub const STAFF: &str = "staff";
pub const GRADUATE: &str = "graduate";
pub const CREDENTIAL_SETUP: &str = "credential_setup";
/// How long a staff access token works.
pub const STAFF_TOKEN_SECONDS: i64 = 3600;

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user's id, as a string (RFC 7519 `sub` is a string).
    sub: String,
    aud: String,
    iss: String,
    /// The university the token was issued for.
    uni: i64,
    iat: i64,
    exp: i64,
    /// The graduate's session, or the staff member's token generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sid: Option<i64>,
}

/// Issues an access token for `subject` in `audience`, bound to a session (graduates) or a
/// token generation (staff) when given.
pub fn issue(state: &AppState, audience: &str, subject: i64, session: Option<i64>, seconds: i64) -> String {
    let now = state.clock.now().timestamp();
    let claims = Claims {
        sub: subject.to_string(),
        aud: audience.to_owned(),
        iss: ISSUER.to_owned(),
        uni: state.university.id,
        iat: now,
        exp: now + seconds,
        sid: session,
    };
    let key = EncodingKey::from_secret(state.jwt_secret.expose_secret().as_bytes());
    encode(&Header::new(Algorithm::HS256), &claims, &key).expect("HS256 signing cannot fail")
}

fn refused(status: StatusCode, code: ErrorCode) -> ApiError {
    ApiError::Refused { status, code }
}

fn unauthorized() -> ApiError {
    refused(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized)
}

/// The subject and session of a valid token of `audience`: 401 when it is missing, forged
/// or expired, 403 when it belongs to another audience.
pub fn verify(state: &AppState, token: &str, audience: &str) -> Result<(i64, Option<i64>), ApiError> {
    let mut validation = Validation::new(Algorithm::HS256);
    // Expiry is checked against the application's clock, the audience below (403, not 401).
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.set_issuer(&[ISSUER]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    let key = DecodingKey::from_secret(state.jwt_secret.expose_secret().as_bytes());
    let claims = decode::<Claims>(token.trim(), &key, &validation).map_err(|_| unauthorized())?.claims;
    if claims.exp <= state.clock.now().timestamp() || claims.uni != state.university.id {
        return Err(unauthorized());
    }
    if claims.aud != audience {
        return Err(refused(StatusCode::FORBIDDEN, ErrorCode::Forbidden));
    }
    Ok((claims.sub.parse().map_err(|_| unauthorized())?, claims.sid))
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
            let (id, generation) = verify(&state, bearer(&req).ok_or_else(unauthorized)?, STAFF)?;
            match staff::active(&state, id, generation.unwrap_or(-1)).await? {
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
            if identity.role == staff::ROLE_ADMINISTRATOR {
                Ok(AdminAuth(identity))
            } else {
                Err(refused(StatusCode::FORBIDDEN, ErrorCode::Forbidden))
            }
        })
    }
}

/// A request in a live graduate session (`Authorization: Bearer <graduate token>`). The
/// request counts as activity; a session idle too long answers 401 `session_expired`.
#[derive(Debug, Clone)]
pub struct GraduateAuth(pub GraduateIdentity);

impl FromRequest for GraduateAuth {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<GraduateAuth, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = state_of(&req);
            let (account, session) = verify(&state, bearer(&req).ok_or_else(unauthorized)?, GRADUATE)?;
            let session = session.ok_or_else(unauthorized)?;
            Ok(GraduateAuth(session::authenticate(&state, account, session).await?))
        })
    }
}
