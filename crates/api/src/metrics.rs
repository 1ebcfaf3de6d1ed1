//! What an operator watches, in the Prometheus text format (`GET /metrics`): requests by
//! route, method and status with their latency, and, read when scraped, the outbox, failed
//! mail, login locks, the argon2 queue, the database pool, orders by state and the
//! process's memory (resident, the allocator's heap, SQLite's share) and open files. Each
//! server has its own registry (tests run many in one process).

use std::time::Duration;

use chrono::{DateTime, Utc};
use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

use crate::db::{login_attempt, order};

/// Who was refused a login, and why.
#[derive(Debug, Clone, Copy)]
pub enum LoginRefusal {
    InvalidCredentials,
    Locked,
    RateLimited,
}

impl LoginRefusal {
    fn label(self) -> &'static str {
        match self {
            LoginRefusal::InvalidCredentials => "invalid_credentials",
            LoginRefusal::Locked => "locked",
            LoginRefusal::RateLimited => "rate_limited",
        }
    }
}

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    logins_refused: IntCounterVec,
    mail_attempts_failed: IntCounterVec,
    /// Read when scraped.
    gauges: Gauges,
}

struct Gauges {
    outbox_pending: IntGauge,
    outbox_oldest_seconds: IntGauge,
    mails_failed: IntGauge,
    login_locks: IntGauge,
    argon2_waiting: IntGauge,
    argon2_running: IntGauge,
    pool_open: IntGauge,
    pool_in_use: IntGauge,
    orders: IntGaugeVec,
    resident_bytes: IntGauge,
    heap_in_use: IntGauge,
    heap_held: IntGauge,
    sqlite_bytes: IntGauge,
    open_files: IntGauge,
}

/// The methods a route label is kept for; any other is `other` (the label set stays small
/// whatever a client sends).
const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let registry = Registry::new_custom(Some("cis".to_owned()), None).expect("a valid prefix");
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered, by route pattern, method and status"),
            &["route", "method", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer, by route pattern and method")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]),
            &["route", "method"],
        )
        .expect("valid metric");
        let logins_refused = IntCounterVec::new(
            Opts::new("logins_refused_total", "Logins refused, by who (graduate, staff) and why"),
            &["who", "reason"],
        )
        .expect("valid metric");
        let mail_attempts_failed = IntCounterVec::new(
            Opts::new(
                "mail_attempts_failed_total",
                "Mail deliveries the SMTP server refused or that did not reach it, by kind (temporary, permanent)",
            ),
            &["kind"],
        )
        .expect("valid metric");
        let gauge = |name: &str, help: &str| IntGauge::new(name, help).expect("valid metric");
        let gauges = Gauges {
            outbox_pending: gauge("outbox_pending", "Mails waiting for delivery (neither sent nor failed for good)"),
            outbox_oldest_seconds: gauge(
                "outbox_oldest_pending_age_seconds",
                "Age of the oldest mail waiting for delivery (0 when none waits)",
            ),
            mails_failed: gauge("mails_failed", "Mails the SMTP server refused for good, waiting for an administrator"),
            login_locks: gauge("login_locks_active", "Login keys (addresses) locked by failed logins now"),
            argon2_waiting: gauge("argon2_waiting", "Password hashings waiting for an argon2 slot"),
            argon2_running: gauge("argon2_running", "Password hashings holding an argon2 slot"),
            pool_open: gauge("db_pool_connections", "Database connections open in the pool"),
            pool_in_use: gauge("db_pool_connections_in_use", "Database connections taken from the pool"),
            orders: IntGaugeVec::new(Opts::new("orders", "Orders by state"), &["state"]).expect("valid metric"),
            resident_bytes: gauge("process_resident_memory_bytes", "Resident memory of the process"),
            heap_in_use: gauge(
                "process_heap_in_use_bytes",
                "Bytes the allocator has handed out and not had back (0 where it cannot say)",
            ),
            heap_held: gauge(
                "process_heap_held_bytes",
                "Bytes the allocator holds from the system, in use or free (0 where it cannot say)",
            ),
            sqlite_bytes: gauge(
                "sqlite_memory_bytes",
                "Memory SQLite holds: page caches and statements (0 on PostgreSQL)",
            ),
            open_files: gauge("process_open_fds", "Open file descriptors of the process"),
        };
        let metrics = Metrics { registry, requests, latency, logins_refused, mail_attempts_failed, gauges };
        metrics.register_all();
        metrics
    }

    fn register_all(&self) {
        let g = &self.gauges;
        let collectors: Vec<Box<dyn prometheus::core::Collector>> = vec![
            Box::new(self.requests.clone()),
            Box::new(self.latency.clone()),
            Box::new(self.logins_refused.clone()),
            Box::new(self.mail_attempts_failed.clone()),
            Box::new(g.outbox_pending.clone()),
            Box::new(g.outbox_oldest_seconds.clone()),
            Box::new(g.mails_failed.clone()),
            Box::new(g.login_locks.clone()),
            Box::new(g.argon2_waiting.clone()),
            Box::new(g.argon2_running.clone()),
            Box::new(g.pool_open.clone()),
            Box::new(g.pool_in_use.clone()),
            Box::new(g.orders.clone()),
            Box::new(g.resident_bytes.clone()),
            Box::new(g.heap_in_use.clone()),
            Box::new(g.heap_held.clone()),
            Box::new(g.sqlite_bytes.clone()),
            Box::new(g.open_files.clone()),
        ];
        for collector in collectors {
            self.registry.register(collector).expect("each metric is registered once");
        }
    }

    /// One answered request. `route` is the pattern (`/api/v1/orders/{number}`), never the
    /// path: paths carry tokens, and each would be a series of its own.
    pub fn request(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        let method = METHODS.iter().copied().find(|m| *m == method).unwrap_or("other");
        let status = status.to_string();
        self.requests.with_label_values(&[route, method, status.as_str()]).inc();
        self.latency.with_label_values(&[route, method]).observe(elapsed.as_secs_f64());
    }

    /// A login refused: `who` is `graduate` or `staff`.
    pub fn login_refused(&self, who: &str, why: LoginRefusal) {
        self.logins_refused.with_label_values(&[who, why.label()]).inc();
    }

    /// A mail delivery attempt failed; `permanent` when the server refused it for good.
    pub fn mail_attempt_failed(&self, permanent: bool) {
        self.mail_attempts_failed.with_label_values(&[if permanent { "permanent" } else { "temporary" }]).inc();
    }

    /// The text format, with the gauges read now.
    pub async fn render(&self, db: &DatabaseConnection, university: i64, now: DateTime<Utc>) -> Result<String, DbErr> {
        self.read_gauges(db, university, now).await?;
        let mut buffer = Vec::new();
        prometheus::TextEncoder::new().encode(&self.registry.gather(), &mut buffer).expect("text encoding");
        Ok(String::from_utf8(buffer).expect("the text format is UTF-8"))
    }

    async fn read_gauges(&self, db: &DatabaseConnection, university: i64, now: DateTime<Utc>) -> Result<(), DbErr> {
        let g = &self.gauges;
        let queue = crate::mail::outbox::depth(db, university).await?;
        g.outbox_pending.set(queue.pending as i64);
        g.outbox_oldest_seconds.set(queue.oldest.map_or(0, |at| (now - at).num_seconds().max(0)));
        g.mails_failed.set(queue.failed as i64);
        let locks = login_attempt::Entity::find()
            .filter(login_attempt::Column::UniversityId.eq(university))
            .filter(login_attempt::Column::LockedUntil.gt(now))
            .count(db)
            .await?;
        g.login_locks.set(locks as i64);
        let argon2 = crate::crypto::argon2_load();
        g.argon2_waiting.set(argon2.waiting as i64);
        g.argon2_running.set(argon2.running as i64);
        let (open, idle) = pool(db);
        g.pool_open.set(open as i64);
        g.pool_in_use.set(i64::from(open).saturating_sub(idle as i64));
        let by_state: Vec<(String, i64)> = order::Entity::find()
            .select_only()
            .column(order::Column::State)
            .column_as(Expr::col(order::Column::Id).count(), "n")
            .filter(order::Column::UniversityId.eq(university))
            .group_by(order::Column::State)
            .into_tuple()
            .all(db)
            .await?;
        g.orders.reset();
        for (state, n) in by_state {
            g.orders.with_label_values(&[state.as_str()]).set(n);
        }
        let process = process_figures();
        g.resident_bytes.set(process.resident_bytes as i64);
        g.heap_in_use.set(process.heap.in_use as i64);
        g.heap_held.set(process.heap.held as i64);
        g.sqlite_bytes.set(sqlite_memory_used());
        g.open_files.set(process.open_files as i64);
        Ok(())
    }
}

/// Connections open and idle in the pool.
fn pool(db: &DatabaseConnection) -> (u32, usize) {
    match db {
        DatabaseConnection::SqlxSqlitePoolConnection(_) => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DatabaseConnection::SqlxPostgresPoolConnection(_) => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    }
}

struct Process {
    resident_bytes: u64,
    heap: Heap,
    open_files: usize,
}

/// What the allocator says of its heap.
#[derive(Default)]
struct Heap {
    in_use: usize,
    held: usize,
}

/// glibc's count over all its arenas and mapped blocks.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn heap() -> Heap {
    // SAFETY: mallinfo2 only reads the allocator's counters (glibc 2.33 and later).
    let info = unsafe { libc::mallinfo2() };
    Heap { in_use: info.uordblks + info.hblkhd, held: info.arena + info.hblkhd }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn heap() -> Heap {
    Heap::default()
}

/// SQLite's own heap in this process (every connection's page cache and statements); the
/// library is linked whatever the database, and holds nothing on PostgreSQL.
fn sqlite_memory_used() -> i64 {
    // SAFETY: sqlite3_memory_used reads a counter; it is safe from any thread.
    unsafe { libsqlite3_sys::sqlite3_memory_used() }
}

/// Resident memory (`/proc/self/statm`, pages) and open descriptors (`/proc/self/fd`);
/// zero where the system has no `/proc`.
fn process_figures() -> Process {
    let page = 4096;
    let resident_bytes = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|n| n.parse::<u64>().ok()))
        .map_or(0, |pages| pages * page);
    let open_files = std::fs::read_dir("/proc/self/fd").map_or(0, |dir| dir.count());
    Process { resident_bytes, heap: heap(), open_files }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_and_methods_are_labelled_and_unknown_methods_are_other() {
        let metrics = Metrics::new();
        metrics.request("/api/v1/orders/{number}", "GET", 200, Duration::from_millis(3));
        metrics.request("/api/v1/orders/{number}", "BREW", 405, Duration::from_millis(1));
        let text = {
            let mut buffer = Vec::new();
            prometheus::TextEncoder::new().encode(&metrics.registry.gather(), &mut buffer).unwrap();
            String::from_utf8(buffer).unwrap()
        };
        assert!(
            text.contains(r#"cis_http_requests_total{method="GET",route="/api/v1/orders/{number}",status="200"} 1"#)
        );
        assert!(
            text.contains(r#"cis_http_requests_total{method="other",route="/api/v1/orders/{number}",status="405"} 1"#)
        );
        assert!(text.contains(
            r#"cis_http_request_duration_seconds_bucket{method="GET",route="/api/v1/orders/{number}",le="0.005"} 1"#
        ));
    }
}
