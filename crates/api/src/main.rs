//! `cis`: the Certificate Issuance Service.
//!
//! ```text
//! cis [serve]    start the service (default)
//! cis migrate    bring the database schema up to date, then exit
//! cis openapi    print the OpenAPI document
//! ```

use std::process::ExitCode;

use cis_api::{telemetry, Application, Clock, Settings};

const USAGE: &str = "usage: cis [serve | migrate | openapi | help]\n\
\n  serve     start the service (default)\
\n  migrate   bring the database schema up to date, then exit\
\n  openapi   print the OpenAPI document\
\n\nSettings come from CIS_* environment variables and an optional cis.toml; see the README.";

#[tokio::main]
async fn main() -> ExitCode {
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".to_owned());
    match command.as_str() {
        "openapi" => {
            print!("{}", cis_api::openapi::spec_json());
            ExitCode::SUCCESS
        }
        "serve" | "migrate" => {
            fixed_mmap_threshold();
            match telemetry::LogFormat::from_env() {
                Ok(format) => telemetry::init_with(format),
                Err(err) => {
                    eprintln!("cis: {err}");
                    return ExitCode::from(2);
                }
            }
            let settings = match Settings::load() {
                Ok(settings) => settings,
                Err(err) => {
                    eprintln!("cis: {err}");
                    return ExitCode::from(2);
                }
            };
            let result = if command == "migrate" { migrate(&settings).await } else { serve(settings).await };
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("cis: {err:#}");
                    ExitCode::FAILURE
                }
            }
        }
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("cis: unknown command '{other}'\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// glibc raises its mmap threshold to the size of each large block freed; after the first
/// login the 19 MiB argon2 buffers came from the heap arena of whichever thread hashed and
/// stayed there, so resident memory grew with every hashing thread (the soak suite saw about
/// 3 MiB a minute). With a fixed threshold they are mapped and returned at once. (One arena
/// per core, `M_ARENA_MAX`, was tried too: the same resident memory under the soak.)
fn fixed_mmap_threshold() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before any large allocation.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// glibc keeps what a thread frees in that thread's arena, between blocks still in use, and
/// gives it back to the system only from the top of the main heap. Under the soak's mixed load
/// the heap in use stayed at 23–25 MiB while the arenas held 42 → 53 MiB after nine minutes,
/// and resident memory followed them. Every 10 s the free pages go back (`malloc_trim`
/// releases them wherever they are, a few milliseconds' work off the request threads).
fn give_back_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    tokio::spawn(async {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(10));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            // SAFETY: malloc_trim only returns free memory of the allocator to the system.
            let _ = tokio::task::spawn_blocking(|| unsafe { libc::malloc_trim(0) }).await;
        }
    });
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    // Registered first: a SIGTERM from now on is a graceful stop.
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let shutdown = async move {
        tokio::select! {
            _ = terminate.recv() => tracing::info!("SIGTERM received"),
            _ = tokio::signal::ctrl_c() => tracing::info!("interrupted"),
        }
    };
    let app = Application::build(settings.clone(), Clock::system()).await?;
    give_back_free_memory();
    tracing::info!(
        address = %format!("http://{}:{}", settings.bind.ip(), app.port()),
        docs = %format!("{}/api/docs/", app.state().settings.public_url),
        mail = if settings.smtp_url.is_some() { "smtp" } else { "files" },
        "Certificate Issuance Service listening"
    );
    app.run_until(shutdown).await?;
    Ok(())
}

async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    std::fs::create_dir_all(&settings.data_dir)?;
    let db = cis_api::db::connect(&settings.database_url).await?;
    cis_api::db::migrate(&db).await?;
    tracing::info!("database schema up to date");
    Ok(())
}
