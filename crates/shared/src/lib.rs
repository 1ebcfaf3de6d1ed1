//! What the Certificate Issuance Service API and its SPA agree on: the JSON shapes (DTOs),
//! the RFC 9457 problem document, the two locales, and the validators that both sides run
//! on the same input, so a rule is written once.

pub mod academic_records;
pub mod application;
pub mod auth;
pub mod catalog;
pub mod delivery;
pub mod documents;
pub mod email;
pub mod fields;
pub mod fulfilment;
pub mod json;
pub mod locale;
pub mod mail_change;
pub mod messages;
pub mod ordering;
pub mod orders;
pub mod password;
pub mod password_reset;
pub mod printing;
pub mod problem;
pub mod profile;
pub mod registration;
pub mod sessions;
pub mod staff;
pub mod student_id;

pub use locale::Locale;
pub use problem::{FieldError, Problem};
