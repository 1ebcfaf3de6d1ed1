//! RFC 9457 problem documents: the one shape of every error the API returns.

use serde::{Deserialize, Serialize};

use crate::messages::ErrorCode;

/// The media type of a problem document.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// An error answer of the API (RFC 9457 `application/problem+json`).
///
/// `code` is stable and meant for programs; `title` and `detail` are for people, in the
/// language the request asked for (`Accept-Language`, Japanese by default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "https://cis.example/problems/validation_failed",
    "title": "The input has errors",
    "status": 422,
    "code": "validation_failed",
    "detail": "Correct the fields listed in errors.",
    "errors": [{"field": "/email", "code": "email_invalid", "message": "Enter a valid mail address."}],
    "request_id": "5f0c2a4e9b1d4c7a"
})))]
pub struct Problem {
    /// A URI naming the kind of problem: `{base}/problems/{code}`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short, human-readable summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// The stable, machine-readable code (for example `not_found`, `validation_failed`).
    pub code: ErrorCode,
    /// What went wrong in this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The problems with individual input fields, each named by its JSON pointer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The id of the request, as in the `x-request-id` header and the server log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// With 429: the seconds to wait before trying again, as in `Retry-After`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl Problem {
    /// What a person reads: the code's text in `locale`, and when to try again after a 429.
    pub fn text(&self, locale: crate::Locale) -> String {
        let message = self.code.message(locale);
        match self.retry_after {
            Some(seconds) => {
                // Rounded up: "in about 1 minute" rather than "in 0 minutes".
                let minutes = seconds.div_ceil(60).max(1);
                match locale {
                    crate::Locale::Ja => format!("{message}（約{minutes}分後に再度お試しください。）"),
                    crate::Locale::En if minutes == 1 => format!("{message} Try again in about a minute."),
                    crate::Locale::En => format!("{message} Try again in about {minutes} minutes."),
                }
            }
            None => message.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Locale;

    #[test]
    fn a_wait_is_told_in_minutes_rounded_up() {
        let mut problem = Problem {
            type_uri: "urn:cis:problem:login_locked".into(),
            title: String::new(),
            status: 429,
            code: ErrorCode::LoginLocked,
            detail: None,
            errors: Vec::new(),
            request_id: None,
            retry_after: Some(899),
        };
        assert!(problem.text(Locale::En).ends_with("Try again in about 15 minutes."));
        assert!(problem.text(Locale::Ja).ends_with("（約15分後に再度お試しください。）"));
        problem.retry_after = Some(20);
        assert!(problem.text(Locale::En).ends_with("Try again in about a minute."));
        problem.retry_after = None;
        assert_eq!(problem.text(Locale::En), ErrorCode::LoginLocked.message(Locale::En));
    }
}

/// One rejected input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The JSON pointer of the field in the request body (`/applicant/name`), or the name
    /// of the query or path parameter.
    pub field: String,
    /// The stable code of the rule the value broke.
    pub code: ErrorCode,
    /// The rule, in words, in the language of the request.
    pub message: String,
}
