//! Graduate login and first-login credential setup (manual 2.1 steps 19–23, 2.2), and the
//! account as the graduate sees it (`/api/v1/me`).

use serde::{Deserialize, Serialize};

pub use crate::application::EnrollmentInfo;
use crate::application::{ApplicationType, Violations};
use crate::mail_change::PendingEmailChange;
use crate::messages::ErrorCode;
use crate::password::Password;
use crate::staff::{AccessToken, ApplicationState};
use crate::Locale;

/// "Graduate login" (manual 2.2): the second password is left empty on the first login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "email": "taro@example.jp", "password": "Kobe2024pass", "second_password": "Second2024pw"
})))]
pub struct GraduateLogin {
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    pub password: String,
    /// Empty on the first login with the initial password.
    #[serde(default)]
    pub second_password: String,
}

/// The first login with the initial password: credentials must be set before anything else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "credential_setup_required": true, "setup_token": "eyJ0eXAiOiJKV1Qi...", "expires_in": 900
})))]
pub struct CredentialSetupRequired {
    /// Always `true`.
    pub credential_setup_required: bool,
    /// Good only for `POST /api/v1/auth/credentials`.
    pub setup_token: String,
    /// Seconds until the setup token expires.
    pub expires_in: i64,
}

/// What a successful login gives: tokens, or the demand to set credentials first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum LoginOutcome {
    SetupRequired(CredentialSetupRequired),
    Tokens(AccessToken),
}

/// "Password Setting" (manual 2.1 steps 21–22), as sent to the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "setup_token": "eyJ0eXAiOiJKV1Qi...", "password": "Kobe2024pass", "second_password": "Second2024pw"
})))]
pub struct CredentialSetup {
    pub setup_token: String,
    pub password: String,
    pub second_password: String,
}

/// The rules of manual 2.1 step 21 that need no secret: each of the two keeps the password
/// rules, and they differ. Whether one equals the initial password only the server can tell
/// (`password_is_initial`). Fields are JSON pointers of [`CredentialSetup`].
pub fn validate_credentials(password: &str, second_password: &str) -> Violations {
    let mut violations = Vec::new();
    if let Err(code) = Password::parse(password) {
        violations.push(("/password".to_owned(), code));
    }
    if let Err(code) = Password::parse(second_password) {
        violations.push(("/second_password".to_owned(), code));
    }
    if violations.is_empty() && password == second_password {
        violations.push(("/second_password".to_owned(), ErrorCode::PasswordsSame));
    }
    violations
}

/// The Password Setting screen's four fields: [`validate_credentials`] plus the two
/// confirmations (`/password_confirmation`, `/second_password_confirmation`).
pub fn validate_credentials_form(
    password: &str,
    password_confirmation: &str,
    second_password: &str,
    second_password_confirmation: &str,
) -> Violations {
    let mut violations = validate_credentials(password, second_password);
    if password_confirmation != password {
        violations.push(("/password_confirmation".to_owned(), ErrorCode::ConfirmationMismatch));
    }
    if second_password_confirmation != second_password {
        violations.push(("/second_password_confirmation".to_owned(), ErrorCode::ConfirmationMismatch));
    }
    violations
}

/// Change password (manual 2.4 (d)), as sent to the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"current_password": "Nagoya2023pass", "new_password": "Osaka2025pass"})))]
pub struct PasswordChange {
    pub current_password: String,
    /// The rules of manual 2.4 (d); besides, not the current password nor the second one.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 8, max_length = 64, pattern = r"^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])[A-Za-z0-9]+$")
    )]
    pub new_password: String,
}

/// Change second password (manual 2.4 (e)), as sent to the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"current_second_password": "Sendai2023pw", "new_second_password": "Second2025pw"})))]
pub struct SecondPasswordChange {
    pub current_second_password: String,
    /// The rules of manual 2.4 (d); besides, not the current second password nor the password.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 8, max_length = 64, pattern = r"^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])[A-Za-z0-9]+$")
    )]
    pub new_second_password: String,
}

/// The rules of a new password or second password that need no stored hash: the password
/// rules of manual 2.4 (d), and not the one it replaces. Whether it equals the other secret
/// only the server can tell (`passwords_same`). `field` is the new secret's JSON pointer.
pub fn validate_secret_change(current: &str, new: &str, field: &str) -> Violations {
    match Password::parse(new) {
        Err(code) => vec![(field.to_owned(), code)],
        Ok(_) if new == current => vec![(field.to_owned(), ErrorCode::PasswordUnchanged)],
        Ok(_) => Vec::new(),
    }
}

/// The Change password / Change second password screens (manual 2.4 (d), (e)): the current
/// secret (required), the new one by [`validate_secret_change`], and its confirmation.
/// `fields` are the JSON pointers of the current and the new secret; the confirmation's is
/// the new one's with `_confirmation`.
pub fn validate_secret_change_form(current: &str, new: &str, confirmation: &str, fields: [&str; 2]) -> Violations {
    let [current_field, new_field] = fields;
    let mut violations = Vec::new();
    if current.is_empty() {
        violations.push((current_field.to_owned(), ErrorCode::Required));
    }
    violations.extend(validate_secret_change(current, new, new_field));
    if confirmation != new {
        violations.push((format!("{new_field}_confirmation"), ErrorCode::ConfirmationMismatch));
    }
    violations
}

/// The logged-in graduate's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 3, "email": "taro@example.jp", "name": "電電 太郎", "name_kana": "デンデン タロウ",
    "birth_date": "1990-09-09", "locale": "ja", "idle_timeout_seconds": 1800, "session_ends_at": "2026-11-26T21:00:00Z",
    "applications": [{"reception_number": "2611-4821-0375", "kind": "new", "state": "approved",
        "submitted_at": "2026-11-25T13:12:45Z", "decided_at": "2026-11-25T15:02:11Z"}],
    "enrollments": [{"id": 3, "student_id": "A1234567", "name": "電電 太郎", "name_kana": "デンデン タロウ",
        "name_roman": "DENDEN TAROU", "affiliation_id": 12,
        "affiliation_path": [{"ja": "文学部", "en": "Faculty of Letters"}, {"ja": "外国語学科", "en": "Department of Foreign Languages"}, {"ja": "英語専攻", "en": "English Studies"}],
        "degree_program": "bachelor", "matriculation": "2011-04", "graduation": "2015-03", "completion": "graduated"}],
    "pending_email_change": {"new_email": "taro.new@example.jp", "expires_at": "2026-11-26T09:30:00Z"}
})))]
pub struct Me {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    pub name: String,
    pub name_kana: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub locale: Locale,
    pub enrollments: Vec<EnrollmentInfo>,
    /// A session idle this long is over (manual 2.2 Note: automatic logout).
    pub idle_timeout_seconds: i64,
    /// When this session ends however active (`CIS_SESSION_MAX_HOURS` after the login), RFC 3339.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub session_ends_at: String,
    /// The account's applications, newest first: the top page's "Current application list"
    /// (under review) and "Application list" (decided).
    pub applications: Vec<AccountApplication>,
    /// A mail address change whose link (mailed to the new address) has not been followed
    /// yet and still works; `null` when there is none. A newer request replaces it.
    #[serde(default)]
    pub pending_email_change: Option<PendingEmailChange>,
}

/// One of the account's applications: the one that opened it, or a later one (an
/// additional student ID number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "reception_number": "2611-4821-0375", "kind": "new", "state": "approved",
    "submitted_at": "2026-11-25T13:12:45Z", "decided_at": "2026-11-25T15:02:11Z"
})))]
pub struct AccountApplication {
    pub reception_number: String,
    pub kind: ApplicationType,
    pub state: ApplicationState,
    /// RFC 3339, UTC.
    pub submitted_at: String,
    /// RFC 3339, UTC; none while under review.
    pub decided_at: Option<String>,
}

impl AccountApplication {
    /// Still under review (or back with the graduate for a resubmission).
    pub fn in_progress(&self) -> bool {
        !matches!(self.state, ApplicationState::Approved | ApplicationState::Rejected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_secret_keeps_the_rules_and_is_not_the_current_one() {
        assert!(validate_secret_change("Kobe2024pass", "Osaka2025pass", "/new_password").is_empty());
        assert_eq!(
            validate_secret_change("Kobe2024pass", "Kobe2024pass", "/new_password"),
            vec![("/new_password".into(), ErrorCode::PasswordUnchanged)]
        );
        assert_eq!(
            validate_secret_change("Second2024pw", "second2025", "/new_second_password"),
            vec![("/new_second_password".into(), ErrorCode::PasswordNeedsUpper)]
        );
    }

    #[test]
    fn the_change_screens_ask_for_the_current_secret_and_a_confirmation() {
        let fields = ["/current_password", "/new_password"];
        assert!(validate_secret_change_form("Kobe2024pass", "Osaka2025pass", "Osaka2025pass", fields).is_empty());
        assert_eq!(
            validate_secret_change_form("", "Osaka2025pass", "Osaka2025pas", fields),
            vec![
                ("/current_password".into(), ErrorCode::Required),
                ("/new_password_confirmation".into(), ErrorCode::ConfirmationMismatch)
            ]
        );
    }

    #[test]
    fn credentials_keep_the_rules_and_differ() {
        assert!(validate_credentials("Kobe2024pass", "Second2024pw").is_empty());
        assert_eq!(
            validate_credentials("Kobe2024pass", "Kobe2024pass"),
            vec![("/second_password".into(), ErrorCode::PasswordsSame)]
        );
        assert_eq!(
            validate_credentials("kobe2024pass", ""),
            vec![("/password".into(), ErrorCode::PasswordNeedsUpper), ("/second_password".into(), ErrorCode::Required)]
        );
    }

    #[test]
    fn the_screen_checks_both_confirmations() {
        assert!(validate_credentials_form("Kobe2024pass", "Kobe2024pass", "Second2024pw", "Second2024pw").is_empty());
        assert_eq!(
            validate_credentials_form("Kobe2024pass", "Kobe2024pasS", "Second2024pw", "Second2024p"),
            vec![
                ("/password_confirmation".into(), ErrorCode::ConfirmationMismatch),
                ("/second_password_confirmation".into(), ErrorCode::ConfirmationMismatch)
            ]
        );
    }

    #[test]
    fn login_outcomes_read_back() {
        let setup: LoginOutcome =
            serde_json::from_str(r#"{"credential_setup_required":true,"setup_token":"t","expires_in":900}"#).unwrap();
        assert!(matches!(setup, LoginOutcome::SetupRequired(_)));
        let tokens: LoginOutcome =
            serde_json::from_str(r#"{"access_token":"a","token_type":"Bearer","expires_in":900}"#).unwrap();
        assert!(matches!(tokens, LoginOutcome::Tokens(_)));
    }
}
