//! Log output: one line per event with structured fields; `CIS_LOG` (or `RUST_LOG`)
//! filters, `CIS_LOG_FORMAT=json` writes each event as one JSON object a line (with the
//! request id of the request it belongs to), for log collectors.

use tracing_subscriber::EnvFilter;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// `CIS_LOG_FORMAT`: `text` (default) or `json`.
    pub fn from_env() -> Result<LogFormat, String> {
        match std::env::var("CIS_LOG_FORMAT").unwrap_or_default().trim() {
            "" | "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            other => Err(format!("CIS_LOG_FORMAT: '{other}' is neither text nor json")),
        }
    }
}

/// Installs the global subscriber once; later calls (tests) are ignored. A wrong
/// `CIS_LOG_FORMAT` is the caller's to report (`LogFormat::from_env`); text is used.
pub fn init() {
    init_with(LogFormat::from_env().unwrap_or(LogFormat::Text));
}

pub fn init_with(format: LogFormat) {
    let filter = std::env::var("CIS_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn,actix_server=warn".to_owned());
    // Logs go to stderr: stdout is for what a command prints (`cis openapi`).
    let builder = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(filter))
        .with_target(false)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr())).try_init(),
        // `{"timestamp":…,"level":…,"message":…,<fields>,"span":{"request_id":…}}`
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).with_span_list(false).try_init(),
    };
}
