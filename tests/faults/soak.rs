//! Soak: mixed load (registrations, logins, `/me`, the staff queue, orders, station
//! lookups) on the real binary at a rate this machine holds, read through `GET /metrics`
//! every few seconds: after warm-up, resident memory, the heap in use, open files and
//! database connections stay flat, the read paths' p99 stays where it was, and no request
//! fails. 10 minutes with `--long`, a minute in CI.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cis_tests::{Endpoint, SmtpSink, PASSWORD, SECOND_PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};

use crate::process::{server_binary_or_skip, Setup};
use crate::{budget, figure, series};

/// The read paths whose p99 is watched.
const READS: [&str; 3] =
    ["/api/v1/me", "/api/v1/staff/applications", "/api/v1/print-stations/reservations/{reservation_number}"];

/// One reading of `/metrics`.
struct Sample {
    at: Duration,
    resident: f64,
    /// The allocator's bytes handed out, and held from the system.
    heap: (f64, f64),
    sqlite: f64,
    open_files: f64,
    pool_in_use: f64,
    /// (route, le) → cumulative count.
    buckets: BTreeMap<(String, String), f64>,
}

async fn sample(server: &Endpoint, started: Instant) -> Sample {
    let text = server.get("/metrics").await.text().await.unwrap();
    let mut buckets = BTreeMap::new();
    for line in text.lines().filter(|l| l.starts_with("cis_http_request_duration_seconds_bucket{method=\"GET\"")) {
        let route = line.split("route=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("").to_owned();
        let le = line.split("le=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("").to_owned();
        let count: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
        buckets.insert((route, le), count);
    }
    Sample {
        at: started.elapsed(),
        resident: series(&text, "cis_process_resident_memory_bytes"),
        heap: (series(&text, "cis_process_heap_in_use_bytes"), series(&text, "cis_process_heap_held_bytes")),
        sqlite: series(&text, "cis_sqlite_memory_bytes"),
        open_files: series(&text, "cis_process_open_fds"),
        pool_in_use: series(&text, "cis_db_pool_connections_in_use"),
        buckets,
    }
}

/// The p99 (a bucket's upper bound, seconds) of a route's requests between two samples.
fn p99(from: &Sample, to: &Sample, route: &str) -> Option<f64> {
    let mut window: Vec<(f64, f64)> = to
        .buckets
        .iter()
        .filter(|((r, _), _)| r == route)
        .map(|((_, le), count)| {
            let bound = if le == "+Inf" { f64::INFINITY } else { le.parse().unwrap() };
            (bound, count - from.buckets.get(&(route.to_owned(), le.clone())).copied().unwrap_or(0.0))
        })
        .collect();
    window.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total = window.last()?.1;
    (total > 0.0).then(|| window.iter().find(|(_, n)| *n >= 0.99 * total).unwrap().0)
}

/// What the clients saw.
#[derive(Default)]
struct Outcome {
    requests: AtomicUsize,
    failures: AtomicUsize,
}

/// A client calling `request` every `pause` until stopped; counts 5xx and transport errors.
fn client<F, Fut>(
    stop: Arc<AtomicBool>,
    outcome: Arc<Outcome>,
    pause: Duration,
    request: F,
) -> tokio::task::JoinHandle<()>
where
    F: Fn(usize) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = reqwest::Result<reqwest::Response>> + Send,
{
    tokio::spawn(async move {
        let mut n = 0;
        while !stop.load(Ordering::SeqCst) {
            n += 1;
            outcome.requests.fetch_add(1, Ordering::Relaxed);
            match request(n).await {
                Ok(r) if r.status().is_server_error() => {
                    eprintln!("soak: {} {}", r.status(), r.text().await.unwrap_or_default());
                    outcome.failures.fetch_add(1, Ordering::Relaxed);
                }
                Ok(r) => drop(r.bytes().await),
                Err(e) => {
                    eprintln!("soak: no answer: {e}");
                    outcome.failures.fetch_add(1, Ordering::Relaxed);
                }
            }
            tokio::time::sleep(pause).await;
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_files_connections_and_latency_stay_flat_under_mixed_load() {
    let Some(binary) = server_binary_or_skip() else { return };
    let _alone = crate::alone().await;
    let temp = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", temp.path().join("soak.sqlite3").display());
    let setup = Setup::new(binary, temp.path(), url, SmtpSink::start().await);
    let server = setup.start().await;
    let endpoint = &server.endpoint;
    let admin = endpoint.staff_token().await;
    let crate::crash::Graduate { token: graduate, enrollment, certificate } =
        crate::crash::graduate(endpoint, "taro@example.jp", "convenience_store", "graduation").await;
    let order = json!({"channel": "convenience_store", "enrollment_id": enrollment, "payment_method": "at_store",
        "items": [{"certificate_type_id": certificate, "copies": 1}]});
    let station = json!({"name": "Soak copier", "kind": "convenience_store"});
    let station = endpoint.json(Method::POST, &admin, "/api/v1/staff/print-stations", Some(station)).await;
    let station = station["api_key"].as_str().unwrap().to_owned();
    let placed = endpoint
        .client
        .post(endpoint.url("/api/v1/orders"))
        .bearer_auth(&graduate)
        .header("Idempotency-Key", "soak-order-first")
        .json(&order)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let reservation = placed["reservation_number"].as_str().unwrap_or_else(|| panic!("{placed}")).replace(' ', "");

    let total = Duration::from_secs(budget(60, 600) as u64);
    let every = Duration::from_secs(budget(5, 30) as u64);
    let stop = Arc::new(AtomicBool::new(false));
    let outcome = Arc::new(Outcome::default());
    let http = endpoint.client.clone();
    let base = endpoint.address.clone();
    let mut clients = Vec::new();
    {
        let (http, base) = (http.clone(), base.clone());
        clients.push(client(stop.clone(), outcome.clone(), Duration::from_millis(150), move |n| {
            let request = http
                .post(format!("{base}/api/v1/registrations"))
                .json(&json!({"email": format!("soak{n}@example.jp"), "locale": "ja"}));
            request.send()
        }));
    }
    {
        let (http, base) = (http.clone(), base.clone());
        clients.push(client(stop.clone(), outcome.clone(), Duration::from_millis(400), move |n| {
            let body = json!({"email": "taro@example.jp", "password": PASSWORD, "second_password": SECOND_PASSWORD});
            let client = format!("10.9.{}.{}", (n / 250) % 250, n % 250 + 1);
            http.post(format!("{base}/api/v1/auth/login")).header("x-forwarded-for", client).json(&body).send()
        }));
    }
    for _ in 0..2 {
        let (http, base, token) = (http.clone(), base.clone(), graduate.clone());
        clients.push(client(stop.clone(), outcome.clone(), Duration::from_millis(10), move |_| {
            http.get(format!("{base}/api/v1/me")).bearer_auth(&token).send()
        }));
    }
    {
        let (http, base, token) = (http.clone(), base.clone(), admin.clone());
        clients.push(client(stop.clone(), outcome.clone(), Duration::from_millis(30), move |_| {
            http.get(format!("{base}/api/v1/staff/applications")).bearer_auth(&token).send()
        }));
    }
    {
        let (http, base, token) = (http.clone(), base.clone(), graduate.clone());
        clients.push(client(stop.clone(), outcome.clone(), Duration::from_millis(300), move |n| {
            http.post(format!("{base}/api/v1/orders"))
                .bearer_auth(&token)
                .header("Idempotency-Key", format!("soak-order-{n:06}"))
                .json(&order)
                .send()
        }));
    }
    {
        let (http, base, key, reservation) = (http.clone(), base.clone(), station.clone(), reservation.clone());
        clients.push(client(stop.clone(), outcome.clone(), Duration::from_millis(20), move |_| {
            http.get(format!("{base}/api/v1/print-stations/reservations/{reservation}")).bearer_auth(&key).send()
        }));
    }

    let started = Instant::now();
    let mut samples = vec![sample(endpoint, started).await];
    while started.elapsed() < total {
        tokio::time::sleep(every).await;
        samples.push(sample(endpoint, started).await);
    }
    stop.store(true, Ordering::SeqCst);
    for c in clients {
        c.await.unwrap();
    }
    server.kill();

    // Warm-up: the first fifth. Then compare the first window after it with the last.
    let warm = samples.iter().position(|s| s.at >= total / 5).unwrap().max(1);
    let (w, end) = (&samples[warm], samples.last().unwrap());
    // Resident memory read while logins hash includes their 19 MiB argon2 buffers (mapped
    // for the hashing only): the least of the first and of the last quarter after warm-up
    // is what stays.
    let quarter = ((samples.len() - warm) / 4).max(1);
    let least = |s: &[Sample], of: fn(&Sample) -> f64| s.iter().map(of).fold(f64::INFINITY, f64::min);
    let (early, late) = (&samples[warm..warm + quarter], &samples[samples.len() - quarter..]);
    let (settled, last_settled) = (least(early, |s| s.resident), least(late, |s| s.resident));
    // What the allocator has handed out and not had back: a leak shows here whatever the
    // allocator keeps around it (30 bytes a request is 4 MiB over the ten minutes).
    let (in_use, last_in_use) = (least(early, |s| s.heap.0), least(late, |s| s.heap.0));
    let (first, last) = ((&samples[warm], &samples[warm + 1]), (&samples[samples.len() - 2], end));
    let mib = |b: f64| b / 1048576.0;
    for s in &samples {
        figure!(
            "soak t={:>4.0}s resident {:>6.1} MiB (heap in use {:>5.1}, held {:>5.1}, SQLite {:>4.1}), open files {:>4}, \
             connections in use {:>2}",
            s.at.as_secs_f64(),
            mib(s.resident),
            mib(s.heap.0),
            mib(s.heap.1),
            mib(s.sqlite),
            s.open_files,
            s.pool_in_use
        );
    }
    let requests = outcome.requests.load(Ordering::Relaxed);
    let failures = outcome.failures.load(Ordering::Relaxed);
    figure!(
        "soak: {requests} requests in {:.0} s ({:.0}/s), {failures} failed; resident {:.1} → {:.1} MiB and heap in use \
         {:.1} → {:.1} MiB after warm-up (least of the first and last quarter), open files {} → {}",
        total.as_secs_f64(),
        requests as f64 / total.as_secs_f64(),
        mib(settled),
        mib(last_settled),
        mib(in_use),
        mib(last_in_use),
        w.open_files,
        end.open_files
    );
    let mut slower = Vec::new();
    for route in READS {
        let (early, late) = (p99(first.0, first.1, route), p99(last.0, last.1, route));
        figure!("soak p99 {route}: first window after warm-up {:?} s, last window {:?} s", early, late);
        if let (Some(early), Some(late)) = (early, late) {
            // Bucket bounds: two buckets up (2.5×–5×) is a change; one is noise.
            if late > (early * 5.0).max(0.025) {
                slower.push((route, early, late));
            }
        }
    }
    assert_eq!(failures, 0, "requests failed under load");
    assert!(
        last_settled - settled < 16.0 * 1048576.0,
        "resident memory grew from {} to {} MiB (the least of the first and last quarter)",
        mib(settled),
        mib(last_settled)
    );
    assert!(
        last_in_use - in_use < 4.0 * 1048576.0,
        "the heap in use grew from {} to {} MiB (the least of the first and last quarter)",
        mib(in_use),
        mib(last_in_use)
    );
    assert!(end.open_files - w.open_files <= 16.0, "open files grew from {} to {}", w.open_files, end.open_files);
    assert!(samples.iter().all(|s| s.pool_in_use <= 8.0), "more connections in use than the pool holds");
    assert!(slower.is_empty(), "read paths slowed down: {slower:?}");
}
