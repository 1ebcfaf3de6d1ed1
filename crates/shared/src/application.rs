//! The application for use (manual 2.1 steps 9–13; 2.4 (c) for a reapplication): the form
//! the graduate fills in, and its validation, run by the SPA as the user types and by the
//! API on submission.

#[cfg(feature = "db")]
use sea_orm::entity::prelude::StringLen;
use serde::{Deserialize, Serialize};

use crate::catalog::{subject_path, AffiliationNode, DegreeProgram, LocalizedName};
use crate::email::Email;
use crate::fields::{self, Date, KatakanaName, PersonName, PhoneNumber, PostalCode, RomanName, YearMonth};
use crate::messages::ErrorCode;

/// `new`, or `reapplication` when the address used before can no longer be used (2.4 (c)),
/// or `additional_student_id` (2.3): a logged-in graduate's further student record, sent
/// through `/api/v1/student-id-applications/{token}`, never through the registration form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(StringLen::None)"))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationType {
    #[default]
    #[cfg_attr(feature = "db", sea_orm(string_value = "new"))]
    New,
    #[cfg_attr(feature = "db", sea_orm(string_value = "reapplication"))]
    Reapplication,
    #[cfg_attr(feature = "db", sea_orm(string_value = "additional_student_id"))]
    AdditionalStudentId,
}

/// Graduated, or withdrawn / removed (manual 2.1 step 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(StringLen::None)"))]
#[serde(rename_all = "snake_case")]
pub enum Completion {
    #[default]
    #[cfg_attr(feature = "db", sea_orm(string_value = "graduated"))]
    Graduated,
    #[cfg_attr(feature = "db", sea_orm(string_value = "withdrawn"))]
    Withdrawn,
}

/// The kind of identity document photographed (manual 2.1 step 13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdentityDocumentKind {
    #[default]
    DriversLicense,
    Passport,
    InsuranceCard,
    FamilyRegisterCertificate,
    PhotoId,
}

impl IdentityDocumentKind {
    pub const ALL: [IdentityDocumentKind; 5] = [
        IdentityDocumentKind::DriversLicense,
        IdentityDocumentKind::Passport,
        IdentityDocumentKind::InsuranceCard,
        IdentityDocumentKind::FamilyRegisterCertificate,
        IdentityDocumentKind::PhotoId,
    ];
}

/// The applicant today (manual 2.1 step 9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Applicant {
    /// Family name, one space, given name (kanji, kana or Latin letters).
    pub name: String,
    /// In full-width katakana, one space between family and given name.
    pub name_kana: String,
    /// `YYYY-MM-DD`, in the past.
    pub birth_date: String,
}

/// The graduate when enrolled (manual 2.1 step 10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrollment {
    pub name: String,
    pub name_kana: String,
    /// Upper-case A–Z and spaces, family name first.
    pub name_roman: String,
    /// A subject (third level) of `GET /api/v1/catalog/affiliations`.
    #[serde(deserialize_with = "crate::json::integer")]
    pub affiliation_id: i64,
    /// A code of `GET /api/v1/catalog/degree-programs`.
    pub degree_program: String,
    /// Optional; half-width letters, digits and hyphens.
    #[serde(default)]
    pub student_id: String,
    /// Optional `YYYY-MM`.
    #[serde(default)]
    pub matriculation: String,
    /// `YYYY-MM`, not before matriculation.
    pub graduation: String,
    pub completion: Completion,
}

/// The current address (manual 2.1 step 11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// `NNN-NNNN`
    pub postal_code: String,
    pub prefecture: String,
    pub city: String,
    pub street: String,
    #[serde(default)]
    pub apartment: Option<String>,
}

/// What the certificates are for (manual 2.1 step 12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Purpose {
    pub intended_use: String,
    pub submit_to: String,
}

/// The employer (manual 2.1 step 12, optional): every field may be left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Employer {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub postal_code: Option<String>,
    #[serde(default)]
    pub prefecture: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub street: Option<String>,
    #[serde(default)]
    pub apartment: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// The identity document: its kind and the images uploaded under the same link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityDocument {
    pub kind: IdentityDocumentKind,
    /// The id answered by the upload of the front side (required).
    #[serde(default, deserialize_with = "crate::json::optional_integer")]
    pub front: Option<i64>,
    /// The id of the back side, when it carries information (a changed address).
    #[serde(default, deserialize_with = "crate::json::optional_integer")]
    pub back: Option<i64>,
}

/// The whole applicant form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "application_type": "new",
    "agreed_to_terms": true,
    "applicant": {"name": "電電 太郎", "name_kana": "デンデン タロウ", "birth_date": "1990-09-09"},
    "enrollment": {"name": "電電 太郎", "name_kana": "デンデン タロウ", "name_roman": "DENDEN TAROU",
                   "affiliation_id": 3, "degree_program": "undergraduate", "student_id": "1234567",
                   "matriculation": "2011-04", "graduation": "2015-03", "completion": "graduated"},
    "address": {"postal_code": "100-0001", "prefecture": "Tokyo", "city": "Chiyoda-ku",
                "street": "1-1 Chiyoda", "apartment": null},
    "phone": "03-1111-2222", "mobile_phone": "090-1111-2222", "contact_email": "taro@example.jp",
    "purpose": {"intended_use": "Employment", "submit_to": "Example Corp."},
    "employer": null,
    "identity_document": {"kind": "drivers_license", "front": 7, "back": null},
    "remarks": ""
})))]
pub struct ApplicationForm {
    pub application_type: ApplicationType,
    /// "I agree with the above" on the Permission for use screen (manual 2.1 step 7).
    pub agreed_to_terms: bool,
    pub applicant: Applicant,
    pub enrollment: Enrollment,
    pub address: Address,
    pub phone: String,
    pub mobile_phone: String,
    pub contact_email: String,
    pub purpose: Purpose,
    #[serde(default)]
    pub employer: Option<Employer>,
    pub identity_document: IdentityDocument,
    #[serde(default)]
    pub remarks: String,
}

/// One student record of the graduate (ARCHITECTURE.md 4, `enrollments`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrollmentInfo {
    pub id: i64,
    pub student_id: String,
    /// Names when in school.
    pub name: String,
    pub name_kana: String,
    pub name_roman: String,
    pub affiliation_id: i64,
    /// Faculty to subject, in Japanese and English.
    pub affiliation_path: Vec<LocalizedName>,
    pub degree_program: String,
    /// `YYYY-MM`.
    pub matriculation: String,
    /// `YYYY-MM`.
    pub graduation: String,
    pub completion: Completion,
}

/// What the form is checked against: the catalogue, today, and the documents uploaded
/// under the same link.
pub struct Context<'a> {
    pub today: Date,
    pub affiliations: &'a [AffiliationNode],
    pub degree_programs: &'a [DegreeProgram],
    pub uploaded_documents: &'a [i64],
}

/// The broken rules, each at its field's JSON pointer.
pub type Violations = Vec<(String, ErrorCode)>;

/// The longest one-line texts: a city; a street, a name or a purpose.
const LINE: usize = 100;
const LONG_LINE: usize = 200;

pub(crate) struct Check(pub(crate) Violations);

impl Check {
    pub(crate) fn field<T>(&mut self, pointer: &str, result: Result<T, ErrorCode>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(code) => {
                self.0.push((pointer.to_owned(), code));
                None
            }
        }
    }

    /// An optional text: empty or absent is fine, anything else must parse.
    pub(crate) fn optional<'s, T>(
        &mut self,
        pointer: &str,
        value: Option<&'s str>,
        parse: impl Fn(&'s str) -> Result<T, ErrorCode>,
    ) {
        if let Some(text) = value.filter(|t| !t.is_empty()) {
            self.field(pointer, parse(text));
        }
    }

    /// The applicant today (manual 2.1 step 9, 2.4 (a)).
    pub(crate) fn applicant(&mut self, a: &Applicant, today: Date) {
        self.field("/applicant/name", PersonName::parse(&a.name));
        self.field("/applicant/name_kana", KatakanaName::parse(&a.name_kana));
        self.field("/applicant/birth_date", fields::parse_birth_date(&a.birth_date, today));
    }

    /// The current address (manual 2.1 step 11).
    pub(crate) fn address(&mut self, ad: &Address) {
        self.field("/address/postal_code", PostalCode::parse(&ad.postal_code));
        self.field("/address/prefecture", fields::parse_line(&ad.prefecture, 20));
        self.field("/address/city", fields::parse_line(&ad.city, LINE));
        self.field("/address/street", fields::parse_line(&ad.street, LONG_LINE));
        self.optional("/address/apartment", ad.apartment.as_deref(), |t| fields::parse_line(t, LONG_LINE));
    }

    /// The employer (manual 2.1 step 12, 2.4 (a)): every field optional.
    pub(crate) fn employer(&mut self, employer: &Employer) {
        self.optional("/employer/name", employer.name.as_deref(), |t| fields::parse_line(t, LONG_LINE));
        self.optional("/employer/postal_code", employer.postal_code.as_deref(), PostalCode::parse);
        self.optional("/employer/prefecture", employer.prefecture.as_deref(), |t| fields::parse_line(t, 20));
        self.optional("/employer/city", employer.city.as_deref(), |t| fields::parse_line(t, LINE));
        self.optional("/employer/street", employer.street.as_deref(), |t| fields::parse_line(t, LONG_LINE));
        self.optional("/employer/apartment", employer.apartment.as_deref(), |t| fields::parse_line(t, LONG_LINE));
        self.optional("/employer/phone", employer.phone.as_deref(), PhoneNumber::parse);
    }
}

/// The rules of the student record (manual 2.1 step 10, 2.3 step 7), each at its
/// `/enrollment/...` pointer: the registration form's and the additional student ID's.
pub fn validate_enrollment(
    e: &Enrollment,
    affiliations: &[AffiliationNode],
    degree_programs: &[DegreeProgram],
) -> Violations {
    let mut c = Check(Vec::new());
    c.field("/enrollment/name", PersonName::parse(&e.name));
    c.field("/enrollment/name_kana", KatakanaName::parse(&e.name_kana));
    c.field("/enrollment/name_roman", RomanName::parse(&e.name_roman));
    let affiliation = match subject_path(affiliations, e.affiliation_id) {
        Some(_) => Ok(()),
        None => Err(ErrorCode::AffiliationNotSubject),
    };
    c.field("/enrollment/affiliation_id", affiliation);
    let program = if e.degree_program.is_empty() {
        Err(ErrorCode::Required)
    } else if degree_programs.iter().any(|p| p.code == e.degree_program) {
        Ok(())
    } else {
        Err(ErrorCode::UnknownChoice)
    };
    c.field("/enrollment/degree_program", program);
    c.optional("/enrollment/student_id", Some(e.student_id.as_str()), fields::parse_student_id);
    let matriculation = if e.matriculation.is_empty() {
        None
    } else {
        c.field("/enrollment/matriculation", YearMonth::parse(&e.matriculation))
    };
    if let Some(graduation) = c.field("/enrollment/graduation", YearMonth::parse(&e.graduation)) {
        if matriculation.is_some_and(|m| graduation < m) {
            c.0.push(("/enrollment/graduation".into(), ErrorCode::GraduationBeforeMatriculation));
        }
    }
    c.0
}

/// Every broken rule of the form; empty when it can be submitted.
pub fn validate(form: &ApplicationForm, ctx: &Context<'_>) -> Violations {
    let mut c = Check(Vec::new());
    // An additional student ID is applied for by a logged-in graduate (manual 2.3).
    if form.application_type == ApplicationType::AdditionalStudentId {
        c.0.push(("/application_type".into(), ErrorCode::UnknownChoice));
    }
    if !form.agreed_to_terms {
        c.0.push(("/agreed_to_terms".into(), ErrorCode::MustAgree));
    }

    c.applicant(&form.applicant, ctx.today);
    c.0.extend(validate_enrollment(&form.enrollment, ctx.affiliations, ctx.degree_programs));

    c.address(&form.address);
    c.field("/phone", PhoneNumber::parse(&form.phone));
    c.field("/mobile_phone", PhoneNumber::parse(&form.mobile_phone));
    c.field("/contact_email", Email::parse(&form.contact_email));

    c.field("/purpose/intended_use", fields::parse_line(&form.purpose.intended_use, LONG_LINE));
    c.field("/purpose/submit_to", fields::parse_line(&form.purpose.submit_to, LONG_LINE));

    if let Some(employer) = &form.employer {
        c.employer(employer);
    }

    let doc = &form.identity_document;
    let uploaded = |id: i64| ctx.uploaded_documents.contains(&id);
    match doc.front {
        Some(id) if uploaded(id) => {}
        _ => c.0.push(("/identity_document/front".into(), ErrorCode::DocumentMissing)),
    }
    if doc.back.is_some_and(|id| !uploaded(id) || Some(id) == doc.front) {
        c.0.push(("/identity_document/back".into(), ErrorCode::DocumentMissing));
    }
    c.field("/remarks", fields::parse_text(&form.remarks, 1000));
    c.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{AffiliationLevel, LocalizedName};

    fn node(id: i64, level: AffiliationLevel, children: Vec<AffiliationNode>) -> AffiliationNode {
        AffiliationNode {
            id,
            code: format!("n{id}"),
            level,
            name: LocalizedName { ja: "学部".into(), en: "Faculty".into() },
            children,
        }
    }

    fn catalog() -> (Vec<AffiliationNode>, Vec<DegreeProgram>) {
        let tree = vec![node(
            1,
            AffiliationLevel::Faculty,
            vec![node(2, AffiliationLevel::Department, vec![node(3, AffiliationLevel::Subject, vec![])])],
        )];
        let programs = vec![DegreeProgram {
            code: "undergraduate".into(),
            name: LocalizedName { ja: "学部".into(), en: "Undergraduate Program".into() },
        }];
        (tree, programs)
    }

    /// The example of the issue: valid as it stands.
    pub fn example() -> ApplicationForm {
        ApplicationForm {
            application_type: ApplicationType::New,
            agreed_to_terms: true,
            applicant: Applicant {
                name: "電電 太郎".into(),
                name_kana: "デンデン タロウ".into(),
                birth_date: "1990-09-09".into(),
            },
            enrollment: Enrollment {
                name: "電電 太郎".into(),
                name_kana: "デンデン タロウ".into(),
                name_roman: "DENDEN TAROU".into(),
                affiliation_id: 3,
                degree_program: "undergraduate".into(),
                student_id: "1234567".into(),
                matriculation: "2011-04".into(),
                graduation: "2015-03".into(),
                completion: Completion::Graduated,
            },
            address: Address {
                postal_code: "100-0001".into(),
                prefecture: "Tokyo".into(),
                city: "Chiyoda-ku".into(),
                street: "1-1 Chiyoda".into(),
                apartment: None,
            },
            phone: "03-1111-2222".into(),
            mobile_phone: "090-1111-2222".into(),
            contact_email: "taro@example.jp".into(),
            purpose: Purpose { intended_use: "Employment".into(), submit_to: "Example Corp.".into() },
            employer: None,
            identity_document: IdentityDocument {
                kind: IdentityDocumentKind::DriversLicense,
                front: Some(7),
                back: None,
            },
            remarks: String::new(),
        }
    }

    fn check(form: &ApplicationForm) -> Violations {
        let (tree, programs) = catalog();
        let ctx = Context {
            today: Date::parse("2026-11-25").unwrap(),
            affiliations: &tree,
            degree_programs: &programs,
            uploaded_documents: &[7, 8],
        };
        validate(form, &ctx)
    }

    #[test]
    fn the_manuals_example_is_valid() {
        assert_eq!(check(&example()), vec![]);
    }

    #[test]
    fn every_broken_rule_is_named_by_its_pointer() {
        let mut form = example();
        form.agreed_to_terms = false;
        form.applicant.name_kana = "でんでん たろう".into();
        form.enrollment.affiliation_id = 2;
        form.enrollment.degree_program = "bachelor".into();
        form.enrollment.graduation = "2010-03".into();
        form.address.postal_code = "1000001".into();
        form.contact_email = "taro@".into();
        form.identity_document.front = Some(99);
        form.employer = Some(Employer { phone: Some("03-xxxx".into()), ..Default::default() });
        assert_eq!(
            check(&form),
            vec![
                ("/agreed_to_terms".to_owned(), ErrorCode::MustAgree),
                ("/applicant/name_kana".to_owned(), ErrorCode::KatakanaOnly),
                ("/enrollment/affiliation_id".to_owned(), ErrorCode::AffiliationNotSubject),
                ("/enrollment/degree_program".to_owned(), ErrorCode::UnknownChoice),
                ("/enrollment/graduation".to_owned(), ErrorCode::GraduationBeforeMatriculation),
                ("/address/postal_code".to_owned(), ErrorCode::PostalCodeInvalid),
                ("/contact_email".to_owned(), ErrorCode::EmailInvalid),
                ("/employer/phone".to_owned(), ErrorCode::PhoneInvalid),
                ("/identity_document/front".to_owned(), ErrorCode::DocumentMissing),
            ]
        );
    }

    #[test]
    fn optional_items_may_be_left_empty() {
        let mut form = example();
        form.enrollment.student_id.clear();
        form.enrollment.matriculation.clear();
        form.address.apartment = Some(String::new());
        form.employer = Some(Employer::default());
        assert_eq!(check(&form), vec![]);
    }

    #[test]
    fn the_registration_form_does_not_take_an_additional_student_id() {
        let mut form = example();
        form.application_type = ApplicationType::AdditionalStudentId;
        assert_eq!(check(&form), vec![("/application_type".to_owned(), ErrorCode::UnknownChoice)]);
    }

    #[test]
    fn the_back_side_must_be_another_uploaded_image() {
        let mut form = example();
        form.identity_document.back = Some(7);
        assert_eq!(check(&form), vec![("/identity_document/back".to_owned(), ErrorCode::DocumentMissing)]);
        form.identity_document.back = Some(8);
        assert_eq!(check(&form), vec![]);
    }

    #[test]
    fn the_json_of_the_issue_reads_into_the_form() {
        let json = r#"{"application_type":"new","agreed_to_terms":true,
            "applicant":{"name":"電電 太郎","name_kana":"デンデン タロウ","birth_date":"1990-09-09"},
            "enrollment":{"name":"電電 太郎","name_kana":"デンデン タロウ","name_roman":"DENDEN TAROU",
              "affiliation_id":3,"degree_program":"undergraduate","student_id":"1234567",
              "matriculation":"2011-04","graduation":"2015-03","completion":"graduated"},
            "address":{"postal_code":"100-0001","prefecture":"Tokyo","city":"Chiyoda-ku","street":"1-1 Chiyoda","apartment":null},
            "phone":"03-1111-2222","mobile_phone":"090-1111-2222","contact_email":"taro@example.jp",
            "purpose":{"intended_use":"Employment","submit_to":"Example Corp."},"employer":null,
            "identity_document":{"kind":"drivers_license","front":7,"back":null},"remarks":""}"#;
        let form: ApplicationForm = serde_json::from_str(json).unwrap();
        assert_eq!(form, example());
    }
}
