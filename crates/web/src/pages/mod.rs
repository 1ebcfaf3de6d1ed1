//! One screen per module, named as in the manual.

pub mod application;
pub mod login;
pub mod not_found;
pub mod register;
