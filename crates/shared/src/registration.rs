//! The registration link's requests and answers (manual 2.1 steps 3–16).

use serde::{Deserialize, Serialize};

use crate::Locale;

/// "Mail address setting": where to send the one-time link, and in which language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "taro@example.jp", "locale": "ja"})))]
pub struct StartRegistration {
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    /// The language of the mail and of the screens behind the link.
    #[serde(default)]
    pub locale: Locale,
}

/// The same answer whether or not the address is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"link_valid_minutes": 30})))]
pub struct RegistrationAccepted {
    /// How long the link in the mail works.
    pub link_valid_minutes: i64,
}

/// What a registration link is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "email": "taro@example.jp", "locale": "ja", "expires_at": "2026-11-25T13:30:00Z"
})))]
pub struct RegistrationLink {
    /// The address the link was sent to; the account will use it.
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    pub locale: Locale,
    /// RFC 3339, UTC.
    pub expires_at: String,
}

/// An uploaded identity document image, as stored (re-encoded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 7, "content_type": "image/jpeg", "width": 1600, "height": 1000
})))]
pub struct UploadedDocument {
    pub id: i64,
    /// `image/jpeg` or `image/png`.
    pub content_type: String,
    pub width: u32,
    pub height: u32,
}

/// "Application reception" (manual 2.1 step 16).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "reception_number": "2611-4821-0375", "submitted_at": "2026-11-25T13:12:45Z"
})))]
pub struct ApplicationReceipt {
    /// Quoted in the reception mail and to the university.
    pub reception_number: String,
    /// RFC 3339, UTC.
    pub submitted_at: String,
}

/// What a resubmission link (`/resubmit/{token}`) reopens: the submitted form, filled in,
/// with the reviewer's reason and the documents already attached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResubmissionLink {
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    pub locale: Locale,
    /// RFC 3339, UTC.
    pub expires_at: String,
    pub reception_number: String,
    /// Why the university asks for a resubmission.
    pub reason: String,
    pub form: crate::application::ApplicationForm,
    /// Images already attached to the application; their ids may be kept in the form.
    pub documents: Vec<crate::staff::DocumentInfo>,
}
