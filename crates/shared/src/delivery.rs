//! Digital delivery (issue 11, a third channel beyond the manual): the graduate names a
//! recipient — a person, their organisation and mail address — and the university sends
//! them a link, valid three months, to a page that downloads the certificate as a PDF and
//! as a W3C Verifiable Credential. The graduate sees whether it was opened and may cancel
//! it while it is not.

use serde::{Deserialize, Serialize};

use crate::application::{Check, Violations};
use crate::catalog::LocalizedName;
use crate::email::Email;
use crate::fields;

/// The longest recipient name and organisation.
pub const RECIPIENT_LINE: usize = 100;
/// How long a recipient's link opens the delivery, in months.
pub const LINK_MONTHS: u32 = 3;
/// The delivery token in a recipient's link: 43 URL-safe base64 characters (32 random bytes).
pub const TOKEN_LENGTH: usize = 43;

/// Who receives a digital delivery.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Hanako Suzuki", "organisation": "Example Trading Co., Ltd. Human Resources", "email": "hr@example.com"
})))]
pub struct Recipient {
    /// The person, 1 to 100 characters.
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub name: String,
    /// Their organisation (a company, a school), 0 to 100 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub organisation: String,
    /// Where the link is sent.
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: String,
}

impl Check {
    /// The rules of a recipient, at `/recipient/…`.
    pub fn recipient(&mut self, r: &Recipient) {
        self.field("/recipient/name", fields::parse_line(&r.name, RECIPIENT_LINE));
        if !r.organisation.is_empty() {
            self.field("/recipient/organisation", fields::parse_line(&r.organisation, RECIPIENT_LINE));
        }
        self.field("/recipient/email", Email::parse(&r.email));
    }
}

/// Every broken rule of a recipient, at `/recipient/…`.
pub fn check_recipient(r: &Recipient) -> Violations {
    let mut c = Check(Vec::new());
    c.recipient(r);
    c.0
}

/// Where a digital delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// The link was sent; nothing downloaded yet (the graduate may still cancel).
    Sent,
    /// The recipient downloaded the certificate at least once.
    Opened,
    /// Cancelled by the graduate before it was opened: the link no longer works and the
    /// copies are revoked.
    Cancelled,
    /// The link is past its three months.
    Expired,
}

impl DeliveryStatus {
    pub fn label(self, locale: crate::Locale) -> &'static str {
        match self {
            DeliveryStatus::Sent => locale.pick("送信済み（未開封）", "Sent (not opened yet)"),
            DeliveryStatus::Opened => locale.pick("開封済み", "Opened"),
            DeliveryStatus::Cancelled => locale.pick("取消済み", "Cancelled"),
            DeliveryStatus::Expired => locale.pick("期限切れ", "Expired"),
        }
    }
}

/// What a recipient downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DownloadFormat {
    /// The certificate as printed (`application/pdf`).
    Pdf,
    /// The W3C Verifiable Credential 2.0 secured as a JWT (`application/vc+jwt`).
    Credential,
}

impl DownloadFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            DownloadFormat::Pdf => "pdf",
            DownloadFormat::Credential => "credential",
        }
    }

    pub fn parse(text: &str) -> Option<DownloadFormat> {
        [DownloadFormat::Pdf, DownloadFormat::Credential].into_iter().find(|f| f.as_str() == text)
    }
}

/// One download of a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryDownload {
    /// RFC 3339, UTC.
    pub at: String,
    pub format: DownloadFormat,
}

/// A digital delivery as the graduate (and staff) follow it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "status": "opened", "sent_at": "2026-11-26T09:00:00Z", "expires_at": "2027-02-26T09:00:00Z",
    "opened_at": "2026-11-27T01:12:00Z", "cancelled_at": null, "cancellable": false,
    "downloads": [{"at": "2026-11-27T01:12:00Z", "format": "pdf"}]
})))]
pub struct DigitalDelivery {
    pub status: DeliveryStatus,
    /// RFC 3339, UTC.
    pub sent_at: String,
    /// When the recipient's link stops working.
    pub expires_at: String,
    /// The first download.
    pub opened_at: Option<String>,
    pub cancelled_at: Option<String>,
    /// Whether the graduate may still cancel it (sent, not opened, not expired).
    pub cancellable: bool,
    /// Every download, oldest first.
    pub downloads: Vec<DeliveryDownload>,
}

/// The token of a recipient's link, sent in a body (never in a URL a server logs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"token": "q9cVZbqkq1t3V2oX2u6m0l4W7eYxJ8rP5nA1dF3sK0h"})))]
pub struct DeliveryToken {
    /// From the link's fragment (`/receive#<token>`).
    #[cfg_attr(feature = "openapi", schema(min_length = 43, max_length = 43))]
    pub token: String,
}

/// A download a recipient asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "token": "q9cVZbqkq1t3V2oX2u6m0l4W7eYxJ8rP5nA1dF3sK0h", "copy_id": 12, "format": "pdf"
})))]
pub struct DownloadRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 43, max_length = 43))]
    pub token: String,
    /// One of the delivery's `documents`.
    #[serde(deserialize_with = "crate::json::integer")]
    pub copy_id: i64,
    pub format: DownloadFormat,
}

/// A document of a delivery, as the recipient's page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveredDocument {
    pub copy_id: i64,
    /// As printed on the certificate.
    pub title: String,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    /// In groups of four, as printed.
    pub verification_code: String,
}

/// What a recipient's page shows: who sends what to whom, until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "university": {"ja": "デモ大学", "en": "Demo University"}, "holder_name": "山田 太郎",
    "recipient": {"name": "Hanako Suzuki", "organisation": "Example Trading Co., Ltd.", "email": "hr@example.com"},
    "expires_at": "2027-02-26T09:00:00Z",
    "documents": [{"copy_id": 12, "title": "卒業証明書", "issued_on": "2026-11-26", "verification_code": "7K3M-Q9TX-2F4H-8RZD"}]
})))]
pub struct ReceivedDelivery {
    pub university: LocalizedName,
    /// The graduate who sends it, as printed on the certificates.
    pub holder_name: String,
    pub recipient: Recipient,
    /// RFC 3339, UTC.
    pub expires_at: String,
    pub documents: Vec<DeliveredDocument>,
}

/// A public key of the university (RFC 7517, an Ed25519 key as RFC 8037 writes it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Jwk {
    /// `OKP`.
    pub kty: String,
    /// `Ed25519`.
    pub crv: String,
    /// The public key, URL-safe base64 without padding.
    pub x: String,
    /// The key's JWK thumbprint (RFC 7638): a credential's JWT names it in its header.
    pub kid: String,
    /// `sig`.
    #[serde(rename = "use")]
    pub use_: String,
    /// `EdDSA`.
    pub alg: String,
}

/// The university's public keys, which check its Verifiable Credentials offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"keys": [{
    "kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
    "kid": "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", "use": "sig", "alg": "EdDSA"
}]})))]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

/// Whether a link's token has the form the server issues (43 URL-safe base64 characters),
/// checked before it is sent.
pub fn token_well_formed(token: &str) -> bool {
    token.len() == TOKEN_LENGTH && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::ErrorCode;

    fn recipient() -> Recipient {
        Recipient { name: "Hanako Suzuki".into(), organisation: String::new(), email: "hr@example.com".into() }
    }

    #[test]
    fn a_recipient_needs_a_name_and_a_mail_address_but_not_an_organisation() {
        assert!(check_recipient(&recipient()).is_empty());
        let mut r = recipient();
        r.name = " ".into();
        r.email = "not-an-address".into();
        let found: Vec<_> = check_recipient(&r).into_iter().map(|(p, _)| p).collect();
        assert_eq!(found, ["/recipient/name", "/recipient/email"]);
        r = recipient();
        r.organisation = "x".repeat(101);
        assert_eq!(check_recipient(&r), vec![("/recipient/organisation".into(), ErrorCode::TooLong)]);
    }

    #[test]
    fn tokens_are_checked_for_their_form_only() {
        assert!(token_well_formed(&"a".repeat(43)));
        assert!(!token_well_formed(&"a".repeat(42)));
        assert!(!token_well_formed(&format!("{}=", "a".repeat(42))));
    }
}
