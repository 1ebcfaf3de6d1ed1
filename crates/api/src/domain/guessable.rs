//! Passwords that keep the manual's rules and are still easy to guess (NIST SP 800-63B
//! 3.1.1.2, ASVS 6.2.11/6.2.12): the passwords most used elsewhere, one of them with digits
//! before or after it, and words of the graduate's context (the university's name, the
//! mail address's local part, the roman name). Checked on the server on every path that
//! sets a secret: the first login's setup, a change, a reset. The list stays out of the SPA.

use std::collections::HashMap;
use std::sync::OnceLock;

use cis_shared::messages::ErrorCode;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};

use super::Scope;
use crate::db::{enrollment, graduate_account};

/// zxcvbn's password frequency list (see the file's header), most frequent first.
const LIST: &str = include_str!("common_passwords.txt");

/// How many of the most frequent entries also refuse themselves with digits around them
/// ("Sunshine2024", "2024Dragon"): beyond these the list holds rarer strings whose
/// decorated forms are no longer common.
const DECORATED_RANK: usize = 10_000;

/// Context words shorter than this are too likely inside unrelated passwords ("ken" in
/// "Broken2024") to refuse on.
const MIN_CONTEXT_WORD: usize = 4;

fn ranks() -> &'static HashMap<&'static str, usize> {
    static RANKS: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    RANKS.get_or_init(|| {
        let entries = LIST.lines().filter(|line| !line.is_empty() && !line.starts_with('#'));
        entries.enumerate().map(|(rank, word)| (word, rank)).collect()
    })
}

/// A common password, without regard to case, or one of the most common with digits
/// added before or after it.
pub fn is_common(secret: &str) -> bool {
    let lower = secret.to_ascii_lowercase();
    if ranks().contains_key(lower.as_str()) {
        return true;
    }
    let core = lower.trim_matches(|c: char| c.is_ascii_digit());
    core.len() >= MIN_CONTEXT_WORD
        && core.len() < lower.len()
        && ranks().get(core).is_some_and(|&rank| rank < DECORATED_RANK)
}

/// The words a guesser who knows the graduate tries first, lower-cased.
#[derive(Debug, Default, Clone)]
pub struct Context {
    words: Vec<String>,
}

impl Context {
    /// Adds the ASCII words of `text` (split at anything else) long enough to matter.
    pub fn add(&mut self, text: &str) {
        let words = text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| w.len() >= MIN_CONTEXT_WORD);
        for word in words {
            let word = word.to_ascii_lowercase();
            if !self.words.contains(&word) {
                self.words.push(word);
            }
        }
    }

    fn in_secret(&self, secret: &str) -> bool {
        let lower = secret.to_ascii_lowercase();
        self.words.iter().any(|w| lower.contains(w.as_str()))
    }

    /// The university's names, the local part of the account's address and the roman names
    /// of its student records.
    pub async fn of_account(scope: Scope<'_>, account: &graduate_account::Model) -> Result<Context, DbErr> {
        let mut context = Context::default();
        context.add(&scope.university.name.en);
        context.add(&scope.university.name.ja);
        context.add(account.email.split('@').next().unwrap_or_default());
        let records =
            enrollment::Entity::find().filter(enrollment::Column::AccountId.eq(account.id)).all(scope.db).await?;
        for record in records {
            context.add(&record.name_roman);
        }
        Ok(context)
    }
}

/// Why `secret` is easy to guess, if it is.
pub fn refusal(secret: &str, context: &Context) -> Option<ErrorCode> {
    if is_common(secret) {
        Some(ErrorCode::PasswordTooCommon)
    } else if context.in_secret(secret) {
        Some(ErrorCode::PasswordHasPersonalInfo)
    } else {
        None
    }
}

/// The violations of the secrets about to be set, as `(field, code)`.
pub fn violations(secrets: &[(&str, &str)], context: &Context) -> Vec<(String, ErrorCode)> {
    secrets
        .iter()
        .filter_map(|(field, secret)| refusal(secret, context).map(|code| ((*field).to_owned(), code)))
        .collect()
}

#[cfg(test)]
mod tests {
    use cis_shared::password::Password;

    use super::*;

    #[test]
    fn the_list_refuses_thousands_of_passwords_that_keep_the_manuals_rules() {
        // Each entry with its first letter upper-cased and a digit added where it has none.
        let refused = ranks()
            .keys()
            .map(|w| {
                let mut candidate = w[..1].to_ascii_uppercase() + &w[1..];
                if !candidate.chars().any(|c| c.is_ascii_digit()) {
                    candidate.push('1');
                }
                candidate
            })
            .filter(|candidate| Password::parse(candidate).is_ok() && is_common(candidate))
            .count();
        assert!(refused >= 3_000, "{refused}");
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case_and_with_digits_around_them() {
        for secret in ["Password1", "PASSWORD123", "Qwerty123", "Abcd1234", "Sunshine2024", "2024Dragon", "Trustno1"] {
            assert!(is_common(secret), "{secret}");
        }
        for secret in ["Kobe2024pass", "Second2024pw", "Nagoya2023pass", "Vq7rTz2mLk"] {
            assert!(!is_common(secret), "{secret}");
        }
    }

    #[test]
    fn context_words_are_refused_inside_a_password() {
        let mut context = Context::default();
        context.add("The University");
        context.add("taro.yamada");
        context.add("YAMADA TARO");
        context.add("Li");
        assert_eq!(refusal("Yamada2024x", &context), Some(ErrorCode::PasswordHasPersonalInfo));
        assert_eq!(refusal("xTARO1999y", &context), Some(ErrorCode::PasswordHasPersonalInfo));
        assert_eq!(refusal("MyUniversity9", &context), Some(ErrorCode::PasswordHasPersonalInfo));
        // "the" and "li" are too short to refuse on.
        assert_eq!(refusal("Thelimit2024q", &context), None);
    }
}
