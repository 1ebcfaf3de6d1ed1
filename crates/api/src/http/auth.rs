//! Access tokens: JWT pinned to HS256, with an audience per kind of user (`staff`, later
//! `graduate`), checked against the application's clock. A token of one audience on the
//! other's paths is refused with 403.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest};
use cis_shared::messages::ErrorCode;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

use super::problem::ApiError;
use crate::domain::staff;
use crate::state::AppState;

const ISSUER: &str = "cis";
pub const STAFF: &str = "staff";
/// How long a staff access token works.
pub const STAFF_TOKEN_SECONDS: i64 = 3600;

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// The user's id, as a string (RFC 7519 `sub` is a string).
    sub: String,
    aud: String,
    iss: String,
    /// The university the token was issued for.
    uni: i64,
    iat: i64,
    exp: i64,
}

/// Issues an access token for `subject` in `audience`.
pub fn issue(state: &AppState, audience: &str, subject: i64, seconds: i64) -> String {
    let now = state.clock.now().timestamp();
    let claims = Claims {
        sub: subject.to_string(),
        aud: audience.to_owned(),
        iss: ISSUER.to_owned(),
        uni: state.university.id,
        iat: now,
        exp: now + seconds,
    };
    let key = EncodingKey::from_secret(state.jwt_secret.expose_secret().as_bytes());
    encode(&Header::new(Algorithm::HS256), &claims, &key).expect("HS256 signing cannot fail")
}

fn refused(status: StatusCode, code: ErrorCode) -> ApiError {
    ApiError::Refused { status, code }
}

/// The subject of a valid bearer token of `audience`.
fn subject(req: &HttpRequest, state: &AppState, audience: &str) -> Result<i64, ApiError> {
    let unauthorized = || refused(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized);
    let header = req.headers().get(actix_web::http::header::AUTHORIZATION).ok_or_else(unauthorized)?;
    let token = header.to_str().ok().and_then(|h| h.strip_prefix("Bearer ")).ok_or_else(unauthorized)?;
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
    claims.sub.parse().map_err(|_| unauthorized())
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
            let state = req.app_data::<web::Data<AppState>>().expect("state is registered").clone();
            let id = subject(&req, &state, STAFF)?;
            match staff::active(&state, id).await? {
                Some(identity) => Ok(StaffAuth(identity)),
                None => Err(refused(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized)),
            }
        })
    }
}
