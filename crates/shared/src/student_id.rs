//! Registering an additional student ID number (manual 2.3): the one-time link a logged-in
//! graduate asks for, what the link opens, the form sent under it, and its rules. The form
//! is the enrollment part of the registration form (manual 2.1 step 10), with its rules.

use serde::{Deserialize, Serialize};

use crate::application::{validate_enrollment, Enrollment, Violations};
use crate::auth::EnrollmentInfo;
use crate::catalog::{AffiliationNode, DegreeProgram};
use crate::messages::ErrorCode;
use crate::Locale;

/// Manual 2.3 steps 4–6: the mail with the one-time link is on its way to the account's
/// address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "taro@example.jp", "link_valid_minutes": 30})))]
pub struct StudentIdRequested {
    /// The account's address, where the link was sent.
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    /// How long the link in the mail works.
    pub link_valid_minutes: i64,
}

/// The application the university sent back (resubmission): its number and the reviewer's
/// reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReturnedStudentId {
    pub reception_number: String,
    /// Why the university asks for a resubmission.
    pub reason: String,
}

/// What a student ID link (`/student-id/{token}`) opens: whose account it is, the student
/// records it has, the record the form starts with, and, for a resubmission, the
/// application sent back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "email": "taro@example.jp", "locale": "ja", "expires_at": "2026-11-26T10:30:00Z",
    "name": "電電 太郎", "name_kana": "デンデン タロウ",
    "enrollments": [{"id": 3, "student_id": "A1234567", "name": "電電 太郎", "name_kana": "デンデン タロウ",
        "name_roman": "DENDEN TAROU", "affiliation_id": 12,
        "affiliation_path": [{"ja": "文学部", "en": "Faculty of Letters"}, {"ja": "外国語学科", "en": "Department of Foreign Languages"}, {"ja": "英語専攻", "en": "English Studies"}],
        "degree_program": "undergraduate", "matriculation": "2011-04", "graduation": "2015-03", "completion": "graduated"}],
    "enrollment": {"name": "電電 太郎", "name_kana": "デンデン タロウ", "name_roman": "DENDEN TAROU",
        "affiliation_id": 0, "degree_program": "", "student_id": "", "matriculation": "", "graduation": "",
        "completion": "graduated"},
    "returned": null
})))]
pub struct StudentIdLink {
    /// The account's address.
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub email: String,
    pub locale: Locale,
    /// RFC 3339, UTC.
    pub expires_at: String,
    /// The account's name today (the name when in school may differ).
    pub name: String,
    pub name_kana: String,
    /// The student records the account has; the new one must have another student ID.
    pub enrollments: Vec<EnrollmentInfo>,
    /// The record the form starts with: the names when in school of the account's first
    /// record, or, under a resubmission link, the record as sent, to be corrected.
    pub enrollment: Enrollment,
    /// A resubmission link: the application the university sent back.
    #[serde(default)]
    pub returned: Option<ReturnedStudentId>,
}

/// Manual 2.3 steps 7–9: the student record to add, as in the registration form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "enrollment": {"name": "電電 太郎", "name_kana": "デンデン タロウ", "name_roman": "DENDEN TAROU",
                   "affiliation_id": 3, "degree_program": "masters", "student_id": "M2345678",
                   "matriculation": "2015-04", "graduation": "2017-03", "completion": "graduated"}
})))]
pub struct StudentIdApplication {
    pub enrollment: Enrollment,
}

/// Every broken rule of the form's student record: the enrollment's (manual 2.1 step 10), and a student ID
/// number among `taken` (the account's, and those of its applications waiting for a
/// decision), compared without regard to case.
pub fn validate(
    enrollment: &Enrollment,
    affiliations: &[AffiliationNode],
    degree_programs: &[DegreeProgram],
    taken: &[String],
) -> Violations {
    let mut violations = validate_enrollment(enrollment, affiliations, degree_programs);
    let id = enrollment.student_id.trim();
    let field = "/enrollment/student_id";
    if !id.is_empty() && !violations.iter().any(|(p, _)| p == field) && taken.iter().any(|t| t.eq_ignore_ascii_case(id))
    {
        violations.push((field.to_owned(), ErrorCode::StudentIdRegistered));
    }
    violations
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::Completion;
    use crate::catalog::{AffiliationLevel, LocalizedName};

    fn node(id: i64, level: AffiliationLevel, children: Vec<AffiliationNode>) -> AffiliationNode {
        let name = LocalizedName { ja: "学部".into(), en: "Faculty".into() };
        AffiliationNode { id, code: format!("n{id}"), level, name, children }
    }

    fn check(form: &StudentIdApplication, taken: &[String]) -> Violations {
        let tree = vec![node(
            1,
            AffiliationLevel::Faculty,
            vec![node(2, AffiliationLevel::Department, vec![node(3, AffiliationLevel::Subject, vec![])])],
        )];
        let programs = vec![DegreeProgram {
            code: "masters".into(),
            name: LocalizedName { ja: "修士".into(), en: "Master".into() },
        }];
        validate(&form.enrollment, &tree, &programs, taken)
    }

    fn form() -> StudentIdApplication {
        StudentIdApplication {
            enrollment: Enrollment {
                name: "電電 太郎".into(),
                name_kana: "デンデン タロウ".into(),
                name_roman: "DENDEN TAROU".into(),
                affiliation_id: 3,
                degree_program: "masters".into(),
                student_id: "M2345678".into(),
                matriculation: "2015-04".into(),
                graduation: "2017-03".into(),
                completion: Completion::Graduated,
            },
        }
    }

    #[test]
    fn a_new_student_id_with_a_valid_record_passes() {
        assert_eq!(check(&form(), &["A1234567".to_owned()]), vec![]);
    }

    #[test]
    fn a_student_id_the_account_has_is_refused_whatever_its_case() {
        assert_eq!(
            check(&form(), &["m2345678".to_owned()]),
            vec![("/enrollment/student_id".to_owned(), ErrorCode::StudentIdRegistered)]
        );
    }

    #[test]
    fn the_enrollment_rules_apply_with_their_pointers() {
        let mut f = form();
        f.enrollment.name_kana = "でんでん".into();
        f.enrollment.affiliation_id = 2;
        f.enrollment.student_id = "M 1".into();
        assert_eq!(
            check(&f, &[]),
            vec![
                ("/enrollment/name_kana".to_owned(), ErrorCode::KatakanaOnly),
                ("/enrollment/affiliation_id".to_owned(), ErrorCode::AffiliationNotSubject),
                ("/enrollment/student_id".to_owned(), ErrorCode::StudentIdInvalid),
            ]
        );
    }
}
