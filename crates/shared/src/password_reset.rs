//! A forgotten password (manual 2.4 (f)): the mail address that asks for a reset link, the
//! link's state, and the password and second password the link sets.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// "Reset password": where to send the reset link, and in which language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "taro@example.jp", "locale": "ja"})))]
pub struct StartPasswordReset {
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    /// The language of the mail.
    #[serde(default)]
    pub locale: Locale,
}

/// The same answer whether or not the address has an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"link_valid_minutes": 30})))]
pub struct PasswordResetAccepted {
    /// How long the link in the mail works.
    pub link_valid_minutes: i64,
}

/// A reset link that still works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "email": "taro@example.jp", "expires_at": "2026-11-25T13:30:00Z"
})))]
pub struct PasswordResetLink {
    /// The account's address (the link was mailed to it): the login name.
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    /// RFC 3339, UTC.
    pub expires_at: String,
}

/// The new password and second password (manual 2.4 (f) step 6): the rules of the first
/// login's Password Setting (`auth::validate_credentials`), and neither the old password
/// nor the old second password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"password": "Osaka2025pass", "second_password": "Second2025pw"})))]
pub struct PasswordReset {
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 8, max_length = 64, pattern = r"^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])[A-Za-z0-9]+$")
    )]
    pub password: String,
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 8, max_length = 64, pattern = r"^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])[A-Za-z0-9]+$")
    )]
    pub second_password: String,
}
