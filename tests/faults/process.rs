//! The real `cis` binary as a separate process (kill -9, soak): started with its log as
//! JSON lines in a file, its address read from the line that says where it listens.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cis_tests::{Endpoint, SmtpSink, ADMIN_EMAIL, ADMIN_PASSWORD};
use serde_json::Value;

/// The `cis` binary: `CIS_TEST_SERVER_BIN`, else the one cargo built beside this test
/// (`target/debug/cis`).
/// The binary, or `None` with a note when there is none outside CI (in CI: a failure).
pub fn server_binary_or_skip() -> Option<PathBuf> {
    let binary = server_binary();
    if binary.is_none() {
        assert!(std::env::var_os("CI").is_none(), "the cis binary is needed in CI (CIS_TEST_SERVER_BIN)");
        eprintln!("skipped: no cis binary beside the tests (run `cargo xtask test`)");
    }
    binary
}

fn server_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CIS_TEST_SERVER_BIN") {
        return Some(PathBuf::from(path));
    }
    let exe = std::env::current_exe().ok()?;
    let candidate = exe.parent()?.parent()?.join("cis");
    candidate.is_file().then_some(candidate)
}

pub fn random(below: u64) -> u64 {
    (uuid::Uuid::new_v4().as_u128() % u128::from(below.max(1))) as u64
}

/// The server as a process, its log in a file.
pub struct Server {
    child: Child,
    pub endpoint: Endpoint,
}

pub struct Setup {
    binary: PathBuf,
    data_dir: PathBuf,
    database_url: String,
    pub mail: SmtpSink,
    log: PathBuf,
}

impl Setup {
    pub fn new(binary: PathBuf, dir: &Path, database_url: String, mail: SmtpSink) -> Setup {
        Setup { binary, data_dir: dir.join("data"), database_url, mail, log: dir.join("cis.log") }
    }

    pub async fn start(&self) -> Server {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log).unwrap();
        let offset = log.metadata().unwrap().len();
        let child = Command::new(&self.binary)
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("CIS_BIND", "127.0.0.1:0")
            .env("CIS_DATA_DIR", &self.data_dir)
            .env("CIS_DATABASE_URL", &self.database_url)
            .env("CIS_SMTP_URL", format!("smtp://127.0.0.1:{}", self.mail.port()))
            .env("CIS_MAIL_FROM", "The University <no-reply@the-university.example>")
            .env("CIS_ADMIN_EMAIL", ADMIN_EMAIL)
            .env("CIS_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("CIS_MAIL_POLL_MS", "100")
            .env("CIS_WORKERS", "2")
            .env("CIS_REGISTRATIONS_PER_CLIENT_HOUR", "100000")
            .env("CIS_UPLOAD_MB_PER_CLIENT_HOUR", "100000")
            .env("CIS_FONT_DIR", std::env::var("CIS_FONT_DIR").unwrap_or_else(|_| "/usr/share/fonts".into()))
            .env("CIS_LOG_FORMAT", "json")
            .env("CIS_LOG", "info")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("the cis binary starts");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let text = std::fs::read_to_string(&self.log).unwrap_or_default();
            let address = text[offset as usize..].lines().find_map(|line| {
                let event: Value = serde_json::from_str(line).ok()?;
                if event["message"] != "Certificate Issuance Service listening" {
                    return None;
                }
                event["address"].as_str().map(str::to_owned)
            });
            if let Some(address) = address {
                return Server { child, endpoint: Endpoint::new(address, self.mail.clone()) };
            }
            assert!(Instant::now() < deadline, "cis did not start: {}", &text[offset as usize..]);
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

impl Server {
    /// SIGKILL, and wait for the process to be gone.
    pub fn kill(self) {
        drop(self);
    }
}

/// A server is never left running, not even by a suite that failed half-way.
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
