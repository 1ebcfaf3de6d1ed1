//! API flows against the running server, each on SQLite and on PostgreSQL.

mod abuse;
mod academic_records;
mod auth;
mod authorization;
mod card;
mod catalog;
mod credentials;
mod delivery;
mod errors;
mod fulfilment;
mod mail;
mod mail_change;
mod openapi;
mod ordering;
mod orders;
mod password_reset;
mod prepared;
mod printing;
mod profile;
mod registration;
mod seal;
mod sessions;
mod spa;
mod staff;
mod startup;
mod student_id;
