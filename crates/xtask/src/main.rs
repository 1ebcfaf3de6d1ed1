//! The project's commands, so a fresh machine needs nothing but Rust:
//!
//! ```text
//! cargo xtask run     install what is missing, build the SPA and the server, start the service
//! cargo xtask test    every test: unit, API on SQLite and PostgreSQL, browser
//! cargo xtask openapi write openapi/openapi.json from the code
//! cargo xtask bench   logins/s against the argon2 ceiling, /me latency alone and under login load;
//!                     orders/s and order lists at 100,000 orders
//! cargo xtask schemathesis [--long]   the OpenAPI contract checks alone (many more cases with --long)
//! cargo xtask faults [suite] [--long]  faults and abuse: crash, smtp, database, uploads, equal, soak,
//!                     fuzz (all by default); --long runs them as long as the issue asks
//! ```
//!
//! Everything a step needs is installed here, never by hand: the wasm target, Trunk,
//! wasm-bindgen-cli at the version in Cargo.lock, binaryen's wasm-opt, Chromium and its
//! driver (Debian packages), and PostgreSQL is started when installed.

mod faults;
mod tools;
mod web;

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("openapi") => write_openapi(),
        Some("build-web") => tools::ensure_web_tools().and_then(|_| build_web()).map(drop),
        Some("bench") => bench(),
        Some("schemathesis") => schemathesis(&args[1..]),
        Some("faults") => faults::run(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <run | test | openapi | build-web | bench>\n\
                \n  run        install what is missing, build the SPA and the server, start the service\
                \n  test       every test: unit, API (SQLite and PostgreSQL), browser\
                \n  openapi    regenerate openapi/openapi.json from the code\
                \n  build-web  build the four applications into dist/ (apply/, staff/, verify/), compressed,\
                \n             and check their first-load budgets\
                \n  bench      logins/s and /me latency, then orders/s and order lists at 100,000 orders,\
                \n             through the real server (release); tables and <target dir>/bench/*.json\
                \n  schemathesis [--long]  the OpenAPI contract checked by schemathesis as anonymous,\
                \n             staff and graduate callers (--long: 500 cases per operation)\
                \n  faults [crash|smtp|database|uploads|equal|soak|fuzz] [--long]  the faults and abuse suites\
                \n             (all by default; --long: 60 kills, a 10-minute soak, 10 minutes of fuzzing a target)"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root. Read at run time (cargo sets CARGO_MANIFEST_DIR for `cargo run`):
/// a binary cached in a target directory shared by several checkouts may have been built
/// from another one.
pub fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir.ancestors().nth(2).expect("workspace root").to_owned()
}

/// Runs a command in the workspace root, failing with its name when it fails.
pub fn run_cmd(cmd: &mut Command) -> Result {
    let shown = format!("{cmd:?}");
    let status = cmd.current_dir(root()).status().map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

pub fn step<T>(name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    eprintln!("==> {name}");
    let started = Instant::now();
    let value = f()?;
    eprintln!("==> {name}: done in {:.1}s", started.elapsed().as_secs_f64());
    Ok(value)
}

fn build_web() -> Result<PathBuf> {
    let dist = web::build()?;
    step("first-load sizes", || web::check_budgets(&dist))?;
    Ok(dist)
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

fn run(extra: &[String]) -> Result {
    let started = Instant::now();
    step("install what is missing", || tools::ensure_web_tools().and_then(|_| tools::ensure_documents(false)))?;
    let dist = build_web()?;
    step("build the server (release)", || {
        run_cmd(cargo().args(["build", "--release", "--package", "cis-api", "--bin", "cis"]))
    })?;
    let binary = tools::target_dir()?.join("release").join("cis");
    eprintln!("==> ready in {:.1}s; starting {} (Ctrl-C stops it)", started.elapsed().as_secs_f64(), binary.display());
    let mut cmd = Command::new(binary);
    cmd.arg("serve").args(extra);
    if std::env::var_os("CIS_WEB_DIR").is_none() {
        cmd.env("CIS_WEB_DIR", &dist);
    }
    run_cmd(&mut cmd)
}

fn test(extra: &[String]) -> Result {
    let started = Instant::now();
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    let schemathesis = step("install what is missing", || {
        tools::ensure_web_tools()?;
        tools::ensure_browser()?;
        tools::ensure_documents(true)?;
        tools::ensure_schemathesis()
    })?;
    let (database, dropping) = step("PostgreSQL for the tests", || tools::ensure_postgres(ci))?;
    step("formatting", || run_cmd(cargo().args(["fmt", "--all", "--check"])))?;
    let dist = build_web()?;
    step("tests", || {
        let mut cmd = cargo();
        cmd.args(["test", "--workspace", "--exclude", "cis-web", "--no-fail-fast"]).args(extra);
        cmd.env("CIS_TEST_WEB_DIR", &dist).env("CIS_TEST_REQUIRE_BROWSER", "1");
        cmd.env("CIS_TEST_SCHEMATHESIS", &schemathesis).env("CIS_TEST_REQUIRE_SCHEMATHESIS", "1");
        // The faults suites' crash loop and soak run the binary `cargo test` builds.
        cmd.env("CIS_TEST_SERVER_BIN", tools::target_dir()?.join("debug").join("cis"));
        if let Some(url) = &database {
            cmd.env("CIS_TEST_DATABASE_URL", url);
        }
        run_cmd(&mut cmd)
    })?;
    step("fuzzing: the corpus replayed, each target fuzzed briefly", || faults::fuzz(false))?;
    if let Some(dropping) = dropping {
        step("drop the databases of earlier runs", || dropping.join().map_err(|_| "dropping panicked".to_owned()))?;
    }
    eprintln!("==> all tests passed in {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The contract tests alone (`tests/contract`), printing schemathesis' report;
/// `--long` runs 500 cases per operation instead of 20.
fn schemathesis(extra: &[String]) -> Result {
    let program =
        step("install what is missing", || tools::ensure_documents(false).and_then(|_| tools::ensure_schemathesis()))?;
    let (database, _dropping) = tools::ensure_postgres(false)?;
    let mut cmd = cargo();
    cmd.args(["test", "--package", "cis-tests", "--test", "contract", "--", "--nocapture", "--test-threads", "1"]);
    cmd.env("CIS_TEST_SCHEMATHESIS", program).env("CIS_TEST_REQUIRE_SCHEMATHESIS", "1");
    if extra.iter().any(|a| a == "--long") {
        cmd.env("CIS_SCHEMATHESIS_LONG", "1");
    }
    if let Some(url) = database {
        cmd.env("CIS_TEST_DATABASE_URL", url);
    }
    run_cmd(&mut cmd)
}

/// The benchmarks in release, the tables on stdout: auth (`tests/examples/bench_auth.rs`,
/// `<target dir>/bench/auth.json`), then orders at 100,000 (`bench_orders.rs`,
/// `orders.json`). PostgreSQL is measured too when `CIS_TEST_DATABASE_URL` is set.
fn bench() -> Result {
    step("install what is missing", || {
        tools::ensure_web_tools().and_then(|_| tools::ensure_wrk()).and_then(|_| tools::ensure_documents(false))
    })?;
    let dist = build_web()?;
    let out = tools::target_dir()?.join("bench");
    for (example, report) in
        [("bench_auth", "auth.json"), ("bench_orders", "orders.json"), ("bench_documents", "documents.json")]
    {
        run_cmd(
            cargo()
                .args(["run", "--release", "--package", "cis-tests", "--example", example])
                .env("CIS_BENCH_OUT", out.join(report)),
        )?;
    }
    println!("\nfirst load of each application (the page and the files it names)");
    println!("{:<10} {:>12} {:>12} {:>12} {:>12}", "app", "raw B", "gzip B", "brotli B", "gzip budget");
    let mut json = String::from("{");
    for (i, app) in web::APPS.iter().enumerate() {
        let load = web::first_load(&dist, app)?;
        println!("{:<10} {:>12} {:>12} {:>12} {:>12}", app.name, load.raw, load.gzip, load.brotli, app.gzip_budget);
        json.push_str(&format!(
            "{}\n  \"{}\": {{\"raw\": {}, \"gzip\": {}, \"brotli\": {}, \"gzip_budget\": {}, \"files\": {:?}}}",
            if i == 0 { "" } else { "," },
            app.name,
            load.raw,
            load.gzip,
            load.brotli,
            app.gzip_budget,
            load.files
        ));
    }
    json.push_str("\n}\n");
    std::fs::write(out.join("bundles.json"), json).map_err(|e| format!("bundles.json: {e}"))?;
    println!("written to {}", out.join("bundles.json").display());
    Ok(())
}

fn write_openapi() -> Result {
    let output = cargo()
        .args(["run", "--quiet", "--package", "cis-api", "--bin", "cis", "--", "openapi"])
        .current_dir(root())
        .output()
        .map_err(|e| format!("cannot run cis openapi: {e}"))?;
    if !output.status.success() {
        return Err(format!("cis openapi failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let path = root().join("openapi").join("openapi.json");
    std::fs::write(&path, &output.stdout).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}
