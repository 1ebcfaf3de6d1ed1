//! Validators for the applicant form (manual 2.1 steps 9–13): each parses text as typed
//! into a value the rest of the code can trust, or names the rule it broke with a stable
//! [`ErrorCode`]. The SPA runs them as the user types; the API runs them on submission.

use crate::messages::ErrorCode;

/// Rejects empty input and input longer than `max` characters.
fn bounded(input: &str, max: usize) -> Result<&str, ErrorCode> {
    if input.trim().is_empty() {
        Err(ErrorCode::Required)
    } else if input.chars().count() > max {
        Err(ErrorCode::TooLong)
    } else {
        Ok(input)
    }
}

fn is_name_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

/// Splits "family given" at its one space (half- or full-width): manual 2.1 step 9, "Place a
/// space between the family name and first name".
fn family_and_given(input: &str) -> Result<(&str, &str), ErrorCode> {
    let mut parts = input.split(is_name_space);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(family), Some(given), None) if !family.is_empty() && !given.is_empty() => Ok((family, given)),
        _ => Err(ErrorCode::NameSpace),
    }
}

/// A person's name as written (kanji, kana or Latin letters): family name, one space, given
/// name. At most 50 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX: usize = 50;

    pub fn parse(input: &str) -> Result<PersonName, ErrorCode> {
        let input = bounded(input, Self::MAX)?;
        let (family, given) = family_and_given(input)?;
        let allowed = |c: char| c.is_alphabetic() || matches!(c, 'ー' | '・' | '\'' | '-' | '.' | '々' | '〆' | 'ヶ');
        if family.chars().chain(given.chars()).all(allowed) {
            Ok(PersonName(input.to_owned()))
        } else {
            Err(ErrorCode::NameCharacters)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A name in full-width katakana: only katakana, the long-vowel mark and the one space
/// between family and given name. At most 50 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KatakanaName(String);

impl KatakanaName {
    pub const MAX: usize = 50;

    /// Full-width katakana (ァ to ヺ, with ヴ, ヵ, ヶ) and the long-vowel mark ー.
    pub fn is_katakana(c: char) -> bool {
        ('\u{30A1}'..='\u{30FA}').contains(&c) || c == 'ー'
    }

    pub fn parse(input: &str) -> Result<KatakanaName, ErrorCode> {
        let input = bounded(input, Self::MAX)?;
        if !input.chars().all(|c| Self::is_katakana(c) || is_name_space(c)) {
            return Err(ErrorCode::KatakanaOnly);
        }
        family_and_given(input)?;
        Ok(KatakanaName(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A name in Roman letters as on an English certificate: upper-case A–Z, words separated by
/// one half-width space, family name first. At most 70 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RomanName(String);

impl RomanName {
    pub const MAX: usize = 70;

    pub fn parse(input: &str) -> Result<RomanName, ErrorCode> {
        let input = bounded(input, Self::MAX)?;
        if !input.chars().all(|c| c.is_ascii_uppercase() || c == ' ') {
            return Err(ErrorCode::RomanOnly);
        }
        let words: Vec<&str> = input.split(' ').collect();
        if words.len() < 2 || words.iter().any(|w| w.is_empty()) {
            return Err(ErrorCode::NameSpace);
        }
        Ok(RomanName(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A calendar date `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn digits(text: &str, len: usize) -> Option<u16> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

impl Date {
    /// A real date in the Western calendar from 1900 on.
    pub fn parse(input: &str) -> Result<Date, ErrorCode> {
        if input.is_empty() {
            return Err(ErrorCode::Required);
        }
        let mut parts = input.split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(ErrorCode::DateInvalid);
        };
        let (Some(year), Some(month), Some(day)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
            return Err(ErrorCode::DateInvalid);
        };
        let (month, day) = (month as u8, day as u8);
        if year < 1900 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(ErrorCode::DateInvalid);
        }
        Ok(Date { year, month, day })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A birth date: a real date before today (manual 2.1 step 9, "In the western calendar year").
pub fn parse_birth_date(input: &str, today: Date) -> Result<Date, ErrorCode> {
    let date = Date::parse(input)?;
    if date >= today {
        return Err(ErrorCode::DateNotPast);
    }
    Ok(date)
}

/// A year and month `YYYY-MM` (matriculation, graduation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: u16,
    pub month: u8,
}

impl YearMonth {
    pub fn parse(input: &str) -> Result<YearMonth, ErrorCode> {
        if input.is_empty() {
            return Err(ErrorCode::Required);
        }
        let Some((y, m)) = input.split_once('-') else {
            return Err(ErrorCode::YearMonthInvalid);
        };
        match (digits(y, 4), digits(m, 2)) {
            (Some(year), Some(month)) if (1900..=2100).contains(&year) && (1..=12).contains(&month) => {
                Ok(YearMonth { year, month: month as u8 })
            }
            _ => Err(ErrorCode::YearMonthInvalid),
        }
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A Japanese postal code `NNN-NNNN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostalCode(String);

impl PostalCode {
    pub fn parse(input: &str) -> Result<PostalCode, ErrorCode> {
        if input.is_empty() {
            return Err(ErrorCode::Required);
        }
        match input.split_once('-') {
            Some((a, b)) if digits(a, 3).is_some() && digits(b, 4).is_some() => Ok(PostalCode(input.to_owned())),
            _ => Err(ErrorCode::PostalCodeInvalid),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number of half-width digits and hyphens (`03-1111-2222`, `09011112222`): 10 to 15
/// digits, starting with a digit, no two hyphens together, none at the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(input: &str) -> Result<PhoneNumber, ErrorCode> {
        if input.is_empty() {
            return Err(ErrorCode::Required);
        }
        let groups: Vec<&str> = input.split('-').collect();
        let digit_count = input.bytes().filter(u8::is_ascii_digit).count();
        let well_formed = groups.iter().all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()));
        if well_formed && (10..=15).contains(&digit_count) {
            Ok(PhoneNumber(input.to_owned()))
        } else {
            Err(ErrorCode::PhoneInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A student ID number: up to 20 half-width letters, digits and hyphens.
pub fn parse_student_id(input: &str) -> Result<&str, ErrorCode> {
    if input.chars().count() > 20 {
        return Err(ErrorCode::TooLong);
    }
    if input.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Ok(input)
    } else {
        Err(ErrorCode::StudentIdInvalid)
    }
}

/// Free text of one line (an address part, a purpose): no control characters, at most `max`.
pub fn parse_line(input: &str, max: usize) -> Result<&str, ErrorCode> {
    let input = bounded(input, max)?;
    if input.chars().any(char::is_control) {
        return Err(ErrorCode::TextInvalid);
    }
    Ok(input)
}

/// Free text of several lines (remarks): tabs and line breaks allowed, at most `max`; may be
/// empty.
pub fn parse_text(input: &str, max: usize) -> Result<&str, ErrorCode> {
    if input.chars().count() > max {
        return Err(ErrorCode::TooLong);
    }
    if input.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(ErrorCode::TextInvalid);
    }
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_need_one_space_between_family_and_given_name() {
        for ok in ["電電 太郎", "電電　太郎", "YAMADA TAROU", "佐々木 ひとみ", "O'NEIL Mary-Ann"] {
            assert!(PersonName::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(PersonName::parse(""), Err(ErrorCode::Required));
        assert_eq!(PersonName::parse("電電太郎"), Err(ErrorCode::NameSpace));
        assert_eq!(PersonName::parse("電電  太郎"), Err(ErrorCode::NameSpace));
        assert_eq!(PersonName::parse(" 電電 太郎"), Err(ErrorCode::NameSpace));
        assert_eq!(PersonName::parse("電電 太郎 "), Err(ErrorCode::NameSpace));
        assert_eq!(PersonName::parse("電電 太郎2"), Err(ErrorCode::NameCharacters));
        assert_eq!(PersonName::parse(&format!("{} 太郎", "電".repeat(50))), Err(ErrorCode::TooLong));
    }

    #[test]
    fn katakana_names_take_katakana_the_long_vowel_mark_and_the_space() {
        for ok in ["デンデン タロウ", "ヤマダ　タロウ", "ルーシー ヴァン"] {
            assert!(KatakanaName::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(KatakanaName::parse("でんでん たろう"), Err(ErrorCode::KatakanaOnly));
        assert_eq!(KatakanaName::parse("ﾃﾞﾝﾃﾞﾝ ﾀﾛｳ"), Err(ErrorCode::KatakanaOnly));
        assert_eq!(KatakanaName::parse("電電 太郎"), Err(ErrorCode::KatakanaOnly));
        assert_eq!(KatakanaName::parse("デンデンタロウ"), Err(ErrorCode::NameSpace));
    }

    #[test]
    fn roman_names_are_upper_case_letters_and_spaces() {
        assert!(RomanName::parse("DENDEN TAROU").is_ok());
        assert!(RomanName::parse("SMITH JOHN PAUL").is_ok());
        assert_eq!(RomanName::parse("Denden Tarou"), Err(ErrorCode::RomanOnly));
        assert_eq!(RomanName::parse("DENDEN　TAROU"), Err(ErrorCode::RomanOnly));
        assert_eq!(RomanName::parse("DENDEN"), Err(ErrorCode::NameSpace));
        assert_eq!(RomanName::parse("DENDEN  TAROU"), Err(ErrorCode::NameSpace));
    }

    #[test]
    fn birth_dates_are_real_and_past() {
        let today = Date::parse("2026-11-25").unwrap();
        assert!(parse_birth_date("1990-09-09", today).is_ok());
        assert!(parse_birth_date("2000-02-29", today).is_ok());
        assert_eq!(parse_birth_date("1900-02-29", today), Err(ErrorCode::DateInvalid));
        assert_eq!(parse_birth_date("1990-13-01", today), Err(ErrorCode::DateInvalid));
        assert_eq!(parse_birth_date("1990/09/09", today), Err(ErrorCode::DateInvalid));
        assert_eq!(parse_birth_date("1990-9-9", today), Err(ErrorCode::DateInvalid));
        assert_eq!(parse_birth_date("2026-11-25", today), Err(ErrorCode::DateNotPast));
        assert_eq!(parse_birth_date("", today), Err(ErrorCode::Required));
    }

    #[test]
    fn year_months_postal_codes_and_phones() {
        assert_eq!(YearMonth::parse("2015-03").unwrap().to_string(), "2015-03");
        assert_eq!(YearMonth::parse("2015-3"), Err(ErrorCode::YearMonthInvalid));
        assert_eq!(YearMonth::parse("2015-00"), Err(ErrorCode::YearMonthInvalid));
        assert!(PostalCode::parse("100-0001").is_ok());
        for bad in ["1000001", "100-001", "１００-０００１", "100-00011"] {
            assert_eq!(PostalCode::parse(bad), Err(ErrorCode::PostalCodeInvalid), "{bad}");
        }
        for ok in ["03-1111-2222", "090-1111-2222", "09011112222"] {
            assert!(PhoneNumber::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["03--1111-2222", "-0311112222", "03-1111-2222-", "03 1111 2222", "0311", "０３-１１１１-２２２２"]
        {
            assert_eq!(PhoneNumber::parse(bad), Err(ErrorCode::PhoneInvalid), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn any_two_katakana_words_form_a_name(a in "[ァ-ヶー]{1,20}", b in "[ァ-ヶー]{1,20}", full in any::<bool>()) {
            let name = format!("{a}{}{b}", if full { '\u{3000}' } else { ' ' });
            prop_assert!(KatakanaName::parse(&name).is_ok());
        }

        #[test]
        fn a_katakana_name_with_any_other_letter_is_rejected(a in "[ァ-ヶ]{1,10}", c in "[a-zA-Zぁ-ん一-龯ｦ-ﾟ0-9]") {
            prop_assert_eq!(KatakanaName::parse(&format!("{a}{c} タロウ")), Err(ErrorCode::KatakanaOnly));
        }

        #[test]
        fn every_valid_date_round_trips(y in 1900u16..2100, m in 1u8..=12, d in 1u8..=31) {
            let text = format!("{y:04}-{m:02}-{d:02}");
            match Date::parse(&text) {
                Ok(date) => prop_assert_eq!(date.to_string(), text),
                Err(code) => {
                    prop_assert_eq!(code, ErrorCode::DateInvalid);
                    prop_assert!(d > days_in_month(y, m));
                }
            }
        }

        #[test]
        fn postal_codes_are_exactly_three_digits_hyphen_four(s in "[0-9-]{0,10}") {
            let valid = s.len() == 8 && s.as_bytes()[3] == b'-' && s.bytes().filter(|b| *b == b'-').count() == 1;
            prop_assert_eq!(PostalCode::parse(&s).is_ok(), valid);
        }

        #[test]
        fn phone_numbers_keep_to_digits_and_single_hyphens(s in "[0-9-]{1,20}") {
            if let Ok(phone) = PhoneNumber::parse(&s) {
                prop_assert!(!phone.as_str().starts_with('-') && !phone.as_str().ends_with('-'));
                prop_assert!(!phone.as_str().contains("--"));
            }
        }

        #[test]
        fn roman_names_are_upper_case_words_with_single_spaces(words in proptest::collection::vec("[A-Z]{1,12}", 2..4)) {
            let name = words.join(" ");
            prop_assert!(RomanName::parse(&name).is_ok());
            prop_assert_eq!(RomanName::parse(&name.to_lowercase()), Err(ErrorCode::RomanOnly));
            prop_assert_eq!(RomanName::parse(&words.join("  ")), Err(ErrorCode::NameSpace));
        }

        #[test]
        fn person_names_need_exactly_one_space(family in "[一-龯ぁ-んァ-ヶa-zA-Z]{1,10}", given in "[一-龯ぁ-んァ-ヶa-zA-Z]{1,10}") {
            let (half, full) = (format!("{family} {given}"), format!("{family}\u{3000}{given}"));
            let (joined, doubled) = (format!("{family}{given}"), format!("{family}  {given}"));
            prop_assert!(PersonName::parse(&half).is_ok());
            prop_assert!(PersonName::parse(&full).is_ok());
            prop_assert_eq!(PersonName::parse(&joined), Err(ErrorCode::NameSpace));
            prop_assert_eq!(PersonName::parse(&doubled), Err(ErrorCode::NameSpace));
        }

        #[test]
        fn year_months_round_trip_and_order_by_time(y1 in 1900u16..2100, m1 in 1u8..=12, y2 in 1900u16..2100, m2 in 1u8..=12) {
            let a = YearMonth::parse(&format!("{y1:04}-{m1:02}")).unwrap();
            let b = YearMonth::parse(&format!("{y2:04}-{m2:02}")).unwrap();
            prop_assert_eq!(a.to_string(), format!("{y1:04}-{m1:02}"));
            prop_assert_eq!(a < b, (y1, m1) < (y2, m2));
            prop_assert_eq!(YearMonth::parse(&format!("{y1:04}-{:02}", m1 + 12)), Err(ErrorCode::YearMonthInvalid));
        }

        #[test]
        fn birth_dates_on_or_after_today_are_refused(y in 1900u16..2100, m in 1u8..=12, d in 1u8..=28) {
            let today = Date { year: 2026, month: 11, day: 25 };
            let date = Date { year: y, month: m, day: d };
            let result = parse_birth_date(&date.to_string(), today);
            prop_assert_eq!(result.is_ok(), date < today);
        }

        #[test]
        fn validators_never_panic(s in "\\PC{0,80}") {
            let _ = PersonName::parse(&s);
            let _ = KatakanaName::parse(&s);
            let _ = RomanName::parse(&s);
            let _ = Date::parse(&s);
            let _ = YearMonth::parse(&s);
            let _ = PostalCode::parse(&s);
            let _ = PhoneNumber::parse(&s);
            let _ = parse_line(&s, 10);
        }
    }
}
