//! The university and its catalogue: affiliations, degree programs, certificate types.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// A name in both languages of the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalizedName {
    /// The Japanese name.
    pub ja: String,
    /// The English name.
    pub en: String,
}

impl LocalizedName {
    pub fn get(&self, locale: Locale) -> &str {
        locale.pick(&self.ja, &self.en)
    }
}

/// The university this deployment serves (shown in the header of every screen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "code": "demo", "name": {"ja": "The University", "en": "The University"}
})))]
pub struct University {
    /// A short identifier of the university.
    pub code: String,
    pub name: LocalizedName,
}

/// Where a node sits in the three-level affiliation tree (manual 2.1 step 10: first,
/// second and third selection).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AffiliationLevel {
    /// First selection: a faculty or graduate school.
    Faculty,
    /// Second selection: a department or division.
    Department,
    /// Third selection: a subject or course; the only level an enrollment can name.
    Subject,
}

impl AffiliationLevel {
    /// The level of the children of a node of this level, if any.
    pub fn child(self) -> Option<AffiliationLevel> {
        match self {
            AffiliationLevel::Faculty => Some(AffiliationLevel::Department),
            AffiliationLevel::Department => Some(AffiliationLevel::Subject),
            AffiliationLevel::Subject => None,
        }
    }
}

/// A node of the affiliation tree with its children, in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 1, "code": "letters", "level": "faculty",
    "name": {"ja": "文学部", "en": "Faculty of Letters"},
    "children": [{"id": 2, "code": "letters.foreign_language", "level": "department",
        "name": {"ja": "外国語学科", "en": "Department of Foreign Language"},
        "children": [{"id": 3, "code": "letters.foreign_language.foreign_language", "level": "subject",
            "name": {"ja": "外国語専修", "en": "Division of Foreign Language"}, "children": []}]}]
})))]
pub struct AffiliationNode {
    pub id: i64,
    /// A stable code, unique within the university.
    pub code: String,
    pub level: AffiliationLevel,
    pub name: LocalizedName,
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<AffiliationNode>,
}

/// The faculty, department and subject leading to a subject (manual 2.1 step 10's three
/// selections); `None` when `id` is not a subject of the tree.
pub fn subject_path(tree: &[AffiliationNode], id: i64) -> Option<[&AffiliationNode; 3]> {
    tree.iter().find_map(|faculty| {
        faculty.children.iter().find_map(|department| {
            department
                .children
                .iter()
                .find(|subject| subject.id == id && subject.level == AffiliationLevel::Subject)
                .map(|subject| [faculty, department, subject])
        })
    })
}

/// The names of a subject's faculty, department and subject, in both languages; empty
/// when `id` is not a subject of the tree.
pub fn subject_names(tree: &[AffiliationNode], id: i64) -> Vec<LocalizedName> {
    subject_path(tree, id).map(|path| path.iter().map(|node| node.name.clone()).collect()).unwrap_or_default()
}

/// A degree program a graduate was enrolled in (manual 2.1 step 10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "code": "undergraduate", "name": {"ja": "学部", "en": "Undergraduate Program"}
})))]
pub struct DegreeProgram {
    /// `undergraduate`, `masters`, `doctoral`, `professional`, `non_degree` or
    /// `doctor_by_dissertation` in the demo catalogue.
    pub code: String,
    pub name: LocalizedName,
}

/// The language a certificate is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum CertificateLanguage {
    Ja,
    En,
}

impl CertificateLanguage {
    /// `ja` or `en`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            CertificateLanguage::Ja => "ja",
            CertificateLanguage::En => "en",
        }
    }

    /// The language stored as `text` (`en`; anything else is Japanese, the default).
    pub fn from_stored(text: &str) -> CertificateLanguage {
        if text == "en" {
            CertificateLanguage::En
        } else {
            CertificateLanguage::Ja
        }
    }
}

/// A kind of certificate that can be ordered, with its commission (manual 2.3 step 15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 4, "code": "academic_record", "language": "ja",
    "name": {"ja": "成績証明書", "en": "Certificate of Academic Record"}, "fee_yen": 200
})))]
pub struct CertificateType {
    pub id: i64,
    /// A stable code, unique within the university.
    pub code: String,
    pub name: LocalizedName,
    /// The language the certificate is printed in.
    pub language: CertificateLanguage,
    /// The commission for one copy, in yen.
    pub fee_yen: u32,
}
