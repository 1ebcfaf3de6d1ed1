//! Finding, and where missing installing, what the build and the tests need.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use crate::{root, run_cmd, Result};

/// Trunk 0.22 needs a newer rustc than the project's; 0.21 is the line to use.
const TRUNK_VERSION: &str = "0.21.14";

fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin")
}

/// binaryen from the npm registry: Debian bookworm's wasm-opt 108 miscompiles the
/// externref table that wasm-bindgen emits. Must match `[tools] wasm_opt` in Trunk.toml.
const BINARYEN_VERSION: &str = "132.0.0";

fn binaryen_dir() -> PathBuf {
    target_dir().unwrap_or_else(|_| root().join("target")).join("tools").join(format!("binaryen-{BINARYEN_VERSION}"))
}

/// PATH with the project's tools first: binaryen's, then cargo's bin directory, where
/// `cargo install` puts Trunk and wasm-bindgen.
pub fn path_with_cargo_bin() -> std::ffi::OsString {
    let mut paths = vec![binaryen_dir().join("node_modules").join(".bin"), cargo_bin()];
    paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    std::env::join_paths(paths).expect("PATH")
}

/// The first line a tool prints for `--version`, if it runs.
fn version_of(program: &str) -> Option<String> {
    let output = Command::new(program).arg("--version").env("PATH", path_with_cargo_bin()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).lines().next().unwrap_or("").trim().to_owned())
}

/// The version of a package in Cargo.lock.
fn locked_version(package: &str) -> Result<String> {
    let lock =
        std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&needle).ok_or_else(|| format!("{package} is not in Cargo.lock"))? + needle.len();
    Ok(lock[start..].split('"').next().unwrap_or_default().to_owned())
}

fn cargo_install(args: &[&str]) -> Result {
    eprintln!("    installing {} (once per machine)", args.join(" "));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    run_cmd(Command::new(&cargo).arg("install").args(args).arg("--locked")).or_else(|_| {
        // The index may lack a version locked by the tool; a fresh resolution works then.
        eprintln!("    --locked failed; installing without it");
        run_cmd(Command::new(&cargo).arg("install").args(args))
    })
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn apt_install(packages: &[&str]) -> Result {
    if !is_root() || version_of("apt-get").is_none() {
        return Err(format!("install the Debian packages {} (apt-get as root)", packages.join(" ")));
    }
    eprintln!("    installing Debian packages {}", packages.join(" "));
    run_cmd(Command::new("apt-get").args(["update", "-qq"]))?;
    run_cmd(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// The wasm target, wasm-bindgen-cli matching Cargo.lock, Trunk 0.21 and wasm-opt.
pub fn ensure_web_tools() -> Result {
    let targets =
        Command::new("rustup").args(["target", "list", "--installed"]).output().map_err(|e| format!("rustup: {e}"))?;
    if !String::from_utf8_lossy(&targets.stdout).contains("wasm32-unknown-unknown") {
        run_cmd(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    if !root().join("Cargo.lock").exists() {
        run_cmd(Command::new("cargo").arg("generate-lockfile"))?;
    }
    let bindgen = locked_version("wasm-bindgen")?;
    if version_of("wasm-bindgen") != Some(format!("wasm-bindgen {bindgen}")) {
        cargo_install(&["wasm-bindgen-cli", "--version", &bindgen])?;
    }
    if !version_of("trunk").is_some_and(|v| v.starts_with("trunk 0.21.")) {
        cargo_install(&["trunk", "--version", TRUNK_VERSION, "--no-default-features", "--features", "rustls"])?;
    }
    let wanted = format!("version_{}", BINARYEN_VERSION.split('.').next().unwrap_or_default());
    if !version_of("wasm-opt").is_some_and(|v| v.contains(&wanted)) {
        if version_of("npm").is_none() {
            apt_install(&["nodejs", "npm"])?;
        }
        let dir = binaryen_dir();
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        eprintln!("    installing binaryen {BINARYEN_VERSION} (wasm-opt) from the npm registry");
        run_cmd(
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--no-save", "--prefix"])
                .arg(&dir)
                .arg(format!("binaryen@{BINARYEN_VERSION}")),
        )?;
    }
    Ok(())
}

/// cargo-fuzz, for the fuzz targets of `tests/fuzz` (libFuzzer is built by its crate).
const CARGO_FUZZ_VERSION: &str = "0.13.2";

pub fn ensure_cargo_fuzz() -> Result {
    if !version_of("cargo-fuzz").is_some_and(|v| v.ends_with(CARGO_FUZZ_VERSION)) {
        cargo_install(&["cargo-fuzz", "--version", CARGO_FUZZ_VERSION])?;
    }
    Ok(())
}

/// Debian's Chromium, its WebDriver, and a Japanese font so screenshots of the Japanese
/// screens can be read.
pub fn ensure_browser() -> Result {
    let font = std::path::Path::new("/usr/share/fonts/opentype/ipafont-gothic").exists();
    if version_of("chromium").is_none() || version_of("chromedriver").is_none() || !font {
        apt_install(&["chromium", "chromium-driver", "fonts-ipafont-gothic"])?;
    }
    Ok(())
}

/// What certificates need: IPAex Mincho and Gothic, which the server embeds in every PDF
/// (found through `CIS_FONT_DIR`, default `/usr/share/fonts`), and poppler's `pdftotext` and
/// `pdftoppm`, with which the tests read the PDFs back.
pub fn ensure_documents(with_poppler: bool) -> Result {
    let fonts = ["ipaexfont-mincho/ipaexm.ttf", "ipaexfont-gothic/ipaexg.ttf"]
        .iter()
        .all(|f| std::path::Path::new("/usr/share/fonts/opentype").join(f).exists());
    let poppler = !with_poppler || Command::new("pdftotext").arg("-v").output().is_ok();
    if !fonts || !poppler {
        let mut packages = vec!["fonts-ipaexfont-mincho", "fonts-ipaexfont-gothic"];
        if with_poppler {
            packages.push("poppler-utils");
        }
        apt_install(&packages)?;
    }
    Ok(())
}

fn postgres_answers() -> bool {
    TcpStream::connect_timeout(&"127.0.0.1:5432".parse().unwrap(), Duration::from_secs(1)).is_ok()
}

/// The PostgreSQL URL for the tests: `CIS_TEST_DATABASE_URL`, or the local server (started
/// when installed and stopped). Databases left by earlier runs are dropped in the
/// background (each drop waits for a checkpoint): join the handle before exiting.
pub fn ensure_postgres(ci: bool) -> Result<(Option<String>, Option<std::thread::JoinHandle<()>>)> {
    if let Ok(url) = std::env::var("CIS_TEST_DATABASE_URL") {
        return Ok((Some(url), None));
    }
    if !postgres_answers() {
        if let Some(version) = std::fs::read_dir("/etc/postgresql").ok().and_then(|mut d| d.next()).and_then(|e| e.ok())
        {
            let version = version.file_name().to_string_lossy().into_owned();
            eprintln!("    starting PostgreSQL {version}");
            let _ =
                run_cmd(Command::new("pg_ctlcluster").args(["--skip-systemctl-redirect", &version, "main", "start"]));
            for _ in 0..30 {
                if postgres_answers() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(500));
            }
        }
    }
    if !postgres_answers() {
        let message = "PostgreSQL is not installed or does not answer on 127.0.0.1:5432; set CIS_TEST_DATABASE_URL";
        if ci {
            return Err(message.to_owned());
        }
        eprintln!("    warning: {message}; the PostgreSQL variants of the tests will be skipped");
        return Ok((None, None));
    }
    let url = "postgres://postgres@127.0.0.1:5432/postgres".to_owned();
    Ok((Some(url), Some(std::thread::spawn(drop_stale_test_databases))))
}

fn drop_stale_test_databases() {
    let psql = |sql: &str| {
        Command::new("psql")
            .args(["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-Atqc", sql])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    if let Some(names) = psql("SELECT datname FROM pg_database WHERE datname LIKE 'cis\\_test\\_%'") {
        for name in names.lines().filter(|n| !n.is_empty()) {
            let _ = psql(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        }
    }
}

/// Cargo's target directory (CARGO_TARGET_DIR or the workspace's).
pub fn target_dir() -> Result<PathBuf> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root())
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let key = "\"target_directory\":\"";
    let start = text.find(key).ok_or("cargo metadata has no target_directory")? + key.len();
    let end = text[start..].find('"').ok_or("cargo metadata is truncated")?;
    Ok(PathBuf::from(&text[start..start + end]))
}

/// schemathesis from PyPI, pinned, in a virtual environment under the target directory.
const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// The `schemathesis` program, installed into `<target dir>/schemathesis-venv` when missing
/// or at another version.
pub fn ensure_schemathesis() -> Result<PathBuf> {
    let venv = target_dir()?.join("schemathesis-venv");
    let program = venv.join("bin").join("schemathesis");
    let installed = Command::new(&program)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(&format!("version {SCHEMATHESIS_VERSION}")));
    if !installed {
        if version_of("python3").is_none() {
            apt_install(&["python3", "python3-venv"])?;
        }
        eprintln!("    installing schemathesis {SCHEMATHESIS_VERSION} from PyPI into {}", venv.display());
        if run_cmd(Command::new("python3").arg("-m").arg("venv").arg(&venv)).is_err() {
            apt_install(&["python3-venv"])?;
            run_cmd(Command::new("python3").arg("-m").arg("venv").arg("--clear").arg(&venv))?;
        }
        run_cmd(
            Command::new(venv.join("bin").join("pip"))
                .args(["install", "--quiet", "--disable-pip-version-check"])
                .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")),
        )?;
    }
    Ok(program)
}

/// wrk, the HTTP load generator the bench measures the read path with (Debian package).
pub fn ensure_wrk() -> Result {
    if Command::new("wrk").arg("--version").output().is_err() {
        apt_install(&["wrk"])?;
    }
    Ok(())
}
