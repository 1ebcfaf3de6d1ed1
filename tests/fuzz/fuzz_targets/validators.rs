//! The shared validators from raw JSON, as the API receives it: the first byte picks the
//! form, the rest is its body. Any input is answered (parsed or refused), never a panic.
#![no_main]

use cis_shared::application::{self, ApplicationForm, Context};
use cis_shared::auth::{validate_credentials, CredentialSetup};
use cis_shared::delivery::{check_recipient, Recipient};
use cis_shared::email::Email;
use cis_shared::fields::Date;
use cis_shared::mail_change::{validate_mail_change, MailChangeRequest};
use cis_shared::ordering::{validate_order_settings, OrderSettings};
use cis_shared::profile::{validate_profile, Profile};
use libfuzzer_sys::fuzz_target;

const TODAY: Date = Date { year: 2026, month: 11, day: 30 };

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else { return };
    match which % 8 {
        0 => {
            if let Ok(form) = serde_json::from_slice::<ApplicationForm>(body) {
                let ctx = Context { today: TODAY, affiliations: &[], degree_programs: &[], uploaded_documents: &[1, 2] };
                let _ = application::validate(&form, &ctx);
            }
        }
        1 => {
            if let Ok(c) = serde_json::from_slice::<CredentialSetup>(body) {
                let _ = validate_credentials(&c.password, &c.second_password);
            }
        }
        2 => {
            if let Ok(m) = serde_json::from_slice::<MailChangeRequest>(body) {
                let _ = validate_mail_change(&m.new_email, &m.password, "taro@example.jp");
            }
        }
        3 => {
            if let Ok(p) = serde_json::from_slice::<Profile>(body) {
                let _ = validate_profile(&p, TODAY);
            }
        }
        4 => {
            if let Ok(s) = serde_json::from_slice::<OrderSettings>(body) {
                let _ = validate_order_settings(&s);
            }
        }
        5 => {
            if let Ok(r) = serde_json::from_slice::<Recipient>(body) {
                let _ = check_recipient(&r);
            }
        }
        6 => {
            let text = String::from_utf8_lossy(body);
            let _ = Email::parse(&text);
            let _ = Date::parse(&text);
            let _ = cis_shared::fields::PersonName::parse(&text);
            let _ = cis_shared::fields::KatakanaName::parse(&text);
            let _ = cis_shared::fields::RomanName::parse(&text);
            let _ = cis_shared::fields::PostalCode::parse(&text);
            let _ = cis_shared::fields::PhoneNumber::parse(&text);
            let _ = cis_shared::fields::YearMonth::parse(&text);
            let _ = cis_shared::fields::parse_birth_date(&text, TODAY);
        }
        _ => {
            let text = String::from_utf8_lossy(body);
            let _ = cis_shared::orders::parse_reservation_number(&text);
            let _ = cis_shared::ordering::parse_code(&text);
            let _ = cis_shared::academic_records::credits_tenths(&text);
        }
    }
});
