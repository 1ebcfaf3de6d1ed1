//! How many graduate logins a machine takes, and what they cost everyone else
//! (`cargo xtask bench`, or `cargo run --release -p cis-tests --example bench_auth`).
//!
//! 1. The ceiling: bare argon2 verification of a password and a second password with the
//!    production parameters, on one core and on every core.
//! 2. `POST /api/v1/auth/login` through the real server (the test harness: real database,
//!    real SMTP sink) with correct credentials over many accounts: logins/s against that
//!    ceiling, p50/p99 latency.
//! 3. `GET /api/v1/me` alone, then while logins keep the CPU busy.
//! 4. The authenticated read path against a bare actix-web JSON handler started here with
//!    as many workers: `wrk -t1 -c32` on each (the in-process client when wrk is missing;
//!    `cargo xtask bench` installs it), `/me` requests/s as a share of the bare handler's.
//!
//! The server runs in this process (`CIS_TRUST_PROXY=true`, each request with its own
//! `X-Forwarded-For`, so the per-client login limit does not apply), on SQLite, and on
//! PostgreSQL too when `CIS_TEST_DATABASE_URL` is set. Load generator and server share the
//! machine. Request logs are off unless `CIS_LOG` says otherwise.
//!
//! Settings (environment): `BENCH_SECONDS` (10), `BENCH_WARMUP_SECONDS` (2),
//! `BENCH_ACCOUNTS` (16), `BENCH_LOGIN_CLIENTS` (2 × cores), `BENCH_ME_CLIENTS` (16),
//! `BENCH_WORKERS` (server's `CIS_WORKERS`, cores), `CIS_BENCH_OUT` (the JSON file, default
//! `<target dir>/bench/auth.json`).

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::{PasswordHash, PasswordHasher, PasswordVerifier};
use cis_tests::{Backend, Options, TestApp, PASSWORD, SECOND_PASSWORD};
use serde_json::{json, Value};
use support::{load_average, run, setting, CpuTicks, CpuUse, Request, Stats, Window};

/// The parameters `cis_api::crypto` hashes with (argon2id, 19 MiB, 2 passes, 1 lane).
const PRODUCTION_PHC_PREFIX: &str = "$argon2id$v=19$m=19456,t=2,p=1$";

struct Config {
    cores: usize,
    seconds: u64,
    warmup: u64,
    accounts: usize,
    login_clients: usize,
    me_clients: usize,
    workers: usize,
}

impl Config {
    fn from_env() -> Config {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Config {
            cores,
            seconds: setting("BENCH_SECONDS", 10) as u64,
            warmup: setting("BENCH_WARMUP_SECONDS", 2) as u64,
            accounts: setting("BENCH_ACCOUNTS", 16).max(1),
            login_clients: setting("BENCH_LOGIN_CLIENTS", 2 * cores).max(1),
            me_clients: setting("BENCH_ME_CLIENTS", 16).max(1),
            workers: setting("BENCH_WORKERS", cores).max(1),
        }
    }

    fn window(&self) -> Window {
        Window { warmup: self.warmup, seconds: self.seconds }
    }
}

fn main() {
    support::prepare();
    let config = Config::from_env();
    support::run_to_exit(config.cores, bench(config));
}

async fn bench(config: Config) -> i32 {
    let load_before = load_average();
    eprintln!("bench: argon2 baseline ({} cores)", config.cores);
    let (single, single_cpu) =
        tokio::task::spawn_blocking(|| argon2_pairs_per_second(1, Duration::from_secs(4))).await.unwrap();
    let cores = config.cores;
    let (all, all_cpu) =
        tokio::task::spawn_blocking(move || argon2_pairs_per_second(cores, Duration::from_secs(4))).await.unwrap();
    let baseline = json!({
        "single_core": {"threads": 1, "ms_per_pair": 1000.0 / single, "pairs_per_s": single, "cpu": cpu_json(single_cpu)},
        "all_cores": {"threads": config.cores, "pairs_per_s": all, "cpu": cpu_json(all_cpu)},
    });

    let mut backends = vec![Backend::Sqlite];
    if std::env::var_os("CIS_TEST_DATABASE_URL").is_some() {
        backends.push(Backend::Postgres);
    }
    let mut runs = Vec::new();
    let mut failed = false;
    for backend in backends {
        let run = server_bench(&config, backend, all).await;
        failed |= run["errors"].as_u64().unwrap_or(0) > 0;
        runs.push(run);
    }

    let report = json!({
        "machine": {"cores": config.cores, "load_average_before": load_before, "load_average_after": load_average()},
        "settings": {
            "seconds": config.seconds, "warmup_seconds": config.warmup, "accounts": config.accounts,
            "login_clients": config.login_clients, "me_clients": config.me_clients, "server_workers": config.workers,
        },
        "baseline_argon2": baseline,
        "runs": runs,
    });
    print_table(&report);
    support::write_report("auth.json", &report);
    if failed {
        eprintln!("bench: some requests failed (see `errors` and `first_error`)");
        1
    } else {
        0
    }
}

/// Verifications of a password and a second password per second, on `threads` threads
/// each verifying in a loop for `duration`; and the CPU used meanwhile.
fn argon2_pairs_per_second(threads: usize, duration: Duration) -> (f64, Option<CpuUse>) {
    let hash = |secret: &str| {
        let hash: PasswordHash = Argon2::default().hash_password(secret.as_bytes()).unwrap();
        hash.to_string()
    };
    let (first, second) = (hash(PASSWORD), hash(SECOND_PASSWORD));
    assert!(first.starts_with(PRODUCTION_PHC_PREFIX), "not the production parameters: {first}");
    let (started, cpu) = (Instant::now(), CpuTicks::now());
    let pairs: u64 = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let (first, second) = (PasswordHash::new(&first).unwrap(), PasswordHash::new(&second).unwrap());
                    let mut pairs = 0u64;
                    while started.elapsed() < duration {
                        assert!(Argon2::default().verify_password(PASSWORD.as_bytes(), &first).is_ok());
                        assert!(Argon2::default().verify_password(SECOND_PASSWORD.as_bytes(), &second).is_ok());
                        pairs += 1;
                    }
                    pairs
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    let seconds = started.elapsed().as_secs_f64();
    (pairs as f64 / seconds, cpu.zip(CpuTicks::now()).map(|(start, end)| end.since(&start, seconds)))
}

fn cpu_json(cpu: Option<CpuUse>) -> Value {
    cpu.map_or(
        Value::Null,
        |cpu| json!({"this_process_cores": cpu.process_cores, "machine_busy_cores": cpu.machine_cores}),
    )
}

/// The three server phases on one backend: logins alone, `/me` alone, both at once.
async fn server_bench(config: &Config, backend: Backend, ceiling: f64) -> Value {
    let name = format!("{backend:?}").to_lowercase();
    let vars = vec![("CIS_TRUST_PROXY", "true".to_owned()), ("CIS_WORKERS", config.workers.to_string())];
    let Some(mut app) = cis_tests::spawn_with(backend, Options { vars, ..Default::default() }).await else {
        return json!({"backend": name, "skipped": true});
    };
    eprintln!("bench[{name}]: creating {} active graduates", config.accounts);
    let started = Instant::now();
    let accounts = create_accounts(&mut app, config.accounts).await;
    eprintln!("bench[{name}]: accounts ready in {:.1}s", started.elapsed().as_secs_f64());

    let http = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
    let target = Target { http, address: app.address.clone(), accounts: Arc::new(accounts), next: Default::default() };
    let tokens = Arc::new(target.access_tokens().await);

    eprintln!("bench[{name}]: logins alone ({} clients)", config.login_clients);
    let logins = run(config.window(), config.login_clients, target.login()).await;
    eprintln!("bench[{name}]: /me alone ({} clients)", config.me_clients);
    let me = run(config.window(), config.me_clients, target.me(tokens.clone())).await;
    eprintln!("bench[{name}]: /me while logins run");
    let (me_loaded, logins_loaded) = tokio::join!(
        run(config.window(), config.me_clients, target.me(tokens.clone())),
        run(config.window(), config.login_clients, target.login()),
    );
    eprintln!("bench[{name}]: /me against a bare actix-web handler");
    let read_path = read_path(config, &app.address, &tokens[0]).await;
    let errors = [&logins, &me, &me_loaded, &logins_loaded].iter().map(|s| s.errors).sum::<u64>();
    let ratio = |stats: &Stats| stats.per_second() / ceiling;
    json!({
        "backend": name,
        "login": {"ratio_to_ceiling": ratio(&logins), "stats": logins.json()},
        "me_alone": me.json(),
        "me_under_login_load": me_loaded.json(),
        "login_under_me_load": {"ratio_to_ceiling": ratio(&logins_loaded), "stats": logins_loaded.json()},
        "read_path": read_path,
        "errors": errors,
    })
}

/// `GET /api/v1/me` and a bare actix-web handler answering a JSON body of the same size,
/// on as many workers, loaded the same way one after the other: requests/s and the ratio.
async fn read_path(config: &Config, address: &str, token: &str) -> Value {
    let me_url = format!("{address}/api/v1/me");
    let body = reqwest::Client::new().get(&me_url).bearer_auth(token).send().await.unwrap().bytes().await.unwrap();
    let bare_body = Arc::new(body.to_vec());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let bare_url = format!("http://{}/bare", listener.local_addr().unwrap());
    let server = actix_web::HttpServer::new(move || {
        let body = bare_body.clone();
        actix_web::App::new().route(
            "/bare",
            actix_web::web::get().to(move || {
                let body = body.clone();
                async move { actix_web::HttpResponse::Ok().content_type("application/json").body(body.to_vec()) }
            }),
        )
    })
    .workers(config.workers)
    .disable_signals()
    .listen(listener)
    .unwrap()
    .run();
    let handle = server.handle();
    tokio::spawn(server);
    let tool = if wrk_available() { "wrk -t1 -c32" } else { "in-process client, 32 connections" };
    let bare = load(config, &bare_url, None).await;
    let me = load(config, &me_url, Some(token)).await;
    handle.stop(false).await;
    json!({"tool": tool, "bare_per_s": bare, "me_per_s": me, "ratio": me / bare})
}

fn wrk_available() -> bool {
    std::process::Command::new("wrk").arg("--version").output().is_ok()
}

/// Requests/s of `GET url` (with the bearer token) for the configured seconds.
async fn load(config: &Config, url: &str, token: Option<&str>) -> f64 {
    if wrk_available() {
        let mut cmd = std::process::Command::new("wrk");
        cmd.args(["-t1", "-c32", &format!("-d{}s", config.seconds)]);
        if let Some(token) = token {
            cmd.args(["-H", &format!("Authorization: Bearer {token}")]);
        }
        cmd.arg(url);
        let output = tokio::task::spawn_blocking(move || cmd.output()).await.unwrap().expect("wrk runs");
        let text = String::from_utf8_lossy(&output.stdout);
        let non_2xx = text.lines().any(|l| l.contains("Non-2xx"));
        assert!(!non_2xx, "wrk saw errors:\n{text}");
        return text
            .lines()
            .find_map(|l| l.strip_prefix("Requests/sec:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("wrk printed no rate:\n{text}"));
    }
    let http = reqwest::Client::new();
    let (url, token) = (url.to_owned(), token.map(str::to_owned));
    let stats = run(config.window(), 32, move |_| {
        let (http, url, token) = (http.clone(), url.clone(), token.clone());
        Box::pin(async move {
            let mut request = http.get(&url);
            if let Some(token) = &token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.map_err(|e| e.to_string())?;
            let ok = response.status().is_success();
            response.bytes().await.map_err(|e| e.to_string())?;
            if ok {
                Ok(())
            } else {
                Err("not 2xx".to_owned())
            }
        })
    })
    .await;
    stats.per_second()
}

/// Active graduates `bench-<i>@example.jp` with `PASSWORD` and `SECOND_PASSWORD`. The
/// registration and login limits count per client: each account comes from its own
/// address, and one staff token approves them all (the staff login limit counts per
/// account too).
async fn create_accounts(app: &mut TestApp, count: usize) -> Vec<String> {
    let staff = app.staff_token().await;
    let mut emails = Vec::new();
    for i in 0..count {
        let email = format!("bench-{i}@example.jp");
        app.client = client_from(&format!("10.250.{}.{}", i / 250, i % 250 + 1));
        let reception = app.submitted_application(&email, "電電 太郎", "デンデン タロウ").await;
        let id = app.application_id(&staff, &reception).await;
        let before = app.mail.to(&email).len();
        let response = app.decide(&staff, id, json!({"decision": "approve"})).await;
        assert_eq!(response.status(), 200, "approving {email}");
        let mail = app.mail.wait_for_text(&email, before, "Initial password: ").await;
        let initial = cis_tests::initial_password(&mail.text());
        let first: Value = app.graduate_login(&email, &initial, "").await.json().await.unwrap();
        let setup = first["setup_token"].as_str().expect("a setup token");
        let response = app.set_credentials(setup, PASSWORD, SECOND_PASSWORD).await;
        assert_eq!(response.status(), 200, "setting the credentials of {email}");
        emails.push(email);
    }
    emails
}

fn client_from(address: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", address.parse().unwrap());
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).default_headers(headers).build().unwrap()
}

/// The server under load, shared by every client task.
#[derive(Clone)]
struct Target {
    http: reqwest::Client,
    address: String,
    accounts: Arc<Vec<String>>,
    /// Numbers the logins: account and `X-Forwarded-For` (10.x.y.z, below the setup's 10.250/16).
    next: Arc<AtomicU64>,
}

impl Target {
    /// One login with correct credentials from a new client address; the access token.
    async fn login_once(&self) -> Result<String, String> {
        let n = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let email = &self.accounts[n as usize % self.accounts.len()];
        let response = self
            .http
            .post(format!("{}/api/v1/auth/login", self.address))
            .header("x-forwarded-for", format!("10.{}.{}.{}", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff))
            .json(&json!({"email": email, "password": PASSWORD, "second_password": SECOND_PASSWORD}))
            .send()
            .await
            .map_err(|e| format!("login: {e}"))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| format!("login body: {e}"))?;
        if status != 200 {
            return Err(format!("login: {status} {}", String::from_utf8_lossy(&body)));
        }
        let body: Value = serde_json::from_slice(&body).map_err(|e| format!("login body: {e}"))?;
        body["access_token"].as_str().map(str::to_owned).ok_or_else(|| format!("login: no access token in {body}"))
    }

    /// A session per account, for `/me`.
    async fn access_tokens(&self) -> Vec<String> {
        let mut tokens = Vec::new();
        for _ in 0..self.accounts.len() {
            tokens.push(self.login_once().await.expect("a login before the bench"));
        }
        tokens
    }

    fn login(&self) -> impl Fn(u64) -> Request + Clone {
        let target = self.clone();
        move |_| {
            let target = target.clone();
            Box::pin(async move { target.login_once().await.map(drop) })
        }
    }

    fn me(&self, tokens: Arc<Vec<String>>) -> impl Fn(u64) -> Request + Clone {
        let target = self.clone();
        move |n| {
            let (target, tokens) = (target.clone(), tokens.clone());
            Box::pin(async move {
                let token = &tokens[n as usize % tokens.len()];
                let response = target
                    .http
                    .get(format!("{}/api/v1/me", target.address))
                    .bearer_auth(token)
                    .send()
                    .await
                    .map_err(|e| format!("/me: {e}"))?;
                let status = response.status();
                let body = response.bytes().await.map_err(|e| format!("/me body: {e}"))?;
                if status != 200 {
                    return Err(format!("/me: {status} {}", String::from_utf8_lossy(&body)));
                }
                Ok(())
            })
        }
    }
}

fn print_table(report: &Value) {
    let machine = &report["machine"];
    let baseline = &report["baseline_argon2"];
    println!(
        "\nauth bench: {} cores, load average before {} after {}",
        machine["cores"],
        machine["load_average_before"].as_str().unwrap_or("?"),
        machine["load_average_after"].as_str().unwrap_or("?")
    );
    println!("\nargon2 baseline (argon2id m=19456 t=2 p=1, password + second password)");
    let cores = |cpu: &Value| {
        format!(
            "{:.2}/{:.2}",
            cpu["this_process_cores"].as_f64().unwrap_or(f64::NAN),
            cpu["machine_busy_cores"].as_f64().unwrap_or(f64::NAN)
        )
    };
    println!("  {:<11} {:>9} {:>9} {:>11}", "", "ms/pair", "pairs/s", "cores b/m");
    for (label, row) in [("1 thread", &baseline["single_core"]), ("all threads", &baseline["all_cores"])] {
        println!(
            "  {:<11} {:>9.1} {:>9.1} {:>11}",
            label,
            row["threads"].as_f64().unwrap() * 1000.0 / row["pairs_per_s"].as_f64().unwrap(),
            row["pairs_per_s"].as_f64().unwrap(),
            cores(&row["cpu"])
        );
    }
    println!("  (all cores: the ceiling of logins/s; ms/pair is per thread)");
    for run in report["runs"].as_array().unwrap() {
        println!("\nserver on {}", run["backend"].as_str().unwrap());
        if run["skipped"].as_bool() == Some(true) {
            println!("  skipped");
            continue;
        }
        println!(
            "  {:<28} {:>7} {:>9} {:>8} {:>8} {:>8} {:>11} {:>11} {:>6}",
            "", "clients", "req/s", "ceiling", "p50 ms", "p99 ms", "cpu ms/req", "cores b/m", "errors"
        );
        let row = |label: &str, stats: &Value, ratio: Option<f64>| {
            println!(
                "  {:<28} {:>7} {:>9.1} {:>8} {:>8.1} {:>8.1} {:>11.1} {:>11} {:>6}",
                label,
                stats["clients"].to_string(),
                stats["per_s"].as_f64().unwrap_or(f64::NAN),
                ratio.map_or(String::new(), |r| format!("{:.0}%", r * 100.0)),
                stats["p50_ms"].as_f64().unwrap_or(f64::NAN),
                stats["p99_ms"].as_f64().unwrap_or(f64::NAN),
                stats["cpu"]["process_cpu_ms_per_request"].as_f64().unwrap_or(f64::NAN),
                cores(&stats["cpu"]),
                stats["errors"].to_string()
            );
        };
        row("POST /auth/login", &run["login"]["stats"], run["login"]["ratio_to_ceiling"].as_f64());
        row("GET /me", &run["me_alone"], None);
        row("GET /me during logins", &run["me_under_login_load"], None);
        row(
            "POST /auth/login during /me",
            &run["login_under_me_load"]["stats"],
            run["login_under_me_load"]["ratio_to_ceiling"].as_f64(),
        );
        let read = &run["read_path"];
        println!(
            "  read path ({}): bare actix-web {:.0} req/s, GET /me {:.0} req/s = {:.1}% of bare",
            read["tool"].as_str().unwrap_or("?"),
            read["bare_per_s"].as_f64().unwrap_or(f64::NAN),
            read["me_per_s"].as_f64().unwrap_or(f64::NAN),
            read["ratio"].as_f64().unwrap_or(f64::NAN) * 100.0
        );
        for (label, stats) in [
            ("login", &run["login"]["stats"]),
            ("/me", &run["me_alone"]),
            ("/me during logins", &run["me_under_login_load"]),
            ("login during /me", &run["login_under_me_load"]["stats"]),
        ] {
            if let Some(error) = stats["first_error"].as_str() {
                println!("  first error ({label}): {error}");
            }
        }
    }
    println!(
        "\ncores b/m: cores' worth of CPU used by this process (server and load generator) / by the whole machine"
    );
}
