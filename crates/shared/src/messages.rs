//! Stable error codes and their texts in both languages. The API writes them into problem
//! documents and the SPA shows them next to the fields, from this one table.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// A stable, machine-readable error code. New codes may be added; a client should treat
/// an unknown code by its HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// No resource at this path.
    NotFound,
    /// The path exists but not for this HTTP method.
    MethodNotAllowed,
    /// The request could not be read (malformed JSON, wrong types, bad parameters).
    BadRequest,
    /// One or more fields broke a rule; see `errors`.
    ValidationFailed,
    /// The request body is larger than this operation accepts.
    PayloadTooLarge,
    /// The body's media type is not accepted by this operation.
    UnsupportedMediaType,
    /// Too many requests; retry after the `Retry-After` header.
    RateLimited,
    /// A dependency (the database) is not available.
    ServiceUnavailable,
    /// An unexpected error on the server; the request id identifies it in the log.
    Internal,
    /// A required field was left empty.
    Required,
    /// A field is longer than allowed.
    TooLong,
    /// Not a valid mail address.
    EmailInvalid,
}

impl ErrorCode {
    /// The code as it appears in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::ServiceUnavailable => "service_unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::Required => "required",
            ErrorCode::TooLong => "too_long",
            ErrorCode::EmailInvalid => "email_invalid",
        }
    }

    /// The text a person reads for this code.
    pub fn message(self, locale: Locale) -> &'static str {
        use ErrorCode::*;
        match self {
            NotFound => locale
                .pick("お探しのページまたはデータは見つかりません。", "The page or data you asked for does not exist."),
            MethodNotAllowed => {
                locale.pick("この操作はこのアドレスでは使えません。", "This operation is not allowed on this address.")
            }
            BadRequest => locale.pick("リクエストの形式が正しくありません。", "The request could not be understood."),
            ValidationFailed => locale
                .pick("入力内容に誤りがあります。各項目をご確認ください。", "The input has errors. Check each field."),
            PayloadTooLarge => locale.pick("送信されたデータが大きすぎます。", "The data sent is too large."),
            UnsupportedMediaType => {
                locale.pick("この形式のデータは受け付けられません。", "This kind of data is not accepted.")
            }
            RateLimited => locale.pick(
                "操作が多すぎます。しばらく待ってからもう一度お試しください。",
                "Too many attempts. Wait a while and try again.",
            ),
            ServiceUnavailable => locale.pick(
                "ただいまサービスを利用できません。しばらくしてからお試しください。",
                "The service is not available right now. Try again later.",
            ),
            Internal => locale.pick(
                "システムエラーが発生しました。時間をおいてもう一度お試しください。",
                "A system error occurred. Try again later.",
            ),
            Required => locale.pick("必須項目です。", "This item is required."),
            TooLong => locale.pick("入力が長すぎます。", "This entry is too long."),
            EmailInvalid => locale.pick(
                "メールアドレスの形式が正しくありません。半角英数字で入力してください。",
                "Enter a valid mail address in half-width alphanumeric characters.",
            ),
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [ErrorCode; 12] = [
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::BadRequest,
        ErrorCode::ValidationFailed,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::RateLimited,
        ErrorCode::ServiceUnavailable,
        ErrorCode::Internal,
        ErrorCode::Required,
        ErrorCode::TooLong,
        ErrorCode::EmailInvalid,
    ];

    #[test]
    fn json_form_is_the_stable_code() {
        for code in ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
    }

    #[test]
    fn every_code_reads_differently_in_each_language() {
        for code in ALL {
            let (ja, en) = (code.message(Locale::Ja), code.message(Locale::En));
            assert!(!ja.is_empty() && !en.is_empty());
            assert_ne!(ja, en, "{code} has no Japanese text");
            assert!(ja.chars().any(|c| !c.is_ascii()), "{code}: Japanese text is ASCII");
        }
    }
}
