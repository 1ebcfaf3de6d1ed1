//! The test harness: the real server on a random port with a fresh database (SQLite, or
//! PostgreSQL when `CIS_TEST_DATABASE_URL` is set), a real SMTP server on loopback whose
//! mail the test reads, and an adjustable clock.

pub mod smtp;
pub mod webdriver;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use cis_api::state::AppState;
use cis_api::{Application, Clock, Settings};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

pub use smtp::{ReceivedMail, SmtpSink};

pub const ADMIN_EMAIL: &str = "registrar@the-university.example";
pub const ADMIN_PASSWORD: &str = "Registrar-2026-pass";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    /// `http://127.0.0.1:port`
    pub address: String,
    pub client: reqwest::Client,
    pub mail: SmtpSink,
    pub clock: Clock,
    pub state: AppState,
    pub backend: Backend,
    pub data_dir: PathBuf,
    _temp: tempfile::TempDir,
}

/// Options of [`spawn_with`].
#[derive(Default)]
pub struct Options {
    pub web_dir: Option<PathBuf>,
    /// Extra `CIS_*` settings.
    pub vars: Vec<(&'static str, String)>,
}

/// A server on SQLite with the SPA when the tests were given one.
pub async fn spawn_app() -> TestApp {
    spawn_with(Backend::Sqlite, Options::default()).await.expect("SQLite is always available")
}

/// A server on the given backend. `None` when PostgreSQL was asked for but the run has
/// none (plain `cargo test`); `cargo xtask test` and CI always provide it.
pub async fn spawn_with(backend: Backend, options: Options) -> Option<TestApp> {
    let temp = tempfile::tempdir().expect("temporary directory");
    let data_dir = temp.path().join("data");
    let database_url = match backend {
        Backend::Sqlite => format!("sqlite://{}?mode=rwc", temp.path().join("test.sqlite3").display()),
        Backend::Postgres => fresh_postgres_database().await?,
    };
    let mail = SmtpSink::start().await;
    let mut vars: HashMap<String, String> = HashMap::from([
        ("CIS_BIND".into(), "127.0.0.1:0".into()),
        ("CIS_DATA_DIR".into(), data_dir.display().to_string()),
        ("CIS_DATABASE_URL".into(), database_url),
        ("CIS_SMTP_URL".into(), format!("smtp://127.0.0.1:{}", mail.port())),
        ("CIS_MAIL_FROM".into(), "The University <no-reply@the-university.example>".into()),
        ("CIS_ADMIN_EMAIL".into(), ADMIN_EMAIL.into()),
        ("CIS_ADMIN_PASSWORD".into(), ADMIN_PASSWORD.into()),
        ("CIS_WORKERS".into(), "1".into()),
        ("CIS_MAIL_POLL_MS".into(), "50".into()),
    ]);
    if let Some(dir) = options.web_dir {
        vars.insert("CIS_WEB_DIR".into(), dir.display().to_string());
    }
    for (k, v) in options.vars {
        vars.insert(k.into(), v);
    }
    let settings = Settings::from_vars(&vars).expect("test settings are valid");
    let clock = Clock::adjustable();
    let app = Application::build(settings, clock.clone()).await.expect("the application starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    Some(TestApp { address, client, mail, clock, state, backend, data_dir, _temp: temp })
}

/// A new, empty PostgreSQL database named `cis_test_*` (xtask drops them before each run).
async fn fresh_postgres_database() -> Option<String> {
    let Ok(base) = std::env::var("CIS_TEST_DATABASE_URL") else {
        assert!(std::env::var_os("CI").is_none(), "CIS_TEST_DATABASE_URL must be set in CI");
        eprintln!("skipped: CIS_TEST_DATABASE_URL is not set (run `cargo xtask test`)");
        return None;
    };
    let name = format!("cis_test_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(&base).await.expect("CIS_TEST_DATABASE_URL answers");
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
    admin.close().await.ok();
    let mut url = url::Url::parse(&base).expect("CIS_TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    Some(url.to_string())
}

impl TestApp {
    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request sent")
    }

    pub async fn get_in(&self, path: &str, language: &str) -> reqwest::Response {
        self.client.get(self.url(path)).header("Accept-Language", language).send().await.expect("request sent")
    }
}

/// The built SPA given to the tests by `cargo xtask test` (`CIS_TEST_WEB_DIR`).
pub fn built_spa() -> Option<PathBuf> {
    let dir = std::env::var_os("CIS_TEST_WEB_DIR").map(PathBuf::from)?;
    dir.join("index.html").is_file().then_some(dir)
}

pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root")
}

/// Defines each flow twice: once on SQLite, once on PostgreSQL.
///
/// ```ignore
/// on_both_databases! {
///     async fn catalogue_lists_five_certificates(app) { ... }
/// }
/// ```
#[macro_export]
macro_rules! on_both_databases {
    ($(async fn $name:ident($app:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let $app = $crate::spawn_with($crate::Backend::Sqlite, Default::default()).await.unwrap();
                $body
            }

            #[tokio::test]
            async fn postgres() {
                let Some($app) = $crate::spawn_with($crate::Backend::Postgres, Default::default()).await else {
                    return;
                };
                $body
            }
        }
    )*};
}
