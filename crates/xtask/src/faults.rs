//! `cargo xtask faults [suite] [--long]`: the faults and abuse suites of issue 12, one at a
//! time with their figures printed. `cargo xtask test` runs them all with the CI budget
//! (they are the `faults` test of `tests/`, and the fuzzing step).
//!
//! Fuzzing uses cargo-fuzz (installed here) on the stable toolchain with
//! `RUSTC_BOOTSTRAP=1`; the targets are `tests/fuzz/fuzz_targets/*.rs`, their seeds
//! `tests/fuzz/seeds/<target>/`. The corpus grown by fuzzing and any crash stay under
//! `<target dir>/fuzz/`; a crash fails the step and is to become a regression test.

use std::path::PathBuf;
use std::process::Command;

use crate::{cargo, root, run_cmd, step, tools, Result};

const SUITES: [(&str, &str); 6] = [
    ("crash", "crash::"),
    ("smtp", "smtp_outage::"),
    ("database", "database_outage::"),
    ("uploads", "uploads::"),
    ("equal", "equal_answers::"),
    ("soak", "soak::"),
];

pub const FUZZ_TARGETS: [&str; 4] = ["validators", "images", "records_csv", "stripe_webhook"];

pub fn run(args: &[String]) -> Result {
    let long = args.iter().any(|a| a == "--long");
    let chosen: Vec<&str> = args.iter().map(String::as_str).filter(|a| *a != "--long").collect();
    let known = |name: &str| name == "fuzz" || SUITES.iter().any(|(s, _)| *s == name);
    if let Some(unknown) = chosen.iter().find(|c| !known(c)) {
        return Err(format!("no suite '{unknown}': crash, smtp, database, uploads, equal, soak or fuzz"));
    }
    let all = chosen.is_empty();
    let filters: Vec<&str> =
        SUITES.iter().filter(|(name, _)| all || chosen.contains(name)).map(|(_, filter)| *filter).collect();
    if !filters.is_empty() {
        step("install what is missing", || tools::ensure_documents(false))?;
        let (database, _dropping) = tools::ensure_postgres(false)?;
        step("build the server", || run_cmd(cargo().args(["build", "--package", "cis-api", "--bin", "cis"])))?;
        let mut cmd = cargo();
        cmd.args(["test", "--package", "cis-tests", "--test", "faults", "--"]).args(&filters);
        cmd.args(["--nocapture", "--test-threads", "1"]);
        cmd.env("CIS_TEST_SERVER_BIN", tools::target_dir()?.join("debug").join("cis"));
        if long {
            cmd.env("CIS_FAULTS_LONG", "1");
        }
        if let Some(url) = database {
            cmd.env("CIS_TEST_DATABASE_URL", url);
        }
        step("the faults suites", || run_cmd(&mut cmd))?;
    }
    if all || chosen.contains(&"fuzz") {
        step("fuzzing", || fuzz(long))?;
    }
    Ok(())
}

fn fuzz_dir() -> PathBuf {
    root().join("tests").join("fuzz")
}

/// cargo-fuzz with the project's toolchain: nightly flags allowed on stable.
fn cargo_fuzz() -> Result<Command> {
    tools::ensure_cargo_fuzz()?;
    let mut cmd = cargo();
    cmd.arg("fuzz").env("RUSTC_BOOTSTRAP", "1").env("PATH", tools::path_with_cargo_bin());
    // Its own target directory: the fuzzer's flags rebuild every crate.
    cmd.env("CARGO_TARGET_DIR", tools::target_dir()?.join("fuzz-build"));
    Ok(cmd)
}

/// Every target: its seeds replayed, then fuzzed for a while (seconds each: 20 in CI, 600
/// with `--long`), its corpus kept under the target directory.
pub fn fuzz(long: bool) -> Result {
    let seconds = if long { 600 } else { 20 };
    run_cmd(cargo_fuzz()?.args(["build", "--fuzz-dir"]).arg(fuzz_dir()).args(["-O", "--debug-assertions"]))?;
    let work = tools::target_dir()?.join("fuzz");
    for target in FUZZ_TARGETS {
        let seeds = fuzz_dir().join("seeds").join(target);
        let corpus = work.join("corpus").join(target);
        let artifacts = work.join("artifacts").join(target);
        for dir in [&corpus, &artifacts] {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let mut cmd = cargo_fuzz()?;
        cmd.args(["run", "--fuzz-dir"]).arg(fuzz_dir()).args(["-O", "--debug-assertions", target]);
        cmd.arg(&corpus).arg(&seeds).arg("--");
        cmd.arg(format!("-artifact_prefix={}/", artifacts.display()));
        cmd.args([
            format!("-max_total_time={seconds}"),
            "-rss_limit_mb=2048".to_owned(),
            "-print_final_stats=1".into(),
        ]);
        // The image pipeline is bounded to 10 MiB inputs; the others read requests of 64 KiB.
        let max_len = if target == "images" { 1 << 20 } else { 64 * 1024 };
        cmd.arg(format!("-max_len={max_len}"));
        eprintln!("==> fuzz {target} for {seconds} s (seeds {}, corpus {})", seeds.display(), corpus.display());
        run_cmd(&mut cmd).map_err(|e| format!("{e}: a crash or a timeout is in {}", artifacts.display()))?;
    }
    Ok(())
}
