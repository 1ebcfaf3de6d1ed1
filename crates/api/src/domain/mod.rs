//! Use cases in the product's words, one module per area; no HTTP types inside.

pub mod accounts;
pub mod audit;
pub mod catalog;
pub mod decision;
pub mod demo;
pub mod images;
pub mod live_sessions;
pub mod lockout;
pub mod rate_limit;
pub mod registration;
pub mod retention;
pub mod review;
pub mod session;
pub mod staff;
pub mod university;
