//! Builds the application from its settings: database, seed, secrets, mail worker and the
//! HTTP server, bound (port 0 picks a free port, for tests).

use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App, HttpResponse, HttpServer};
use anyhow::Context;
use lettre::message::Mailbox;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use utoipa_swagger_ui::SwaggerUi;

use crate::domain::live_sessions::{self, LiveSessions};
use crate::domain::payments::Payments;
use crate::domain::{demo, staff, university};
use crate::http::spa::Spa;
use crate::mail::transport::Transport;
use crate::mail::worker::{MailQueue, MailWorker};
use crate::state::AppState;
use crate::stripe::Stripe;
use crate::{db, http, openapi, Clock, Settings};

pub struct Application {
    port: u16,
    server: Server,
    workers: Workers,
    state: AppState,
}

/// The background tasks and the way to stop them.
struct Workers {
    mail: JoinHandle<()>,
    retention: JoinHandle<()>,
    orders: JoinHandle<()>,
    deliveries: JoinHandle<()>,
    listener: JoinHandle<()>,
    stop: watch::Sender<bool>,
}

impl Application {
    /// Start-up, step by step: the listener, the database, the secrets, the workers, the
    /// HTTP server.
    pub async fn build(mut settings: Settings, clock: Clock) -> anyhow::Result<Application> {
        crate::stripe::install_crypto_provider();
        let listener = bind(&mut settings)?;
        let port = listener.local_addr()?.port();
        std::fs::create_dir_all(&settings.data_dir)
            .with_context(|| format!("cannot create the data directory {}", settings.data_dir.display()))?;
        let (db, current) = open_database(&settings, &clock).await?;
        let jwt_secret = secret(&settings.jwt_secret, &settings.data_dir.join("jwt-secret"))?;
        let data_key = secret(&settings.data_key, &settings.data_dir.join("data-key"))?;
        let state = AppState {
            clock,
            tokens: Arc::new(crate::tokens::TokenKeys::new(&jwt_secret, current.id)),
            catalogue: Arc::new(
                crate::domain::catalog::CatalogueCache::load(&db, current.id)
                    .await
                    .context("cannot read the catalogue")?,
            ),
            university: Arc::new(current),
            sessions: Arc::new(LiveSessions::new(sea_orm::ConnectionTrait::get_database_backend(&db))),
            sealer: Arc::new(crate::crypto::Sealer::new(&data_key)),
            documents: Arc::new(crate::storage::DocumentStore::open(settings.data_dir.join("uploads"))?),
            certificates: Arc::new(crate::storage::DocumentStore::open(settings.data_dir.join("certificates"))?),
            fonts: Arc::new(crate::pdf::Fonts::load(&settings.font_dir)?),
            station_keys: Arc::default(),
            deliveries: Arc::default(),
            metrics: Arc::default(),
            mail: MailQueue::default(),
            payments: Payments::new(settings.stripe.as_ref().map(Stripe::new).transpose().context("Stripe")?),
            settings: Arc::new(settings),
            db,
        };
        let workers = spawn_workers(&state)?;
        let server = http_server(listener, state.clone(), load_spa(&state.settings)?)?;
        Ok(Application { port, server, workers, state })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The state the handlers share (tests reach the database and clock through it).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until the process ends (tests).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(std::future::pending()).await
    }

    /// Serves until `shutdown` completes, lets requests in flight finish (up to 20 s),
    /// then stops the workers.
    pub async fn run_until(self, shutdown: impl std::future::Future<Output = ()>) -> std::io::Result<()> {
        let handle = self.server.handle();
        let mut server = tokio::spawn(self.server);
        let result = tokio::select! {
            result = &mut server => result,
            () = shutdown => {
                tracing::info!("shutting down: finishing requests in flight");
                handle.stop(true).await;
                server.await
            }
        };
        let _ = self.workers.stop.send(true);
        let _ = self.workers.mail.await;
        let _ = self.workers.retention.await;
        let _ = self.workers.orders.await;
        let _ = self.workers.deliveries.await;
        let _ = self.workers.listener.await;
        tracing::info!("stopped");
        result.unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

/// Binds the listener first: with port 0 the system picks one, and default links must
/// name it.
fn bind(settings: &mut Settings) -> anyhow::Result<TcpListener> {
    let listener =
        TcpListener::bind(settings.bind).with_context(|| format!("cannot listen on {} (CIS_BIND)", settings.bind))?;
    let bound = listener.local_addr()?;
    if settings.bind.port() == 0 && settings.public_url == crate::config::default_public_url(settings.bind) {
        settings.public_url = crate::config::default_public_url(bound);
    }
    Ok(listener)
}

/// Opens and migrates the database, seeds the demo university when asked, and makes sure
/// the university has its first administrator.
async fn open_database(
    settings: &Settings,
    clock: &Clock,
) -> anyhow::Result<(sea_orm::DatabaseConnection, university::CurrentUniversity)> {
    let db = db::connect(&settings.database_url)
        .await
        .with_context(|| format!("cannot open the database {}", crate::config::redact_url(&settings.database_url)))?;
    db::migrate(&db).await.context("cannot migrate the database")?;
    if settings.seed_demo {
        demo::seed(&db, &settings.university, clock.now()).await.context("cannot seed the demo university")?;
    }
    let current = university::find(&db, &settings.university).await?;
    let bootstrap = staff::ensure_bootstrap_administrator(
        &db,
        current.id,
        &settings.admin_email,
        settings.admin_password.clone(),
        clock.now(),
    )
    .await?;
    match bootstrap {
        staff::Bootstrap::CreatedWithGeneratedPassword(password) => {
            // Shown once, on the console of whoever started the server; never logged.
            eprintln!(
                "\n  Staff administrator created: {}\n  Password (shown only now): {}\n",
                settings.admin_email,
                password.expose_secret()
            );
        }
        staff::Bootstrap::Created => tracing::info!("staff administrator created from CIS_ADMIN_EMAIL"),
        staff::Bootstrap::AlreadyPresent => {}
    }
    Ok((db, current))
}

/// A secret from the settings, else from its file in the data directory (created on first
/// use).
fn secret(configured: &Option<SecretString>, file: &Path) -> anyhow::Result<SecretString> {
    match configured {
        Some(secret) => Ok(secret.clone()),
        None => load_or_create_secret(file),
    }
}

/// The mail worker (SMTP, or files in the data directory), the retention sweep, the orders'
/// deadlines, the digital deliveries and, on
/// PostgreSQL, the listener that keeps the live sessions of every instance in step.
fn spawn_workers(state: &AppState) -> anyhow::Result<Workers> {
    let settings = &state.settings;
    let transport = match &settings.smtp_url {
        Some(url) => Transport::smtp(url).context("CIS_SMTP_URL")?,
        None => Transport::files(settings.data_dir.join("mail"))?,
    };
    let from: Mailbox = settings.mail_from.parse().context("CIS_MAIL_FROM")?;
    let (stop, stopped) = watch::channel(false);
    let retention = tokio::spawn(crate::domain::retention::run(
        state.db.clone(),
        state.clock.clone(),
        state.documents.clone(),
        stop.subscribe(),
    ));
    let mail = tokio::spawn(
        MailWorker {
            db: state.db.clone(),
            clock: state.clock.clone(),
            transport,
            from,
            poll: std::time::Duration::from_millis(settings.mail_poll_ms),
            queue: state.mail.clone(),
            sealer: state.sealer.clone(),
            metrics: state.metrics.clone(),
        }
        .run(stopped),
    );
    let orders = tokio::spawn(crate::domain::order_deadlines::run(state.clone(), stop.subscribe()));
    let deliveries = tokio::spawn(crate::domain::delivery::run(state.clone(), stop.subscribe()));
    let listener = tokio::spawn(live_sessions::listen(state.db.clone(), state.sessions.clone(), stop.subscribe()));
    Ok(Workers { mail, retention, orders, deliveries, listener, stop })
}

/// The built browser applications, when there are some.
fn load_spa(settings: &Settings) -> anyhow::Result<Option<Spa>> {
    match &settings.web_dir {
        Some(dir) => Ok(Some(Spa::load(dir).with_context(|| format!("cannot read the SPA in {}", dir.display()))?)),
        None => {
            tracing::warn!("no SPA found (CIS_WEB_DIR unset and ./dist missing): serving the API only");
            Ok(None)
        }
    }
}

/// The HTTP server: the API under `/api/v1`, its document and docs, health checks, and the
/// browser applications for every other path.
fn http_server(listener: TcpListener, state: AppState, spa: Option<Spa>) -> anyhow::Result<Server> {
    let workers = state.settings.workers;
    let data = web::Data::new(state);
    let spec = openapi::spec();
    let document = web::Bytes::from(openapi::spec_json());
    let allowed = web::Data::new(http::allow::AllowedMethods::from_spec(&spec));
    let mut server = HttpServer::new(move || {
        let document = document.clone();
        App::new()
            .wrap(Compress::default())
            .wrap(from_fn(http::context::middleware))
            .app_data(data.clone())
            .app_data(allowed.clone())
            .configure(http::health::routes)
            .configure(http::metrics::routes)
            .configure(http::delivery::well_known)
            .route("/robots.txt", web::get().to(http::spa::robots))
            .route(
                "/api/docs",
                web::get().to(|| async {
                    HttpResponse::PermanentRedirect().insert_header(("location", "/api/docs/")).finish()
                }),
            )
            .route(
                "/api/openapi.json",
                web::get().to(move || {
                    let document = document.clone();
                    async move { HttpResponse::Ok().content_type("application/json").body(document) }
                }),
            )
            .service(SwaggerUi::new("/api/docs/{_:.*}").config(utoipa_swagger_ui::Config::from("/api/openapi.json")))
            .service(web::scope("/api/v1").configure(http::api_v1).default_service(web::to(api_not_found)))
            .service(web::scope("/api").default_service(web::to(api_not_found)))
            .configure(|cfg| http::spa::configure(cfg, spa.clone()))
    })
    .listen(listener)?
    // Signals are the binary's to handle (`run_until`), registered before it says it listens.
    .disable_signals()
    .shutdown_timeout(20);
    if let Some(workers) = workers {
        server = server.workers(workers);
    }
    Ok(server.run())
}

/// Unknown API paths are problems, never the SPA's index page.
async fn api_not_found() -> Result<HttpResponse, http::problem::ApiError> {
    Err(http::problem::ApiError::NotFound)
}

/// A secret kept in a file readable by the owner only, created on first use.
fn load_or_create_secret(path: &Path) -> anyhow::Result<SecretString> {
    if let Ok(text) = std::fs::read_to_string(path) {
        let text = text.trim();
        anyhow::ensure!(text.len() >= 32, "{} is too short to be a secret", path.display());
        return Ok(SecretString::from(text.to_owned()));
    }
    let secret = crate::crypto::random_token(48);
    write_private(path, secret.expose_secret())?;
    Ok(secret)
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot create {}", path.display()))
}
