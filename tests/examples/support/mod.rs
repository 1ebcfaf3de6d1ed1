//! What the benchmark examples share: settings from the environment, a load generator
//! that keeps a number of clients busy for a measured window and times each request, the
//! CPU used meanwhile, and where the JSON report goes.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// One request of a load phase, numbered by the phase (0, 1, 2 ...): `Err` says what failed.
pub type Request = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;

/// A whole-number setting from the environment, or `default` when it is not set.
pub fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().map_or(default, |v| v.parse().unwrap_or_else(|_| panic!("{name}: '{v}'")))
}

/// How long a phase warms up, then how long it is measured.
#[derive(Clone, Copy)]
pub struct Window {
    pub warmup: u64,
    pub seconds: u64,
}

/// What one phase measured: the requests that completed inside the measured window.
pub struct Stats {
    pub clients: usize,
    pub seconds: f64,
    pub latencies: Vec<Duration>,
    pub errors: u64,
    pub first_error: Option<String>,
    pub cpu: Option<CpuUse>,
}

impl Stats {
    pub fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.seconds
    }

    /// Nearest-rank percentile, in milliseconds.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0 * self.latencies.len() as f64).ceil() as usize).clamp(1, self.latencies.len());
        self.latencies[rank - 1].as_secs_f64() * 1000.0
    }

    pub fn json(&self) -> Value {
        json!({
            "clients": self.clients,
            "seconds": self.seconds,
            "requests": self.latencies.len(),
            "per_s": self.per_second(),
            "p50_ms": self.percentile_ms(50.0),
            "p99_ms": self.percentile_ms(99.0),
            "max_ms": self.latencies.last().map(|d| d.as_secs_f64() * 1000.0),
            "errors": self.errors,
            "first_error": self.first_error,
            "cpu": self.cpu.map(|cpu| json!({
                "this_process_cores": cpu.process_cores,
                "machine_busy_cores": cpu.machine_cores,
                "process_cpu_ms_per_request":
                    cpu.process_cores * self.seconds * 1000.0 / self.latencies.len().max(1) as f64,
            })),
        })
    }
}

/// `clients` tasks sending `request` back to back for the warm-up and the measured window.
pub async fn run<F>(window: Window, clients: usize, request: F) -> Stats
where
    F: Fn(u64) -> Request + Clone + Send + 'static,
{
    let from = Instant::now() + Duration::from_secs(window.warmup);
    let until = from + Duration::from_secs(window.seconds);
    let window_seconds = window.seconds as f64;
    let counter = Arc::new(AtomicU64::new(0));
    let cpu = tokio::spawn(async move {
        tokio::time::sleep_until(from.into()).await;
        let start = CpuTicks::now();
        tokio::time::sleep_until(until.into()).await;
        start.zip(CpuTicks::now()).map(|(start, end)| end.since(&start, window_seconds))
    });
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (request, counter) = (request.clone(), counter.clone());
            tokio::spawn(async move {
                let (mut latencies, mut errors, mut first_error) = (Vec::new(), 0u64, None);
                loop {
                    let start = Instant::now();
                    if start >= until {
                        break;
                    }
                    let result = request(counter.fetch_add(1, Ordering::Relaxed)).await;
                    let end = Instant::now();
                    match result {
                        Ok(()) if end >= from && end <= until => latencies.push(end - start),
                        Ok(()) => {}
                        Err(e) => {
                            errors += 1;
                            first_error.get_or_insert(e);
                        }
                    }
                }
                (latencies, errors, first_error)
            })
        })
        .collect();
    let mut stats = Stats {
        clients,
        seconds: window.seconds as f64,
        latencies: Vec::new(),
        errors: 0,
        first_error: None,
        cpu: cpu.await.expect("the CPU sampler"),
    };
    for task in tasks {
        let (latencies, errors, first_error) = task.await.expect("a client task");
        stats.latencies.extend(latencies);
        stats.errors += errors;
        if stats.first_error.is_none() {
            stats.first_error = first_error;
        }
    }
    stats.latencies.sort();
    stats
}

/// CPU time from `/proc` (Linux; in USER_HZ ticks, 100 per second): this process's, and the
/// whole machine's busy time, to tell a saturated server from a busy machine.
pub struct CpuTicks {
    process: u64,
    machine_busy: u64,
}

/// Cores' worth of CPU used during a window.
#[derive(Clone, Copy)]
pub struct CpuUse {
    pub process_cores: f64,
    pub machine_cores: f64,
}

impl CpuTicks {
    pub fn now() -> Option<CpuTicks> {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        // Fields after the command's closing parenthesis; utime and stime are the 14th and 15th.
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let process = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        let machine = std::fs::read_to_string("/proc/stat").ok()?;
        let cpu: Vec<u64> = machine.lines().next()?.split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
        // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
        let machine_busy = cpu.iter().take(8).enumerate().filter(|(i, _)| *i != 3 && *i != 4).map(|(_, v)| v).sum();
        Some(CpuTicks { process, machine_busy })
    }

    pub fn since(&self, start: &CpuTicks, seconds: f64) -> CpuUse {
        let cores = |ticks: u64| ticks as f64 / 100.0 / seconds;
        CpuUse {
            process_cores: cores(self.process - start.process),
            machine_cores: cores(self.machine_busy - start.machine_busy),
        }
    }
}

/// The 1-, 5- and 15-minute load averages (Linux), to tell a busy machine from a slow server.
pub fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
}

/// `CIS_BENCH_OUT`, or `bench/<file>` in the target directory this example runs from
/// (`<target>/release/examples/<name>`).
pub fn output_path(file: &str) -> PathBuf {
    if let Some(path) = std::env::var_os("CIS_BENCH_OUT") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("the example's path");
    let target = exe.ancestors().nth(3).expect("a target directory");
    target.join("bench").join(file)
}

/// Writes the report as pretty JSON to [`output_path`], and says where.
pub fn write_report(file: &str, report: &Value) {
    let path = output_path(file);
    std::fs::create_dir_all(path.parent().expect("a directory")).expect("create the bench directory");
    std::fs::write(&path, serde_json::to_string_pretty(report).unwrap() + "\n").expect("write the report");
    println!("\nwritten to {}", path.display());
}

/// What a benchmark does before anything else: its HTTP clients take the TLS provider the
/// server installs (ring), and request logs are off unless `CIS_LOG` says otherwise (one
/// line per request would measure the terminal). Before any thread starts.
pub fn prepare() {
    cis_api::stripe::install_crypto_provider();
    if std::env::var_os("CIS_LOG").is_none() && std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("CIS_LOG", "warn");
    }
}

/// Runs `bench` on a runtime with `cores` workers and exits with its code (the server's
/// worker threads never end by themselves).
pub fn run_to_exit(cores: usize, bench: impl Future<Output = i32>) -> ! {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(cores).enable_all().build().expect("a runtime");
    let code = runtime.block_on(bench);
    std::process::exit(code);
}
