//! One screen per module, named as in the manual.

pub mod application;
pub mod home;
pub mod login;
pub mod not_found;
pub mod password_setting;
pub mod register;
pub mod resubmit;
