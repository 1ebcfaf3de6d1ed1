//! The password rules of manual 2.4 (d) and (e), the same for the password and the second
//! password: at least eight characters; at least one half-width upper-case letter, one
//! half-width lower-case letter and one half-width digit; nothing but half-width letters
//! and digits.

use std::fmt;

use crate::messages::ErrorCode;

/// The longest password accepted (the rules set no maximum; hashing needs one).
pub const MAX_LEN: usize = 64;

/// A password that satisfies the rules. Its value is never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Checks the rules in the order the manual lists them and names the first broken one.
    pub fn parse(input: &str) -> Result<Password, ErrorCode> {
        if input.is_empty() {
            return Err(ErrorCode::Required);
        }
        if !input.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ErrorCode::PasswordCharacters);
        }
        if input.len() < 8 {
            return Err(ErrorCode::PasswordTooShort);
        }
        if input.len() > MAX_LEN {
            return Err(ErrorCode::TooLong);
        }
        if !input.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(ErrorCode::PasswordNeedsUpper);
        }
        if !input.chars().any(|c| c.is_ascii_lowercase()) {
            return Err(ErrorCode::PasswordNeedsLower);
        }
        if !input.chars().any(|c| c.is_ascii_digit()) {
            return Err(ErrorCode::PasswordNeedsDigit);
        }
        Ok(Password(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_rule_is_named() {
        assert!(Password::parse("Kobe2024pass").is_ok());
        assert_eq!(Password::parse(""), Err(ErrorCode::Required));
        assert_eq!(Password::parse("Kobe24"), Err(ErrorCode::PasswordTooShort));
        assert_eq!(Password::parse("kobe2024pass"), Err(ErrorCode::PasswordNeedsUpper));
        assert_eq!(Password::parse("KOBE2024PASS"), Err(ErrorCode::PasswordNeedsLower));
        assert_eq!(Password::parse("KobeKobePass"), Err(ErrorCode::PasswordNeedsDigit));
        assert_eq!(Password::parse("Kobe2024-pass"), Err(ErrorCode::PasswordCharacters));
        assert_eq!(Password::parse("Ｋｏｂｅ2024pass"), Err(ErrorCode::PasswordCharacters));
        assert_eq!(Password::parse(&format!("Aa1{}", "x".repeat(62))), Err(ErrorCode::TooLong));
    }

    #[test]
    fn debug_never_shows_the_value() {
        assert_eq!(format!("{:?}", Password::parse("Kobe2024pass").unwrap()), "Password(***)");
    }

    proptest! {
        #[test]
        fn accepted_exactly_when_every_rule_holds(s in "[A-Za-z0-9!-]{0,20}") {
            let holds = s.len() >= 8
                && s.chars().all(|c| c.is_ascii_alphanumeric())
                && s.chars().any(|c| c.is_ascii_uppercase())
                && s.chars().any(|c| c.is_ascii_lowercase())
                && s.chars().any(|c| c.is_ascii_digit());
            prop_assert_eq!(Password::parse(&s).is_ok(), holds);
        }

        #[test]
        fn any_non_alphanumeric_character_is_refused(prefix in "[A-Z][a-z][0-9]{6}", c in "[^A-Za-z0-9]") {
            prop_assert_eq!(Password::parse(&format!("{prefix}{c}")), Err(ErrorCode::PasswordCharacters));
        }
    }
}
