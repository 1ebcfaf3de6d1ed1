//! Mail addresses as the service accepts them.

use std::fmt;

use crate::messages::ErrorCode;

/// The longest address accepted (RFC 5321 path limit less the angle brackets).
pub const MAX_LEN: usize = 254;

/// A syntactically valid mail address of half-width characters (manual 2.1 Note: "Did you
/// enter single-byte alpha-numerical characters?"), without surrounding or inner spaces.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Parses an address as typed. Empty → `required`; over 254 characters → `too_long`;
    /// anything but `local@domain.tld` in ASCII → `email_invalid`.
    pub fn parse(input: &str) -> Result<Email, ErrorCode> {
        if input.is_empty() {
            return Err(ErrorCode::Required);
        }
        if input.chars().count() > MAX_LEN {
            return Err(ErrorCode::TooLong);
        }
        let (local, domain) = input.rsplit_once('@').ok_or(ErrorCode::EmailInvalid)?;
        if valid_local_part(local) && valid_domain(domain) {
            Ok(Email(input.to_owned()))
        } else {
            Err(ErrorCode::EmailInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used to compare addresses: addresses are unique without regard to case.
    pub fn normalized(&self) -> String {
        normalize(&self.0)
    }
}

/// The one normalisation of a mail address, for lookups and comparisons of what was typed
/// or stored: surrounding spaces dropped, ASCII letters in lower case. An address is
/// unique without regard to case (ARCHITECTURE.md 4).
pub fn normalize(text: &str) -> String {
    text.trim().to_ascii_lowercase()
}

fn valid_local_part(local: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+/=?^_`{|}~.-";
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c))
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({})", self.0)
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in ["taro@example.jp", "Denden.Taro+cis@mail.example.co.jp", "a_b-c@x-y.com"] {
            assert_eq!(Email::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn rejects_what_the_manual_warns_about() {
        assert_eq!(Email::parse(""), Err(ErrorCode::Required));
        for bad in [
            " taro@example.jp",    // unnecessary space
            "taro @example.jp",    // inner space
            "ｔａｒｏ@example.jp", // full-width letters
            "taro@example",        // no top-level domain
            "taro.example.jp",     // no @
            "taro@@example.jp",
            ".taro@example.jp",
            "ta..ro@example.jp",
            "taro@-example.jp",
            "taro@example.j",
            "taro@example.123",
        ] {
            assert_eq!(Email::parse(bad), Err(ErrorCode::EmailInvalid), "{bad:?}");
        }
        let long = format!("{}@example.jp", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(ErrorCode::TooLong));
    }

    #[test]
    fn comparison_form_ignores_case() {
        let a = Email::parse("Taro@Example.JP").unwrap();
        assert_eq!(a.normalized(), "taro@example.jp");
    }

    proptest! {
        #[test]
        fn any_address_with_a_non_ascii_character_is_rejected(
            local in "[a-z]{1,10}", c in "[^\\x00-\\x7F]", domain in "[a-z]{1,10}\\.jp"
        ) {
            let address = format!("{local}{c}@{domain}");
            prop_assert_eq!(Email::parse(&address), Err(ErrorCode::EmailInvalid));
        }

        #[test]
        fn well_formed_addresses_are_accepted_unchanged(
            local in "[a-z0-9][a-z0-9._+-]{0,20}[a-z0-9]", domain in "[a-z0-9]{1,20}(\\.[a-z]{2,6}){1,3}"
        ) {
            prop_assume!(!local.contains(".."));
            let address = format!("{local}@{domain}");
            prop_assert_eq!(Email::parse(&address).map(|e| e.as_str().to_owned()), Ok(address.clone()));
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,300}") {
            let _ = Email::parse(&s);
        }
    }
}
