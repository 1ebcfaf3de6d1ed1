//! The service under faults and abuse (issue 12): each module is a suite that would fail if
//! the fault it targets lost, leaked or broke something. `cargo xtask test` runs them with a
//! budget that fits CI; `cargo xtask faults <suite> --long` runs one longer
//! (`CIS_FAULTS_LONG=1`). Each suite prints its figures (`--nocapture`).

mod crash;
mod database_outage;
mod equal_answers;
mod process;
mod smtp_outage;
mod soak;
mod uploads;

/// Held by the suites whose figures a concurrent suite would skew (the soak's latency, the
/// crash loop's pace): they run one at a time.
pub async fn alone() -> tokio::sync::MutexGuard<'static, ()> {
    static ALONE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    ALONE.lock().await
}

/// One series' value (`name{labels}` exactly as printed) in a `GET /metrics` text; NaN when
/// absent.
pub fn series(text: &str, name: &str) -> f64 {
    text.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok()).unwrap_or(f64::NAN)
}

/// One series' value, read from the server's `GET /metrics` now.
pub async fn gauge(server: &cis_tests::Endpoint, name: &str) -> f64 {
    series(&server.get("/metrics").await.text().await.unwrap(), name)
}

/// Whether this is the longer run by hand.
pub fn long() -> bool {
    std::env::var_os("CIS_FAULTS_LONG").is_some_and(|v| !v.is_empty() && v != "0")
}

/// `short` in CI, `long` by hand with `--long`.
pub fn budget(short: usize, long: usize) -> usize {
    if crate::long() {
        long
    } else {
        short
    }
}

/// A suite's figures, on stdout for the closing note (`--nocapture` shows them).
#[macro_export]
macro_rules! figure {
    ($($arg:tt)*) => {
        println!("[figures] {}", format!($($arg)*))
    };
}
