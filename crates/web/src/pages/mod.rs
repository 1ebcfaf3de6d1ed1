//! One screen per module, named as in the manual.

pub mod login;
pub mod not_found;
