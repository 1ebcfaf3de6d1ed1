//! One screen per module, named as in the manual.

pub mod application;
pub mod forgot_password;
pub mod home;
pub mod login;
pub mod login_history;
pub mod mail_change;
pub mod mail_change_link;
pub mod manual;
pub mod not_found;
pub mod order;
pub mod order_detail;
pub mod password_reset;
pub mod password_setting;
pub mod profile;
pub mod receive;
pub mod register;
pub mod resubmit;
pub mod secret_change;
pub mod student_id;
pub mod student_id_request;
pub mod verify;
