//! The four browser applications: built by Trunk into `dist/` (the graduates'),
//! `dist/apply/` (the application for an account), `dist/staff/` (the staff area's) and
//! `dist/verify/` (the public verification of a certificate),
//! compressed once beside each file (`.br`, `.gz`), and measured as a browser's first load:
//! the page and everything it names.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, run_cmd, step, tools, Result};

/// An application of the bundle: where it is served, its page, and what its first load may
/// weigh compressed with gzip (issue 8: a graduate downloads only the graduate application).
/// The graduates' application holds every screen after login (the ⚙ menu's since issue 9,
/// ordering since issue 10). 377.8 kB before ordering; the order form, its confirmation and
/// the order's page added 85 kB (most of it the serde and view code of the order's types),
/// so its budget was 470 kB; digital delivery's recipient step and delivery status (issue 11)
/// took it from 466.7 to 477.5 kB, hence 485 kB until ordering moves to a bundle of its own.
pub struct App {
    pub name: &'static str,
    /// Trunk's target, relative to the workspace root.
    html: &'static str,
    /// Below `dist/`.
    dir: &'static str,
    public_url: &'static str,
    pub gzip_budget: u64,
}

pub const APPS: [App; 4] = [
    App { name: "graduate", html: "crates/web/index.html", dir: "", public_url: "/", gzip_budget: 485_000 },
    // 295.5 kB before the additional student ID's form (manual 2.3, `/student-id/{token}`)
    // joined the registration flow it reuses (+7 kB); in the graduates' bundle the same form
    // would have cost several times that.
    App { name: "applicant", html: "crates/web/apply.html", dir: "apply", public_url: "/apply/", gzip_budget: 310_000 },
    // 337.8 kB before issue 10; the order screens (+53 kB) and the catalogue (+50 kB), mostly
    // the serde code of their DTOs, took it to 441 kB; issue 11's third channel, counter, print
    // stations, copies, records import, prepared documents and seal screens to 535 kB (most of
    // it serde and view code of their answers). Staff open it on office desktops; loading the
    // counter, the import and the uploads as a part of their own is the way back under 500 kB.
    App { name: "staff", html: "crates/web/staff.html", dir: "staff", public_url: "/staff/", gzip_budget: 545_000 },
    // Issue 11: employers open it from a copy's QR code, often on a phone; one screen, no
    // router, no session: 163.1 kB at first, against 466.7 kB for the graduates' application
    // that it would otherwise have joined (over that bundle's budget). A digital delivery's
    // recipient page (`/receive`, also without login) joined it: 183.5 kB.
    App { name: "verify", html: "crates/web/verify.html", dir: "verify", public_url: "/verify/", gzip_budget: 190_000 },
];

/// `trunk build --release` of each application, offline, with the tools on PATH, then the
/// compressed copies. The graduates' build empties `dist/`, so it comes first.
pub fn build() -> Result<PathBuf> {
    let dist = root().join("dist");
    for app in &APPS {
        step(&format!("build the {} application (trunk, release)", app.name), || {
            run_cmd(
                Command::new("trunk")
                    .args(["build", "--release", "--offline=true", app.html, "--public-url", app.public_url, "--dist"])
                    .arg(dist.join(app.dir))
                    .env("PATH", tools::path_with_cargo_bin())
                    .env_remove("CARGO_BUILD_TARGET"),
            )
        })?;
    }
    step("compress the bundle (brotli, gzip)", || precompress(&dist))?;
    Ok(dist)
}

fn compressible(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("wasm" | "js" | "css" | "html" | "svg" | "json" | "txt"))
}

/// Writes `<file>.br` (quality 11) and `<file>.gz` (level 9) beside every compressible file.
fn precompress(dir: &Path) -> Result {
    for path in files_below(dir)? {
        if !compressible(&path) || path.file_name().is_some_and(|n| n == "index.html") {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let (brotli, gzip) = (brotli(&bytes), gzip(&bytes));
        for (suffix, body) in [("br", brotli), ("gz", gzip)] {
            let mut name = path.clone().into_os_string();
            name.push(format!(".{suffix}"));
            std::fs::write(&name, body).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

fn files_below(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    Ok(files)
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("compressing in memory");
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("compressing in memory");
    encoder.finish().expect("compressing in memory")
}

/// What a browser downloads on its first visit to an application: the page, and every file
/// of the bundle the page names (script, wasm, style sheet).
#[derive(Debug)]
pub struct FirstLoad {
    pub files: Vec<String>,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

pub fn first_load(dist: &Path, app: &App) -> Result<FirstLoad> {
    let page = dist.join(app.dir).join("index.html");
    let html = std::fs::read_to_string(&page).map_err(|e| format!("{}: {e}", page.display()))?;
    let mut files = vec![page.clone()];
    // Every quoted absolute path in the page that is a file of the bundle.
    for quote in ['"', '\''] {
        for (i, piece) in html.split(quote).enumerate() {
            let path = dist.join(piece.trim_start_matches('/'));
            if i % 2 == 1 && piece.starts_with('/') && path.is_file() && !files.contains(&path) {
                files.push(path);
            }
        }
    }
    let mut load = FirstLoad { files: Vec::new(), raw: 0, gzip: 0, brotli: 0 };
    for path in files {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        load.raw += bytes.len() as u64;
        load.gzip += compressed_size(&path, "gz", &bytes, gzip)?;
        load.brotli += compressed_size(&path, "br", &bytes, brotli)?;
        load.files.push(path.strip_prefix(dist).unwrap_or(&path).display().to_string());
    }
    Ok(load)
}

/// The size of the copy [`precompress`] wrote beside the file (what the server sends), or of
/// the bytes compressed here for a file it leaves alone (the pages).
fn compressed_size(path: &Path, suffix: &str, bytes: &[u8], compress: fn(&[u8]) -> Vec<u8>) -> Result<u64> {
    let mut copy = path.to_owned().into_os_string();
    copy.push(format!(".{suffix}"));
    match std::fs::metadata(&copy) {
        Ok(meta) => Ok(meta.len()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(compress(bytes).len() as u64),
        Err(e) => Err(format!("{}: {e}", PathBuf::from(copy).display())),
    }
}

/// Prints each application's first load; fails when one is over its gzip budget.
/// No application's WebAssembly is this small: a smaller one did not build whole.
const MIN_WASM_BYTES: u64 = 100_000;

pub fn check_budgets(dist: &Path) -> Result {
    let mut over = Vec::new();
    for app in &APPS {
        let load = first_load(dist, app)?;
        eprintln!(
            "    {:<9} first load {:>9} B raw, {:>8} B gzip (budget {}), {:>8} B brotli: {}",
            app.name,
            load.raw,
            load.gzip,
            app.gzip_budget,
            load.brotli,
            load.files.join(", ")
        );
        // A build that wrote an empty or cut-off module (two builds sharing one target
        // directory, a full disk) serves a blank page: refuse it, however small it is.
        for file in load.files.iter().filter(|f| f.ends_with(".wasm")) {
            let size = std::fs::metadata(dist.join(file)).map(|m| m.len()).unwrap_or(0);
            if size < MIN_WASM_BYTES {
                over.push(format!("{file} is {size} B: the {} application's build is broken", app.name));
            }
        }
        if load.gzip > app.gzip_budget {
            over.push(format!(
                "the {} application's first load is {} B gzip, over {} B",
                app.name, load.gzip, app.gzip_budget
            ));
        }
    }
    if over.is_empty() {
        Ok(())
    } else {
        Err(over.join("; "))
    }
}
