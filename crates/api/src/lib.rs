//! The Certificate Issuance Service server: configuration, start-up, the HTTP API, the use
//! cases behind it, persistence and mail. `main.rs` only parses the command line.

pub mod clock;
pub mod config;
pub mod crypto;
pub mod db;
pub mod domain;
pub mod http;
pub mod mail;
pub mod metrics;
pub mod openapi;
pub mod pdf;
pub mod startup;
pub mod state;
pub mod storage;
pub mod stripe;
pub mod telemetry;
pub mod tokens;

pub use clock::Clock;
pub use config::Settings;
pub use startup::Application;
