//! Database outage: a PostgreSQL server of the test's own (initdb in a temporary directory)
//! is stopped and started again while clients keep calling. While it is down every answer
//! is a 503 problem (`service_unavailable`) or one the service gives without it, `/readyz`
//! fails, nothing panics; once it is back the same process answers as before, its mail
//! worker included, without a restart.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cis_tests::{spawn_with, Backend, Options, TestApp};
use serde_json::json;

use crate::{budget, figure};

/// PostgreSQL's programs (`initdb`, `pg_ctl`) of the newest installed version.
fn postgres_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> =
        std::fs::read_dir("/usr/lib/postgresql").ok()?.flatten().map(|e| e.path().join("bin")).collect();
    versions.sort();
    versions.into_iter().rev().find(|bin| bin.join("pg_ctl").is_file())
}

/// A cluster in a directory of its own, run by the `postgres` user (it refuses root).
struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    _temp: tempfile::TempDir,
}

fn as_postgres(program: &Path) -> Command {
    let running_as_root =
        std::env::var("USER").map_or(true, |u| u == "root") && Path::new("/usr/sbin/runuser").exists();
    if running_as_root {
        let mut cmd = Command::new("/usr/sbin/runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

impl Cluster {
    fn create() -> Option<Cluster> {
        let bin = postgres_bin()?;
        let temp = tempfile::tempdir().ok()?;
        std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o755)).ok()?;
        let dir = temp.path().join("cluster");
        std::fs::create_dir(&dir).ok()?;
        let owner = Command::new("chown").args(["postgres:postgres"]).arg(&dir).status().ok()?;
        let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
        let initdb = as_postgres(&bin.join("initdb"))
            .args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "-D"])
            .arg(&dir)
            .output()
            .ok()?;
        if !owner.success() || !initdb.status.success() {
            eprintln!("initdb failed: {}", String::from_utf8_lossy(&initdb.stderr));
            return None;
        }
        let cluster = Cluster { bin, dir, port, _temp: temp };
        cluster.start();
        Some(cluster)
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn start(&self) {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", self.port, self.dir.display());
        let status = as_postgres(&self.bin.join("pg_ctl"))
            .args(["-w", "-D"])
            .arg(&self.dir)
            .args(["-o", &options, "-l"])
            .arg(self.dir.join("log"))
            .arg("start")
            .status()
            .unwrap();
        assert!(status.success(), "pg_ctl start");
    }

    /// Stops the server the way a crash or an operator would: at once, connections cut.
    fn stop(&self) {
        let status = as_postgres(&self.bin.join("pg_ctl"))
            .args(["-w", "-m", "immediate", "-D"])
            .arg(&self.dir)
            .arg("stop")
            .status()
            .unwrap();
        assert!(status.success(), "pg_ctl stop");
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ =
            as_postgres(&self.bin.join("pg_ctl")).args(["-m", "immediate", "-D"]).arg(&self.dir).arg("stop").output();
    }
}

/// Answers by phase and kind: (phase, "503 service_unavailable"...) → count.
type Tally = Arc<Mutex<BTreeMap<(String, String), usize>>>;

async fn call(app: &TestApp, kind: &str, token: &str, n: usize) -> reqwest::Result<reqwest::Response> {
    match kind {
        "readyz" => app.client.get(app.url("/readyz")).send().await,
        "register" => {
            let body = json!({"email": format!("outage{n}@example.jp"), "locale": "ja"});
            app.client.post(app.url("/api/v1/registrations")).json(&body).send().await
        }
        "me" => app.client.get(app.url("/api/v1/me")).bearer_auth(token).send().await,
        "staff" => app.client.get(app.url("/api/v1/staff/applications")).bearer_auth(token).send().await,
        _ => app.client.get(app.url("/api/v1/catalog/affiliations")).send().await,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_answers_503_while_postgresql_is_down_and_recovers_without_a_restart() {
    let Some(cluster) = Cluster::create() else {
        assert!(std::env::var_os("CI").is_none(), "PostgreSQL's initdb and pg_ctl are needed in CI");
        eprintln!("skipped: no PostgreSQL server programs (initdb, pg_ctl) to run a cluster of the test's own");
        return;
    };
    let options = Options {
        vars: vec![("CIS_DATABASE_URL", cluster.url()), ("CIS_REGISTRATIONS_PER_CLIENT_HOUR", "100000".into())],
        ..Options::default()
    };
    let app = Arc::new(spawn_with(Backend::Sqlite, options).await.unwrap());
    let graduate = app.active_graduate("taro@example.jp").await.access_token;
    let staff = app.staff_token().await;

    let phase = Arc::new(Mutex::new("before".to_owned()));
    let tally: Tally = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for (i, kind) in ["readyz", "register", "me", "staff", "catalog"].into_iter().enumerate() {
        let (app, phase, tally, stop) = (app.clone(), phase.clone(), tally.clone(), stop.clone());
        let token = if kind == "staff" { staff.clone() } else { graduate.clone() };
        clients.push(tokio::spawn(async move {
            let mut n = i * 100_000;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let now = phase.lock().unwrap().clone();
                let outcome = match call(&app, kind, &token, n).await {
                    Ok(r) => {
                        let status = r.status().as_u16();
                        let text = r.text().await.unwrap_or_default();
                        if status >= 400 {
                            let code = serde_json::from_str::<serde_json::Value>(&text)
                                .ok()
                                .and_then(|p| p["code"].as_str().map(str::to_owned));
                            format!("{status} {}", code.unwrap_or_else(|| "(not a problem)".into()))
                        } else {
                            status.to_string()
                        }
                    }
                    Err(e) => format!("no answer ({e})"),
                };
                *tally.lock().unwrap().entry((now, format!("{kind} {outcome}"))).or_default() += 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    let outage = Duration::from_secs(budget(3, 30) as u64);
    tokio::time::sleep(Duration::from_secs(1)).await;
    *phase.lock().unwrap() = "down".to_owned();
    cluster.stop();
    tokio::time::sleep(outage).await;
    let ready_while_down = app.get("/readyz").await.status();
    *phase.lock().unwrap() = "restarting".to_owned();
    cluster.start();
    let back = Instant::now();
    // Back without a restart of the service: ready within 15 s.
    while app.get("/readyz").await.status() != 200 {
        assert!(back.elapsed() < Duration::from_secs(15), "not ready again within 15 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let recovered_in = back.elapsed();
    *phase.lock().unwrap() = "after".to_owned();
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, Ordering::SeqCst);
    for client in clients {
        client.await.expect("a client panicked");
    }
    let tally = tally.lock().unwrap().clone();
    for ((phase, outcome), n) in &tally {
        figure!("database outage: {phase:<10} {outcome}: {n}");
    }
    assert_eq!(ready_while_down, 503);
    let bad: Vec<_> = tally
        .iter()
        .filter(|((phase, outcome), _)| {
            let status = outcome.split_whitespace().nth(1).unwrap_or("");
            let fine = match phase.as_str() {
                "before" | "after" => status.starts_with('2'),
                // Down: served without the database, or a 503 problem.
                _ => status.starts_with('2') || outcome.ends_with("503 service_unavailable"),
            };
            !fine
        })
        .collect();
    assert!(bad.is_empty(), "unexpected answers: {bad:?}");
    assert!(tally.keys().any(|(p, o)| p == "down" && o.ends_with("503 service_unavailable")), "the outage was seen");
    // The mail worker came through: a registration now is mailed.
    let response = app.start_registration("after-outage@example.jp", "en").await;
    assert_eq!(response.status(), 202);
    app.mail.wait_for("after-outage@example.jp").await;
    figure!(
        "database outage: {} s down, ready again {:.1} s after PostgreSQL started",
        outage.as_secs(),
        recovered_in.as_secs_f64()
    );
}
