//! The one mapping from errors to RFC 9457 problem+json answers.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use cis_shared::messages::ErrorCode;
use cis_shared::problem::{FieldError, Problem, PROBLEM_CONTENT_TYPE};
use cis_shared::Locale;

use super::request;

/// Every error an API handler can answer with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Fields that broke a rule: (JSON pointer, code).
    #[error("validation failed")]
    Validation(Vec<(String, ErrorCode)>),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// Too many failed logins for one address (known or not).
    #[error("login locked")]
    LoginLocked { retry_after_secs: u64 },
    /// A refusal with its own status and code (an expired link, an unreadable image).
    #[error("refused: {code}")]
    Refused { status: StatusCode, code: ErrorCode },
    #[error("service unavailable")]
    Unavailable(#[source] anyhow::Error),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> Self {
        ApiError::Internal(err.into())
    }
}

/// Whether an error comes from a database that cannot be reached (down, restarting, the
/// pool's connections all broken): the service is unavailable for now, not broken.
fn database_unreachable(error: &anyhow::Error) -> bool {
    use sea_orm::{DbErr, RuntimeErr};
    let sqlx_unreachable = |e: &sea_orm::sqlx::Error| {
        matches!(
            e,
            sea_orm::sqlx::Error::Io(_)
                | sea_orm::sqlx::Error::PoolTimedOut
                | sea_orm::sqlx::Error::PoolClosed
                | sea_orm::sqlx::Error::WorkerCrashed
        )
    };
    error.chain().any(|cause| match cause.downcast_ref::<DbErr>() {
        Some(DbErr::ConnectionAcquire(_)) => true,
        Some(
            DbErr::Conn(RuntimeErr::SqlxError(e))
            | DbErr::Exec(RuntimeErr::SqlxError(e))
            | DbErr::Query(RuntimeErr::SqlxError(e)),
        ) => sqlx_unreachable(e),
        _ => cause.downcast_ref::<sea_orm::sqlx::Error>().is_some_and(sqlx_unreachable),
    })
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            ApiError::BadRequest(_) => ErrorCode::BadRequest,
            ApiError::Validation(_) => ErrorCode::ValidationFailed,
            ApiError::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            ApiError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            ApiError::RateLimited { .. } => ErrorCode::RateLimited,
            ApiError::LoginLocked { .. } => ErrorCode::LoginLocked,
            ApiError::Refused { code, .. } => *code,
            ApiError::Unavailable(_) => ErrorCode::ServiceUnavailable,
            ApiError::Internal(e) if database_unreachable(e) => ErrorCode::ServiceUnavailable,
            ApiError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The error for an answer the framework produced without a body of ours.
    pub fn for_status(status: StatusCode) -> ApiError {
        match status {
            StatusCode::NOT_FOUND => ApiError::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
            StatusCode::TOO_MANY_REQUESTS => ApiError::RateLimited { retry_after_secs: 60 },
            StatusCode::SERVICE_UNAVAILABLE => ApiError::Unavailable(anyhow::anyhow!("unavailable")),
            s if s.is_client_error() => ApiError::BadRequest(s.canonical_reason().unwrap_or("bad request").to_owned()),
            _ => ApiError::Internal(anyhow::anyhow!("status {status}")),
        }
    }

    pub fn from_json_error(err: actix_web::error::JsonPayloadError) -> ApiError {
        use actix_web::error::JsonPayloadError as E;
        match err {
            E::OverflowKnownLength { .. } | E::Overflow { .. } => ApiError::PayloadTooLarge,
            E::ContentType => ApiError::UnsupportedMediaType,
            E::Deserialize(e) => ApiError::BadRequest(format!("the JSON body does not fit: {e}")),
            other => ApiError::BadRequest(other.to_string()),
        }
    }

    /// The problem document, in the language of the current request.
    pub fn to_problem(&self) -> Problem {
        let ctx = request::current();
        let locale = ctx.as_ref().map(|c| c.locale).unwrap_or(Locale::Ja);
        let code = self.code();
        let detail = match self {
            ApiError::BadRequest(reason) => Some(reason.clone()),
            ApiError::Internal(_) => {
                ctx.as_ref().map(|c| locale.pick(format!("受付番号: {}", c.id), format!("Reference: {}", c.id)))
            }
            _ => None,
        };
        let errors = match self {
            ApiError::Validation(fields) => fields
                .iter()
                .map(|(field, code)| FieldError {
                    field: field.clone(),
                    code: *code,
                    message: code.message(locale).to_owned(),
                })
                .collect(),
            _ => Vec::new(),
        };
        Problem {
            type_uri: format!("urn:cis:problem:{code}"),
            title: code.message(locale).to_owned(),
            status: self.status_code().as_u16(),
            code,
            detail,
            errors,
            request_id: ctx.map(|c| c.id),
            retry_after: match self {
                ApiError::RateLimited { retry_after_secs } | ApiError::LoginLocked { retry_after_secs } => {
                    Some(*retry_after_secs)
                }
                _ => None,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::RateLimited { .. } | ApiError::LoginLocked { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Refused { status, .. } => *status,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(e) if database_unreachable(e) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        // Logged once, here, where it is handled; the chain stays in the log.
        match self {
            ApiError::Internal(e) if database_unreachable(e) => tracing::warn!(error = %e, "database unreachable"),
            ApiError::Internal(e) => tracing::error!(error = ?e, "unexpected error"),
            ApiError::Unavailable(e) => tracing::warn!(error = %e, "dependency unavailable"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, PROBLEM_CONTENT_TYPE));
        if let ApiError::RateLimited { retry_after_secs } | ApiError::LoginLocked { retry_after_secs } = self {
            response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
        }
        if self.status_code() == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.body(serde_json::to_string(&self.to_problem()).expect("problem serializes"))
    }
}

impl From<crate::domain::registration::RegistrationError> for ApiError {
    fn from(err: crate::domain::registration::RegistrationError) -> Self {
        use crate::domain::images::ImageError;
        use crate::domain::registration::RegistrationError as E;
        let refused = |status, code| ApiError::Refused { status, code };
        match err {
            E::RateLimited(wait) => ApiError::RateLimited { retry_after_secs: wait.0 },
            E::TokenInvalid => refused(StatusCode::NOT_FOUND, ErrorCode::TokenInvalid),
            E::TokenExpired => refused(StatusCode::GONE, ErrorCode::TokenExpired),
            E::TokenUsed => refused(StatusCode::GONE, ErrorCode::TokenUsed),
            E::Invalid(violations) => ApiError::Validation(violations),
            E::Image(ImageError::TooLarge) => ApiError::PayloadTooLarge,
            E::Image(ImageError::UnsupportedType) => ApiError::UnsupportedMediaType,
            E::Image(ImageError::TooManyPixels) => {
                refused(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ImageTooManyPixels)
            }
            E::Image(ImageError::Undecodable) => refused(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ImageInvalid),
            E::DocumentNotFound => ApiError::NotFound,
            E::TooManyUploads => refused(StatusCode::CONFLICT, ErrorCode::TooManyUploads),
            E::StorageFull => refused(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::StorageFull),
            E::Database(e) => ApiError::Internal(e.into()),
            E::Internal(e) => ApiError::Internal(e),
        }
    }
}

impl From<crate::domain::session::AuthError> for ApiError {
    fn from(err: crate::domain::session::AuthError) -> Self {
        use crate::domain::session::AuthError as E;
        let refused = |status, code| ApiError::Refused { status, code };
        match err {
            E::InvalidCredentials => refused(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials),
            E::RateLimited(wait) => ApiError::RateLimited { retry_after_secs: wait.0 },
            E::Locked(wait) => ApiError::LoginLocked { retry_after_secs: wait.0 },
            E::SessionExpired => refused(StatusCode::UNAUTHORIZED, ErrorCode::SessionExpired),
            E::Unauthorized => refused(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized),
            E::Invalid(violations) => ApiError::Validation(violations),
            E::Database(e) => ApiError::Internal(e.into()),
            E::Internal(e) => ApiError::Internal(e),
        }
    }
}

impl From<crate::domain::login_history::LoginHistoryError> for ApiError {
    fn from(err: crate::domain::login_history::LoginHistoryError) -> Self {
        use crate::domain::login_history::LoginHistoryError as E;
        match err {
            E::NotFound => ApiError::NotFound,
            E::Current => ApiError::Refused { status: StatusCode::CONFLICT, code: ErrorCode::SessionIsCurrent },
            E::Database(e) => ApiError::Internal(e.into()),
        }
    }
}

impl From<crate::domain::password_reset::ResetError> for ApiError {
    fn from(err: crate::domain::password_reset::ResetError) -> Self {
        use crate::domain::password_reset::ResetError as E;
        let refused = |status, code| ApiError::Refused { status, code };
        match err {
            E::RateLimited(wait) => ApiError::RateLimited { retry_after_secs: wait.0 },
            E::TokenInvalid => refused(StatusCode::NOT_FOUND, ErrorCode::TokenInvalid),
            E::TokenExpired => refused(StatusCode::GONE, ErrorCode::TokenExpired),
            E::TokenUsed => refused(StatusCode::GONE, ErrorCode::TokenUsed),
            E::Invalid(violations) => ApiError::Validation(violations),
            E::Database(e) => ApiError::Internal(e.into()),
            E::Internal(e) => ApiError::Internal(e),
        }
    }
}

/// The 403 of the operations only administrators may call.
#[derive(utoipa::ToResponse)]
#[response(
    description = "A reviewer (only administrators may do this), or a token of another kind (`forbidden`)",
    content_type = "application/problem+json"
)]
pub struct AdminOnly(#[allow(dead_code)] cis_shared::Problem);
