//! Certificates as documents (issue 11): where a certificate type's content comes from, the
//! verification code printed on every issued copy, and what the public verification answers.

#[cfg(feature = "db")]
use sea_orm::entity::prelude::StringLen;
use serde::{Deserialize, Serialize};

use crate::catalog::LocalizedName;
use crate::messages::ErrorCode;

/// Where a certificate type's content comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(StringLen::None)"))]
#[serde(rename_all = "snake_case")]
pub enum CertificateSource {
    /// The approved enrollment: names, birth date, university, department and subject, degree
    /// program, matriculation, graduation or completion.
    #[default]
    #[cfg_attr(feature = "db", sea_orm(string_value = "enrollment"))]
    Enrollment,
    /// The course records staff imported, with the credit total.
    #[cfg_attr(feature = "db", sea_orm(string_value = "academic_record"))]
    AcademicRecord,
    /// A document staff prepare and attach to the order (a medical examination certificate).
    #[cfg_attr(feature = "db", sea_orm(string_value = "staff_prepared"))]
    StaffPrepared,
}

/// The letters of a verification code: Crockford's base 32, without I, L, O and U, so that
/// what is read off paper is typed back without doubt.
pub const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters of a code: 16 letters of 5 bits are 80 random bits.
pub const CODE_LENGTH: usize = 16;

/// A code in its printed form: four groups of four joined by hyphens (`7KQ2-9XGA-M3TD-H0VE`).
pub fn group_code(code: &str) -> String {
    code.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

/// The code a person typed, in its canonical form (upper case, no separators; `O` read as
/// `0`, `I` and `L` as `1`), or `None` when it cannot be one.
pub fn normalize_code(input: &str) -> Option<String> {
    let mut code = String::with_capacity(CODE_LENGTH);
    for c in input.trim().chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' | '\u{3000}' | '－' | 'ー' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && CODE_ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        code.push(c);
        if code.len() > CODE_LENGTH {
            return None;
        }
    }
    (code.len() == CODE_LENGTH).then_some(code)
}

/// A verification code from a form: its canonical form, or why the field is refused
/// (`required` when empty, `verification_code_invalid` when it cannot be a code). The API
/// answers a malformed code as an unknown one; the verification page says so before asking.
pub fn check_code(input: &str) -> Result<String, ErrorCode> {
    if input.trim().is_empty() {
        return Err(ErrorCode::Required);
    }
    normalize_code(input).ok_or(ErrorCode::VerificationCodeInvalid)
}

/// The largest file the verification by file reads: a certificate of many pages is well under
/// it, and the page refuses a larger one before sending it.
pub const MAX_PDF_BYTES: usize = 10 * 1024 * 1024;

/// The most pages a document staff prepare may have: every page is stamped with the copy's
/// code, and a convenience-store machine prints a handful of sheets, not a book.
pub const MAX_PREPARED_PAGES: usize = 50;

/// Whether a file begins as a PDF does (`%PDF-`): the type is judged by content, not by the
/// name or the declared media type.
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// A line of an order whose certificate staff prepare (`source` `staff_prepared`), and the
/// document attached to it. Each copy of the line is that document with the copy's
/// verification code, QR code and page numbers stamped on every page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "line": 1, "certificate_type_id": 3, "name": {"ja": "健康診断証明書", "en": "Medical Examination Certificate"},
    "attached_at": "2026-11-29T02:15:00Z", "pages": 1,
    "sha256": "9f2c4e0d5b7a8c1e3f6a9b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e", "replaceable": true
})))]
pub struct PreparedDocument {
    /// The line's number in the order's `items`, from 1: the `{line}` of
    /// `PUT /api/v1/staff/orders/{order_number}/lines/{line}/document`.
    pub line: u32,
    pub certificate_type_id: i64,
    pub name: LocalizedName,
    /// When the document was attached (RFC 3339, UTC); null while the order waits for it.
    pub attached_at: Option<String>,
    pub pages: Option<u32>,
    /// SHA-256 of the file as attached (a copy's file, stamped, has its own), hexadecimal.
    pub sha256: Option<String>,
    /// Whether a document may be attached or replaced: until a copy is issued from it, and
    /// while the order is neither finished nor shipped.
    pub replaceable: bool,
}

/// The largest seal image administrators may upload.
pub const MAX_SEAL_BYTES: usize = 2 * 1024 * 1024;
/// The shortest and longest side of a seal image, in pixels.
pub const SEAL_SIDES: std::ops::RangeInclusive<u32> = 100..=2000;

/// Whether an image of these sides prints as a seal: nearly square (the longer side at most
/// 5/4 of the shorter) and each side within [`SEAL_SIDES`]; `seal_shape` when not.
pub fn check_seal_shape(width: u32, height: u32) -> Result<(), ErrorCode> {
    let (short, long) = (width.min(height), width.max(height));
    let square = u64::from(long) * 4 <= u64::from(short) * 5;
    if SEAL_SIDES.contains(&short) && SEAL_SIDES.contains(&long) && square {
        Ok(())
    } else {
        Err(ErrorCode::SealShape)
    }
}

/// The title a certificate prints: its type's name in its language, without the language
/// the catalogue adds to tell the versions apart (`Certificate of Graduation (English)`
/// prints as `Certificate of Graduation`, `修了証明書（和文）` as `修了証明書`).
pub fn printed_title(name: &str) -> &str {
    ["(English)", "(Japanese)", "（英文）", "（和文）", "(英文)", "(和文)"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .map_or(name, str::trim_end)
}

/// Whether an issued copy still stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(StringLen::None)"))]
#[serde(rename_all = "snake_case")]
pub enum CopyStatus {
    #[cfg_attr(feature = "db", sea_orm(string_value = "valid"))]
    Valid,
    /// Withdrawn by the university, with a reason.
    #[cfg_attr(feature = "db", sea_orm(string_value = "revoked"))]
    Revoked,
}

/// What the public verification tells about a copy: only what is printed on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "status": "valid", "certificate_type": "卒業証明書", "language": "ja", "holder_name": "山田 太郎",
    "issued_on": "2026-11-26", "university": "デモ大学", "revoked_at": null, "revocation_reason": null
})))]
pub struct Verification {
    pub status: CopyStatus,
    /// The title printed on the copy, in its language.
    pub certificate_type: String,
    /// The language the copy is printed in: `ja` or `en`.
    pub language: String,
    /// The holder's name as printed (kanji on a Japanese copy, roman letters on an English one).
    pub holder_name: String,
    /// The issue date printed on the copy (Japan time), `YYYY-MM-DD`.
    pub issued_on: String,
    /// The university's name as printed.
    pub university: String,
    /// When the university revoked it (RFC 3339, UTC).
    pub revoked_at: Option<String>,
    pub revocation_reason: Option<String>,
}

/// Whether an uploaded file is, byte for byte, an issued copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "match": true, "status": "valid", "certificate_type": "卒業証明書", "language": "ja",
    "holder_name": "山田 太郎", "issued_on": "2026-11-26", "university": "デモ大学",
    "revoked_at": null, "revocation_reason": null
})))]
pub struct FileVerification {
    #[serde(rename = "match")]
    pub matches: bool,
    /// The copy's verification, when the file is one.
    #[serde(flatten)]
    pub copy: Option<Verification>,
}

/// A copy as staff see it on an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedCopy {
    pub id: i64,
    pub certificate_type_id: i64,
    /// The title printed on it.
    pub certificate_type: String,
    /// The verification code in groups of four.
    pub verification_code: String,
    /// SHA-256 of the PDF, hexadecimal.
    pub sha256: String,
    /// RFC 3339, UTC.
    pub issued_at: String,
    /// When a station reported it printed (RFC 3339, UTC).
    pub printed_at: Option<String>,
    pub status: CopyStatus,
    pub revoked_at: Option<String>,
    pub revocation_reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_back_as_people_type_them() {
        assert_eq!(normalize_code("7kq2-9xga-m3td-h0ve").as_deref(), Some("7KQ29XGAM3TDH0VE"));
        assert_eq!(normalize_code(" 7KQ2 9XGA M3TD HOVE ").as_deref(), Some("7KQ29XGAM3TDH0VE"));
        assert_eq!(normalize_code("IL00-0000-0000-0000").as_deref(), Some("1100000000000000"));
        assert_eq!(normalize_code("7KQ2-9XGA-M3TD-H0V"), None);
        assert_eq!(normalize_code("7KQ2-9XGA-M3TD-H0VEE"), None);
        assert_eq!(normalize_code("7KQ2-9XGA-M3TD-H0VU"), None);
        assert_eq!(normalize_code("../../etc/passwd"), None);
        assert_eq!(group_code("7KQ29XGAM3TDH0VE"), "7KQ2-9XGA-M3TD-H0VE");
    }

    #[test]
    fn a_form_names_why_a_code_is_refused() {
        assert_eq!(check_code("7kq2 9xga m3td h0ve"), Ok("7KQ29XGAM3TDH0VE".to_owned()));
        assert_eq!(check_code("  "), Err(ErrorCode::Required));
        assert_eq!(check_code("7KQ2-9XGA"), Err(ErrorCode::VerificationCodeInvalid));
    }

    #[test]
    fn a_seal_is_nearly_square_and_neither_tiny_nor_huge() {
        assert_eq!(check_seal_shape(400, 400), Ok(()));
        assert_eq!(check_seal_shape(500, 400), Ok(()));
        assert_eq!(check_seal_shape(400, 500), Ok(()));
        assert_eq!(check_seal_shape(501, 400), Err(ErrorCode::SealShape));
        assert_eq!(check_seal_shape(99, 99), Err(ErrorCode::SealShape));
        assert_eq!(check_seal_shape(2001, 2001), Err(ErrorCode::SealShape));
        assert!(looks_like_pdf(b"%PDF-1.7\n") && !looks_like_pdf(b"\x89PNG\r\n"));
    }

    #[test]
    fn titles_print_without_the_catalogues_language_note() {
        assert_eq!(printed_title("Certificate of Graduation (English)"), "Certificate of Graduation");
        assert_eq!(printed_title("修了証明書（和文）"), "修了証明書");
        assert_eq!(printed_title("卒業証明書"), "卒業証明書");
    }

    #[test]
    fn a_file_verification_keeps_the_copy_fields_at_the_top() {
        let none = FileVerification { matches: false, copy: None };
        assert_eq!(serde_json::to_value(&none).unwrap(), serde_json::json!({"match": false}));
    }
}
