//! Changing the mail address while logged in (manual 2.4 (b)): the request with the new
//! address and the current password, the link mailed to the new address, and the undo
//! link mailed to the old one.

use serde::{Deserialize, Serialize};

use crate::application::Violations;
use crate::email::{self, Email};
use crate::messages::ErrorCode;

/// "Change mail address" (manual 2.4 (b) steps 2–3), as sent to the API: the new address
/// and, since the change is sensitive, the current password again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"new_email": "taro.new@example.jp", "password": "Nagoya2023pass"})))]
pub struct MailChangeRequest {
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub new_email: String,
    /// The account's current password.
    pub password: String,
}

/// The same answer whatever becomes of the address (a taken one gets no link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"link_valid_minutes": 30})))]
pub struct MailChangeAccepted {
    /// How long the link mailed to the new address works.
    pub link_valid_minutes: i64,
}

/// A mail address change waiting for its link to be followed: what the link's page shows,
/// and what `/api/v1/me` lists while it waits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"new_email": "taro.new@example.jp", "expires_at": "2026-11-26T09:30:00Z"})))]
pub struct PendingEmailChange {
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub new_email: String,
    /// RFC 3339, UTC: when the link stops working.
    pub expires_at: String,
}

/// The account's mail address after a change or its undoing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "taro.new@example.jp"})))]
pub struct MailAddress {
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
}

/// The rules of a request that need no secret: the new address is a valid one and not the
/// current address (without regard to case); the password is given. Whether it is the
/// account's password only the server can tell. Fields are JSON pointers of
/// [`MailChangeRequest`].
pub fn validate_mail_change(new_email: &str, password: &str, current_email: &str) -> Violations {
    let mut violations = Vec::new();
    match Email::parse(new_email) {
        Err(code) => violations.push(("/new_email".to_owned(), code)),
        Ok(address) if address.normalized() == email::normalize(current_email) => {
            violations.push(("/new_email".to_owned(), ErrorCode::EmailUnchanged))
        }
        Ok(_) => {}
    }
    if password.is_empty() {
        violations.push(("/password".to_owned(), ErrorCode::Required));
    }
    violations
}

/// The screen's three fields: [`validate_mail_change`] plus the "Check" field, which must
/// repeat the new address (`/new_email_confirmation`).
pub fn validate_mail_change_form(
    new_email: &str,
    confirmation: &str,
    password: &str,
    current_email: &str,
) -> Violations {
    let mut violations = validate_mail_change(new_email, password, current_email);
    if confirmation.is_empty() {
        violations.push(("/new_email_confirmation".to_owned(), ErrorCode::Required));
    } else if confirmation != new_email {
        violations.push(("/new_email_confirmation".to_owned(), ErrorCode::ConfirmationMismatch));
    }
    violations.sort_by_key(|(field, _)| match field.as_str() {
        "/new_email" => 0,
        "/new_email_confirmation" => 1,
        _ => 2,
    });
    violations
}

/// The new address as the old one's notice shows it: the first character of the local
/// part, then `***@` and the domain (`t***@example.jp`), enough for the owner to recognise
/// their own change and little for anyone else.
pub fn masked(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_address_is_valid_and_not_the_current_one() {
        assert!(validate_mail_change("taro.new@example.jp", "Kobe2024pass", "taro@example.jp").is_empty());
        assert_eq!(
            validate_mail_change("Taro@Example.JP", "Kobe2024pass", "taro@example.jp"),
            vec![("/new_email".into(), ErrorCode::EmailUnchanged)]
        );
        assert_eq!(
            validate_mail_change("taro @example.jp", "", "taro@example.jp"),
            vec![("/new_email".into(), ErrorCode::EmailInvalid), ("/password".into(), ErrorCode::Required)]
        );
    }

    #[test]
    fn the_screen_checks_the_confirmation() {
        assert!(validate_mail_change_form("a@example.jp", "a@example.jp", "Kobe2024pass", "b@example.jp").is_empty());
        assert_eq!(
            validate_mail_change_form("a@example.jp", "a@example.com", "", "b@example.jp"),
            vec![
                ("/new_email_confirmation".into(), ErrorCode::ConfirmationMismatch),
                ("/password".into(), ErrorCode::Required)
            ]
        );
        assert_eq!(
            validate_mail_change_form("", "", "x", "b@example.jp"),
            vec![("/new_email".into(), ErrorCode::Required), ("/new_email_confirmation".into(), ErrorCode::Required)]
        );
    }

    #[test]
    fn the_notice_shows_little_of_the_new_address() {
        assert_eq!(masked("newtaro@example.jp"), "n***@example.jp");
        assert_eq!(masked("x"), "***");
    }
}
