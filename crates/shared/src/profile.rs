//! "Personal setting" (manual 2.4 (a)): what the graduate keeps up to date after the
//! account exists — the applicant's name, name in katakana and birth date, the current
//! address, phones and contact address, and the employer — checked by the same rules as the application.

use serde::{Deserialize, Serialize};

use crate::application::{Address, Applicant, Check, Employer, Violations};
use crate::email::Email;
use crate::fields::{Date, PhoneNumber};

/// The graduate's personal information, as read and replaced whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "applicant": {"name": "電電 花子", "name_kana": "デンデン ハナコ", "birth_date": "1999-09-09"},
    "address": {"postal_code": "100-0001", "prefecture": "東京都", "city": "千代田区", "street": "千代田1-1", "apartment": null},
    "phone": "03-1111-2222", "mobile_phone": "090-1111-2222", "contact_email": "hanako@example.jp",
    "employer": {"name": "電電商事株式会社", "postal_code": "100-0001", "prefecture": "東京都", "city": "千代田区",
        "street": "大手町1-1", "apartment": null, "phone": "03-3333-4444"}
})))]
pub struct Profile {
    pub applicant: Applicant,
    pub address: Address,
    pub phone: String,
    pub mobile_phone: String,
    /// Where the university writes about applications and orders (manual 2.1 step 11); the
    /// login address is changed apart (manual 2.4 (b)).
    #[cfg_attr(feature = "openapi", schema(format = "email", max_length = 254))]
    pub contact_email: String,
    /// Optional, every field of it too.
    #[serde(default)]
    pub employer: Option<Employer>,
}

impl Profile {
    /// The JSON pointers whose values differ from `before` (for the audit trail, which
    /// names what changed without repeating the personal data).
    pub fn changed_fields(&self, before: &Profile) -> Vec<&'static str> {
        let (e, b) = (employer_given(self.employer.clone()), employer_given(before.employer.clone()));
        let pairs: [(&'static str, bool); 8] = [
            ("/applicant/name", self.applicant.name != before.applicant.name),
            ("/applicant/name_kana", self.applicant.name_kana != before.applicant.name_kana),
            ("/applicant/birth_date", self.applicant.birth_date != before.applicant.birth_date),
            ("/address", self.address != before.address),
            ("/phone", self.phone != before.phone),
            ("/mobile_phone", self.mobile_phone != before.mobile_phone),
            ("/contact_email", self.contact_email != before.contact_email),
            ("/employer", e != b),
        ];
        pairs.into_iter().filter(|(_, changed)| *changed).map(|(field, _)| field).collect()
    }
}

/// The employer as given: `None` when every field is absent or blank.
pub fn employer_given(employer: Option<Employer>) -> Option<Employer> {
    employer.filter(|e| {
        let fields = [&e.name, &e.postal_code, &e.prefecture, &e.city, &e.street, &e.apartment, &e.phone];
        fields.iter().any(|f| f.as_deref().is_some_and(|t| !t.trim().is_empty()))
    })
}

/// Every broken rule of the Personal setting form; empty when it can be saved.
pub fn validate_profile(profile: &Profile, today: Date) -> Violations {
    let mut c = Check(Vec::new());
    c.applicant(&profile.applicant, today);
    c.address(&profile.address);
    c.field("/phone", PhoneNumber::parse(&profile.phone));
    c.field("/mobile_phone", PhoneNumber::parse(&profile.mobile_phone));
    c.field("/contact_email", Email::parse(&profile.contact_email));
    if let Some(employer) = &profile.employer {
        c.employer(employer);
    }
    c.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::ErrorCode;

    fn profile() -> Profile {
        Profile {
            applicant: Applicant {
                name: "電電 花子".into(),
                name_kana: "デンデン ハナコ".into(),
                birth_date: "1999-09-09".into(),
            },
            address: Address {
                postal_code: "100-0001".into(),
                prefecture: "東京都".into(),
                city: "千代田区".into(),
                street: "千代田1-1".into(),
                apartment: None,
            },
            phone: "03-1111-2222".into(),
            mobile_phone: "090-1111-2222".into(),
            contact_email: "hanako@example.jp".into(),
            employer: None,
        }
    }

    fn today() -> Date {
        Date::parse("2026-11-26").unwrap()
    }

    #[test]
    fn the_rules_of_the_application_apply() {
        assert!(validate_profile(&profile(), today()).is_empty());
        let mut bad = profile();
        bad.applicant.name_kana = "でんでん はなこ".into();
        bad.address.postal_code = "1000001".into();
        bad.employer = Some(Employer { phone: Some("phone".into()), ..Employer::default() });
        let fields: Vec<_> = validate_profile(&bad, today()).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["/applicant/name_kana", "/address/postal_code", "/employer/phone"]);
        bad.applicant.birth_date = "2030-01-01".into();
        assert!(validate_profile(&bad, today()).contains(&("/applicant/birth_date".into(), ErrorCode::DateNotPast)));
    }

    #[test]
    fn what_changed_is_named_by_field() {
        let before = profile();
        let mut after = profile();
        assert!(after.changed_fields(&before).is_empty());
        after.applicant.name = "山田 花子".into();
        after.employer = Some(Employer { name: Some("電電商事".into()), ..Employer::default() });
        assert_eq!(after.changed_fields(&before), ["/applicant/name", "/employer"]);
        // An employer of empty fields is no employer.
        after.employer = Some(Employer { name: Some(" ".into()), ..Employer::default() });
        assert_eq!(after.changed_fields(&before), ["/applicant/name"]);
    }
}
