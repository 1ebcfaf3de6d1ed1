//! Mail: templates in both languages, the outbox they are written to in the same
//! transaction as the change that causes them, and the worker that delivers them.

pub mod outbox;
pub mod password_reset;
pub mod templates;
pub mod transport;
pub mod worker;

use cis_shared::Locale;

/// A mail ready to be queued: rendered in the recipient's language.
#[derive(Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub locale: Locale,
    pub subject: String,
    pub body: String,
}

/// The body may hold one-time links or an initial password: never in a log line.
impl std::fmt::Debug for Mail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mail").field("locale", &self.locale).field("subject", &self.subject).finish_non_exhaustive()
    }
}
